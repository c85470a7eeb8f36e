/* WAVE, the WebAssembly Value Encoding (bytecodealliance/wasm-tools,
 * crates/wasm-wave/README.md): the text form of component values that
 * `kiln run --invoke` reads arguments in and prints results in, typed by
 * WIT types (compiler/wit/wit.h; aliases are followed).
 *
 * Every WIT value type but future, stream, error-context and map: bools,
 * integers (base 10), floats (JSON numbers, `nan`, `inf`, `-inf`), chars
 * and strings (escapes \' \" \\ \t \n \r \u{hex}; multi-line `"""`
 * strings), lists, tuples, records (option fields may be left out; `{:}`
 * is the empty record), variants, enums, options and results (explicit
 * `some(..)`/`none`, `ok(..)`/`err(..)`, or the flat payload), flags.
 * Keywords (true false inf nan some none ok err) written as labels need
 * a `%` prefix.  WAVE leaves resources open; kiln writes a handle as `#`
 * and its index in the handle table (`#1`) for own and borrow alike
 * (docs/components.md).
 *
 * The printer writes what wasm-wave's writer writes: options and results
 * in explicit form, records without their `none` fields, floats as the
 * shortest decimal that reads back exactly.
 */
#ifndef KILN_DRIVER_WAVE_H
#define KILN_DRIVER_WAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/arena.h"
#include "wit/wit.h"

typedef struct WaveVal WaveVal;

/* A value; `type` is its resolved type (never a WIT_ALIAS). */
struct WaveVal {
    const WitType *type;
    union {
        bool b;
        int64_t s;       /* s8 .. s64 */
        uint64_t u;      /* u8 .. u64 */
        float f32;
        double f64;
        uint32_t ch;     /* char: a Unicode scalar value */
        uint32_t handle; /* own, borrow */
        uint32_t tag;    /* variant, enum: case index; option: 0 none, 1
                            some; result: 0 ok, 1 err */
        uint32_t flags;  /* flags: bit i set for cases[i] */
    };
    const char *str;   /* string: UTF-8, NUL-terminated */
    size_t len;        /* string: bytes; list, tuple, record: elements */
    WaveVal *elems;    /* list, tuple, record (fields in type order) */
    WaveVal *payload;  /* variant, option, result: NULL when none */
};

/* Room for an error message. */
#define WAVE_ERR_MAX 256

/* Parses one value of type `t` from the whole of `text`; on error writes
 * "expected `]` at column 12" (1-based columns of text) to err. */
bool wave_parse(Arena *a, const WitType *t, const char *text, WaveVal *out,
                char *err, size_t errlen);

/* A function call `name(arg, ...)` starting at text + at: the name is
 * everything before the next `(` (trimmed).  *args_at receives the
 * offset just after `(`. */
bool wave_call_name(Arena *a, const char *text, size_t at, const char **name,
                    size_t *args_at, char *err, size_t errlen);
/* The arguments of a call from text + args_at up to the closing `)`: one
 * value per type of `params`; trailing `none` options may be left out.
 * *end receives the offset after the `)`; with end NULL only whitespace
 * may follow.  Columns in errors count from text. */
bool wave_parse_args(Arena *a, const char *text, size_t args_at,
                     const WitType *const *params, size_t nparams,
                     WaveVal *out, size_t *end, char *err, size_t errlen);
/* The offset of the first character after whitespace and comments. */
size_t wave_skip_space(const char *text, size_t at);

void wave_print(FILE *out, const WaveVal *v);
/* wave_print into an arena string. */
char *wave_to_string(Arena *a, const WaveVal *v);

/* Shared by the parser and the printer: whether a label is a WAVE
 * keyword (true false inf nan some none ok err), and the UTF-8 encoding
 * of a scalar value into o[0..3] (returns its length). */
bool wave_is_keyword(const char *s, size_t len);
size_t wave_utf8_encode(uint32_t c, unsigned char *o);

#endif
