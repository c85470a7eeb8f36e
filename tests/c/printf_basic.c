/* printf of integers, floating point and strings through wasi-libc's
 * formatter: widths, precisions, flags, the 64-bit and unsigned edges. */
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
    printf("ints: %d %i %u %x %X %o\n", 42, -42, 42u, 0xbeefu, 0xbeefu, 8u);
    printf("edges: %d %d %u\n", INT_MIN, INT_MAX, UINT_MAX);
    printf("64: %lld %lld %llu %" PRIx64 "\n", LLONG_MIN, LLONG_MAX, ULLONG_MAX,
           (uint64_t)0x0123456789abcdefULL);
    printf("width: [%5d] [%-5d] [%05d] [%+d] [% d]\n", 7, 7, 7, 7, 7);
    printf("chars: %c%c%c %%\n", 'k', 'i', 'n');
    printf("strings: [%s] [%10s] [%-10s] [%.3s]\n", "wasm", "right", "left", "truncate");
    printf("floats: %f %.2f %e %g %g\n", 3.14159265358979, 2.5, 12345.678, 0.0001, 1e20);
    printf("more: %.17g %a %.0f %.1f\n", 0.1, 1.0, 2.5, 0.05);
    printf("specials: %f %f %f\n", INFINITY, -INFINITY, (double)NAN);
    printf("float: %.9g %.9g\n", (double)1.1f, (double)3.4028235e38f);
    printf("ptrdiff: %td size: %zu\n", (ptrdiff_t)-3, sizeof(long double));
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%08.3f|%x", -1.5, 255);
    printf("snprintf: %d '%s'\n", n, buf);
    n = snprintf(buf, 5, "%s", "overflowing");
    printf("snprintf truncated: %d '%s'\n", n, buf);
    for (int i = 0; i < 8; i++)
        printf("%d^3=%d%c", i, i * i * i, i == 7 ? '\n' : ' ');
    return 0;
}
