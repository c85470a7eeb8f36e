/* Flat values of the Canonical ABI (CanonicalABI.md "Flattening",
 * "Flat Lifting", "Flat Lowering"): scalars in their memory types with
 * the checks of lifting, and the two walkers between flat core values and
 * a value in memory: canon_store_flat (lift_flat's reading of core
 * values, with lift_flat_variant's coercions of joined payload slots and
 * its discriminant check) and canon_load_flat (lower_flat, padding unused
 * payload slots with zeros).
 *
 * Floats pass through unchanged: CanonicalABI.md lets an implementation
 * keep the original NaN instead of canonicalizing it on lift and
 * scrambling it on lower ("Storing", maybe_scramble_nan32).
 */
#include "codegen/canon.h"

/* ---- flat values ---- */

LLVMTypeRef canon_core_type_llvm(Canon *c, AbiCore t)
{
    switch (t) {
    case ABI_I32: return c->m->t_i32;
    case ABI_I64: return c->m->t_i64;
    case ABI_F32: return c->m->t_f32;
    case ABI_F64: return c->m->t_f64;
    }
    return c->m->t_i32;
}

/* lift_flat_variant's CoerceValueIter: a value of joined type `have`
 * read as `want`. */
LLVMValueRef canon_flat_next(Canon *c, CanonFlat *it, AbiCore want)
{
    KILN_ASSERT(it->i < it->n);
    LLVMBuilderRef b = c->m->b;
    AbiCore have = it->have[it->i];
    LLVMValueRef v = it->v[it->i++];
    if (have == want)
        return v;
    if (have == ABI_I64 && want != ABI_F64)
        v = LLVMBuildTrunc(b, v, c->m->t_i32, "");
    return LLVMBuildBitCast(b, v, canon_core_type_llvm(c, want), "");
}

/* lower_flat_variant: a value of type `have` in a slot of type `slot`. */
static LLVMValueRef coerce_out(Canon *c, LLVMValueRef v, AbiCore have,
                               AbiCore slot)
{
    LLVMBuilderRef b = c->m->b;
    switch (abi_coerce(have, slot)) {
    case ABI_COERCE_NONE: return v;
    case ABI_COERCE_F32_BITS_I32: return LLVMBuildBitCast(b, v, c->m->t_i32, "");
    case ABI_COERCE_I32_ZEXT_I64: return LLVMBuildZExt(b, v, c->m->t_i64, "");
    case ABI_COERCE_F32_BITS_I64:
        return LLVMBuildZExt(b, LLVMBuildBitCast(b, v, c->m->t_i32, ""),
                             c->m->t_i64, "");
    case ABI_COERCE_F64_BITS_I64: return LLVMBuildBitCast(b, v, c->m->t_i64, "");
    }
    return v;
}

/* ---- scalars ---- */

bool canon_is_handle(WitTypeKind k)
{
    return k == WIT_RESOURCE || k == WIT_BORROW || k == WIT_ERROR_CONTEXT ||
           k == WIT_FUTURE || k == WIT_STREAM;
}

LLVMTypeRef canon_scalar_type(Canon *c, const WitType *t)
{
    CgModule *m = c->m;
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_BOOL: case WIT_S8: case WIT_U8: return m->t_i8;
    case WIT_S16: case WIT_U16: return m->t_i16;
    case WIT_S64: case WIT_U64: return m->t_i64;
    case WIT_F32: return m->t_f32;
    case WIT_F64: return m->t_f64;
    case WIT_ENUM:
        return LLVMIntTypeInContext(m->ctx,
                                    8 * abi_discriminant_size(t->ncases));
    case WIT_FLAGS:
        return LLVMIntTypeInContext(m->ctx, 8 * abi_flags_size(t->ncases));
    default: return m->t_i32;
    }
}

static bool is_signed(WitTypeKind k)
{
    return k == WIT_S8 || k == WIT_S16 || k == WIT_S32 || k == WIT_S64;
}

/* The core type a scalar flattens to. */
static AbiCore scalar_core(const WitType *t)
{
    AbiCore out[1];
    abi_flatten(t, out, 1);
    return out[0];
}

/* Lifting's checks on a scalar in its memory type. */
static LLVMValueRef check_scalar(Canon *c, const WitType *t, LLVMValueRef v)
{
    LLVMBuilderRef b = c->m->b;
    t = wit_type_resolve(t);
    LLVMTypeRef ty = LLVMTypeOf(v);
    switch (t->kind) {
    case WIT_BOOL:
        return LLVMBuildZExt(
            b, LLVMBuildICmp(b, LLVMIntNE, v, LLVMConstInt(ty, 0, 0), ""), ty,
            "");
    case WIT_CHAR: {
        LLVMValueRef big = LLVMBuildICmp(b, LLVMIntUGE, v,
                                         canon_i32(c, 0x110000), "");
        LLVMValueRef sur = LLVMBuildICmp(
            b, LLVMIntULT,
            LLVMBuildSub(b, v, canon_i32(c, 0xd800), ""), canon_i32(c, 0x800),
            "");
        canon_trap_if(c, LLVMBuildOr(b, big, sur, ""), "invalid char");
        return v;
    }
    case WIT_ENUM:
        canon_trap_if(c, LLVMBuildICmp(b, LLVMIntUGE, v,
                                       LLVMConstInt(ty, t->ncases, 0), ""),
                      "invalid variant discriminant");
        return v;
    case WIT_FLAGS: {
        uint64_t mask = t->ncases >= 64 ? ~0ull : (1ull << t->ncases) - 1;
        return LLVMBuildAnd(b, v, LLVMConstInt(ty, mask, 0), "");
    }
    default: return v;
    }
}

LLVMValueRef canon_load_checked(Canon *c, const WitType *t, CanonPlace p)
{
    return check_scalar(c, t, canon_load(c, canon_scalar_type(c, t), p));
}

/* A flat core value as the scalar's memory type (lift_flat). */
static LLVMValueRef from_core(Canon *c, const WitType *t, LLVMValueRef v)
{
    LLVMBuilderRef b = c->m->b;
    LLVMTypeRef ty = canon_scalar_type(c, t);
    if (wit_type_resolve(t)->kind == WIT_BOOL)
        return LLVMBuildZExt(
            b, LLVMBuildICmp(b, LLVMIntNE, v, canon_i32(c, 0), ""), ty, "");
    if (LLVMTypeOf(v) == ty)
        return v;
    return LLVMBuildTrunc(b, v, ty, "");
}

/* A scalar in its memory type as its flat core value (lower_flat). */
static LLVMValueRef to_core(Canon *c, const WitType *t, LLVMValueRef v)
{
    LLVMTypeRef want = canon_core_type_llvm(c, scalar_core(t));
    if (LLVMTypeOf(v) == want)
        return v;
    if (is_signed(wit_type_resolve(t)->kind))
        return LLVMBuildSExt(c->m->b, v, want, "");
    return LLVMBuildZExt(c->m->b, v, want, "");
}

/* ---- store_flat / load_flat ---- */

static size_t flat_count(const WitType *t)
{
    return abi_flatten(t, NULL, 0);
}

static AbiCore *flat_types(Canon *c, const WitType *t, size_t *n)
{
    *n = flat_count(t);
    AbiCore *out = arena_array(c->f.scratch, *n + 1, sizeof *out);
    abi_flatten(t, out, *n);
    return out;
}

/* Checks a discriminant (i32) against the case count. */
void canon_check_disc(Canon *c, LLVMValueRef d, size_t ncases)
{
    canon_trap_if(c, LLVMBuildICmp(c->m->b, LLVMIntUGE, d,
                                   canon_i32(c, ncases), ""),
                  "invalid variant discriminant");
}

LLVMTypeRef canon_disc_type(Canon *c, size_t ncases)
{
    return LLVMIntTypeInContext(c->m->ctx, 8 * abi_discriminant_size(ncases));
}

static void store_flat_variant(Canon *c, const WitType *t, CanonFlat *it,
                               CanonPlace dst)
{
    LLVMBuilderRef b = c->m->b;
    size_t ncases = abi_variant_ncases(t), nf;
    AbiCore *ft = flat_types(c, t, &nf);
    LLVMValueRef d = canon_flat_next(c, it, ABI_I32);
    canon_check_disc(c, d, ncases);
    canon_store(c, LLVMBuildTrunc(b, d, canon_disc_type(c, ncases), ""), dst);
    /* the payload slots, read through the outer iterator's coercions */
    LLVMValueRef *slots = arena_array(c->f.scratch, nf, sizeof *slots);
    for (size_t j = 1; j < nf; j++)
        slots[j - 1] = canon_flat_next(c, it, ft[j]);
    LLVMBasicBlockRef join = cg_block(&c->f, "variant.end");
    LLVMValueRef sw = LLVMBuildSwitch(b, d, join, (unsigned)ncases);
    CanonPlace pay = canon_at(c, dst, abi_payload_offset(t));
    for (size_t k = 0; k < ncases; k++) {
        const WitType *p = abi_variant_payload(t, k);
        if (!p)
            continue;
        LLVMBasicBlockRef bb = cg_block(&c->f, "variant.case");
        LLVMAddCase(sw, canon_i32(c, k), bb);
        LLVMPositionBuilderAtEnd(b, bb);
        CanonFlat sub = {slots, ft + 1, nf - 1, 0};
        canon_store_flat(c, p, &sub, pay);
        LLVMBuildBr(b, join);
    }
    LLVMPositionBuilderAtEnd(b, join);
}

void canon_store_flat(Canon *c, const WitType *t, CanonFlat *it,
                      CanonPlace dst)
{
    t = wit_type_resolve(t);
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS: {
        LLVMValueRef v = canon_flat_next(c, it, scalar_core(t));
        canon_store(c, from_core(c, t, v), dst);
        return;
    }
    case ABI_SHAPE_LIST:
        canon_store(c, canon_flat_next(c, it, ABI_I32), dst);
        canon_store(c, canon_flat_next(c, it, ABI_I32), canon_at(c, dst, 4));
        return;
    case ABI_SHAPE_FIXED:
        for (uint32_t k = 0; k < t->length; k++)
            canon_store_flat(c, t->elem, it,
                             canon_at(c, dst, k * abi_size(t->elem)));
        return;
    case ABI_SHAPE_RECORD:
        for (size_t k = 0; k < abi_record_nfields(t); k++)
            canon_store_flat(c, abi_record_field(t, k), it,
                             canon_at(c, dst, abi_field_offset(t, k)));
        return;
    case ABI_SHAPE_VARIANT:
        store_flat_variant(c, t, it, dst);
        return;
    }
}

static size_t load_flat_variant(Canon *c, const WitType *t, CanonPlace src,
                                LLVMValueRef *out)
{
    CgModule *m = c->m;
    LLVMBuilderRef b = m->b;
    size_t ncases = abi_variant_ncases(t), nf;
    AbiCore *ft = flat_types(c, t, &nf);
    LLVMValueRef d =
        LLVMBuildZExt(b, canon_load(c, canon_disc_type(c, ncases), src), m->t_i32, "");
    out[0] = d;
    if (nf == 1)
        return 1;
    CanonPlace pay = canon_at(c, src, abi_payload_offset(t));
    LLVMBasicBlockRef bad = cg_block(&c->f, "variant.bad");
    LLVMBasicBlockRef join = cg_block(&c->f, "variant.end");
    LLVMValueRef sw = LLVMBuildSwitch(b, d, bad, (unsigned)ncases);
    LLVMValueRef *inc = arena_array(c->f.scratch, ncases * nf, sizeof *inc);
    LLVMBasicBlockRef *from = arena_array(c->f.scratch, ncases, sizeof *from);
    for (size_t k = 0; k < ncases; k++) {
        LLVMBasicBlockRef bb = cg_block(&c->f, "variant.case");
        LLVMAddCase(sw, canon_i32(c, k), bb);
        LLVMPositionBuilderAtEnd(b, bb);
        LLVMValueRef *row = inc + k * nf;
        const WitType *p = abi_variant_payload(t, k);
        size_t np = 0;
        AbiCore *pt = NULL;
        if (p) {
            pt = flat_types(c, p, &np);
            canon_load_flat(c, p, pay, row + 1);
        }
        for (size_t j = 1; j < nf; j++)
            row[j] = j - 1 < np ? coerce_out(c, row[j], pt[j - 1], ft[j])
                                : LLVMConstNull(canon_core_type_llvm(c, ft[j]));
        from[k] = LLVMGetInsertBlock(b);
        LLVMBuildBr(b, join);
    }
    LLVMPositionBuilderAtEnd(b, bad);
    canon_trap_if(c, LLVMConstInt(m->t_i1, 1, 0), "invalid variant discriminant");
    LLVMBuildUnreachable(b);
    LLVMPositionBuilderAtEnd(b, join);
    for (size_t j = 1; j < nf; j++) {
        LLVMValueRef phi = LLVMBuildPhi(b, canon_core_type_llvm(c, ft[j]), "");
        for (size_t k = 0; k < ncases; k++)
            LLVMAddIncoming(phi, &inc[k * nf + j], &from[k], 1);
        out[j] = phi;
    }
    return nf;
}

static size_t load_flat(Canon *c, const WitType *t, CanonPlace src,
                        LLVMValueRef *out)
{
    t = wit_type_resolve(t);
    size_t n = 0;
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS:
        out[0] = to_core(c, t, canon_load(c, canon_scalar_type(c, t), src));
        return 1;
    case ABI_SHAPE_LIST:
        out[0] = canon_load(c, c->m->t_i32, src);
        out[1] = canon_load(c, c->m->t_i32, canon_at(c, src, 4));
        return 2;
    case ABI_SHAPE_FIXED:
        for (uint32_t k = 0; k < t->length; k++)
            n += load_flat(c, t->elem, canon_at(c, src, k * abi_size(t->elem)),
                           out + n);
        return n;
    case ABI_SHAPE_RECORD:
        for (size_t k = 0; k < abi_record_nfields(t); k++)
            n += load_flat(c, abi_record_field(t, k),
                           canon_at(c, src, abi_field_offset(t, k)), out + n);
        return n;
    case ABI_SHAPE_VARIANT:
        return load_flat_variant(c, t, src, out);
    }
    return 0;
}

void canon_load_flat(Canon *c, const WitType *t, CanonPlace src,
                     LLVMValueRef *out)
{
    load_flat(c, t, src, out);
}
