/* The host of result-by-hand for its kiln run: driver.mjs's `check`,
 * refusing 13. */
#include "provider.h"

provider_result_u32_string_t provider_check(uint32_t x)
{
    provider_result_u32_string_t r = {.is_err = x == 13};
    if (r.is_err)
        provider_string_dup(&r.val.err, "thirteen is unlucky");
    else
        r.val.ok = x;
    return r;
}
