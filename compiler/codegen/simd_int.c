/* Lane-wise integer vector arithmetic (spec 4.4.3, viunop/vibinop/
 * vishiftop): add, sub, mul, neg, abs, popcnt, the saturating add/sub,
 * min/max, avgr_u and the shifts.
 *
 * Saturation, min/max, abs and popcnt use LLVM's generic intrinsics
 * (llvm.sadd.sat, llvm.smin, llvm.abs, llvm.ctpop), which x86 maps to
 * padds/pmins/pabs.  avgr_u is (a + b + 1) >> 1 computed in twice the
 * width, the pattern x86 selects as pavgb/pavgw.  Shift counts are taken
 * modulo the lane width, then splatted: the backend emits a single
 * psll/psra/psrl with an xmm count where one exists.
 */
#include "codegen/simd.h"

typedef enum IntOp {
    IOP_ADD, IOP_SUB, IOP_MUL, IOP_NEG, IOP_ABS, IOP_POPCNT,
    IOP_ADD_SAT_S, IOP_ADD_SAT_U, IOP_SUB_SAT_S, IOP_SUB_SAT_U,
    IOP_MIN_S, IOP_MIN_U, IOP_MAX_S, IOP_MAX_U, IOP_AVGR_U,
    IOP_SHL, IOP_SHR_S, IOP_SHR_U,
} IntOp;

static const char *const intr_names[] = {
    [IOP_ADD_SAT_S] = "llvm.sadd.sat", [IOP_ADD_SAT_U] = "llvm.uadd.sat",
    [IOP_SUB_SAT_S] = "llvm.ssub.sat", [IOP_SUB_SAT_U] = "llvm.usub.sat",
    [IOP_MIN_S] = "llvm.smin",         [IOP_MIN_U] = "llvm.umin",
    [IOP_MAX_S] = "llvm.smax",         [IOP_MAX_U] = "llvm.umax",
};

static const struct {
    uint16_t op;
    uint8_t shape, iop;
} rows[] = {
    {WASM_OP_I8X16_ADD, SIMD_I8, IOP_ADD},
    {WASM_OP_I8X16_SUB, SIMD_I8, IOP_SUB},
    {WASM_OP_I8X16_NEG, SIMD_I8, IOP_NEG},
    {WASM_OP_I8X16_ABS, SIMD_I8, IOP_ABS},
    {WASM_OP_I8X16_POPCNT, SIMD_I8, IOP_POPCNT},
    {WASM_OP_I8X16_ADD_SAT_S, SIMD_I8, IOP_ADD_SAT_S},
    {WASM_OP_I8X16_ADD_SAT_U, SIMD_I8, IOP_ADD_SAT_U},
    {WASM_OP_I8X16_SUB_SAT_S, SIMD_I8, IOP_SUB_SAT_S},
    {WASM_OP_I8X16_SUB_SAT_U, SIMD_I8, IOP_SUB_SAT_U},
    {WASM_OP_I8X16_MIN_S, SIMD_I8, IOP_MIN_S},
    {WASM_OP_I8X16_MIN_U, SIMD_I8, IOP_MIN_U},
    {WASM_OP_I8X16_MAX_S, SIMD_I8, IOP_MAX_S},
    {WASM_OP_I8X16_MAX_U, SIMD_I8, IOP_MAX_U},
    {WASM_OP_I8X16_AVGR_U, SIMD_I8, IOP_AVGR_U},
    {WASM_OP_I8X16_SHL, SIMD_I8, IOP_SHL},
    {WASM_OP_I8X16_SHR_S, SIMD_I8, IOP_SHR_S},
    {WASM_OP_I8X16_SHR_U, SIMD_I8, IOP_SHR_U},
    {WASM_OP_I16X8_ADD, SIMD_I16, IOP_ADD},
    {WASM_OP_I16X8_SUB, SIMD_I16, IOP_SUB},
    {WASM_OP_I16X8_MUL, SIMD_I16, IOP_MUL},
    {WASM_OP_I16X8_NEG, SIMD_I16, IOP_NEG},
    {WASM_OP_I16X8_ABS, SIMD_I16, IOP_ABS},
    {WASM_OP_I16X8_ADD_SAT_S, SIMD_I16, IOP_ADD_SAT_S},
    {WASM_OP_I16X8_ADD_SAT_U, SIMD_I16, IOP_ADD_SAT_U},
    {WASM_OP_I16X8_SUB_SAT_S, SIMD_I16, IOP_SUB_SAT_S},
    {WASM_OP_I16X8_SUB_SAT_U, SIMD_I16, IOP_SUB_SAT_U},
    {WASM_OP_I16X8_MIN_S, SIMD_I16, IOP_MIN_S},
    {WASM_OP_I16X8_MIN_U, SIMD_I16, IOP_MIN_U},
    {WASM_OP_I16X8_MAX_S, SIMD_I16, IOP_MAX_S},
    {WASM_OP_I16X8_MAX_U, SIMD_I16, IOP_MAX_U},
    {WASM_OP_I16X8_AVGR_U, SIMD_I16, IOP_AVGR_U},
    {WASM_OP_I16X8_SHL, SIMD_I16, IOP_SHL},
    {WASM_OP_I16X8_SHR_S, SIMD_I16, IOP_SHR_S},
    {WASM_OP_I16X8_SHR_U, SIMD_I16, IOP_SHR_U},
    {WASM_OP_I32X4_ADD, SIMD_I32, IOP_ADD},
    {WASM_OP_I32X4_SUB, SIMD_I32, IOP_SUB},
    {WASM_OP_I32X4_MUL, SIMD_I32, IOP_MUL},
    {WASM_OP_I32X4_NEG, SIMD_I32, IOP_NEG},
    {WASM_OP_I32X4_ABS, SIMD_I32, IOP_ABS},
    {WASM_OP_I32X4_MIN_S, SIMD_I32, IOP_MIN_S},
    {WASM_OP_I32X4_MIN_U, SIMD_I32, IOP_MIN_U},
    {WASM_OP_I32X4_MAX_S, SIMD_I32, IOP_MAX_S},
    {WASM_OP_I32X4_MAX_U, SIMD_I32, IOP_MAX_U},
    {WASM_OP_I32X4_SHL, SIMD_I32, IOP_SHL},
    {WASM_OP_I32X4_SHR_S, SIMD_I32, IOP_SHR_S},
    {WASM_OP_I32X4_SHR_U, SIMD_I32, IOP_SHR_U},
    {WASM_OP_I64X2_ADD, SIMD_I64, IOP_ADD},
    {WASM_OP_I64X2_SUB, SIMD_I64, IOP_SUB},
    {WASM_OP_I64X2_MUL, SIMD_I64, IOP_MUL},
    {WASM_OP_I64X2_NEG, SIMD_I64, IOP_NEG},
    {WASM_OP_I64X2_ABS, SIMD_I64, IOP_ABS},
    {WASM_OP_I64X2_SHL, SIMD_I64, IOP_SHL},
    {WASM_OP_I64X2_SHR_S, SIMD_I64, IOP_SHR_S},
    {WASM_OP_I64X2_SHR_U, SIMD_I64, IOP_SHR_U},
};

static LLVMValueRef avgr_u(CgFunc *f, LLVMValueRef a, LLVMValueRef b)
{
    LLVMTypeRef nt = LLVMTypeOf(a);
    unsigned bits = LLVMGetIntTypeWidth(LLVMGetElementType(nt));
    unsigned n = LLVMGetVectorSize(nt);
    LLVMTypeRef wt = simd_resize(f->m, a, 2 * bits);
    LLVMValueRef wa = LLVMBuildZExt(f->b, a, wt, "");
    LLVMValueRef wb = LLVMBuildZExt(f->b, b, wt, "");
    LLVMTypeRef wl = LLVMGetElementType(wt);
    LLVMValueRef s = LLVMBuildAdd(f->b, wa, wb, "");
    s = LLVMBuildAdd(f->b, s, simd_const_splat(wl, n, 1), "");
    s = LLVMBuildLShr(f->b, s, simd_const_splat(wl, n, 1), "");
    return LLVMBuildTrunc(f->b, s, nt, "");
}

/* v op (count mod lane width), count an i32 operand. */
static void shift(CgFunc *f, SimdShape s, LLVMOpcode op)
{
    CgModule *m = f->m;
    LLVMValueRef cnt = cg_pop(f);
    LLVMValueRef v = simd_pop(f, s);
    LLVMTypeRef lt = simd_lane_type(m, s);
    unsigned bits = LLVMGetIntTypeWidth(lt);
    cnt = LLVMBuildAnd(f->b, cnt, LLVMConstInt(m->t_i32, bits - 1, 0), "");
    if (bits < 32)
        cnt = LLVMBuildTrunc(f->b, cnt, lt, "");
    else if (bits > 32)
        cnt = LLVMBuildZExt(f->b, cnt, lt, "");
    LLVMValueRef sv = simd_splat(f, cnt, simd_lanes(s));
    simd_push(f, LLVMBuildBinOp(f->b, op, v, sv, ""));
}

static void unary(CgFunc *f, SimdShape s, IntOp op)
{
    LLVMValueRef a = simd_pop(f, s), r;
    if (op == IOP_NEG) {
        r = LLVMBuildNeg(f->b, a, "");
    } else if (op == IOP_ABS) { /* abs(INT_MIN) = INT_MIN: not poison */
        LLVMValueRef args[2] = {a, LLVMConstInt(f->m->t_i1, 0, 0)};
        r = simd_intr(f, "llvm.abs", args, 2);
    } else {
        r = simd_intr(f, "llvm.ctpop", &a, 1);
    }
    simd_push(f, r);
}

static void binary(CgFunc *f, SimdShape s, IntOp op)
{
    LLVMValueRef b = simd_pop(f, s), a = simd_pop(f, s), r;
    switch (op) {
    case IOP_ADD: r = LLVMBuildAdd(f->b, a, b, ""); break;
    case IOP_SUB: r = LLVMBuildSub(f->b, a, b, ""); break;
    case IOP_MUL: r = LLVMBuildMul(f->b, a, b, ""); break;
    case IOP_AVGR_U: r = avgr_u(f, a, b); break;
    default: r = simd_intr(f, intr_names[op], (LLVMValueRef[]){a, b}, 2);
    }
    simd_push(f, r);
}

CgResult simd_emit_int(CgFunc *f, const WasmInstr *in)
{
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        if (rows[i].op != in->op)
            continue;
        SimdShape s = (SimdShape)rows[i].shape;
        IntOp op = (IntOp)rows[i].iop;
        switch (op) {
        case IOP_NEG:
        case IOP_ABS:
        case IOP_POPCNT: unary(f, s, op); break;
        case IOP_SHL: shift(f, s, LLVMShl); break;
        case IOP_SHR_S: shift(f, s, LLVMAShr); break;
        case IOP_SHR_U: shift(f, s, LLVMLShr); break;
        default: binary(f, s, op); break;
        }
        return CG_OK;
    }
    return CG_NOT_MINE;
}
