/* The Canonical ABI of `kiln run --invoke` (invoke_abi.h): WAVE values
 * lowered into the guest (CanonicalABI.md "Flat Lowering" and "Storing":
 * strings in the guest's encoding through kiln_cx_store_string, lists and
 * spilled parameters in memory from its realloc, variant payloads in
 * joined slots) and lifted back ("Loading", "Flat Lifting": strings
 * decoded and validated, discriminants and chars checked, own handles
 * moved into the host's table). */
#include "driver/invoke_abi.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t f32_bits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static uint64_t f64_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static KilnValue coerce(KilnValue v, AbiCoerce c)
{
    KilnValue o;
    memset(&o, 0, sizeof o);
    switch (c) {
    case ABI_COERCE_NONE: return v;
    case ABI_COERCE_F32_BITS_I32: o.i32 = (int32_t)f32_bits(v.f32); break;
    case ABI_COERCE_I32_ZEXT_I64: o.i64 = (int64_t)(uint32_t)v.i32; break;
    case ABI_COERCE_F32_BITS_I64: o.i64 = (int64_t)f32_bits(v.f32); break;
    case ABI_COERCE_F64_BITS_I64: o.i64 = (int64_t)f64_bits(v.f64); break;
    }
    return o;
}

static KilnValue uncoerce(KilnValue v, AbiCoerce c)
{
    KilnValue o;
    memset(&o, 0, sizeof o);
    uint32_t u32;
    uint64_t u64;
    switch (c) {
    case ABI_COERCE_NONE: return v;
    case ABI_COERCE_F32_BITS_I32:
        u32 = (uint32_t)v.i32;
        memcpy(&o.f32, &u32, 4);
        break;
    case ABI_COERCE_I32_ZEXT_I64: o.i32 = (int32_t)(uint32_t)v.i64; break;
    case ABI_COERCE_F32_BITS_I64:
        u32 = (uint32_t)v.i64;
        memcpy(&o.f32, &u32, 4);
        break;
    case ABI_COERCE_F64_BITS_I64:
        u64 = (uint64_t)v.i64;
        memcpy(&o.f64, &u64, 8);
        break;
    }
    return o;
}

/* ---- handles ------------------------------------------------------------------ */

static uint32_t resource_of(InvSession *iv, const WitType *t)
{
    int32_t r = plan_resource_of(&iv->plan, iv->lift->opts.comp_instance, t);
    if (r < 0)
        kiln_cm_trap("a handle of a resource the plan does not know");
    return (uint32_t)r;
}

/* Host handle #n of the value, checked by check_handles before the call. */
static uint32_t lower_handle(InvSession *iv, const WaveVal *v)
{
    InvHandle *h = &iv->handles[v->handle - 1];
    uint32_t inst = iv->lift->opts.comp_instance;
    if (v->type->kind == WIT_BORROW)
        return kiln_cm_lower_borrow(iv->ci, inst, h->resource, h->rep);
    h->live = false;
    return kiln_cm_lower_own(iv->ci, inst, h->resource, h->rep);
}

/* An own handle of a result: moved into the host's table. */
static uint32_t lift_handle(InvSession *iv, const WitType *t, uint32_t handle)
{
    if (t->kind == WIT_BORROW)
        kiln_cm_trap("borrow handles cannot be returned");
    uint32_t res = resource_of(iv, t);
    uint32_t rep = kiln_cm_lift_own(iv->ci, iv->lift->opts.comp_instance,
                                    res, handle);
    InvHandle h = {res, rep, iv->lift->opts.comp_instance, true};
    iv->handles = kiln_grow(iv->handles, &iv->cap_handles, iv->nhandles + 1,
                            sizeof *iv->handles);
    iv->handles[iv->nhandles++] = h;
    return (uint32_t)iv->nhandles;
}

bool inv_check_handles(InvSession *iv, const WaveVal *v, char *err, size_t len)
{
    const WitType *t = v->type;
    if (t->kind == WIT_RESOURCE || t->kind == WIT_BORROW) {
        int32_t r = plan_resource_of(&iv->plan, iv->lift->opts.comp_instance,
                                     t);
        uint32_t n = v->handle;
        if (n == 0 || n > iv->nhandles || !iv->handles[n - 1].live ||
            r < 0 || iv->handles[n - 1].resource != (uint32_t)r) {
            snprintf(err, len, "#%u is not a live handle of resource `%s`",
                     n, r >= 0 && iv->ci->desc->resources[r].name
                            ? iv->ci->desc->resources[r].name : "?");
            return false;
        }
        return true;
    }
    for (size_t i = 0; i < v->len && v->elems && t->kind != WIT_STRING; i++)
        if (!inv_check_handles(iv, &v->elems[i], err, len))
            return false;
    return !v->payload || inv_check_handles(iv, v->payload, err, len);
}

/* ---- lowering (continued) -------------------------------------------------------- */

static void store(InvSession *iv, const WaveVal *v, uint32_t addr);

/* A list's elements in fresh guest memory; returns its address. */
static uint32_t store_list(InvSession *iv, const WaveVal *v)
{
    const WitType *et = v->type->elem;
    uint32_t size = abi_size(et);
    uint64_t bytes = (uint64_t)size * v->len;
    if (bytes > UINT32_MAX)
        kiln_cm_trap("list too long for guest memory");
    uint32_t p = kiln_cx_alloc(&iv->cx, (uint32_t)bytes, abi_align(et));
    for (size_t i = 0; i < v->len; i++)
        store(iv, &v->elems[i], p + (uint32_t)i * size);
    return p;
}

/* A string or list as (pointer, length). */
static void lower_seq(InvSession *iv, const WaveVal *v, uint32_t *ptr, uint32_t *len)
{
    if (v->type->kind == WIT_STRING) {
        kiln_cx_store_string(&iv->cx, v->str, v->len, ptr, len);
        return;
    }
    *ptr = store_list(iv, v);
    *len = (uint32_t)v->len;
}

static uint64_t scalar_bits(InvSession *iv, const WaveVal *v)
{
    switch (v->type->kind) {
    case WIT_BOOL: return v->b;
    case WIT_CHAR: return v->ch;
    case WIT_F32: return f32_bits(v->f32);
    case WIT_F64: return f64_bits(v->f64);
    case WIT_RESOURCE: case WIT_BORROW: return lower_handle(iv, v);
    case WIT_S8: case WIT_S16: case WIT_S32: case WIT_S64:
        return (uint64_t)v->s;
    default: return v->u;
    }
}

static void put(InvSession *iv, uint32_t addr, uint64_t bits, uint32_t size)
{
    uint8_t *p = kiln_cx_ptr(&iv->cx, addr, size);
    memcpy(p, &bits, size); /* little-endian hosts, as wasm memory */
}

/* store(v, ptr): "Storing" of CanonicalABI.md. */
static void store(InvSession *iv, const WaveVal *v, uint32_t addr)
{
    const WitType *t = v->type;
    if ((addr & (abi_align(t) - 1)) != 0)
        kiln_cm_trap("misaligned pointer");
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS:
        put(iv, addr, t->kind == WIT_FLAGS ? v->flags : scalar_bits(iv, v),
            abi_size(t));
        return;
    case ABI_SHAPE_LIST: {
        uint32_t ptr, len;
        lower_seq(iv, v, &ptr, &len);
        put(iv, addr, ptr, 4);
        put(iv, addr + 4, len, 4);
        return;
    }
    case ABI_SHAPE_FIXED:
        for (size_t i = 0; i < v->len; i++)
            store(iv, &v->elems[i], addr + (uint32_t)i * abi_size(t->elem));
        return;
    case ABI_SHAPE_RECORD:
        for (size_t i = 0; i < v->len; i++)
            store(iv, &v->elems[i], addr + abi_field_offset(t, i));
        return;
    case ABI_SHAPE_VARIANT:
        put(iv, addr, v->tag, abi_discriminant_size(abi_variant_ncases(t)));
        if (v->payload)
            store(iv, v->payload, addr + abi_payload_offset(t));
        return;
    }
}

/* lower_flat(v): appends its flat values at out[*n]. */
static void lower_flat(InvSession *iv, const WaveVal *v, KilnValue *out, size_t *n)
{
    const WitType *t = v->type;
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS: {
        AbiCore c;
        if (abi_flatten(t, &c, 1) == 0)
            return;
        KilnValue *o = &out[(*n)++];
        memset(o, 0, sizeof *o);
        uint64_t bits = t->kind == WIT_FLAGS ? v->flags : scalar_bits(iv, v);
        if (c == ABI_I64 || c == ABI_F64)
            memcpy(&o->i64, &bits, 8);
        else
            o->i32 = (int32_t)(uint32_t)bits;
        return;
    }
    case ABI_SHAPE_LIST: {
        uint32_t ptr, len;
        lower_seq(iv, v, &ptr, &len);
        memset(&out[*n], 0, 2 * sizeof *out);
        out[(*n)++].i32 = (int32_t)ptr;
        out[(*n)++].i32 = (int32_t)len;
        return;
    }
    case ABI_SHAPE_FIXED:
    case ABI_SHAPE_RECORD:
        for (size_t i = 0; i < v->len; i++)
            lower_flat(iv, &v->elems[i], out, n);
        return;
    case ABI_SHAPE_VARIANT: {
        size_t total = abi_flatten(t, NULL, 0);
        AbiCore *slots = arena_array(iv->a, total, sizeof *slots);
        abi_flatten(t, slots, total);
        KilnValue *o = &out[*n];
        memset(o, 0, total * sizeof *o);
        o[0].i32 = (int32_t)v->tag;
        if (v->payload) {
            const WitType *pt = v->payload->type;
            size_t pn = abi_flatten(pt, NULL, 0), k = 0;
            AbiCore *have = arena_array(iv->a, pn ? pn : 1, sizeof *have);
            abi_flatten(pt, have, pn);
            KilnValue *tmp = arena_array(iv->a, pn ? pn : 1, sizeof *tmp);
            lower_flat(iv, v->payload, tmp, &k);
            for (size_t i = 0; i < pn; i++)
                o[1 + i] = coerce(tmp[i], abi_coerce(have[i], slots[1 + i]));
        }
        *n += total;
        return;
    }
    }
}

void inv_lower_args(InvSession *iv, KilnValue *core)
{
    size_t n = 0;
    if (!iv->sig.params_spilled) {
        for (size_t i = 0; i < iv->fn.nparams; i++)
            lower_flat(iv, &iv->args[i], core, &n);
        return;
    }
    uint32_t p = kiln_cx_alloc(&iv->cx, abi_params_size(&iv->fn),
                               abi_params_align(&iv->fn));
    for (size_t i = 0; i < iv->fn.nparams; i++)
        store(iv, &iv->args[i], p + abi_param_offset(&iv->fn, i));
    memset(core, 0, sizeof *core);
    core[0].i32 = (int32_t)p;
}

/* ---- lifting --------------------------------------------------------------------- */

static void load(InvSession *iv, const WitType *t, uint32_t addr, WaveVal *out);

static uint64_t get(InvSession *iv, uint32_t addr, uint32_t size)
{
    uint64_t bits = 0;
    memcpy(&bits, kiln_cx_ptr(&iv->cx, addr, size), size);
    return bits;
}

/* load_string: the runtime's lift (bounds, alignment, validity checked
 * as a lift must), copied out before post-return may free it. */
static void lift_string(InvSession *iv, uint32_t ptr, uint32_t len,
                        WaveVal *out)
{
    uint32_t n;
    const char *s = kiln_cx_lift_string(&iv->cx, ptr, len, &n);
    out->str = arena_strndup(iv->a, s, n);
    out->len = n;
    kiln_cx_free_string(&iv->cx, s);
}

static void lift_seq(InvSession *iv, const WitType *t, uint32_t ptr, uint32_t len,
                     WaveVal *out)
{
    if (t->kind == WIT_STRING) {
        lift_string(iv, ptr, len, out);
        return;
    }
    const WitType *et = t->elem;
    uint32_t size = abi_size(et);
    if (ptr & (abi_align(et) - 1))
        kiln_cm_trap("misaligned pointer");
    kiln_cx_ptr(&iv->cx, ptr, (uint64_t)size * len); /* bounds first */
    out->len = len;
    out->elems = arena_array(iv->a, len ? len : 1, sizeof *out->elems);
    for (uint32_t i = 0; i < len; i++)
        load(iv, et, ptr + i * size, &out->elems[i]);
}

/* A scalar from its bits, with the spec's checks (char, bool). */
static void set_scalar(InvSession *iv, WaveVal *out, uint64_t bits)
{
    const WitType *t = out->type;
    switch (t->kind) {
    case WIT_BOOL: out->b = bits != 0; return;
    case WIT_CHAR:
        if (bits >= 0x110000 || (bits >= 0xd800 && bits < 0xe000))
            kiln_cm_trap("invalid char");
        out->ch = (uint32_t)bits;
        return;
    case WIT_F32: {
        uint32_t u = (uint32_t)bits;
        memcpy(&out->f32, &u, 4);
        return;
    }
    case WIT_F64: memcpy(&out->f64, &bits, 8); return;
    case WIT_RESOURCE: case WIT_BORROW:
        out->handle = lift_handle(iv, t, (uint32_t)bits);
        return;
    case WIT_S8: out->s = (int8_t)bits; return;
    case WIT_S16: out->s = (int16_t)bits; return;
    case WIT_S32: out->s = (int32_t)bits; return;
    case WIT_S64: out->s = (int64_t)bits; return;
    case WIT_U8: out->u = (uint8_t)bits; return;
    case WIT_U16: out->u = (uint16_t)bits; return;
    case WIT_U32: out->u = (uint32_t)bits; return;
    default: out->u = bits; return;
    }
}

static uint32_t check_case(const WitType *t, uint64_t tag)
{
    if (tag >= abi_variant_ncases(t))
        kiln_cm_trap("invalid variant discriminant");
    return (uint32_t)tag;
}

static void set_flags(WaveVal *out, uint64_t bits)
{
    size_t n = out->type->ncases;
    out->flags = (uint32_t)bits & (n >= 32 ? 0xffffffffu : (1u << n) - 1);
}

/* load(ptr, t): "Loading" of CanonicalABI.md. */
static void load(InvSession *iv, const WitType *t, uint32_t addr, WaveVal *out)
{
    t = wit_type_resolve(t);
    memset(out, 0, sizeof *out);
    out->type = t;
    if (addr & (abi_align(t) - 1))
        kiln_cm_trap("misaligned pointer");
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
        set_scalar(iv, out, get(iv, addr, abi_size(t)));
        return;
    case ABI_SHAPE_FLAGS:
        set_flags(out, get(iv, addr, abi_size(t) > 4 ? 4 : abi_size(t)));
        return;
    case ABI_SHAPE_LIST:
        lift_seq(iv, t, (uint32_t)get(iv, addr, 4),
                 (uint32_t)get(iv, addr + 4, 4), out);
        return;
    case ABI_SHAPE_FIXED:
        out->len = t->length;
        out->elems = arena_array(iv->a, t->length, sizeof *out->elems);
        for (uint32_t i = 0; i < t->length; i++)
            load(iv, t->elem, addr + i * abi_size(t->elem), &out->elems[i]);
        return;
    case ABI_SHAPE_RECORD: {
        size_t n = abi_record_nfields(t);
        out->len = n;
        out->elems = arena_array(iv->a, n ? n : 1, sizeof *out->elems);
        for (size_t i = 0; i < n; i++)
            load(iv, abi_record_field(t, i), addr + abi_field_offset(t, i),
                 &out->elems[i]);
        return;
    }
    case ABI_SHAPE_VARIANT: {
        uint32_t ds = abi_discriminant_size(abi_variant_ncases(t));
        out->tag = check_case(t, get(iv, addr, ds));
        const WitType *pt = abi_variant_payload(t, out->tag);
        if (pt) {
            out->payload = arena_alloc(iv->a, sizeof *out->payload);
            load(iv, pt, addr + abi_payload_offset(t), out->payload);
        }
        return;
    }
    }
}

/* lift_flat: reads the flat values of t from in[*pos]. */
static void lift_flat(InvSession *iv, const WitType *t, const KilnValue *in,
                      size_t *pos, WaveVal *out)
{
    t = wit_type_resolve(t);
    memset(out, 0, sizeof *out);
    out->type = t;
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS: {
        AbiCore c;
        if (abi_flatten(t, &c, 1) == 0)
            return;
        const KilnValue *v = &in[(*pos)++];
        uint64_t bits = c == ABI_I64 || c == ABI_F64 ? (uint64_t)v->i64
                                                     : (uint32_t)v->i32;
        if (t->kind == WIT_FLAGS)
            set_flags(out, bits);
        else
            set_scalar(iv, out, bits);
        return;
    }
    case ABI_SHAPE_LIST: {
        uint32_t ptr = (uint32_t)in[*pos].i32, len = (uint32_t)in[*pos + 1].i32;
        *pos += 2;
        lift_seq(iv, t, ptr, len, out);
        return;
    }
    case ABI_SHAPE_FIXED:
        out->len = t->length;
        out->elems = arena_array(iv->a, t->length, sizeof *out->elems);
        for (uint32_t i = 0; i < t->length; i++)
            lift_flat(iv, t->elem, in, pos, &out->elems[i]);
        return;
    case ABI_SHAPE_RECORD: {
        size_t n = abi_record_nfields(t);
        out->len = n;
        out->elems = arena_array(iv->a, n ? n : 1, sizeof *out->elems);
        for (size_t i = 0; i < n; i++)
            lift_flat(iv, abi_record_field(t, i), in, pos, &out->elems[i]);
        return;
    }
    case ABI_SHAPE_VARIANT: {
        size_t total = abi_flatten(t, NULL, 0);
        AbiCore *slots = arena_array(iv->a, total, sizeof *slots);
        abi_flatten(t, slots, total);
        const KilnValue *v = &in[*pos];
        out->tag = check_case(t, (uint32_t)v[0].i32);
        const WitType *pt = abi_variant_payload(t, out->tag);
        if (pt) {
            size_t pn = abi_flatten(pt, NULL, 0), k = 0;
            AbiCore *have = arena_array(iv->a, pn ? pn : 1, sizeof *have);
            abi_flatten(pt, have, pn);
            KilnValue *tmp = arena_array(iv->a, pn ? pn : 1, sizeof *tmp);
            for (size_t i = 0; i < pn; i++)
                tmp[i] = uncoerce(v[1 + i], abi_coerce(have[i], slots[1 + i]));
            out->payload = arena_alloc(iv->a, sizeof *out->payload);
            lift_flat(iv, pt, tmp, &k, out->payload);
        }
        *pos += total;
        return;
    }
    }
}

void inv_lift_result(InvSession *iv, const KilnValue *res)
{
    if (!iv->fn.result)
        return;
    if (iv->sig.results_spilled) {
        load(iv, iv->fn.result, (uint32_t)res[0].i32, &iv->result);
    } else {
        size_t pos = 0;
        lift_flat(iv, iv->fn.result, res, &pos, &iv->result);
    }
}
