/* The instruction table (spec 5.4, "Instructions": opcode encodings) built
 * from opcodes.def, plus the reverse map from (prefix, code) to WasmOp used
 * by the decoder.  The reverse map is filled once, on first use, in a
 * thread-safe way. */
#include "wasm/opinfo.h"

#include <string.h>
#include <threads.h>

const WasmOpInfo wasm_op_info[WASM_OP_COUNT] = {
#define KILN_OP(id, name, prefix, code, imm, sig)                              \
    {name, prefix, code, imm, sig},
#include "wasm/opcodes.def"
#undef KILN_OP
};

/* 0xFFFF marks an unassigned code. */
static uint16_t op_plain[256], op_fc[32], op_fd[256];
static once_flag op_maps_once = ONCE_FLAG_INIT;

static void op_maps_init(void)
{
    memset(op_plain, 0xff, sizeof op_plain);
    memset(op_fc, 0xff, sizeof op_fc);
    memset(op_fd, 0xff, sizeof op_fd);
    for (unsigned i = 0; i < WASM_OP_COUNT; i++) {
        const WasmOpInfo *oi = &wasm_op_info[i];
        if (oi->prefix == 0 && oi->code < 256)
            op_plain[oi->code] = (uint16_t)i;
        else if (oi->prefix == 0xfc && oi->code < 32)
            op_fc[oi->code] = (uint16_t)i;
        else if (oi->prefix == 0xfd && oi->code < 256)
            op_fd[oi->code] = (uint16_t)i;
    }
}

int wasm_op_lookup(uint8_t prefix, uint32_t code)
{
    call_once(&op_maps_once, op_maps_init);
    uint16_t op = 0xffff;
    if (prefix == 0 && code < 256)
        op = op_plain[code];
    else if (prefix == 0xfc && code < 32)
        op = op_fc[code];
    else if (prefix == 0xfd && code < 256)
        op = op_fd[code];
    return op == 0xffff ? -1 : op;
}

const char *wasm_valtype_name(WasmValType t)
{
    switch (t) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_V128: return "v128";
    case WASM_FUNCREF: return "funcref";
    case WASM_EXTERNREF: return "externref";
    }
    return "?";
}
