/* Guest glue (docs/bindgen-c.md): C wrappers around the core imports a
 * component's core module makes, and core exports around the functions the
 * C author defines, following wit-component's core-module naming
 * (Component Model BuildTargets.md / CanonicalABI.md): imports from module
 * "ns:pkg/iface@ver" (world functions: "$root"), field = the function's
 * Component Model name; exports "ns:pkg/iface@ver#name" (world: "name"),
 * post-return "cabi_post_" + export, "cabi_realloc"; exported resources
 * use "[resource-new|rep|drop]r" of module "[export]ns:pkg/iface@ver" and
 * export "ns:pkg/iface@ver#[dtor]r". */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bindgen/bg.h"
#include "bindgen/bindgen.h"

static const char *res_fn_name(Bg *g, const WitFunc *f, const char *scope, bool exported)
{
    const char *r = bg_snake(g, wit_type_resolve(f->resource)->name);
    if (f->kind == WIT_FUNC_CONSTRUCTOR)
        return arena_printf(&g->arena, "%s_%s_%s", scope, r,
                            exported ? "constructor" : "new");
    return arena_printf(&g->arena, "%s_%s_%s", scope, r, bg_snake(g, f->name));
}

/* Imported resource: drop, borrow-of-own, and its functions. */
static void gen_import_resource(Bg *g, const WitType *t, const char *module,
                                const char *scope)
{
    const char *r = bg_snake(g, t->name);
    const char *own = bg_ctype(g, t);
    fprintf(g->decls, "\n/* resource %s */\n", t->name);
    bg_doc(g->decls, t->docs, 0);
    fprintf(g->decls, "void %s_%s_drop(%s handle);\n", scope, r, own);
    fprintf(g->decls, "static inline %s_borrow_%s_t %s_%s_borrow(%s handle)\n"
                      "{\n    return (%s_borrow_%s_t){handle.handle};\n}\n",
            scope, r, scope, r, own, scope, r);
    fprintf(g->glue, "\n__attribute__((import_module(\"%s\"), import_name(\"[resource-drop]%s\")))\n"
                     "extern void kiln_import_%s_%s_drop(int32_t);\n\n"
                     "void %s_%s_drop(%s handle)\n{\n"
                     "    kiln_import_%s_%s_drop(handle.handle);\n}\n",
            module, t->name, scope, r, scope, r, own, scope, r);
    for (size_t i = 0; i < t->nfuncs; i++)
        bg_gen_import(g, t->funcs[i], module, res_fn_name(g, t->funcs[i], scope, false));
}

/* Exported resource: the author's representation, the canonical
 * built-ins, the destructor and the functions. */
static void gen_export_resource(Bg *g, const WitType *t, const char *item,
                                const char *scope)
{
    const char *r = bg_snake(g, t->name);
    const char *own = bg_ctype(g, t);
    const char *rep = arena_printf(&g->arena, "%s_%s_t", scope, r);
    const char *mod = arena_printf(&g->arena, "[export]%s", item);
    FILE *h = g->decls, *o = g->glue;
    fprintf(h, "\n/* resource %s (exported) */\n", t->name);
    bg_doc(h, t->docs, 0);
    fprintf(h, "/* Canonical built-ins: a new handle owning rep, the rep of a "
               "handle, dropping a handle. */\n"
               "%s %s_%s_new(%s *rep);\n%s *%s_%s_rep(%s handle);\n"
               "void %s_%s_drop(%s handle);\n",
            own, scope, r, rep, rep, scope, r, own, scope, r, own);
    fprintf(h, "/* export %s#[dtor]%s: defined by you, called when the last "
               "handle is dropped */\nvoid %s_%s_destructor(%s *rep);\n",
            item, t->name, scope, r, rep);
    static const char *const kinds[] = {"new", "rep", "drop"};
    for (int k = 0; k < 3; k++)
        fprintf(o, "\n__attribute__((import_module(\"%s\"), import_name(\"[resource-%s]%s\")))\n"
                   "extern %s kiln_import_%s_%s_%s(int32_t);\n",
                mod, kinds[k], t->name, k == 2 ? "void" : "int32_t", scope, r, kinds[k]);
    fprintf(o, "\n%s %s_%s_new(%s *rep)\n{\n"
               "    return (%s){kiln_import_%s_%s_new((int32_t)(uintptr_t)rep)};\n}\n",
            own, scope, r, rep, own, scope, r);
    fprintf(o, "\n%s *%s_%s_rep(%s handle)\n{\n"
               "    return (%s *)(uintptr_t)(uint32_t)kiln_import_%s_%s_rep(handle.handle);\n}\n",
            rep, scope, r, own, rep, scope, r);
    fprintf(o, "\nvoid %s_%s_drop(%s handle)\n{\n"
               "    kiln_import_%s_%s_drop(handle.handle);\n}\n",
            scope, r, own, scope, r);
    fprintf(o, "\nvoid kiln_export_%s_%s_dtor(int32_t rep);\n"
               "__attribute__((export_name(\"%s#[dtor]%s\")))\n"
               "void kiln_export_%s_%s_dtor(int32_t rep)\n{\n"
               "    %s_%s_destructor((%s *)(uintptr_t)(uint32_t)rep);\n}\n",
            scope, r, item, t->name, scope, r, scope, r, rep);
    for (size_t i = 0; i < t->nfuncs; i++) {
        const WitFunc *f = t->funcs[i];
        bg_gen_export(g, f, arena_printf(&g->arena, "%s#%s", item, f->abi_name),
                   res_fn_name(g, f, scope, true));
    }
}

static void declare_func_types(Bg *g, const WitFunc *f)
{
    if (f->is_async)
        bg_error(g, &f->loc, "%s: async functions are not supported by the C generator",
                 f->abi_name);
    for (size_t i = 0; i < f->nparams; i++)
        bg_ctype(g, f->params[i].type);
    if (f->result)
        bg_ctype(g, f->result);
}

static void declare_iface_types(Bg *g, const WitInterface *i)
{
    for (size_t k = 0; k < i->ntypes; k++) {
        const WitType *t = i->types[k];
        bg_ctype(g, t);
        if (t->kind == WIT_RESOURCE)
            for (size_t j = 0; j < t->nfuncs; j++)
                declare_func_types(g, t->funcs[j]);
    }
    for (size_t k = 0; k < i->nfuncs; k++)
        declare_func_types(g, i->funcs[k]);
}

static void gen_items(Bg *g, WitWorldItem **items, size_t n, bool exp)
{
    for (size_t k = 0; k < n; k++) {
        const WitWorldItem *it = items[k];
        if (it->kind == WIT_WORLD_FUNC) {
            const char *cname = arena_printf(&g->arena, "%s_%s", g->world,
                                             bg_snake(g, it->func->name));
            if (exp)
                bg_gen_export(g, it->func, it->func->abi_name, cname);
            else
                bg_gen_import(g, it->func, "$root", cname);
            continue;
        }
        if (it->kind == WIT_WORLD_TYPE) {
            /* A resource declared in the world itself: imported from $root. */
            const WitType *t = it->type;
            if (t->kind == WIT_RESOURCE && !t->iface && !exp)
                gen_import_resource(g, t, "$root", g->world);
            continue;
        }
        if (it->kind != WIT_WORLD_INTERFACE)
            continue;
        const WitInterface *i = it->iface;
        const char *scope = bg_iface(g, i)->cname;
        fprintf(g->decls, "\n/* %s %s */\n", exp ? "export" : "import", it->name);
        for (size_t j = 0; j < i->ntypes; j++) {
            const WitType *t = i->types[j];
            if (t->kind != WIT_RESOURCE)
                continue;
            if (exp)
                gen_export_resource(g, t, it->name, scope);
            else
                gen_import_resource(g, t, it->name, scope);
        }
        for (size_t j = 0; j < i->nfuncs; j++) {
            const WitFunc *f = i->funcs[j];
            const char *cname = arena_printf(&g->arena, "%s_%s", scope, bg_snake(g, f->name));
            if (exp)
                bg_gen_export(g, f, arena_printf(&g->arena, "%s#%s", it->name, f->abi_name),
                           cname);
            else
                bg_gen_import(g, f, it->name, cname);
        }
    }
}

static void declare_items(Bg *g, WitWorldItem **items, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        const WitWorldItem *it = items[k];
        if (it->kind == WIT_WORLD_FUNC)
            declare_func_types(g, it->func);
        else if (it->kind == WIT_WORLD_TYPE) {
            const WitType *rt = wit_type_resolve(it->type);
            bg_ctype(g, it->type);
            if (rt->kind == WIT_RESOURCE)
                for (size_t j = 0; j < rt->nfuncs; j++)
                    declare_func_types(g, rt->funcs[j]);
        } else
            declare_iface_types(g, it->iface);
    }
}

static const char *const glue_helpers =
    "static inline __attribute__((unused)) int32_t kiln_f32_bits(float f)\n{\n    int32_t i;\n"
    "    memcpy(&i, &f, 4);\n    return i;\n}\n"
    "static inline __attribute__((unused)) float kiln_bits_f32(int32_t i)\n{\n    float f;\n"
    "    memcpy(&f, &i, 4);\n    return f;\n}\n"
    "static inline __attribute__((unused)) int64_t kiln_f64_bits(double f)\n{\n    int64_t i;\n"
    "    memcpy(&i, &f, 8);\n    return i;\n}\n"
    "static inline __attribute__((unused)) double kiln_bits_f64(int64_t i)\n{\n    double f;\n"
    "    memcpy(&f, &i, 8);\n    return f;\n}\n\n"
    "/* Borrowed handles lent to an export, dropped when it returns. */\n"
    "typedef void (*kiln_drop_fn)(int32_t);\n"
    "static struct kiln_lent {\n    kiln_drop_fn drop;\n    int32_t handle;\n} *kiln_lent;\n"
    "static size_t kiln_nlent, kiln_caplent;\n\n"
    "static __attribute__((unused)) void kiln_lend(kiln_drop_fn drop, int32_t handle)\n{\n"
    "    if (kiln_nlent == kiln_caplent) {\n"
    "        kiln_caplent = kiln_caplent ? 2 * kiln_caplent : 16;\n"
    "        kiln_lent = realloc(kiln_lent, kiln_caplent * sizeof *kiln_lent);\n"
    "        if (!kiln_lent)\n            abort();\n    }\n"
    "    kiln_lent[kiln_nlent].drop = drop;\n"
    "    kiln_lent[kiln_nlent++].handle = handle;\n}\n\n"
    "static __attribute__((unused)) void kiln_lend_release(size_t mark)\n{\n"
    "    while (kiln_nlent > mark) {\n        kiln_nlent--;\n"
    "        kiln_lent[kiln_nlent].drop(kiln_lent[kiln_nlent].handle);\n    }\n}\n\n"
    "/* The allocator the host uses to pass strings and lists in. */\n"
    "void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size);\n"
    "__attribute__((export_name(\"cabi_realloc\")))\n"
    "void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)\n"
    "{\n    (void)old_size;\n    if (new_size == 0)\n        return (void *)align;\n"
    "    void *p = realloc(old, new_size);\n    if (!p)\n        abort();\n"
    "    return p;\n}\n";

static int write_file(Bg *g, const char *path, const char *a, size_t an,
                      const char *b, size_t bn, const char *c, size_t cn)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        bg_error(g, NULL, "cannot write %s: %s", path, strerror(errno));
        return 1;
    }
    fwrite(a, 1, an, f);
    fwrite(b, 1, bn, f);
    fwrite(c, 1, cn, f);
    return fclose(f) ? 1 : 0;
}

int bindgen_c_guest(const WitWorld *w, const char *outdir, Diag *diag)
{
    Bg g;
    bg_init(&g, diag, w->name, false);
    char *tb = NULL, *db = NULL, *cb = NULL;
    size_t tn = 0, dn = 0, cn = 0;
    g.types = open_memstream(&tb, &tn);
    g.decls = open_memstream(&db, &dn);
    g.glue = open_memstream(&cb, &cn);
    if (!g.types || !g.decls || !g.glue)
        kiln_oom();
    for (size_t k = 0; k < w->nimports; k++)
        if (w->imports[k]->kind == WIT_WORLD_INTERFACE)
            bg_add_iface(&g, w->imports[k]->iface, w->imports[k]->name, false);
    for (size_t k = 0; k < w->nexports; k++)
        if (w->exports[k]->kind == WIT_WORLD_INTERFACE)
            bg_add_iface(&g, w->exports[k]->iface, w->exports[k]->name, true);

    WitType str = {.kind = WIT_STRING};
    const char *sname = bg_ctype(&g, &str);
    declare_items(&g, w->imports, w->nimports);
    declare_items(&g, w->exports, w->nexports);
    fprintf(g.decls, "\n/* Strings: _set borrows a C string, _dup copies it "
                     "(malloc). */\n"
                     "static inline void %s_string_set(%s *s, const char *cstr)\n"
                     "{\n    s->ptr = (uint8_t *)cstr;\n    s->len = strlen(cstr);\n}\n"
                     "void %s_string_dup(%s *s, const char *cstr);\n",
            g.world, sname, g.world, sname);
    fprintf(g.glue, "\nvoid %s_string_dup(%s *s, const char *cstr)\n{\n"
                    "    s->len = strlen(cstr);\n    s->ptr = malloc(s->len ? s->len : 1);\n"
                    "    if (!s->ptr)\n        abort();\n    memcpy(s->ptr, cstr, s->len);\n}\n",
            g.world, sname);
    gen_items(&g, w->imports, w->nimports, false);
    gen_items(&g, w->exports, w->nexports, true);
    fclose(g.types);
    fclose(g.decls);
    fclose(g.glue);

    int rc = g.failed;
    if (!rc) {
        const char *up = bg_upper(&g, g.world);
        char *hhead = arena_printf(
            &g.arena,
            "/* Generated by `kiln bindgen c` from world %s: do not edit.\n"
            " * See docs/bindgen-c.md for the C API. */\n"
            "#ifndef %s_BINDINGS_H\n#define %s_BINDINGS_H\n\n"
            "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n"
            "#include <string.h>\n\n",
            w->qualified ? w->qualified : w->name, up, up);
        const char *htail = "\n#endif\n";
        char *hpath = arena_printf(&g.arena, "%s/%s.h", outdir, g.world);
        rc = write_file(&g, hpath, hhead, strlen(hhead), tb, tn, db, dn);
        FILE *hf = rc ? NULL : fopen(hpath, "a");
        if (hf) {
            fputs(htail, hf);
            fclose(hf);
        }
        char *chead = arena_printf(
            &g.arena,
            "/* Generated by `kiln bindgen c` from world %s: do not edit.\n"
            " * Canonical ABI glue (Component Model CanonicalABI.md). */\n"
            "#include \"%s.h\"\n\n#include <stdlib.h>\n#include <string.h>\n\n%s",
            w->qualified ? w->qualified : w->name, g.world, glue_helpers);
        if (!rc)
            rc = write_file(&g, arena_printf(&g.arena, "%s/%s.c", outdir, g.world),
                            chead, strlen(chead), cb, cn, "", 0);
    }
    free(tb);
    free(db);
    free(cb);
    bg_fini(&g);
    return rc;
}
