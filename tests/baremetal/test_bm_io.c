/* test_bm_io.c: the embedded profile's formatter and message writer
 * (runtime/baremetal/bm_io.c), built for the host: every conversion the
 * runtime's messages use, truncation and the returned length (C11
 * 7.21.6.12: the length the whole output would have).
 */
#include "bm_io.h"
#include "kiln_platform.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static char written[256];
static size_t nwritten;

long kiln_platform_write(int fd, const void *buf, size_t len)
{
    if (fd != 2 || nwritten + len >= sizeof written)
        return -1;
    memcpy(written + nwritten, buf, len);
    nwritten += len;
    return (long)len;
}

static int failures;

static void expect(const char *got, int n, const char *want)
{
    if (strcmp(got, want) != 0 || n != (int)strlen(want)) {
        printf("FAIL: got \"%s\" (%d), want \"%s\"\n", got, n, want);
        failures++;
    }
}

int main(void)
{
    char buf[128];
    int n = kiln_bm_snprintf(buf, sizeof buf, "import `%.*s.%.*s`", 3,
                             "envX", 4, "func");
    expect(buf, n, "import `env.func`");
    n = kiln_bm_snprintf(buf, sizeof buf, "%u %d %d %x %llu %zu %c%%",
                         4000000000u, -7, 0, 0xbeefu,
                         18446744073709551615ull, (size_t)42, 'z');
    expect(buf, n, "4000000000 -7 0 beef 18446744073709551615 42 z%");
    n = kiln_bm_snprintf(buf, sizeof buf, "%ld %lu %s %p", -2147483647L - 1,
                         4294967295ul, (const char *)NULL, (void *)0x1230);
    expect(buf, n, "-2147483648 4294967295 (null) 0x1230");
    /* truncated: NUL-terminated, the full length returned */
    n = kiln_bm_snprintf(buf, 6, "handle %u", 12345u);
    if (strcmp(buf, "handl") != 0 || n != 12) {
        printf("FAIL: truncation gave \"%s\" (%d)\n", buf, n);
        failures++;
    }
    n = kiln_bm_snprintf(NULL, 0, "%s", "abc");
    if (n != 3) {
        printf("FAIL: size query gave %d\n", n);
        failures++;
    }
    kiln_bm_puts(2, "error: ", "wasm trap", "\n", NULL);
    written[nwritten] = '\0';
    expect(written, (int)nwritten, "error: wasm trap\n");
    if (!failures)
        printf("PASS: bm_io\n");
    return failures != 0;
}
