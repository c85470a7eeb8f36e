/* Opcode lookup for the decoder (see opinfo.c). */
#ifndef KILN_WASM_OPINFO_H
#define KILN_WASM_OPINFO_H

#include "wasm/module.h"

/* The WasmOp for an opcode, or -1 when no instruction has that code.
 * prefix is 0, 0xFC or 0xFD. */
int wasm_op_lookup(uint8_t prefix, uint32_t code);

#endif
