/* Helpers of the Canonical ABI adapters (CanonicalABI.md "Lifting and
 * Lowering Context"): constants and traps, calls of runtime helpers and of
 * other core instances' functions (realloc, callees, post-return) through
 * their KilnFuncRefs, places in guest or host memory with the bounds and
 * alignment checks of load/store, realloc with may_leave cleared, the
 * KilnCanonCx of a side, and the plan resource of a handle type.
 *
 * Memory bases are reloaded at every use: a realloc call re-enters a
 * guest, which may grow (and, with explicit bounds checks, move) memory.
 */
#include <string.h>

#include "codegen/canon.h"

/* ---- basics ---- */

void canon_begin(Canon *c, CgModule *m, LLVMValueRef fn, Arena *scratch)
{
    c->m = m;
    c->plan = m->opts->plan;
    cg_func_begin(&c->f, m, fn, scratch);
    c->ci = cg_vm_field(&c->f, CG_VM_HOST);
}

LLVMValueRef canon_i32(Canon *c, uint64_t v)
{
    return LLVMConstInt(c->m->t_i32, v, 0);
}

LLVMValueRef canon_i64(Canon *c, uint64_t v)
{
    return LLVMConstInt(c->m->t_i64, v, 0);
}

LLVMValueRef canon_cstr(Canon *c, const char *s)
{
    CgModule *m = c->m;
    return cg_private_const(
        m, LLVMConstStringInContext(m->ctx, s, strlen(s), 0), ".canon.str");
}

static void fn_attr(CgModule *m, LLVMValueRef fn, const char *name)
{
    unsigned k = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(m->ctx, k, 0));
}

void canon_trap_if(Canon *c, LLVMValueRef cond, const char *msg)
{
    CgModule *m = c->m;
    LLVMValueRef fn = LLVMGetNamedFunction(m->mod, "kiln_cm_trap");
    if (!fn) {
        LLVMTypeRef ft = LLVMFunctionType(m->t_void, &m->t_ptr, 1, 0);
        fn = LLVMAddFunction(m->mod, "kiln_cm_trap", ft);
        fn_attr(m, fn, "noreturn");
        fn_attr(m, fn, "cold");
        fn_attr(m, fn, "nounwind");
    }
    LLVMBasicBlockRef bad = cg_block(&c->f, "canon.trap");
    LLVMBasicBlockRef ok = cg_block(&c->f, "canon.ok");
    LLVMValueRef br = LLVMBuildCondBr(m->b, cond, bad, ok);
    LLVMSetMetadata(br, m->md_prof, m->md_unlikely);
    LLVMPositionBuilderAtEnd(m->b, bad);
    LLVMValueRef s = canon_cstr(c, msg);
    LLVMBuildCall2(m->b, LLVMGlobalGetValueType(fn), fn, &s, 1, "");
    LLVMBuildUnreachable(m->b);
    LLVMPositionBuilderAtEnd(m->b, ok);
}

LLVMValueRef canon_call(Canon *c, const char *name, LLVMTypeRef ret,
                        LLVMValueRef *args, unsigned n)
{
    return cg_call_c(&c->f, name, ret, args, n);
}

void canon_zeroext(Canon *c, LLVMValueRef call, unsigned arg, bool sign)
{
    const char *n = sign ? "signext" : "zeroext";
    LLVMAttributeRef a = LLVMCreateEnumAttribute(
        c->m->ctx, LLVMGetEnumAttributeKindForName(n, 7), 0);
    LLVMAddCallSiteAttribute(call, arg + 1, a);
    LLVMValueRef fn = LLVMGetCalledValue(call);
    if (LLVMIsAFunction(fn))
        LLVMAddAttributeAtIndex(fn, arg + 1, a);
}

/* A void helper whose last argument is a C bool (i1 zeroext). */
static void canon_call_bool(Canon *c, const char *name, LLVMValueRef *args,
                            unsigned n)
{
    canon_zeroext(c, canon_call(c, name, c->m->t_void, args, n), n - 1,
                  false);
}

static LLVMValueRef load_inv(Canon *c, LLVMTypeRef ty, LLVMValueRef p)
{
    LLVMValueRef v = LLVMBuildLoad2(c->m->b, ty, p, "");
    cg_set_tbaa(c->m, v, CG_TBAA_VMCTX);
    cg_set_invariant(c->m, v);
    return v;
}

static LLVMValueRef elem_ptr(Canon *c, LLVMValueRef arr, uint32_t i)
{
    LLVMValueRef idx = canon_i32(c, i);
    return LLVMBuildInBoundsGEP2(c->m->b, c->m->t_ptr, arr, &idx, 1, "");
}

/* ci->cores: the second pointer of KilnComponentInst (kiln_cm.h). */
LLVMValueRef canon_core_vm(Canon *c, uint32_t inst)
{
    LLVMValueRef pcores = elem_ptr(c, c->ci, 1);
    LLVMValueRef cores = load_inv(c, c->m->t_ptr, pcores);
    return load_inv(c, c->m->t_ptr, elem_ptr(c, cores, inst));
}

static LLVMValueRef vm_array(Canon *c, LLVMValueRef vm, CgVmField field,
                             uint32_t i)
{
    CgModule *m = c->m;
    LLVMValueRef p = LLVMBuildStructGEP2(m->b, m->t_vmctx, vm, field, "");
    LLVMValueRef arr = load_inv(c, m->t_ptr, p);
    return load_inv(c, m->t_ptr, elem_ptr(c, arr, i));
}

LLVMValueRef canon_memory(Canon *c, const PlanItem *mem)
{
    return vm_array(c, canon_core_vm(c, mem->instance), CG_VM_MEMORIES,
                    mem->index);
}

const WasmFuncType *canon_core_type(Canon *c, const PlanItem *it)
{
    const Plan *p = c->plan;
    const WasmModule *wm = p->modules[p->instances[it->instance].module].module;
    return wasm_func_type(wm, it->index);
}

LLVMValueRef canon_call_core(Canon *c, const PlanItem *it,
                             const WasmFuncType *t, LLVMValueRef *args)
{
    CgModule *m = c->m;
    LLVMValueRef fr =
        vm_array(c, canon_core_vm(c, it->instance), CG_VM_FUNCS, it->index);
    /* the fastcc `call` entry (kiln_rt.h KilnFuncRef) */
    LLVMValueRef code =
        load_inv(c, m->t_ptr, LLVMBuildStructGEP2(m->b, m->t_funcref, fr, 4, ""));
    LLVMValueRef vm = load_inv(c, m->t_ptr, elem_ptr(c, fr, 1));
    LLVMTypeRef ps[64];
    KILN_ASSERT(t->nparams < 64);
    ps[0] = m->t_ptr;
    for (uint32_t i = 0; i < t->nparams; i++)
        ps[i + 1] = cg_valtype(m, t->params[i]);
    LLVMTypeRef ft = LLVMFunctionType(
        cg_results_type(m, t->results, t->nresults), ps, t->nparams + 1, 0);
    args[0] = vm;
    LLVMValueRef r = LLVMBuildCall2(m->b, ft, code, args, t->nparams + 1, "");
    LLVMSetInstructionCallConv(r, LLVMFastCallConv);
    LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
    return r;
}

/* ---- places ---- */

CanonPlace canon_temp(Canon *c, uint32_t size, uint32_t align)
{
    CgModule *m = c->m;
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(m->b);
    LLVMPositionBuilderBefore(m->b, c->f.entry_br);
    LLVMTypeRef ty = LLVMArrayType2(m->t_i8, size ? size : 1);
    LLVMValueRef a = LLVMBuildAlloca(m->b, ty, "canon.tmp");
    LLVMSetAlignment(a, align < 8 ? 8 : align);
    LLVMPositionBuilderAtEnd(m->b, cur);
    return (CanonPlace){NULL, a, canon_i32(c, 0)};
}

CanonPlace canon_guest(LLVMValueRef mem, LLVMValueRef off)
{
    return (CanonPlace){mem, NULL, off};
}

CanonPlace canon_at(Canon *c, CanonPlace p, uint32_t add)
{
    if (add)
        p.off = LLVMBuildAdd(c->m->b, p.off, canon_i32(c, add), "");
    return p;
}

/* KilnMemory base: reloaded at every use, since a realloc call may grow
 * (and, with explicit bounds checks, move) the memory. */
static LLVMValueRef mem_base(Canon *c, LLVMValueRef mem)
{
    return cg_load_field(&c->f, c->m->t_memory, mem, 0, CG_TBAA_MEMORY);
}

static LLVMValueRef mem_size(Canon *c, LLVMValueRef mem)
{
    return cg_load_field(&c->f, c->m->t_memory, mem, 1, CG_TBAA_MEMORY);
}

LLVMValueRef canon_ptr(Canon *c, CanonPlace p)
{
    CgModule *m = c->m;
    LLVMValueRef base = p.mem ? mem_base(c, p.mem) : p.host;
    LLVMValueRef off = LLVMBuildZExt(m->b, p.off, m->t_i64, "");
    return LLVMBuildInBoundsGEP2(m->b, m->t_i8, base, &off, 1, "");
}

LLVMValueRef canon_load(Canon *c, LLVMTypeRef ty, CanonPlace p)
{
    LLVMValueRef v = LLVMBuildLoad2(c->m->b, ty, canon_ptr(c, p), "");
    LLVMSetAlignment(v, 1);
    if (p.mem)
        cg_set_tbaa(c->m, v, CG_TBAA_LINEAR);
    return v;
}

void canon_store(Canon *c, LLVMValueRef v, CanonPlace p)
{
    LLVMValueRef s = LLVMBuildStore(c->m->b, v, canon_ptr(c, p));
    LLVMSetAlignment(s, 1);
    if (p.mem)
        cg_set_tbaa(c->m, s, CG_TBAA_LINEAR);
}

void canon_check_range(Canon *c, LLVMValueRef mem, LLVMValueRef ptr,
                       LLVMValueRef len64, uint32_t align)
{
    LLVMBuilderRef b = c->m->b;
    if (align > 1) {
        LLVMValueRef low = LLVMBuildAnd(b, ptr, canon_i32(c, align - 1), "");
        canon_trap_if(c, LLVMBuildICmp(b, LLVMIntNE, low, canon_i32(c, 0), ""),
                      "unaligned pointer");
    }
    LLVMValueRef end = LLVMBuildAdd(
        b, LLVMBuildZExt(b, ptr, c->m->t_i64, ""), len64, "");
    canon_trap_if(c, LLVMBuildICmp(b, LLVMIntUGT, end, mem_size(c, mem), ""),
                  "out of bounds memory access");
}

/* ---- realloc ---- */

LLVMValueRef canon_alloc(Canon *c, CanonSide *side, LLVMValueRef size,
                         uint32_t align)
{
    const PlanCanonOpts *o = side->opts;
    KILN_ASSERT(o->has_realloc && side->mem);
    LLVMValueRef sl[3] = {c->ci, canon_i32(c, o->comp_instance),
                          LLVMConstInt(c->m->t_i1, 0, 0)};
    canon_call_bool(c, "kiln_cm_set_may_leave", sl, 3);
    LLVMValueRef args[5] = {NULL, canon_i32(c, 0), canon_i32(c, 0),
                            canon_i32(c, align), size};
    LLVMValueRef p = canon_call_core(c, &o->realloc,
                                     canon_core_type(c, &o->realloc), args);
    sl[2] = LLVMConstInt(c->m->t_i1, 1, 0);
    canon_call_bool(c, "kiln_cm_set_may_leave", sl, 3);
    canon_check_range(c, side->mem, p,
                      LLVMBuildZExt(c->m->b, size, c->m->t_i64, ""), align);
    return p;
}

/* The plan resource of a handle type: as the lowering or the lifting
 * component instance sees it (the function type is one of theirs). */
uint32_t canon_resource_index(Canon *c, const WitType *res, uint32_t inst_a,
                              uint32_t inst_b)
{
    int32_t r = plan_resource_of(c->plan, inst_a, res);
    if (r < 0)
        r = plan_resource_of(c->plan, inst_b, res);
    if (r >= 0)
        return (uint32_t)r;
    res = wit_type_resolve(res);
    if (res->kind == WIT_BORROW)
        res = wit_type_resolve(res->elem);
    const Plan *p = c->plan;
    for (uint32_t i = 0; i < p->nresources; i++)
        for (const CmpType *rt = p->resources[i].type; rt; rt = rt->origin)
            if (rt->val == res)
                return i;
    return UINT32_MAX;
}

/* A KilnCanonCx for a side on the stack (kiln_cm.h, fields in order). */
LLVMValueRef canon_side_cx(Canon *c, CanonSide *s)
{
    CgModule *m = c->m;
    LLVMTypeRef fs[6] = {m->t_ptr, m->t_i32, m->t_i32,
                         m->t_ptr, m->t_i32, m->t_i32};
    LLVMTypeRef st = LLVMStructTypeInContext(m->ctx, fs, 6, 0);
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(m->b);
    LLVMPositionBuilderBefore(m->b, c->f.entry_br);
    LLVMValueRef cx = LLVMBuildAlloca(m->b, st, "canon.cx");
    LLVMPositionBuilderAtEnd(m->b, cur);
    const PlanCanonOpts *o = s->opts;
    LLVMValueRef v[6] = {
        c->ci,
        canon_i32(c, o->comp_instance),
        canon_i32(c, o->encoding),
        s->mem ? s->mem : LLVMConstPointerNull(m->t_ptr),
        canon_i32(c, o->has_realloc ? o->realloc.instance : KILN_NO_INDEX),
        canon_i32(c, o->has_realloc ? o->realloc.export_index : KILN_NO_INDEX),
    };
    for (unsigned i = 0; i < 6; i++)
        LLVMBuildStore(m->b, v[i], LLVMBuildStructGEP2(m->b, st, cx, i, ""));
    return cx;
}
