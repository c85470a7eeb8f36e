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
