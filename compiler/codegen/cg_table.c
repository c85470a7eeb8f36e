/* Table and reference instructions (spec 4.4.6 table instructions, 4.4.2
 * reference instructions).  table.get/set are inline (bounds check then
 * an access to table->elems, which may move on grow so it is reloaded);
 * the other table operations call the runtime helpers of kiln_rt.h.
 * References are pointers: ref.func is vm->funcs[i], null is NULL.
 */
#include "codegen/cg.h"

static LLVMValueRef u32(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == f->m->t_i32)
        return v;
    return LLVMBuildTrunc(f->b, v, f->m->t_i32, "");
}

static LLVMValueRef u64(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == f->m->t_i64)
        return v;
    return LLVMBuildZExt(f->b, v, f->m->t_i64, "");
}

static bool table64(CgFunc *f, uint32_t t)
{
    return f->m->wm->tables[t].type.limits.is64;
}

/* A table64 index or length for the u32 runtime helpers: any value past
 * u32 is out of bounds of every table (sizes fit in u32). */
static LLVMValueRef checked_u32(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == f->m->t_i64) {
        LLVMValueRef big = LLVMBuildICmp(
            f->b, LLVMIntUGT, v, LLVMConstInt(f->m->t_i64, UINT32_MAX, 0), "");
        cg_trap_if(f, big, KILN_TRAP_TABLE_OOB);
    }
    return u32(f, v);
}

/* Pointer to element `idx` of table `t`, after the bounds check. */
static LLVMValueRef elem_ptr(CgFunc *f, uint32_t t, LLVMValueRef idx)
{
    CgModule *m = f->m;
    LLVMValueRef tab = cg_table_ptr(f, t);
    LLVMValueRef size = cg_load_field(f, m->t_table, tab, 1, CG_TBAA_TABLE);
    idx = u64(f, idx);
    cg_trap_if(f, LLVMBuildICmp(f->b, LLVMIntUGE, idx, size, ""),
               KILN_TRAP_TABLE_OOB);
    LLVMValueRef elems = cg_load_field(f, m->t_table, tab, 0, CG_TBAA_TABLE);
    return LLVMBuildInBoundsGEP2(f->b, m->t_ptr, elems, &idx, 1, "");
}

static void table_get(CgFunc *f, uint32_t t)
{
    LLVMValueRef p = elem_ptr(f, t, cg_pop(f));
    LLVMValueRef v = LLVMBuildLoad2(f->b, f->m->t_ptr, p, "");
    cg_set_tbaa(f->m, v, CG_TBAA_ELEMS);
    cg_push(f, v);
}

static void table_set(CgFunc *f, uint32_t t)
{
    LLVMValueRef v = cg_pop(f);
    LLVMValueRef p = elem_ptr(f, t, cg_pop(f));
    cg_set_tbaa(f->m, LLVMBuildStore(f->b, v, p), CG_TBAA_ELEMS);
}

static void table_size(CgFunc *f, uint32_t t)
{
    LLVMValueRef s = cg_load_field(f, f->m->t_table, cg_table_ptr(f, t), 1,
                                   CG_TBAA_TABLE);
    cg_push(f, table64(f, t) ? s : u32(f, s));
}

static void table_grow(CgFunc *f, uint32_t t)
{
    CgModule *m = f->m;
    LLVMValueRef n = cg_pop(f), init = cg_pop(f);
    LLVMValueRef big = NULL;
    if (table64(f, t)) { /* growing by 2^32 or more always fails */
        big = LLVMBuildICmp(f->b, LLVMIntUGT, n,
                            LLVMConstInt(m->t_i64, UINT32_MAX, 0), "");
        n = LLVMBuildSelect(f->b, big, LLVMConstInt(m->t_i64, UINT32_MAX, 0),
                            n, "");
    }
    LLVMValueRef args[3] = {cg_table_ptr(f, t), init, u32(f, n)};
    LLVMValueRef r = cg_call_c(f, "kiln_rt_table_grow", m->t_i32, args, 3);
    if (big) {
        r = LLVMBuildSExt(f->b, r, m->t_i64, "");
        r = LLVMBuildSelect(f->b, big, LLVMConstAllOnes(m->t_i64), r, "");
    }
    cg_push(f, r);
}

static void table_fill(CgFunc *f, uint32_t t)
{
    LLVMValueRef n = cg_pop(f), val = cg_pop(f), i = cg_pop(f);
    LLVMValueRef args[4] = {cg_table_ptr(f, t), checked_u32(f, i), val,
                            checked_u32(f, n)};
    cg_call_c(f, "kiln_rt_table_fill", f->m->t_void, args, 4);
}

static void table_copy(CgFunc *f, uint32_t dt, uint32_t st)
{
    LLVMValueRef n = cg_pop(f), s = cg_pop(f), d = cg_pop(f);
    LLVMValueRef args[5] = {cg_table_ptr(f, dt), cg_table_ptr(f, st),
                            checked_u32(f, d), checked_u32(f, s),
                            checked_u32(f, n)};
    cg_call_c(f, "kiln_rt_table_copy", f->m->t_void, args, 5);
}

static void table_init(CgFunc *f, uint32_t seg, uint32_t t)
{
    CgModule *m = f->m;
    LLVMValueRef n = cg_pop(f), s = cg_pop(f), d = cg_pop(f);
    LLVMValueRef args[6] = {f->vm, LLVMConstInt(m->t_i32, t, 0),
                            LLVMConstInt(m->t_i32, seg, 0), checked_u32(f, d),
                            u32(f, s), u32(f, n)};
    cg_call_c(f, "kiln_rt_table_init", m->t_void, args, 6);
}

static void elem_drop(CgFunc *f, uint32_t seg)
{
    LLVMValueRef args[2] = {f->vm, LLVMConstInt(f->m->t_i32, seg, 0)};
    cg_call_c(f, "kiln_rt_elem_drop", f->m->t_void, args, 2);
}

CgResult cg_emit_table(CgFunc *f, const WasmInstr *in)
{
    uint32_t a = in->u.idx.a, b = in->u.idx.b;
    switch (in->op) {
    case WASM_OP_TABLE_GET: table_get(f, a); break;
    case WASM_OP_TABLE_SET: table_set(f, a); break;
    case WASM_OP_TABLE_SIZE: table_size(f, a); break;
    case WASM_OP_TABLE_GROW: table_grow(f, a); break;
    case WASM_OP_TABLE_FILL: table_fill(f, a); break;
    case WASM_OP_TABLE_COPY: table_copy(f, a, b); break;
    case WASM_OP_TABLE_INIT: table_init(f, a, b); break;
    case WASM_OP_ELEM_DROP: elem_drop(f, a); break;
    case WASM_OP_REF_NULL:
        cg_push(f, LLVMConstPointerNull(f->m->t_ptr));
        break;
    case WASM_OP_REF_IS_NULL:
        cg_push(f, LLVMBuildZExt(f->b, LLVMBuildIsNull(f->b, cg_pop(f), ""),
                                 f->m->t_i32, ""));
        break;
    case WASM_OP_REF_FUNC: cg_push(f, cg_funcref_ptr(f, a)); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
