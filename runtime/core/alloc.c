/* alloc.c: the runtime's one allocation hook.  Every allocation of
 * libkilnrt (instances, tables, malloc-mode memories, interned types) goes
 * through kiln_rt_realloc so that tests can inject failures and embedders
 * can supply their own heap (bare-metal targets).
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>

static void *default_alloc(void *ud, void *ptr, size_t size)
{
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, size);
}

static KilnAllocFn alloc_fn = default_alloc;
static void *alloc_ud;

void kiln_rt_set_allocator(KilnAllocFn fn, void *ud)
{
    alloc_fn = fn ? fn : default_alloc;
    alloc_ud = fn ? ud : NULL;
}

void *kiln_rt_realloc(void *ptr, size_t size)
{
    if (size == 0) {
        alloc_fn(alloc_ud, ptr, 0);
        return NULL;
    }
    return alloc_fn(alloc_ud, ptr, size);
}

void *kiln_rt_alloc(size_t size)
{
    void *p = kiln_rt_realloc(NULL, size ? size : 1);
    if (p)
        memset(p, 0, size);
    return p;
}

void *kiln_rt_alloc_array(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    return kiln_rt_alloc(n * size);
}

void kiln_rt_free(void *ptr)
{
    if (ptr)
        alloc_fn(alloc_ud, ptr, 0);
}
