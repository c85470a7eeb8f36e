/* run.c: running a command module (WASI "command" convention: instantiate,
 * then call the `_start` export).  kiln_rt_main is the main() of compiled
 * executables; kiln_rt_run serves `kiln run` in-process.  Outcome to exit
 * status: success 0, proc_exit its status, link error 1 ("error: ..."),
 * trap 134 ("error: wasm trap: ..." and a backtrace on stderr).  The
 * embedded profile writes its messages without stdio (bm_io.h).
 */
#include "core.h"

#include <string.h>

#ifdef KILN_PROFILE_EMBEDDED
#include "bm_io.h"
#define FLUSH_STDIO() ((void)0)
#define REPORT_STREAM NULL
#define REPORT_ERROR(msg) kiln_bm_puts(2, "error: ", msg, "\n", NULL)
#else
#define FLUSH_STDIO() (fflush(stdout), fflush(stderr))
#define REPORT_STREAM stderr
#define REPORT_ERROR(msg) fprintf(stderr, "error: %s\n", msg)
#endif

typedef struct StartCall {
    KilnVmctx *vm;
    void *entry;
} StartCall;

/* The C-ABI entry of a function without results takes a results pointer. */
typedef void (*KilnStartEntry)(KilnVmctx *vm, KilnValue *results);

static void call_start(void *arg)
{
    StartCall *s = arg;
    KilnValue results[1];
    ((KilnStartEntry)s->entry)(s->vm, results);
}

int kiln_run_status(const KilnTrapInfo *info)
{
    if (info->kind == KILN_TRAP_NONE)
        return 0;
    if (info->kind == KILN_TRAP_EXIT)
        return info->exit_status;
    FLUSH_STDIO();
    kiln_trap_report(REPORT_STREAM, info);
    return 134;
}

static const KilnExportDesc *find_start(const KilnModuleDesc *d)
{
    for (uint32_t i = 0; i < d->nexports; i++) {
        const KilnExportDesc *e = &d->exports[i];
        if (e->kind == KILN_EXTERN_FUNC && e->name_len == 6 &&
            !memcmp(e->name, "_start", 6))
            return e;
    }
    return NULL;
}

int kiln_rt_run(const KilnModuleDesc *desc, const KilnWasiConfig *cfg)
{
    KilnTrapInfo info;
    KilnVmctx *vm = kiln_instance_new(desc, NULL, cfg, &info);
    int status;
    if (!vm && info.kind == KILN_TRAP_NONE) {
        REPORT_ERROR(info.message);
        status = 1;
    } else if (!vm) {
        status = kiln_run_status(&info);
    } else {
        const KilnExportDesc *start = find_start(desc);
        info.kind = KILN_TRAP_NONE;
        if (start && start->entry) {
            StartCall call = {vm, start->entry};
            kiln_rt_call_guarded(call_start, &call, &info);
        }
        status = kiln_run_status(&info);
        kiln_instance_free(vm);
    }
    FLUSH_STDIO();
    return status;
}

KilnWasiConfig kiln_run_config(int argc, char **argv,
                               const KilnWasiConfig *baked)
{
    return (KilnWasiConfig){
        .argc = argc,
        .argv = (const char *const *)argv,
        .envc = baked ? baked->envc : 0,
        .envp = baked ? baked->envp : NULL,
        .npreopens = baked ? baked->npreopens : 0,
        .preopens = baked ? baked->preopens : NULL,
        .stdin_fd = 0,
        .stdout_fd = 1,
        .stderr_fd = 2,
        .net_flags = baked ? baked->net_flags : 0,
        .nnet_allow = baked ? baked->nnet_allow : 0,
        .net_allow = baked ? baked->net_allow : NULL,
    };
}

int kiln_rt_main(int argc, char **argv, const KilnModuleDesc *desc,
                 const KilnWasiConfig *baked)
{
    KilnWasiConfig cfg = kiln_run_config(argc, argv, baked);
    return kiln_rt_run(desc, &cfg);
}
