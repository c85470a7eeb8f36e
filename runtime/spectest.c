/* spectest.c: the host functions of the spec test suite's "spectest"
 * module (runtime/spectest.def), printing their arguments one per line as
 * the reference interpreter does: "<value> : <type>", numbers with '_'
 * between groups of three digits, floats as %.17g of the value (f32
 * widened), NaNs as nan:0x<payload> with hex digits grouped by four.
 */
#include "kiln_rt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

void kiln_spectest_print(KilnVmctx *vm);
void kiln_spectest_print_i32(KilnVmctx *vm, int32_t v);
void kiln_spectest_print_i64(KilnVmctx *vm, int64_t v);
void kiln_spectest_print_f32(KilnVmctx *vm, float v);
void kiln_spectest_print_f64(KilnVmctx *vm, double v);
void kiln_spectest_print_i32_f32(KilnVmctx *vm, int32_t a, float b);
void kiln_spectest_print_f64_f64(KilnVmctx *vm, double a, double b);

/* Appends the digit run [s, end) to out with '_' between groups of n:
 * counted from the right for an integer part, from the left for a
 * fraction (the reference interpreter's readable number format). */
static char *group_run(char *out, const char *s, const char *end, int n,
                       bool from_left)
{
    int len = (int)(end - s);
    for (int i = 0; i < len; i++) {
        int pos = from_left ? i : len - i;
        if (i > 0 && pos % n == 0)
            *out++ = '_';
        *out++ = s[i];
    }
    return out;
}

static bool is_digit_of(char c, bool hex)
{
    return (c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f');
}

/* in: [-]digits[.digits][rest]; out needs room for the underscores. */
static void group_digits(char *out, const char *in, int n, bool hex)
{
    const char *p = in;
    while (*p && !is_digit_of(*p, hex))
        *out++ = *p++;
    const char *q = p;
    while (is_digit_of(*q, hex))
        q++;
    out = group_run(out, p, q, n, false);
    if (*q == '.') {
        *out++ = *q++;
        const char *r = q;
        while (is_digit_of(*r, hex))
            r++;
        out = group_run(out, q, r, n, true);
        q = r;
    }
    strcpy(out, q);
}

static void format_float(char *buf, double v, uint64_t nan_payload)
{
    char raw[64];
    const char *sign = signbit(v) ? "-" : "";
    if (isnan(v)) {
        snprintf(raw, sizeof raw, "%llx", (unsigned long long)nan_payload);
        char grouped[96];
        group_digits(grouped, raw, 4, true);
        sprintf(buf, "%snan:0x%s", sign, grouped);
        return;
    }
    snprintf(raw, sizeof raw, "%s%.17g", sign, fabs(v));
    group_digits(buf, raw, 3, false);
}

static void print_f32(float v)
{
    uint32_t bits;
    memcpy(&bits, &v, sizeof bits);
    char buf[128];
    format_float(buf, v, bits & 0x7fffffu);
    printf("%s : f32\n", buf);
}

static void print_f64(double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    char buf[128];
    format_float(buf, v, bits & 0xfffffffffffffull);
    printf("%s : f64\n", buf);
}

static void print_int(long long v, const char *type)
{
    char raw[32], buf[48];
    snprintf(raw, sizeof raw, "%lld", v);
    group_digits(buf, raw, 3, false);
    printf("%s : %s\n", buf, type);
}

void kiln_spectest_print(KilnVmctx *vm)
{
    fflush(stdout);
}

void kiln_spectest_print_i32(KilnVmctx *vm, int32_t v)
{
    print_int(v, "i32");
    fflush(stdout);
}

void kiln_spectest_print_i64(KilnVmctx *vm, int64_t v)
{
    print_int(v, "i64");
    fflush(stdout);
}

void kiln_spectest_print_f32(KilnVmctx *vm, float v)
{
    print_f32(v);
    fflush(stdout);
}

void kiln_spectest_print_f64(KilnVmctx *vm, double v)
{
    print_f64(v);
    fflush(stdout);
}

void kiln_spectest_print_i32_f32(KilnVmctx *vm, int32_t a, float b)
{
    print_int(a, "i32");
    print_f32(b);
    fflush(stdout);
}

void kiln_spectest_print_f64_f64(KilnVmctx *vm, double a, double b)
{
    print_f64(a);
    print_f64(b);
    fflush(stdout);
}
