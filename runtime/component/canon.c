/* canon.c: guest memory and allocation for lifting and lowering
 * (CanonicalABI.md "Lifting and Lowering Context": reallocate, allocate;
 * the `trap_if(ptr != align_to(ptr, alignment))` and `trap_if(ptr +
 * byte_length > len(memory))` checks that follow every allocation).
 *
 * realloc is a core export of the lowering's component called through its
 * C-ABI entry; it runs with the component instance's may_leave cleared,
 * so that it cannot call imports.  It may grow the memory, and a memory
 * without a guard reservation may then move: pointers into guest memory
 * are recomputed after every call into the guest.
 */
#include "cm.h"

#include <string.h>

typedef int32_t (*ReallocEntry)(KilnVmctx *, int32_t, int32_t, int32_t,
                                int32_t);

void *cm_export_entry(KilnComponentInst *ci, KilnCoreExportRef ref,
                      KilnVmctx **vm)
{
    const KilnComponentDesc *d = ci->desc;
    if (ref.instance >= d->ncores ||
        ref.export_index >= d->cores[ref.instance].module->nexports ||
        !ci->cores[ref.instance])
        cm_trapf("unknown core export %u of core instance %u (malformed "
                 "descriptor)",
                 ref.export_index, ref.instance);
    *vm = ci->cores[ref.instance];
    void *e = d->cores[ref.instance].module->exports[ref.export_index].entry;
    if (!e)
        cm_trapf("core export %u of core instance %u has no entry",
                 ref.export_index, ref.instance);
    return e;
}

uint8_t *cm_mem(KilnCanonCx *cx, uint32_t addr, uint64_t len)
{
    KilnMemory *m = cx->memory;
    if (!m)
        kiln_cm_trap("no memory option to reach guest memory through");
    if ((uint64_t)addr + len > m->size)
        kiln_trap_memory_oob();
    return m->base + addr;
}

uint32_t cm_realloc(KilnCanonCx *cx, uint32_t old, uint32_t old_size,
                    uint32_t align, uint32_t new_size)
{
    if (cx->realloc.instance == KILN_NO_INDEX)
        kiln_cm_trap("no realloc option to allocate guest memory with");
    KilnComponentInst *ci = cx->ci;
    KilnVmctx *vm;
    ReallocEntry fn = (ReallocEntry)cm_export_entry(ci, cx->realloc, &vm);
    uint32_t inst = cx->comp_instance;
    bool prev = inst < ci->desc->ncomp_instances && ci->may_leave[inst];
    kiln_cm_set_may_leave(ci, inst, false);
    uint32_t p = (uint32_t)fn(vm, (int32_t)old, (int32_t)old_size,
                              (int32_t)align, (int32_t)new_size);
    kiln_cm_set_may_leave(ci, inst, prev);
    if (align > 1 && p % align)
        cm_trapf("realloc returned a misaligned pointer (0x%x, alignment %u)",
                 p, align);
    if (!cx->memory)
        kiln_cm_trap("no memory option to reach guest memory through");
    if ((uint64_t)p + new_size > cx->memory->size)
        cm_trapf("realloc returned an out-of-bounds pointer (0x%x + %u "
                 "bytes, memory size %llu)",
                 p, new_size, (unsigned long long)cx->memory->size);
    return p;
}

uint32_t kiln_cx_alloc(KilnCanonCx *cx, uint32_t size, uint32_t align)
{
    return cm_realloc(cx, 0, 0, align, size);
}

void *kiln_cx_ptr(KilnCanonCx *cx, uint32_t addr, uint64_t len)
{
    return cm_mem(cx, addr, len);
}

uint32_t kiln_cx_copy_out(KilnCanonCx *cx, const void *src, uint32_t len,
                          uint32_t align)
{
    uint32_t p = cm_realloc(cx, 0, 0, align, len);
    if (len)
        memcpy(cm_mem(cx, p, len), src, len);
    return p;
}
