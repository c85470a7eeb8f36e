/* Guest of world lib-b: a second component linked into the same host. */
#include "lib_b.h"

int32_t lib_b_calc_add(int32_t a, int32_t b)
{
    return a + b;
}

static uint32_t count = 100;

uint32_t lib_b_calc_counter(void)
{
    return ++count;
}

lib_b_string_t lib_b_version(void)
{
    lib_b_string_t s;
    lib_b_string_dup(&s, "calc 1.0");
    return s;
}

uint32_t lib_b_ticks(uint32_t n)
{
    return lib_b_tick(n) + 1;
}
