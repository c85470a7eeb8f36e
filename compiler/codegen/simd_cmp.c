/* Vector comparisons (spec 4.4.3, vrelop): each lane becomes all ones
 * when the relation holds and zero otherwise, i.e. the sign extension of
 * the <N x i1> compare result.  Float relations are ordered except `ne`
 * (true on NaN), as for scalars.
 *
 * The opcode table lists each shape's relations consecutively, so a
 * relation is found from its offset to the shape's `eq`.
 */
#include "codegen/simd.h"

_Static_assert(WASM_OP_I8X16_GE_U == WASM_OP_I8X16_EQ + 9 &&
                   WASM_OP_I16X8_GE_U == WASM_OP_I16X8_EQ + 9 &&
                   WASM_OP_I32X4_GE_U == WASM_OP_I32X4_EQ + 9 &&
                   WASM_OP_I64X2_GE_S == WASM_OP_I64X2_EQ + 5 &&
                   WASM_OP_F32X4_GE == WASM_OP_F32X4_EQ + 5 &&
                   WASM_OP_F64X2_GE == WASM_OP_F64X2_EQ + 5,
               "opcodes.def lists each shape's relations consecutively");

/* eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u (i8x16, i16x8, i32x4) */
static const LLVMIntPredicate int10[] = {
    LLVMIntEQ,  LLVMIntNE,  LLVMIntSLT, LLVMIntULT, LLVMIntSGT,
    LLVMIntUGT, LLVMIntSLE, LLVMIntULE, LLVMIntSGE, LLVMIntUGE,
};
/* eq ne lt_s gt_s le_s ge_s (i64x2) */
static const LLVMIntPredicate int6[] = {
    LLVMIntEQ, LLVMIntNE, LLVMIntSLT, LLVMIntSGT, LLVMIntSLE, LLVMIntSGE,
};
/* eq ne lt gt le ge (f32x4, f64x2) */
static const LLVMRealPredicate real6[] = {
    LLVMRealOEQ, LLVMRealUNE, LLVMRealOLT,
    LLVMRealOGT, LLVMRealOLE, LLVMRealOGE,
};

static void push_mask(CgFunc *f, LLVMValueRef c, SimdShape s)
{
    simd_push(f, LLVMBuildSExt(f->b, c, simd_vec_type(f->m, s), ""));
}

static void icmp(CgFunc *f, SimdShape s, LLVMIntPredicate p)
{
    LLVMValueRef b = simd_pop(f, s), a = simd_pop(f, s);
    push_mask(f, LLVMBuildICmp(f->b, p, a, b, ""), s);
}

static void fcmp(CgFunc *f, SimdShape s, LLVMRealPredicate p)
{
    LLVMValueRef b = simd_pop(f, s), a = simd_pop(f, s);
    push_mask(f, LLVMBuildFCmp(f->b, p, a, b, ""), simd_int_shape(s));
}

/* Offset of `op` in [first, first + n), or -1. */
static int at(unsigned op, unsigned first, unsigned n)
{
    return op >= first && op < first + n ? (int)(op - first) : -1;
}

CgResult simd_emit_cmp(CgFunc *f, const WasmInstr *in)
{
    static const struct {
        unsigned first;
        SimdShape shape;
    } ints[] = {
        {WASM_OP_I8X16_EQ, SIMD_I8},
        {WASM_OP_I16X8_EQ, SIMD_I16},
        {WASM_OP_I32X4_EQ, SIMD_I32},
    };
    unsigned op = in->op;
    int k;
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
        if ((k = at(op, ints[i].first, 10)) >= 0) {
            icmp(f, ints[i].shape, int10[k]);
            return CG_OK;
        }
    if ((k = at(op, WASM_OP_I64X2_EQ, 6)) >= 0)
        icmp(f, SIMD_I64, int6[k]);
    else if ((k = at(op, WASM_OP_F32X4_EQ, 6)) >= 0)
        fcmp(f, SIMD_F32, real6[k]);
    else if ((k = at(op, WASM_OP_F64X2_EQ, 6)) >= 0)
        fcmp(f, SIMD_F64, real6[k]);
    else
        return CG_NOT_MINE;
    return CG_OK;
}
