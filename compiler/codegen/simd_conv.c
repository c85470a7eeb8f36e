/* Vector conversions (spec 4.4.3): i32x4.trunc_sat_f32x4_s/u,
 * i32x4.trunc_sat_f64x2_s/u_zero, f32x4.convert_i32x4_s/u,
 * f64x2.convert_low_i32x4_s/u, f32x4.demote_f64x2_zero and
 * f64x2.promote_low_f32x4.
 *
 * Saturating truncations clamp the input into the target range, zero
 * NaN lanes and then convert with fptosi/fptoui, which x86 maps to
 * cvttps2dq/cvttpd2dq (llvm.fpto[su]i.sat on vectors is scalarized by
 * the x86 backend).  The clamp bounds are the last floats inside the
 * range, so the conversion itself never overflows.
 */
#include "codegen/simd.h"

/* x clamped to [lo, hi], NaN lanes to 0. */
static LLVMValueRef clamp(CgFunc *f, LLVMValueRef x, double lo, double hi)
{
    LLVMTypeRef vt = LLVMTypeOf(x);
    LLVMValueRef vlo = simd_fconst_splat(vt, lo), vhi = simd_fconst_splat(vt, hi);
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
    LLVMValueRef big = simd_fconst_splat(LLVMTypeOf(x), sign ? 2147483648.0 : 4294967296.0);
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
