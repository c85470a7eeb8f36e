/* Bitwise vector instructions and lane tests (spec 4.4.3): v128.not,
 * and, andnot, or, xor, bitselect, any_true, and per shape all_true and
 * bitmask.
 *
 * all_true reduces the `lane != 0` mask with llvm.vector.reduce.and;
 * bitmask bitcasts the `lane < 0` mask (<N x i1>) to an N-bit integer:
 * both lower to pcmpeq/psra + pmovmskb/movmskps on x86.
 */
#include "codegen/simd.h"

static LLVMValueRef ones(CgModule *m)
{
    return simd_const_splat(m->t_i32, 4, 0xffffffffu);
}

static void binop(CgFunc *f, LLVMOpcode op, bool invert_b)
{
    LLVMValueRef b = cg_pop(f), a = cg_pop(f);
    if (invert_b)
        b = LLVMBuildXor(f->b, b, ones(f->m), "");
    cg_push(f, LLVMBuildBinOp(f->b, op, a, b, ""));
}

/* bitselect(v1, v2, c) = (v1 & c) | (v2 & ~c), as ((v1 ^ v2) & c) ^ v2. */
static void bitselect(CgFunc *f)
{
    LLVMValueRef c = cg_pop(f), v2 = cg_pop(f), v1 = cg_pop(f);
    LLVMValueRef x = LLVMBuildXor(f->b, v1, v2, "");
    x = LLVMBuildAnd(f->b, x, c, "");
    cg_push(f, LLVMBuildXor(f->b, x, v2, ""));
}

static void any_true(CgFunc *f)
{
    CgModule *m = f->m;
    LLVMValueRef v = LLVMBuildBitCast(f->b, cg_pop(f), m->t_i128, "");
    LLVMValueRef nz =
        LLVMBuildICmp(f->b, LLVMIntNE, v, LLVMConstNull(m->t_i128), "");
    cg_push(f, LLVMBuildZExt(f->b, nz, m->t_i32, ""));
}

static void all_true(CgFunc *f, SimdShape s)
{
    LLVMValueRef v = simd_pop(f, s);
    LLVMValueRef nz =
        LLVMBuildICmp(f->b, LLVMIntNE, v, LLVMConstNull(LLVMTypeOf(v)), "");
    LLVMValueRef all = simd_intr(f, "llvm.vector.reduce.and", &nz, 1);
    cg_push(f, LLVMBuildZExt(f->b, all, f->m->t_i32, ""));
}

static void bitmask(CgFunc *f, SimdShape s)
{
    CgModule *m = f->m;
    LLVMValueRef v = simd_pop(f, s);
    LLVMValueRef neg =
        LLVMBuildICmp(f->b, LLVMIntSLT, v, LLVMConstNull(LLVMTypeOf(v)), "");
    LLVMTypeRef it = LLVMIntTypeInContext(m->ctx, simd_lanes(s));
    LLVMValueRef bits = LLVMBuildBitCast(f->b, neg, it, "");
    cg_push(f, LLVMBuildZExt(f->b, bits, m->t_i32, ""));
}

CgResult simd_emit_bits(CgFunc *f, const WasmInstr *in)
{
    switch (in->op) {
    case WASM_OP_V128_NOT:
        cg_push(f, LLVMBuildXor(f->b, cg_pop(f), ones(f->m), ""));
        break;
    case WASM_OP_V128_AND: binop(f, LLVMAnd, false); break;
    case WASM_OP_V128_ANDNOT: binop(f, LLVMAnd, true); break;
    case WASM_OP_V128_OR: binop(f, LLVMOr, false); break;
    case WASM_OP_V128_XOR: binop(f, LLVMXor, false); break;
    case WASM_OP_V128_BITSELECT: bitselect(f); break;
    case WASM_OP_V128_ANY_TRUE: any_true(f); break;
    case WASM_OP_I8X16_ALL_TRUE: all_true(f, SIMD_I8); break;
    case WASM_OP_I16X8_ALL_TRUE: all_true(f, SIMD_I16); break;
    case WASM_OP_I32X4_ALL_TRUE: all_true(f, SIMD_I32); break;
    case WASM_OP_I64X2_ALL_TRUE: all_true(f, SIMD_I64); break;
    case WASM_OP_I8X16_BITMASK: bitmask(f, SIMD_I8); break;
    case WASM_OP_I16X8_BITMASK: bitmask(f, SIMD_I16); break;
    case WASM_OP_I32X4_BITMASK: bitmask(f, SIMD_I32); break;
    case WASM_OP_I64X2_BITMASK: bitmask(f, SIMD_I64); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
