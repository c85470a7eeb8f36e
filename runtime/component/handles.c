/* handles.c: per-component-instance handle tables and the resource
 * built-ins (CanonicalABI.md "Table State", "Resource State", lift_own,
 * lift_borrow, lower_own, lower_borrow, `canon resource.new`,
 * `canon resource.drop`, `canon resource.rep`), for guest resources
 * (reached by generated code through kiln_cm_*) and host resources
 * (reached by the WASI host through kiln_cx_*).
 *
 * Each component instance has one table: slot 0 reserved, holes reused
 * most-recently-freed first, at most 2^28 - 1 slots.  A slot records the
 * resource type, the rep, own or borrow, the number of calls in progress
 * it is lent to (num_lends) and, for a borrow, the call that lent it
 * (its borrow scope, whose num_borrows must be back to zero when the call
 * returns; calls.c).  A guest resource's type is its descriptor index;
 * a host resource's type is its host id, so the rows of several component
 * instances naming the same host resource agree.
 */
#include "cm.h"

#include <stdio.h>

static const char *key_name(const KilnComponentInst *ci, uint32_t key,
                            char *buf, size_t cap)
{
    if (key & CM_HOST_KEY) {
        uint32_t id = key & ~CM_HOST_KEY;
        const char *n =
            kiln_wasi_p2_resource_name ? kiln_wasi_p2_resource_name(id) : NULL;
        if (n)
            return n;
        snprintf(buf, cap, "host resource %u", id);
        return buf;
    }
    const KilnResourceDesc *r = &ci->desc->resources[key - 1];
    if (r->name)
        return r->name;
    snprintf(buf, cap, "resource %u", key - 1);
    return buf;
}

uint32_t cm_resource_key(const KilnComponentInst *ci, uint32_t resource)
{
    if (resource >= ci->desc->nresources)
        cm_trapf("unknown resource type %u (malformed descriptor)", resource);
    const KilnResourceDesc *r = &ci->desc->resources[resource];
    return r->host_type ? CM_HOST_KEY | (r->host_type - 1) : resource + 1;
}

static KilnHandleTable *table_of(KilnComponentInst *ci, uint32_t inst)
{
    if (inst >= ci->desc->ncomp_instances)
        cm_trapf("unknown component instance %u (malformed descriptor)",
                 inst);
    return &ci->tables[inst];
}

/* Table.get plus the type check every user of a handle makes. */
static CmHandle *handle_get(KilnComponentInst *ci, uint32_t inst,
                            uint32_t key, uint32_t index)
{
    KilnHandleTable *t = table_of(ci, inst);
    if (index == 0 || index >= t->len || t->slots[index].type == 0)
        cm_trapf("unknown handle index %u", index);
    CmHandle *h = &t->slots[index];
    if (h->type != key) {
        char a[32], b[32];
        cm_trapf("handle index %u has the wrong resource type (expected "
                 "`%s`, found `%s`)",
                 index, key_name(ci, key, a, sizeof a),
                 key_name(ci, h->type, b, sizeof b));
    }
    return h;
}

/* Table.add */
static uint32_t handle_add(KilnComponentInst *ci, uint32_t inst, CmHandle h)
{
    KilnHandleTable *t = table_of(ci, inst);
    uint32_t i = t->free_head;
    if (i) {
        t->free_head = t->slots[i].rep;
    } else {
        if (t->len == 0)
            t->len = 1; /* index 0 is reserved */
        if (t->len > CM_TABLE_MAX)
            kiln_cm_trap("handle table full");
        cm_grow((void **)&t->slots, &t->cap, t->len + 1, sizeof(CmHandle));
        i = t->len++;
    }
    t->slots[i] = h;
    return i;
}

/* Table.remove (after handle_get checked the slot). */
static CmHandle handle_remove(KilnComponentInst *ci, uint32_t inst,
                              uint32_t index)
{
    KilnHandleTable *t = &ci->tables[inst];
    CmHandle h = t->slots[index];
    t->slots[index] = (CmHandle){0, t->free_head, 0, 0, 0};
    t->free_head = index;
    return h;
}

void cm_tables_free(CmInst *c)
{
    for (uint32_t i = 0; c->pub.tables && i < c->pub.desc->ncomp_instances;
         i++)
        kiln_rt_free(c->pub.tables[i].slots);
}

/* lift_own's checks, then the removal. */
static uint32_t take_own(KilnComponentInst *ci, uint32_t inst, uint32_t key,
                         uint32_t index)
{
    CmHandle *h = handle_get(ci, inst, key, index);
    if (h->num_lends)
        cm_trapf("cannot move own handle %u: it is lent out to a call in "
                 "progress",
                 index);
    if (!h->own)
        cm_trapf("handle index %u is a borrow handle, not an own handle",
                 index);
    return handle_remove(ci, inst, index).rep;
}

/* A borrow lowered into `inst` for the call in progress. */
static uint32_t add_borrow(KilnComponentInst *ci, uint32_t inst,
                           uint32_t key, uint32_t rep)
{
    CmInst *c = cm_inst(ci);
    CmFrame *f = cm_top_frame(c);
    uint32_t scope = f ? (uint32_t)(f - c->frames) + 1 : 0;
    uint32_t i = handle_add(ci, inst, (CmHandle){key, rep, 0, scope, 0});
    if (f)
        f->num_borrows++;
    return i;
}

void cm_destroy(KilnComponentInst *ci, uint32_t inst, uint32_t key,
                uint32_t rep)
{
    if (key & CM_HOST_KEY) {
        void *p = cm_hobj_take(cm_inst(ci), rep);
        cm_hobj_destroy(ci, key & ~CM_HOST_KEY, p, false);
        return;
    }
    const KilnResourceDesc *r = &ci->desc->resources[key - 1];
    if (r->dtor.instance == KILN_NO_INDEX)
        return;
    /* Like a call of an export of the defining instance (may_enter). */
    KilnVmctx *vm;
    void (*dtor)(KilnVmctx *, int32_t, KilnValue *) =
        (void (*)(KilnVmctx *, int32_t, KilnValue *))cm_export_entry(
            ci, r->dtor, &vm);
    uint32_t token = kiln_cm_call_begin(ci, inst, r->comp_instance);
    KilnValue none[1];
    dtor(vm, (int32_t)rep, none);
    kiln_cm_call_end(ci, token);
}

/* ---- canon built-ins (generated code) ---------------------------------- */

uint32_t kiln_cm_resource_new(KilnComponentInst *ci, uint32_t inst,
                              uint32_t resource, uint32_t rep)
{
    kiln_cm_check_leave(ci, inst);
    uint32_t key = cm_resource_key(ci, resource);
    return handle_add(ci, inst, (CmHandle){key, rep, 0, 0, 1});
}

void kiln_cm_resource_drop(KilnComponentInst *ci, uint32_t inst,
                           uint32_t resource, uint32_t handle)
{
    kiln_cm_check_leave(ci, inst);
    uint32_t key = cm_resource_key(ci, resource);
    CmHandle *h = handle_get(ci, inst, key, handle);
    if (h->num_lends)
        cm_trapf("cannot drop handle %u: it is lent out to a call in "
                 "progress",
                 handle);
    CmHandle old = handle_remove(ci, inst, handle);
    if (old.own) {
        cm_destroy(ci, inst, key, old.rep);
        return;
    }
    CmInst *c = cm_inst(ci);
    if (old.scope && old.scope <= c->nframes &&
        c->frames[old.scope - 1].num_borrows)
        c->frames[old.scope - 1].num_borrows--;
}

uint32_t kiln_cm_resource_rep(KilnComponentInst *ci, uint32_t inst,
                              uint32_t resource, uint32_t handle)
{
    return handle_get(ci, inst, cm_resource_key(ci, resource), handle)->rep;
}

uint32_t kiln_cm_lift_own(KilnComponentInst *ci, uint32_t inst,
                          uint32_t resource, uint32_t handle)
{
    return take_own(ci, inst, cm_resource_key(ci, resource), handle);
}

uint32_t kiln_cm_lift_borrow(KilnComponentInst *ci, uint32_t inst,
                             uint32_t resource, uint32_t handle)
{
    CmHandle *h = handle_get(ci, inst, cm_resource_key(ci, resource), handle);
    uint32_t rep = h->rep;
    CmInst *c = cm_inst(ci);
    if (cm_top_frame(c)) {
        h->num_lends++;
        cm_add_lend(c, inst, handle);
    }
    return rep;
}

uint32_t kiln_cm_lower_own(KilnComponentInst *ci, uint32_t inst,
                           uint32_t resource, uint32_t rep)
{
    uint32_t key = cm_resource_key(ci, resource);
    return handle_add(ci, inst, (CmHandle){key, rep, 0, 0, 1});
}

uint32_t kiln_cm_lower_borrow(KilnComponentInst *ci, uint32_t inst,
                              uint32_t resource, uint32_t rep)
{
    uint32_t key = cm_resource_key(ci, resource);
    /* Only resource.rep can use a borrow in the defining instance. */
    if (!(key & CM_HOST_KEY) &&
        ci->desc->resources[resource].comp_instance == inst)
        return rep;
    return add_borrow(ci, inst, key, rep);
}

/* ---- host resources (the WASI host) ------------------------------------ */

uint32_t kiln_cx_new_own(KilnCanonCx *cx, uint32_t host_type, void *rep)
{
    CmInst *c = cm_inst(cx->ci);
    uint32_t id = cm_hobj_add(c, host_type, rep);
    return handle_add(cx->ci, cx->comp_instance,
                      (CmHandle){CM_HOST_KEY | host_type, id, 0, 0, 1});
}

void *kiln_cx_borrow(KilnCanonCx *cx, uint32_t host_type, uint32_t handle)
{
    CmHandle *h = handle_get(cx->ci, cx->comp_instance,
                             CM_HOST_KEY | host_type, handle);
    return cm_hobj_get(cm_inst(cx->ci), h->rep);
}

void *kiln_cx_take_own(KilnCanonCx *cx, uint32_t host_type, uint32_t handle)
{
    uint32_t id = take_own(cx->ci, cx->comp_instance, CM_HOST_KEY | host_type,
                           handle);
    return cm_hobj_take(cm_inst(cx->ci), id);
}
