/* Fused adapters (CanonicalABI.md "canon lower" of a function made by
 * "canon lift" in another component instance): one function that lowers
 * out of the caller and lifts into the callee in a single copy.
 *
 *   check the caller's may_leave; call_begin for each component instance
 *     the call enters (may_enter_from: the callee and its ancestors that
 *     are not the caller's, known statically from the plan, outermost
 *     first; none when a child calls back into its ancestor, the donut
 *     wrapping the spec allows);
 *   parameters: the caller's flat values (or spilled tuple) are copied
 *     with every lift check into the callee's flat values, or into a
 *     tuple allocated with the callee's realloc when they spill;
 *     strings are transcoded between the two encodings, lists copied
 *     into the callee's memory, handles moved between the two tables;
 *   call the callee's core function through its KilnFuncRef;
 *   results: copied back the same way (into the caller's memory at its
 *     return pointer, allocating with the caller's realloc);
 *   post-return with the callee's core results (may_leave cleared);
 *   call_end (borrow scope checks, may_enter restored).
 *
 * realloc calls re-enter a guest: every memory base is reloaded after
 * them (canon_util.c places), and the caller's may_leave is cleared
 * around its own realloc as LiftLowerContext.reallocate does.
 */
#include "codegen/canon.h"

static CanonSide side(Canon *c, const PlanCanonOpts *o)
{
    CanonSide s = {o, NULL, false};
    if (o->has_memory)
        s.mem = canon_memory(c, &o->memory);
    return s;
}

/* The callee's core arguments (args[1..]); returns their count. */
static uint32_t lower_params(Canon *c, const WitType *tup, CanonSide *lo,
                             CanonSide *li, LLVMValueRef *args)
{
    size_t nflat = abi_flatten(tup, NULL, 0);
    bool spilled = nflat > ABI_MAX_FLAT_PARAMS;
    CanonPlace src = canon_params_place(c, tup, lo, spilled);
    if (spilled) {
        LLVMValueRef p = canon_alloc(c, li, canon_i32(c, abi_size(tup)),
                                     abi_align(tup));
        canon_copy(c, tup, lo, src, li, canon_guest(li->mem, p));
        args[1] = p;
        return 1;
    }
    CanonPlace dst = canon_temp(c, abi_size(tup), abi_align(tup));
    canon_copy(c, tup, lo, src, li, dst);
    canon_load_flat(c, tup, dst, args + 1);
    return (uint32_t)nflat;
}

/* Copies the callee's result `r` into the caller; returns the caller's
 * flat result, or NULL. */
static LLVMValueRef lift_result(Canon *c, const WitType *res, LLVMValueRef r,
                                CanonSide *lo, CanonSide *li)
{
    if (!res)
        return NULL;
    size_t n = abi_flatten(res, NULL, 0);
    uint32_t size = abi_size(res), align = abi_align(res);
    if (n > ABI_MAX_FLAT_RESULTS) {
        canon_check_range(c, li->mem, r, canon_i64(c, size), align);
        LLVMValueRef out = LLVMGetParam(c->f.fn, LLVMCountParams(c->f.fn) - 1);
        canon_check_range(c, lo->mem, out, canon_i64(c, size), align);
        canon_copy(c, res, li, canon_guest(li->mem, r), lo,
                   canon_guest(lo->mem, out));
        return NULL;
    }
    AbiCore have[1];
    abi_flatten(res, have, 1);
    CanonFlat it = {&r, have, 1, 0};
    CanonPlace a = canon_temp(c, size, align);
    canon_store_flat(c, res, &it, a);
    CanonPlace b = canon_temp(c, size, align);
    canon_copy(c, res, li, a, lo, b);
    LLVMValueRef v[1];
    canon_load_flat(c, res, b, v);
    return v[0];
}

static void may_leave(Canon *c, uint32_t inst, bool v)
{
    LLVMValueRef a[3] = {c->ci, canon_i32(c, inst),
                         LLVMConstInt(c->m->t_i1, v, 0)};
    LLVMValueRef call =
        canon_call(c, "kiln_cm_set_may_leave", c->m->t_void, a, 3);
    canon_zeroext(c, call, 2, false);
}

void canon_emit_fused(Canon *c, const PlanBinding *b, const WasmFuncType *ct)
{
    CgModule *m = c->m;
    const CmpType *ft = b->func;
    (void)ct;
    LLVMValueRef la[2] = {c->ci, canon_i32(c, b->lower.comp_instance)};
    canon_call(c, "kiln_cm_check_leave", m->t_void, la, 2);
    /* the runtime enters the spec's entering set (the callee and its
     * ancestors that are not the caller's, from the descriptor's parent
     * links) and opens the call's frame, where the callee's borrows count */
    LLVMValueRef ba[3] = {c->ci, canon_i32(c, b->lower.comp_instance),
                          canon_i32(c, b->lift.comp_instance)};
    LLVMValueRef token = canon_call(c, "kiln_cm_call_begin", m->t_i32, ba, 3);

    CanonSide lo = side(c, &b->lower), li = side(c, &b->lift);
    WitType *tup = canon_params_tuple(c, ft);
    LLVMValueRef args[ABI_MAX_FLAT_PARAMS + 2];
    lower_params(c, tup, &lo, &li, args);
    const WasmFuncType *callee = canon_core_type(c, &b->callee);
    LLVMValueRef r = canon_call_core(c, &b->callee, callee, args);
    LLVMValueRef out =
        lift_result(c, ft->result, callee->nresults ? r : NULL, &lo, &li);

    if (b->lift.has_post_return) {
        const WasmFuncType *pt = canon_core_type(c, &b->lift.post_return);
        LLVMValueRef pa[2] = {NULL, r};
        may_leave(c, b->lift.comp_instance, false);
        canon_call_core(c, &b->lift.post_return, pt, pa);
        may_leave(c, b->lift.comp_instance, true);
    }
    LLVMValueRef ea[2] = {c->ci, token};
    canon_call(c, "kiln_cm_call_end", m->t_void, ea, 2);
    if (out)
        LLVMBuildRet(m->b, out);
    else
        LLVMBuildRetVoid(m->b);
}
