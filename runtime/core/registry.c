/* registry.c: sets of address ranges that a signal handler can search
 * without locks: the code ranges of loaded modules (is a faulting PC guest
 * code?) and the reservations of guard-mode memories (is the faulting
 * address a guard page?).  Writers take a spin lock; readers only load
 * atomics.  Chunks are never freed, so a reader racing with a removal sees
 * either the old range or an empty slot.
 */
#include "core.h"

void kiln_spin_lock(atomic_flag *lock)
{
    while (atomic_flag_test_and_set_explicit(lock, memory_order_acquire))
        ;
}

void kiln_spin_unlock(atomic_flag *lock)
{
    atomic_flag_clear_explicit(lock, memory_order_release);
}

static int find_free(KilnRangeSet *set)
{
    uint32_t n = atomic_load(&set->nchunks);
    for (uint32_t c = 0; c < n; c++) {
        KilnRange *chunk = atomic_load(&set->chunks[c]);
        for (int i = 0; i < KILN_REG_CHUNK; i++)
            if (!atomic_load(&chunk[i].end))
                return (int)c * KILN_REG_CHUNK + i;
    }
    if (n == KILN_REG_CHUNKS)
        return -1;
    KilnRange *chunk = kiln_rt_alloc_array(KILN_REG_CHUNK, sizeof *chunk);
    if (!chunk)
        return -1;
    atomic_store(&set->chunks[n], chunk);
    atomic_store(&set->nchunks, n + 1);
    return (int)n * KILN_REG_CHUNK;
}

static KilnRange *slot_at(KilnRangeSet *set, int slot)
{
    return &atomic_load(&set->chunks[slot / KILN_REG_CHUNK])
                [slot % KILN_REG_CHUNK];
}

int kiln_reg_add(KilnRangeSet *set, uintptr_t start, uintptr_t end,
                 void *tag)
{
    if (start >= end)
        return -1;
    kiln_spin_lock(&set->lock);
    int slot = find_free(set);
    if (slot >= 0) {
        KilnRange *r = slot_at(set, slot);
        atomic_store(&r->tag, tag);
        atomic_store(&r->end, end); /* end != 0 marks the slot used */
        atomic_store(&r->start, start);
    }
    kiln_spin_unlock(&set->lock);
    return slot;
}

void kiln_reg_remove(KilnRangeSet *set, int slot)
{
    if (slot < 0)
        return;
    kiln_spin_lock(&set->lock);
    KilnRange *r = slot_at(set, slot);
    atomic_store(&r->start, 0);
    atomic_store(&r->tag, NULL);
    atomic_store(&r->end, 0);
    kiln_spin_unlock(&set->lock);
}

void *kiln_reg_find(KilnRangeSet *set, uintptr_t addr)
{
    uint32_t n = atomic_load(&set->nchunks);
    for (uint32_t c = 0; c < n; c++) {
        KilnRange *chunk = atomic_load(&set->chunks[c]);
        for (int i = 0; i < KILN_REG_CHUNK; i++) {
            uintptr_t s = atomic_load(&chunk[i].start);
            if (s && addr >= s && addr < atomic_load(&chunk[i].end))
                return atomic_load(&chunk[i].tag);
        }
    }
    return NULL;
}

int kiln_reg_slot_of(KilnRangeSet *set, uintptr_t start)
{
    uint32_t n = atomic_load(&set->nchunks);
    for (uint32_t c = 0; c < n; c++) {
        KilnRange *chunk = atomic_load(&set->chunks[c]);
        for (int i = 0; i < KILN_REG_CHUNK; i++)
            if (atomic_load(&chunk[i].start) == start)
                return (int)c * KILN_REG_CHUNK + i;
    }
    return -1;
}
