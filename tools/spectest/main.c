/* kiln-spectest: the command line.  Collects the scripts named (files, or
 * the .wast files of a directory), runs up to -j of them at once in child
 * processes and prints per-file and total counts; exit status 1 when
 * anything failed.
 */
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spectest.h"

static void usage(FILE *f)
{
    fprintf(f,
        "usage: kiln-spectest [options] FILE.wast|FILE.json|DIR ...\n"
        "  -O N            optimization level for spec modules (default 1)\n"
        "  -j N            run N files at once (default: the CPUs)\n"
        "  -v              notes (other trap messages, skips); -vv passes\n"
        "  --timeout S     seconds per file (default 600, 0 = none)\n"
        "  --cmd-timeout S seconds per command (default 30, 0 = none)\n"
        "  --features L    wast2json features, e.g. tail-call,memory64\n"
        "                  (default: wabt's, then kiln's proposals on failure)\n"
        "  --work-dir DIR  keep compiled modules there and reuse them by content\n"
        "                  (empty it when kiln itself changes)\n"
        "  --no-fork       run scripts in this process (debugging)\n");
}

typedef struct FileList {
    char **paths;
    size_t n, cap;
} FileList;

static void list_add(FileList *l, const char *path)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->paths = realloc(l->paths, l->cap * sizeof *l->paths);
        if (!l->paths)
            abort();
    }
    l->paths[l->n++] = strdup(path);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .wast files directly inside `dir`, sorted. */
static bool list_dir(FileList *l, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    size_t first = l->n;
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n > 5 && strcmp(e->d_name + n - 5, ".wast") == 0) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            list_add(l, path);
        }
    }
    closedir(d);
    qsort(l->paths + first, l->n - first, sizeof *l->paths, cmp_str);
    return true;
}

static int rm_entry(const char *path, const struct stat *st, int flag,
                    struct FTW *ftw)
{
    return remove(path);
}

static bool parse_uint(const char *s, unsigned *out)
{
    char *end;
    unsigned long v = s ? strtoul(s, &end, 10) : 0;
    if (!s || !*s || *end || v > 100000)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Parses options into o and the scripts into l; exit status or -1. */
static int parse_args(int argc, char **argv, StOptions *o, FileList *l)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        unsigned v;
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            usage(stdout);
            return 0;
        } else if (strncmp(a, "-O", 2) == 0 && a[2] && parse_uint(a + 2, &v)) {
            o->opt_level = (int)v;
        } else if (strcmp(a, "-O") == 0 && parse_uint(next, &v)) {
            o->opt_level = (int)v, i++;
        } else if (strcmp(a, "-j") == 0 && parse_uint(next, &v) && v) {
            o->jobs = v, i++;
        } else if (strncmp(a, "-j", 2) == 0 && parse_uint(a + 2, &v) && v) {
            o->jobs = v;
        } else if (strspn(a + 1, "v") == strlen(a + 1) && a[0] == '-' && a[1]) {
            o->verbose += (int)strlen(a + 1);
        } else if (strcmp(a, "--timeout") == 0 && parse_uint(next, &v)) {
            o->timeout = v, i++;
        } else if (strcmp(a, "--cmd-timeout") == 0 && parse_uint(next, &v)) {
            o->cmd_timeout = v, i++;
        } else if (strcmp(a, "--features") == 0 && next) {
            o->features = next, i++;
        } else if (strcmp(a, "--work-dir") == 0 && next) {
            o->work_dir = next, i++;
        } else if (strcmp(a, "--no-fork") == 0) {
            o->no_fork = true;
        } else if (a[0] == '-') {
            fprintf(stderr, "kiln-spectest: bad option `%s`\n", a);
            usage(stderr);
            return 2;
        } else {
            struct stat st;
            if (stat(a, &st) != 0) {
                fprintf(stderr, "kiln-spectest: %s: no such file\n", a);
                return 2;
            }
            if (S_ISDIR(st.st_mode) ? !list_dir(l, a) : (list_add(l, a), 0)) {
                fprintf(stderr, "kiln-spectest: %s: cannot read\n", a);
                return 2;
            }
        }
    }
    if (l->n == 0) {
        usage(stderr);
        return 2;
    }
    return -1;
}

/* Runs every file, at most o->jobs at once. */
static void run_all(const StOptions *o, const FileList *l, StCounts *total)
{
    StJob *jobs = calloc(o->jobs, sizeof *jobs);
    size_t next = 0, running = 0;
    while (next < l->n || running) {
        while (next < l->n && running < o->jobs) {
            size_t slot = 0;
            while (jobs[slot].c)
                slot++;
            if (!st_file_start(o, l->paths[next], &jobs[slot])) {
                printf("%s: FAIL: cannot start a process\n", l->paths[next]);
                total->failed++;
            } else if (!jobs[slot].pid) {
                st_file_finish(o, &jobs[slot], 0, total);
            } else {
                running++;
            }
            next++;
        }
        if (!running)
            continue;
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid == 0) {
            st_file_reap_slow(o, jobs, o->jobs);
            nanosleep(&(struct timespec){ .tv_nsec = 20000000 }, NULL);
            continue;
        }
        for (size_t i = 0; pid > 0 && i < o->jobs; i++)
            if (jobs[i].c && jobs[i].pid == pid) {
                st_file_finish(o, &jobs[i], status, total);
                running--;
            }
    }
    free(jobs);
}

int main(int argc, char **argv)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    StOptions o = { .opt_level = 1, .timeout = 600, .cmd_timeout = 30,
                    .jobs = cpus > 0 ? (unsigned)cpus : 1 };
    FileList l = { 0 };
    int rc = parse_args(argc, argv, &o, &l);
    if (rc >= 0)
        return rc;
    char tmpl[] = "/tmp/kiln-spectest-XXXXXX";
    bool own_dir = !o.work_dir;
    if (own_dir && !(o.work_dir = mkdtemp(tmpl))) {
        perror("kiln-spectest: mkdtemp");
        return 2;
    }
    mkdir(o.work_dir, 0755);
    if (o.no_fork)
        o.jobs = 1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    StCounts total = { 0 };
    run_all(&o, &l, &total);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (own_dir)
        nftw(o.work_dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    double secs = (double)(t1.tv_sec - t0.tv_sec) +
                  (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%zu files in %.1f s; skipped: %u text format, %u other; "
           "%u passes with another trap message\n",
           l.n, secs, total.skipped_text, total.skipped, total.notes);
    printf("%u passed, %u failed, %u skipped\n", total.passed, total.failed,
           total.skipped + total.skipped_text);
    for (size_t i = 0; i < l.n; i++)
        free(l.paths[i]);
    free(l.paths);
    return total.failed ? 1 : 0;
}
