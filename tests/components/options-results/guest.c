/* Options and results: forwards, plus a describe() written in C. */
#include <stdio.h>
#include <stdlib.h>

#include "options.h"

options_option_u32_t options_api_inc(options_option_u32_t x)
{
    return options_host_inc(x);
}

options_option_option_string_t options_api_flatten(options_option_option_string_t x)
{
    options_option_option_string_t r = options_host_flatten(x);
    options_option_option_string_free(&x);
    return r;
}

options_result_void_void_t options_api_check(uint32_t x)
{
    return options_host_check(x);
}

options_result_u32_void_t options_api_halve(uint32_t x)
{
    return options_host_halve(x);
}

options_result_void_string_t options_api_validate(options_string_t s)
{
    options_result_void_string_t r = options_host_validate(s);
    options_string_free(&s);
    return r;
}

options_result_string_s64_t options_api_parse(int32_t x)
{
    return options_host_parse(x);
}

options_string_t options_api_describe(options_result_f64_string_t a, options_option_f32_t b,
                                      options_result_void_u8_t c,
                                      options_result_option_u8_void_t d)
{
    char buf[256];
    int n = 0;
    if (a.is_err)
        n += snprintf(buf + n, sizeof buf - (size_t)n, "a=err(%.*s)", (int)a.val.err.len,
                      (const char *)a.val.err.ptr);
    else
        n += snprintf(buf + n, sizeof buf - (size_t)n, "a=ok(%g)", a.val.ok);
    if (b.is_some)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " b=some(%g)", (double)b.val);
    else
        n += snprintf(buf + n, sizeof buf - (size_t)n, " b=none");
    if (c.is_err)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " c=err(%u)", c.val.err);
    else
        n += snprintf(buf + n, sizeof buf - (size_t)n, " c=ok");
    if (d.is_err)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " d=err");
    else if (d.val.ok.is_some)
        n += snprintf(buf + n, sizeof buf - (size_t)n, " d=ok(some(%u))", d.val.ok.val);
    else
        n += snprintf(buf + n, sizeof buf - (size_t)n, " d=ok(none)");
    options_result_f64_string_free(&a);
    options_string_t s;
    options_string_dup(&s, buf);
    return s;
}
