/* test_spectest.c: the spectest print functions' output format (the
 * reference interpreter's: "<value> : <type>", digits grouped with '_'). */
#include "kiln_rt.h"
#include "rt_test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void kiln_spectest_print(KilnVmctx *vm);
void kiln_spectest_print_i32(KilnVmctx *vm, int32_t v);
void kiln_spectest_print_i64(KilnVmctx *vm, int64_t v);
void kiln_spectest_print_f32(KilnVmctx *vm, float v);
void kiln_spectest_print_f64(KilnVmctx *vm, double v);
void kiln_spectest_print_i32_f32(KilnVmctx *vm, int32_t a, float b);
void kiln_spectest_print_f64_f64(KilnVmctx *vm, double a, double b);

int main(void)
{
    FILE *tmp = tmpfile();
    int saved = dup(1);
    fflush(stdout);
    dup2(fileno(tmp), 1);
    kiln_spectest_print(NULL);
    kiln_spectest_print_i32(NULL, 42);
    kiln_spectest_print_i32(NULL, -1234567);
    kiln_spectest_print_i64(NULL, 1000);
    kiln_spectest_print_i64(NULL, INT64_MIN);
    kiln_spectest_print_f32(NULL, 13.1f);
    kiln_spectest_print_f64(NULL, 666.6);
    kiln_spectest_print_f64(NULL, 1e21);
    kiln_spectest_print_f64(NULL, -0.0);
    kiln_spectest_print_f32(NULL, -INFINITY);
    kiln_spectest_print_f32(NULL, NAN);
    kiln_spectest_print_f64(NULL, -NAN);
    kiln_spectest_print_i32_f32(NULL, 1, 2.0f);
    kiln_spectest_print_f64_f64(NULL, 1234.5, 0.25);
    fflush(stdout);
    dup2(saved, 1);
    close(saved);

    static const char want[] =
        "42 : i32\n"
        "-1_234_567 : i32\n"
        "1_000 : i64\n"
        "-9_223_372_036_854_775_808 : i64\n"
        "13.100_000_381_469_727 : f32\n"
        "666.600_000_000_000_02 : f64\n"
        "1e+21 : f64\n"
        "-0 : f64\n"
        "-inf : f32\n"
        "nan:0x40_0000 : f32\n"
        "-nan:0x8_0000_0000_0000 : f64\n"
        "1 : i32\n"
        "2 : f32\n"
        "1_234.5 : f64\n"
        "0.25 : f64\n";
    char got[1024] = {0};
    rewind(tmp);
    size_t n = fread(got, 1, sizeof got - 1, tmp);
    got[n] = '\0';
    CHECK(!strcmp(got, want));
    if (strcmp(got, want))
        fprintf(stderr, "got:\n%s", got);
    fclose(tmp);
    return TEST_RESULT();
}
