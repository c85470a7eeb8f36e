/* One script per forked child: a crash or a hang in compiled code costs
 * that file only.  The child's counters live in a shared anonymous
 * mapping, so after a crash the parent knows how far it got; SIGALRM
 * (default action) ends a child that runs past the per-file timeout.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spectest.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The work of one script, in whatever process runs it. */
static void run_script(const StOptions *o, const char *path, StCounts *c)
{
    if (!ends_with(path, ".wast")) {
        StOptions mine = *o;
        mine.multi_memory = true;
        st_script_run(&mine, path, path, c);
        return;
    }
    char why[600];
    StOptions mine = *o;
    char *json = st_wast_convert(o, path, &mine.multi_memory, why, sizeof why);
    if (!json) {
        printf("%s: FAIL: %s\n", path, why);
        c->failed++;
        return;
    }
    st_script_run(&mine, json, path, c);
    st_wast_cleanup(json);
    free(json);
}

bool st_file_start(const StOptions *o, const char *path, StJob *job)
{
    job->path = path;
    job->pid = 0;
    job->c = mmap(NULL, sizeof *job->c, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (job->c == MAP_FAILED)
        return false;
    memset(job->c, 0, sizeof *job->c);
    if (o->no_fork) {
        run_script(o, path, job->c);
        job->c->finished = 1;
        return true;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        munmap(job->c, sizeof *job->c);
        return false;
    }
    if (pid == 0) {
        setvbuf(stdout, NULL, _IOLBF, 0);
        run_script(o, path, job->c);
        job->c->finished = 1;
        fflush(stdout);
        _exit(0);
    }
    job->pid = pid;
    job->started = st_now();
    job->killed = false;
    return true;
}

double st_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void st_file_reap_slow(const StOptions *o, StJob *jobs, size_t njobs)
{
    double now = st_now();
    for (size_t i = 0; o->timeout && i < njobs; i++)
        if (jobs[i].c && jobs[i].pid && !jobs[i].killed &&
            now - jobs[i].started > o->timeout) {
            kill(jobs[i].pid, SIGKILL);
            jobs[i].killed = true;
        }
}

/* Accounts for a child that did not finish its script. */
static void account_death(const StOptions *o, StJob *job, int status)
{
    StCounts *c = job->c;
    if (job->killed)
        printf("%s:%u: FAIL: timed out after %u s\n", job->path, c->line,
               o->timeout);
    else if (WIFSIGNALED(status))
        printf("%s:%u: FAIL: crashed (%s)\n", job->path, c->line,
               strsignal(WTERMSIG(status)));
    else
        printf("%s:%u: FAIL: runner exited with status %d\n", job->path,
               c->line, WEXITSTATUS(status));
    unsigned rest = c->total > c->done ? c->total - c->done : 1;
    c->failed += rest;
    if (rest > 1)
        printf("%s: %u commands after line %u not run\n", job->path, rest - 1,
               c->line);
}

void st_file_finish(const StOptions *o, StJob *job, int status,
                    StCounts *total)
{
    StCounts *c = job->c;
    if (job->pid && !(WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                      c->finished))
        account_death(o, job, status);
    printf("%s: %u passed, %u failed, %u skipped", job->path, c->passed,
           c->failed, c->skipped + c->skipped_text);
    if (c->skipped_text)
        printf(" (%u text format)", c->skipped_text);
    if (c->notes)
        printf(", %u with another trap message", c->notes);
    printf("\n");
    fflush(stdout);
    total->passed += c->passed;
    total->failed += c->failed;
    total->skipped += c->skipped;
    total->skipped_text += c->skipped_text;
    total->notes += c->notes;
    munmap(job->c, sizeof *job->c);
    job->c = NULL;
    job->pid = 0;
}
