/* `kiln wit`: reads a WIT package (a folder with its deps/, or one .wit
 * file) and prints it normalized, checks it, or prints one world.
 *
 *   kiln wit [--deps] PATH      print the root package; for a file, also
 *                               its nested `package { }` blocks; --deps
 *                               adds every dependency package as a nested
 *                               block (the output is one file that parses
 *                               back to the same packages)
 *   kiln wit --check PATH       report every error; exit 1 if any
 *   kiln wit --world W PATH     print world W (name or ns:pkg/name@v)
 *
 * Without --check only the first error is reported.
 *
 * A component binary (told apart from WIT text by its preamble) prints
 * its world instead (component/cmp_wit.h): `kiln wit app.wasm`; --check
 * only decodes, validates and converts it.  A core module has no world
 * and gets an error saying so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "component/cmp_wit.h"
#include "driver/commands.h"
#include "driver/pipeline.h"
#include "wit/wit.h"

static int usage(void)
{
    fputs("usage: kiln wit [--check] [--deps] [--world W] "
          "DIR|FILE.wit|APP.wasm\n", stderr);
    return 2;
}

static bool is_root(const WitResolve *r, const WitPackage *p)
{
    for (size_t i = 0; i < r->nroots; i++)
        if (r->roots[i] == p)
            return true;
    return false;
}

static void print_all(const WitResolve *r, bool deps)
{
    wit_print_package(stdout, r->main);
    for (size_t i = 0; i < r->npackages; i++) {
        const WitPackage *p = r->packages[i];
        if (p == r->main || !(deps || is_root(r, p)))
            continue;
        fputc('\n', stdout);
        wit_print_package_nested(stdout, p);
    }
}

/* Whether `path` is a file starting with the wasm magic. */
static bool is_wasm_file(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    char magic[4] = {0};
    size_t n = fread(magic, 1, 4, fp);
    fclose(fp);
    return n == 4 && memcmp(magic, "\0asm", 4) == 0;
}

static int component_wit(const char *path, bool check, const char *world,
                         Diag *diag)
{
    size_t size;
    uint8_t *bytes = kiln_read_file(path, &size, diag);
    if (!bytes)
        return 1;
    if (!cmp_is_component(bytes, size)) {
        diag_error(diag, path, "a core module has no WIT world (`kiln wit` "
                   "takes a component, a WIT folder or a .wit file)");
        free(bytes);
        return 1;
    }
    int status = 1;
    CmpFile *f = cmp_decode(path, bytes, size, diag);
    WitResolve *r = f && cmp_validate(f, diag) ? cmp_wit(f, diag) : NULL;
    if (r) {
        status = 0;
        if (world && strcmp(world, "root") != 0 &&
            strcmp(world, "root:component/root") != 0) {
            fprintf(stderr, "kiln: error: no world `%s` in %s (a component's "
                    "world is `root`)\n", world, path);
            status = 1;
        } else if (world) {
            wit_print_world(stdout, r->main->worlds[0]);
        } else if (!check) {
            cmp_wit_print(stdout, r);
        }
    }
    wit_free(r);
    cmp_free(f);
    free(bytes);
    return status;
}

int kiln_cmd_wit(int argc, char **argv)
{
    bool check = false, deps = false;
    const char *world = NULL, *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--check"))
            check = true;
        else if (!strcmp(argv[i], "--deps"))
            deps = true;
        else if (!strcmp(argv[i], "--world") && i + 1 < argc)
            world = argv[++i];
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return usage() - 2;
        else if (argv[i][0] == '-' || path)
            return usage();
        else
            path = argv[i];
    }
    if (!path)
        return usage();
    Diag diag;
    diag_init(&diag, stderr);
    if (is_wasm_file(path))
        return component_wit(path, check, world, &diag);
    WitLoadOptions opt = {.all_errors = check};
    WitResolve *r = wit_load(path, &opt, &diag);
    if (!r) {
        if (check && diag.errors > 1)
            fprintf(stderr, "%u errors\n", diag.errors);
        return 1;
    }
    int status = 0;
    if (world) {
        WitWorld *w = wit_find_world(r, world);
        if (w) {
            wit_print_world(stdout, w);
        } else {
            fprintf(stderr, "kiln: error: no world `%s` in %s\n", world, path);
            status = 1;
        }
    } else if (!check) {
        print_all(r, deps);
    }
    wit_free(r);
    return status;
}
