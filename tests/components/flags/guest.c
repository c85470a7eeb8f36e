/* Flags: forwards to the host, and shifts bits in C. */
#include "flagsets.h"

flagsets_types_one_t flagsets_api_invert_one(flagsets_types_one_t x)
{
    return flagsets_host_invert_one(x);
}

flagsets_types_eight_t flagsets_api_invert_eight(flagsets_types_eight_t x)
{
    return flagsets_host_invert_eight(x);
}

flagsets_types_nine_t flagsets_api_invert_nine(flagsets_types_nine_t x)
{
    return flagsets_host_invert_nine(x);
}

flagsets_types_wide_t flagsets_api_invert_wide(flagsets_types_wide_t x)
{
    return flagsets_host_invert_wide(x);
}

flagsets_types_all_t flagsets_api_shift(flagsets_types_all_t x)
{
    flagsets_types_all_t r;
    r.one = x.one ? 0 : FLAGSETS_TYPES_ONE_ONLY;
    r.eight = (flagsets_types_eight_t)(x.eight << 1 | x.eight >> 7);
    r.nine = (flagsets_types_nine_t)((x.nine << 1 | x.nine >> 8) & 0x1ff);
    r.wide = x.wide << 1 | x.wide >> 31;
    if (x.wide & FLAGSETS_TYPES_WIDE_F31)
        r.wide |= FLAGSETS_TYPES_WIDE_F0;
    return r;
}
