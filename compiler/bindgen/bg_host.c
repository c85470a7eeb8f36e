/* Runtime host headers (docs/bindgen-c.md, "Host C ABI"): one header per
 * WIT interface declaring the C function the runtime implements for each
 * imported function, by one rule:
 *   void <ns>_<pkg>_<iface>_<func>(struct KilnCanonCx *cx, PARAMS, R *ret)
 * where a string or list parameter is a (const T *x_ptr, uint32_t x_len)
 * view into guest memory, a scalar (bool, integers, floats, char as
 * uint32_t, enum, flags, handle) is passed by value, any other compound is
 * a const pointer to its Canonical ABI layout, and the result (if any) is
 * written through `ret` in its Canonical ABI layout (strings and lists in
 * it as guest addresses).  Resources are uint32_t handles (the guest's
 * handle indices); each has a `<scope>_<res>_drop(ci, rep)` that the
 * runtime calls when the last own handle goes.
 *
 * The host table (bindgen_c_host_table) lists the same functions and
 * resources as X-macro rows, for the compiler (which imports the runtime
 * implements, and their types) and the runtime (resource type ids). */
#include <stdlib.h>
#include <string.h>

#include "bindgen/bg.h"
#include "bindgen/bindgen.h"

char *bindgen_host_header_name(const WitInterface *i)
{
    Bg g;
    bg_init(&g, NULL, NULL, true);
    bg_add_iface(&g, i, i->name, false);
    size_t n = strlen(g.ifaces[0].cname) + 3;
    char *s = malloc(n);
    if (!s)
        kiln_oom();
    snprintf(s, n, "%s.h", g.ifaces[0].cname);
    bg_fini(&g);
    return s;
}

BindgenHostArg bindgen_host_arg(const WitType *t)
{
    t = wit_type_resolve(t);
    switch (abi_shape(t)) {
    case ABI_SHAPE_LIST:
        return BINDGEN_HOST_VIEW;
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS:
        return BINDGEN_HOST_VALUE;
    default:
        return t->kind == WIT_ENUM ? BINDGEN_HOST_VALUE : BINDGEN_HOST_POINTER;
    }
}

static char *host_name(Bg *g, const WitFunc *f, const char *scope)
{
    if (!f->resource)
        return arena_printf(&g->arena, "%s_%s", scope, bg_snake(g, f->name));
    const char *r = bg_snake(g, wit_type_resolve(f->resource)->name);
    if (f->kind == WIT_FUNC_CONSTRUCTOR)
        return arena_printf(&g->arena, "%s_%s_new", scope, r);
    return arena_printf(&g->arena, "%s_%s_%s", scope, r, bg_snake(g, f->name));
}

static char *dup_out(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (!d)
        kiln_oom();
    return memcpy(d, s, n);
}

char *bindgen_host_func_name(const WitInterface *i, const WitFunc *f)
{
    Bg g;
    bg_init(&g, NULL, NULL, true);
    bg_add_iface(&g, i, i->name, false);
    char *s = dup_out(host_name(&g, f, g.ifaces[0].cname));
    bg_fini(&g);
    return s;
}

char *bindgen_host_drop_name(const WitInterface *i, const WitType *res)
{
    Bg g;
    bg_init(&g, NULL, NULL, true);
    bg_add_iface(&g, i, i->name, false);
    char *s = dup_out(arena_printf(&g.arena, "%s_%s_drop", g.ifaces[0].cname,
                                   bg_snake(&g, wit_type_resolve(res)->name)));
    bg_fini(&g);
    return s;
}

/* "wasi:io/streams" for wasi:io/streams@0.2.12. */
static const char *wit_interface_unversioned(Bg *g, const WitInterface *i)
{
    const char *q = i->qualified, *at = strchr(q, '@');
    return at ? arena_printf(&g->arena, "%.*s", (int)(at - q), q) : q;
}

static void host_param(Bg *g, FILE *o, const WitParam *p)
{
    const WitType *t = wit_type_resolve(p->type);
    const char *n = bg_snake(g, p->name);
    switch (bindgen_host_arg(t)) {
    case BINDGEN_HOST_VIEW: {
        const char *e = t->kind == WIT_STRING ? "uint8_t"
                        : t->kind == WIT_MAP ? arena_printf(&g->arena, "%s_entry_t",
                                                            bg_stem(g, t))
                                             : bg_ctype(g, t->elem);
        fprintf(o, ", const %s *%s_ptr, uint32_t %s_len", e, n, n);
        break;
    }
    case BINDGEN_HOST_VALUE:
        fprintf(o, ", %s %s", bg_ctype(g, t), n);
        break;
    case BINDGEN_HOST_POINTER:
        fprintf(o, ", const %s *%s", bg_ctype(g, t), n);
        break;
    }
}

/* An interface that the package's worlds only export (wasi:cli/run): the
 * component implements it and the runtime calls it, so its functions are
 * declared as function pointer types `<name>_fn` by the same rule. */
static bool exported_only(const WitInterface *i)
{
    bool exp = false;
    const WitPackage *p = i->package;
    for (size_t k = 0; p && k < p->nworlds; k++) {
        const WitWorld *w = p->worlds[k];
        for (size_t j = 0; j < w->nimports; j++)
            if (w->imports[j]->iface == i)
                return false;
        for (size_t j = 0; j < w->nexports; j++)
            exp |= w->exports[j]->iface == i;
    }
    return exp;
}

static void host_func(Bg *g, const WitFunc *f, const char *name, bool ptr)
{
    FILE *o = g->decls;
    bg_doc(o, f->docs, 0);
    if (ptr)
        fprintf(o, "typedef void (*%s_fn)(struct KilnCanonCx *cx", name);
    else
        fprintf(o, "void %s(struct KilnCanonCx *cx", name);
    for (size_t i = 0; i < f->nparams; i++)
        host_param(g, o, &f->params[i]);
    if (f->result)
        fprintf(o, ", %s *ret", bg_ctype(g, f->result));
    fprintf(o, ");\n");
}

static void declare_all(Bg *g, const WitInterface *i)
{
    for (size_t k = 0; k < i->ntypes; k++) {
        const WitType *t = i->types[k];
        bg_ctype(g, t);
        if (t->kind == WIT_RESOURCE)
            for (size_t j = 0; j < t->nfuncs; j++) {
                const WitFunc *f = t->funcs[j];
                for (size_t p = 0; p < f->nparams; p++)
                    bg_ctype(g, f->params[p].type);
                if (f->result)
                    bg_ctype(g, f->result);
            }
    }
    for (size_t k = 0; k < i->nfuncs; k++) {
        const WitFunc *f = i->funcs[k];
        for (size_t p = 0; p < f->nparams; p++)
            bg_ctype(g, f->params[p].type);
        if (f->result)
            bg_ctype(g, f->result);
    }
}

int bindgen_c_host(const WitInterface *i, FILE *out, Diag *diag)
{
    Bg g;
    bg_init(&g, diag, NULL, true);
    bg_add_iface(&g, i, i->name, false);
    const char *scope = g.ifaces[0].cname;
    g.strip = scope;
    char *tb = NULL, *db = NULL;
    size_t tn = 0, dn = 0;
    g.types = open_memstream(&tb, &tn);
    g.decls = open_memstream(&db, &dn);
    if (!g.types || !g.decls)
        kiln_oom();
    g.glue = g.types; /* layout checks go into the header */
    bool exp = exported_only(i);
    if (exp)
        fprintf(g.decls, "/* Exported by components: the runtime calls these. */\n");
    declare_all(&g, i);
    for (size_t k = 0; k < i->ntypes; k++) {
        const WitType *t = i->types[k];
        if (t->kind != WIT_RESOURCE)
            continue;
        fprintf(g.decls, "\n/* resource %s */\n", t->name);
        fprintf(g.decls, "void %s_%s_drop(struct KilnComponentInst *ci, void *rep);\n",
                scope, bg_snake(&g, t->name));
        for (size_t j = 0; j < t->nfuncs; j++)
            host_func(&g, t->funcs[j], host_name(&g, t->funcs[j], scope), exp);
    }
    if (i->nfuncs)
        fputc('\n', g.decls);
    for (size_t k = 0; k < i->nfuncs; k++)
        host_func(&g, i->funcs[k], host_name(&g, i->funcs[k], scope), exp);
    fclose(g.types);
    fclose(g.decls);
    const char *up = bg_upper(&g, scope);
    fprintf(out, "/* Generated by `kiln bindgen c --host-runtime` from %s: do not edit.\n"
                 " * The runtime implements these (host C ABI, docs/bindgen-c.md). */\n"
                 "#ifndef KILN_HOST_%s_H\n#define KILN_HOST_%s_H\n\n"
                 "#include <stdbool.h>\n#include <stdint.h>\n\n",
            i->qualified ? i->qualified : scope, up, up);
    /* Types brought in by `use` are declared in their own headers. */
    for (size_t k = 0; k < i->nuses; k++) {
        char *h = bindgen_host_header_name(i->uses[k]->from);
        fprintf(out, "#include \"%s\"\n", h);
        free(h);
    }
    fprintf(out, "\nstruct KilnCanonCx;\nstruct KilnComponentInst;\n\n");
    fwrite(tb, 1, tn, out);
    fwrite(db, 1, dn, out);
    fprintf(out, "\n#endif\n");
    free(tb);
    free(db);
    int rc = g.failed;
    bg_fini(&g);
    return rc;
}

static WitType *const *param_types(Bg *g, const WitFunc *f)
{
    WitType **v = arena_alloc(&g->arena, (f->nparams + 1) * sizeof *v);
    for (size_t i = 0; i < f->nparams; i++)
        v[i] = f->params[i].type;
    return v;
}

static void table_func(Bg *g, FILE *out, const WitInterface *i, const WitFunc *f,
                       const char *scope)
{
    char *key = abi_func_key(param_types(g, f), f->nparams, f->result);
    fprintf(out, "KILN_HOST_FUNC(%s, \"%s\", \"%s\", \"%s\")\n",
            host_name(g, f, scope), wit_interface_unversioned(g, i), f->abi_name, key);
    free(key);
}

int bindgen_c_host_table(const WitInterface *i, FILE *out, Diag *diag)
{
    if (exported_only(i) || !i->qualified)
        return 0;
    Bg g;
    bg_init(&g, diag, NULL, true);
    bg_add_iface(&g, i, i->name, false);
    const char *scope = g.ifaces[0].cname;
    for (size_t k = 0; k < i->ntypes; k++) {
        const WitType *t = i->types[k];
        if (t->kind != WIT_RESOURCE)
            continue;
        fprintf(out, "KILN_HOST_RESOURCE(%s_%s, \"%s\", \"%s\")\n", scope,
                bg_snake(&g, t->name), wit_interface_unversioned(&g, i), t->name);
        for (size_t j = 0; j < t->nfuncs; j++)
            table_func(&g, out, i, t->funcs[j], scope);
    }
    for (size_t k = 0; k < i->nfuncs; k++)
        table_func(&g, out, i, i->funcs[k], scope);
    int rc = g.failed;
    bg_fini(&g);
    return rc;
}
