/* Flat lowering and lifting code (CanonicalABI.md "Flat Lowering", "Flat
 * Lifting"): a value is spread over core-value slots in flatten_type
 * order; a variant's payload positions hold the join of its cases' types,
 * so a case's value is converted to and from the joined slot type (f32
 * bits in an i32, i32 zero-extended into an i64, f32/f64 bits in an
 * i64); positions a case does not use are zero. */
#include <stdlib.h>
#include <string.h>

#include "bindgen/bg.h"

const char *bg_core_ctype(AbiCore c)
{
    static const char *const n[] = {"int32_t", "int64_t", "float", "double"};
    return n[c];
}

static const char *field_expr(Bg *g, const WitType *t, const char *e, size_t i)
{
    t = wit_type_resolve(t);
    if (t->kind == WIT_RECORD)
        return arena_printf(&g->arena, "(%s).%s", e, bg_snake(g, t->fields[i].name));
    return arena_printf(&g->arena, "(%s).f%zu", e, i);
}

static const char *case_expr(Bg *g, const WitType *t, const char *e, size_t i)
{
    t = wit_type_resolve(t);
    if (t->kind == WIT_OPTION)
        return arena_printf(&g->arena, "(%s).val", e);
    if (t->kind == WIT_RESULT)
        return arena_printf(&g->arena, "(%s).val.%s", e, i == 0 ? "ok" : "err");
    return arena_printf(&g->arena, "(%s).val.%s", e, bg_snake(g, t->cases[i].name));
}

static const char *tag_expr(Bg *g, const WitType *t, const char *e)
{
    t = wit_type_resolve(t);
    if (t->kind == WIT_OPTION)
        return arena_printf(&g->arena, "(%s).is_some", e);
    if (t->kind == WIT_RESULT)
        return arena_printf(&g->arena, "(%s).is_err", e);
    if (t->kind == WIT_ENUM)
        return e;
    return arena_printf(&g->arena, "(%s).tag", e);
}

/* Stores value v of core type c into slot `base` (of its slot type). */
static void store_slot(Bg *g, FILE *o, const BgSlots *s, size_t base, AbiCore c,
                       const char *v, int ind)
{
    const char *x = v;
    switch (abi_coerce(c, s->types[base])) {
    case ABI_COERCE_NONE:
        break;
    case ABI_COERCE_F32_BITS_I32:
        x = arena_printf(&g->arena, "kiln_f32_bits(%s)", v);
        break;
    case ABI_COERCE_I32_ZEXT_I64:
        x = arena_printf(&g->arena, "(int64_t)(uint32_t)(%s)", v);
        break;
    case ABI_COERCE_F32_BITS_I64:
        x = arena_printf(&g->arena, "(int64_t)(uint32_t)kiln_f32_bits(%s)", v);
        break;
    case ABI_COERCE_F64_BITS_I64:
        x = arena_printf(&g->arena, "kiln_f64_bits(%s)", v);
        break;
    }
    fprintf(o, "%*s%s%zu = %s;\n", ind, "", s->prefix, base, x);
}

/* The value of slot `base` as core type c. */
static const char *load_slot(Bg *g, const BgSlots *s, size_t base, AbiCore c)
{
    const char *v = arena_printf(&g->arena, "%s%zu", s->prefix, base);
    switch (abi_coerce(c, s->types[base])) {
    case ABI_COERCE_NONE:
        return v;
    case ABI_COERCE_F32_BITS_I32:
        return arena_printf(&g->arena, "kiln_bits_f32(%s)", v);
    case ABI_COERCE_I32_ZEXT_I64:
        return arena_printf(&g->arena, "(int32_t)%s", v);
    case ABI_COERCE_F32_BITS_I64:
        return arena_printf(&g->arena, "kiln_bits_f32((int32_t)%s)", v);
    case ABI_COERCE_F64_BITS_I64:
        return arena_printf(&g->arena, "kiln_bits_f64(%s)", v);
    }
    return v;
}

static AbiCore leaf_core(const WitType *t)
{
    AbiCore c;
    abi_flatten(t, &c, 1);
    return c;
}

void bg_lower(Bg *g, FILE *o, const WitType *t, const char *e, const BgSlots *s,
              size_t base, int ind)
{
    t = wit_type_resolve(t);
    Arena *a = &g->arena;
    switch (abi_shape(t)) {
    case ABI_SHAPE_LIST:
        if (g->host) {
            store_slot(g, o, s, base, ABI_I32, arena_printf(a, "(int32_t)(%s).ptr", e), ind);
        } else {
            store_slot(g, o, s, base, ABI_I32,
                       arena_printf(a, "(int32_t)(uintptr_t)(%s).ptr", e), ind);
        }
        store_slot(g, o, s, base + 1, ABI_I32, arena_printf(a, "(int32_t)(%s).len", e),
                   ind);
        return;
    case ABI_SHAPE_FIXED: {
        size_t k = abi_flatten(t->elem, NULL, 0);
        for (uint32_t i = 0; i < t->length; i++)
            bg_lower(g, o, t->elem, arena_printf(a, "(%s).arr[%u]", e, i), s,
                     base + i * k, ind);
        return;
    }
    case ABI_SHAPE_RECORD: {
        size_t off = 0;
        for (size_t i = 0; i < abi_record_nfields(t); i++) {
            const WitType *f = abi_record_field(t, i);
            bg_lower(g, o, f, field_expr(g, t, e, i), s, base + off, ind);
            off += abi_flatten(f, NULL, 0);
        }
        return;
    }
    case ABI_SHAPE_VARIANT: {
        size_t n = abi_flatten(t, NULL, 0);
        for (size_t i = 1; i < n; i++)
            fprintf(o, "%*s%s%zu = 0;\n", ind, "", s->prefix, base + i);
        store_slot(g, o, s, base, ABI_I32,
                   arena_printf(a, "(int32_t)%s", tag_expr(g, t, e)), ind);
        if (n == 1)
            return;
        fprintf(o, "%*sswitch ((int)%s) {\n", ind, "", tag_expr(g, t, e));
        for (size_t i = 0; i < abi_variant_ncases(t); i++) {
            const WitType *p = abi_variant_payload(t, i);
            if (!p)
                continue;
            fprintf(o, "%*scase %zu:\n", ind, "", i);
            bg_lower(g, o, p, case_expr(g, t, e, i), s, base + 1, ind + 4);
            fprintf(o, "%*sbreak;\n", ind + 4, "");
        }
        fprintf(o, "%*sdefault:\n%*sbreak;\n%*s}\n", ind, "", ind + 4, "", ind, "");
        return;
    }
    case ABI_SHAPE_FLAGS:
        store_slot(g, o, s, base, ABI_I32, arena_printf(a, "(int32_t)(%s)", e), ind);
        return;
    case ABI_SHAPE_SCALAR:
        break;
    }
    AbiCore c = leaf_core(t);
    const char *v;
    if (t->kind == WIT_RESOURCE && !g->host)
        v = arena_printf(a, "(%s).handle", e);
    else if (t->kind == WIT_BORROW && !g->host)
        v = bg_resource_exported(g, t->elem)
                ? arena_printf(a, "(int32_t)(uintptr_t)(%s)", e)
                : arena_printf(a, "(%s).handle", e);
    else if (c == ABI_I32)
        v = arena_printf(a, "(int32_t)(%s)", e);
    else if (c == ABI_I64)
        v = arena_printf(a, "(int64_t)(%s)", e);
    else
        v = e;
    store_slot(g, o, s, base, c, v, ind);
}

void bg_lift(Bg *g, FILE *o, const WitType *t, const char *lv, const BgSlots *s,
             size_t base, int ind)
{
    t = wit_type_resolve(t);
    Arena *a = &g->arena;
    switch (abi_shape(t)) {
    case ABI_SHAPE_LIST: {
        if (g->host)
            fprintf(o, "%*s(%s).ptr = (uint32_t)%s;\n", ind, "", lv,
                    load_slot(g, s, base, ABI_I32));
        else
            fprintf(o, "%*s(%s).ptr = (void *)(uintptr_t)(uint32_t)%s;\n", ind, "", lv,
                    load_slot(g, s, base, ABI_I32));
        fprintf(o, "%*s(%s).len = (uint32_t)%s;\n", ind, "", lv,
                load_slot(g, s, base + 1, ABI_I32));
        return;
    }
    case ABI_SHAPE_FIXED: {
        size_t k = abi_flatten(t->elem, NULL, 0);
        for (uint32_t i = 0; i < t->length; i++)
            bg_lift(g, o, t->elem, arena_printf(a, "(%s).arr[%u]", lv, i), s,
                    base + i * k, ind);
        return;
    }
    case ABI_SHAPE_RECORD: {
        size_t off = 0;
        for (size_t i = 0; i < abi_record_nfields(t); i++) {
            const WitType *f = abi_record_field(t, i);
            bg_lift(g, o, f, field_expr(g, t, lv, i), s, base + off, ind);
            off += abi_flatten(f, NULL, 0);
        }
        return;
    }
    case ABI_SHAPE_VARIANT: {
        size_t n = abi_flatten(t, NULL, 0);
        const char *tag = tag_expr(g, t, lv);
        if (t->kind == WIT_ENUM)
            fprintf(o, "%*s%s = (%s)%s;\n", ind, "", lv, bg_ctype(g, t),
                    load_slot(g, s, base, ABI_I32));
        else if (t->kind == WIT_OPTION || t->kind == WIT_RESULT)
            fprintf(o, "%*s%s = %s != 0;\n", ind, "", tag, load_slot(g, s, base, ABI_I32));
        else
            fprintf(o, "%*s%s = (__typeof__(%s))%s;\n", ind, "", tag, tag,
                    load_slot(g, s, base, ABI_I32));
        if (n == 1)
            return;
        fprintf(o, "%*sswitch ((int)%s) {\n", ind, "", tag);
        for (size_t i = 0; i < abi_variant_ncases(t); i++) {
            const WitType *p = abi_variant_payload(t, i);
            if (!p)
                continue;
            fprintf(o, "%*scase %zu:\n", ind, "", i);
            bg_lift(g, o, p, case_expr(g, t, lv, i), s, base + 1, ind + 4);
            fprintf(o, "%*sbreak;\n", ind + 4, "");
        }
        fprintf(o, "%*sdefault:\n%*sbreak;\n%*s}\n", ind, "", ind + 4, "", ind, "");
        return;
    }
    case ABI_SHAPE_FLAGS:
        fprintf(o, "%*s%s = (%s)%s;\n", ind, "", lv, bg_ctype(g, t),
                load_slot(g, s, base, ABI_I32));
        return;
    case ABI_SHAPE_SCALAR:
        break;
    }
    AbiCore c = leaf_core(t);
    const char *v = load_slot(g, s, base, c);
    if (t->kind == WIT_RESOURCE && !g->host)
        fprintf(o, "%*s(%s).handle = %s;\n", ind, "", lv, v);
    else if (t->kind == WIT_BORROW && !g->host && bg_resource_exported(g, t->elem))
        fprintf(o, "%*s%s = (%s)(uintptr_t)(uint32_t)%s;\n", ind, "", lv, bg_ctype(g, t), v);
    else if (t->kind == WIT_BORROW && !g->host)
        fprintf(o, "%*s(%s).handle = %s;\n", ind, "", lv, v);
    else if (t->kind == WIT_BOOL)
        fprintf(o, "%*s%s = %s != 0;\n", ind, "", lv, v);
    else
        fprintf(o, "%*s%s = (%s)%s;\n", ind, "", lv, bg_ctype(g, t), v);
}
