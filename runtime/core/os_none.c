/* os_none.c: the platform layer for targets without virtual memory or
 * signals (bare metal): no reservations, so every memory is a heap buffer
 * and code must be compiled with explicit bounds checks and prologue stack
 * checks; traps come only from those explicit checks.
 */
#include "core.h"

void *kiln_os_reserve(uint64_t size)
{
    return NULL;
}

bool kiln_os_commit(void *addr, uint64_t size)
{
    return false;
}

void kiln_os_release(void *addr, uint64_t size)
{
}

bool kiln_os_in_reservation(uintptr_t addr)
{
    return false;
}

uintptr_t kiln_os_stack_limit(void)
{
    return 0;
}

void kiln_rt_init_thread(void)
{
}
