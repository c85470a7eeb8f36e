/* Diagnostics.  User errors (bad input, bad flags) are reported through a
 * Diag with a location and end in exit status 1 at the driver; broken
 * invariants inside kiln call kiln_bug(), which aborts.
 *
 * Format, one line each, as compilers print them:
 *   prog.wasm:0x1f3: error: type mismatch: expected i32, found f64
 *   world.wit:12:7: error: undefined type `foo`   (plus source line + caret)
 */
#ifndef KILN_UTIL_DIAG_H
#define KILN_UTIL_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Diag {
    FILE *out;       /* where messages go; NULL keeps them silent */
    unsigned errors; /* errors reported so far */
    /* The first error's text (without location), kept for callers such
     * as the spec-test runner that compare messages. */
    char first[256];
    uint64_t first_offset;
} Diag;

void diag_init(Diag *d, FILE *out);

/* "<file>:0x<offset>: error: <message>" for binary inputs. */
void diag_at(Diag *d, const char *file, uint64_t offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "<file>: error: <message>" where no position applies. */
void diag_error(Diag *d, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* "<file>:<line>:<col>: error: <message>", then the source line and a
 * caret under column `col` (1-based) when `source_line` is given. */
void diag_at_line(Diag *d, const char *file, unsigned line, unsigned col,
                  const char *source_line, size_t source_len,
                  const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

_Noreturn void kiln_oom(void);
_Noreturn void kiln_bug(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define KILN_BUG(...) kiln_bug(__FILE__, __LINE__, __VA_ARGS__)
#define KILN_ASSERT(c)                                                         \
    do {                                                                       \
        if (!(c))                                                              \
            kiln_bug(__FILE__, __LINE__, "assertion failed: %s", #c);          \
    } while (0)

#endif
