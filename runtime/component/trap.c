/* trap.c: the traps of the Canonical ABI (CanonicalABI.md: every
 * `trap_if` and `trap()`), raised as KILN_TRAP_HOST with a message that
 * says which check failed, so they print as "error: wasm trap: <message>"
 * with the guest backtrace.  The messages, by the file that raises them
 * (N a number, T a resource type's name):
 *
 *  handles.c   "unknown handle index N"                  (Table.get)
 *              "handle index N has the wrong resource type (expected `T`,
 *               found `T`)"
 *              "cannot move own handle N: it is lent out to a call in
 *               progress"                                 (lift_own)
 *              "handle index N is a borrow handle, not an own handle"
 *              "cannot drop handle N: it is lent out to a call in
 *               progress"                                 (resource.drop)
 *              "handle table full"                        (Table.MAX_LENGTH)
 *  hostobj.c   "too many host objects"                    (2^28 - 1 live)
 *  calls.c     "cannot enter component instance N (reentrance)"
 *              "cannot leave component instance N: an import or built-in
 *               was called during realloc or post-return"
 *              "N borrow handle(s) not dropped before the call returned"
 *  canon.c     "realloc returned a misaligned pointer (0xP, alignment A)"
 *              "realloc returned an out-of-bounds pointer (0xP + N bytes,
 *               memory size M)"
 *              "out of bounds memory access"              (kiln_cx_ptr)
 *  transcode.c "invalid UTF-8 string", "invalid UTF-16 string"
 *              "string too long (N bytes)"        (MAX_STRING_BYTE_LENGTH)
 *              "misaligned string pointer (0xP)"
 *              "string out of bounds (0xP + N bytes, memory size M)"
 *              "host string is not valid UTF-8"   (kiln_cx_store_string)
 *  run.c       "invalid result discriminant N"    (wasi:cli/run's result)
 *  here        "called unknown import `NAME` (linked with
 *               --unknown-imports=trap)", "out of memory"
 *
 * Descriptor inconsistencies (a compiler bug, not a guest's) say
 * "(malformed descriptor)" or "(internal error)"; so do "no realloc
 * option ...", "no memory option ...", "dangling host object",
 * "host resource with a null representation" and "unbalanced component
 * calls".
 */
#include "cm.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

_Noreturn void kiln_cm_trap(const char *message)
{
    kiln_trap_host(message);
}

_Noreturn void cm_trapf(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    kiln_trap_host(msg); /* copies the message */
}

_Noreturn void kiln_cm_trap_unknown_import(const char *name)
{
    cm_trapf("called unknown import `%s` (linked with "
             "--unknown-imports=trap)",
             name ? name : "?");
}

void *cm_check_alloc(void *p)
{
    if (!p)
        kiln_cm_trap("out of memory");
    return p;
}

void cm_grow(void **arr, uint32_t *cap, uint32_t need, size_t size)
{
    if (need <= *cap)
        return;
    uint32_t n = *cap ? *cap : 8;
    while (n < need)
        n *= 2;
    void *p = cm_check_alloc(kiln_rt_realloc(*arr, (size_t)n * size));
    memset((char *)p + (size_t)*cap * size, 0, (size_t)(n - *cap) * size);
    *arr = p;
    *cap = n;
}
