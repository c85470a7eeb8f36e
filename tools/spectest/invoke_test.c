/* Unit test of compiler/driver/invoke.c: hand-written functions with the
 * C-ABI entry convention of runtime/kiln_rt.h called through kiln_invoke,
 * plus the text forms of values used by `kiln run --invoke`. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "driver/invoke.h"

static int failures;

#define CHECK(c)                                                               \
    do {                                                                       \
        if (!(c)) {                                                            \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
                    #c);                                                       \
            failures++;                                                        \
        }                                                                      \
    } while (0)

static KilnVmctx fake_vm;

static int32_t e_add(KilnVmctx *vm, int32_t a, int32_t b)
{
    return vm == &fake_vm ? a + b : -1;
}
static int64_t e_mix(KilnVmctx *vm, int32_t a, int64_t b, float c, double d)
{
    return a + b + (int64_t)c + (int64_t)d;
}
static float e_f32(KilnVmctx *vm, float x) { return x * 2.0f; }
static double e_f64(KilnVmctx *vm, double x, float y) { return x + y; }
static void e_multi(KilnVmctx *vm, int32_t a, KilnValue *r)
{
    r[0].i32 = a + 1;
    r[1].i64 = (int64_t)a << 40;
    r[2].f64 = a / 2.0;
}
static void e_v128(KilnVmctx *vm, const void *a, const void *b, KilnValue *r)
{
    const uint8_t *x = a, *y = b;
    for (int i = 0; i < 16; i++)
        r[0].v128[i] = (uint8_t)(x[i] + y[i]);
}
static void *e_ref(KilnVmctx *vm, void *r) { return r; }
static void e_none(KilnVmctx *vm, KilnValue *r) { fake_vm.user = vm; }
static int32_t e_trap(KilnVmctx *vm, int32_t a)
{
    if (a == 0)
        kiln_trap_int_div_zero();
    return 100 / a;
}
static int32_t e_many(KilnVmctx *vm, int32_t a, int32_t b, int32_t c,
                      int32_t d, int32_t e, int32_t f, int32_t g, int32_t h,
                      double i, double j, double k, double l, double m,
                      double n, double o, double p, double q, int64_t r)
{
    return a + b + c + d + e + f + g + h + (int32_t)(i + j + k + l + m + n +
                                                     o + p + q) + (int32_t)r;
}

#define EXPORT(n, s, f) { n, sizeof n - 1, KILN_EXTERN_FUNC, 0, 0, s, (void *)f }

static void test_calls(void)
{
    KilnExportDesc add = EXPORT("add", "ii:i", e_add);
    KilnValue a[18], r[3];
    KilnTrapInfo t;
    a[0].i32 = 40, a[1].i32 = 2;
    CHECK(kiln_invoke(&add, &fake_vm, a, 2, r, 1, &t) && r[0].i32 == 42);
    CHECK(!kiln_invoke(&add, &fake_vm, a, 1, r, 1, &t) &&
          t.kind == KILN_TRAP_NONE);

    KilnExportDesc mix = EXPORT("mix", "ilfd:l", e_mix);
    a[0].i32 = -1, a[1].i64 = INT64_C(1) << 40, a[2].f32 = 3.5f,
    a[3].f64 = 4.25;
    CHECK(kiln_invoke(&mix, &fake_vm, a, 4, r, 1, &t) &&
          r[0].i64 == (INT64_C(1) << 40) + 6);

    KilnExportDesc f32 = EXPORT("f", "f:f", e_f32);
    a[0].f32 = 1.25f;
    CHECK(kiln_invoke(&f32, &fake_vm, a, 1, r, 1, &t) && r[0].f32 == 2.5f);
    KilnExportDesc f64 = EXPORT("d", "df:d", e_f64);
    a[0].f64 = 0.5, a[1].f32 = 0.25f;
    CHECK(kiln_invoke(&f64, &fake_vm, a, 2, r, 1, &t) && r[0].f64 == 0.75);

    KilnExportDesc multi = EXPORT("m", "i:ild", e_multi);
    a[0].i32 = 7;
    CHECK(kiln_invoke(&multi, &fake_vm, a, 1, r, 3, &t) && r[0].i32 == 8 &&
          r[1].i64 == INT64_C(7) << 40 && r[2].f64 == 3.5);

    KilnExportDesc v = EXPORT("v", "vv:v", e_v128);
    for (int i = 0; i < 16; i++)
        a[0].v128[i] = (uint8_t)i, a[1].v128[i] = (uint8_t)(100 + i);
    CHECK(kiln_invoke(&v, &fake_vm, a, 2, r, 1, &t) && r[0].v128[0] == 100 &&
          r[0].v128[15] == 130);

    KilnExportDesc ref = EXPORT("r", "E:E", e_ref);
    a[0].ref = &fake_vm;
    CHECK(kiln_invoke(&ref, &fake_vm, a, 1, r, 1, &t) && r[0].ref == &fake_vm);
    KilnExportDesc none = EXPORT("n", ":", e_none);
    CHECK(kiln_invoke(&none, &fake_vm, a, 0, NULL, 0, &t) &&
          fake_vm.user == &fake_vm);

    KilnExportDesc trap = EXPORT("t", "i:i", e_trap);
    a[0].i32 = 5;
    CHECK(kiln_invoke(&trap, &fake_vm, a, 1, r, 1, &t) && r[0].i32 == 20);
    a[0].i32 = 0;
    CHECK(!kiln_invoke(&trap, &fake_vm, a, 1, r, 1, &t) &&
          t.kind == KILN_TRAP_INT_DIV_ZERO);

    KilnExportDesc many = EXPORT("many", "iiiiiiiiddddddddddl:i", e_many);
    for (int i = 0; i < 8; i++)
        a[i].i32 = i + 1;
    for (int i = 8; i < 18; i++)
        a[i].f64 = 1.0;
    a[17].i64 = 1000;
    /* `many` declares one double too many for 18 values: refused. */
    KilnExportDesc many2 = EXPORT("many", "iiiiiiiidddddddddl:i", e_many);
    CHECK(!kiln_invoke(&many, &fake_vm, a, 18, r, 1, &t));
    CHECK(kiln_invoke(&many2, &fake_vm, a, 18, r, 1, &t) &&
          r[0].i32 == 36 + 9 + 1000);
}

static void check_parse(const char *text, char type, bool ok)
{
    KilnValue v;
    char err[128];
    bool got = kiln_value_parse(text, type, 0, &v, err, sizeof err);
    if (got != ok) {
        fprintf(stderr, "parse `%s` as %c: expected %s\n", text, type,
                ok ? "success" : "failure");
        failures++;
    }
}

static void check_format(char type, KilnValue v, const char *want)
{
    char buf[KILN_VALUE_TEXT_MAX];
    kiln_value_format(type, &v, buf, sizeof buf);
    if (strcmp(buf, want) != 0) {
        fprintf(stderr, "format %c: got `%s`, want `%s`\n", type, buf, want);
        failures++;
    }
}

static void test_text(void)
{
    KilnValue v;
    char err[128];
    CHECK(kiln_value_parse("-1", 'i', 0, &v, err, sizeof err) && v.i32 == -1);
    CHECK(kiln_value_parse("4294967295", 'i', 0, &v, err, sizeof err) &&
          v.i32 == -1);
    CHECK(kiln_value_parse("0x7fffffff", 'i', 0, &v, err, sizeof err) &&
          v.i32 == INT32_MAX);
    CHECK(kiln_value_parse("-2147483648", 'i', 0, &v, err, sizeof err) &&
          v.i32 == INT32_MIN);
    CHECK(kiln_value_parse("010", 'i', 0, &v, err, sizeof err) && v.i32 == 10);
    check_parse("4294967296", 'i', false);
    check_parse("-2147483649", 'i', false);
    check_parse("x", 'i', false);
    check_parse("", 'i', false);
    check_parse("1.5", 'i', false);
    CHECK(!kiln_value_parse("abc", 'l', 2, &v, err, sizeof err) &&
          strcmp(err, "invalid argument `abc` for parameter 3 (i64)") == 0);
    CHECK(kiln_value_parse("-9223372036854775808", 'l', 0, &v, err,
                           sizeof err) && v.i64 == INT64_MIN);
    CHECK(kiln_value_parse("18446744073709551615", 'l', 0, &v, err,
                           sizeof err) && v.i64 == -1);
    check_parse("18446744073709551616", 'l', false);
    CHECK(kiln_value_parse("1.5", 'f', 0, &v, err, sizeof err) &&
          v.f32 == 1.5f);
    CHECK(kiln_value_parse("0x1p-149", 'f', 0, &v, err, sizeof err) &&
          v.f32 > 0);
    CHECK(kiln_value_parse("-inf", 'd', 0, &v, err, sizeof err) &&
          isinf(v.f64) && v.f64 < 0);
    CHECK(kiln_value_parse("nan", 'd', 0, &v, err, sizeof err) &&
          isnan(v.f64));
    uint32_t bits;
    CHECK(kiln_value_parse("nan:0x200000", 'f', 0, &v, err, sizeof err));
    memcpy(&bits, &v.f32, 4);
    CHECK(bits == 0x7fa00000u);
    check_parse("1.5x", 'd', false);
    check_parse("nan:0x0", 'f', false);
    CHECK(kiln_value_parse("0x0102", 'v', 0, &v, err, sizeof err) &&
          v.v128[0] == 2 && v.v128[1] == 1 && v.v128[2] == 0);
    check_parse("0x" "000000000000000000000000000000001", 'v', false);
    check_parse("null", 'E', true);
    check_parse("1", 'F', false);

    v.i32 = -5;
    check_format('i', v, "-5");
    v.i64 = INT64_MIN;
    check_format('l', v, "-9223372036854775808");
    v.f32 = 1.0f;
    check_format('f', v, "1");
    v.f32 = 0.1f;
    check_format('f', v, "0.1");
    v.f32 = -0.0f;
    check_format('f', v, "-0");
    v.f32 = 1e20f;
    check_format('f', v, "100000000000000000000");
    v.f32 = 1.5e-5f;
    check_format('f', v, "0.000015");
    v.f32 = 16777216.0f;
    check_format('f', v, "16777216");
    v.f64 = 0.1 + 0.2;
    check_format('d', v, "0.30000000000000004");
    v.f64 = 123.456;
    check_format('d', v, "123.456");
    v.f64 = NAN;
    check_format('d', v, "NaN");
    char buf[KILN_VALUE_TEXT_MAX];
    v.f64 = 4.9406564584124654e-324;
    kiln_value_format('d', &v, buf, sizeof buf);
    CHECK(strlen(buf) == 326 && strcmp(buf + 320, "000005") == 0);
    v.f64 = 1.7976931348623157e308;
    kiln_value_format('d', &v, buf, sizeof buf);
    CHECK(strlen(buf) == 309 && strncmp(buf, "17976931348623157000", 20) == 0);
    v.f32 = -3.4028235e38f;
    check_format('f', v, "-340282350000000000000000000000000000000");
    v.f64 = -INFINITY;
    check_format('d', v, "-inf");
    v.f32 = INFINITY;
    check_format('f', v, "inf");
    memset(v.v128, 0, 16);
    v.v128[0] = 0xab;
    v.v128[15] = 0x01;
    check_format('v', v, "0x010000000000000000000000000000ab");
    v.ref = NULL;
    check_format('F', v, "null");
    v.ref = &v;
    check_format('E', v, "ref");
}

int main(void)
{
    test_calls();
    test_text();
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("invoke: all checks passed\n");
    return 0;
}
