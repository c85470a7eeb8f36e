/* rt_test.h: a tiny assertion harness for the runtime's C tests.  CHECK
 * counts failures and keeps going; a test's main returns TEST_RESULT(). */
#ifndef KILN_RT_TEST_H
#define KILN_RT_TEST_H

#include <stdio.h>

static int test_failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
            test_failures++;                                               \
        }                                                                  \
    } while (0)

#define TEST_RESULT()                                                      \
    (test_failures ? (fprintf(stderr, "%d check(s) failed\n",              \
                              test_failures), 1)                           \
                   : 0)

/* Code the tests pretend was generated: it lies in its own section, whose
 * bounds the linker provides, and is not instrumented by sanitizers (real
 * generated code is not either). */
#define TEST_GUEST_CODE                                                    \
    __attribute__((section("kiln_test_code"), noinline, used,              \
                   no_sanitize("address", "undefined")))
extern const char __start_kiln_test_code[];
extern const char __stop_kiln_test_code[];

#endif
