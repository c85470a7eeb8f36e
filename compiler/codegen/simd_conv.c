/* Vector conversions (spec 4.4.3): i32x4.trunc_sat_f32x4_s/u,
 * i32x4.trunc_sat_f64x2_s/u_zero, f32x4.convert_i32x4_s/u,
 * f64x2.convert_low_i32x4_s/u, f32x4.demote_f64x2_zero and
 * f64x2.promote_low_f32x4.
 *
 * Saturating truncations: on AArch64 llvm.fpto[su]i.sat (fcvtzs/fcvtzu
 * saturate like wasm); on x86 (where those intrinsics are scalarized)
 * cvttps2dq with the out-of-range lanes fixed up; elsewhere and for f64
 * lanes, clamp the input into the target range, zero NaN lanes and
 * convert with fptosi/fptoui (cvttpd2dq on x86).  The clamp bounds are
 * the last floats inside the range, so the conversion never overflows.
 */
#include "codegen/simd.h"

/* x clamped to [lo, hi], NaN lanes to 0. */
static LLVMValueRef clamp(CgFunc *f, LLVMValueRef x, double lo, double hi)
{
    LLVMTypeRef vt = LLVMTypeOf(x);
    LLVMValueRef vlo = simd_fconst_splat(vt, lo);
    LLVMValueRef vhi = simd_fconst_splat(vt, hi);
    LLVMValueRef t = LLVMBuildSelect(
        f->b, LLVMBuildFCmp(f->b, LLVMRealOLT, x, vlo, ""), vlo, x, "");
    t = LLVMBuildSelect(f->b, LLVMBuildFCmp(f->b, LLVMRealOGT, t, vhi, ""),
                        vhi, t, "");
    LLVMValueRef nan = LLVMBuildFCmp(f->b, LLVMRealUNO, x, x, "");
    return LLVMBuildSelect(f->b, nan, LLVMConstNull(vt), t, "");
}

/* llvm.fpto[su]i.sat: wasm's semantics exactly; one instruction on
 * AArch64 (scalarized by the x86 backend). */
static LLVMValueRef sat_intr(CgFunc *f, LLVMValueRef x, LLVMTypeRef it,
                             bool sign)
{
    LLVMTypeRef over[2] = {it, LLVMTypeOf(x)};
    return cg_intrinsic(f, sign ? "llvm.fptosi.sat" : "llvm.fptoui.sat", over,
                        2, &x, 1);
}

/* x86 cvttps2dq: truncation, 0x80000000 for NaN and out-of-range. */
static LLVMValueRef cvttps2dq(CgFunc *f, LLVMValueRef x)
{
    return cg_intrinsic(f, "llvm.x86.sse2.cvttps2dq", NULL, 0, &x, 1);
}

/* Lanes where x >= k, as all-ones/zero i32 lanes. */
static LLVMValueRef at_least(CgFunc *f, LLVMValueRef x, double k)
{
    LLVMValueRef c = LLVMBuildFCmp(f->b, LLVMRealOGE, x,
                                   simd_fconst_splat(LLVMTypeOf(x), k), "");
    return LLVMBuildSExt(f->b, c, simd_vec_type(f->m, SIMD_I32), "");
}

/* x86: cvttps2dq on x with NaN lanes zeroed is right except at or above
 * 2^31, where it gives 0x80000000: flipping all bits there gives
 * 0x7fffffff. */
static LLVMValueRef x86_trunc_sat_s(CgFunc *f, LLVMValueRef x)
{
    LLVMValueRef ord = LLVMBuildFCmp(f->b, LLVMRealORD, x, x, "");
    LLVMValueRef xs =
        LLVMBuildSelect(f->b, ord, x, LLVMConstNull(LLVMTypeOf(x)), "");
    LLVMValueRef r = cvttps2dq(f, xs);
    return LLVMBuildXor(f->b, r, at_least(f, x, 2147483648.0), "");
}

/* x86: xs = maxps(x, 0) (NaN and negative lanes to 0).  lo = cvt(xs) is
 * right below 2^31 and 0x80000000 from there on, where hi =
 * cvt(xs - 2^31) supplies the low bits; lanes at or above 2^32 saturate
 * to all ones. */
static LLVMValueRef x86_trunc_sat_u(CgFunc *f, LLVMValueRef x)
{
    CgModule *m = f->m;
    LLVMTypeRef vt = LLVMTypeOf(x);
    LLVMValueRef xs = cg_intrinsic(f, "llvm.x86.sse.max.ps", NULL, 0,
                                   (LLVMValueRef[]){x, LLVMConstNull(vt)}, 2);
    LLVMValueRef lo = cvttps2dq(f, xs);
    LLVMValueRef hi = cvttps2dq(
        f, LLVMBuildFSub(f->b, xs, simd_fconst_splat(vt, 2147483648.0), ""));
    LLVMValueRef big =
        LLVMBuildAShr(f->b, lo, simd_const_splat(m->t_i32, 4, 31), "");
    LLVMValueRef r = LLVMBuildOr(f->b, lo, LLVMBuildAnd(f->b, hi, big, ""), "");
    return LLVMBuildOr(f->b, r, at_least(f, x, 4294967296.0), "");
}

/* Elsewhere: clamp, convert, and replace the lanes at or above 2^31
 * (2^32), which f32 cannot represent as clamp bounds. */
static void trunc_sat_f32(CgFunc *f, bool sign)
{
    CgModule *m = f->m;
    LLVMValueRef x = simd_pop(f, SIMD_F32), r;
    LLVMTypeRef it = simd_vec_type(m, SIMD_I32);
    if (simd_is_x86(m)) {
        simd_push(f, sign ? x86_trunc_sat_s(f, x) : x86_trunc_sat_u(f, x));
        return;
    }
    if (simd_is_arch(m, "aarch64")) { /* fcvtzs/fcvtzu saturate */
        simd_push(f, sat_intr(f, x, it, sign));
        return;
    }
    /* 0x4effffff = 2147483520, 0x4f7fffff = 4294967040 */
    if (sign)
        r = LLVMBuildFPToSI(f->b, clamp(f, x, -2147483648.0, 2147483520.0),
                            it, "");
    else
        r = LLVMBuildFPToUI(f->b, clamp(f, x, 0.0, 4294967040.0), it, "");
    LLVMValueRef big =
        simd_fconst_splat(LLVMTypeOf(x), sign ? 2147483648.0 : 4294967296.0);
    LLVMValueRef over = LLVMBuildFCmp(f->b, LLVMRealOGE, x, big, "");
    LLVMValueRef max = simd_const_splat(m->t_i32, 4, sign ? 0x7fffffff
                                                          : 0xffffffff);
    simd_push(f, LLVMBuildSelect(f->b, over, max, r, ""));
}

static void trunc_sat_f64_zero(CgFunc *f, bool sign)
{
    LLVMValueRef x = simd_pop(f, SIMD_F64);
    LLVMTypeRef it = LLVMVectorType(f->m->t_i32, 2);
    if (simd_is_arch(f->m, "aarch64"))
        x = sat_intr(f, x, it, sign);
    else if (sign)
        x = LLVMBuildFPToSI(f->b, clamp(f, x, -2147483648.0, 2147483647.0),
                            it, "");
    else
        x = LLVMBuildFPToUI(f->b, clamp(f, x, 0.0, 4294967295.0), it, "");
    simd_push(f, simd_concat(f, x, LLVMConstNull(it)));
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

CgResult simd_emit_conv(CgFunc *f, const WasmInstr *in)
{
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
