/* unwind_none.c: the embedded profile collects no backtrace (replaces
 * core/unwind.c there).  Walking the stack needs the libgcc EHABI
 * unwinder (about 4 KB) and unwind tables for every function; a trap on
 * bare metal prints its message only ("error: wasm trap: <message>").
 */
#include "core.h"

size_t kiln_unwind_collect(uintptr_t *pcs, size_t max)
{
    return 0;
}
