/* run.c: running a command component (WASI 0.2 `wasi:cli/command` world:
 * instantiate, then call the exported `wasi:cli/run` `run: func() ->
 * result`).  The call is a host-to-guest `canon lift` (CanonicalABI.md
 * "canon lift", synchronous case): enter the callee instance, call the
 * core function, lift the result (a discriminant past `err` traps),
 * return (no borrow left behind), then post-return with may_leave
 * cleared.  Exit status as for core modules (core/run.c, shared through
 * kiln_run_status): ok 0, err 1, wasi:cli/exit its status, a trap 134
 * after "error: wasm trap: ..." and the backtrace, a link error 1.  The
 * embedded profile writes its messages without stdio (bm_io.h).
 */
#include "cm.h"
#include "core/core.h"
#include "serve/serve.h"

/* Weak: a proxy component's main() calls kiln_serve_main itself
 * (compiler/codegen/cg_component.c), so other programs do not link the
 * server and wasi:http; embedders with it linked still get serving. */
#pragma weak kiln_serve_find_handler
#pragma weak kiln_serve_main

#include <string.h>

#ifdef KILN_PROFILE_EMBEDDED
#include "bm_io.h"
#define FLUSH_STDIO() ((void)0)
#define REPORT_ERROR(...) kiln_bm_puts(2, "error: ", __VA_ARGS__, "\n", NULL)
#else
#include <stdarg.h>
#include <stdio.h>
#define FLUSH_STDIO() (fflush(stdout), fflush(stderr))
/* the pieces of one message, as strings (NULL-safe) */
static void report_error(const char *s, ...)
{
    va_list ap;
    va_start(ap, s);
    fputs("error: ", stderr);
    for (; s; s = va_arg(ap, const char *))
        fputs(s, stderr);
    fputs("\n", stderr);
    va_end(ap);
}
#define REPORT_ERROR(...) report_error(__VA_ARGS__, NULL)
#endif

typedef struct RunCall {
    KilnComponentInst *ci;
    const KilnLiftDesc *lift;
    int status;
} RunCall;

typedef int32_t (*RunEntry)(KilnVmctx *);
typedef void (*PostReturnEntry)(KilnVmctx *, int32_t, KilnValue *);

static void call_run(void *arg)
{
    RunCall *r = arg;
    KilnComponentInst *ci = r->ci;
    const KilnLiftDesc *l = r->lift;
    uint32_t inst = l->opts.comp_instance;
    KilnVmctx *vm;
    RunEntry run = (RunEntry)cm_export_entry(ci, l->core, &vm);
    uint32_t token = kiln_cm_call_begin(ci, KILN_NO_INDEX, inst);
    int32_t disc = run(vm);
    if ((uint32_t)disc > 1)
        cm_trapf("invalid result discriminant %u", (uint32_t)disc);
    kiln_cm_call_end(ci, token);
    if (l->opts.post_return.instance != KILN_NO_INDEX) {
        KilnVmctx *pvm;
        PostReturnEntry post =
            (PostReturnEntry)cm_export_entry(ci, l->opts.post_return, &pvm);
        KilnValue none[1];
        kiln_cm_set_may_leave(ci, inst, false);
        post(pvm, disc, none);
        kiln_cm_set_may_leave(ci, inst, true);
    }
    r->status = disc;
}

static int run_export(KilnComponentInst *ci)
{
    const KilnComponentDesc *d = ci->desc;
    if (d->run_export < 0 || (uint32_t)d->run_export >= d->nexports) {
        REPORT_ERROR("the component exports no `wasi:cli/run` function "
                     "to run");
        return 1;
    }
    const KilnLiftDesc *l = &d->exports[d->run_export];
    if (l->sig && strcmp(l->sig, ":i") != 0) {
        REPORT_ERROR("`", l->name ? l->name : "run", "` has core signature `",
                     l->sig, "`, not the `:i` of `run: func() -> result`");
        return 1;
    }
    RunCall call = {ci, l, 0};
    KilnTrapInfo info;
    kiln_rt_call_guarded(call_run, &call, &info);
    return info.kind == KILN_TRAP_NONE ? call.status : kiln_run_status(&info);
}

int kiln_component_run(const KilnComponentDesc *desc,
                       const KilnWasiConfig *cfg)
{
    KilnTrapInfo info;
    KilnComponentInst *ci = kiln_component_new(desc, cfg, &info);
    int status;
    if (!ci && info.kind == KILN_TRAP_NONE) {
        REPORT_ERROR(info.message);
        status = 1;
    } else if (!ci) {
        status = kiln_run_status(&info);
    } else {
        status = run_export(ci);
        kiln_component_free(ci);
    }
    FLUSH_STDIO();
    return status;
}

int kiln_component_main(int argc, char **argv, const KilnComponentDesc *desc,
                        const KilnWasiConfig *baked)
{
    /* A wasi:http/proxy component serves (runtime/serve). */
    if (desc->run_export < 0 && kiln_serve_find_handler &&
        kiln_serve_find_handler(desc) >= 0)
        return kiln_serve_main(argc, argv, desc, baked);
    KilnWasiConfig cfg = kiln_run_config(argc, argv, baked);
    return kiln_component_run(desc, &cfg);
}
