/* bulk.c: the bulk memory and segment instructions (spec 4.4.7
 * memory.init/copy/fill, data.drop; 4.4.6 table.init, elem.drop).  Every
 * range is checked before anything is written; a zero-length access at the
 * very end is allowed; a dropped segment behaves as one of length 0.
 */
#include "core.h"

#include <string.h>

/* Is [off, off+len) inside a region of `size` units? */
static bool in_bounds(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

void kiln_rt_memory_init(KilnVmctx *vm, uint32_t mem, uint32_t seg,
                         uint64_t dst, uint32_t src, uint32_t len)
{
    KilnMemory *m = vm->memories[mem];
    const KilnDataSeg *d = &vm->datas[seg];
    if (!in_bounds(src, len, d->len) || !in_bounds(dst, len, m->size))
        kiln_trap_memory_oob();
    if (kiln_memimage_write && kiln_memimage_write(vm, mem, seg, dst, src, len))
        return; /* mapped from the memory image already */
    if (len)
        memcpy(m->base + dst, d->bytes + src, len);
}

void kiln_rt_data_drop(KilnVmctx *vm, uint32_t seg)
{
    vm->datas[seg].len = 0;
}

void kiln_rt_memory_copy(KilnMemory *dst_mem, KilnMemory *src_mem,
                         uint64_t dst, uint64_t src, uint64_t len)
{
    if (!in_bounds(src, len, src_mem->size) ||
        !in_bounds(dst, len, dst_mem->size))
        kiln_trap_memory_oob();
    if (len)
        memmove(dst_mem->base + dst, src_mem->base + src, (size_t)len);
}

void kiln_rt_memory_fill(KilnMemory *mem, uint64_t dst, uint32_t val,
                         uint64_t len)
{
    if (!in_bounds(dst, len, mem->size))
        kiln_trap_memory_oob();
    if (len)
        memset(mem->base + dst, (int)(uint8_t)val, (size_t)len);
}

void kiln_rt_table_init(KilnVmctx *vm, uint32_t table, uint32_t seg,
                        uint32_t dst, uint32_t src, uint32_t len)
{
    KilnTable *t = vm->tables[table];
    const KilnElemSeg *e = &vm->elems[seg];
    if (!in_bounds(src, len, e->count) || !in_bounds(dst, len, t->size))
        kiln_trap_table_oob();
    if (len)
        memcpy(t->elems + dst, e->items + src, len * sizeof(void *));
}

void kiln_rt_elem_drop(KilnVmctx *vm, uint32_t seg)
{
    KilnElemSeg *e = &vm->elems[seg];
    kiln_rt_free(e->items);
    e->items = NULL;
    e->count = 0;
}

void **kiln_rt_elem_items(KilnVmctx *vm, uint32_t seg)
{
    KilnElemSeg *e = &vm->elems[seg];
    uint64_t count = vm->desc->elems[seg].len;
    void **items = kiln_rt_alloc_array((size_t)count, sizeof(void *));
    if (!items)
        kiln_trap_host("out of memory for an element segment");
    kiln_rt_free(e->items);
    e->items = items;
    e->count = count;
    return items;
}
