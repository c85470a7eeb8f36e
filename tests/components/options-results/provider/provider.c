/* The host of options-results for its kiln run: driver.mjs's host in C
 * (its thrown errors are the err cases).  No snprintf: stdio would pull
 * in WASI, and the provider must import nothing. */
#include <stdlib.h>

#include "provider.h"

/* s = a + b (a NUL-terminated, b of len bytes). */
static provider_string_t concat(const char *a, const uint8_t *b, size_t len)
{
    size_t n = strlen(a);
    provider_string_t s = {malloc(n + len + 1), n + len};
    memcpy(s.ptr, a, n);
    memcpy(s.ptr + n, b, len);
    return s;
}

provider_option_u32_t provider_host_inc(provider_option_u32_t x)
{
    if (x.is_some)
        x.val++;
    return x;
}

provider_option_option_string_t provider_host_flatten(provider_option_option_string_t x)
{
    provider_option_option_string_t r = {.is_some = true};
    if (!x.is_some) {
        r.val.is_some = true;
        provider_string_dup(&r.val.val, "was none");
    } else if (!x.val.is_some) {
        r.is_some = false;
    } else {
        r.val.is_some = true;
        r.val.val = concat("", x.val.val.ptr, x.val.val.len);
        r.val.val.ptr[r.val.val.len++] = '!';
        provider_string_free(&x.val.val);
    }
    return r;
}

provider_result_void_void_t provider_host_check(uint32_t x)
{
    return (provider_result_void_void_t){.is_err = x == 0};
}

provider_result_u32_void_t provider_host_halve(uint32_t x)
{
    provider_result_u32_void_t r = {.is_err = x % 2 != 0};
    r.val.ok = x / 2;
    return r;
}

provider_result_void_string_t provider_host_validate(provider_string_t s)
{
    provider_result_void_string_t r = {.is_err = s.len > 3};
    if (r.is_err)
        r.val.err = concat("too long: ", s.ptr, s.len);
    provider_string_free(&s);
    return r;
}

provider_result_string_s64_t provider_host_parse(int32_t x)
{
    provider_result_string_s64_t r = {.is_err = x < 0};
    if (r.is_err) {
        r.val.err = (int64_t)x * 1000000000000;
        return r;
    }
    char d[16], *p = d + sizeof d;
    uint32_t k = (uint32_t)x;
    do
        *--p = (char)('0' + k % 10);
    while (k /= 10);
    r.val.ok = concat("#", (const uint8_t *)p, (size_t)(d + sizeof d - p));
    return r;
}
