/* libm_extra.c: C23 functions that LLVM calls for wasm operators on cores
 * without the matching instruction and that newlib lacks: roundeven and
 * roundevenf (f64.nearest and f32.nearest, Wasm 2.0 spec 4.3.3
 * "fnearest": round to nearest, ties to even).  rint rounds in the
 * current mode, which the embedded runtime never changes from
 * round-to-nearest-even.
 */
#include <math.h>

double roundeven(double x);
float roundevenf(float x);

double roundeven(double x)
{
    return rint(x);
}

float roundevenf(float x)
{
    return rintf(x);
}
