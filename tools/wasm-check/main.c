/* kiln-wasm-check [--dump] [--plan] [--unknown-imports=trap] FILE.wasm:
 * decodes and validates one core module or component (told apart by the
 * preamble) and prints "ok", or the first error ("FILE:0xOFFSET: error:
 * ...") on stderr with exit status 1.  --dump also lists a component's
 * sections and index spaces; --plan builds a component's link plan and
 * prints it (plan_dump), with imports the runtime lacks bound to traps
 * under --unknown-imports=trap.  The feedback tool for the decoders,
 * validators and the link planner. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "component/component.h"
#include "component/plan.h"
#include "wasm/module.h"

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            return NULL;
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

typedef struct Flags {
    bool dump, plan;
    PlanOptions plan_opts;
} Flags;

static bool check_component(const char *path, const uint8_t *bytes,
                            size_t size, const Flags *fl, Diag *diag)
{
    CmpFile *f = cmp_decode(path, bytes, size, diag);
    if (f && fl->dump)
        cmp_dump(stdout, f);
    bool ok = f && cmp_validate(f, diag);
    if (ok && fl->plan) {
        Plan p;
        ok = plan_build(f, &fl->plan_opts, &p, diag);
        if (ok)
            plan_dump(stdout, &p);
        plan_free(&p);
    }
    cmp_free(f);
    return ok;
}

int main(int argc, char **argv)
{
    Flags fl = {0};
    while (argc > 2 && strncmp(argv[1], "--", 2) == 0) {
        if (strcmp(argv[1], "--dump") == 0)
            fl.dump = true;
        else if (strcmp(argv[1], "--plan") == 0)
            fl.plan = true;
        else if (strcmp(argv[1], "--unknown-imports=trap") == 0)
            fl.plan_opts.unknown_imports_trap = true;
        else
            break;
        argv++;
        argc--;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: kiln-wasm-check [--dump] [--plan] "
                "[--unknown-imports=trap] FILE.wasm\n");
        return 2;
    }
    size_t size = 0;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        perror(argv[1]);
        return 1;
    }
    Diag diag;
    diag_init(&diag, stderr);
    bool ok;
    if (cmp_is_component(bytes, size)) {
        ok = check_component(argv[1], bytes, size, &fl, &diag);
    } else {
        WasmModule *m = wasm_decode(argv[1], bytes, size, &diag);
        ok = m && wasm_validate(m, &diag);
        wasm_module_free(m);
    }
    free(bytes);
    if (!ok)
        return 1;
    puts("ok");
    return 0;
}
