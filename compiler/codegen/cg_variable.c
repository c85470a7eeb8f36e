/* Parametric and variable instructions (spec 4.4.4, 4.4.5): drop,
 * select, local.get/set/tee, global.get/set.  Locals live in allocas
 * (mem2reg makes them SSA; within a block reads reuse the known value);
 * globals are read through vm->globals[i], an
 * invariant pointer, and immutable globals' values are invariant too.
 */
#include "codegen/cg.h"

static LLVMValueRef global_value_ptr(CgFunc *f, uint32_t g)
{
    /* KilnValue is at offset 0 of KilnGlobal; every member starts there */
    return cg_global_ptr(f, g);
}

static void global_get(CgFunc *f, uint32_t g)
{
    const WasmGlobal *wg = &f->m->wm->globals[g];
    LLVMValueRef v = LLVMBuildLoad2(f->b, cg_valtype(f->m, wg->type.type),
                                    global_value_ptr(f, g), "");
    cg_set_tbaa(f->m, v, CG_TBAA_GLOBAL);
    /* KilnValue is aligned like int64_t, not like a v128 */
    LLVMSetAlignment(v, LLVMABIAlignmentOfType(f->m->td, f->m->t_value));
    /* immutable after init; init itself (no wf) stores them */
    if (!wg->type.mut && f->wf)
        cg_set_invariant(f->m, v);
    cg_push(f, v);
}

static void global_set(CgFunc *f, uint32_t g)
{
    LLVMValueRef st = LLVMBuildStore(f->b, cg_pop(f), global_value_ptr(f, g));
    cg_set_tbaa(f->m, st, CG_TBAA_GLOBAL);
    LLVMSetAlignment(st, LLVMABIAlignmentOfType(f->m->td, f->m->t_value));
}

/* Reads of a local inside one block share one value (what mem2reg would
 * make of them anyway), so a no-wrap fact learnt about the value through
 * one read holds for the next (cg_addr_nowrap). */
static void local_get(CgFunc *f, uint32_t i)
{
    LLVMValueRef v = cg_local_known(f, i);
    if (!v) {
        v = LLVMBuildLoad2(f->b, f->local_types[i], f->locals[i], "");
        cg_local_remember(f, i, v);
    }
    cg_push(f, v);
}

static void local_set(CgFunc *f, uint32_t i, LLVMValueRef v)
{
    if (f->nsums)
        cg_sums_local_written(f, i, v);
    LLVMBuildStore(f->b, v, f->locals[i]);
    /* a reload has the local's type: only a value of that type stands in
     * for it (NULL: unknown, reload) */
    bool same = LLVMTypeOf(v) == f->local_types[i];
    cg_local_remember(f, i, same ? v : NULL);
}

/* A dropped load must still trap when out of bounds: in GUARD mode only
 * the access itself checks, so keep it (volatile) instead of letting
 * LLVM delete it as dead. */
static void emit_drop(CgFunc *f)
{
    LLVMValueRef v = cg_pop(f);
    if (LLVMIsACastInst(v))
        v = LLVMGetOperand(v, 0);
    if (LLVMIsALoadInst(v))
        LLVMSetVolatile(v, 1);
}

static void emit_select(CgFunc *f)
{
    LLVMValueRef c = cg_pop(f);
    LLVMValueRef b = cg_pop(f);
    LLVMValueRef a = cg_pop(f);
    c = LLVMBuildICmp(f->b, LLVMIntNE, c, LLVMConstNull(f->m->t_i32), "");
    cg_push(f, LLVMBuildSelect(f->b, c, a, b, ""));
}

CgResult cg_emit_variable(CgFunc *f, const WasmInstr *in)
{
    uint32_t i = in->u.idx.a;
    switch (in->op) {
    case WASM_OP_DROP: emit_drop(f); break;
    case WASM_OP_SELECT:
    case WASM_OP_SELECT_T: emit_select(f); break;
    case WASM_OP_LOCAL_GET: local_get(f, i); break;
    case WASM_OP_LOCAL_SET: local_set(f, i, cg_pop(f)); break;
    case WASM_OP_LOCAL_TEE: local_set(f, i, cg_peek(f, 0)); break;
    case WASM_OP_GLOBAL_GET: global_get(f, i); break;
    case WASM_OP_GLOBAL_SET: global_set(f, i); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
