/* Floating-point instructions and conversions (spec 4.3.3 floating-point
 * operations, 4.3.4 conversions).  IEEE 754 operations map to LLVM
 * instructions; min/max to llvm.minimum/maximum (NaN-propagating, -0 <
 * +0); nearest to llvm.roundeven; constants are built from their bits so
 * NaN payloads survive.  Trapping truncations check NaN ("invalid
 * conversion to integer") and then the range ("integer overflow");
 * saturating ones use llvm.fpto[su]i.sat, which match wasm exactly.
 */
#include <string.h>

#include "codegen/cg.h"

static LLVMValueRef fconst_bits(CgModule *m, LLVMTypeRef ft, LLVMTypeRef it,
                                uint64_t bits)
{
    return LLVMConstBitCast(LLVMConstInt(it, bits, 0), ft);
}

static void fcmp(CgFunc *f, unsigned k)
{
    static const LLVMRealPredicate preds[] = {
        LLVMRealOEQ, LLVMRealUNE, LLVMRealOLT,
        LLVMRealOGT, LLVMRealOLE, LLVMRealOGE,
    };
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    LLVMValueRef c = LLVMBuildFCmp(f->b, preds[k], a, b, "");
    cg_push(f, LLVMBuildZExt(f->b, c, f->m->t_i32, ""));
}

static void unary_intr(CgFunc *f, const char *name)
{
    LLVMValueRef a = cg_pop(f);
    LLVMTypeRef t = LLVMTypeOf(a);
    cg_push(f, cg_intrinsic(f, name, &t, 1, &a, 1));
}

static void binary_intr(CgFunc *f, const char *name)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    LLVMTypeRef t = LLVMTypeOf(a);
    cg_push(f, cg_intrinsic(f, name, &t, 1, (LLVMValueRef[]){a, b}, 2));
}

/* Whether `c` is a constant LLVM would fold `op` away with (x*1, x/-1,
 * x-0, -0-x, x+-0 ...): the fold drops the NaN quieting wasm requires. */
static bool identity_const(LLVMOpcode op, LLVMValueRef c, bool rhs)
{
    if (!LLVMIsAConstantFP(c))
        return false;
    LLVMBool lossy;
    double v = LLVMConstRealGetDouble(c, &lossy);
    switch (op) {
    case LLVMFMul: return v == 1.0 || v == -1.0;
    case LLVMFDiv: return rhs && (v == 1.0 || v == -1.0);
    case LLVMFAdd:
    case LLVMFSub: return v == 0.0;
    default: return false;
    }
}

/* The constant through a volatile load, opaque to the optimizer; such
 * operations are rare in real code. */
static LLVMValueRef opaque(CgFunc *f, LLVMValueRef c)
{
    LLVMValueRef g = LLVMAddGlobal(f->m->mod, LLVMTypeOf(c), "kiln.fconst");
    LLVMSetInitializer(g, c);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMValueRef v = LLVMBuildLoad2(f->b, LLVMTypeOf(c), g, "");
    LLVMSetVolatile(v, 1);
    return v;
}

static void fbinop(CgFunc *f, LLVMOpcode op)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    if (identity_const(op, a, false))
        a = opaque(f, a);
    if (identity_const(op, b, true))
        b = opaque(f, b);
    cg_push(f, LLVMBuildBinOp(f->b, op, a, b, ""));
}

/* llvm.minimum/maximum may return a signalling NaN operand as is; wasm
 * wants it quieted, which a + b does for any NaN operand. */
static void minmax(CgFunc *f, const char *name)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    LLVMTypeRef t = LLVMTypeOf(a);
    LLVMValueRef r = cg_intrinsic(f, name, &t, 1, (LLVMValueRef[]){a, b}, 2);
    LLVMValueRef nan = LLVMBuildFCmp(f->b, LLVMRealUNO, r, r, "");
    cg_push(f, LLVMBuildSelect(f->b, nan, LLVMBuildFAdd(f->b, a, b, ""), r,
                               ""));
}

/* 32-bit ARM: LLVM 19 cannot select llvm.minimum/maximum on f64 ("Cannot
 * select setcc i64"), so there min/max are compares and selects.  Equal
 * operands (only +0 and -0 differ) combine their bits: OR keeps the sign
 * for min, AND drops it for max; a NaN operand gives a + b, quieted. */
static bool minmax_by_select(CgFunc *f)
{
    const char *t = f->m->opts->triple;
    return t && (strncmp(t, "arm", 3) == 0 || strncmp(t, "thumb", 5) == 0);
}

static void minmax_select(CgFunc *f, bool is_min)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    LLVMTypeRef ft = LLVMTypeOf(a);
    LLVMTypeRef it = ft == f->m->t_f64 ? f->m->t_i64 : f->m->t_i32;
    LLVMValueRef ab = LLVMBuildBitCast(f->b, a, it, "");
    LLVMValueRef bb = LLVMBuildBitCast(f->b, b, it, "");
    LLVMValueRef same = is_min ? LLVMBuildOr(f->b, ab, bb, "")
                               : LLVMBuildAnd(f->b, ab, bb, "");
    LLVMValueRef lt = LLVMBuildFCmp(f->b, LLVMRealOLT, a, b, "");
    LLVMValueRef gt = LLVMBuildFCmp(f->b, LLVMRealOGT, a, b, "");
    LLVMValueRef r = LLVMBuildSelect(f->b, is_min ? gt : lt, b,
                                     LLVMBuildBitCast(f->b, same, ft, ""), "");
    r = LLVMBuildSelect(f->b, is_min ? lt : gt, a, r, "");
    LLVMValueRef nan = LLVMBuildFCmp(f->b, LLVMRealUNO, a, b, "");
    cg_push(f, LLVMBuildSelect(f->b, nan, LLVMBuildFAdd(f->b, a, b, ""), r,
                               ""));
}

/* Shared by f32 and f64: offset from F32_ABS / F64_ABS. */
static void farith(CgFunc *f, unsigned k)
{
    switch (k) {
    case 0: unary_intr(f, "llvm.fabs"); break;
    case 1: cg_push(f, LLVMBuildFNeg(f->b, cg_pop(f), "")); break;
    case 2: unary_intr(f, "llvm.ceil"); break;
    case 3: unary_intr(f, "llvm.floor"); break;
    case 4: unary_intr(f, "llvm.trunc"); break;
    case 5: unary_intr(f, "llvm.roundeven"); break;
    case 6: unary_intr(f, "llvm.sqrt"); break;
    case 7: fbinop(f, LLVMFAdd); break;
    case 8: fbinop(f, LLVMFSub); break;
    case 9: fbinop(f, LLVMFMul); break;
    case 10: fbinop(f, LLVMFDiv); break;
    case 11:
        if (minmax_by_select(f))
            minmax_select(f, true);
        else
            minmax(f, "llvm.minimum");
        break;
    case 12:
        if (minmax_by_select(f))
            minmax_select(f, false);
        else
            minmax(f, "llvm.maximum");
        break;
    case 13: binary_intr(f, "llvm.copysign"); break;
    }
}

/* Exclusive bounds of the values a float may have for trunc to succeed:
 * lo < x < hi.  Each bound is exactly representable in the source type. */
static void trunc_bounds(bool is64, bool sign, bool src64, double *lo,
                         double *hi)
{
    if (!sign) {
        *lo = -1.0;
        *hi = is64 ? 18446744073709551616.0 : 4294967296.0;
    } else if (!is64) {
        *lo = src64 ? -2147483649.0 : -2147483904.0;
        *hi = 2147483648.0;
    } else {
        *lo = src64 ? -9223372036854777856.0 : -9223373136366403584.0;
        *hi = 9223372036854775808.0;
    }
}

static void trunc_trap(CgFunc *f, bool is64, bool sign)
{
    LLVMValueRef x = cg_pop(f);
    LLVMTypeRef ft = LLVMTypeOf(x);
    LLVMTypeRef it = is64 ? f->m->t_i64 : f->m->t_i32;
    double lo, hi;
    trunc_bounds(is64, sign, ft == f->m->t_f64, &lo, &hi);
    cg_trap_if(f, LLVMBuildFCmp(f->b, LLVMRealUNO, x, x, ""),
               KILN_TRAP_BAD_CONVERSION);
    LLVMValueRef ok = LLVMBuildAnd(
        f->b, LLVMBuildFCmp(f->b, LLVMRealOGT, x, LLVMConstReal(ft, lo), ""),
        LLVMBuildFCmp(f->b, LLVMRealOLT, x, LLVMConstReal(ft, hi), ""), "");
    cg_trap_if(f, LLVMBuildNot(f->b, ok, ""), KILN_TRAP_INT_OVERFLOW);
    cg_push(f, sign ? LLVMBuildFPToSI(f->b, x, it, "")
                    : LLVMBuildFPToUI(f->b, x, it, ""));
}

static void trunc_sat(CgFunc *f, bool is64, bool sign)
{
    LLVMValueRef x = cg_pop(f);
    LLVMTypeRef over[2] = {is64 ? f->m->t_i64 : f->m->t_i32, LLVMTypeOf(x)};
    cg_push(f, cg_intrinsic(f, sign ? "llvm.fptosi.sat" : "llvm.fptoui.sat",
                            over, 2, &x, 1));
}

static void convert(CgFunc *f, LLVMTypeRef ft, bool sign)
{
    LLVMValueRef x = cg_pop(f);
    cg_push(f, sign ? LLVMBuildSIToFP(f->b, x, ft, "")
                    : LLVMBuildUIToFP(f->b, x, ft, ""));
}

/* LLVM folds demote(promote(x)) to x, losing the quieting of a
 * signalling NaN; in that pattern quiet the NaN by hand. */
static void demote(CgFunc *f)
{
    CgModule *m = f->m;
    LLVMValueRef x = cg_pop(f);
    LLVMValueRef r = LLVMBuildFPTrunc(f->b, x, m->t_f32, "");
    if (LLVMIsAFPExtInst(x)) {
        LLVMValueRef bits = LLVMBuildBitCast(f->b, r, m->t_i32, "");
        bits = LLVMBuildOr(f->b, bits, LLVMConstInt(m->t_i32, 0x400000, 0), "");
        LLVMValueRef nan = LLVMBuildFCmp(f->b, LLVMRealUNO, r, r, "");
        r = LLVMBuildSelect(f->b, nan,
                            LLVMBuildBitCast(f->b, bits, m->t_f32, ""), r, "");
    }
    cg_push(f, r);
}

static CgResult conversions(CgFunc *f, WasmOp op)
{
    CgModule *m = f->m;
    switch (op) {
    case WASM_OP_I32_TRUNC_F32_S:
    case WASM_OP_I32_TRUNC_F64_S: trunc_trap(f, false, true); break;
    case WASM_OP_I32_TRUNC_F32_U:
    case WASM_OP_I32_TRUNC_F64_U: trunc_trap(f, false, false); break;
    case WASM_OP_I64_TRUNC_F32_S:
    case WASM_OP_I64_TRUNC_F64_S: trunc_trap(f, true, true); break;
    case WASM_OP_I64_TRUNC_F32_U:
    case WASM_OP_I64_TRUNC_F64_U: trunc_trap(f, true, false); break;
    case WASM_OP_I32_TRUNC_SAT_F32_S:
    case WASM_OP_I32_TRUNC_SAT_F64_S: trunc_sat(f, false, true); break;
    case WASM_OP_I32_TRUNC_SAT_F32_U:
    case WASM_OP_I32_TRUNC_SAT_F64_U: trunc_sat(f, false, false); break;
    case WASM_OP_I64_TRUNC_SAT_F32_S:
    case WASM_OP_I64_TRUNC_SAT_F64_S: trunc_sat(f, true, true); break;
    case WASM_OP_I64_TRUNC_SAT_F32_U:
    case WASM_OP_I64_TRUNC_SAT_F64_U: trunc_sat(f, true, false); break;
    case WASM_OP_F32_CONVERT_I32_S:
    case WASM_OP_F32_CONVERT_I64_S: convert(f, m->t_f32, true); break;
    case WASM_OP_F32_CONVERT_I32_U:
    case WASM_OP_F32_CONVERT_I64_U: convert(f, m->t_f32, false); break;
    case WASM_OP_F64_CONVERT_I32_S:
    case WASM_OP_F64_CONVERT_I64_S: convert(f, m->t_f64, true); break;
    case WASM_OP_F64_CONVERT_I32_U:
    case WASM_OP_F64_CONVERT_I64_U: convert(f, m->t_f64, false); break;
    case WASM_OP_F32_DEMOTE_F64: demote(f); break;
    case WASM_OP_F64_PROMOTE_F32:
        cg_push(f, LLVMBuildFPExt(f->b, cg_pop(f), m->t_f64, ""));
        break;
    case WASM_OP_I32_REINTERPRET_F32:
        cg_push(f, LLVMBuildBitCast(f->b, cg_pop(f), m->t_i32, ""));
        break;
    case WASM_OP_I64_REINTERPRET_F64:
        cg_push(f, LLVMBuildBitCast(f->b, cg_pop(f), m->t_i64, ""));
        break;
    case WASM_OP_F32_REINTERPRET_I32:
        cg_push(f, LLVMBuildBitCast(f->b, cg_pop(f), m->t_f32, ""));
        break;
    case WASM_OP_F64_REINTERPRET_I64:
        cg_push(f, LLVMBuildBitCast(f->b, cg_pop(f), m->t_f64, ""));
        break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}

CgResult cg_emit_float(CgFunc *f, const WasmInstr *in)
{
    CgModule *m = f->m;
    WasmOp op = in->op;
    if (op >= WASM_OP_F32_EQ && op <= WASM_OP_F32_GE)
        fcmp(f, op - WASM_OP_F32_EQ);
    else if (op >= WASM_OP_F64_EQ && op <= WASM_OP_F64_GE)
        fcmp(f, op - WASM_OP_F64_EQ);
    else if (op >= WASM_OP_F32_ABS && op <= WASM_OP_F32_COPYSIGN)
        farith(f, op - WASM_OP_F32_ABS);
    else if (op >= WASM_OP_F64_ABS && op <= WASM_OP_F64_COPYSIGN)
        farith(f, op - WASM_OP_F64_ABS);
    else if (op == WASM_OP_F32_CONST)
        cg_push(f, fconst_bits(m, m->t_f32, m->t_i32, in->u.f32));
    else if (op == WASM_OP_F64_CONST)
        cg_push(f, fconst_bits(m, m->t_f64, m->t_i64, in->u.f64));
    else
        return conversions(f, op);
    return CG_OK;
}
