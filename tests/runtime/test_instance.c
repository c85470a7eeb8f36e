/* test_instance.c: instantiation from hand-made descriptors: own objects,
 * function references, exports, import binding and the import matching
 * rules (signatures, limits subtyping, global mutability, kinds), link
 * error messages, init traps, ABI version check, the run entry's exit
 * statuses, and allocation failure at every step. */
#include "kiln_rt.h"
#include "rt_test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the provider: exports f, mem, tab, g ---- */
TEST_GUEST_CODE static int32_t prov_f(KilnVmctx *vm, int32_t x) { return x + 1; }

static void prov_init(KilnVmctx *vm)
{
    vm->globals[0]->value.i32 = 7;
    vm->tables[0]->elems[0] = vm->funcs[0];
    kiln_rt_memory_init(vm, 0, 0, 8, 0, 3);
    kiln_rt_data_drop(vm, 0);
}

static const char *const prov_types[] = {"i:i"};
static const KilnFuncDesc prov_funcs[] = {{(void *)prov_f, "f", 0, 0}};
static const KilnMemoryDesc prov_mems[] = {{0, 0, {1, 2, 1, 0}}};
static const KilnTableDesc prov_tabs[] = {{KILN_FUNCREF, 0, {2, 0, 0, 0}}};
static const KilnGlobalDesc prov_globs[] = {{KILN_I32, 1, 0, 0}};
static const KilnSegDesc prov_datas[] = {{(const uint8_t *)"abc", 3}};
static const KilnExportDesc prov_exports[] = {
    {"f", 1, KILN_EXTERN_FUNC, 0, 0, "i:i", NULL},
    {"mem", 3, KILN_EXTERN_MEMORY, 0, 0, NULL, NULL},
    {"tab", 3, KILN_EXTERN_TABLE, 0, 0, NULL, NULL},
    {"g", 1, KILN_EXTERN_GLOBAL, 0, 0, NULL, NULL},
};
static const KilnModuleDesc prov = {
    .abi_version = KILN_RT_ABI_VERSION,
    .ntypes = 1, .types = prov_types,
    .nexports = 4, .exports = prov_exports,
    .nfuncs = 1, .funcs = prov_funcs,
    .ntables = 1, .tables = prov_tabs,
    .nmemories = 1, .memories = prov_mems,
    .nglobals = 1, .globals = prov_globs,
    .ndatas = 1, .datas = prov_datas,
    .init = prov_init,
    .code_start = __start_kiln_test_code,
    .code_end = __stop_kiln_test_code,
};

/* ---- the consumer: imports them (variants patch a copy) ---- */
#define IMP(n, k, i) "p", n, 1, sizeof(n) - 1, k, i
static const KilnImportDesc cons_imports[] = {
    {IMP("f", KILN_EXTERN_FUNC, 0), "i:i", 0, 0, {0, 0, 0, 0}},
    {IMP("mem", KILN_EXTERN_MEMORY, 0), NULL, 0, 0, {1, 2, 1, 0}},
    {IMP("tab", KILN_EXTERN_TABLE, 0), NULL, KILN_FUNCREF, 0, {1, 0, 0, 0}},
    {IMP("g", KILN_EXTERN_GLOBAL, 0), NULL, KILN_I32, 1, {0, 0, 0, 0}},
};
static const KilnFuncDesc cons_funcs[] = {{NULL, NULL, 0, 0}};
static const KilnMemoryDesc cons_mems[] = {{1, 0, {1, 2, 1, 0}}};
static const KilnTableDesc cons_tabs[] = {{KILN_FUNCREF, 1, {1, 0, 0, 0}}};
static const KilnGlobalDesc cons_globs[] = {{KILN_I32, 1, 1, 0}};

static KilnImportDesc imps[4];
static KilnModuleDesc cons;

static void reset_consumer(void)
{
    memcpy(imps, cons_imports, sizeof imps);
    cons = (KilnModuleDesc){
        .abi_version = KILN_RT_ABI_VERSION,
        .ntypes = 1, .types = prov_types,
        .nimports = 4, .imports = imps,
        .nfuncs = 1, .funcs = cons_funcs,
        .ntables = 1, .tables = cons_tabs,
        .nmemories = 1, .memories = cons_mems,
        .nglobals = 1, .globals = cons_globs,
    };
}

static KilnExtern exts[4];

static bool link_error(const char *want)
{
    KilnTrapInfo err;
    KilnVmctx *vm = kiln_instance_new(&cons, exts, NULL, &err);
    if (vm) {
        kiln_instance_free(vm);
        return false;
    }
    if (strcmp(err.message, want) || err.kind != KILN_TRAP_NONE)
        fprintf(stderr, "got \"%s\", want \"%s\"\n", err.message, want);
    return !strcmp(err.message, want) && err.kind == KILN_TRAP_NONE;
}

static void test_provider_and_links(void)
{
    KilnTrapInfo err;
    KilnVmctx *p = kiln_instance_new(&prov, NULL, NULL, &err);
    CHECK(p != NULL);
    if (!p)
        return;
    KilnFuncRef *f = p->funcs[0];
    CHECK(f->code == (void *)prov_f && f->vmctx == p);
    CHECK(f->type_id == kiln_rt_type_intern("i:i"));
    CHECK(p->type_ids[0] == f->type_id);
    CHECK(p->globals[0]->value.i32 == 7 && p->tables[0]->elems[0] == f);
    CHECK(!memcmp(p->memories[0]->base + 8, "abc", 3));
    CHECK(p->datas[0].len == 0);
    CHECK(kiln_instance_export(p, "f", 1, &exts[0]));
    CHECK(kiln_instance_export(p, "mem", 3, &exts[1]));
    CHECK(kiln_instance_export(p, "tab", 3, &exts[2]));
    CHECK(kiln_instance_export(p, "g", 1, &exts[3]));
    KilnExtern none;
    CHECK(!kiln_instance_export(p, "ff", 2, &none));
    CHECK(exts[0].u.func == f && exts[1].u.memory == p->memories[0]);

    reset_consumer();
    KilnVmctx *c = kiln_instance_new(&cons, exts, NULL, &err);
    CHECK(c && c->funcs[0] == f && c->memories[0] == p->memories[0]);
    CHECK(c && c->tables[0] == p->tables[0] && c->globals[0] == p->globals[0]);
    kiln_instance_free(c);

    imps[0].sig = "l:i";
    CHECK(link_error("incompatible import type for `p.f`"));
    reset_consumer();
    imps[1].limits.max = 1; /* provider's max 2 > 1 */
    CHECK(link_error("incompatible import type for `p.mem`"));
    reset_consumer();
    imps[1].limits.min = 2; /* current size 1 < 2 ... */
    CHECK(link_error("incompatible import type for `p.mem`"));
    CHECK(kiln_rt_memory_grow(p->memories[0], 1) == 1); /* ... now 2 */
    c = kiln_instance_new(&cons, exts, NULL, &err);
    CHECK(c != NULL);
    kiln_instance_free(c);
    reset_consumer();
    imps[2].limits = (KilnLimitsDesc){1, 5, 1, 0}; /* table has no max */
    CHECK(link_error("incompatible import type for `p.tab`"));
    reset_consumer();
    imps[2].limits.min = 3; /* table size 2 */
    CHECK(link_error("incompatible import type for `p.tab`"));
    reset_consumer();
    imps[2].type = KILN_EXTERNREF;
    CHECK(link_error("incompatible import type for `p.tab`"));
    reset_consumer();
    imps[3].mut = 0;
    CHECK(link_error("incompatible import type for `p.g`"));
    reset_consumer();
    imps[3].type = KILN_I64;
    CHECK(link_error("incompatible import type for `p.g`"));
    reset_consumer();
    KilnExtern saved = exts[1];
    exts[1] = exts[2]; /* a table where a memory is expected */
    CHECK(link_error("incompatible import type for `p.mem`"));
    exts[1].u.memory = NULL;
    CHECK(link_error("unknown import `p.mem`"));
    exts[1] = saved;
    /* guard-mode code cannot use a memory without guard pages */
    KilnMemory *heap = NULL;
    {
        KilnModuleDesc explicit_prov = prov;
        explicit_prov.flags = KILN_DESC_EXPLICIT_BOUNDS;
        KilnVmctx *e = kiln_instance_new(&explicit_prov, NULL, NULL, &err);
        CHECK(e && e->memories[0]->reserved == 0);
        heap = e ? e->memories[0] : NULL;
        KilnExtern ex = exts[1];
        exts[1].u.memory = heap;
        KilnVmctx *bad = kiln_instance_new(&cons, exts, NULL, &err);
        CHECK(!bad && !strncmp(err.message,
                               "incompatible import type for `p.mem`", 36));
        cons.flags = KILN_DESC_EXPLICIT_BOUNDS;
        KilnVmctx *ok = kiln_instance_new(&cons, exts, NULL, &err);
        CHECK(ok != NULL);
        kiln_instance_free(ok);
        exts[1] = ex;
        kiln_instance_free(e);
    }
    KilnVmctx *none_vm = kiln_instance_new(&cons, NULL, NULL, &err);
    CHECK(!none_vm && !strcmp(err.message, "unknown import `p.f`"));
    kiln_instance_free(p);
}

static void test_abi_version(void)
{
    KilnModuleDesc d = prov;
    d.abi_version = KILN_RT_ABI_VERSION + 1;
    KilnTrapInfo err;
    CHECK(kiln_instance_new(&d, NULL, NULL, &err) == NULL);
    CHECK(strstr(err.message, "ABI version") != NULL);
}

/* init stores a function into an imported table, then traps: the spec
 * keeps the store, so the function must stay callable. */
static void trapping_init(KilnVmctx *vm)
{
    vm->tables[0]->elems[1] = vm->funcs[1];
    kiln_trap_unreachable();
}

static void test_init_trap(void)
{
    KilnTrapInfo err;
    KilnTable *tab = kiln_table_new(KILN_FUNCREF, 2, 0, false);
    static const KilnImportDesc imp[] = {
        {IMP("tab", KILN_EXTERN_TABLE, 0), NULL, KILN_FUNCREF, 0,
         {1, 0, 0, 0}}};
    static const KilnFuncDesc fs[] = {{(void *)prov_f, "f", 0, 0},
                                      {(void *)prov_f, "g", 0, 0}};
    KilnModuleDesc d = {
        .abi_version = KILN_RT_ABI_VERSION,
        .ntypes = 1, .types = prov_types,
        .nimports = 1, .imports = imp,
        .nfuncs = 2, .funcs = fs,
        .ntables = 1, .tables = cons_tabs,
        .init = trapping_init,
    };
    KilnExtern e = {KILN_EXTERN_TABLE, {.table = tab}};
    CHECK(kiln_instance_new(&d, &e, NULL, &err) == NULL);
    CHECK(err.kind == KILN_TRAP_UNREACHABLE);
    CHECK(!strcmp(err.message, "unreachable"));
    KilnFuncRef *ref = tab->elems[1];
    CHECK(ref && ref->code == (void *)prov_f && ref->vmctx &&
          ref->vmctx->funcs[1] == ref);
    kiln_table_free(tab);
}

/* ---- kiln_rt_run ---- */
static void start_exit(KilnVmctx *vm, KilnValue *r) { kiln_rt_exit(5); }
static void start_ok(KilnVmctx *vm, KilnValue *r) { vm->user = vm; }
static void start_trap(KilnVmctx *vm, KilnValue *r) { kiln_trap_int_overflow(); }

static int run_with(void (*entry)(KilnVmctx *, KilnValue *),
                    const KilnModuleDesc *base)
{
    KilnModuleDesc d = *base;
    KilnExportDesc ex = {"_start", 6, KILN_EXTERN_FUNC, 0, 0, ":",
                         (void *)entry};
    d.nexports = 1;
    d.exports = &ex;
    int saved = dup(2), devnull = dup(1);
    close(2); /* the trap report is checked by test_trap */
    int st = kiln_rt_run(&d, NULL);
    dup2(saved, 2);
    close(saved);
    close(devnull);
    return st;
}

static void test_run(void)
{
    CHECK(run_with(start_ok, &prov) == 0);
    CHECK(run_with(start_exit, &prov) == 5);
    CHECK(run_with(start_trap, &prov) == 134);
    reset_consumer();
    CHECK(run_with(start_ok, &cons) == 1); /* unresolvable imports */
    KilnModuleDesc no_start = prov;
    CHECK(kiln_rt_run(&no_start, NULL) == 0);
}

/* Without address space for a guard reservation, guard-mode code must not
 * silently get an unguarded memory: instantiation fails.  (Not under ASan,
 * which needs far more address space than the limit leaves.) */
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ASAN 1
#endif
#endif

#ifndef HAVE_ASAN
static void guard_refused_child(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (!f || fscanf(f, "%lu", &pages) != 1)
        _exit(2);
    fclose(f);
    rlim_t cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE);
    struct rlimit rl = {cur + (256u << 20), cur + (256u << 20)};
    if (setrlimit(RLIMIT_AS, &rl))
        _exit(3);
    KilnTrapInfo err;
    if (kiln_instance_new(&prov, NULL, NULL, &err) ||
        strncmp(err.message, "cannot create memory 0", 22))
        _exit(4);
    KilnModuleDesc e = prov;
    e.flags = KILN_DESC_EXPLICIT_BOUNDS;
    KilnVmctx *vm = kiln_instance_new(&e, NULL, NULL, &err);
    if (!vm || vm->memories[0]->reserved)
        _exit(5);
    KilnMemory *m = kiln_memory_new(0, 0, false, false); /* heap now */
    if (!m || m->reserved || kiln_rt_memory_grow(m, 65536) != -1)
        _exit(6);
    _exit(0);
}
#endif

static void test_guard_refused(void)
{
#ifndef HAVE_ASAN
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0)
        guard_refused_child();
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
#endif
}

/* ---- allocation failure at every step ---- */
static int budget = -1;

static void *counting_alloc(void *ud, void *ptr, size_t size)
{
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (budget == 0)
        return NULL;
    if (budget > 0)
        budget--;
    return realloc(ptr, size);
}

static void test_alloc_failures(void)
{
    int failures = 0, n;
    for (n = 0; n < 100; n++) {
        KilnTrapInfo err;
        budget = n;
        kiln_rt_set_allocator(counting_alloc, NULL);
        KilnVmctx *vm = kiln_instance_new(&prov, NULL, NULL, &err);
        kiln_rt_set_allocator(NULL, NULL);
        if (vm) {
            kiln_instance_free(vm);
            break;
        }
        failures++;
        CHECK(err.message[0] != '\0');
    }
    CHECK(failures > 5 && n < 100);
}

int main(void)
{
    test_provider_and_links();
    test_abi_version();
    test_init_trap();
    test_run();
    test_guard_refused();
    test_alloc_failures();
    return TEST_RESULT();
}
