/* Calls (spec 4.4.8 call, call_indirect; tail-call proposal return_call,
 * return_call_indirect).  Internal functions are tailcc taking the vmctx
 * first; host-bound imports are direct C calls; dynamic imports and
 * indirect calls go through a KilnFuncRef (its instance's vmctx and two
 * entries: `call` in fastcc for call / call_indirect, `code` in tailcc for
 * return_call / return_call_indirect; kiln_rt.h).
 * call_indirect checks, in order: index < table size (undefined element),
 * non-null entry (uninitialized element), interned type id equality
 * (indirect call type mismatch); through a frozen table (cg_table.c) the
 * same checks run on a constant array.  Tail calls are `musttail`, which LLVM
 * guarantees for tailcc even when the prototypes differ.
 */
#include "codegen/cg.h"

/* Pops the `n` arguments of a call into a fresh array after slot 0, with
 * room for the pads of cg_conv_type (at most 7). */
static LLVMValueRef *pop_args(CgFunc *f, uint32_t n)
{
    LLVMValueRef *args = arena_array(f->scratch, n + 8, sizeof *args);
    for (uint32_t i = n; i > 0; i--)
        args[i] = cg_pop(f);
    return args;
}

void cg_push_results(CgFunc *f, LLVMValueRef r, const WasmFuncType *t)
{
    if (t->nresults == 1) {
        cg_push(f, r);
        return;
    }
    if (cg_results_in_area(t->nresults)) {
        for (uint32_t i = 0; i < t->nresults; i++)
            cg_push(f, cg_load_result(f->m, f->b, t->results[i], i));
        return;
    }
    for (uint32_t i = 0; i < t->nresults; i++)
        cg_push(f, LLVMBuildExtractValue(f->b, r, i, ""));
}

/* Targets without tailcc use fastcc (cg_target.c); LLVM 19 honours
 * musttail there only when no argument goes on the stack.  RISC-V fastcc
 * (found by test): 12 integer arguments in registers, the vmctx being
 * one, and 20 FP arguments; v128 is never counted as fitting. */
static bool fastcc_in_registers(const WasmFuncType *t)
{
    unsigned gpr = 1, fpr = 0;
    for (uint32_t i = 0; i < t->nparams; i++) {
        WasmValType v = t->params[i];
        if (v == WASM_V128)
            return false;
        if (v == WASM_F32 || v == WASM_F64)
            fpr++;
        else
            gpr++;
    }
    return gpr <= 12 && fpr <= 20;
}

/* Only results that come back in registers can be musttail: LLVM refuses
 * a guaranteed tail call whose return is demoted to a hidden pointer.
 * At most two results are returned in registers; more go through the
 * result area (cg_results_in_area), so every signature qualifies.
 * Outside tailcc LLVM also wants the caller's and callee's prototypes to
 * be the same. */
static bool can_musttail(const CgFunc *f, unsigned cc, const WasmFuncType *t)
{
    if (cc == LLVMFastCallConv &&
        (!fastcc_in_registers(t) || !wasm_functype_eq(f->type, t)))
        return false;
    return t->nresults <= 2 || cg_results_in_area(t->nresults);
}

static LLVMValueRef tail_call(CgFunc *f, unsigned cc, LLVMTypeRef ft,
                              LLVMValueRef callee, LLVMValueRef *args,
                              unsigned n, bool tail, const WasmFuncType *t)
{
    LLVMValueRef c = LLVMBuildCall2(f->b, ft, callee, args, n, "");
    LLVMSetInstructionCallConv(c, cc);
    if (tail && f->m->musttail_ok && can_musttail(f, cc, t))
        LLVMSetTailCallKind(c, LLVMTailCallKindMustTail);
    else if (tail)
        LLVMSetTailCallKind(c, LLVMTailCallKindTail);
    else if (!tail) /* a wasm `call` uses stack: unbounded recursion must
                       exhaust it rather than become a loop */
        LLVMSetTailCallKind(c, LLVMTailCallKindNoTail);
    return c;
}

/* Fills the pad arguments after the `n` real ones; returns the count. */
static unsigned add_pads(CgFunc *f, LLVMValueRef *args, unsigned n,
                         unsigned pads)
{
    for (unsigned i = 0; i < pads; i++)
        args[n + i] = LLVMGetUndef(f->m->t_i32);
    return n + pads;
}

/* Calls the KilnFuncRef `fr` through the entry the kind of call needs. */
static LLVMValueRef call_ref(CgFunc *f, LLVMValueRef fr, uint32_t typeidx,
                             LLVMValueRef *args, bool tail,
                             const WasmFuncType *t)
{
    CgModule *m = f->m;
    unsigned cc = tail ? m->cc : LLVMFastCallConv, pads;
    LLVMTypeRef ft = cg_conv_type(m, typeidx, cc, &pads);
    LLVMValueRef code = cg_load_field(f, m->t_funcref, fr, tail ? 0 : 4,
                                      CG_TBAA_FUNCREF);
    args[0] = cg_load_field(f, m->t_funcref, fr, 1, CG_TBAA_FUNCREF);
    cg_set_invariant(m, code);
    cg_set_invariant(m, args[0]);
    return tail_call(f, cc, ft, code, args,
                     add_pads(f, args, t->nparams + 1, pads), tail, t);
}

/* args[0] is filled here with the callee's vmctx. */
LLVMValueRef cg_call_func(CgFunc *f, uint32_t funcidx, LLVMValueRef *args,
                          bool tail)
{
    CgModule *m = f->m;
    const CgFuncInfo *fi = &m->funcs[funcidx];
    const WasmFuncType *t = wasm_func_type(m->wm, funcidx);
    uint32_t n = t->nparams + 1, typeidx = m->wm->funcs[funcidx].type;
    unsigned pads;
    LLVMTypeRef ft = cg_conv_type(m, typeidx, fi->cc, &pads);
    switch (fi->kind) {
    case CG_FUNC_DEFINED:
        args[0] = f->vm;
        return tail_call(f, fi->cc, ft, fi->fn, args,
                         add_pads(f, args, n, pads), tail, t);
    case CG_FUNC_HOST:
        args[0] = f->vm;
        LLVMValueRef c = LLVMBuildCall2(
            f->b, LLVMGlobalGetValueType(fi->host_fn), fi->host_fn, args, n, "");
        cg_c_abi_call(m, c);
        return c;
    case CG_FUNC_DYNAMIC: break;
    }
    return call_ref(f, cg_funcref_ptr(f, funcidx), typeidx, args, tail, t);
}

/* After a tail call: return its result. */
static void finish_tail(CgFunc *f, LLVMValueRef r, const WasmFuncType *t)
{
    if (t->nresults == 0 || cg_results_in_area(t->nresults))
        LLVMBuildRetVoid(f->b);
    else
        LLVMBuildRet(f->b, r);
    f->dead = true;
}

static void emit_call(CgFunc *f, uint32_t funcidx, bool tail)
{
    const WasmFuncType *t = wasm_func_type(f->m->wm, funcidx);
    LLVMValueRef *args = pop_args(f, t->nparams);
    LLVMValueRef r = cg_call_func(f, funcidx, args, tail);
    if (tail) {
        if (f->m->funcs[funcidx].kind == CG_FUNC_HOST &&
            t->nresults == 0 && f->type->nresults == 0) {
            LLVMBuildRetVoid(f->b);
            f->dead = true;
            return;
        }
        finish_tail(f, r, t);
        return;
    }
    cg_push_results(f, r, t);
}

/* The call_indirect index as i64, after its check against the table
 * size (undefined element). */
static LLVMValueRef checked_index(CgFunc *f, LLVMValueRef idx,
                                  LLVMValueRef size)
{
    if (LLVMTypeOf(idx) != f->m->t_i64)
        idx = LLVMBuildZExt(f->b, idx, f->m->t_i64, "");
    cg_trap_if(f, LLVMBuildICmp(f->b, LLVMIntUGE, idx, size, ""),
               KILN_TRAP_UNDEFINED_ELEMENT);
    return idx;
}

/* Loads the checked KilnFuncRef for call_indirect. */
static LLVMValueRef indirect_ref(CgFunc *f, uint32_t typeidx,
                                 uint32_t tableidx, LLVMValueRef idx)
{
    CgModule *m = f->m;
    /* A table declared with maximum == minimum (clang's function table)
     * keeps that size and its elements array for good: an import's
     * actual limits lie within the declared ones, and growing fails
     * before anything moves.  Its bounds check is against a constant
     * and the array is loaded once, not after every call. */
    const WasmLimits *lim = &m->wm->tables[tableidx].type.limits;
    bool fixed = lim->has_max && lim->max == lim->min;
    LLVMValueRef tab = cg_table_ptr(f, tableidx);
    LLVMValueRef size =
        fixed ? LLVMConstInt(m->t_i64, lim->min, 0)
              : cg_load_field(f, m->t_table, tab, 1, CG_TBAA_TABLE);
    idx = checked_index(f, idx, size);
    LLVMValueRef elems =
        fixed ? cg_fixed_table_elems(f, tableidx)
              : cg_load_field(f, m->t_table, tab, 0, CG_TBAA_TABLE);
    LLVMValueRef p = LLVMBuildInBoundsGEP2(f->b, m->t_ptr, elems, &idx, 1, "");
    LLVMValueRef ref = LLVMBuildLoad2(f->b, m->t_ptr, p, "");
    cg_set_tbaa(m, ref, CG_TBAA_ELEMS);
    cg_trap_if(f, LLVMBuildIsNull(f->b, ref, ""),
               KILN_TRAP_UNINITIALIZED_ELEMENT);
    LLVMValueRef tid = cg_load_field(f, m->t_funcref, ref, 2, CG_TBAA_FUNCREF);
    cg_set_invariant(m, tid);
    LLVMValueRef want = cg_type_id(f, typeidx);
    cg_trap_if(f, LLVMBuildICmp(f->b, LLVMIntNE, tid, want, ""),
               KILN_TRAP_INDIRECT_TYPE);
    return ref;
}

/* call_indirect through a frozen table (cg_table.c): the same checks in
 * the same order, on constant arrays; the callee is a function of this
 * instance.  The class table of the call's type needs only the bounds
 * check: its wrong-class and null elements are functions that trap. */
static LLVMValueRef frozen_call(CgFunc *f, LLVMValueRef tab, uint32_t size,
                                uint32_t typeidx, LLVMValueRef idx,
                                LLVMValueRef *args, const WasmFuncType *t,
                                uint32_t tableidx)
{
    CgModule *m = f->m;
    unsigned pads;
    LLVMTypeRef ft = cg_conv_type(m, typeidx, LLVMFastCallConv, &pads);
    uint32_t cls = cg_type_class(m, typeidx);
    idx = checked_index(f, idx, LLVMConstInt(m->t_i64, size, 0));
    LLVMValueRef zero = LLVMConstInt(m->t_i64, 0, 0);
    LLVMValueRef code;
    LLVMValueRef ctab = cg_frozen_class_table(m, tableidx, cls, ft);
    if (ctab) {
        LLVMValueRef p = LLVMBuildInBoundsGEP2(
            f->b, LLVMGlobalGetValueType(ctab), ctab,
            (LLVMValueRef[]){zero, idx}, 2, "");
        code = LLVMBuildLoad2(f->b, m->t_ptr, p, "");
    } else {
        LLVMTypeRef at = LLVMGlobalGetValueType(tab);
        LLVMTypeRef et = LLVMGetElementType(at);
        LLVMValueRef p = LLVMBuildInBoundsGEP2(
            f->b, at, tab, (LLVMValueRef[]){zero, idx}, 2, "");
        LLVMValueRef c = LLVMBuildLoad2(
            f->b, m->t_i32, LLVMBuildStructGEP2(f->b, et, p, 1, ""), "");
        LLVMValueRef want = LLVMConstInt(m->t_i32, cls, 0);
        /* one compare on the way to the call; which trap in the cold path */
        LLVMBasicBlockRef bad = cg_block(f, "bad_elem"), ok = cg_block(f, "ok");
        LLVMValueRef br = LLVMBuildCondBr(
            f->b, LLVMBuildICmp(f->b, LLVMIntNE, c, want, ""), bad, ok);
        LLVMSetMetadata(br, m->md_prof, m->md_unlikely);
        cg_facts_follow(f, LLVMGetInsertBlock(f->b), ok);
        LLVMPositionBuilderAtEnd(f->b, bad);
        cg_trap_if(f,
                   LLVMBuildICmp(f->b, LLVMIntEQ, c,
                                 LLVMConstInt(m->t_i32, CG_NULL_CLASS, 0), ""),
                   KILN_TRAP_UNINITIALIZED_ELEMENT);
        cg_trap(f, KILN_TRAP_INDIRECT_TYPE);
        LLVMPositionBuilderAtEnd(f->b, ok);
        code = LLVMBuildLoad2(f->b, m->t_ptr,
                              LLVMBuildStructGEP2(f->b, et, p, 0, ""), "");
    }
    args[0] = f->vm;
    return tail_call(f, LLVMFastCallConv, ft, code, args,
                     add_pads(f, args, t->nparams + 1, pads), false, t);
}

static void emit_call_indirect(CgFunc *f, const WasmInstr *in, bool tail)
{
    CgModule *m = f->m;
    uint32_t typeidx = in->u.idx.a;
    const WasmFuncType *t = &m->wm->types[typeidx];
    LLVMValueRef idx = cg_pop(f);
    LLVMValueRef *args = pop_args(f, t->nparams);
    uint32_t size;
    LLVMValueRef frozen = cg_frozen_table(m, in->u.idx.b, &size);
    if (frozen && !tail) {
        cg_push_results(f, frozen_call(f, frozen, size, typeidx, idx, args, t,
                                    in->u.idx.b),
                        t);
        return;
    }
    LLVMValueRef ref = indirect_ref(f, typeidx, in->u.idx.b, idx);
    LLVMValueRef r = call_ref(f, ref, typeidx, args, tail, t);
    if (tail)
        finish_tail(f, r, t);
    else
        cg_push_results(f, r, t);
}

CgResult cg_emit_call(CgFunc *f, const WasmInstr *in)
{
    switch (in->op) {
    case WASM_OP_CALL: emit_call(f, in->u.idx.a, false); break;
    case WASM_OP_RETURN_CALL: emit_call(f, in->u.idx.a, true); break;
    case WASM_OP_CALL_INDIRECT: emit_call_indirect(f, in, false); break;
    case WASM_OP_RETURN_CALL_INDIRECT: emit_call_indirect(f, in, true); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
