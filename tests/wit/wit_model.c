/* kiln-wit-model: loads WIT (a folder or a file), checks the invariants
 * the resolved model promises to code generators, and prints a structural
 * outline: packages in dependency order, every interface's types (kind,
 * name, what aliases point at) and functions (ABI names, parameter and
 * result types), every world's resolved imports and exports.  The outline
 * is compared with golden files and between a package and its printed
 * form (tests/wit/roundtrip.py).  Exit 1 when an invariant fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wit/wit.h"

static int failures;

#define CHECK(c, ...)                                                         \
    do {                                                                      \
        if (!(c)) {                                                           \
            fprintf(stderr, "invariant failed: " __VA_ARGS__);                \
            fputc('\n', stderr);                                              \
            failures++;                                                       \
        }                                                                     \
    } while (0)

/* Every node reachable from a reference is resolved. */
static void check_type(const WitType *t, int depth)
{
    CHECK(t != NULL, "NULL type reference");
    if (!t || depth > 50)
        return;
    CHECK(t->kind <= WIT_ALIAS, "unresolved node kind %d", (int)t->kind);
    if (t->name && depth > 0)
        return; /* named: checked where defined */
    switch (t->kind) {
    case WIT_LIST:
    case WIT_OPTION:
        check_type(t->elem, depth + 1);
        break;
    case WIT_MAP:
        check_type(t->key, depth + 1);
        check_type(t->elem, depth + 1);
        break;
    case WIT_RESULT:
        if (t->ok)
            check_type(t->ok, depth + 1);
        if (t->err)
            check_type(t->err, depth + 1);
        break;
    case WIT_TUPLE:
        CHECK(t->nelems > 0, "empty tuple");
        for (size_t i = 0; i < t->nelems; i++)
            check_type(t->elems[i], depth + 1);
        break;
    case WIT_BORROW: {
        const WitType *r = wit_type_resolve(t->elem);
        CHECK(r && r->kind == WIT_RESOURCE, "borrow of a non-resource");
        break;
    }
    case WIT_FUTURE:
    case WIT_STREAM:
        if (t->elem)
            check_type(t->elem, depth + 1);
        break;
    case WIT_ALIAS:
        CHECK(t->elem != NULL, "alias `%s` without target", t->name);
        if (t->elem)
            check_type(t->elem, depth + 1);
        break;
    case WIT_RECORD:
        for (size_t i = 0; i < t->nfields; i++)
            check_type(t->fields[i].type, depth + 1);
        break;
    case WIT_VARIANT:
        for (size_t i = 0; i < t->ncases; i++)
            if (t->cases[i].type)
                check_type(t->cases[i].type, depth + 1);
        break;
    case WIT_FLAGS:
        CHECK(t->ncases >= 1 && t->ncases <= 32, "flags size");
        break;
    default:
        break;
    }
}

static void print_ref(const WitType *t)
{
    wit_print_type_ref(stdout, t);
    const WitType *d = wit_type_resolve(t);
    if (d != t && d)
        printf(" (=%s %s)", wit_type_kind_name(d->kind),
               d->name ? d->name : "");
}

static void outline_func(const WitFunc *fn, const char *indent)
{
    CHECK(fn->abi_name != NULL, "function without ABI name");
    printf("%sfunc %s%s(", indent, fn->is_async ? "async " : "",
           fn->abi_name);
    for (size_t i = 0; i < fn->nparams; i++) {
        check_type(fn->params[i].type, 1);
        printf("%s%s: ", i ? ", " : "", fn->params[i].name);
        print_ref(fn->params[i].type);
    }
    printf(")");
    if (fn->result) {
        check_type(fn->result, 1);
        printf(" -> ");
        print_ref(fn->result);
    }
    printf("\n");
    if (fn->kind == WIT_FUNC_METHOD)
        CHECK(fn->nparams >= 1 && fn->params[0].type->kind == WIT_BORROW &&
                  fn->params[0].type->elem == fn->resource,
              "method `%s` without self", fn->abi_name);
}

static void outline_types(WitType **types, size_t n, const char *indent)
{
    for (size_t i = 0; i < n; i++) {
        const WitType *t = types[i];
        CHECK(t->name != NULL, "unnamed type in a scope");
        CHECK(t->iface || t->world, "type `%s` without owner", t->name);
        check_type(t, 0);
        printf("%s%s %s", indent, wit_type_kind_name(t->kind), t->name);
        if (t->kind == WIT_ALIAS) {
            printf(" = ");
            if (t->use)
                printf("use %s.", t->use->from ? t->use->from->qualified : "?");
            print_ref(t->elem);
        }
        printf("\n");
        for (size_t j = 0; j < t->nfuncs; j++)
            outline_func(t->funcs[j], "      ");
    }
}

static void outline_iface(const WitInterface *in, const char *label)
{
    printf("  interface %s\n", label);
    outline_types(in->types, in->ntypes, "    ");
    for (size_t i = 0; i < in->nfuncs; i++)
        outline_func(in->funcs[i], "    ");
}

static void outline_items(WitWorldItem **items, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++) {
        const WitWorldItem *it = items[i];
        CHECK(it->name != NULL, "world item without name");
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(items[j]->name, it->name) != 0,
                  "%s `%s` twice", what, it->name);
        printf("    %s%s %s", it->implicit ? "implicit " : "", what, it->name);
        if (it->kind == WIT_WORLD_INTERFACE) {
            CHECK(it->iface != NULL, "unresolved interface item");
            printf(" = interface %s\n",
                   it->iface && it->iface->qualified ? it->iface->qualified
                                                     : "(inline)");
            if (it->iface && !it->iface->name)
                outline_types(it->iface->types, it->iface->ntypes, "      ");
        } else if (it->kind == WIT_WORLD_FUNC) {
            printf("\n");
            outline_func(it->func, "      ");
        } else {
            printf(" = type %s\n", wit_type_kind_name(it->type->kind));
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: kiln-wit-model DIR|FILE.wit\n", stderr);
        return 2;
    }
    Diag diag;
    diag_init(&diag, stderr);
    WitResolve *r = wit_load(argv[1], NULL, &diag);
    if (!r)
        return 1;
    for (size_t i = 0; i < r->npackages; i++) {
        const WitPackage *p = r->packages[i];
        printf("package %s%s\n", p->qualified, p == r->main ? " (main)" : "");
        CHECK(wit_find_package(r, p->qualified) == p, "lookup of %s",
              p->qualified);
        for (size_t j = 0; j < p->ninterfaces; j++) {
            CHECK(p->interfaces[j]->package == p, "interface owner");
            CHECK(wit_find_interface(r, p->interfaces[j]->qualified) ==
                      p->interfaces[j],
                  "lookup of %s", p->interfaces[j]->qualified);
            if (p == r->main)
                CHECK(wit_find_interface(r, p->interfaces[j]->name) ==
                          p->interfaces[j],
                      "lookup of %s", p->interfaces[j]->name);
            outline_iface(p->interfaces[j], p->interfaces[j]->qualified);
        }
        for (size_t j = 0; j < p->nworlds; j++) {
            const WitWorld *w = p->worlds[j];
            printf("  world %s\n", w->qualified);
            outline_types(w->types, w->ntypes, "    ");
            outline_items(w->imports, w->nimports, "import");
            outline_items(w->exports, w->nexports, "export");
            CHECK(wit_find_world(r, w->qualified) == w, "lookup of %s",
                  w->qualified);
            if (p == r->main)
                CHECK(wit_find_world(r, w->name) == w, "lookup of %s",
                      w->name);
            if (p == r->main && p->nworlds == 1)
                CHECK(wit_find_world(r, NULL) == w, "the only world");
        }
    }
    CHECK(r->main != NULL && r->nroots > 0 && r->roots[0] == r->main,
          "main package");
    /* dependency order: a package comes after those it uses */
    for (size_t i = 0; i < r->npackages; i++)
        for (size_t j = 0; j < r->packages[i]->ninterfaces; j++) {
            const WitInterface *in = r->packages[i]->interfaces[j];
            for (size_t k = 0; k < in->nuses; k++) {
                const WitPackage *dep = in->uses[k]->from->package;
                size_t at = 0;
                while (at < r->npackages && r->packages[at] != dep)
                    at++;
                CHECK(at <= i, "package %s before its dependency %s",
                      r->packages[i]->qualified, dep->qualified);
            }
        }
    wit_free(r);
    return failures ? 1 : 0;
}
