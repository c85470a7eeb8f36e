/* kiln:greet/host for the kiln run of greet-by-hand: driver.mjs's host
 * in C, alternating the two prefixes. */
#include "provider.h"

static unsigned calls;

provider_string_t provider_host_prefix(void)
{
    provider_string_t s;
    provider_string_dup(&s, ++calls % 2 ? "Hello" : "Grüß dich");
    return s;
}
