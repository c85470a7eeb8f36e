/* The host of adder-by-hand for its kiln run: `log` keeps each message
 * (driver.mjs prints them) until `take-log` hands them over. */
#include <stdlib.h>

#include "provider.h"

static provider_list_string_t logged;

void provider_log(provider_string_t msg)
{
    logged.ptr = realloc(logged.ptr, (logged.len + 1) * sizeof *logged.ptr);
    logged.ptr[logged.len++] = msg; /* owned: freed after take-log */
}

provider_list_string_t provider_take_log(void)
{
    provider_list_string_t all = logged;
    logged.ptr = NULL;
    logged.len = 0;
    return all;
}
