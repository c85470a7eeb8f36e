/* Module instantiation steps that run as generated code (spec 4.5.4
 * instantiate): the `init` function of the descriptor evaluates global
 * initializers and element items (constant expressions, extended-const
 * included), fills tables that have an initializer, applies the active
 * element and data segments in order (dropping them, and the
 * declarative ones), then calls the start function.
 */
#include <stdlib.h>

#include "codegen/cg.h"

LLVMValueRef cg_const_expr(CgFunc *f, const WasmConstExpr *e)
{
    unsigned base = f->sp;
    for (uint32_t i = 0; i < e->count && e->code[i].op != WASM_OP_END; i++) {
        f->cur = &e->code[i];
        if (cg_emit_instr(f, &e->code[i]) != CG_OK)
            KILN_BUG("constant expression `%s` not handled",
                     wasm_op_info[e->code[i].op].name);
    }
    KILN_ASSERT(f->sp == base + 1);
    return cg_pop(f);
}

static LLVMValueRef u32c(CgFunc *f, uint32_t v)
{
    return LLVMConstInt(f->m->t_i32, v, 0);
}

static LLVMValueRef to_type(CgFunc *f, LLVMValueRef v, LLVMTypeRef t)
{
    if (LLVMTypeOf(v) == t)
        return v;
    if (LLVMGetIntTypeWidth(LLVMTypeOf(v)) > LLVMGetIntTypeWidth(t))
        return LLVMBuildTrunc(f->b, v, t, "");
    return LLVMBuildZExt(f->b, v, t, "");
}

static void init_globals(CgFunc *f)
{
    const WasmModule *wm = f->m->wm;
    for (uint32_t i = 0; i < wm->nglobals; i++) {
        if (wm->globals[i].imported)
            continue;
        LLVMValueRef v = cg_const_expr(f, &wm->globals[i].init);
        LLVMValueRef st = LLVMBuildStore(f->b, v, cg_global_ptr(f, i));
        cg_set_tbaa(f->m, st, CG_TBAA_GLOBAL);
        LLVMSetAlignment(st, LLVMABIAlignmentOfType(f->m->td, f->m->t_value));
    }
}

static void init_tables(CgFunc *f)
{
    CgModule *m = f->m;
    for (uint32_t i = 0; i < m->wm->ntables; i++) {
        const WasmTable *t = &m->wm->tables[i];
        if (t->imported || !t->has_init)
            continue;
        LLVMValueRef v = cg_const_expr(f, &t->init);
        LLVMValueRef tab = cg_table_ptr(f, i);
        LLVMValueRef size =
            cg_load_field(f, m->t_table, tab, 1, CG_TBAA_TABLE);
        LLVMValueRef args[4] = {tab, u32c(f, 0), v,
                                to_type(f, size, m->t_i32)};
        cg_call_c(f, "kiln_rt_table_fill", m->t_void, args, 4);
    }
}

/* Whether every item is `ref.func i` (the usual function table). */
static bool all_ref_func(const WasmElemSegment *e)
{
    for (uint32_t j = 0; j < e->count; j++)
        if (e->items[j].count < 1 || e->items[j].code[0].op != WASM_OP_REF_FUNC)
            return false;
    return true;
}

/* items[j] = vm->funcs[idx[j]] over a constant index array: keeps init
 * small for tables of thousands of functions. */
static void fill_ref_funcs(CgFunc *f, const WasmElemSegment *e,
                           LLVMValueRef items)
{
    CgModule *m = f->m;
    LLVMValueRef *idx = arena_array(f->scratch, e->count, sizeof *idx);
    for (uint32_t j = 0; j < e->count; j++)
        idx[j] = u32c(f, e->items[j].code[0].u.idx.a);
    LLVMValueRef g = cg_private_const(
        m, LLVMConstArray2(m->t_i32, idx, e->count), "kiln.elem");

    LLVMValueRef funcs = cg_vm_field(f, CG_VM_FUNCS);
    LLVMBasicBlockRef pre = LLVMGetInsertBlock(f->b);
    LLVMBasicBlockRef loop = cg_block(f, "elem.loop");
    LLVMBasicBlockRef done = cg_block(f, "elem.done");
    LLVMBuildBr(f->b, loop);
    LLVMPositionBuilderAtEnd(f->b, loop);
    LLVMValueRef j = LLVMBuildPhi(f->b, m->t_i32, "");
    LLVMValueRef fi = LLVMBuildLoad2(
        f->b, m->t_i32, LLVMBuildInBoundsGEP2(f->b, m->t_i32, g, &j, 1, ""),
        "");
    LLVMValueRef ref = LLVMBuildLoad2(
        f->b, m->t_ptr,
        LLVMBuildInBoundsGEP2(f->b, m->t_ptr, funcs, &fi, 1, ""), "");
    LLVMBuildStore(f->b, ref,
                   LLVMBuildInBoundsGEP2(f->b, m->t_ptr, items, &j, 1, ""));
    LLVMValueRef next = LLVMBuildAdd(f->b, j, u32c(f, 1), "");
    LLVMAddIncoming(j, (LLVMValueRef[]){u32c(f, 0), next},
                    (LLVMBasicBlockRef[]){pre, loop}, 2);
    LLVMBuildCondBr(f->b,
                    LLVMBuildICmp(f->b, LLVMIntULT, next, u32c(f, e->count), ""),
                    loop, done);
    LLVMPositionBuilderAtEnd(f->b, done);
}

static void fill_elem_items(CgFunc *f, uint32_t seg)
{
    CgModule *m = f->m;
    const WasmElemSegment *e = &m->wm->elems[seg];
    if (e->count == 0)
        return;
    LLVMValueRef args[2] = {f->vm, u32c(f, seg)};
    LLVMValueRef items =
        cg_call_c(f, "kiln_rt_elem_items", m->t_ptr, args, 2);
    if (e->count > 8 && all_ref_func(e)) {
        fill_ref_funcs(f, e, items);
        return;
    }
    for (uint32_t j = 0; j < e->count; j++) {
        LLVMValueRef v = cg_const_expr(f, &e->items[j]);
        LLVMValueRef idx = u32c(f, j);
        LLVMValueRef p =
            LLVMBuildInBoundsGEP2(f->b, m->t_ptr, items, &idx, 1, "");
        LLVMBuildStore(f->b, v, p);
    }
}

static void apply_elems(CgFunc *f)
{
    CgModule *m = f->m;
    for (uint32_t s = 0; s < m->wm->nelems; s++)
        fill_elem_items(f, s);
    for (uint32_t s = 0; s < m->wm->nelems; s++) {
        const WasmElemSegment *e = &m->wm->elems[s];
        LLVMValueRef drop[2] = {f->vm, u32c(f, s)};
        if (e->mode == WASM_SEG_ACTIVE) {
            LLVMValueRef off = to_type(f, cg_const_expr(f, &e->offset),
                                       m->t_i32);
            LLVMValueRef args[6] = {f->vm, u32c(f, e->table), u32c(f, s),
                                    off, u32c(f, 0), u32c(f, e->count)};
            cg_call_c(f, "kiln_rt_table_init", m->t_void, args, 6);
        }
        if (e->mode != WASM_SEG_PASSIVE)
            cg_call_c(f, "kiln_rt_elem_drop", m->t_void, drop, 2);
    }
}

static void apply_datas(CgFunc *f)
{
    CgModule *m = f->m;
    for (uint32_t s = 0; s < m->wm->ndatas; s++) {
        const WasmDataSegment *d = &m->wm->datas[s];
        if (d->mode != WASM_SEG_ACTIVE)
            continue;
        LLVMValueRef off =
            to_type(f, cg_const_expr(f, &d->offset), m->t_i64);
        LLVMValueRef args[6] = {f->vm, u32c(f, d->memory), u32c(f, s), off,
                                u32c(f, 0), u32c(f, d->len)};
        cg_call_c(f, "kiln_rt_memory_init", m->t_void, args, 6);
        LLVMValueRef drop[2] = {f->vm, u32c(f, s)};
        cg_call_c(f, "kiln_rt_data_drop", m->t_void, drop, 2);
    }
}

LLVMValueRef cg_emit_init(CgModule *m, Arena *scratch)
{
    LLVMTypeRef ft = LLVMFunctionType(m->t_void, &m->t_ptr, 1, 0);
    LLVMValueRef fn = LLVMAddFunction(m->mod, "kiln.init", ft);
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    cg_function_attrs(m, fn);

    CgFunc fs, *f = &fs;
    cg_func_begin(f, m, fn, scratch);

    init_globals(f);
    init_tables(f);
    apply_elems(f);
    apply_datas(f);
    if (m->wm->has_start) {
        /* kept out of line: its invariant loads of immutable globals
         * must not meet init's stores to them */
        LLVMValueRef args[1];
        LLVMValueRef c = cg_call_func(f, m->wm->start, args, false);
        unsigned k = LLVMGetEnumAttributeKindForName("noinline", 8);
        LLVMAddCallSiteAttribute(c, LLVMAttributeFunctionIndex,
                                 LLVMCreateEnumAttribute(m->ctx, k, 0));
    }
    LLVMBuildRetVoid(m->b);
    free(f->stack);
    return fn;
}
