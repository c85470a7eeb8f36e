/* libm (compiled into the module, so results are the same everywhere) and
 * the float instructions the compiler must get exactly right: sqrt, min/max
 * with NaN and signed zeros, rounding modes of the conversions, copysign. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static volatile double vd[] = {0.5, -1.5, 2.5, -0.0, 1e300, 3.0, 7.25};
static volatile float vf[] = {0.1f, -2.5f, 16777217.0f, 1e30f};

static uint64_t bits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }

int main(void) {
    for (int i = 0; i < 7; i++) {
        double x = vd[i];
        printf("x=%-8g sqrt=%.17g floor=%g ceil=%g trunc=%g rint=%g round=%g\n", x, sqrt(fabs(x)),
               floor(x), ceil(x), trunc(x), rint(x), round(x));
    }
    printf("sin %.15f cos %.15f tan %.15f\n", sin(1.0), cos(1.0), tan(1.0));
    printf("exp %.15g log %.15g log10 %.15g pow %.15g\n", exp(2.5), log(10.0), log10(12345.0), pow(1.5, 20.5));
    printf("atan2 %.15f hypot %.15g fmod %.15g cbrt %.15g\n", atan2(1.0, -2.0), hypot(3e200, 4e200),
           fmod(10.5, 3.0), cbrt(-27.0));
    printf("fmin(nan,1)=%g fmax(-0,0) sign=%d copysign=%g\n", fmin(NAN, 1.0), signbit(fmax(-0.0, 0.0)) != 0,
           copysign(3.0, -0.0));
    double z = vd[3];
    printf("-0.0 bits %016llx, 1/-0 = %g, 0/0 is nan %d\n", (unsigned long long)bits(z), 1.0 / z,
           isnan(z / z));
    printf("sqrtf %.9g float mul %.9g float to double %.17g\n", (double)sqrtf(vf[0]),
           (double)(vf[0] * vf[1]), (double)vf[0]);
    printf("16777217.0f = %.1f, (int)-2.5f = %d, (long long)1e18 = %lld\n", (double)vf[2], (int)vf[1],
           (long long)1e18);
    printf("(unsigned)3e9 = %u, (double)UINT64_MAX = %.1f, (float)0x7fffffff = %.1f\n",
           (unsigned)(volatile double){3e9}, (double)(volatile uint64_t){UINT64_MAX},
           (double)(float)(volatile int){0x7fffffff});
    printf("DBL_EPSILON %g FLT_MAX %g DBL_MIN %g\n", DBL_EPSILON, (double)FLT_MAX, DBL_MIN);
    printf("nextafter %.17g ldexp %g frexp exponent ", nextafter(1.0, 2.0), ldexp(1.0, -1074));
    int e;
    double m = frexp(1000.0, &e);
    printf("%d mantissa %g\n", e, m);
    double acc = 0;
    for (int i = 1; i <= 100000; i++) acc += 1.0 / ((double)i * i);
    printf("sum 1/n^2 (1e5 terms) = %.15f (pi^2/6 = %.15f)\n", acc, M_PI * M_PI / 6);
    float facc = 0;
    for (int i = 0; i < 10000; i++) facc += vf[0];
    printf("float sum of 0.1 x 10000 = %.9g\n", (double)facc);
    return 0;
}
