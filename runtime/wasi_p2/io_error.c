/* io_error.c: wasi:io/error (WASI 0.2 io/error.wit).  An `error` carries
 * the host errno of the failed operation; wasi:filesystem reads it back
 * (p2_error_errno) for `filesystem-error-code`. */
#include <stdio.h>
#include <string.h>

#include "p2.h"
#include "wasi_io_error.h"

typedef struct P2Error {
    int errno_value;
} P2Error;

void *p2_error_new(int errno_value)
{
    P2Error *e = kiln_rt_alloc(sizeof *e);
    if (!e)
        kiln_trap_host("out of memory");
    e->errno_value = errno_value;
    return e;
}

int p2_error_errno(void *error_rep)
{
    return ((P2Error *)error_rep)->errno_value;
}

void wasi_io_error_error_drop(struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    kiln_rt_free(rep);
}

void wasi_io_error_error_to_debug_string(struct KilnCanonCx *cx,
                                         wasi_io_error_error_t self,
                                         wasi_io_error_string_t *ret)
{
    P2Error *e = kiln_cx_borrow(cx, KILN_HR_wasi_io_error_error, self);
    char text[160];
    int n = snprintf(text, sizeof text, "%s (os error %d)",
                     strerror(e->errno_value), e->errno_value);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof text)
        n = sizeof text - 1;
    kiln_cx_store_string(cx, text, (size_t)n, &ret->ptr, &ret->len);
}
