/* Function bodies (spec 3.4 / 4.4.10 instantiation of code): the prologue
 * (locals as allocas, stack-limit check), the dispatch loop over the
 * instruction array by family, and the helpers every family uses: the
 * operand stack, trap blocks, cached vmctx loads, intrinsic and runtime
 * calls.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg.h"

static const char *const trap_names[KILN_TRAP_COUNT] = {
    [KILN_TRAP_UNREACHABLE] = "kiln_trap_unreachable",
    [KILN_TRAP_INT_DIV_ZERO] = "kiln_trap_int_div_zero",
    [KILN_TRAP_INT_OVERFLOW] = "kiln_trap_int_overflow",
    [KILN_TRAP_BAD_CONVERSION] = "kiln_trap_bad_conversion",
    [KILN_TRAP_MEMORY_OOB] = "kiln_trap_memory_oob",
    [KILN_TRAP_TABLE_OOB] = "kiln_trap_table_oob",
    [KILN_TRAP_UNDEFINED_ELEMENT] = "kiln_trap_undefined_element",
    [KILN_TRAP_UNINITIALIZED_ELEMENT] = "kiln_trap_uninitialized_element",
    [KILN_TRAP_INDIRECT_TYPE] = "kiln_trap_indirect_type",
    [KILN_TRAP_NULL_REFERENCE] = "kiln_trap_null_reference",
    [KILN_TRAP_STACK_EXHAUSTED] = "kiln_trap_stack_exhausted",
};

/* ---- operand stack ---- */

void cg_push(CgFunc *f, LLVMValueRef v)
{
    f->stack = kiln_grow(f->stack, &f->stack_cap, f->sp + 1, sizeof *f->stack);
    f->stack[f->sp++] = v;
}

LLVMValueRef cg_pop(CgFunc *f)
{
    KILN_ASSERT(f->sp > 0);
    return f->stack[--f->sp];
}

LLVMValueRef cg_peek(CgFunc *f, unsigned depth)
{
    KILN_ASSERT(depth < f->sp);
    return f->stack[f->sp - 1 - depth];
}

/* ---- diagnostics ---- */

CgResult cg_error(CgFunc *f, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    diag_at(f->m->diag, f->m->wm->path, f->cur ? f->cur->offset : 0, "%s",
            buf);
    return CG_FAIL;
}

/* ---- traps ---- */

static LLVMValueRef trap_fn(CgModule *m, KilnTrap kind)
{
    if (!m->trap_fns[kind]) {
        LLVMTypeRef ft = LLVMFunctionType(m->t_void, NULL, 0, 0);
        LLVMValueRef fn = LLVMAddFunction(m->mod, trap_names[kind], ft);
        const char *attrs[] = {"noreturn", "cold", "nounwind"};
        for (unsigned i = 0; i < 3; i++) {
            unsigned k = LLVMGetEnumAttributeKindForName(attrs[i],
                                                         strlen(attrs[i]));
            LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                                    LLVMCreateEnumAttribute(m->ctx, k, 0));
        }
        m->trap_fns[kind] = fn;
    }
    return m->trap_fns[kind];
}

void cg_trap(CgFunc *f, KilnTrap kind)
{
    LLVMValueRef fn = trap_fn(f->m, kind);
    LLVMBuildCall2(f->b, LLVMGlobalGetValueType(fn), fn, NULL, 0, "");
    LLVMBuildUnreachable(f->b);
}

LLVMValueRef cg_trap_entry(CgModule *m, LLVMTypeRef ft, unsigned cc,
                           KilnTrap kind)
{
    LLVMValueRef fn = LLVMAddFunction(m->mod, "kiln.trap_entry", ft);
    LLVMSetLinkage(fn, LLVMPrivateLinkage);
    LLVMSetFunctionCallConv(fn, cc);
    cg_function_attrs(m, fn);
    LLVMBuilderRef b = LLVMCreateBuilderInContext(m->ctx);
    LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(m->ctx, fn, ""));
    LLVMValueRef t = trap_fn(m, kind);
    LLVMBuildCall2(b, LLVMGlobalGetValueType(t), t, NULL, 0, "");
    LLVMBuildUnreachable(b);
    LLVMDisposeBuilder(b);
    return fn;
}

LLVMBasicBlockRef cg_block(CgFunc *f, const char *name)
{
    return LLVMAppendBasicBlockInContext(f->m->ctx, f->fn, name);
}

void cg_trap_if(CgFunc *f, LLVMValueRef cond, KilnTrap kind)
{
    if (!f->trap_bb[kind]) {
        LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
        f->trap_bb[kind] = cg_block(f, "trap");
        LLVMPositionBuilderAtEnd(f->b, f->trap_bb[kind]);
        cg_trap(f, kind);
        LLVMPositionBuilderAtEnd(f->b, cur);
    }
    LLVMBasicBlockRef cont = cg_block(f, "ok");
    LLVMValueRef br = LLVMBuildCondBr(f->b, cond, f->trap_bb[kind], cont);
    LLVMSetMetadata(br, f->m->md_prof, f->m->md_unlikely);
    cg_facts_follow(f, LLVMGetInsertBlock(f->b), cont);
    LLVMPositionBuilderAtEnd(f->b, cont);
}

/* ---- metadata ---- */

void cg_set_tbaa(CgModule *m, LLVMValueRef inst, CgTbaa cls)
{
    LLVMSetMetadata(inst, m->md_tbaa, m->tbaa[cls]);
}

void cg_set_invariant(CgModule *m, LLVMValueRef load)
{
    LLVMSetMetadata(load, m->md_invariant, m->md_empty);
}

/* ---- cached loads in the entry block ---- */

/* Runs the builder in the entry block (before its branch) for `fn`. */
static LLVMBasicBlockRef enter_entry(CgFunc *f)
{
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
    LLVMPositionBuilderBefore(f->b, f->entry_br);
    return cur;
}

static LLVMValueRef invariant_load(CgFunc *f, LLVMTypeRef ty, LLVMValueRef p,
                                   CgTbaa cls)
{
    LLVMValueRef v = LLVMBuildLoad2(f->b, ty, p, "");
    cg_set_tbaa(f->m, v, cls);
    cg_set_invariant(f->m, v);
    return v;
}

LLVMValueRef cg_vm_field(CgFunc *f, CgVmField field)
{
    if (!f->vm_fields[field]) {
        LLVMBasicBlockRef cur = enter_entry(f);
        LLVMValueRef p =
            LLVMBuildStructGEP2(f->b, f->m->t_vmctx, f->vm, field, "");
        LLVMTypeRef ty = LLVMStructGetTypeAtIndex(f->m->t_vmctx, field);
        f->vm_fields[field] = invariant_load(f, ty, p, CG_TBAA_VMCTX);
        LLVMPositionBuilderAtEnd(f->b, cur);
    }
    return f->vm_fields[field];
}

/* Element i (of type ty) of the array the vmctx field arr points to. */
static LLVMValueRef typed_elem(CgFunc *f, LLVMValueRef *cache, CgVmField arr,
                               LLVMTypeRef ty, uint32_t i)
{
    if (!cache[i]) {
        LLVMValueRef base = cg_vm_field(f, arr);
        LLVMBasicBlockRef cur = enter_entry(f);
        LLVMValueRef idx = LLVMConstInt(f->m->t_i32, i, 0);
        LLVMValueRef p = LLVMBuildInBoundsGEP2(f->b, ty, base, &idx, 1, "");
        cache[i] = invariant_load(f, ty, p, CG_TBAA_VMCTX);
        LLVMPositionBuilderAtEnd(f->b, cur);
    }
    return cache[i];
}

static LLVMValueRef array_elem(CgFunc *f, LLVMValueRef *cache, CgVmField arr,
                               uint32_t i)
{
    return typed_elem(f, cache, arr, f->m->t_ptr, i);
}

LLVMValueRef cg_memory_ptr(CgFunc *f, uint32_t i)
{
    return array_elem(f, f->mem_ptrs, CG_VM_MEMORIES, i);
}

LLVMValueRef cg_table_ptr(CgFunc *f, uint32_t i)
{
    return array_elem(f, f->table_ptrs, CG_VM_TABLES, i);
}

LLVMValueRef cg_type_id(CgFunc *f, uint32_t typeidx)
{
    return typed_elem(f, f->type_ids, CG_VM_TYPE_IDS, f->m->t_i32, typeidx);
}

LLVMValueRef cg_fixed_table_elems(CgFunc *f, uint32_t i)
{
    if (!f->table_elems[i]) {
        LLVMValueRef tab = cg_table_ptr(f, i);
        LLVMBasicBlockRef cur = enter_entry(f);
        LLVMValueRef p =
            LLVMBuildStructGEP2(f->b, f->m->t_table, tab, 0, "");
        f->table_elems[i] = invariant_load(f, f->m->t_ptr, p, CG_TBAA_TABLE);
        LLVMPositionBuilderAtEnd(f->b, cur);
    }
    return f->table_elems[i];
}

LLVMValueRef cg_global_ptr(CgFunc *f, uint32_t i)
{
    return array_elem(f, f->global_ptrs, CG_VM_GLOBALS, i);
}

LLVMValueRef cg_funcref_ptr(CgFunc *f, uint32_t i)
{
    /* Loaded where used: functions reference few of them. */
    LLVMValueRef base = cg_vm_field(f, CG_VM_FUNCS);
    LLVMValueRef idx = LLVMConstInt(f->m->t_i32, i, 0);
    LLVMValueRef p =
        LLVMBuildInBoundsGEP2(f->b, f->m->t_ptr, base, &idx, 1, "");
    return invariant_load(f, f->m->t_ptr, p, CG_TBAA_VMCTX);
}

LLVMValueRef cg_field_ptr(CgFunc *f, LLVMTypeRef st, LLVMValueRef ptr,
                          unsigned field)
{
    return LLVMBuildStructGEP2(f->b, st, ptr, field, "");
}

LLVMValueRef cg_load_field(CgFunc *f, LLVMTypeRef st, LLVMValueRef ptr,
                           unsigned field, CgTbaa cls)
{
    LLVMValueRef p = cg_field_ptr(f, st, ptr, field);
    LLVMValueRef v =
        LLVMBuildLoad2(f->b, LLVMStructGetTypeAtIndex(st, field), p, "");
    cg_set_tbaa(f->m, v, cls);
    return v;
}

/* ---- calls ---- */

LLVMValueRef cg_intrinsic(CgFunc *f, const char *name, LLVMTypeRef *over,
                          unsigned nover, LLVMValueRef *args, unsigned nargs)
{
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    if (!id)
        KILN_BUG("unknown intrinsic %s", name);
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(f->m->mod, id, over, nover);
    LLVMTypeRef ft = LLVMIntrinsicGetType(f->m->ctx, id, over, nover);
    return LLVMBuildCall2(f->b, ft, fn, args, nargs, "");
}

void cg_c_abi_call(CgModule *m, LLVMValueRef call)
{
    if (!m->sext_i32)
        return;
    LLVMValueRef fn = LLVMGetCalledValue(call);
    LLVMTypeRef ft = LLVMGetCalledFunctionType(call);
    unsigned n = LLVMCountParamTypes(ft);
    LLVMTypeRef ps[32];
    KILN_ASSERT(n <= 32);
    LLVMGetParamTypes(ft, ps);
    unsigned k = LLVMGetEnumAttributeKindForName("signext", 7);
    for (unsigned i = 0; i < n; i++) {
        if (ps[i] != m->t_i32)
            continue;
        LLVMAttributeRef a = LLVMCreateEnumAttribute(m->ctx, k, 0);
        LLVMAddCallSiteAttribute(call, i + 1, a);
        if (LLVMIsAFunction(fn))
            LLVMAddAttributeAtIndex(fn, i + 1, a);
    }
}

void cg_c_abi_define(CgModule *m, LLVMValueRef fn)
{
    if (!m->sext_i32)
        return;
    unsigned k = LLVMGetEnumAttributeKindForName("signext", 7);
    LLVMTypeRef ft = LLVMGlobalGetValueType(fn);
    if (LLVMGetReturnType(ft) == m->t_i32)
        LLVMAddAttributeAtIndex(fn, LLVMAttributeReturnIndex,
                                LLVMCreateEnumAttribute(m->ctx, k, 0));
    unsigned n = LLVMCountParams(fn);
    for (unsigned i = 0; i < n; i++)
        if (LLVMTypeOf(LLVMGetParam(fn, i)) == m->t_i32)
            LLVMAddAttributeAtIndex(fn, i + 1,
                                    LLVMCreateEnumAttribute(m->ctx, k, 0));
}

LLVMValueRef cg_call_c(CgFunc *f, const char *name, LLVMTypeRef ret,
                       LLVMValueRef *args, unsigned nargs)
{
    LLVMValueRef fn = LLVMGetNamedFunction(f->m->mod, name);
    if (!fn) {
        LLVMTypeRef ps[16];
        KILN_ASSERT(nargs <= 16);
        for (unsigned i = 0; i < nargs; i++)
            ps[i] = LLVMTypeOf(args[i]);
        fn = LLVMAddFunction(f->m->mod, name,
                             LLVMFunctionType(ret, ps, nargs, 0));
    }
    LLVMValueRef c =
        LLVMBuildCall2(f->b, LLVMGlobalGetValueType(fn), fn, args, nargs, "");
    cg_c_abi_call(f->m, c);
    return c;
}

void cg_block_sig(CgModule *m, WasmBlockType bt, uint32_t *np,
                  const WasmValType **p, uint32_t *nr, const WasmValType **r)
{
    *np = *nr = 0;
    *p = *r = NULL;
    if (bt.kind == WASM_BLOCK_VALUE) {
        WasmValType *v = arena_alloc(&m->arena, sizeof *v);
        *v = bt.valtype;
        *nr = 1;
        *r = v;
    } else if (bt.kind == WASM_BLOCK_TYPEIDX) {
        const WasmFuncType *t = &m->wm->types[bt.typeidx];
        *np = t->nparams;
        *p = t->params;
        *nr = t->nresults;
        *r = t->results;
    }
}

/* ---- dispatch ---- */

CgResult cg_emit_instr(CgFunc *f, const WasmInstr *in)
{
    if (wasm_op_info[in->op].prefix == 0xfd)
        return cg_emit_simd(f, in) ? CG_OK : CG_FAIL;
    static CgResult (*const families[])(CgFunc *, const WasmInstr *) = {
        cg_emit_control, cg_emit_variable, cg_emit_numeric, cg_emit_float,
        cg_emit_memory,  cg_emit_call,     cg_emit_table,   cg_emit_bulk,
    };
    for (size_t i = 0; i < sizeof families / sizeof *families; i++) {
        CgResult r = families[i](f, in);
        if (r != CG_NOT_MINE)
            return r;
    }
    return cg_error(f, "instruction `%s` is not supported by the code "
                       "generator", wasm_op_info[in->op].name);
}

/* Where emission resumes after dead code: the top frame's else/end. */
static uint32_t skip_dead(CgFunc *f)
{
    CgFrame *fr = &f->frames[f->nframes - 1];
    if (fr->kind == CG_FRAME_IF && !fr->in_else && fr->else_at)
        return fr->else_at;
    return fr->end_at;
}

static bool emit_body(CgFunc *f)
{
    const WasmFunc *wf = f->wf;
    for (uint32_t i = 0; i < wf->ncode && f->nframes > 0; i++) {
        f->cur = &wf->code[i];
        if (cg_emit_instr(f, &wf->code[i]) == CG_FAIL)
            return false;
        if (f->dead && f->nframes > 0)
            i = skip_dead(f) - 1;
    }
    return true;
}

/* ---- loads whose value is never used ---- */

/* In GUARD mode a wasm load traps only by touching the guard region, and
 * LLVM deletes a load whose value is unused (a load into a local nobody
 * reads, a value only fed to dead arithmetic), losing the trap the spec
 * requires.  After a body is emitted, find the linear-memory loads that
 * are dead in the way LLVM will see them and make them volatile; the
 * compiler emits such loads rarely, so this costs nothing elsewhere.
 * A value is dead when every use is dead: a store of it into a local no
 * load reads, or a side-effect-free instruction that is dead itself.
 */
typedef struct DeadScan {
    LLVMValueRef *unread; /* allocas of locals that no load reads */
    uint32_t nunread;
} DeadScan;

static bool unread_local(const DeadScan *d, LLVMValueRef p)
{
    for (uint32_t i = 0; i < d->nunread; i++)
        if (d->unread[i] == p)
            return true;
    return false;
}

static bool pure_op(LLVMValueRef in)
{
    switch (LLVMGetInstructionOpcode(in)) {
    case LLVMStore: case LLVMCall: case LLVMInvoke: case LLVMRet:
    case LLVMBr: case LLVMSwitch: case LLVMIndirectBr: case LLVMUnreachable:
    case LLVMLoad: case LLVMAtomicRMW: case LLVMAtomicCmpXchg:
    case LLVMFence:
        return false;
    default:
        return true;
    }
}

/* Chains deeper than 16 instructions, and cycles through phis, count as
 * live: the load is then left as it is, as before this scan. */
static bool value_dead(const DeadScan *d, LLVMValueRef v, unsigned depth)
{
    if (depth > 16)
        return false;
    for (LLVMUseRef u = LLVMGetFirstUse(v); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);
        if (!LLVMIsAInstruction(user))
            return false;
        if (LLVMGetInstructionOpcode(user) == LLVMStore) {
            if (LLVMGetOperand(user, 0) != v ||
                !unread_local(d, LLVMGetOperand(user, 1)))
                return false;
            continue;
        }
        if (!pure_op(user) || !value_dead(d, user, depth + 1))
            return false;
    }
    return true;
}

static void keep_dead_loads(CgFunc *f)
{
    CgModule *m = f->m;
    if (m->opts->bounds != CG_BOUNDS_GUARD)
        return;
    DeadScan d = {arena_array(f->scratch, f->nlocals + 1, sizeof(LLVMValueRef)),
                  0};
    for (uint32_t i = 0; i < f->nlocals; i++) {
        bool read = false;
        for (LLVMUseRef u = LLVMGetFirstUse(f->locals[i]); u && !read;
             u = LLVMGetNextUse(u))
            read = LLVMGetInstructionOpcode(LLVMGetUser(u)) != LLVMStore ||
                   LLVMGetOperand(LLVMGetUser(u), 1) != f->locals[i];
        if (!read)
            d.unread[d.nunread++] = f->locals[i];
    }
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(f->fn); bb;
         bb = LLVMGetNextBasicBlock(bb))
        for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in;
             in = LLVMGetNextInstruction(in))
            if (LLVMIsALoadInst(in) && !LLVMGetVolatile(in) &&
                LLVMGetMetadata(in, m->md_tbaa) == m->tbaa[CG_TBAA_LINEAR] &&
                value_dead(&d, in, 0))
                LLVMSetVolatile(in, 1);
}

/* ---- prologue ---- */

/* PROLOGUE mode: trap when the stack pointer is below vm->stack_limit.
 * llvm.stacksave reads sp without forcing a frame pointer. */
static void stack_check(CgFunc *f)
{
    CgModule *m = f->m;
    LLVMTypeRef over = m->t_ptr;
    LLVMValueRef sp = cg_intrinsic(f, "llvm.stacksave", &over, 1, NULL, 0);
    sp = LLVMBuildPtrToInt(f->b, sp, m->t_intptr, "");
    LLVMValueRef lim = cg_vm_field(f, CG_VM_STACK_LIMIT);
    cg_trap_if(f, LLVMBuildICmp(f->b, LLVMIntULT, sp, lim, ""),
               KILN_TRAP_STACK_EXHAUSTED);
}

static void setup_locals(CgFunc *f)
{
    CgModule *m = f->m;
    uint32_t np = f->type->nparams;
    f->nlocals = np + f->wf->nlocals;
    f->locals = arena_array(f->scratch, f->nlocals + 1, sizeof *f->locals);
    f->local_types =
        arena_array(f->scratch, f->nlocals + 1, sizeof *f->local_types);
    f->local_vt = arena_array(f->scratch, f->nlocals + 1, sizeof *f->local_vt);
    f->local_vals =
        arena_array(f->scratch, f->nlocals + 1, sizeof *f->local_vals);
    f->local_gen = arena_array(f->scratch, f->nlocals + 1, sizeof *f->local_gen);
    for (uint32_t i = 0; i < f->nlocals; i++) {
        WasmValType vt = i < np ? f->type->params[i] : f->wf->locals[i - np];
        f->local_vt[i] = vt;
        f->local_types[i] = cg_valtype(m, vt);
        f->locals[i] = LLVMBuildAlloca(f->b, f->local_types[i], "");
        LLVMValueRef init =
            i < np ? LLVMGetParam(f->fn, i + 1) : cg_zero(m, vt);
        LLVMBuildStore(f->b, init, f->locals[i]);
    }
}

void cg_func_begin(CgFunc *f, CgModule *m, LLVMValueRef fn, Arena *scratch)
{
    const WasmModule *wm = m->wm;
    memset(f, 0, sizeof *f);
    f->m = m;
    f->b = m->b;
    f->fn = fn;
    f->vm = LLVMGetParam(fn, 0);
    f->scratch = scratch;
    f->mem_ptrs = arena_array(scratch, wm->nmemories + 1, sizeof(LLVMValueRef));
    f->mem_bases = arena_array(scratch, wm->nmemories + 1, sizeof(LLVMValueRef));
    f->table_ptrs = arena_array(scratch, wm->ntables + 1, sizeof(LLVMValueRef));
    f->global_ptrs =
        arena_array(scratch, wm->nglobals + 1, sizeof(LLVMValueRef));
    f->table_elems =
        arena_array(scratch, wm->ntables + 1, sizeof(LLVMValueRef));
    f->type_ids = arena_array(scratch, wm->ntypes + 1, sizeof(LLVMValueRef));
    f->entry_bb = cg_block(f, "entry");
    LLVMBasicBlockRef body = cg_block(f, "body");
    LLVMPositionBuilderAtEnd(f->b, f->entry_bb);
    f->entry_br = LLVMBuildBr(f->b, body);
    LLVMPositionBuilderAtEnd(f->b, body);
}

bool cg_emit_function(CgModule *m, uint32_t index, Arena *scratch)
{
    CgFunc fs, *f = &fs;
    cg_func_begin(f, m, m->funcs[index].fn, scratch);
    f->index = index;
    f->wf = &m->wm->funcs[index];
    f->type = wasm_func_type(m->wm, index);
    LLVMPositionBuilderBefore(f->b, f->entry_br);
    setup_locals(f);
    LLVMPositionBuilderAtEnd(f->b, LLVMGetNextBasicBlock(f->entry_bb));
    if (m->opts->stack_check == CG_STACK_PROLOGUE)
        stack_check(f);

    cg_push_frame(f, CG_FRAME_FUNC, NULL);
    bool ok = emit_body(f);
    if (ok)
        keep_dead_loads(f);
    free(f->stack);
    free(f->frames);
    return ok;
}
