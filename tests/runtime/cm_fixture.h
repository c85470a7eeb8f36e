/* cm_fixture.h: a hand-made compiled component for the component runtime
 * tests (test_cm_*.c), standing in for what the compiler emits.
 *
 * Component instances: 0 ("A"), 1 ("B"), 2 (no core instance).
 * Core instances:
 *   0 in A: memory, realloc, run, post-return, dtor (module `guest`)
 *   1 in B: the same module again: its own memory and realloc
 *   2 in A: imports core 0's memory and realloc (module `user`); its init
 *           records vm->host and reads the imported memory.
 * Resources: 0 guest of B with a destructor (core 1's dtor), 1 guest of
 * A without one, 2 and 3 both the host resource with id 3.
 * Export 0: wasi:cli/run's run, lifted from core 0 with post-return.
 *
 * The guest functions log what the runtime asks of them, so the tests can
 * check the exact realloc calls (CanonicalABI.md's store_string cases),
 * destructor calls and flags seen from inside the guest.
 */
#ifndef KILN_CM_FIXTURE_H
#define KILN_CM_FIXTURE_H

#include "kiln_cm.h"
#include "rt_test.h"

#include <stdint.h>
#include <string.h>

/* ---- what the guest saw ---- */
typedef struct ReallocCall {
    KilnVmctx *vm;
    uint32_t old, old_size, align, new_size, ret;
    uint8_t may_leave; /* of the calling instance, as seen inside */
} ReallocCall;

static ReallocCall realloc_log[64];
static int nrealloc;
/* 0 bump, 1 misaligned, 2 out of bounds, 3 grow the memory by a page
 * and allocate in the new page (the heap buffer moves) */
static int realloc_mode;
static uint32_t dtor_log[16];
static int ndtor;
static int dtor_may_enter; /* may_enter of B seen by the dtor */
static int run_mode;
static int post_seen = -1, post_may_leave = -1, run_may_enter = -1;
static void *init_host;
static uint8_t init_byte;

static uint32_t comp_of(KilnVmctx *vm)
{
    KilnComponentInst *ci = vm->host;
    for (uint32_t i = 0; i < ci->desc->ncores; i++)
        if (ci->cores[i] == vm)
            return ci->desc->cores[i].comp_instance;
    return 0;
}

/* A bump allocator over the instance's memory 0; heap top in vm->user. */
TEST_GUEST_CODE static int32_t g_realloc(KilnVmctx *vm, int32_t old,
                                         int32_t old_size, int32_t align,
                                         int32_t new_size)
{
    KilnComponentInst *ci = vm->host;
    uintptr_t top = vm->user ? (uintptr_t)vm->user : 1024;
    uint32_t p;
    if (realloc_mode == 3 && !(old && new_size <= old_size)) {
        top = (uintptr_t)vm->memories[0]->size;
        if (kiln_rt_memory_grow(vm->memories[0], 1) < 0)
            kiln_trap_host("fixture: memory full");
    }
    if (old && new_size <= old_size) {
        p = (uint32_t)old; /* shrink in place */
    } else {
        p = (uint32_t)((top + (uint32_t)align - 1) & ~(uintptr_t)(align - 1));
        vm->user = (void *)(uintptr_t)(p + (uint32_t)new_size);
        if (old)
            memmove(vm->memories[0]->base + p, vm->memories[0]->base + old,
                    (size_t)old_size);
    }
    if (realloc_mode == 1)
        p += 1;
    if (realloc_mode == 2)
        p = (uint32_t)vm->memories[0]->size - 1;
    if (nrealloc < 64)
        realloc_log[nrealloc++] = (ReallocCall){
            vm, (uint32_t)old, (uint32_t)old_size, (uint32_t)align,
            (uint32_t)new_size, p, ci->may_leave[comp_of(vm)]};
    return (int32_t)p;
}

TEST_GUEST_CODE static void g_dtor(KilnVmctx *vm, int32_t rep,
                                   KilnValue *results)
{
    KilnComponentInst *ci = vm->host;
    (void)results;
    dtor_may_enter = ci->may_enter[1];
    if (ndtor < 16)
        dtor_log[ndtor++] = (uint32_t)rep;
}

TEST_GUEST_CODE static int32_t g_run(KilnVmctx *vm)
{
    KilnComponentInst *ci = vm->host;
    run_may_enter = ci->may_enter[0];
    switch (run_mode) {
    case 0: return 0;
    case 1: return 1;
    case 2: return 5;
    case 3: kiln_rt_exit(7);
    case 4: kiln_trap_unreachable();
    case 5: { /* a borrow left undropped at return */
        uint32_t h = kiln_cm_lower_borrow(ci, 0, 0, 42);
        (void)h;
        return 0;
    }
    }
    return 0;
}

/* The C-ABI entry apart from the function, as generated code has it
 * (backtraces leave entries out). */
TEST_GUEST_CODE static int32_t g_run_entry(KilnVmctx *vm)
{
    int32_t r = g_run(vm);
    __asm__ volatile("" ::: "memory"); /* not a tail call */
    return r;
}

TEST_GUEST_CODE static void g_post(KilnVmctx *vm, int32_t r,
                                   KilnValue *results)
{
    KilnComponentInst *ci = vm->host;
    (void)results;
    post_seen = r;
    post_may_leave = ci->may_leave[0];
}

static void user_init(KilnVmctx *vm)
{
    init_host = vm->host;
    init_byte = vm->memories[0]->base[16];
}

static int init_mode; /* 1: the start function exits 3, 2: it traps */

static void guest_init(KilnVmctx *vm)
{
    vm->memories[0]->base[16] = 0x5a;
    if (init_mode == 1)
        kiln_rt_exit(3);
    if (init_mode == 2)
        kiln_trap_int_div_zero();
}

static const char *const fx_types[] = {"iiii:i", "i:", ":i"};
static const KilnFuncDesc fx_funcs[] = {
    {(void *)g_realloc, "realloc", 0, 0},
    {(void *)g_dtor, "dtor", 1, 0},
    {(void *)g_run, "run", 2, 0},
    {(void *)g_post, "post", 1, 0},
};
static const KilnMemoryDesc fx_mems[] = {{0, 0, {1, 64, 1, 0}}};
enum { FX_REALLOC, FX_DTOR, FX_RUN, FX_POST, FX_MEM };
static const KilnExportDesc fx_exports[] = {
    {"realloc", 7, KILN_EXTERN_FUNC, 0, 0, "iiii:i", (void *)g_realloc},
    {"dtor", 4, KILN_EXTERN_FUNC, 1, 0, "i:", (void *)g_dtor},
    {"run", 3, KILN_EXTERN_FUNC, 2, 0, ":i", (void *)g_run_entry},
    {"post", 4, KILN_EXTERN_FUNC, 3, 0, "i:", (void *)g_post},
    {"memory", 6, KILN_EXTERN_MEMORY, 0, 0, NULL, NULL},
};
static const KilnModuleDesc fx_guest = {
    .abi_version = KILN_RT_ABI_VERSION,
    .flags = KILN_DESC_EXPLICIT_BOUNDS,
    .name = "guest",
    .ntypes = 3, .types = fx_types,
    .nexports = 5, .exports = fx_exports,
    .nfuncs = 4, .funcs = fx_funcs,
    .nmemories = 1, .memories = fx_mems,
    .init = guest_init,
    .code_start = __start_kiln_test_code,
    .code_end = __stop_kiln_test_code,
};

static const KilnImportDesc fx_user_imports[] = {
    {"a", "memory", 1, 6, KILN_EXTERN_MEMORY, 0, NULL, 0, 0, {1, 0, 0, 0}},
    {"a", "realloc", 1, 7, KILN_EXTERN_FUNC, 0, "iiii:i", 0, 0, {0, 0, 0, 0}},
};
static const KilnFuncDesc fx_user_funcs[] = {{NULL, NULL, 0, 0}};
static const KilnMemoryDesc fx_user_mems[] = {{1, 0, {1, 0, 0, 0}}};
static const KilnModuleDesc fx_user = {
    .abi_version = KILN_RT_ABI_VERSION,
    .flags = KILN_DESC_EXPLICIT_BOUNDS,
    .name = "user",
    .ntypes = 3, .types = fx_types,
    .nimports = 2, .imports = fx_user_imports,
    .nfuncs = 1, .funcs = fx_user_funcs,
    .nmemories = 1, .memories = fx_user_mems,
    .init = user_init,
};

static const KilnCoreImportSrc fx_user_srcs[] = {
    {0, KILN_EXTERN_MEMORY, 0, 0},
    {0, KILN_EXTERN_FUNC, 0, 0},
};
static const KilnCoreInstDesc fx_cores[] = {
    {&fx_guest, NULL, 0, 0},
    {&fx_guest, NULL, 1, 0},
    {&fx_user, fx_user_srcs, 0, 0},
};
#define FX_NONE {KILN_NO_INDEX, 0}
static const KilnResourceDesc fx_resources[] = {
    {"b-thing", 0, 1, {1, FX_DTOR}, NULL},
    {NULL, 0, 0, FX_NONE, NULL},
    /* drop NULL: left to kiln_wasi_p2_drop (runtime/wasi_p2/host_drop.c) */
    {"host-thing", 4, 0, FX_NONE, NULL},
    {"host-thing-again", 4, 0, FX_NONE, NULL},
};
static const KilnLiftDesc fx_lifts[] = {
    {"wasi:cli/run@0.2.3#run", ":i", {0, FX_RUN},
     {0, KILN_UTF8, 0, 0, {0, FX_REALLOC}, {0, FX_POST}}},
};
static const KilnComponentDesc fx_desc = {
    .abi_version = KILN_RT_ABI_VERSION,
    .ncores = 3,
    .ncomp_instances = 3,
    .nresources = 4,
    .nexports = 1,
    .run_export = 0,
    .cores = fx_cores,
    .resources = fx_resources,
    .exports = fx_lifts,
};

/* The lowering context of component instance `inst` (0 or 1: its own
 * memory and realloc) with string encoding `enc`. */
static inline KilnCanonCx fx_cx(KilnComponentInst *ci, uint32_t inst, uint32_t enc)
{
    uint32_t core = inst; /* cores 0 and 1 are A's and B's */
    return (KilnCanonCx){ci, inst, enc, ci->cores[core]->memories[0],
                         {core, FX_REALLOC}};
}

static inline KilnComponentInst *fx_new(void)
{
    KilnTrapInfo err;
    KilnComponentInst *ci = kiln_component_new(&fx_desc, NULL, &err);
    if (!ci)
        fprintf(stderr, "kiln_component_new: %s\n", err.message);
    nrealloc = ndtor = 0;
    realloc_mode = 0;
    return ci;
}

/* Runs fn(arg) under a trap guard; true when it trapped with a message
 * containing `want`. */
static inline bool traps_with(void (*fn)(void *), void *arg, const char *want)
{
    KilnTrapInfo info;
    KilnTrap t = kiln_rt_call_guarded(fn, arg, &info);
    if (t == KILN_TRAP_NONE) {
        fprintf(stderr, "  expected a trap \"%s\", got none\n", want);
        return false;
    }
    if (!strstr(info.message, want)) {
        fprintf(stderr, "  expected a trap \"%s\", got \"%s\"\n", want,
                info.message);
        return false;
    }
    return true;
}

#endif
