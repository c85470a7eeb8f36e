/* Calling exports of compiled modules with any signature through libffi
 * (used by `kiln run --invoke` and the spec-test runner), and the text
 * forms of values for the command line.
 *
 * An export's C-ABI entry follows runtime/kiln_rt.h: R entry(vm, P1, ...)
 * with v128 parameters passed as pointers to 16 bytes; one non-v128 result
 * is returned, otherwise results go through a trailing KilnValue pointer.
 */
#ifndef KILN_DRIVER_INVOKE_H
#define KILN_DRIVER_INVOKE_H

#include <stdbool.h>
#include <stddef.h>

#include "kiln_rt.h"

/* Splits "params:results" into its two letter strings (not NUL-terminated:
 * lengths in *nparams / *nresults).  False when `sig` has no ':' or an
 * unknown letter. */
bool kiln_sig_split(const char *sig, const char **params, size_t *nparams,
                    const char **results, size_t *nresults);

/* Calls export `e` (kind func) of instance `vm` under a trap guard.
 * `nargs`/`nresults` must match the signature.  Returns false when the
 * call trapped (trap filled when given) or could not be made (bad arity,
 * no entry: trap->kind KILN_TRAP_NONE with a message). */
bool kiln_invoke(const KilnExportDesc *e, KilnVmctx *vm,
                 const KilnValue *args, size_t nargs, KilnValue *results,
                 size_t nresults, KilnTrapInfo *trap);

/* "i32", "i64", "f32", "f64", "v128", "funcref", "externref" for a
 * signature letter; "?" otherwise. */
const char *kiln_sig_letter_name(char letter);

/* Parses command-line text into a value of the type named by signature
 * letter `type`: integers in decimal or 0x-hex (negative allowed,
 * two's complement range accepted), floats in any strtod form plus
 * "nan", "inf", "nan:0x<payload>", v128 as 0x + up to 32 hex digits (a
 * little-endian u128), references only as "null".  On failure writes
 * "invalid argument `x` for parameter N (i32)" to err (N = index + 1). */
bool kiln_value_parse(const char *text, char type, unsigned index,
                      KilnValue *out, char *err, size_t errlen);

/* Room kiln_value_format needs for any value: f64 extremes written
 * without an exponent take up to 326 characters (5e-324). */
#define KILN_VALUE_TEXT_MAX 400

/* Formats a value as wasmtime prints results: integers as signed decimal,
 * floats as the shortest decimal that reads back exactly (no exponent,
 * "NaN", "inf", "-inf", "-0"), v128 as 0x + 32 hex digits of the
 * little-endian u128, references as "null" or "ref".  Returns buf;
 * a buffer shorter than KILN_VALUE_TEXT_MAX may truncate. */
char *kiln_value_format(char type, const KilnValue *v, char *buf,
                        size_t len);

#endif
