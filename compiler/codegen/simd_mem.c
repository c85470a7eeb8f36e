/* Vector memory instructions (spec 4.4.7 "memory instructions", the
 * v128 rows): v128.load/store, the extending loads (load8x8_s ...), the
 * splat loads, load32_zero/load64_zero and the lane loads and stores.
 * Every access goes through cg_mem_addr (bounds per the options) with
 * alignment 1; the access width is what the instruction touches.
 */
#include "codegen/simd.h"

/* Pops the address and returns a pointer for a `width`-byte access. */
static LLVMValueRef addr(CgFunc *f, const WasmInstr *in, unsigned width)
{
    return cg_mem_addr(f, &in->u.mem, cg_pop(f), width);
}

/* A load whose value is dropped right away must still trap when out of
 * bounds; in guard mode LLVM would delete it, so it is made volatile. */
static LLVMValueRef mem_load(CgFunc *f, const WasmInstr *in, LLVMTypeRef ty,
                             LLVMValueRef p)
{
    LLVMValueRef v = cg_mem_load(f, ty, p);
    const WasmInstr *code = f->wf->code;
    if (in >= code && in + 1 < code + f->wf->ncode &&
        in[1].op == WASM_OP_DROP)
        LLVMSetVolatile(v, 1);
    return v;
}

/* load8x8_s etc.: n lanes of `lane`, extended to twice their width. */
static void load_ext(CgFunc *f, const WasmInstr *in, SimdShape lane,
                     bool sign)
{
    CgModule *m = f->m;
    unsigned n = simd_lanes(lane) / 2;
    LLVMTypeRef vt = LLVMVectorType(simd_lane_type(m, lane), n);
    LLVMValueRef v = mem_load(f, in, vt, addr(f, in, 8));
    LLVMTypeRef wt = simd_vec_type(m, (SimdShape)(lane + 1));
    simd_push(f, sign ? LLVMBuildSExt(f->b, v, wt, "")
                      : LLVMBuildZExt(f->b, v, wt, ""));
}

static void load_splat(CgFunc *f, const WasmInstr *in, SimdShape s)
{
    LLVMTypeRef lt = simd_lane_type(f->m, s);
    unsigned width = (unsigned)LLVMABISizeOfType(f->m->td, lt);
    LLVMValueRef x = mem_load(f, in, lt, addr(f, in, width));
    simd_push(f, simd_splat(f, x, simd_lanes(s)));
}

static void load_zero(CgFunc *f, const WasmInstr *in, SimdShape s)
{
    LLVMTypeRef lt = simd_lane_type(f->m, s);
    unsigned width = (unsigned)LLVMABISizeOfType(f->m->td, lt);
    LLVMValueRef x = mem_load(f, in, lt, addr(f, in, width));
    LLVMValueRef z = LLVMConstNull(simd_vec_type(f->m, s));
    LLVMValueRef i0 = LLVMConstInt(f->m->t_i32, 0, 0);
    simd_push(f, LLVMBuildInsertElement(f->b, z, x, i0, ""));
}

static void load_lane(CgFunc *f, const WasmInstr *in, SimdShape s)
{
    LLVMTypeRef lt = simd_lane_type(f->m, s);
    unsigned width = (unsigned)LLVMABISizeOfType(f->m->td, lt);
    LLVMValueRef v = simd_pop(f, s);
    LLVMValueRef x = mem_load(f, in, lt, addr(f, in, width));
    LLVMValueRef li = LLVMConstInt(f->m->t_i32, in->lane, 0);
    simd_push(f, LLVMBuildInsertElement(f->b, v, x, li, ""));
}

static void store_lane(CgFunc *f, const WasmInstr *in, SimdShape s)
{
    LLVMTypeRef lt = simd_lane_type(f->m, s);
    unsigned width = (unsigned)LLVMABISizeOfType(f->m->td, lt);
    LLVMValueRef v = simd_pop(f, s);
    LLVMValueRef p = addr(f, in, width);
    LLVMValueRef li = LLVMConstInt(f->m->t_i32, in->lane, 0);
    cg_mem_store(f, LLVMBuildExtractElement(f->b, v, li, ""), p);
}

static void load(CgFunc *f, const WasmInstr *in)
{
    cg_push(f, mem_load(f, in, f->m->t_v128, addr(f, in, 16)));
}

static void store(CgFunc *f, const WasmInstr *in)
{
    LLVMValueRef v = cg_pop(f);
    cg_mem_store(f, v, addr(f, in, 16));
}

CgResult simd_emit_mem(CgFunc *f, const WasmInstr *in)
{
    switch (in->op) {
    case WASM_OP_V128_LOAD: load(f, in); break;
    case WASM_OP_V128_STORE: store(f, in); break;
    case WASM_OP_V128_LOAD8X8_S: load_ext(f, in, SIMD_I8, true); break;
    case WASM_OP_V128_LOAD8X8_U: load_ext(f, in, SIMD_I8, false); break;
    case WASM_OP_V128_LOAD16X4_S: load_ext(f, in, SIMD_I16, true); break;
    case WASM_OP_V128_LOAD16X4_U: load_ext(f, in, SIMD_I16, false); break;
    case WASM_OP_V128_LOAD32X2_S: load_ext(f, in, SIMD_I32, true); break;
    case WASM_OP_V128_LOAD32X2_U: load_ext(f, in, SIMD_I32, false); break;
    case WASM_OP_V128_LOAD8_SPLAT: load_splat(f, in, SIMD_I8); break;
    case WASM_OP_V128_LOAD16_SPLAT: load_splat(f, in, SIMD_I16); break;
    case WASM_OP_V128_LOAD32_SPLAT: load_splat(f, in, SIMD_I32); break;
    case WASM_OP_V128_LOAD64_SPLAT: load_splat(f, in, SIMD_I64); break;
    case WASM_OP_V128_LOAD32_ZERO: load_zero(f, in, SIMD_I32); break;
    case WASM_OP_V128_LOAD64_ZERO: load_zero(f, in, SIMD_I64); break;
    case WASM_OP_V128_LOAD8_LANE: load_lane(f, in, SIMD_I8); break;
    case WASM_OP_V128_LOAD16_LANE: load_lane(f, in, SIMD_I16); break;
    case WASM_OP_V128_LOAD32_LANE: load_lane(f, in, SIMD_I32); break;
    case WASM_OP_V128_LOAD64_LANE: load_lane(f, in, SIMD_I64); break;
    case WASM_OP_V128_STORE8_LANE: store_lane(f, in, SIMD_I8); break;
    case WASM_OP_V128_STORE16_LANE: store_lane(f, in, SIMD_I16); break;
    case WASM_OP_V128_STORE32_LANE: store_lane(f, in, SIMD_I32); break;
    case WASM_OP_V128_STORE64_LANE: store_lane(f, in, SIMD_I64); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
