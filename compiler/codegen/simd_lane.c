/* Vector constants and lane movement (spec 4.4.3): v128.const,
 * i8x16.shuffle, i8x16.swizzle, the splats and extract/replace_lane.
 *
 * Swizzle with SSSE3 is one pshufb on indices saturated-added with
 * 0x70: 0..15 keep their low nibble with the top bit clear, 16 and up
 * get the top bit set, which makes pshufb write 0.  Otherwise it is a
 * per-lane variable extract of a[idx & 15] followed by a select on
 * idx < 16 (LLVM still forms pshufb when the CPU has it; with SSE2 only
 * it is a correct scalar sequence; AArch64 selects tbl).
 */
#include "codegen/simd.h"

static void v128_const(CgFunc *f, const uint8_t *bytes)
{
    LLVMValueRef lanes[4];
    for (unsigned i = 0; i < 4; i++) {
        const uint8_t *p = bytes + 4 * i;
        uint32_t w = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
                     (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        lanes[i] = LLVMConstInt(f->m->t_i32, w, 0);
    }
    cg_push(f, LLVMConstVector(lanes, 4));
}

static void shuffle(CgFunc *f, const uint8_t *lanes)
{
    LLVMValueRef b = simd_pop(f, SIMD_I8), a = simd_pop(f, SIMD_I8);
    unsigned idx[16];
    for (unsigned i = 0; i < 16; i++)
        idx[i] = lanes[i];
    simd_push(f, simd_shuffle(f, a, b, idx, 16));
}

static void swizzle(CgFunc *f)
{
    CgModule *m = f->m;
    LLVMValueRef s = simd_pop(f, SIMD_I8), a = simd_pop(f, SIMD_I8);
    if (simd_x86_feature(m, "ssse3")) {
        LLVMValueRef args[2] = {s, simd_const_splat(m->t_i8, 16, 0x70)};
        LLVMValueRef idx = simd_intr(f, "llvm.uadd.sat", args, 2);
        simd_push(f, cg_intrinsic(f, "llvm.x86.ssse3.pshuf.b.128", NULL, 0,
                                  (LLVMValueRef[]){a, idx}, 2));
        return;
    }
    LLVMValueRef low = LLVMBuildAnd(f->b, s, simd_const_splat(m->t_i8, 16, 15),
                                    "");
    LLVMValueRef r = LLVMGetPoison(LLVMTypeOf(a));
    for (unsigned i = 0; i < 16; i++) {
        LLVMValueRef li = LLVMConstInt(m->t_i32, i, 0);
        LLVMValueRef k = LLVMBuildExtractElement(f->b, low, li, "");
        LLVMValueRef x = LLVMBuildExtractElement(f->b, a, k, "");
        r = LLVMBuildInsertElement(f->b, r, x, li, "");
    }
    LLVMValueRef in_range = LLVMBuildICmp(
        f->b, LLVMIntULT, s, simd_const_splat(m->t_i8, 16, 16), "");
    LLVMValueRef zero = LLVMConstNull(LLVMTypeOf(a));
    simd_push(f, LLVMBuildSelect(f->b, in_range, r, zero, ""));
}

static void splat(CgFunc *f, SimdShape s)
{
    LLVMValueRef x = cg_pop(f);
    LLVMTypeRef lt = simd_lane_type(f->m, s);
    if (LLVMTypeOf(x) != lt) /* i8/i16 lanes from an i32 operand */
        x = LLVMBuildTrunc(f->b, x, lt, "");
    simd_push(f, simd_splat(f, x, simd_lanes(s)));
}

/* ext: 0 none, 1 sign-extend, 2 zero-extend (i8/i16 lanes to i32). */
static void extract(CgFunc *f, SimdShape s, unsigned lane, int ext)
{
    LLVMValueRef v = simd_pop(f, s);
    LLVMValueRef x = LLVMBuildExtractElement(
        f->b, v, LLVMConstInt(f->m->t_i32, lane, 0), "");
    if (ext == 1)
        x = LLVMBuildSExt(f->b, x, f->m->t_i32, "");
    else if (ext == 2)
        x = LLVMBuildZExt(f->b, x, f->m->t_i32, "");
    cg_push(f, x);
}

static void replace(CgFunc *f, SimdShape s, unsigned lane)
{
    LLVMValueRef x = cg_pop(f);
    LLVMValueRef v = simd_pop(f, s);
    LLVMTypeRef lt = simd_lane_type(f->m, s);
    if (LLVMTypeOf(x) != lt)
        x = LLVMBuildTrunc(f->b, x, lt, "");
    simd_push(f, LLVMBuildInsertElement(
                     f->b, v, x, LLVMConstInt(f->m->t_i32, lane, 0), ""));
}

CgResult simd_emit_lane(CgFunc *f, const WasmInstr *in)
{
    unsigned l = in->lane;
    switch (in->op) {
    case WASM_OP_V128_CONST: v128_const(f, in->u.v128); break;
    case WASM_OP_I8X16_SHUFFLE: shuffle(f, in->u.v128); break;
    case WASM_OP_I8X16_SWIZZLE: swizzle(f); break;
    case WASM_OP_I8X16_SPLAT: splat(f, SIMD_I8); break;
    case WASM_OP_I16X8_SPLAT: splat(f, SIMD_I16); break;
    case WASM_OP_I32X4_SPLAT: splat(f, SIMD_I32); break;
    case WASM_OP_I64X2_SPLAT: splat(f, SIMD_I64); break;
    case WASM_OP_F32X4_SPLAT: splat(f, SIMD_F32); break;
    case WASM_OP_F64X2_SPLAT: splat(f, SIMD_F64); break;
    case WASM_OP_I8X16_EXTRACT_LANE_S: extract(f, SIMD_I8, l, 1); break;
    case WASM_OP_I8X16_EXTRACT_LANE_U: extract(f, SIMD_I8, l, 2); break;
    case WASM_OP_I16X8_EXTRACT_LANE_S: extract(f, SIMD_I16, l, 1); break;
    case WASM_OP_I16X8_EXTRACT_LANE_U: extract(f, SIMD_I16, l, 2); break;
    case WASM_OP_I32X4_EXTRACT_LANE: extract(f, SIMD_I32, l, 0); break;
    case WASM_OP_I64X2_EXTRACT_LANE: extract(f, SIMD_I64, l, 0); break;
    case WASM_OP_F32X4_EXTRACT_LANE: extract(f, SIMD_F32, l, 0); break;
    case WASM_OP_F64X2_EXTRACT_LANE: extract(f, SIMD_F64, l, 0); break;
    case WASM_OP_I8X16_REPLACE_LANE: replace(f, SIMD_I8, l); break;
    case WASM_OP_I16X8_REPLACE_LANE: replace(f, SIMD_I16, l); break;
    case WASM_OP_I32X4_REPLACE_LANE: replace(f, SIMD_I32, l); break;
    case WASM_OP_I64X2_REPLACE_LANE: replace(f, SIMD_I64, l); break;
    case WASM_OP_F32X4_REPLACE_LANE: replace(f, SIMD_F32, l); break;
    case WASM_OP_F64X2_REPLACE_LANE: replace(f, SIMD_F64, l); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
