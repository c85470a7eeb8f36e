/* Scalars: every export forwards to the JS import of the same name, so
 * each value crosses lowering and lifting in both directions. */
#include "scalars.h"

#define ECHO(T, n) \
    T scalars_api_echo_##n(T x) { return scalars_host_echo_##n(x); }

ECHO(bool, bool)
ECHO(int8_t, s8)
ECHO(uint8_t, u8)
ECHO(int16_t, s16)
ECHO(uint16_t, u16)
ECHO(int32_t, s32)
ECHO(uint32_t, u32)
ECHO(int64_t, s64)
ECHO(uint64_t, u64)
ECHO(float, f32)
ECHO(double, f64)
ECHO(uint32_t, char)

double scalars_api_mix(uint8_t a, float b, int64_t c, double d, uint32_t e, bool f)
{
    return (double)a + (double)b + (double)c + d + (double)e + (f ? 0.5 : 0.0);
}

uint32_t scalars_twice_next(uint32_t x)
{
    return scalars_next(scalars_next(x));
}
