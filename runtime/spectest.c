/* spectest.c: the host functions of the spec test suite's "spectest"
 * module (runtime/spectest.def), printing their arguments one per line as
 * the reference interpreter does: "<value> : <type>".  Floats use the
 * shortest decimal that reads back to the same value.
 */
#include "kiln_rt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void kiln_spectest_print(KilnVmctx *vm);
void kiln_spectest_print_i32(KilnVmctx *vm, int32_t v);
void kiln_spectest_print_i64(KilnVmctx *vm, int64_t v);
void kiln_spectest_print_f32(KilnVmctx *vm, float v);
void kiln_spectest_print_f64(KilnVmctx *vm, double v);
void kiln_spectest_print_i32_f32(KilnVmctx *vm, int32_t a, float b);
void kiln_spectest_print_f64_f64(KilnVmctx *vm, double a, double b);

static void format_float(char *buf, size_t cap, double v, bool single)
{
    if (isnan(v)) {
        snprintf(buf, cap, "%snan", signbit(v) ? "-" : "");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, cap, "%sinf", v < 0 ? "-" : "");
        return;
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, cap, "%.*g", prec, v);
        double back = strtod(buf, NULL);
        if (single ? (float)back == (float)v : back == v)
            break;
    }
    if (!strpbrk(buf, ".e"))
        strncat(buf, ".", cap - strlen(buf) - 1);
}

static void print_float(double v, bool single)
{
    char buf[64];
    format_float(buf, sizeof buf, v, single);
    printf("%s : %s\n", buf, single ? "f32" : "f64");
}

void kiln_spectest_print(KilnVmctx *vm)
{
    fflush(stdout);
}

void kiln_spectest_print_i32(KilnVmctx *vm, int32_t v)
{
    printf("%d : i32\n", v);
    fflush(stdout);
}

void kiln_spectest_print_i64(KilnVmctx *vm, int64_t v)
{
    printf("%lld : i64\n", (long long)v);
    fflush(stdout);
}

void kiln_spectest_print_f32(KilnVmctx *vm, float v)
{
    print_float(v, true);
    fflush(stdout);
}

void kiln_spectest_print_f64(KilnVmctx *vm, double v)
{
    print_float(v, false);
    fflush(stdout);
}

void kiln_spectest_print_i32_f32(KilnVmctx *vm, int32_t a, float b)
{
    printf("%d : i32\n", a);
    print_float(b, true);
    fflush(stdout);
}

void kiln_spectest_print_f64_f64(KilnVmctx *vm, double a, double b)
{
    print_float(a, false);
    print_float(b, false);
    fflush(stdout);
}
