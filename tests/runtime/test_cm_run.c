/* test_cm_run.c: instantiating a component (core instances in plan order,
 * imports bound from earlier instances, vm->host set before init, link
 * errors) and running it as a command (kiln_component_run: wasi:cli/run's
 * result to exit status 0/1, exit statuses, traps to 134 with the trap
 * report, post-return with may_leave cleared, a bad discriminant, a borrow
 * left at return, no run export, start functions that exit or trap). */
#include "cm_fixture.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static void test_instantiate(void)
{
    init_host = NULL;
    KilnComponentInst *ci = fx_new();
    CHECK(ci != NULL);
    if (!ci)
        return;
    CHECK(init_host == ci);          /* set before core 2's init ran */
    CHECK(init_byte == 0x5a);        /* core 0's memory, imported */
    CHECK(ci->cores[2]->memories[0] == ci->cores[0]->memories[0]);
    CHECK(ci->cores[2]->funcs[0] == ci->cores[0]->funcs[0]);
    CHECK(ci->cores[1]->memories[0] != ci->cores[0]->memories[0]);
    for (uint32_t i = 0; i < 3; i++)
        CHECK(ci->cores[i]->host == ci && ci->may_enter[i] == 1 &&
              ci->may_leave[i] == 1);
    CHECK(ci->wasi == NULL);
    kiln_component_free(ci);
}

static bool link_fails(const KilnComponentDesc *d, const char *want)
{
    KilnTrapInfo err;
    KilnComponentInst *ci = kiln_component_new(d, NULL, &err);
    if (ci) {
        kiln_component_free(ci);
        return false;
    }
    if (!strstr(err.message, want))
        fprintf(stderr, "  got \"%s\"\n", err.message);
    return err.kind == KILN_TRAP_NONE && strstr(err.message, want);
}

static void test_link_errors(void)
{
    KilnComponentDesc d = fx_desc;
    d.abi_version = 99;
    CHECK(link_fails(&d, "runtime ABI version 99"));

    /* an import from a later instance, or past the item count */
    KilnCoreImportSrc srcs[2];
    KilnCoreInstDesc cores[3];
    memcpy(cores, fx_cores, sizeof cores);
    memcpy(srcs, fx_user_srcs, sizeof srcs);
    cores[2].imports = srcs;
    d = fx_desc;
    d.cores = cores;
    srcs[0].instance = 2;
    CHECK(link_fails(&d, "import 0 of core instance 2 names no item"));
    srcs[0].instance = 0;
    srcs[1].index = 9;
    CHECK(link_fails(&d, "import 1 of core instance 2 names no item"));
    /* a function of the wrong type: core's own import matching */
    srcs[1].index = 1; /* dtor: i: */
    CHECK(link_fails(&d, "incompatible import type for `a.realloc`"));
    /* a kind that is not the import's */
    srcs[1] = (KilnCoreImportSrc){0, KILN_EXTERN_MEMORY, 0, 0};
    CHECK(link_fails(&d, "incompatible import type for `a.realloc`"));
    cores[2].comp_instance = 3;
    CHECK(link_fails(&d, "malformed component descriptor: core instance 2"));
}

/* Runs the fixture with `mode`; returns the status, stderr in err_out. */
static int run_with(int mode, char *err_out, size_t cap)
{
    run_mode = mode;
    post_seen = post_may_leave = run_may_enter = -1;
    fflush(stderr);
    int saved = dup(2);
    char path[] = "/tmp/kiln-cm-run-XXXXXX";
    int fd = mkstemp(path);
    dup2(fd, 2);
    int status = kiln_component_run(&fx_desc, NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    ssize_t n = pread(fd, err_out, cap - 1, 0);
    err_out[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    return status;
}

static void test_run(void)
{
    char err[4096];
    CHECK(run_with(0, err, sizeof err) == 0 && err[0] == '\0');
    CHECK(post_seen == 0 && post_may_leave == 0 && run_may_enter == 0);
    CHECK(run_with(1, err, sizeof err) == 1 && err[0] == '\0');
    CHECK(post_seen == 1);
    CHECK(run_with(3, err, sizeof err) == 7 && post_seen == -1);
    CHECK(run_with(4, err, sizeof err) == 134);
    CHECK(strstr(err, "error: wasm trap: unreachable\n") == err);
    CHECK(strstr(err, "\n    0: run\n") != NULL); /* the backtrace */
    CHECK(run_with(2, err, sizeof err) == 134);
    CHECK(strstr(err, "error: wasm trap: invalid result discriminant 5"));
    CHECK(post_seen == -1);
    CHECK(run_with(5, err, sizeof err) == 134);
    CHECK(strstr(err, "1 borrow handle(s) not dropped"));

    /* the start function of a core instance exits or traps */
    init_mode = 1;
    CHECK(run_with(0, err, sizeof err) == 3 && run_may_enter == -1);
    init_mode = 2;
    CHECK(run_with(0, err, sizeof err) == 134 && run_may_enter == -1);
    CHECK(strstr(err, "error: wasm trap: integer divide by zero") == err);
    init_mode = 0;

    KilnComponentDesc d = fx_desc;
    d.run_export = -1;
    fflush(stderr);
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    dup2(null, 2);
    int st = kiln_component_run(&d, NULL);
    d = fx_desc;
    d.abi_version = 0;
    int st2 = kiln_component_run(&d, NULL);
    dup2(saved, 2);
    close(saved);
    close(null);
    CHECK(st == 1 && st2 == 1);
}

/* One object holds every core module of a component, so their
 * descriptors share one code range: a frame is named after the module
 * whose function holds it, not after the first one registered. */
TEST_GUEST_CODE static int32_t g_shim(KilnVmctx *vm) { return vm ? 1 : 0; }
static const KilnFuncDesc shim_funcs[] = {{(void *)g_shim, "shim", 2, 0}};
static const KilnModuleDesc shim = {
    .abi_version = KILN_RT_ABI_VERSION,
    .ntypes = 3, .types = fx_types,
    .nfuncs = 1, .funcs = shim_funcs,
    .code_start = __start_kiln_test_code,
    .code_end = __stop_kiln_test_code,
};

static void test_shared_range(void)
{
    KilnCoreInstDesc cores[3] = {{&shim, NULL, 0, 0}, fx_cores[0], fx_cores[1]};
    KilnLiftDesc lift = fx_lifts[0];
    lift.core.instance = 1;
    lift.opts.realloc.instance = 1;
    lift.opts.post_return.instance = 1;
    KilnComponentDesc d = fx_desc;
    d.ncores = 3;
    d.cores = cores;
    d.exports = &lift;
    d.nresources = 0;
    run_mode = 4;
    fflush(stderr);
    int saved = dup(2);
    char path[] = "/tmp/kiln-cm-run-XXXXXX";
    int fd = mkstemp(path);
    dup2(fd, 2);
    int status = kiln_component_run(&d, NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char err[1024];
    ssize_t n = pread(fd, err, sizeof err - 1, 0);
    err[n > 0 ? n : 0] = '\0';
    close(fd);
    unlink(path);
    CHECK(status == 134);
    CHECK(strstr(err, "error: wasm trap: unreachable\n    0: run\n") == err);
}

int main(void)
{
    kiln_rt_init_thread();
    test_instantiate();
    test_link_errors();
    test_run();
    test_shared_range();
    return TEST_RESULT();
}
