/* Integer numeric instructions (spec 4.3.2 integer operations, 4.4.1):
 * constants, comparisons, arithmetic with wrapping semantics (no nsw/nuw
 * except i32.add of a validated address and a small constant, below),
 * division and remainder with their traps, shifts modulo the width,
 * rotates through funnel shifts, bit counts, sign extension, wrap/extend.
 */
#include "codegen/cg.h"

static LLVMValueRef to_i32(CgFunc *f, LLVMValueRef i1)
{
    return LLVMBuildZExt(f->b, i1, f->m->t_i32, "");
}

static void cmp(CgFunc *f, LLVMIntPredicate p)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    cg_push(f, to_i32(f, LLVMBuildICmp(f->b, p, a, b, "")));
}

static void binop(CgFunc *f, LLVMOpcode op)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    cg_push(f, LLVMBuildBinOp(f->b, op, a, b, ""));
}

/* Small constant c: 0 <= c < 65536 (the 32-bit memory cap's margin). */
static bool small_const(LLVMValueRef c)
{
    return LLVMIsAConstantInt(c) && LLVMConstIntGetZExtValue(c) < 65536;
}

/* i32.add x + c: cannot wrap when c < 65536 and x is an address this
 * block already accessed (cg.h "No-wrap facts"); when the block accessed
 * x + c0 instead, with c0 <= c < c0 + 65536, it is (x + c0) + (c - c0),
 * which cannot wrap either and shares the address (stencil rows). */
static void add(CgFunc *f)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    if (LLVMIsAConstantInt(a)) {
        LLVMValueRef t = a; /* i32.add commutes: constant second */
        a = b, b = t;
    }
    bool nuw = false;
    if (LLVMTypeOf(a) == f->m->t_i32 && LLVMIsAConstantInt(b)) {
        uint64_t d;
        LLVMValueRef anchor;
        if (small_const(b) && cg_addr_nowrap(f, a)) {
            nuw = true;
        } else if ((anchor = cg_addr_anchor(
                        f, a, LLVMConstIntGetZExtValue(b), &d))) {
            a = anchor, b = LLVMConstInt(f->m->t_i32, d, 0);
            nuw = true;
        }
    }
    LLVMValueRef r = LLVMBuildAdd(f->b, a, b, "");
    if (nuw && LLVMIsAInstruction(r))
        LLVMSetNUW(r, 1);
    else if (f->nsums && !LLVMIsAConstantInt(b)) /* local + local */
        cg_sums_add(f, a, b, r);
    cg_push(f, r);
}

/* Shift count modulo the width (wasm), which also keeps LLVM's shifts
 * defined. */
static void shift(CgFunc *f, LLVMOpcode op)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    LLVMTypeRef t = LLVMTypeOf(a);
    LLVMValueRef mask = LLVMConstInt(t, LLVMGetIntTypeWidth(t) - 1, 0);
    b = LLVMBuildAnd(f->b, b, mask, "");
    cg_push(f, LLVMBuildBinOp(f->b, op, a, b, ""));
}

static void rotate(CgFunc *f, const char *intr)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    LLVMTypeRef t = LLVMTypeOf(a);
    cg_push(f, cg_intrinsic(f, intr, &t, 1, (LLVMValueRef[]){a, a, b}, 3));
}

static void bitcount(CgFunc *f, const char *intr, unsigned nargs)
{
    LLVMValueRef a = cg_pop(f);
    LLVMTypeRef t = LLVMTypeOf(a);
    LLVMValueRef args[2] = {a, LLVMConstInt(f->m->t_i1, 0, 0)};
    /* ctlz/cttz take "zero is poison" = false: wasm defines clz(0) */
    cg_push(f, cg_intrinsic(f, intr, &t, 1, args, nargs));
}

/* div/rem: trap on a zero divisor; div_s traps on INT_MIN / -1 and
 * rem_s of INT_MIN by -1 is 0 (computed as x rem 1). */
static void divrem(CgFunc *f, LLVMOpcode op)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    LLVMTypeRef t = LLVMTypeOf(a);
    LLVMValueRef zero = LLVMConstNull(t);
    cg_trap_if(f, LLVMBuildICmp(f->b, LLVMIntEQ, b, zero, ""),
               KILN_TRAP_INT_DIV_ZERO);
    LLVMValueRef m1 = LLVMConstAllOnes(t);
    if (op == LLVMSDiv) {
        unsigned w = LLVMGetIntTypeWidth(t);
        LLVMValueRef min = LLVMConstInt(t, 1ull << (w - 1), 0);
        LLVMValueRef ov = LLVMBuildAnd(
            f->b, LLVMBuildICmp(f->b, LLVMIntEQ, a, min, ""),
            LLVMBuildICmp(f->b, LLVMIntEQ, b, m1, ""), "");
        cg_trap_if(f, ov, KILN_TRAP_INT_OVERFLOW);
    } else if (op == LLVMSRem) {
        LLVMValueRef is_m1 = LLVMBuildICmp(f->b, LLVMIntEQ, b, m1, "");
        b = LLVMBuildSelect(f->b, is_m1, LLVMConstInt(t, 1, 0), b, "");
    }
    cg_push(f, LLVMBuildBinOp(f->b, op, a, b, ""));
}

static void sext_from(CgFunc *f, LLVMTypeRef narrow)
{
    LLVMValueRef a = cg_pop(f);
    LLVMTypeRef t = LLVMTypeOf(a);
    cg_push(f, LLVMBuildSExt(f->b, LLVMBuildTrunc(f->b, a, narrow, ""), t, ""));
}

static void eqz(CgFunc *f)
{
    LLVMValueRef a = cg_pop(f);
    cg_push(f, to_i32(f, LLVMBuildICmp(f->b, LLVMIntEQ, a,
                                       LLVMConstNull(LLVMTypeOf(a)), "")));
}

static CgResult compare(CgFunc *f, WasmOp op)
{
    /* i32 and i64 comparisons are in the same order in opcodes.def */
    static const LLVMIntPredicate preds[] = {
        LLVMIntEQ,  LLVMIntNE,  LLVMIntSLT, LLVMIntULT, LLVMIntSGT,
        LLVMIntUGT, LLVMIntSLE, LLVMIntULE, LLVMIntSGE, LLVMIntUGE,
    };
    if (op >= WASM_OP_I32_EQ && op <= WASM_OP_I32_GE_U)
        cmp(f, preds[op - WASM_OP_I32_EQ]);
    else if (op >= WASM_OP_I64_EQ && op <= WASM_OP_I64_GE_U)
        cmp(f, preds[op - WASM_OP_I64_EQ]);
    else
        return CG_NOT_MINE;
    return CG_OK;
}

/* Operations shared by i32 and i64: `k` is the offset from I32_CLZ or
 * I64_CLZ (the two runs have the same order). */
static void arith(CgFunc *f, unsigned k)
{
    switch (k) {
    case 0: bitcount(f, "llvm.ctlz", 2); break;
    case 1: bitcount(f, "llvm.cttz", 2); break;
    case 2: bitcount(f, "llvm.ctpop", 1); break;
    case 3: add(f); break;
    case 4: binop(f, LLVMSub); break;
    case 5: binop(f, LLVMMul); break;
    case 6: divrem(f, LLVMSDiv); break;
    case 7: divrem(f, LLVMUDiv); break;
    case 8: divrem(f, LLVMSRem); break;
    case 9: divrem(f, LLVMURem); break;
    case 10: binop(f, LLVMAnd); break;
    case 11: binop(f, LLVMOr); break;
    case 12: binop(f, LLVMXor); break;
    case 13: shift(f, LLVMShl); break;
    case 14: shift(f, LLVMAShr); break;
    case 15: shift(f, LLVMLShr); break;
    case 16: rotate(f, "llvm.fshl"); break;
    case 17: rotate(f, "llvm.fshr"); break;
    }
}

CgResult cg_emit_numeric(CgFunc *f, const WasmInstr *in)
{
    CgModule *m = f->m;
    WasmOp op = in->op;
    if (op >= WASM_OP_I32_CLZ && op <= WASM_OP_I32_ROTR) {
        arith(f, op - WASM_OP_I32_CLZ);
        return CG_OK;
    }
    if (op >= WASM_OP_I64_CLZ && op <= WASM_OP_I64_ROTR) {
        arith(f, op - WASM_OP_I64_CLZ);
        return CG_OK;
    }
    switch (op) {
    case WASM_OP_I32_CONST:
        cg_push(f, LLVMConstInt(m->t_i32, (uint32_t)in->u.i32, 0));
        break;
    case WASM_OP_I64_CONST:
        cg_push(f, LLVMConstInt(m->t_i64, (uint64_t)in->u.i64, 0));
        break;
    case WASM_OP_I32_EQZ:
    case WASM_OP_I64_EQZ: eqz(f); break;
    case WASM_OP_I32_WRAP_I64:
        cg_push(f, LLVMBuildTrunc(f->b, cg_pop(f), m->t_i32, ""));
        break;
    case WASM_OP_I64_EXTEND_I32_S:
        cg_push(f, LLVMBuildSExt(f->b, cg_pop(f), m->t_i64, ""));
        break;
    case WASM_OP_I64_EXTEND_I32_U:
        cg_push(f, LLVMBuildZExt(f->b, cg_pop(f), m->t_i64, ""));
        break;
    case WASM_OP_I32_EXTEND8_S:
    case WASM_OP_I64_EXTEND8_S: sext_from(f, m->t_i8); break;
    case WASM_OP_I32_EXTEND16_S:
    case WASM_OP_I64_EXTEND16_S: sext_from(f, m->t_i16); break;
    case WASM_OP_I64_EXTEND32_S: sext_from(f, m->t_i32); break;
    default: return compare(f, op);
    }
    return CG_OK;
}
