/* State shared by the section decoder (decode.c) and the instruction
 * decoder (decode_code.c). */
#ifndef KILN_WASM_DECODE_INTERNAL_H
#define KILN_WASM_DECODE_INTERNAL_H

#include "wasm/reader.h"

typedef struct WasmDecoder {
    WasmReader r;
    WasmModule *m;
    /* scratch buffers (malloc), reused for every body and expression */
    WasmInstr *ibuf;
    size_t icap;
    uint32_t *tbuf;
    size_t tcap;
    uint32_t nfunc_decls; /* entries of the function section */
    bool seen_func_section;
    /* The current section's end.  Like the reference interpreter, reads
     * inside a section may run past it up to the end of the file; the
     * size is checked when the section is done, so a short count field
     * reports what the spec's tests expect. */
    size_t sect_end;
    size_t body_outer_end; /* section end while in a body, else 0 */
    size_t datacount_use;  /* first memory.init/data.drop, or SIZE_MAX */
} WasmDecoder;

/* Instructions up to and including the `end` that closes the outermost
 * level, into the scratch buffers; returns the instruction count and sets
 * *ntargets to the number of br_table targets stored in d->tbuf. */
uint32_t wasm_decode_instrs(WasmDecoder *d, uint32_t *ntargets);
/* A constant expression, copied into the module arena. */
WasmConstExpr wasm_decode_const_expr(WasmDecoder *d);
/* The code section entry of function `funcidx`: locals and body. */
void wasm_decode_body(WasmDecoder *d, WasmFunc *f);
WasmValType wasm_decode_valtype(WasmDecoder *d);
/* The payload of a custom section named "name" (decode_names.c). */
void wasm_decode_names(WasmDecoder *d);
uint8_t wasm_decode_type_byte(WasmDecoder *d);

#endif
