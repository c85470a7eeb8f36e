/* unwind.c: collects return addresses with the unwinder of the C runtime
 * (<unwind.h>, the Itanium C++ ABI level 1 interface that GCC and Clang
 * ship on every target, ARM EHABI included).  Generated functions carry
 * unwind tables, and from a signal handler the unwinder steps through the
 * signal frame into the function that faulted.
 */
#include "core.h"

#include <unwind.h>

typedef struct Walk {
    uintptr_t *pcs;
    size_t n, max;
} Walk;

static _Unwind_Reason_Code step(struct _Unwind_Context *ctx, void *arg)
{
    Walk *w = arg;
    int before_insn = 0;
    uintptr_t ip = (uintptr_t)_Unwind_GetIPInfo(ctx, &before_insn);
    if (!ip)
        return _URC_END_OF_STACK;
    /* A return address points past the call: step back into it.  The
     * faulting instruction of a signal frame is exact. */
    w->pcs[w->n++] = before_insn ? ip : ip - 1;
    return w->n == w->max ? _URC_END_OF_STACK : _URC_NO_REASON;
}

size_t kiln_unwind_collect(uintptr_t *pcs, size_t max)
{
    Walk w = {pcs, 0, max};
    if (max)
        _Unwind_Backtrace(step, &w);
    return w.n;
}
