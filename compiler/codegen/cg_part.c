/* Partitioned compilation (shared/DESIGN.md, codegen): a large module's
 * defined functions are split into contiguous ranges of about equal body
 * size (at most ~1 MB each, so that peak memory stays bounded), each
 * built in its own LLVM context and module (LLVM contexts are not
 * thread-safe to share) by a pool of one thread per CPU, and the
 * partitions' objects are merged with a relocatable link (`ld.lld-19 -r`, else
 * `ld -r`) into the one object cg_compile promises.  Functions of other
 * partitions are external declarations of hidden symbols; the kiln_text
 * sections of all partitions merge into one, so the descriptor's
 * code_start/code_end still bound every function.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "codegen/cg_part.h"

extern char **environ;

/* Body bytes below which a module stays in one piece: threads and the
 * extra link would cost more than they save. */
#define CG_PART_MIN_BYTES (256u * 1024u)
/* Body bytes per partition at most (automatic mode), so that only a few
 * partitions' LLVM state is alive at once, and at most this many. */
#define CG_PART_BYTES (1024u * 1024u)
#define CG_PART_MAX 64u
#define CG_THREADS_MAX 16u

/* Object formats the relocatable link handles: ELF only. */
static bool elf_target(const char *triple)
{
    if (!triple)
        return true; /* the host: kiln runs on Linux */
    static const char *const non_elf[] = {"darwin", "apple", "macos", "ios",
                                          "windows", "mingw", "wasm"};
    for (size_t i = 0; i < sizeof non_elf / sizeof *non_elf; i++)
        if (strstr(triple, non_elf[i]))
            return false;
    return true;
}

static uint32_t online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > (long)CG_THREADS_MAX ? CG_THREADS_MAX : (uint32_t)n;
}

uint32_t cg_partition_count(const WasmModule *wm, const CgOptions *opts)
{
    uint32_t ndefined = wm->nfuncs - wm->nfunc_imports;
    if (opts->dump_ir || !elf_target(opts->triple) || ndefined < 2)
        return 1;
    long want = opts->partitions;
    const char *env = getenv("KILN_CG_PARTITIONS");
    if (env && *env)
        want = strtol(env, NULL, 10);
    if (want <= 0) {
        uint64_t bytes = 0;
        for (uint32_t i = wm->nfunc_imports; i < wm->nfuncs; i++)
            bytes += wm->funcs[i].body_size;
        if (bytes < CG_PART_MIN_BYTES)
            return 1;
        /* A multiple of the threads, each partition at most
         * CG_PART_BYTES: the threads finish together. */
        uint64_t cpus = online_cpus();
        uint64_t rounds = (bytes + cpus * CG_PART_BYTES - 1) /
                          (cpus * CG_PART_BYTES);
        want = (long)(cpus * rounds);
    }
    if (want > (long)CG_PART_MAX)
        want = CG_PART_MAX;
    if (want > (long)ndefined)
        want = (long)ndefined;
    return want < 1 ? 1 : (uint32_t)want;
}

/* Contiguous ranges of about total/nparts body bytes each: neighbours in
 * the code section often call each other, and stay together. */
static uint32_t *assign(const WasmModule *wm, uint32_t nparts)
{
    uint32_t *part = calloc(wm->nfuncs + 1, sizeof *part);
    if (!part)
        kiln_oom();
    uint64_t total = 0, acc = 0;
    for (uint32_t i = wm->nfunc_imports; i < wm->nfuncs; i++)
        total += wm->funcs[i].body_size + 16u;
    uint32_t p = 0;
    for (uint32_t i = wm->nfunc_imports; i < wm->nfuncs; i++) {
        part[i] = p;
        acc += wm->funcs[i].body_size + 16u;
        while (p + 1 < nparts && acc * nparts >= total * (p + 1))
            p++;
    }
    return part;
}

typedef struct CgPart {
    CgModule m;
    Diag diag;
    char *obj;
    bool ok;
} CgPart;

/* The work list the threads share. */
typedef struct CgPool {
    CgPart *parts;
    uint32_t nparts;
    atomic_uint next;
} CgPool;

static void *worker(void *arg)
{
    CgPool *pool = arg;
    for (;;) {
        uint32_t i = atomic_fetch_add(&pool->next, 1);
        if (i >= pool->nparts)
            return NULL;
        CgPart *p = &pool->parts[i];
        p->ok = cg_compile_module(&p->m, p->obj);
        /* Give the partition's memory back before the next one grows. */
        malloc_trim(0);
    }
}

/* Runs argv, returns whether it exited 0; *missing when not found. */
static bool run(char *const argv[], bool *missing)
{
    pid_t pid;
    *missing = false;
    int e = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (e != 0) {
        *missing = e == ENOENT;
        return false;
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return false;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
        *missing = true;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

bool cg_link_relocatable(const char *triple, const char *const *objs,
                         const char *obj_path, Diag *diag)
{
    static const char *const linkers[] = {"ld.lld-19", "ld.lld", "ld"};
    if (!elf_target(triple)) {
        diag_error(diag, obj_path, "cannot merge objects for target `%s`: "
                   "only ELF objects are merged", triple);
        return false;
    }
    uint32_t n = 0;
    while (objs[n])
        n++;
    char **argv = calloc(n + 5, sizeof *argv);
    if (!argv)
        kiln_oom();
    argv[1] = "-r";
    argv[2] = "-o";
    argv[3] = (char *)obj_path;
    for (uint32_t i = 0; i < n; i++)
        argv[4 + i] = (char *)objs[i];
    bool ok = false, missing = true;
    for (size_t k = 0; k < 3 && !ok && missing; k++) {
        argv[0] = (char *)linkers[k];
        ok = run(argv, &missing);
    }
    if (!ok)
        diag_error(diag, obj_path,
                   missing ? "cannot merge objects: no ld.lld-19, ld.lld "
                             "or ld found"
                           : "cannot merge objects: `%s -r` failed",
                   argv[0]);
    free(argv);
    return ok;
}

static bool merge(CgPart *parts, uint32_t n, const char *obj_path,
                  Diag *diag)
{
    const char **objs = calloc(n + 1, sizeof *objs);
    if (!objs)
        kiln_oom();
    for (uint32_t i = 0; i < n; i++)
        objs[i] = parts[i].obj;
    bool ok = cg_link_relocatable(parts[0].m.opts->triple, objs, obj_path, diag);
    free(objs);
    return ok;
}

bool cg_compile_partitioned(const WasmModule *wm, const CgOptions *opts,
                            bool allow_dynamic, const char *obj_path,
                            Diag *diag, uint32_t nparts)
{
    double t0 = cg_now();
    uint32_t *func_part = assign(wm, nparts);
    CgPart *parts = calloc(nparts, sizeof *parts);
    uint32_t nthreads = online_cpus();
    if (nthreads > nparts)
        nthreads = nparts;
    pthread_t *threads = calloc(nthreads, sizeof *threads);
    bool *started = calloc(nthreads, sizeof *started);
    if (!parts || !threads || !started)
        kiln_oom();
    const char *prefix = opts->desc_symbol ? opts->desc_symbol
                                           : "kiln_module_desc";
    size_t plen = strlen(obj_path) + 32;
    for (uint32_t i = 0; i < nparts; i++) {
        CgPart *p = &parts[i];
        p->diag = *diag;
        p->diag.errors = 0;
        p->m.wm = wm;
        p->m.opts = opts;
        p->m.diag = &p->diag;
        p->m.allow_dynamic = allow_dynamic;
        p->m.part = i;
        p->m.nparts = nparts;
        p->m.func_part = func_part;
        p->m.sym_prefix = prefix;
        p->obj = malloc(plen);
        if (!p->obj)
            kiln_oom();
        snprintf(p->obj, plen, "%s.part%u.o", obj_path, i);
    }
    CgPool pool = {parts, nparts, 0};
    /* LLVM's code generator recurses deeply on big functions. */
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64u << 20);
    for (uint32_t i = 1; i < nthreads; i++)
        started[i] = pthread_create(&threads[i], &attr, worker, &pool) == 0;
    pthread_attr_destroy(&attr);
    worker(&pool); /* this thread works too, and takes what is left */
    for (uint32_t i = 1; i < nthreads; i++)
        if (started[i])
            pthread_join(threads[i], NULL);

    bool ok = true;
    for (uint32_t i = 0; i < nparts; i++) {
        /* Keep the first error for callers that compare messages. */
        if (parts[i].diag.errors && diag->errors == 0) {
            memcpy(diag->first, parts[i].diag.first, sizeof diag->first);
            diag->first_offset = parts[i].diag.first_offset;
        }
        diag->errors += parts[i].diag.errors;
        ok = ok && parts[i].ok;
    }
    double t1 = cg_now();
    if (ok)
        ok = merge(parts, nparts, obj_path, diag);
    const char *tv = getenv("KILN_CG_TIMES");
    if (tv && *tv == '1')
        fprintf(stderr, "kiln codegen: %u partitions %.3f s, merge %.3f s\n",
                nparts, t1 - t0, cg_now() - t1);
    for (uint32_t i = 0; i < nparts; i++) {
        unlink(parts[i].obj);
        free(parts[i].obj);
    }
    free(started);
    free(threads);
    free(parts);
    free(func_part);
    return ok;
}
