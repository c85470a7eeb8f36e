/* Lists: forwards through the host, and builds lists in C. */
#include <stdio.h>
#include <stdlib.h>

#include "lists.h"

lists_list_u8_t lists_api_bump(lists_list_u8_t b)
{
    lists_list_u8_t r = lists_host_bump(b);
    lists_list_u8_free(&b);
    return r;
}

lists_list_list_u32_t lists_api_transpose(lists_list_list_u32_t m)
{
    lists_list_list_u32_t r = lists_host_transpose(m);
    lists_list_list_u32_free(&m);
    return r;
}

lists_list_types_point_t lists_api_move_all(lists_list_types_point_t ps)
{
    lists_list_types_point_t r = lists_host_move_all(ps);
    lists_list_types_point_free(&ps);
    for (size_t i = 0; i < r.len; i++)
        r.ptr[i].x *= 10;
    return r;
}

double lists_api_sum_f64(lists_list_f64_t xs)
{
    double s = 0;
    for (size_t i = 0; i < xs.len; i++)
        s += xs.ptr[i];
    lists_list_f64_free(&xs);
    return s;
}

lists_list_s64_t lists_api_negate(lists_list_s64_t xs)
{
    for (size_t i = 0; i < xs.len; i++)
        xs.ptr[i] = -xs.ptr[i];
    return xs; /* handed back: post-return frees it */
}

lists_list_bool_t lists_api_flip(lists_list_bool_t xs)
{
    for (size_t i = 0; i < xs.len; i++)
        xs.ptr[i] = !xs.ptr[i];
    return xs;
}

lists_list_tuple2_u32_string_t lists_api_pairs(uint32_t n)
{
    lists_list_tuple2_u32_string_t r = {malloc(n * sizeof *r.ptr + 1), n};
    for (uint32_t i = 0; i < n; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "n%u", (unsigned)(i * i));
        r.ptr[i].f0 = i;
        lists_string_dup(&r.ptr[i].f1, buf);
    }
    return r;
}

uint32_t lists_api_deep(lists_list_list_list_string_t x)
{
    uint32_t bytes = 0;
    for (size_t i = 0; i < x.len; i++)
        for (size_t j = 0; j < x.ptr[i].len; j++)
            for (size_t k = 0; k < x.ptr[i].ptr[j].len; k++)
                bytes += (uint32_t)x.ptr[i].ptr[j].ptr[k].len;
    lists_list_list_list_string_free(&x);
    return bytes;
}
