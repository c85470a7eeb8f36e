/* p2t.c: the component instance behind the WASI 0.2 host tests. */
#include "p2t.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

KilnComponentInst *t_ci;
KilnCanonCx t_cx;
int t_failures;
char t_trap_message[256];
int t_exit_status;

static uint32_t t_top = 1024, t_count;
TAlloc t_log[64];
uint32_t t_nlog;

void t_log_reset(void)
{
    t_nlog = 0;
}

/* The guest's realloc (only fresh allocations, as the host makes). */
static int32_t t_realloc(KilnVmctx *vm, int32_t old, int32_t old_size,
                         int32_t align, int32_t size)
{
    (void)vm;
    if (old || old_size)
        abort();
    uint32_t a = (uint32_t)align;
    t_top = (t_top + a - 1) / a * a;
    uint32_t at = t_top;
    t_top += (uint32_t)size;
    t_count += (uint32_t)size;
    if (t_nlog < 64)
        t_log[t_nlog++] = (TAlloc){a, (uint32_t)size};
    return (int32_t)at;
}

static void t_init(KilnVmctx *vm)
{
    (void)vm;
}

static const char *const t_types[] = {"iiii:i"};
static const KilnFuncDesc t_funcs[] = {{(void *)t_realloc, "realloc", 0, 0}};
static const KilnMemoryDesc t_mems[] = {{0, 0, {4, 4, 1, 0}}};
static const KilnExportDesc t_exports[] = {
    {"cabi_realloc", 12, KILN_EXTERN_FUNC, 0, 0, "iiii:i", (void *)t_realloc},
    {"memory", 6, KILN_EXTERN_MEMORY, 0, 0, NULL, NULL},
};
static const KilnModuleDesc t_module = {
    .abi_version = KILN_RT_ABI_VERSION,
    .ntypes = 1, .types = t_types,
    .nexports = 2, .exports = t_exports,
    .nfuncs = 1, .funcs = t_funcs,
    .nmemories = 1, .memories = t_mems,
    .init = t_init,
};
static const KilnCoreInstDesc t_cores[] = {{&t_module, NULL, 0, 0}};

/* Resource row i is host type i (host_type is the id + 1). */
static KilnResourceDesc t_resources[KILN_HR_COUNT];
static KilnComponentDesc t_desc = {
    .abi_version = KILN_RT_ABI_VERSION,
    .ncores = 1, .ncomp_instances = 1, .nresources = KILN_HR_COUNT,
    .run_export = -1,
    .cores = t_cores, .resources = t_resources,
};

void t_setup(const KilnWasiConfig *cfg)
{
    for (uint32_t i = 0; i < KILN_HR_COUNT; i++)
        t_resources[i] = (KilnResourceDesc){
            kiln_wasi_p2_resource_name(i), i + 1, 0,
            {KILN_NO_INDEX, 0}, NULL};
    KilnTrapInfo err;
    memset(&err, 0, sizeof err);
    t_ci = kiln_component_new(&t_desc, cfg, &err);
    if (!t_ci) {
        fprintf(stderr, "kiln_component_new: %s\n", err.message);
        exit(1);
    }
    t_cx = (KilnCanonCx){t_ci, 0, KILN_UTF8, t_ci->cores[0]->memories[0],
                         {0, 0}};
}

void t_finish(void)
{
    kiln_component_free(t_ci);
    t_ci = NULL;
}

int t_result(void)
{
    if (t_failures)
        fprintf(stderr, "%d check(s) failed\n", t_failures);
    return t_failures ? 1 : 0;
}

uint8_t *t_mem(uint32_t addr)
{
    return t_cx.memory->base + addr;
}

uint32_t t_ld32(uint32_t addr)
{
    uint32_t v;
    memcpy(&v, t_mem(addr), 4);
    return v;
}

uint32_t t_allocated(void)
{
    return t_count;
}

void t_drop(uint32_t host_type, uint32_t h)
{
    kiln_cm_resource_drop(t_ci, 0, host_type, h);
}

typedef struct LiveArg {
    uint32_t type, h;
} LiveArg;

static void live(void *arg)
{
    LiveArg *a = arg;
    kiln_cx_borrow(&t_cx, a->type, a->h);
}

bool t_live(uint32_t host_type, uint32_t h)
{
    LiveArg a = {host_type, h};
    return t_guard(live, &a) == KILN_TRAP_NONE;
}

KilnTrap t_guard(void (*fn)(void *), void *arg)
{
    KilnTrapInfo info;
    memset(&info, 0, sizeof info);
    KilnTrap k = kiln_rt_call_guarded(fn, arg, &info);
    snprintf(t_trap_message, sizeof t_trap_message, "%s", info.message);
    t_exit_status = info.exit_status;
    return k;
}

void t_pipe(int p[2])
{
    if (pipe2(p, O_CLOEXEC) != 0)
        abort();
}
