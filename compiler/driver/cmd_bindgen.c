/* `kiln bindgen c`: C bindings from WIT (docs/bindgen-c.md).
 *
 *   kiln bindgen c --wit DIR [--world W] -o OUTDIR
 *       guest bindings: OUTDIR/<world>.h and OUTDIR/<world>.c
 *   kiln bindgen c --host-runtime --wit DIR -o OUTDIR
 *       one runtime header per interface of DIR's root package
 *       (OUTDIR/<ns>_<pkg>_<iface>.h)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bindgen/bindgen.h"
#include "driver/commands.h"
#include "wit/wit.h"

static int usage(FILE *out)
{
    fputs("usage: kiln bindgen c --wit DIR [--world W] -o OUTDIR\n"
          "       kiln bindgen c --host-runtime --wit DIR -o OUTDIR\n"
          "C guest bindings (OUTDIR/<world>.h, .c) or the runtime's host headers;\n"
          "see docs/bindgen-c.md.\n",
          out);
    return out == stdout ? 0 : 2;
}

static int host_headers(const WitResolve *r, const char *out, Diag *diag)
{
    const WitPackage *p = r->main;
    for (size_t i = 0; i < p->ninterfaces; i++) {
        char *name = bindgen_host_header_name(p->interfaces[i]);
        size_t n = strlen(out) + strlen(name) + 2;
        char *path = malloc(n);
        if (!path)
            return 1;
        snprintf(path, n, "%s/%s", out, name);
        FILE *f = fopen(path, "w");
        int rc = 1;
        if (!f)
            fprintf(stderr, "kiln: error: cannot write %s: %s\n", path, strerror(errno));
        else {
            rc = bindgen_c_host(p->interfaces[i], f, diag);
            rc |= fclose(f) != 0;
        }
        free(path);
        free(name);
        if (rc)
            return 1;
    }
    return 0;
}

int kiln_cmd_bindgen(int argc, char **argv)
{
    const char *wit = NULL, *world = NULL, *out = NULL;
    bool host = false;
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
        return usage(stdout);
    if (argc < 2 || strcmp(argv[1], "c"))
        return usage(stderr);
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--wit") && i + 1 < argc)
            wit = argv[++i];
        else if (!strcmp(argv[i], "--world") && i + 1 < argc)
            world = argv[++i];
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--host-runtime"))
            host = true;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return usage(stdout);
        else
            return usage(stderr);
    }
    if (!wit || !out)
        return usage(stderr);
    if (mkdir(out, 0777) && errno != EEXIST) {
        fprintf(stderr, "kiln: error: cannot create %s: %s\n", out, strerror(errno));
        return 1;
    }
    Diag diag;
    diag_init(&diag, stderr);
    WitResolve *r = wit_load(wit, NULL, &diag);
    if (!r)
        return 1;
    int rc;
    if (host) {
        rc = host_headers(r, out, &diag);
    } else {
        WitWorld *w = wit_find_world(r, world);
        if (!w) {
            fprintf(stderr, "kiln: error: no world `%s` in %s\n", world ? world : "(only)",
                    wit);
            rc = 1;
        } else {
            rc = bindgen_c_guest(w, out, &diag);
        }
    }
    wit_free(r);
    return rc;
}
