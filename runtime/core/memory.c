/* memory.c: linear memories (spec 4.2.9 "memory instances", 4.4.7
 * memory.grow).  Two representations behind one struct:
 *  - guard mode (32-bit memories on 64-bit hosts): base points at a
 *    KILN_GUARD_RESERVATION of inaccessible address space; growing commits
 *    pages in place, so base never moves and generated code needs no
 *    bounds checks (faults on the rest are turned into traps);
 *  - explicit mode (memory64, 32-bit hosts, descriptors compiled with
 *    explicit checks): a heap buffer through the allocation hook that may
 *    move on grow (generated code reloads base after calls).
 * Either way a 32-bit memory stops at KILN_CAP_PAGES32, one page short
 * of the index type's 65536 (the spec lets memory.grow fail): generated
 * code relies on every in-bounds index being below 2^32 - 65536 to add
 * small constants to it without wrapping (cg_memory.c "no-wrap facts").
 */
#include "core.h"

#include <string.h>

#define KILN_CAP_PAGES32 (KILN_MAX_PAGES32 - 1)

static uint64_t index_limit(bool is64)
{
    return is64 ? KILN_MAX_PAGES64 : KILN_MAX_PAGES32;
}

/* Pages a memory may really reach: its maximum, within the 32-bit cap. */
static uint64_t page_cap(const KilnMemory *mem)
{
    if (!mem->is64 && mem->max_pages > KILN_CAP_PAGES32)
        return KILN_CAP_PAGES32;
    return mem->max_pages;
}

bool kiln_mem_is_guarded(const KilnMemory *mem)
{
    return mem->reserved >= KILN_GUARD_RESERVATION;
}

static bool explicit_resize(KilnMemory *mem, uint64_t bytes)
{
    if (bytes > SIZE_MAX)
        return false;
    uint8_t *base = kiln_rt_realloc(mem->base, bytes ? (size_t)bytes : 1);
    if (!base)
        return false;
    if (bytes > mem->size)
        memset(base + mem->size, 0, (size_t)(bytes - mem->size));
    mem->base = base;
    return true;
}

static bool resize(KilnMemory *mem, uint64_t bytes)
{
    if (!mem->reserved)
        return explicit_resize(mem, bytes);
    if (bytes == mem->size)
        return true;
    return kiln_os_commit(mem->base + mem->size, bytes - mem->size);
}

KilnMemory *kiln_mem_create(uint64_t min_pages, uint64_t max_pages,
                            bool has_max, bool is64, bool guard)
{
    uint64_t limit = index_limit(is64);
    if (!has_max || max_pages > limit)
        max_pages = limit;
    if (min_pages > max_pages || (guard && (is64 || sizeof(void *) < 8)) ||
        (!is64 && min_pages > KILN_CAP_PAGES32))
        return NULL;
    KilnMemory *mem = kiln_rt_alloc(sizeof *mem);
    if (!mem)
        return NULL;
    mem->max_pages = max_pages;
    mem->is64 = is64;
    mem->has_max = has_max;
    if (guard) {
        mem->base = kiln_os_reserve(KILN_GUARD_RESERVATION);
        mem->reserved = mem->base ? KILN_GUARD_RESERVATION : 0;
    }
    if ((guard && !mem->base) || !resize(mem, min_pages * KILN_WASM_PAGE)) {
        kiln_memory_free(mem);
        return NULL;
    }
    mem->size = min_pages * KILN_WASM_PAGE;
    return mem;
}

/* Standalone memories (spectest's) get guard pages when the platform can,
 * so code of either mode may import them. */
KilnMemory *kiln_memory_new(uint64_t min_pages, uint64_t max_pages,
                            bool has_max, bool is64)
{
    KilnMemory *mem = NULL;
    if (!is64 && sizeof(void *) == 8)
        mem = kiln_mem_create(min_pages, max_pages, has_max, is64, true);
    if (!mem)
        mem = kiln_mem_create(min_pages, max_pages, has_max, is64, false);
    return mem;
}

void kiln_memory_free(KilnMemory *mem)
{
    if (!mem)
        return;
    if (mem->reserved)
        kiln_os_release(mem->base, mem->reserved);
    else
        kiln_rt_free(mem->base);
    kiln_rt_free(mem);
}

int64_t kiln_rt_memory_grow(KilnMemory *mem, uint64_t delta_pages)
{
    uint64_t old = mem->size / KILN_WASM_PAGE;
    if (delta_pages > page_cap(mem) - old ||
        old + delta_pages > UINT64_MAX / KILN_WASM_PAGE)
        return -1;
    uint64_t bytes = (old + delta_pages) * KILN_WASM_PAGE;
    if (delta_pages && !resize(mem, bytes))
        return -1;
    mem->size = bytes;
    return (int64_t)old;
}
