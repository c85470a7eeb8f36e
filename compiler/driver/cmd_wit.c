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
 * Without --check only the first error is reported.  Component binaries
 * are refused until the components work lands. */
#include <stdio.h>
#include <string.h>

#include "driver/commands.h"
#include "wit/wit.h"

static int usage(void)
{
    fputs("usage: kiln wit [--check] [--deps] [--world W] DIR|FILE.wit\n",
          stderr);
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
