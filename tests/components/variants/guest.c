/* Variants, enums, records and tuples through the host and back. */
#include <stdlib.h>

#include "variants.h"

variants_types_value_t variants_api_next(variants_types_value_t v)
{
    variants_types_value_t r = variants_host_next(v);
    variants_types_value_free(&v);
    return r;
}

variants_types_color_t variants_api_rotate(variants_types_color_t c)
{
    return variants_host_rotate(c);
}

variants_types_person_t variants_api_older(variants_types_person_t p)
{
    variants_types_person_t r = variants_host_older(p);
    variants_types_person_free(&p);
    r.age++;
    return r;
}

variants_tuple3_bool_u32_string_t variants_api_swap(variants_tuple3_string_u32_bool_t t)
{
    variants_tuple3_bool_u32_string_t r = {t.f2, t.f1 * 2, t.f0};
    return r; /* the string moves into the result */
}

variants_types_pixel_t variants_api_brighten(variants_types_pixel_t p)
{
    p.alpha = p.alpha * 0.5f;
    p.at.f0++;
    p.at.f1--;
    p.color = p.color == VARIANTS_TYPES_COLOR_ULTRA_VIOLET ? VARIANTS_TYPES_COLOR_RED
                                                          : (variants_types_color_t)(p.color + 1);
    return p;
}
