/* hostobj.c: 32-bit representations for host objects.  Handles carry an
 * i32 rep (CanonicalABI.md "Resource State": rep is fixed to i32) and a
 * host resource's object is a pointer, so each own host object gets an id
 * in this per-instantiation table; the id is the rep its handles hold,
 * whichever component instance's table they move to.  The object leaves
 * the table when its own handle is dropped (the host's drop runs) or the
 * host takes it back (kiln_cx_take_own).  The host's destructor of a
 * type comes from the component descriptor's resource rows (kiln_cm.h
 * KilnResourceDesc.drop), so only the imported interfaces are linked.
 */
#include "cm.h"

uint32_t cm_hobj_add(CmInst *c, uint32_t host_type, void *ptr)
{
    if (!ptr)
        kiln_cm_trap("host resource with a null representation");
    uint32_t id = c->hobj_free;
    if (id) {
        c->hobj_free = c->hobjs[id].next_free;
    } else {
        if (c->nhobjs == 0)
            c->nhobjs = 1; /* id 0 stays unused */
        if (c->nhobjs > CM_TABLE_MAX)
            kiln_cm_trap("too many host objects");
        cm_grow((void **)&c->hobjs, &c->cap_hobjs, c->nhobjs + 1,
                sizeof(CmHostObj));
        id = c->nhobjs++;
    }
    c->hobjs[id] = (CmHostObj){ptr, host_type, 0};
    return id;
}

void *cm_hobj_get(CmInst *c, uint32_t id)
{
    if (id == 0 || id >= c->nhobjs || !c->hobjs[id].ptr)
        kiln_cm_trap("dangling host object (internal error)");
    return c->hobjs[id].ptr;
}

void *cm_hobj_take(CmInst *c, uint32_t id)
{
    void *p = cm_hobj_get(c, id);
    c->hobjs[id].ptr = NULL;
    c->hobjs[id].next_free = c->hobj_free;
    c->hobj_free = id;
    return p;
}

void cm_hobj_drop_all(CmInst *c)
{
    for (uint32_t id = c->nhobjs; id-- > 1;) {
        CmHostObj *o = &c->hobjs[id];
        if (!o->ptr)
            continue;
        void *p = o->ptr;
        o->ptr = NULL;
        cm_hobj_destroy(&c->pub, o->type, p, true);
    }
    kiln_rt_free(c->hobjs);
    c->hobjs = NULL;
    c->nhobjs = c->cap_hobjs = c->hobj_free = 0;
}

void cm_hobj_destroy(KilnComponentInst *ci, uint32_t host_type, void *ptr,
                     bool quiet)
{
    const KilnComponentDesc *d = ci->desc;
    for (uint32_t i = 0; i < d->nresources; i++) {
        const KilnResourceDesc *r = &d->resources[i];
        if (r->host_type == host_type + 1 && r->drop) {
            r->drop(ci, ptr);
            return;
        }
    }
    if (kiln_wasi_p2_drop)
        kiln_wasi_p2_drop(ci, host_type, ptr);
    else if (!quiet)
        cm_trapf("host resource %u has no destructor in the component "
                 "descriptor (internal error)",
                 host_type);
}
