/* Bulk memory instructions (spec 4.4.7 memory.fill/copy/init, data.drop).
 * memory.copy and memory.fill are inline: both ranges are checked first
 * (a trap writes nothing), then llvm.memmove / llvm.memset.  memory.init
 * and data.drop call the runtime, which owns the segment state.
 */
#include "codegen/cg.h"

static LLVMValueRef to_i64(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == f->m->t_i64)
        return v;
    return LLVMBuildZExt(f->b, v, f->m->t_i64, "");
}

static LLVMValueRef to_ptrint(CgFunc *f, LLVMValueRef v64)
{
    if (f->m->t_intptr == f->m->t_i64)
        return v64;
    return LLVMBuildTrunc(f->b, v64, f->m->t_intptr, "");
}

/* base + addr, for an address already checked against the size. */
static LLVMValueRef at(CgFunc *f, uint32_t mem, LLVMValueRef addr)
{
    LLVMValueRef off = to_ptrint(f, addr);
    return LLVMBuildInBoundsGEP2(f->b, f->m->t_i8, cg_mem_base(f, mem), &off,
                                 1, "");
}

static void memory_copy(CgFunc *f, uint32_t dm, uint32_t sm)
{
    CgModule *m = f->m;
    LLVMValueRef n = to_i64(f, cg_pop(f));
    LLVMValueRef s = to_i64(f, cg_pop(f));
    LLVMValueRef d = to_i64(f, cg_pop(f));
    cg_mem_check_range(f, sm, s, n);
    cg_mem_check_range(f, dm, d, n);
    LLVMTypeRef over[3] = {m->t_ptr, m->t_ptr, m->t_intptr};
    LLVMValueRef args[4] = {at(f, dm, d), at(f, sm, s), to_ptrint(f, n),
                            LLVMConstInt(m->t_i1, 0, 0)};
    LLVMValueRef c = cg_intrinsic(f, "llvm.memmove", over, 3, args, 4);
    cg_set_tbaa(m, c, CG_TBAA_LINEAR);
}

static void memory_fill(CgFunc *f, uint32_t mem)
{
    CgModule *m = f->m;
    LLVMValueRef n = to_i64(f, cg_pop(f));
    LLVMValueRef v = cg_pop(f);
    LLVMValueRef d = to_i64(f, cg_pop(f));
    cg_mem_check_range(f, mem, d, n);
    LLVMTypeRef over[2] = {m->t_ptr, m->t_intptr};
    LLVMValueRef args[4] = {at(f, mem, d), LLVMBuildTrunc(f->b, v, m->t_i8, ""),
                            to_ptrint(f, n), LLVMConstInt(m->t_i1, 0, 0)};
    LLVMValueRef c = cg_intrinsic(f, "llvm.memset", over, 2, args, 4);
    cg_set_tbaa(m, c, CG_TBAA_LINEAR);
}

static void memory_init(CgFunc *f, uint32_t seg, uint32_t mem)
{
    CgModule *m = f->m;
    LLVMValueRef n = cg_pop(f), s = cg_pop(f);
    LLVMValueRef d = to_i64(f, cg_pop(f));
    LLVMValueRef args[6] = {f->vm, LLVMConstInt(m->t_i32, mem, 0),
                            LLVMConstInt(m->t_i32, seg, 0), d, s, n};
    cg_call_c(f, "kiln_rt_memory_init", m->t_void, args, 6);
}

static void data_drop(CgFunc *f, uint32_t seg)
{
    LLVMValueRef args[2] = {f->vm, LLVMConstInt(f->m->t_i32, seg, 0)};
    cg_call_c(f, "kiln_rt_data_drop", f->m->t_void, args, 2);
}

CgResult cg_emit_bulk(CgFunc *f, const WasmInstr *in)
{
    switch (in->op) {
    case WASM_OP_MEMORY_COPY: memory_copy(f, in->u.idx.a, in->u.idx.b); break;
    case WASM_OP_MEMORY_FILL: memory_fill(f, in->u.idx.a); break;
    case WASM_OP_MEMORY_INIT: memory_init(f, in->u.idx.a, in->u.idx.b); break;
    case WASM_OP_DATA_DROP: data_drop(f, in->u.idx.a); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
