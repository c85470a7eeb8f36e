/* Floating-point vector instructions (spec 4.4.3 vfunop/vfbinop and the
 * vector conversions): f32x4/f64x2 arithmetic, min/max (NaN-propagating,
 * -0 < +0), pmin/pmax (`b < a ? b : a`,
 * `a < b ? b : a`: minps/maxps with swapped operands), rounding (nearest
 * = llvm.roundeven), and the conversions.
 *
 * Saturating truncations clamp the input into the target range, zero
 * NaN lanes and then convert with fptosi/fptoui, which x86 maps to
 * cvttps2dq/cvttpd2dq; llvm.fpto[su]i.sat on vectors is scalarized by
 * the x86 backend.  The clamp bounds are the last floats inside the
 * range, so the conversion itself never overflows.
 *
 * Rounding (ceil/floor/trunc/nearest) uses llvm.ceil etc.: one roundps
 * with SSE4.1, a libm call per lane on baseline x86-64 (as for scalars).
 */
#include "codegen/simd.h"

static LLVMValueRef fsplat(LLVMTypeRef vt, double x)
{
    LLVMValueRef l[4];
    unsigned n = LLVMGetVectorSize(vt);
    for (unsigned i = 0; i < n; i++)
        l[i] = LLVMConstReal(LLVMGetElementType(vt), x);
    return LLVMConstVector(l, n);
}

static void unary_intr(CgFunc *f, SimdShape s, const char *name)
{
    LLVMValueRef a = simd_pop(f, s);
    simd_push(f, simd_intr(f, name, &a, 1));
}

static void binary(CgFunc *f, SimdShape s, LLVMOpcode op)
{
    LLVMValueRef b = simd_pop(f, s), a = simd_pop(f, s);
    simd_push(f, LLVMBuildBinOp(f->b, op, a, b, ""));
}

/* pmin: b < a ? b : a; pmax: a < b ? b : a. */
static void pminmax(CgFunc *f, SimdShape s, bool max)
{
    LLVMValueRef b = simd_pop(f, s), a = simd_pop(f, s);
    LLVMValueRef lt = max ? LLVMBuildFCmp(f->b, LLVMRealOLT, a, b, "")
                          : LLVMBuildFCmp(f->b, LLVMRealOLT, b, a, "");
    simd_push(f, LLVMBuildSelect(f->b, lt, b, a, ""));
}

/* x clamped to [lo, hi], NaN lanes to 0. */
static LLVMValueRef clamp(CgFunc *f, LLVMValueRef x, double lo, double hi)
{
    LLVMTypeRef vt = LLVMTypeOf(x);
    LLVMValueRef vlo = fsplat(vt, lo), vhi = fsplat(vt, hi);
    LLVMValueRef t = LLVMBuildSelect(
        f->b, LLVMBuildFCmp(f->b, LLVMRealOLT, x, vlo, ""), vlo, x, "");
    t = LLVMBuildSelect(f->b, LLVMBuildFCmp(f->b, LLVMRealOGT, t, vhi, ""),
                        vhi, t, "");
    LLVMValueRef nan = LLVMBuildFCmp(f->b, LLVMRealUNO, x, x, "");
    return LLVMBuildSelect(f->b, nan, LLVMConstNull(vt), t, "");
}

/* f32 cannot represent the i32/u32 maxima: lanes at or above 2^31 (2^32)
 * are converted from the largest float below and then replaced. */
static void trunc_sat_f32(CgFunc *f, bool sign)
{
    CgModule *m = f->m;
    LLVMValueRef x = simd_pop(f, SIMD_F32), r;
    LLVMTypeRef it = simd_vec_type(m, SIMD_I32);
    /* 0x4effffff = 2147483520, 0x4f7fffff = 4294967040 */
    if (sign)
        r = LLVMBuildFPToSI(f->b, clamp(f, x, -2147483648.0, 2147483520.0),
                            it, "");
    else
        r = LLVMBuildFPToUI(f->b, clamp(f, x, 0.0, 4294967040.0), it, "");
    LLVMValueRef big = fsplat(LLVMTypeOf(x), sign ? 2147483648.0 : 4294967296.0);
    LLVMValueRef over = LLVMBuildFCmp(f->b, LLVMRealOGE, x, big, "");
    LLVMValueRef max = simd_const_splat(m->t_i32, 4, sign ? 0x7fffffff
                                                          : 0xffffffff);
    simd_push(f, LLVMBuildSelect(f->b, over, max, r, ""));
}

static void trunc_sat_f64_zero(CgFunc *f, bool sign)
{
    LLVMValueRef x = simd_pop(f, SIMD_F64);
    LLVMTypeRef it = LLVMVectorType(f->m->t_i32, 2);
    if (sign)
        x = LLVMBuildFPToSI(f->b, clamp(f, x, -2147483648.0, 2147483647.0),
                            it, "");
    else
        x = LLVMBuildFPToUI(f->b, clamp(f, x, 0.0, 4294967295.0), it, "");
    simd_push(f, simd_concat(f, x, LLVMConstNull(it)));
}

/* Wasm min/max: NaN if either lane is NaN (any NaN result must be
 * arithmetic, i.e. quiet), and -0 < +0.  Each x86 minps/maxps returns
 * its second operand on NaN or equality; taking both operand orders and
 * OR-ing (min) or AND-ing (max) the bits orders -0 and +0, and unordered
 * lanes become the canonical NaN.  About half the instructions of
 * llvm.minimum's expansion, and sNaN inputs come out quiet. */
static void minmax(CgFunc *f, SimdShape s, bool max)
{
    CgModule *m = f->m;
    SimdShape is = simd_int_shape(s);
    LLVMValueRef b = simd_pop(f, s), a = simd_pop(f, s);
    LLVMRealPredicate p = max ? LLVMRealOGT : LLVMRealOLT;
    LLVMValueRef t1 =
        LLVMBuildSelect(f->b, LLVMBuildFCmp(f->b, p, a, b, ""), a, b, "");
    LLVMValueRef t2 =
        LLVMBuildSelect(f->b, LLVMBuildFCmp(f->b, p, b, a, ""), b, a, "");
    t1 = simd_as(f, t1, is);
    t2 = simd_as(f, t2, is);
    LLVMValueRef r = max ? LLVMBuildAnd(f->b, t1, t2, "")
                         : LLVMBuildOr(f->b, t1, t2, "");
    uint64_t qnan = s == SIMD_F32 ? 0x7fc00000u : UINT64_C(0x7ff8000000000000);
    LLVMValueRef nan = simd_const_splat(simd_lane_type(m, is), simd_lanes(s),
                                        qnan);
    LLVMValueRef uno = LLVMBuildFCmp(f->b, LLVMRealUNO, a, b, "");
    simd_push(f, LLVMBuildSelect(f->b, uno, nan, r, ""));
}

static void convert_i32(CgFunc *f, bool sign)
{
    LLVMValueRef x = simd_pop(f, SIMD_I32);
    LLVMTypeRef ft = simd_vec_type(f->m, SIMD_F32);
    simd_push(f, sign ? LLVMBuildSIToFP(f->b, x, ft, "")
                      : LLVMBuildUIToFP(f->b, x, ft, ""));
}

static void convert_low(CgFunc *f, bool sign)
{
    LLVMValueRef x = simd_half(f, simd_pop(f, SIMD_I32), false);
    LLVMTypeRef ft = simd_vec_type(f->m, SIMD_F64);
    simd_push(f, sign ? LLVMBuildSIToFP(f->b, x, ft, "")
                      : LLVMBuildUIToFP(f->b, x, ft, ""));
}

static void demote_zero(CgFunc *f)
{
    LLVMValueRef x = simd_pop(f, SIMD_F64);
    LLVMTypeRef t = LLVMVectorType(f->m->t_f32, 2);
    x = LLVMBuildFPTrunc(f->b, x, t, "");
    simd_push(f, simd_concat(f, x, LLVMConstNull(t)));
}

static void promote_low(CgFunc *f)
{
    LLVMValueRef x = simd_half(f, simd_pop(f, SIMD_F32), false);
    simd_push(f, LLVMBuildFPExt(f->b, x, simd_vec_type(f->m, SIMD_F64), ""));
}

/* Operations shared by both shapes, by offset in this list. */
typedef enum FloatOp {
    FOP_ABS, FOP_NEG, FOP_SQRT, FOP_CEIL, FOP_FLOOR, FOP_TRUNC, FOP_NEAREST,
    FOP_ADD, FOP_SUB, FOP_MUL, FOP_DIV, FOP_MIN, FOP_MAX, FOP_PMIN, FOP_PMAX,
    FOP_NONE,
} FloatOp;

static FloatOp float_op(unsigned op, SimdShape *s)
{
#define F(name, k)                                                             \
    case WASM_OP_F32X4_##name: *s = SIMD_F32; return k;                        \
    case WASM_OP_F64X2_##name: *s = SIMD_F64; return k;
    switch (op) {
        F(ABS, FOP_ABS)
        F(NEG, FOP_NEG)
        F(SQRT, FOP_SQRT)
        F(CEIL, FOP_CEIL)
        F(FLOOR, FOP_FLOOR)
        F(TRUNC, FOP_TRUNC)
        F(NEAREST, FOP_NEAREST)
        F(ADD, FOP_ADD)
        F(SUB, FOP_SUB)
        F(MUL, FOP_MUL)
        F(DIV, FOP_DIV)
        F(MIN, FOP_MIN)
        F(MAX, FOP_MAX)
        F(PMIN, FOP_PMIN)
        F(PMAX, FOP_PMAX)
    default: return FOP_NONE;
    }
#undef F
}

static void arith(CgFunc *f, SimdShape s, FloatOp op)
{
    static const char *const unary_names[] = {
        [FOP_ABS] = "llvm.fabs",     [FOP_SQRT] = "llvm.sqrt",
        [FOP_CEIL] = "llvm.ceil",    [FOP_FLOOR] = "llvm.floor",
        [FOP_TRUNC] = "llvm.trunc",  [FOP_NEAREST] = "llvm.roundeven",
    };
    switch (op) {
    case FOP_NEG: simd_push(f, LLVMBuildFNeg(f->b, simd_pop(f, s), "")); break;
    case FOP_ADD: binary(f, s, LLVMFAdd); break;
    case FOP_SUB: binary(f, s, LLVMFSub); break;
    case FOP_MUL: binary(f, s, LLVMFMul); break;
    case FOP_DIV: binary(f, s, LLVMFDiv); break;
    case FOP_MIN: minmax(f, s, false); break;
    case FOP_MAX: minmax(f, s, true); break;
    case FOP_PMIN: pminmax(f, s, false); break;
    case FOP_PMAX: pminmax(f, s, true); break;
    default: unary_intr(f, s, unary_names[op]); break;
    }
}

CgResult simd_emit_float(CgFunc *f, const WasmInstr *in)
{
    SimdShape s;
    FloatOp op = float_op(in->op, &s);
    if (op != FOP_NONE) {
        arith(f, s, op);
        return CG_OK;
    }
    switch (in->op) {
    case WASM_OP_I32X4_TRUNC_SAT_F32X4_S: trunc_sat_f32(f, true); break;
    case WASM_OP_I32X4_TRUNC_SAT_F32X4_U: trunc_sat_f32(f, false); break;
    case WASM_OP_I32X4_TRUNC_SAT_F64X2_S_ZERO:
        trunc_sat_f64_zero(f, true);
        break;
    case WASM_OP_I32X4_TRUNC_SAT_F64X2_U_ZERO:
        trunc_sat_f64_zero(f, false);
        break;
    case WASM_OP_F32X4_CONVERT_I32X4_S: convert_i32(f, true); break;
    case WASM_OP_F32X4_CONVERT_I32X4_U: convert_i32(f, false); break;
    case WASM_OP_F64X2_CONVERT_LOW_I32X4_S: convert_low(f, true); break;
    case WASM_OP_F64X2_CONVERT_LOW_I32X4_U: convert_low(f, false); break;
    case WASM_OP_F32X4_DEMOTE_F64X2_ZERO: demote_zero(f); break;
    case WASM_OP_F64X2_PROMOTE_LOW_F32X4: promote_low(f); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
