/* Canonical ABI layout (Component Model design/mvp/CanonicalABI.md):
 * despecialize, alignment, elem_size, flatten_type, join and
 * flatten_functype with MAX_FLAT_PARAMS / MAX_FLAT_RESULTS. */
#include "bindgen/abi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"

const char *abi_core_name(AbiCore c)
{
    static const char *const names[] = {"i32", "i64", "f32", "f64"};
    return names[c];
}

AbiShape abi_shape(const WitType *t)
{
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_STRING:
    case WIT_MAP:
        return ABI_SHAPE_LIST;
    case WIT_LIST:
        return t->length ? ABI_SHAPE_FIXED : ABI_SHAPE_LIST;
    case WIT_RECORD:
    case WIT_TUPLE:
        return ABI_SHAPE_RECORD;
    case WIT_VARIANT:
    case WIT_ENUM:
    case WIT_OPTION:
    case WIT_RESULT:
        return ABI_SHAPE_VARIANT;
    case WIT_FLAGS:
        return ABI_SHAPE_FLAGS;
    default:
        return ABI_SHAPE_SCALAR;
    }
}

size_t abi_record_nfields(const WitType *t)
{
    t = wit_type_resolve(t);
    return t->kind == WIT_RECORD ? t->nfields : t->nelems;
}

const WitType *abi_record_field(const WitType *t, size_t i)
{
    t = wit_type_resolve(t);
    return t->kind == WIT_RECORD ? t->fields[i].type : t->elems[i];
}

size_t abi_variant_ncases(const WitType *t)
{
    t = wit_type_resolve(t);
    if (t->kind == WIT_OPTION || t->kind == WIT_RESULT)
        return 2;
    return t->ncases;
}

const WitType *abi_variant_payload(const WitType *t, size_t i)
{
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_OPTION:
        return i == 1 ? t->elem : NULL;
    case WIT_RESULT:
        return i == 0 ? t->ok : t->err;
    case WIT_VARIANT:
        return t->cases[i].type;
    default:
        return NULL;
    }
}

uint32_t abi_discriminant_size(size_t ncases)
{
    if (ncases <= 256)
        return 1;
    if (ncases <= 65536)
        return 2;
    return 4;
}

uint32_t abi_flags_size(size_t n)
{
    if (n == 0)
        return 0;
    if (n <= 8)
        return 1;
    if (n <= 16)
        return 2;
    return 4 * (uint32_t)((n + 31) / 32);
}

uint32_t abi_align_to(uint32_t x, uint32_t align)
{
    return (x + align - 1) / align * align;
}

static uint32_t max_case_align(const WitType *t)
{
    uint32_t a = 1;
    for (size_t i = 0; i < abi_variant_ncases(t); i++) {
        const WitType *p = abi_variant_payload(t, i);
        if (p && abi_align(p) > a)
            a = abi_align(p);
    }
    return a;
}

/* Size of a scalar whose size is not 4 (its alignment too), else 0. */
static uint32_t odd_scalar_size(WitTypeKind k)
{
    switch (k) {
    case WIT_BOOL:
    case WIT_S8:
    case WIT_U8:
        return 1;
    case WIT_S16:
    case WIT_U16:
        return 2;
    case WIT_S64:
    case WIT_U64:
    case WIT_F64:
        return 8;
    default:
        return 0;
    }
}

uint32_t abi_align(const WitType *t)
{
    t = wit_type_resolve(t);
    uint32_t scalar = odd_scalar_size(t->kind);
    if (scalar)
        return scalar;
    switch (t->kind) {
    case WIT_LIST:
        return t->length ? abi_align(t->elem) : 4;
    case WIT_RECORD:
    case WIT_TUPLE: {
        uint32_t a = 1;
        for (size_t i = 0; i < abi_record_nfields(t); i++) {
            uint32_t fa = abi_align(abi_record_field(t, i));
            if (fa > a)
                a = fa;
        }
        return a;
    }
    case WIT_VARIANT:
    case WIT_ENUM:
    case WIT_OPTION:
    case WIT_RESULT: {
        uint32_t d = abi_discriminant_size(abi_variant_ncases(t));
        uint32_t c = max_case_align(t);
        return d > c ? d : c;
    }
    case WIT_FLAGS: {
        uint32_t s = abi_flags_size(t->ncases);
        return s > 4 ? 4 : (s ? s : 1);
    }
    default: /* 32-bit scalars, pointers, handles */
        return 4;
    }
}

uint32_t abi_field_offset(const WitType *t, size_t i)
{
    uint32_t s = 0;
    for (size_t k = 0;; k++) {
        const WitType *f = abi_record_field(t, k);
        s = abi_align_to(s, abi_align(f));
        if (k == i)
            return s;
        s += abi_size(f);
    }
}

uint32_t abi_payload_offset(const WitType *t)
{
    return abi_align_to(abi_discriminant_size(abi_variant_ncases(t)),
                        max_case_align(t));
}

uint32_t abi_size(const WitType *t)
{
    t = wit_type_resolve(t);
    uint32_t scalar = odd_scalar_size(t->kind);
    if (scalar)
        return scalar;
    switch (t->kind) {
    case WIT_STRING:
    case WIT_MAP:
        return 8;
    case WIT_LIST:
        return t->length ? t->length * abi_size(t->elem) : 8;
    case WIT_RECORD:
    case WIT_TUPLE: {
        size_t n = abi_record_nfields(t);
        if (n == 0)
            return 0;
        uint32_t end = abi_field_offset(t, n - 1) +
                       abi_size(abi_record_field(t, n - 1));
        return abi_align_to(end, abi_align(t));
    }
    case WIT_VARIANT:
    case WIT_ENUM:
    case WIT_OPTION:
    case WIT_RESULT: {
        uint32_t s = abi_payload_offset(t), m = 0;
        for (size_t i = 0; i < abi_variant_ncases(t); i++) {
            const WitType *p = abi_variant_payload(t, i);
            if (p && abi_size(p) > m)
                m = abi_size(p);
        }
        return abi_align_to(s + m, abi_align(t));
    }
    case WIT_FLAGS:
        return abi_flags_size(t->ncases);
    default:
        return 4;
    }
}

AbiCore abi_join(AbiCore a, AbiCore b)
{
    if (a == b)
        return a;
    if ((a == ABI_I32 && b == ABI_F32) || (a == ABI_F32 && b == ABI_I32))
        return ABI_I32;
    return ABI_I64;
}

AbiCoerce abi_coerce(AbiCore have, AbiCore slot)
{
    if (have == slot)
        return ABI_COERCE_NONE;
    if (slot == ABI_I32) /* have f32: the only other type joining to i32 */
        return ABI_COERCE_F32_BITS_I32;
    switch (have) {
    case ABI_I32:
        return ABI_COERCE_I32_ZEXT_I64;
    case ABI_F32:
        return ABI_COERCE_F32_BITS_I64;
    default:
        return ABI_COERCE_F64_BITS_I64;
    }
}

static void put(AbiCore *out, size_t cap, size_t i, AbiCore c)
{
    if (i < cap)
        out[i] = c;
}

/* The variant's payload positions: the join of every case's flattening at
 * that position.  Uses a scratch buffer per case. */
static size_t flatten_variant(const WitType *t, AbiCore *out, size_t cap)
{
    put(out, cap, 0, ABI_I32);
    size_t n = 1;
    for (size_t i = 0; i < abi_variant_ncases(t); i++) {
        const WitType *p = abi_variant_payload(t, i);
        if (!p)
            continue;
        size_t k = abi_flatten(p, NULL, 0);
        AbiCore stack[32], *buf = stack;
        if (k > 32) {
            buf = malloc(k * sizeof *buf);
            if (!buf)
                kiln_oom();
        }
        abi_flatten(p, buf, k);
        for (size_t j = 0; j < k; j++) {
            if (1 + j < n) {
                if (1 + j < cap)
                    out[1 + j] = abi_join(out[1 + j], buf[j]);
            } else {
                put(out, cap, 1 + j, buf[j]);
            }
        }
        if (1 + k > n)
            n = 1 + k;
        if (buf != stack)
            free(buf);
    }
    return n;
}

size_t abi_flatten(const WitType *t, AbiCore *out, size_t cap)
{
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_S64:
    case WIT_U64:
        put(out, cap, 0, ABI_I64);
        return 1;
    case WIT_F32:
        put(out, cap, 0, ABI_F32);
        return 1;
    case WIT_F64:
        put(out, cap, 0, ABI_F64);
        return 1;
    case WIT_STRING:
    case WIT_MAP:
        put(out, cap, 0, ABI_I32);
        put(out, cap, 1, ABI_I32);
        return 2;
    case WIT_LIST:
        if (!t->length) {
            put(out, cap, 0, ABI_I32);
            put(out, cap, 1, ABI_I32);
            return 2;
        } else {
            size_t k = abi_flatten(t->elem, NULL, 0), n = 0;
            for (uint32_t i = 0; i < t->length; i++, n += k)
                abi_flatten(t->elem, out ? out + (n < cap ? n : cap) : NULL,
                            n < cap ? cap - n : 0);
            return n;
        }
    case WIT_RECORD:
    case WIT_TUPLE: {
        size_t n = 0;
        for (size_t i = 0; i < abi_record_nfields(t); i++)
            n += abi_flatten(abi_record_field(t, i),
                             out ? out + (n < cap ? n : cap) : NULL,
                             n < cap ? cap - n : 0);
        return n;
    }
    case WIT_VARIANT:
    case WIT_ENUM:
    case WIT_OPTION:
    case WIT_RESULT:
        return flatten_variant(t, out, cap);
    case WIT_FLAGS: {
        size_t n = (t->ncases + 31) / 32;
        for (size_t i = 0; i < n; i++)
            put(out, cap, i, ABI_I32);
        return n;
    }
    default:
        put(out, cap, 0, ABI_I32);
        return 1;
    }
}

static size_t flatten_params(const WitFunc *f, AbiCore *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < f->nparams; i++)
        n += abi_flatten(f->params[i].type, out ? out + (n < cap ? n : cap) : NULL,
                         n < cap ? cap - n : 0);
    return n;
}

void abi_func_sig(const WitFunc *f, bool lift, Arena *a, AbiSig *s)
{
    *s = (AbiSig){0};
    s->flat_params = flatten_params(f, NULL, 0);
    s->flat_results = f->result ? abi_flatten(f->result, NULL, 0) : 0;
    s->params_spilled = s->flat_params > ABI_MAX_FLAT_PARAMS;
    s->results_spilled = s->flat_results > ABI_MAX_FLAT_RESULTS;
    size_t np = s->params_spilled ? 1 : s->flat_params;
    s->retptr = !lift && s->results_spilled;
    s->params = arena_array(a, np + 1, sizeof *s->params);
    if (s->params_spilled)
        s->params[0] = ABI_I32;
    else
        flatten_params(f, s->params, np);
    s->nparams = np;
    if (s->retptr)
        s->params[s->nparams++] = ABI_I32;
    s->results = arena_array(a, 1, sizeof *s->results);
    if (s->results_spilled) {
        if (lift) {
            s->results[0] = ABI_I32;
            s->nresults = 1;
        }
    } else if (s->flat_results) {
        abi_flatten(f->result, s->results, 1);
        s->nresults = 1;
    }
}

uint32_t abi_params_align(const WitFunc *f)
{
    uint32_t a = 1;
    for (size_t i = 0; i < f->nparams; i++)
        if (abi_align(f->params[i].type) > a)
            a = abi_align(f->params[i].type);
    return a;
}

uint32_t abi_param_offset(const WitFunc *f, size_t i)
{
    uint32_t s = 0;
    for (size_t k = 0;; k++) {
        s = abi_align_to(s, abi_align(f->params[k].type));
        if (k == i)
            return s;
        s += abi_size(f->params[k].type);
    }
}

uint32_t abi_params_size(const WitFunc *f)
{
    if (!f->nparams)
        return 0;
    uint32_t end = abi_param_offset(f, f->nparams - 1) +
                   abi_size(f->params[f->nparams - 1].type);
    return abi_align_to(end, abi_params_align(f));
}

/* ---- structural type keys ------------------------------------------- */

typedef struct KeyBuf {
    char *s;
    size_t n, cap;
} KeyBuf;

static void key_put(KeyBuf *b, const char *s)
{
    size_t l = strlen(s);
    if (b->n + l + 1 > b->cap) {
        b->cap = (b->n + l + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            kiln_oom();
    }
    memcpy(b->s + b->n, s, l + 1);
    b->n += l;
}

static void key_type(KeyBuf *b, const WitType *t);

static void key_opt(KeyBuf *b, const WitType *t)
{
    if (t)
        key_type(b, t);
    else
        key_put(b, "_");
}

static void key_cases(KeyBuf *b, const char *kw, const WitType *t)
{
    key_put(b, kw);
    key_put(b, "{");
    for (size_t i = 0; i < t->ncases; i++) {
        key_put(b, i ? "," : "");
        key_put(b, t->cases[i].name);
        if (t->cases[i].type) {
            key_put(b, "(");
            key_type(b, t->cases[i].type);
            key_put(b, ")");
        }
    }
    key_put(b, "}");
}

static void key_type(KeyBuf *b, const WitType *t)
{
    static const char *const prim[] = {
        [WIT_BOOL] = "bool", [WIT_S8] = "s8",   [WIT_U8] = "u8",
        [WIT_S16] = "s16",   [WIT_U16] = "u16", [WIT_S32] = "s32",
        [WIT_U32] = "u32",   [WIT_S64] = "s64", [WIT_U64] = "u64",
        [WIT_F32] = "f32",   [WIT_F64] = "f64", [WIT_CHAR] = "char",
        [WIT_STRING] = "string", [WIT_ERROR_CONTEXT] = "error-context",
    };
    t = wit_type_resolve(t);
    char num[24];
    switch (t->kind) {
    case WIT_LIST:
        key_put(b, "list<");
        key_type(b, t->elem);
        if (t->length) {
            snprintf(num, sizeof num, ",%u", t->length);
            key_put(b, num);
        }
        key_put(b, ">");
        return;
    case WIT_MAP:
        key_put(b, "map<");
        key_type(b, t->key);
        key_put(b, ",");
        key_type(b, t->elem);
        key_put(b, ">");
        return;
    case WIT_OPTION:
    case WIT_FUTURE:
    case WIT_STREAM:
        key_put(b, t->kind == WIT_OPTION ? "option<"
                   : t->kind == WIT_FUTURE ? "future<" : "stream<");
        key_opt(b, t->elem);
        key_put(b, ">");
        return;
    case WIT_RESULT:
        key_put(b, "result<");
        key_opt(b, t->ok);
        key_put(b, ",");
        key_opt(b, t->err);
        key_put(b, ">");
        return;
    case WIT_TUPLE:
        key_put(b, "tuple<");
        for (size_t i = 0; i < t->nelems; i++) {
            key_put(b, i ? "," : "");
            key_type(b, t->elems[i]);
        }
        key_put(b, ">");
        return;
    case WIT_BORROW:
        key_put(b, "borrow<");
        key_put(b, wit_type_resolve(t->elem)->name ? wit_type_resolve(t->elem)->name : "?");
        key_put(b, ">");
        return;
    case WIT_RESOURCE:
        key_put(b, "own<");
        key_put(b, t->name ? t->name : "?");
        key_put(b, ">");
        return;
    case WIT_RECORD:
        key_put(b, "record{");
        for (size_t i = 0; i < t->nfields; i++) {
            key_put(b, i ? "," : "");
            key_put(b, t->fields[i].name);
            key_put(b, ":");
            key_type(b, t->fields[i].type);
        }
        key_put(b, "}");
        return;
    case WIT_VARIANT:
        key_cases(b, "variant", t);
        return;
    case WIT_ENUM:
        key_cases(b, "enum", t);
        return;
    case WIT_FLAGS:
        key_cases(b, "flags", t);
        return;
    default:
        key_put(b, t->kind < sizeof prim / sizeof *prim && prim[t->kind] ? prim[t->kind] : "?");
        return;
    }
}

char *abi_func_key(WitType *const *params, size_t nparams,
                   const WitType *result)
{
    KeyBuf b = {0};
    key_put(&b, "(");
    for (size_t i = 0; i < nparams; i++) {
        key_put(&b, i ? "," : "");
        key_type(&b, params[i]);
    }
    key_put(&b, ")->");
    key_opt(&b, result);
    return b.s;
}
