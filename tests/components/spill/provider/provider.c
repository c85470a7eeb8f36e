/* The host of spill for its kiln run: driver.mjs's host in C. */
#include <stdlib.h>

#include "provider.h"

double provider_host_sum17(uint8_t a1, int8_t a2, uint16_t a3, int16_t a4, uint32_t a5,
                           int32_t a6, uint64_t a7, int64_t a8, float a9, double a10,
                           uint32_t a11, uint32_t a12, uint32_t a13, uint32_t a14,
                           uint32_t a15, uint32_t a16, uint32_t a17)
{
    /* left to right in doubles, as the driver's reduce does */
    double xs[] = {a1, a2, a3, a4, a5, a6, (double)a7, (double)a8, a9,
                   a10, a11, a12, a13, a14, a15, a16, a17};
    double s = 0;
    for (size_t i = 0; i < sizeof xs / sizeof *xs; i++)
        s += xs[i];
    return s;
}

provider_types_wide_t provider_host_poke(provider_types_wide_t w)
{
    /* JS toUpperCase for ASCII and Latin-1 letters (UTF-8 C3 A0..BE) */
    for (size_t n = 0; n < w.i.len; n++) {
        uint8_t *c = &w.i.ptr[n];
        if (*c >= 'a' && *c <= 'z')
            *c -= 32;
        else if (*c == 0xc3 && n + 1 < w.i.len && c[1] >= 0xa0 && c[1] <= 0xbe &&
                 c[1] != 0xb7)
            c[1] -= 0x20, n++;
    }
    w.k.is_some = !w.k.is_some;
    w.k.val = 7;
    w.l.f1 *= 2;
    return w;
}

provider_string_t provider_host_join9(provider_string_t t1, provider_string_t t2,
                                      provider_string_t t3, provider_string_t t4,
                                      provider_string_t t5, provider_string_t t6,
                                      provider_string_t t7, provider_string_t t8,
                                      provider_string_t t9)
{
    provider_string_t *all[] = {&t1, &t2, &t3, &t4, &t5, &t6, &t7, &t8, &t9};
    size_t n = 8;
    for (int i = 0; i < 9; i++)
        n += all[i]->len;
    provider_string_t r = {malloc(n), 0};
    for (int i = 0; i < 9; i++) {
        if (i)
            r.ptr[r.len++] = '|';
        memcpy(r.ptr + r.len, all[i]->ptr, all[i]->len);
        r.len += all[i]->len;
        if (all[i]->len)
            provider_string_free(all[i]);
    }
    return r;
}
