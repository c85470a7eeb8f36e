/* The host of flags for its kiln run: driver.mjs's host in C (each
 * function inverts every flag of its set). */
#include "provider.h"

provider_types_one_t provider_host_invert_one(provider_types_one_t x)
{
    return x ^ PROVIDER_TYPES_ONE_ONLY;
}

provider_types_eight_t provider_host_invert_eight(provider_types_eight_t x)
{
    return (provider_types_eight_t)~x;
}

provider_types_nine_t provider_host_invert_nine(provider_types_nine_t x)
{
    return x ^ 0x1ff;
}

provider_types_wide_t provider_host_invert_wide(provider_types_wide_t x)
{
    return ~x;
}
