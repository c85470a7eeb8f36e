/* Function glue (CanonicalABI.md "Flattening", flatten_functype, "canon
 * lower" / "canon lift"): an import is a C wrapper that lowers its
 * arguments to flat core values (or one pointer to them laid out as a
 * tuple above MAX_FLAT_PARAMS) and lifts the result (from the one flat
 * value, or from a return area it passes); an export is a core function
 * that lifts its arguments, calls the author's C function and lowers the
 * result (one flat value, or the address of a static return area that a
 * `cabi_post_` export frees afterwards). */
#include <stdlib.h>
#include <string.h>

#include "bindgen/bg.h"

static const char *ret_ctype(Bg *g, const WitFunc *f)
{
    return f->result ? bg_ctype(g, f->result) : "void";
}

static const char *param_name(Bg *g, const WitParam *p)
{
    return bg_snake(g, p->name);
}

/* "T name", or "T *name" for pointer types. */
static const char *decl(Bg *g, const WitType *t, const char *name)
{
    const char *ct = bg_ctype(g, t);
    size_t n = strlen(ct);
    if (n >= 2 && ct[n - 1] == '*' && ct[n - 2] == ' ')
        return arena_printf(&g->arena, "%s%s", ct, name);
    return arena_printf(&g->arena, "%s %s", ct, name);
}

/* "RET name(T a, U b)" */
static void c_proto(Bg *g, FILE *o, const WitFunc *f, const char *name)
{
    fprintf(o, "%s %s(", ret_ctype(g, f), name);
    for (size_t i = 0; i < f->nparams; i++)
        fprintf(o, "%s%s", i ? ", " : "", decl(g, f->params[i].type,
                                                   param_name(g, &f->params[i])));
    fprintf(o, "%s)", f->nparams ? "" : "void");
}

static void core_proto(Bg *g, FILE *o, const AbiSig *s, const char *name)
{
    fprintf(o, "%s %s(", s->nresults ? bg_core_ctype(s->results[0]) : "void", name);
    for (size_t i = 0; i < s->nparams; i++)
        fprintf(o, "%s%s p%zu", i ? ", " : "", bg_core_ctype(s->params[i]), i);
    fprintf(o, "%s)", s->nparams ? "" : "void");
}

/* The parameters as one struct: the tuple layout of spilled params. */
static void args_struct(Bg *g, FILE *o, const WitFunc *f)
{
    fprintf(o, "    struct {\n");
    for (size_t i = 0; i < f->nparams; i++)
        fprintf(o, "        %s;\n", decl(g, f->params[i].type, param_name(g, &f->params[i])));
    fprintf(o, "    }");
}


void bg_gen_import(Bg *g, const WitFunc *f, const char *module, const char *cname)
{
    AbiSig s;
    abi_func_sig(f, false, &g->arena, &s);
    FILE *o = g->glue;
    const char *core = arena_printf(&g->arena, "kiln_import_%s", cname);
    bg_doc(g->decls, f->docs, 0);
    c_proto(g, g->decls, f, cname);
    fprintf(g->decls, ";\n");

    fprintf(o, "\n__attribute__((import_module(\"%s\"), import_name(\"%s\")))\nextern ",
            module, f->abi_name);
    core_proto(g, o, &s, core);
    fprintf(o, ";\n\n");
    c_proto(g, o, f, cname);
    fprintf(o, "\n{\n");
    BgSlots ps = {"p", s.params};
    if (s.params_spilled) {
        args_struct(g, o, f);
        fprintf(o, " args = {");
        for (size_t i = 0; i < f->nparams; i++)
            fprintf(o, "%s%s", i ? ", " : "", param_name(g, &f->params[i]));
        fprintf(o, "};\n    int32_t p0 = (int32_t)(uintptr_t)&args;\n");
    } else {
        for (size_t i = 0; i < s.flat_params; i++)
            fprintf(o, "    %s p%zu;\n", bg_core_ctype(s.params[i]), i);
        size_t base = 0;
        for (size_t i = 0; i < f->nparams; i++) {
            bg_lower(g, o, f->params[i].type, param_name(g, &f->params[i]), &ps, base, 4);
            base += abi_flatten(f->params[i].type, NULL, 0);
        }
    }
    if (f->result)
        fprintf(o, "    %s ret;\n", ret_ctype(g, f));
    if (s.retptr) {
        fprintf(o, "    %s(", core);
        for (size_t i = 0; i + 1 < s.nparams; i++)
            fprintf(o, "p%zu, ", i);
        fprintf(o, "(int32_t)(uintptr_t)&ret);\n    return ret;\n}\n");
        return;
    }
    fprintf(o, "    ");
    if (s.nresults)
        fprintf(o, "%s r0 = ", bg_core_ctype(s.results[0]));
    fprintf(o, "%s(", core);
    for (size_t i = 0; i < s.nparams; i++)
        fprintf(o, "%sp%zu", i ? ", " : "", i);
    fprintf(o, ");\n");
    if (f->result) {
        BgSlots rs = {"r", s.results};
        bg_lift(g, o, f->result, "ret", &rs, 0, 4);
        fprintf(o, "    return ret;\n");
    }
    fprintf(o, "}\n");
}


/* Whether a value holds borrows of imported resources: an export's caller
 * lends those for the call only, and the callee must drop them before it
 * returns (CanonicalABI.md: a task ends with no borrows outstanding). */
static bool has_import_borrow(Bg *g, const WitType *t)
{
    t = wit_type_resolve(t);
    if (t->kind == WIT_BORROW)
        return !bg_resource_exported(g, t->elem);
    switch (abi_shape(t)) {
    case ABI_SHAPE_LIST:
        return t->kind == WIT_LIST && has_import_borrow(g, t->elem);
    case ABI_SHAPE_FIXED:
        return has_import_borrow(g, t->elem);
    case ABI_SHAPE_RECORD:
        for (size_t i = 0; i < abi_record_nfields(t); i++)
            if (has_import_borrow(g, abi_record_field(t, i)))
                return true;
        return false;
    case ABI_SHAPE_VARIANT:
        for (size_t i = 0; i < abi_variant_ncases(t); i++) {
            const WitType *p = abi_variant_payload(t, i);
            if (p && has_import_borrow(g, p))
                return true;
        }
        return false;
    default:
        return false;
    }
}

/* Emits code recording the borrows in value `e`; after the call the glue
 * drops them (`[resource-drop]`), even if the author freed the lists. */
static void drop_borrows(Bg *g, FILE *o, const WitType *t, const char *e, int ind, int depth)
{
    t = wit_type_resolve(t);
    Arena *a = &g->arena;
    if (!has_import_borrow(g, t))
        return;
    if (t->kind == WIT_BORROW) {
        const WitType *r = wit_type_resolve(t->elem);
        fprintf(o, "%*skiln_lend(kiln_import_%s_%s_drop, (%s).handle);\n", ind, "",
                bg_scope(g, r), bg_snake(g, r->name), e);
        return;
    }
    switch (abi_shape(t)) {
    case ABI_SHAPE_LIST:
    case ABI_SHAPE_FIXED: {
        const char *n = t->length ? arena_printf(a, "%u", t->length)
                                  : arena_printf(a, "(%s).len", e);
        fprintf(o, "%*sfor (size_t i%d = 0; i%d < %s; i%d++) {\n", ind, "", depth, depth, n,
                depth);
        drop_borrows(g, o, t->elem,
                     arena_printf(a, t->length ? "(%s).arr[i%d]" : "(%s).ptr[i%d]", e, depth),
                     ind + 4, depth + 1);
        fprintf(o, "%*s}\n", ind, "");
        return;
    }
    case ABI_SHAPE_RECORD:
        for (size_t i = 0; i < abi_record_nfields(t); i++) {
            const char *f = t->kind == WIT_RECORD
                                ? arena_printf(a, "(%s).%s", e, bg_snake(g, t->fields[i].name))
                                : arena_printf(a, "(%s).f%zu", e, i);
            drop_borrows(g, o, abi_record_field(t, i), f, ind, depth);
        }
        return;
    case ABI_SHAPE_VARIANT: {
        const char *tag = t->kind == WIT_OPTION   ? "is_some"
                          : t->kind == WIT_RESULT ? "is_err"
                                                  : "tag";
        for (size_t i = 0; i < abi_variant_ncases(t); i++) {
            const WitType *p = abi_variant_payload(t, i);
            if (!p || !has_import_borrow(g, p))
                continue;
            const char *v = t->kind == WIT_OPTION ? arena_printf(a, "(%s).val", e)
                            : t->kind == WIT_RESULT
                                ? arena_printf(a, "(%s).val.%s", e, i ? "err" : "ok")
                                : arena_printf(a, "(%s).val.%s", e,
                                               bg_snake(g, t->cases[i].name));
            fprintf(o, "%*sif ((int)(%s).%s == %zu) {\n", ind, "", e, tag, i);
            drop_borrows(g, o, p, v, ind + 4, depth);
            fprintf(o, "%*s}\n", ind, "");
        }
        return;
    }
    default:
        return;
    }
}

void bg_gen_export(Bg *g, const WitFunc *f, const char *ename, const char *cname)
{
    AbiSig s;
    abi_func_sig(f, true, &g->arena, &s);
    FILE *o = g->glue;
    bg_doc(g->decls, f->docs, 0);
    fprintf(g->decls, "/* export %s: defined by you */\n", ename);
    c_proto(g, g->decls, f, cname);
    fprintf(g->decls, ";\n");

    const char *core = arena_printf(&g->arena, "kiln_export_%s", cname);
    fputc('\n', o);
    core_proto(g, o, &s, core); /* a prototype, for -Wmissing-prototypes */
    fprintf(o, ";\n__attribute__((export_name(\"%s\")))\n", ename);
    core_proto(g, o, &s, core);
    fprintf(o, "\n{\n");
    for (size_t i = 0; i < f->nparams; i++)
        fprintf(o, "    %s;\n", decl(g, f->params[i].type, param_name(g, &f->params[i])));
    if (s.params_spilled) {
        args_struct(g, o, f);
        fprintf(o, " *args = (void *)(uintptr_t)p0;\n");
        for (size_t i = 0; i < f->nparams; i++)
            fprintf(o, "    %s = args->%s;\n", param_name(g, &f->params[i]),
                    param_name(g, &f->params[i]));
        fprintf(o, "    free(args);\n");
    } else {
        BgSlots ps = {"p", s.params};
        size_t base = 0;
        for (size_t i = 0; i < f->nparams; i++) {
            bg_lift(g, o, f->params[i].type, param_name(g, &f->params[i]), &ps, base, 4);
            base += abi_flatten(f->params[i].type, NULL, 0);
        }
    }
    bool lends = false;
    for (size_t i = 0; i < f->nparams; i++)
        lends |= has_import_borrow(g, f->params[i].type);
    if (lends) {
        fprintf(o, "    size_t kiln_mark = kiln_nlent;\n");
        for (size_t i = 0; i < f->nparams; i++)
            drop_borrows(g, o, f->params[i].type, param_name(g, &f->params[i]), 4, 0);
    }
    fprintf(o, "    ");
    if (f->result)
        fprintf(o, "%s ret = ", ret_ctype(g, f));
    fprintf(o, "%s(", cname);
    for (size_t i = 0; i < f->nparams; i++)
        fprintf(o, "%s%s", i ? ", " : "", param_name(g, &f->params[i]));
    fprintf(o, ");\n");
    if (lends)
        fprintf(o, "    kiln_lend_release(kiln_mark);\n");
    if (!f->result) {
        fprintf(o, "}\n");
        return;
    }
    if (s.results_spilled) {
        fprintf(o, "    static %s area;\n    area = ret;\n"
                   "    return (int32_t)(uintptr_t)&area;\n}\n",
                ret_ctype(g, f));
        if (bg_needs_free(f->result))
            fprintf(o, "\nvoid kiln_post_%s(int32_t p0);\n"
                       "__attribute__((export_name(\"cabi_post_%s\")))\n"
                       "void kiln_post_%s(int32_t p0)\n{\n"
                       "    %s_free((%s *)(uintptr_t)p0);\n}\n",
                    cname, ename, cname, bg_stem(g, f->result), ret_ctype(g, f));
        return;
    }
    BgSlots rs = {"r", s.results};
    fprintf(o, "    %s r0;\n", bg_core_ctype(s.results[0]));
    bg_lower(g, o, f->result, "ret", &rs, 0, 4);
    fprintf(o, "    return r0;\n}\n");
}
