/* table.c: table instances (spec 4.2.8) and table.grow / table.fill /
 * table.copy (spec 4.4.6).  Elements are pointers (KilnFuncRef * or an
 * externref), NULL is the null reference.  The element array lives behind
 * the allocation hook and may move on grow; generated code reloads it.
 */
#include "core.h"

#include <string.h>

KilnTable *kiln_table_new(uint32_t elem_type, uint64_t min, uint64_t max,
                          bool has_max)
{
    if (!has_max || max > UINT32_MAX)
        max = UINT32_MAX;
    if (min > max)
        return NULL;
    KilnTable *tab = kiln_rt_alloc(sizeof *tab);
    if (!tab)
        return NULL;
    tab->elems = kiln_rt_alloc_array((size_t)min, sizeof(void *));
    if (!tab->elems) {
        kiln_rt_free(tab);
        return NULL;
    }
    tab->size = min;
    tab->max = max;
    tab->elem_type = elem_type;
    tab->has_max = has_max;
    return tab;
}

void kiln_table_free(KilnTable *tab)
{
    if (!tab)
        return;
    kiln_rt_free(tab->elems);
    kiln_rt_free(tab);
}

int32_t kiln_rt_table_grow(KilnTable *tab, void *init, uint32_t delta)
{
    uint64_t old = tab->size, size = old + delta;
    if (size > tab->max || size > SIZE_MAX / sizeof(void *))
        return -1;
    if (delta) {
        void **elems = kiln_rt_realloc(tab->elems,
                                       (size_t)size * sizeof(void *));
        if (!elems)
            return -1;
        for (uint64_t i = old; i < size; i++)
            elems[i] = init;
        tab->elems = elems;
        tab->size = size;
    }
    return (int32_t)old;
}

void kiln_rt_table_fill(KilnTable *tab, uint32_t dst, void *val,
                        uint32_t len)
{
    if (dst > tab->size || len > tab->size - dst)
        kiln_trap_table_oob();
    for (uint32_t i = 0; i < len; i++)
        tab->elems[dst + i] = val;
}

void kiln_rt_table_copy(KilnTable *dst_tab, KilnTable *src_tab, uint32_t dst,
                        uint32_t src, uint32_t len)
{
    if (dst > dst_tab->size || len > dst_tab->size - dst ||
        src > src_tab->size || len > src_tab->size - src)
        kiln_trap_table_oob();
    if (len)
        memmove(dst_tab->elems + dst, src_tab->elems + src,
                len * sizeof(void *));
}

KilnGlobal *kiln_global_new(uint32_t type, bool mut, KilnValue init)
{
    KilnGlobal *g = kiln_rt_alloc(sizeof *g);
    if (!g)
        return NULL;
    g->value = init;
    g->type = type;
    g->mut = mut;
    return g;
}

void kiln_global_free(KilnGlobal *glob)
{
    kiln_rt_free(glob);
}
