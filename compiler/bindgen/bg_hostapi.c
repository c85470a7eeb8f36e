/* `kiln bindgen c --host`: a compiled component (`kiln build --emit lib`)
 * as a C library.  Exports become C functions taking the C types of
 * docs/bindgen-c.md (the guest generator's declarations, used here in the
 * host's own layout); their glue hands the values to kiln_embed_call()
 * with a type string per function (runtime/embed/kiln_embed.h), which
 * does the Canonical ABI (CanonicalABI.md "canon lift", from the caller's
 * side), and with a thunk that calls the lifted core function by its
 * flattened signature (flatten_functype).  Imports outside the wasi
 * namespace are implemented by the program by the host C ABI rule
 * (docs/bindgen-c.md "Host C ABI"): their headers come from the runtime
 * header generator. */
#include "bindgen/bg_hostapi.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bindgen/bg.h"
#include "bindgen/bindgen.h"

/* Is `i` an interface the world exports (its resources are the
 * component's, handed to the host as handles)? */
static bool exported_iface(const WitWorld *w, const WitInterface *i)
{
    for (size_t k = 0; i && k < w->nexports; k++)
        if (w->exports[k]->kind == WIT_WORLD_INTERFACE && w->exports[k]->iface == i)
            return true;
    return false;
}

/* The world being generated (one generation at a time). */
static const WitWorld *the_world;

/* The type string of t (kiln_embed.h); false for types the embedding API
 * does not carry (resources, maps, async types). */
static bool type_string(Bg *g, FILE *o, const WitType *t)
{
    t = wit_type_resolve(t);
    static const char prim[] = {[WIT_BOOL] = 'b', [WIT_S8] = 'a', [WIT_U8] = 'A',
                                [WIT_S16] = 'h', [WIT_U16] = 'H', [WIT_S32] = 'i',
                                [WIT_U32] = 'I', [WIT_S64] = 'l', [WIT_U64] = 'L',
                                [WIT_F32] = 'f', [WIT_F64] = 'd', [WIT_CHAR] = 'c',
                                [WIT_STRING] = 's'};
    if (t->kind <= WIT_STRING) {
        fputc(prim[t->kind], o);
        return true;
    }
    bool ok = true;
    switch (t->kind) {
    case WIT_LIST:
        if (t->length)
            fprintf(o, "[%u.", t->length);
        else
            fputc('*', o);
        return type_string(g, o, t->elem);
    case WIT_OPTION:
        fputc('o', o);
        return type_string(g, o, t->elem);
    case WIT_RESULT:
        fputc('x', o);
        if (t->ok)
            ok = type_string(g, o, t->ok);
        else
            fputc('_', o);
        if (t->err)
            ok = ok && type_string(g, o, t->err);
        else
            fputc('_', o);
        return ok;
    case WIT_TUPLE:
        fprintf(o, "r%zu.", t->nelems);
        for (size_t i = 0; i < t->nelems && ok; i++)
            ok = type_string(g, o, t->elems[i]);
        return ok;
    case WIT_RECORD:
        fprintf(o, "r%zu.", t->nfields);
        for (size_t i = 0; i < t->nfields && ok; i++)
            ok = type_string(g, o, t->fields[i].type);
        return ok;
    case WIT_VARIANT:
        fprintf(o, "v%zu.", t->ncases);
        for (size_t i = 0; i < t->ncases && ok; i++) {
            if (t->cases[i].type)
                ok = type_string(g, o, t->cases[i].type);
            else
                fputc('_', o);
        }
        return ok;
    case WIT_ENUM:
        fprintf(o, "e%zu.", t->ncases);
        return true;
    case WIT_FLAGS:
        fprintf(o, "g%zu.", t->ncases);
        return true;
    case WIT_RESOURCE:
    case WIT_BORROW: {
        const WitType *r = t->kind == WIT_BORROW ? wit_type_resolve(t->elem) : t;
        if (!r->name || !exported_iface(the_world, r->iface))
            return false; /* a resource the component imports */
        fprintf(o, "%c%zu.%s", t->kind == WIT_BORROW ? 'B' : 'w', strlen(r->name),
                r->name);
        return true;
    }
    default:
        return false;
    }
}

static char *type_str(Bg *g, const WitFunc *f, const WitType *t, bool params)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *o = open_memstream(&buf, &n);
    if (!o)
        kiln_oom();
    bool ok = true;
    if (params) {
        fprintf(o, "r%zu.", f->nparams);
        for (size_t i = 0; i < f->nparams && ok; i++)
            ok = type_string(g, o, f->params[i].type);
    } else {
        ok = type_string(g, o, t);
    }
    fclose(o);
    char *s = arena_printf(&g->arena, "%s", buf);
    free(buf);
    if (!ok)
        bg_error(g, &f->loc, "%s: imported resources, maps and async types "
                 "are not supported by `kiln bindgen c --host` yet", f->abi_name);
    return s;
}

static char core_letter(AbiCore c)
{
    return "ilfd"[c];
}

static const char *core_member(AbiCore c)
{
    static const char *const m[] = {"i32", "i64", "f32", "f64"};
    return m[c];
}

/* static void <cname>_call(void *entry, KilnVmctx *vm, KilnValue *a,
 * KilnValue *r): the C-ABI entry (kiln_rt.h) called by its signature;
 * the _post thunk calls post-return with the flat results. */
static void gen_thunks(Bg *g, const char *cname, const AbiSig *s)
{
    FILE *o = g->glue;
    fprintf(o, "\nstatic void %s_call(void *entry, KilnVmctx *vm, KilnValue *a, "
               "KilnValue *r)\n{\n    (void)a;\n    (void)r;\n    ", cname);
    bool ret = s->nresults == 1;
    if (ret)
        fprintf(o, "r[0].%s = ((%s (*)(KilnVmctx *", core_member(s->results[0]),
                bg_core_ctype(s->results[0]));
    else
        fprintf(o, "((void (*)(KilnVmctx *");
    for (size_t i = 0; i < s->nparams; i++)
        fprintf(o, ", %s", bg_core_ctype(s->params[i]));
    fprintf(o, "%s))entry)(vm", ret ? "" : ", KilnValue *");
    for (size_t i = 0; i < s->nparams; i++)
        fprintf(o, ", a[%zu].%s", i, core_member(s->params[i]));
    fprintf(o, "%s);\n}\n", ret ? "" : ", r");
    fprintf(o, "\nstatic void %s_post(void *entry, KilnVmctx *vm, KilnValue *a, "
               "KilnValue *r)\n{\n    (void)a;\n    ((void (*)(KilnVmctx *", cname);
    for (size_t i = 0; i < s->nresults; i++)
        fprintf(o, ", %s", bg_core_ctype(s->results[i]));
    fprintf(o, ", KilnValue *))entry)(vm");
    for (size_t i = 0; i < s->nresults; i++)
        fprintf(o, ", a[%zu].%s", i, core_member(s->results[i]));
    fprintf(o, ", r);\n}\n");
}

static void gen_export(Bg *g, const WitFunc *f, const char *ename,
                       const char *cname)
{
    if (f->is_async) {
        bg_error(g, &f->loc, "%s: async functions are not supported", f->abi_name);
        return;
    }
    AbiSig s;
    abi_func_sig(f, true, &g->arena, &s);
    const char *ps = type_str(g, f, NULL, true);
    const char *rs = f->result ? type_str(g, f, f->result, false) : NULL;
    gen_thunks(g, cname, &s);
    FILE *o = g->glue;
    fprintf(o, "\nstatic const KilnEmbedFunc %s_fn = {\n    \"%s\",\n    \"%s\",\n",
            cname, ename, ps);
    if (rs)
        fprintf(o, "    \"%s\",\n", rs);
    else
        fprintf(o, "    NULL,\n");
    fprintf(o, "    \"");
    for (size_t i = 0; i < s.nparams; i++)
        fputc(core_letter(s.params[i]), o);
    fputc(':', o);
    for (size_t i = 0; i < s.nresults; i++)
        fputc(core_letter(s.results[i]), o);
    fprintf(o, "\",\n    %s_call,\n    %s_post,\n};\n", cname, cname);

    /* the declaration and the wrapper share the signature */
    char *sig = NULL;
    size_t n = 0;
    FILE *d = open_memstream(&sig, &n);
    if (!d)
        kiln_oom();
    fprintf(d, "bool %s(%s_t *inst", cname, g->world);
    for (size_t i = 0; i < f->nparams; i++)
        fprintf(d, ", %s %s", bg_ctype(g, f->params[i].type),
                bg_snake(g, f->params[i].name));
    if (f->result)
        fprintf(d, ", %s *ret", bg_ctype(g, f->result));
    fputc(')', d);
    fclose(d);
    bg_doc(g->decls, f->docs, 0);
    fprintf(g->decls, "%s;\n", sig);
    fprintf(o, "\n%s\n{\n    const void *args[%zu] = {", sig,
            f->nparams ? f->nparams : 1);
    for (size_t i = 0; i < f->nparams; i++)
        fprintf(o, "%s&%s", i ? ", " : "", bg_snake(g, f->params[i].name));
    if (!f->nparams)
        fprintf(o, "NULL");
    fprintf(o, "};\n    return kiln_embed_call(inst, &%s_fn, args, %s);\n}\n",
            cname, f->result ? "ret" : "NULL");
    free(sig);
}

/* An exported resource: its constructor <scope>_<r>_new, methods and
 * statics <scope>_<r>_<f>, and <scope>_<r>_drop for the host's handles. */
static void gen_resource(Bg *g, const WitType *r, const char *item,
                         const char *scope)
{
    const char *rs = bg_snake(g, r->name);
    fprintf(g->decls, "\n/* resource %s */\n", r->name);
    for (size_t k = 0; k < r->nfuncs; k++) {
        const WitFunc *f = r->funcs[k];
        const char *cname =
            f->kind == WIT_FUNC_CONSTRUCTOR
                ? arena_printf(&g->arena, "%s_%s_new", scope, rs)
                : arena_printf(&g->arena, "%s_%s_%s", scope, rs, bg_snake(g, f->name));
        gen_export(g, f, arena_printf(&g->arena, "%s#%s", item, f->abi_name), cname);
    }
    const char *own = bg_ctype(g, r);
    WitType bt = {.kind = WIT_BORROW, .elem = (WitType *)r};
    const char *borrow = bg_ctype(g, &bt);
    fprintf(g->decls, "/* The borrow of an owned handle, for a call. */\n"
                      "static inline %s %s_%s_borrow(%s h)\n{\n"
                      "    %s b = {h.handle};\n    return b;\n}\n",
            borrow, scope, rs, own, borrow);
    fprintf(g->decls, "/* Drops a handle the host owns (the destructor runs). */\n"
                      "bool %s_%s_drop(%s_t *inst, %s h);\n", scope, rs, g->world, own);
    fprintf(g->glue, "\nbool %s_%s_drop(%s_t *inst, %s h)\n{\n"
                     "    return kiln_embed_drop(inst, h.handle);\n}\n",
            scope, rs, g->world, own);
}

static void declare_types(Bg *g, const WitFunc *f)
{
    for (size_t i = 0; i < f->nparams; i++)
        bg_ctype(g, f->params[i].type);
    if (f->result)
        bg_ctype(g, f->result);
}

/* An imported interface the program implements: its host C ABI header. */
static int import_header(Bg *g, const WitInterface *i, const char *outdir,
                         FILE *includes)
{
    if (i->package && strcmp(i->package->ns, "wasi") == 0)
        return 0; /* the runtime's */
    if (!i->package) {
        bg_error(g, &i->loc, "inline interface imports are not supported by "
                 "`kiln bindgen c --host`; import an interface by path");
        return 1;
    }
    char *name = bindgen_host_header_name(i);
    char *path = arena_printf(&g->arena, "%s/%s", outdir, name);
    FILE *f = fopen(path, "w");
    int rc = 1;
    if (!f) {
        diag_error(g->diag, path, "cannot write: %s", strerror(errno));
    } else {
        rc = bindgen_c_host(i, f, g->diag);
        if (fclose(f) != 0)
            rc = 1;
        fprintf(includes, "#include \"%s\"\n", name);
    }
    free(name);
    return rc;
}

/* Functions the world imports alone: <lib>_<func> by the same rule (the
 * link plan's name for them, PlanOptions.embed_prefix), declared in
 * OUTDIR/<lib>_imports.h as if they were an interface named <lib>. */
static int import_alone(Bg *g, const char *lib, WitFunc **funcs, size_t n,
                        const char *outdir, FILE *includes)
{
    WitInterface i = {.name = lib, .funcs = funcs, .nfuncs = n};
    char *name = arena_printf(&g->arena, "%s_imports.h", lib);
    char *path = arena_printf(&g->arena, "%s/%s", outdir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        diag_error(g->diag, path, "cannot write: %s", strerror(errno));
        return 1;
    }
    int rc = bindgen_c_host(&i, f, g->diag);
    if (fclose(f) != 0)
        rc = 1;
    fprintf(includes, "#include \"%s\"\n", name);
    return rc;
}

static int write_text(Bg *g, const char *path, const char *const *parts, size_t n)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        diag_error(g->diag, path, "cannot write: %s", strerror(errno));
        return 1;
    }
    for (size_t i = 0; i < n; i++)
        fputs(parts[i], f);
    if (fclose(f) != 0) {
        diag_error(g->diag, path, "cannot write: %s", strerror(errno));
        return 1;
    }
    return 0;
}

/* The guest generator's glue for types is the _free functions plus
 * layout assertions of wasm32; the host keeps the functions only. */
static char *drop_asserts(Bg *g, const char *glue)
{
    char *out = arena_alloc(&g->arena, strlen(glue) + 1), *o = out;
    for (const char *p = glue; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) + 1 : strlen(p);
        if (strncmp(p, "_Static_assert", 14) != 0) {
            memcpy(o, p, len);
            o += len;
        }
        p += len;
    }
    *o = 0;
    return out;
}

int bindgen_c_hostapi(const WitWorld *w, const char *lib, const char *outdir,
                      Diag *diag)
{
    Bg g;
    bg_init(&g, diag, w->name, false);
    the_world = w;
    const char *lp = lib ? lib : g.world;
    char *tb = NULL, *db = NULL, *ib = NULL;
    size_t tn = 0, dn = 0, in = 0;
    g.types = open_memstream(&tb, &tn);
    g.decls = open_memstream(&db, &dn);
    FILE *types_glue = open_memstream(&ib, &in);
    char *fb = NULL;
    size_t fn = 0;
    FILE *funcs = open_memstream(&fb, &fn);
    char *incb = NULL;
    size_t incn = 0;
    FILE *includes = open_memstream(&incb, &incn);
    if (!g.types || !g.decls || !types_glue || !funcs || !includes)
        kiln_oom();
    g.glue = types_glue;
    int rc = 0;
    WitFunc **alone = arena_array(&g.arena, w->nimports + 1, sizeof *alone);
    size_t nalone = 0;
    for (size_t k = 0; k < w->nimports; k++) {
        const WitWorldItem *it = w->imports[k];
        if (it->kind == WIT_WORLD_INTERFACE)
            rc |= import_header(&g, it->iface, outdir, includes);
        else if (it->kind == WIT_WORLD_FUNC)
            alone[nalone++] = it->func;
    }
    if (nalone)
        rc |= import_alone(&g, lp, alone, nalone, outdir, includes);
    /* exported interfaces: their resources' handles are the host's
     * (`w_i_own_r_t`, `w_i_borrow_r_t`), as imported ones are for guests */
    for (size_t k = 0; k < w->nexports; k++)
        if (w->exports[k]->kind == WIT_WORLD_INTERFACE)
            bg_add_iface(&g, w->exports[k]->iface, w->exports[k]->name, false);
    WitType str = {.kind = WIT_STRING};
    const char *sname = bg_ctype(&g, &str);

    /* types first (into g.types, free functions into types_glue), then
     * the functions (their glue into `funcs`) */
    for (size_t k = 0; k < w->nexports; k++) {
        const WitWorldItem *it = w->exports[k];
        if (it->kind == WIT_WORLD_FUNC) {
            declare_types(&g, it->func);
        } else if (it->kind == WIT_WORLD_INTERFACE) {
            for (size_t j = 0; j < it->iface->ntypes; j++) {
                const WitType *t = it->iface->types[j];
                bg_ctype(&g, t);
                if (t->kind == WIT_RESOURCE)
                    for (size_t f = 0; f < t->nfuncs; f++)
                        declare_types(&g, t->funcs[f]);
            }
            for (size_t j = 0; j < it->iface->nfuncs; j++)
                declare_types(&g, it->iface->funcs[j]);
        }
    }
    g.glue = funcs;
    for (size_t k = 0; k < w->nexports; k++) {
        const WitWorldItem *it = w->exports[k];
        if (it->kind == WIT_WORLD_FUNC) {
            gen_export(&g, it->func, it->func->abi_name,
                       arena_printf(&g.arena, "%s_%s", g.world,
                                    bg_snake(&g, it->func->name)));
            continue;
        }
        if (it->kind != WIT_WORLD_INTERFACE)
            continue;
        const WitInterface *i = it->iface;
        const char *scope = bg_iface(&g, i)->cname;
        fprintf(g.decls, "\n/* export %s */\n", it->name);
        for (size_t j = 0; j < i->ntypes; j++)
            if (i->types[j]->kind == WIT_RESOURCE)
                gen_resource(&g, i->types[j], it->name, scope);
        for (size_t j = 0; j < i->nfuncs; j++) {
            const WitFunc *f = i->funcs[j];
            gen_export(&g, f, arena_printf(&g.arena, "%s#%s", it->name, f->abi_name),
                       arena_printf(&g.arena, "%s_%s", scope, bg_snake(&g, f->name)));
        }
    }
    fclose(g.types);
    fclose(g.decls);
    fclose(types_glue);
    fclose(funcs);
    fclose(includes);
    rc |= g.failed;
    if (!rc) {
        const char *W = g.world, *up = bg_upper(&g, g.world);
        char *head = arena_printf(&g.arena,
            "/* Generated by `kiln bindgen c --host` from world %s: do not edit.\n"
            " * The C API of the component built with `kiln build --emit lib\n"
            " * --lib-name %s` (docs/embedding.md). */\n"
            "#ifndef %s_HOST_H\n#define %s_HOST_H\n\n"
            "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n"
            "#include <string.h>\n\n#include \"kiln_embed.h\"\n%s\n"
            "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n",
            w->qualified ? w->qualified : w->name, lp, up, up, incb);
        char *api = arena_printf(&g.arena,
            "\n/* An instance of the component: its own memories, handle tables\n"
            " * and WASI state.  One thread at a time per instance. */\n"
            "typedef KilnEmbed %s_t;\n\n"
            "/* wasi: the instance's WASI configuration, NULL for none (WASI\n"
            " * calls trap).  NULL with *err filled when instantiation fails. */\n"
            "%s_t *%s_instance_new(const KilnWasiConfig *wasi, KilnTrapInfo *err);\n"
            "void %s_instance_free(%s_t *inst);\n"
            "/* After a call returned false: why (a trap poisons the instance). */\n"
            "const KilnTrapInfo *%s_instance_error(const %s_t *inst);\n\n"
            "/* Strings: _set borrows a C string, _dup copies it (malloc). */\n"
            "static inline void %s_string_set(%s *s, const char *cstr)\n"
            "{\n    s->ptr = (uint8_t *)cstr;\n    s->len = strlen(cstr);\n}\n"
            "void %s_string_dup(%s *s, const char *cstr);\n\n"
            "/* Every export: true on success (*ret is yours: free it with its\n"
            " * _free function), false after a trap or an error. */\n",
            W, W, W, W, W, W, W, W, sname, W, sname);
        const char *tail = "\n#ifdef __cplusplus\n}\n#endif\n#endif\n";
        const char *hparts[] = {head, tb, api, db, tail};
        rc = write_text(&g, arena_printf(&g.arena, "%s/%s.h", outdir, W), hparts, 5);
        char *chead = arena_printf(&g.arena,
            "/* Generated by `kiln bindgen c --host` from world %s: do not edit.\n"
            " * The Canonical ABI is done by kiln_embed_call (libkilnrt). */\n"
            "#include \"%s.h\"\n\n#include <stdlib.h>\n\n"
            "extern const KilnComponentDesc %s_component_desc;\n\n"
            "%s_t *%s_instance_new(const KilnWasiConfig *wasi, KilnTrapInfo *err)\n"
            "{\n    return kiln_embed_new(&%s_component_desc, wasi, err);\n}\n\n"
            "void %s_instance_free(%s_t *inst)\n{\n    kiln_embed_free(inst);\n}\n\n"
            "const KilnTrapInfo *%s_instance_error(const %s_t *inst)\n"
            "{\n    return kiln_embed_error(inst);\n}\n\n"
            "void %s_string_dup(%s *s, const char *cstr)\n{\n"
            "    s->len = strlen(cstr);\n    s->ptr = malloc(s->len ? s->len : 1);\n"
            "    if (!s->ptr)\n        abort();\n    memcpy(s->ptr, cstr, s->len);\n}\n",
            w->qualified ? w->qualified : w->name, W, lp, W, W, lp, W, W, W, W, W, sname);
        const char *cparts[] = {chead, drop_asserts(&g, ib), fb};
        if (!rc)
            rc = write_text(&g, arena_printf(&g.arena, "%s/%s.c", outdir, W), cparts, 3);
    }
    free(tb);
    free(db);
    free(ib);
    free(fb);
    free(incb);
    bg_fini(&g);
    return rc;
}
