/* .wast scripts to wast2json's JSON + binary modules (wabt 1.0.32).
 *
 * Features: with --features, exactly the listed --enable-* flags; without,
 * wabt's defaults first and, when that fails, the proposals kiln supports
 * on top (tail calls, extended constants, multiple memories, memory64).
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include "spectest.h"

extern char **environ;

static const char *const extra_features[] = {
    "--enable-tail-call", "--enable-extended-const", "--enable-multi-memory",
    "--enable-memory64",
};

/* Runs wast2json with `flags`; its messages go to `log`. */
static bool run_wast2json(const char *wast, const char *json,
                          const char *const *flags, size_t nflags,
                          const char *log)
{
    const char *argv[16];
    size_t n = 0;
    argv[n++] = "wast2json";
    for (size_t i = 0; i < nflags && n < 12; i++)
        argv[n++] = flags[i];
    argv[n++] = wast;
    argv[n++] = "-o";
    argv[n++] = json;
    argv[n] = NULL;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC,
                                     0644);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    pid_t pid;
    int rc = posix_spawnp(&pid, "wast2json", &fa, NULL, (char **)argv,
                          environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0)
        return false;
    int status;
    while (waitpid(pid, &status, 0) < 0)
        ;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* First line of wast2json's complaint, for the failure message. */
static void read_log(const char *log, char *why, size_t whylen)
{
    FILE *f = fopen(log, "r");
    char line[512] = "wast2json failed (is wabt installed?)";
    if (f) {
        if (fgets(line, sizeof line, f))
            line[strcspn(line, "\n")] = '\0';
        else
            snprintf(line, sizeof line, "wast2json could not run");
        fclose(f);
    }
    snprintf(why, whylen, "wast2json: %s", line);
}

/* Splits "tail-call,memory64" into --enable-* flags. */
static size_t feature_flags(const char *list, char store[8][64],
                            const char *flags[8])
{
    size_t n = 0;
    const char *p = list;
    while (*p && n < 8) {
        size_t len = strcspn(p, ",");
        if (len)
            snprintf(store[n], sizeof store[n], "--enable-%.*s", (int)len, p);
        if (len) {
            flags[n] = store[n];
            n++;
        }
        p += len + (p[len] == ',');
    }
    return n;
}

char *st_wast_convert(const StOptions *o, const char *wast, bool *proposals,
                      char *why, size_t whylen)
{
    *proposals = false;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/wastXXXXXX", o->work_dir);
    if (!mkdtemp(dir)) {
        snprintf(why, whylen, "cannot create a directory in %s", o->work_dir);
        return NULL;
    }
    const char *base = strrchr(wast, '/') ? strrchr(wast, '/') + 1 : wast;
    size_t blen = strlen(base);
    if (blen > 5 && strcmp(base + blen - 5, ".wast") == 0)
        blen -= 5;
    size_t jlen = strlen(dir) + blen + 16;
    char *json = malloc(jlen);
    char log[4200];
    if (!json)
        abort();
    snprintf(json, jlen, "%s/%.*s.json", dir, (int)blen, base);
    snprintf(log, sizeof log, "%s/wast2json.log", dir);

    bool ok;
    if (o->features) {
        char store[8][64];
        const char *flags[8];
        size_t n = feature_flags(o->features, store, flags);
        ok = run_wast2json(wast, json, flags, n, log);
        *proposals = strstr(o->features, "multi-memory") != NULL;
    } else {
        /* Scripts of the Wasm 2.0 suite are read with the 2.0 rules (one
         * memory); those that only convert with the proposals enabled get
         * them in kiln too. */
        ok = run_wast2json(wast, json, NULL, 0, log);
        if (!ok)
            ok = *proposals = run_wast2json(
                wast, json, extra_features,
                sizeof extra_features / sizeof extra_features[0], log);
    }
    if (!ok) {
        read_log(log, why, whylen);
        st_wast_cleanup(json);
        free(json);
        return NULL;
    }
    return json;
}

void st_wast_cleanup(const char *json)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", json);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return;
    *slash = '\0';
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *ent;
    char path[8192];
    while ((ent = readdir(d)) != NULL) {
        if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}
