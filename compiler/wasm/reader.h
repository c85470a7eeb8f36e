/* Byte reader for the binary format (spec 5.1 "Conventions", 5.2 "Values").
 *
 * The reader walks the input between `pos` and `end`, where `end` is the
 * end of the current section or function body, or of the file.  Every
 * error is reported through the Diag with the offset of the offending byte
 * and then unwinds with longjmp to the jmp_buf of the decode call, so the
 * decoding functions read straight-line.
 */
#ifndef KILN_WASM_READER_H
#define KILN_WASM_READER_H

#include <setjmp.h>

#include "wasm/module.h"

typedef struct WasmReader {
    const uint8_t *buf; /* the whole file */
    size_t pos;         /* absolute offset of the next byte */
    size_t end;         /* limit of the current section or body */
    size_t size;        /* file size */
    bool limited;       /* inside a section: `end` is its limit */
    const char *path;
    Diag *diag;
    jmp_buf *fail;
} WasmReader;

_Noreturn void wasm_rd_fail(WasmReader *r, size_t offset, const char *fmt,
                            ...) __attribute__((format(printf, 3, 4)));
/* Reports reading past `end`: "unexpected end" at the end of the file,
 * "unexpected end of section or function" at an inner limit. */
_Noreturn void wasm_rd_eof(WasmReader *r);

uint8_t wasm_rd_u8(WasmReader *r);
const uint8_t *wasm_rd_bytes(WasmReader *r, size_t n);
uint32_t wasm_rd_u32(WasmReader *r);
uint64_t wasm_rd_u64(WasmReader *r);
int32_t wasm_rd_s32(WasmReader *r);
int64_t wasm_rd_s33(WasmReader *r);
int64_t wasm_rd_s64(WasmReader *r);
/* A vector length whose `min_elem_size`-byte elements must fit before
 * `end`; reports an unexpected end otherwise, so callers can allocate. */
uint32_t wasm_rd_count(WasmReader *r, size_t min_elem_size);
/* A length-prefixed UTF-8 name, copied NUL-terminated into `arena`. */
WasmName wasm_rd_name(WasmReader *r, Arena *arena);
bool wasm_utf8_valid(const uint8_t *s, size_t len);

static inline bool wasm_rd_more(const WasmReader *r) { return r->pos < r->end; }

#endif
