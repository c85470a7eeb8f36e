/* Spilled parameters and results: forwards everything through the host. */
#include <stdlib.h>

#include "spill.h"

double spill_api_sum17(uint8_t a1, int8_t a2, uint16_t a3, int16_t a4, uint32_t a5, int32_t a6,
                       uint64_t a7, int64_t a8, float a9, double a10, uint32_t a11,
                       uint32_t a12, uint32_t a13, uint32_t a14, uint32_t a15, uint32_t a16,
                       uint32_t a17)
{
    return spill_host_sum17(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15,
                            a16, a17) + 0.5;
}

spill_types_wide_t spill_api_poke(spill_types_wide_t w)
{
    spill_types_wide_t r = spill_host_poke(w);
    spill_types_wide_free(&w);
    r.a++;
    return r;
}

spill_string_t spill_api_join9(spill_string_t t1, spill_string_t t2, spill_string_t t3,
                               spill_string_t t4, spill_string_t t5, spill_string_t t6,
                               spill_string_t t7, spill_string_t t8, spill_string_t t9)
{
    spill_string_t r = spill_host_join9(t9, t8, t7, t6, t5, t4, t3, t2, t1);
    spill_string_t *all[] = {&t1, &t2, &t3, &t4, &t5, &t6, &t7, &t8, &t9};
    for (int i = 0; i < 9; i++)
        spill_string_free(all[i]);
    return r;
}

spill_tuple2_u64_u32_t spill_api_edge16(spill_tuple8_u32_u32_u32_u32_u32_u32_u32_u32_t a,
                                        spill_tuple8_u64_u64_u64_u64_u64_u64_u64_u64_t b)
{
    spill_tuple2_u64_u32_t r;
    r.f0 = b.f0 + b.f1 + b.f2 + b.f3 + b.f4 + b.f5 + b.f6 + b.f7;
    r.f1 = a.f0 + a.f1 + a.f2 + a.f3 + a.f4 + a.f5 + a.f6 + a.f7;
    return r;
}
