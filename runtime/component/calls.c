/* calls.c: synchronous calls between component instances and the flags
 * that guard them (CanonicalABI.md "Component Instances": may_enter,
 * may_leave; "Tasks": num_borrows and Task.return_; "Subtask State":
 * add_lender, deliver_resolve; `canon lift` post-return and
 * LiftLowerContext.reallocate clearing may_leave).
 *
 * Every cross-component call (fused adapter, host-to-guest lift, a
 * resource destructor) is bracketed by kiln_cm_call_begin/end, which push
 * and pop a frame: the callee's task and the caller's subtask at once,
 * since synchronous calls nest.  Borrow handles lowered during the call
 * count in its frame until dropped; handles lifted as borrows are lent
 * until the call ends.
 *
 * The entering set of a call is the callee and its ancestors minus the
 * caller and its ancestors (ComponentInstance.entering_set; the host as
 * caller has none): every instance in it must have may_enter set, which
 * the call clears until it returns.  So a parent "donut wrapping" its
 * child may be reentered from that child, and entering a child of an
 * entered parent from the host traps.
 */
#include "cm.h"

CmFrame *cm_top_frame(CmInst *c)
{
    return c->nframes ? &c->frames[c->nframes - 1] : NULL;
}

void cm_add_lend(CmInst *c, uint32_t inst, uint32_t handle)
{
    cm_grow((void **)&c->lends, &c->cap_lends, c->nlends + 1, sizeof(CmLend));
    c->lends[c->nlends++] = (CmLend){inst, handle};
}

static bool is_self_or_ancestor(const KilnComponentDesc *d, uint32_t a,
                                uint32_t inst)
{
    for (uint32_t i = inst, n = 0; i != KILN_NO_INDEX && n <= d->ncomp_instances;
         i = d->comp_parents ? d->comp_parents[i] : KILN_NO_INDEX, n++)
        if (i == a)
            return true;
    return false;
}

/* Calls fn(ci, inst) for every instance of callee's entering set from
 * caller; stops at the first false.  Returns that instance or
 * KILN_NO_INDEX. */
static uint32_t each_entered(KilnComponentInst *ci, uint32_t caller,
                             uint32_t callee,
                             bool (*fn)(KilnComponentInst *, uint32_t))
{
    const KilnComponentDesc *d = ci->desc;
    for (uint32_t i = callee, n = 0; i != KILN_NO_INDEX && n <= d->ncomp_instances;
         i = d->comp_parents ? d->comp_parents[i] : KILN_NO_INDEX, n++) {
        if (caller != KILN_NO_INDEX && is_self_or_ancestor(d, i, caller))
            break; /* i and its ancestors are the caller's too */
        if (!fn(ci, i))
            return i;
    }
    return KILN_NO_INDEX;
}

static bool may_enter(KilnComponentInst *ci, uint32_t i)
{
    return ci->may_enter[i];
}

static bool enter(KilnComponentInst *ci, uint32_t i)
{
    ci->may_enter[i] = 0;
    return true;
}

static bool leave(KilnComponentInst *ci, uint32_t i)
{
    ci->may_enter[i] = 1;
    return true;
}

uint32_t kiln_cm_call_begin(KilnComponentInst *ci, uint32_t caller,
                            uint32_t callee)
{
    CmInst *c = cm_inst(ci);
    if (callee >= ci->desc->ncomp_instances)
        cm_trapf("unknown component instance %u (malformed descriptor)",
                 callee);
    uint32_t busy = each_entered(ci, caller, callee, may_enter);
    if (busy != KILN_NO_INDEX)
        cm_trapf("cannot enter component instance %u (reentrance)", busy);
    each_entered(ci, caller, callee, enter);
    cm_grow((void **)&c->frames, &c->cap_frames, c->nframes + 1,
            sizeof(CmFrame));
    c->frames[c->nframes] = (CmFrame){caller, callee, 0, c->nlends};
    return c->nframes++;
}

void kiln_cm_call_end(KilnComponentInst *ci, uint32_t token)
{
    CmInst *c = cm_inst(ci);
    if (c->nframes == 0 || token != c->nframes - 1)
        kiln_cm_trap("unbalanced component calls (internal error)");
    CmFrame *f = &c->frames[token];
    if (f->num_borrows)
        cm_trapf("%u borrow handle(s) not dropped before the call returned",
                 f->num_borrows);
    for (uint32_t i = f->lend_base; i < c->nlends; i++) {
        KilnHandleTable *t = &ci->tables[c->lends[i].inst];
        uint32_t h = c->lends[i].handle;
        if (h < t->len && t->slots[h].num_lends)
            t->slots[h].num_lends--;
    }
    c->nlends = f->lend_base;
    each_entered(ci, f->caller, f->callee, leave);
    c->nframes--;
}

void kiln_cm_check_leave(KilnComponentInst *ci, uint32_t inst)
{
    if (inst >= ci->desc->ncomp_instances)
        cm_trapf("unknown component instance %u (malformed descriptor)",
                 inst);
    if (!ci->may_leave[inst])
        cm_trapf("cannot leave component instance %u: an import or "
                 "built-in was called during realloc or post-return",
                 inst);
}

void kiln_cm_set_may_leave(KilnComponentInst *ci, uint32_t inst, bool v)
{
    if (inst < ci->desc->ncomp_instances)
        ci->may_leave[inst] = v;
}
