/* Vector instructions that change the lane width (spec 4.4.3): narrow
 * with saturation, extend_low/high, extadd_pairwise, extmul_low/high,
 * i32x4.dot_i16x8_s and i16x8.q15mulr_sat_s.
 *
 * Everything is written in generic IR in the patterns x86's instruction
 * selection recognizes: narrow as smin(smax(concat(a, b))) then trunc
 * (packsswb/packuswb...), dot as the sum of even and odd lanes of the
 * widened product (pmaddwd), extends as half-shuffles plus sext/zext
 * (pmovsx/punpck).
 */
#include "codegen/simd.h"

/* v with lanes twice as wide; `sign` picks sext or zext. */
static LLVMValueRef widen(CgFunc *f, LLVMValueRef v, bool sign)
{
    LLVMTypeRef lt = LLVMGetElementType(LLVMTypeOf(v));
    LLVMTypeRef wt = simd_resize(f->m, v, 2 * LLVMGetIntTypeWidth(lt));
    return sign ? LLVMBuildSExt(f->b, v, wt, "")
                : LLVMBuildZExt(f->b, v, wt, "");
}

/* Narrow two vectors of shape `from` (i16 or i32 lanes) to one of half
 * the lane width, saturating signed or unsigned (inputs are signed). */
static void narrow(CgFunc *f, SimdShape from, bool sign)
{
    LLVMValueRef b = simd_pop(f, from), a = simd_pop(f, from);
    LLVMValueRef v = simd_concat(f, a, b);
    LLVMTypeRef wl = simd_lane_type(f->m, from);
    unsigned bits = LLVMGetIntTypeWidth(wl) / 2, n = 2 * simd_lanes(from);
    int64_t lo = sign ? -(INT64_C(1) << (bits - 1)) : 0;
    int64_t hi = sign ? (INT64_C(1) << (bits - 1)) - 1
                      : (INT64_C(1) << bits) - 1;
    LLVMValueRef args[2] = {v, simd_const_splat(wl, n, (uint64_t)lo)};
    v = simd_intr(f, "llvm.smax", args, 2);
    args[0] = v;
    args[1] = simd_const_splat(wl, n, (uint64_t)hi);
    v = simd_intr(f, "llvm.smin", args, 2);
    LLVMTypeRef nt = simd_resize(f->m, v, bits);
    simd_push(f, LLVMBuildTrunc(f->b, v, nt, ""));
}

static void extend(CgFunc *f, SimdShape from, bool high, bool sign)
{
    LLVMValueRef v = simd_pop(f, from);
    simd_push(f, widen(f, simd_half(f, v, high), sign));
}

static void extadd_pairwise(CgFunc *f, SimdShape from, bool sign)
{
    LLVMValueRef v = simd_pop(f, from);
    LLVMValueRef e = widen(f, simd_evens(f, v, false), sign);
    LLVMValueRef o = widen(f, simd_evens(f, v, true), sign);
    simd_push(f, LLVMBuildAdd(f->b, e, o, ""));
}

static void extmul(CgFunc *f, SimdShape from, bool high, bool sign)
{
    LLVMValueRef b = simd_pop(f, from), a = simd_pop(f, from);
    LLVMValueRef wa = widen(f, simd_half(f, a, high), sign);
    LLVMValueRef wb = widen(f, simd_half(f, b, high), sign);
    simd_push(f, LLVMBuildMul(f->b, wa, wb, ""));
}

static void dot(CgFunc *f)
{
    LLVMValueRef b = simd_pop(f, SIMD_I16), a = simd_pop(f, SIMD_I16);
    LLVMValueRef p =
        LLVMBuildMul(f->b, widen(f, a, true), widen(f, b, true), "");
    LLVMValueRef e = simd_evens(f, p, false), o = simd_evens(f, p, true);
    simd_push(f, LLVMBuildAdd(f->b, e, o, ""));
}

/* (a * b + 0x4000) >> 15, saturated.  Computed as ((p >> 14) + 1) >> 1
 * (the same value), truncated; the only result outside i16 is 32768
 * (from -32768 * -32768), which truncates to 0x8000, a value no other
 * input produces, so flipping 0x8000 lanes to 0x7fff saturates.  This
 * form is ~30% shorter on SSE2 than clamping in i32. */
static void q15mulr(CgFunc *f)
{
    CgModule *m = f->m;
    LLVMValueRef b = simd_pop(f, SIMD_I16), a = simd_pop(f, SIMD_I16), r;
    if (simd_is_arch(m, "aarch64")) { /* sqrdmulh: exactly this */
        LLVMTypeRef t = LLVMTypeOf(a);
        simd_push(f, cg_intrinsic(f, "llvm.aarch64.neon.sqrdmulh", &t, 1,
                                  (LLVMValueRef[]){a, b}, 2));
        return;
    }
    if (simd_x86_feature(m, "ssse3")) { /* pmulhrsw: the same, unsaturated */
        r = cg_intrinsic(f, "llvm.x86.ssse3.pmul.hr.sw.128", NULL, 0,
                         (LLVMValueRef[]){a, b}, 2);
    } else {
        LLVMValueRef p =
            LLVMBuildMul(f->b, widen(f, a, true), widen(f, b, true), "");
        p = LLVMBuildAShr(f->b, p, simd_const_splat(m->t_i32, 8, 14), "");
        p = LLVMBuildAdd(f->b, p, simd_const_splat(m->t_i32, 8, 1), "");
        p = LLVMBuildAShr(f->b, p, simd_const_splat(m->t_i32, 8, 1), "");
        r = LLVMBuildTrunc(f->b, p, simd_vec_type(m, SIMD_I16), "");
    }
    LLVMValueRef ov = LLVMBuildICmp(f->b, LLVMIntEQ, r,
                                    simd_const_splat(m->t_i16, 8, 0x8000), "");
    ov = LLVMBuildSExt(f->b, ov, LLVMTypeOf(r), "");
    simd_push(f, LLVMBuildXor(f->b, r, ov, ""));
}

CgResult simd_emit_widen(CgFunc *f, const WasmInstr *in)
{
    const SimdShape b8 = SIMD_I8, b16 = SIMD_I16, b32 = SIMD_I32;
    switch (in->op) {
    case WASM_OP_I8X16_NARROW_I16X8_S: narrow(f, b16, true); break;
    case WASM_OP_I8X16_NARROW_I16X8_U: narrow(f, b16, false); break;
    case WASM_OP_I16X8_NARROW_I32X4_S: narrow(f, b32, true); break;
    case WASM_OP_I16X8_NARROW_I32X4_U: narrow(f, b32, false); break;
    case WASM_OP_I16X8_EXTEND_LOW_I8X16_S: extend(f, b8, false, true); break;
    case WASM_OP_I16X8_EXTEND_HIGH_I8X16_S: extend(f, b8, true, true); break;
    case WASM_OP_I16X8_EXTEND_LOW_I8X16_U: extend(f, b8, false, false); break;
    case WASM_OP_I16X8_EXTEND_HIGH_I8X16_U: extend(f, b8, true, false); break;
    case WASM_OP_I32X4_EXTEND_LOW_I16X8_S: extend(f, b16, false, true); break;
    case WASM_OP_I32X4_EXTEND_HIGH_I16X8_S: extend(f, b16, true, true); break;
    case WASM_OP_I32X4_EXTEND_LOW_I16X8_U: extend(f, b16, false, false); break;
    case WASM_OP_I32X4_EXTEND_HIGH_I16X8_U: extend(f, b16, true, false); break;
    case WASM_OP_I64X2_EXTEND_LOW_I32X4_S: extend(f, b32, false, true); break;
    case WASM_OP_I64X2_EXTEND_HIGH_I32X4_S: extend(f, b32, true, true); break;
    case WASM_OP_I64X2_EXTEND_LOW_I32X4_U: extend(f, b32, false, false); break;
    case WASM_OP_I64X2_EXTEND_HIGH_I32X4_U: extend(f, b32, true, false); break;
    case WASM_OP_I16X8_EXTADD_PAIRWISE_I8X16_S:
        extadd_pairwise(f, b8, true);
        break;
    case WASM_OP_I16X8_EXTADD_PAIRWISE_I8X16_U:
        extadd_pairwise(f, b8, false);
        break;
    case WASM_OP_I32X4_EXTADD_PAIRWISE_I16X8_S:
        extadd_pairwise(f, b16, true);
        break;
    case WASM_OP_I32X4_EXTADD_PAIRWISE_I16X8_U:
        extadd_pairwise(f, b16, false);
        break;
    case WASM_OP_I16X8_EXTMUL_LOW_I8X16_S: extmul(f, b8, false, true); break;
    case WASM_OP_I16X8_EXTMUL_HIGH_I8X16_S: extmul(f, b8, true, true); break;
    case WASM_OP_I16X8_EXTMUL_LOW_I8X16_U: extmul(f, b8, false, false); break;
    case WASM_OP_I16X8_EXTMUL_HIGH_I8X16_U: extmul(f, b8, true, false); break;
    case WASM_OP_I32X4_EXTMUL_LOW_I16X8_S: extmul(f, b16, false, true); break;
    case WASM_OP_I32X4_EXTMUL_HIGH_I16X8_S: extmul(f, b16, true, true); break;
    case WASM_OP_I32X4_EXTMUL_LOW_I16X8_U: extmul(f, b16, false, false); break;
    case WASM_OP_I32X4_EXTMUL_HIGH_I16X8_U: extmul(f, b16, true, false); break;
    case WASM_OP_I64X2_EXTMUL_LOW_I32X4_S: extmul(f, b32, false, true); break;
    case WASM_OP_I64X2_EXTMUL_HIGH_I32X4_S: extmul(f, b32, true, true); break;
    case WASM_OP_I64X2_EXTMUL_LOW_I32X4_U: extmul(f, b32, false, false); break;
    case WASM_OP_I64X2_EXTMUL_HIGH_I32X4_U: extmul(f, b32, true, false); break;
    case WASM_OP_I32X4_DOT_I16X8_S: dot(f); break;
    case WASM_OP_I16X8_Q15MULR_SAT_S: q15mulr(f); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
