/* os_linux.c: address-space reservations for guard-mode linear memories
 * (Linux, any 64-bit architecture).  A memory reserves 8 GiB + 64 KiB of
 * PROT_NONE address space without committing swap (MAP_NORESERVE); grow
 * makes pages read-write in place.  Live reservations are kept in a
 * registry the fault handler searches to recognise guard-page faults.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* MAP_NORESERVE */
#endif
#include "core.h"

#include <sys/mman.h>

static KilnRangeSet reservations;

void *kiln_os_reserve(uint64_t size)
{
    if (size > SIZE_MAX)
        return NULL;
    void *p = mmap(NULL, (size_t)size, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    if (kiln_reg_add(&reservations, (uintptr_t)p, (uintptr_t)p + size, p) <
        0) {
        munmap(p, (size_t)size);
        return NULL;
    }
    return p;
}

bool kiln_os_commit(void *addr, uint64_t size)
{
    return mprotect(addr, (size_t)size, PROT_READ | PROT_WRITE) == 0;
}

void kiln_os_release(void *addr, uint64_t size)
{
    int slot = kiln_reg_slot_of(&reservations, (uintptr_t)addr);
    kiln_reg_remove(&reservations, slot);
    munmap(addr, (size_t)size);
}

bool kiln_os_in_reservation(uintptr_t addr)
{
    return kiln_reg_find(&reservations, addr) != NULL;
}
