/* os_baremetal.c: the platform layer of the embedded profile (replaces
 * core/os_none.c there): no address-space reservations (every memory uses
 * explicit bounds checks), and the stack limit of the prologue checks is
 * the bottom of the stack the linker script sets aside, plus headroom for
 * the runtime's own calls (host functions, stdio, trap reporting).
 */
#include "core.h"

extern char __kiln_stack_bottom[];

enum { HOST_MARGIN = 6 * 1024 };

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
    return (uintptr_t)__kiln_stack_bottom + HOST_MARGIN;
}

void kiln_rt_init_thread(void)
{
}
