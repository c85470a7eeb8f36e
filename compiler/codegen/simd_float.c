/* Floating-point vector arithmetic (spec 4.4.3 vfunop/vfbinop):
 * f32x4/f64x2 abs, neg, sqrt, add, sub, mul, div, min/max (NaN-
 * propagating, -0 < +0), pmin/pmax (`b < a ? b : a`, `a < b ? b : a`:
 * minps/maxps with swapped operands) and ceil/floor/trunc/nearest.
 *
 * Rounding: with SSE4.1 (or on other architectures) llvm.ceil etc.
 * become one instruction (roundps, frintp...).  On baseline x86-64 (SSE2
 * only, the default target) LLVM would call libm once per lane, so there
 * lanes are rounded with the "magic number" method instead: for
 * |x| < 2^p (p = 23 for f32, 52 for f64), (|x| + 2^p) - 2^p is |x|
 * rounded to the nearest integer, ties to even (the default rounding
 * mode; the sum's ulp is 1); copysign puts the sign of x back (so -0.5
 * rounds to -0).  Floor, ceiling and truncation step by one where that
 * overshoots.  Lanes with |x| >= 2^p are already integers and stay; NaN
 * lanes go through the arithmetic, which makes them quiet.
 */
#include <string.h>

#include "codegen/simd.h"

typedef enum SimdRound {
    SIMD_CEIL,
    SIMD_FLOOR,
    SIMD_TRUNC,
    SIMD_NEAREST,
} SimdRound;

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

/* x86's minps/maxps/minpd/maxpd (SSE/SSE2, always present on x86-64):
 * op(x, y) = x < y ? x : y (x > y for max), else y -- also when either
 * is NaN.  Called directly because select(fcmp) written on our bitcast
 * operands is rewritten by instcombine into an integer select that the
 * backend no longer recognizes. */
static LLVMValueRef x86_minmax(CgFunc *f, SimdShape s, bool max,
                               LLVMValueRef x, LLVMValueRef y)
{
    static const char *const names[2][2] = {
        {"llvm.x86.sse.min.ps", "llvm.x86.sse.max.ps"},
        {"llvm.x86.sse2.min.pd", "llvm.x86.sse2.max.pd"},
    };
    return cg_intrinsic(f, names[s == SIMD_F64][max], NULL, 0,
                        (LLVMValueRef[]){x, y}, 2);
}

/* pmin: b < a ? b : a; pmax: a < b ? b : a (= minps(b, a), maxps(b, a)). */
static void pminmax(CgFunc *f, SimdShape s, bool max)
{
    LLVMValueRef b = simd_pop(f, s), a = simd_pop(f, s);
    if (simd_is_x86(f->m)) {
        simd_push(f, x86_minmax(f, s, max, b, a));
        return;
    }
    LLVMValueRef lt = max ? LLVMBuildFCmp(f->b, LLVMRealOLT, a, b, "")
                          : LLVMBuildFCmp(f->b, LLVMRealOLT, b, a, "");
    simd_push(f, LLVMBuildSelect(f->b, lt, b, a, ""));
}

/* Wasm min/max: NaN if either lane is NaN (a NaN result must be
 * arithmetic, i.e. quiet), and -0 < +0.  The lane order of two values
 * comes from taking min (max) in both operand orders and OR-ing
 * (AND-ing) the bits, which orders -0 and +0; unordered lanes become the
 * canonical NaN.  On x86 each half is one minps (which returns its
 * second operand on NaN or equality), about half of llvm.minimum's
 * expansion, and sNaN inputs come out quiet.  AArch64 has the exact
 * instruction (fmin) for llvm.minimum.  Other targets get plain selects:
 * LLVM 19 cannot legalize llvm.minimum on f64 lanes for 32-bit x86/ARM. */
static void minmax(CgFunc *f, SimdShape s, bool max)
{
    CgModule *m = f->m;
    SimdShape is = simd_int_shape(s);
    LLVMValueRef b = simd_pop(f, s), a = simd_pop(f, s), r;
    LLVMRealPredicate p = max ? LLVMRealOGT : LLVMRealOLT;
    if (simd_is_arch(m, "aarch64")) { /* fmin/fmax: NaN results quiet */
        simd_push(f, simd_intr(f, max ? "llvm.maximum" : "llvm.minimum",
                               (LLVMValueRef[]){a, b}, 2));
        return;
    }
    LLVMValueRef t1, t2;
    if (simd_is_x86(m)) {
        t1 = x86_minmax(f, s, max, a, b);
        t2 = x86_minmax(f, s, max, b, a);
    } else {
        t1 = LLVMBuildSelect(f->b, LLVMBuildFCmp(f->b, p, a, b, ""), a, b, "");
        t2 = LLVMBuildSelect(f->b, LLVMBuildFCmp(f->b, p, b, a, ""), b, a, "");
    }
    t1 = simd_as(f, t1, is);
    t2 = simd_as(f, t2, is);
    r = max ? LLVMBuildAnd(f->b, t1, t2, "") : LLVMBuildOr(f->b, t1, t2, "");
    uint64_t qnan = s == SIMD_F32 ? 0x7fc00000u : UINT64_C(0x7ff8000000000000);
    LLVMValueRef nan = simd_const_splat(simd_lane_type(m, is), simd_lanes(s),
                                        qnan);
    LLVMValueRef uno = LLVMBuildFCmp(f->b, LLVMRealUNO, a, b, "");
    simd_push(f, LLVMBuildSelect(f->b, uno, nan, r, ""));
}

/* Whether rounding must avoid llvm.ceil & co: x86 without SSE4.1. */
static bool needs_magic(CgModule *m)
{
    if (!simd_is_x86(m) || simd_x86_feature(m, "sse4.1"))
        return false;
    char *cpu = LLVMGetTargetMachineCPU(m->tm);
    bool baseline = !*cpu || strcmp(cpu, "generic") == 0 ||
                    strcmp(cpu, "x86-64") == 0;
    LLVMDisposeMessage(cpu);
    return baseline;
}

/* a + (cond ? d : 0), cond a lane mask. */
static LLVMValueRef add_if(CgFunc *f, LLVMValueRef a, LLVMValueRef cond,
                           double d)
{
    LLVMTypeRef vt = LLVMTypeOf(a);
    LLVMValueRef k =
        LLVMBuildSelect(f->b, cond, simd_fconst_splat(vt, d),
                        simd_fconst_splat(vt, 0.0), "");
    return LLVMBuildFAdd(f->b, a, k, "");
}

static LLVMValueRef magic_round(CgFunc *f, SimdShape s, LLVMValueRef x,
                                SimdRound how)
{
    LLVMTypeRef vt = LLVMTypeOf(x);
    LLVMValueRef mg =
        simd_fconst_splat(vt, s == SIMD_F32 ? 8388608.0 : 4503599627370496.0);
    LLVMValueRef ax = simd_intr(f, "llvm.fabs", &x, 1);
    /* NaN lanes take the computed path too: arithmetic quiets them */
    LLVMValueRef small = LLVMBuildFCmp(f->b, LLVMRealULT, ax, mg, "");
    LLVMValueRef r = LLVMBuildFAdd(f->b, ax, mg, "");
    r = LLVMBuildFSub(f->b, r, mg, ""); /* nearest(|x|) */
    if (how == SIMD_TRUNC)
        r = add_if(f, r, LLVMBuildFCmp(f->b, LLVMRealOGT, r, ax, ""), -1.0);
    r = simd_intr(f, "llvm.copysign", (LLVMValueRef[]){r, x}, 2);
    if (how == SIMD_FLOOR || how == SIMD_CEIL) {
        /* from nearest(x): one step down (up) where it overshot; the
         * sign of x again for ceil(-0.7) = -0 */
        bool fl = how == SIMD_FLOOR;
        LLVMValueRef over = LLVMBuildFCmp(f->b, fl ? LLVMRealOGT : LLVMRealOLT,
                                          r, x, "");
        r = add_if(f, r, over, fl ? -1.0 : 1.0);
        r = simd_intr(f, "llvm.copysign", (LLVMValueRef[]){r, x}, 2);
    }
    return LLVMBuildSelect(f->b, small, r, x, "");
}

static void round_lanes(CgFunc *f, SimdShape s, SimdRound how)
{
    static const char *const names[] = {
        [SIMD_CEIL] = "llvm.ceil",   [SIMD_FLOOR] = "llvm.floor",
        [SIMD_TRUNC] = "llvm.trunc", [SIMD_NEAREST] = "llvm.roundeven",
    };
    LLVMValueRef x = simd_pop(f, s);
    if (needs_magic(f->m))
        simd_push(f, magic_round(f, s, x, how));
    else
        simd_push(f, simd_intr(f, names[how], &x, 1));
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
        [FOP_ABS] = "llvm.fabs",
        [FOP_SQRT] = "llvm.sqrt",
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
    case FOP_CEIL: round_lanes(f, s, SIMD_CEIL); break;
    case FOP_FLOOR: round_lanes(f, s, SIMD_FLOOR); break;
    case FOP_TRUNC: round_lanes(f, s, SIMD_TRUNC); break;
    case FOP_NEAREST: round_lanes(f, s, SIMD_NEAREST); break;
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
    return CG_NOT_MINE;
}
