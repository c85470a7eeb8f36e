/* The host of strings for its kiln run: driver.mjs's `bracket` and
 * `shuffle` (reversed, then the count) in C. */
#include <stdlib.h>

#include "provider.h"

provider_string_t provider_host_bracket(provider_string_t s)
{
    provider_string_t r = {malloc(s.len + 2), s.len + 2};
    r.ptr[0] = '[';
    memcpy(r.ptr + 1, s.ptr, s.len);
    r.ptr[s.len + 1] = ']';
    provider_string_free(&s);
    return r;
}

provider_list_string_t provider_host_shuffle(provider_list_string_t xs)
{
    provider_list_string_t r = {malloc((xs.len + 1) * sizeof *r.ptr), xs.len + 1};
    for (size_t i = 0; i < xs.len; i++)
        r.ptr[i] = xs.ptr[xs.len - 1 - i]; /* moves the strings */
    char n[24], *p = n + sizeof n; /* no snprintf: it would pull in WASI */
    *--p = 0;
    size_t k = xs.len;
    do
        *--p = (char)('0' + k % 10);
    while (k /= 10);
    provider_string_dup(&r.ptr[xs.len], p);
    free(xs.ptr);
    return r;
}
