/* `kiln run --invoke`: see invoke_cli.h.  Like wasmtime, a module's
 * `_initialize` export (reactor modules) runs before the invoked one. */
#include "driver/invoke_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/invoke.h" /* kiln_invoke, KILN_VALUE_TEXT_MAX */

static const KilnExportDesc *find_func(const KilnModuleDesc *desc,
                                       const char *name)
{
    size_t len = strlen(name);
    for (uint32_t i = 0; i < desc->nexports; i++) {
        const KilnExportDesc *e = &desc->exports[i];
        if (e->kind == KILN_EXTERN_FUNC && e->name_len == len &&
            memcmp(e->name, name, len) == 0)
            return e;
    }
    return NULL;
}

/* Prints a trap or exit the way `kiln run` does; returns the status. */
static int report_trap(const KilnTrapInfo *t)
{
    if (t->kind == KILN_TRAP_EXIT)
        return t->exit_status;
    if (t->kind == KILN_TRAP_NONE) {
        fprintf(stderr, "error: %s\n", t->message);
        return 1;
    }
    fprintf(stderr, "error: wasm trap: %s\n%s", kiln_trap_message(t->kind),
            t->backtrace);
    return 134;
}

static int call_export(KilnVmctx *vm, const KilnExportDesc *e,
                       const char *module_path, const char *const *args,
                       int nargs)
{
    const char *ps, *rs;
    size_t np, nr;
    if (!kiln_sig_split(e->sig, &ps, &np, &rs, &nr)) {
        fprintf(stderr, "kiln: error: bad signature `%s`\n", e->sig);
        return 1;
    }
    if ((size_t)nargs != np) {
        fprintf(stderr,
                "%s: error: export `%s` takes %zu argument%s (", module_path,
                e->name, np, np == 1 ? "" : "s");
        for (size_t i = 0; i < np; i++)
            fprintf(stderr, "%s%s", i ? ", " : "", kiln_sig_letter_name(ps[i]));
        fprintf(stderr, "), %d given\n", nargs);
        return 1;
    }
    KilnValue *argv = calloc(np + 1, sizeof *argv);
    KilnValue *res = calloc(nr + 1, sizeof *res);
    if (!argv || !res) {
        fputs("kiln: out of memory\n", stderr);
        exit(1);
    }
    int status = 0;
    char err[256];
    for (size_t i = 0; i < np; i++) {
        if (!kiln_value_parse(args[i], ps[i], (unsigned)i, &argv[i], err,
                              sizeof err)) {
            fprintf(stderr, "kiln: error: %s\n", err);
            status = 1;
            goto out;
        }
    }
    KilnTrapInfo trap;
    memset(&trap, 0, sizeof trap);
    if (!kiln_invoke(e, vm, argv, np, res, nr, &trap)) {
        status = report_trap(&trap);
        goto out;
    }
    for (size_t i = 0; i < nr; i++) {
        char buf[KILN_VALUE_TEXT_MAX];
        puts(kiln_value_format(rs[i], &res[i], buf, sizeof buf));
    }
out:
    free(argv);
    free(res);
    return status;
}

int kiln_invoke_main(const KilnModuleDesc *desc, const KilnWasiConfig *wasi,
                     const char *module_path, const char *name,
                     const char *const *args, int nargs)
{
    const KilnExportDesc *e = find_func(desc, name);
    if (!e) {
        fprintf(stderr, "%s: error: no exported function `%s`\n", module_path,
                name);
        return 1;
    }
    KilnTrapInfo err;
    memset(&err, 0, sizeof err);
    KilnVmctx *vm = kiln_instance_new(desc, NULL, wasi, &err);
    if (!vm)
        return report_trap(&err);
    int status = 0;
    const KilnExportDesc *init = find_func(desc, "_initialize");
    if (init && init != e)
        status = call_export(vm, init, module_path, NULL, 0);
    if (status == 0)
        status = call_export(vm, e, module_path, args, nargs);
    fflush(stdout);
    kiln_instance_free(vm);
    return status;
}
