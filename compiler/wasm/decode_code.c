/* Instructions and function bodies (spec 5.4 "Instructions", 5.5.13 "Code
 * Section").  Bodies are decoded eagerly into WasmInstr arrays; the
 * immediates are read according to the immediate kind of the opcode's row
 * in opcodes.def, so this file has one switch over immediate kinds and none
 * over opcodes.  Multi-memory: a memarg whose flags have bit 6 set carries
 * an explicit memory index.  memory64: memarg offsets are u64 for 64-bit
 * memories. */
#include "wasm/decode_internal.h"
#include "wasm/opinfo.h"

#include <stdint.h>
#include <string.h>

enum { LOCALS_LIMIT = 50000 };

static bool is_valtype_byte(uint8_t b)
{
    return (b >= 0x7b && b <= 0x7f) || b == 0x70 || b == 0x6f;
}

/* Type bytes are one-byte signed LEB128 numbers in the reference
 * interpreter, so a continuation bit is an over-long integer. */
uint8_t wasm_decode_type_byte(WasmDecoder *d)
{
    size_t at = d->r.pos;
    uint8_t b = wasm_rd_u8(&d->r);
    if (b & 0x80)
        wasm_rd_fail(&d->r, at, "integer representation too long");
    return b;
}

WasmValType wasm_decode_valtype(WasmDecoder *d)
{
    size_t at = d->r.pos;
    uint8_t b = wasm_decode_type_byte(d);
    if (!is_valtype_byte(b))
        wasm_rd_fail(&d->r, at, "malformed value type 0x%02x", b);
    return (WasmValType)b;
}

/* blocktype ::= 0x40 | valtype | s33 type index */
static void read_blocktype(WasmDecoder *d, WasmBlockType *bt)
{
    WasmReader *r = &d->r;
    size_t at = r->pos;
    if (r->pos < r->end) {
        uint8_t b = r->buf[r->pos];
        if (b == 0x40) {
            r->pos++;
            bt->kind = WASM_BLOCK_EMPTY;
            return;
        }
        if (is_valtype_byte(b)) {
            r->pos++;
            bt->kind = WASM_BLOCK_VALUE;
            bt->valtype = b;
            return;
        }
    }
    int64_t idx = wasm_rd_s33(r);
    if (idx < 0)
        wasm_rd_fail(r, at, "malformed block type");
    bt->kind = WASM_BLOCK_TYPEIDX;
    bt->typeidx = (uint32_t)idx;
}

/* memidx ::= u32 with multi-memory; without it the single byte 0x00. */
static uint32_t read_memidx(WasmDecoder *d)
{
    if (d->m->features.multi_memory)
        return wasm_rd_u32(&d->r);
    size_t at = d->r.pos;
    if (wasm_rd_u8(&d->r) != 0)
        wasm_rd_fail(&d->r, at, "zero byte expected");
    return 0;
}

/* memarg ::= flags:u32 (memidx:u32 if flags bit 6) offset:u32|u64 */
static void read_memarg(WasmDecoder *d, WasmMemArg *ma)
{
    WasmReader *r = &d->r;
    uint32_t flags = wasm_rd_u32(r);
    ma->memidx = 0;
    if ((flags & 0x40) && d->m->features.multi_memory) {
        ma->memidx = wasm_rd_u32(r);
        flags &= ~0x40u;
    }
    ma->align = flags > 0xff ? 0xff : (uint8_t)flags;
    const WasmModule *m = d->m;
    bool is64 = ma->memidx < m->nmemories &&
                m->memories[ma->memidx].limits.is64;
    ma->offset = is64 ? wasm_rd_u64(r) : wasm_rd_u32(r);
}

static void read_br_table(WasmDecoder *d, WasmInstr *in, uint32_t *ntargets)
{
    uint32_t n = wasm_rd_count(&d->r, 1);
    d->tbuf = kiln_grow(d->tbuf, &d->tcap, (size_t)*ntargets + n + 1,
                        sizeof *d->tbuf);
    in->u.br_table.first = *ntargets;
    in->u.br_table.count = n;
    for (uint32_t i = 0; i <= n; i++)
        d->tbuf[(*ntargets)++] = wasm_rd_u32(&d->r);
}

static void read_immediates(WasmDecoder *d, WasmInstr *in, uint32_t *ntargets)
{
    WasmReader *r = &d->r;
    switch (wasm_op_info[in->op].imm) {
    case IMM_NONE:
        break;
    case IMM_BLOCK:
        read_blocktype(d, &in->u.block.type);
        break;
    case IMM_BR_TABLE:
        read_br_table(d, in, ntargets);
        break;
    case IMM_MEM:
        in->u.idx.a = read_memidx(d);
        break;
    case IMM_LABEL: case IMM_FUNC: case IMM_LOCAL: case IMM_GLOBAL:
    case IMM_TABLE: case IMM_ELEM: case IMM_DATA:
        in->u.idx.a = wasm_rd_u32(r);
        break;
    case IMM_MEM_COPY:
        in->u.idx.a = read_memidx(d);
        in->u.idx.b = read_memidx(d);
        break;
    case IMM_MEM_INIT:
        in->u.idx.a = wasm_rd_u32(r);
        in->u.idx.b = read_memidx(d);
        break;
    case IMM_CALL_INDIRECT: case IMM_TABLE_COPY: case IMM_TABLE_INIT:
        in->u.idx.a = wasm_rd_u32(r);
        in->u.idx.b = wasm_rd_u32(r);
        break;
    case IMM_MEMARG:
        read_memarg(d, &in->u.mem);
        break;
    case IMM_MEMARG_LANE:
        read_memarg(d, &in->u.mem);
        in->lane = wasm_rd_u8(r);
        break;
    case IMM_LANE:
        in->lane = wasm_rd_u8(r);
        break;
    case IMM_SHUFFLE: case IMM_V128:
        memcpy(in->u.v128, wasm_rd_bytes(r, 16), 16);
        break;
    case IMM_I32:
        in->u.i32 = wasm_rd_s32(r);
        break;
    case IMM_I64:
        in->u.i64 = wasm_rd_s64(r);
        break;
    case IMM_F32:
        memcpy(&in->u.f32, wasm_rd_bytes(r, 4), 4);
        break;
    case IMM_F64:
        memcpy(&in->u.f64, wasm_rd_bytes(r, 8), 8);
        break;
    case IMM_SELECT_T: {
        /* the count is kept in idx.b for the validator's arity check */
        uint32_t n = wasm_rd_count(r, 1);
        in->u.idx.b = n;
        in->u.idx.a = 0;
        for (uint32_t i = 0; i < n; i++) {
            WasmValType t = wasm_decode_valtype(d);
            if (i == 0)
                in->u.idx.a = t;
        }
        break;
    }
    case IMM_REFTYPE: {
        size_t at = r->pos;
        uint8_t b = wasm_rd_u8(r);
        if (b != WASM_FUNCREF && b != WASM_EXTERNREF)
            wasm_rd_fail(r, at, "malformed reference type");
        in->u.idx.a = b;
        break;
    }
    }
}

/* Opcodes of proposals kiln refuses, named so the user knows why. */
static _Noreturn void refuse_opcode(WasmDecoder *d, size_t at, uint8_t b)
{
    switch (b) {
    case 0x06: case 0x07: case 0x08: case 0x09: case 0x0a:
    case 0x18: case 0x19: case 0x1f:
        wasm_rd_fail(&d->r, at, "illegal opcode 0x%02x: exception handling "
                     "is not supported", b);
    case 0xfe:
        wasm_rd_fail(&d->r, at, "illegal opcode 0xfe: shared memories and "
                     "atomics (threads) are not supported yet");
    default:
        wasm_rd_fail(&d->r, at, "illegal opcode 0x%02x", b);
    }
}

/* A body that stops before its final `end`, reported as the reference
 * interpreter does: it reads on into the rest of the section. */
static _Noreturn void missing_end(WasmDecoder *d)
{
    WasmReader *r = &d->r;
    if (d->body_outer_end && r->end < d->body_outer_end)
        wasm_rd_fail(r, r->pos, "END opcode expected");
    if (d->body_outer_end && r->end < r->size)
        wasm_rd_fail(r, r->pos, "section size mismatch: the function has no "
                     "final end");
    wasm_rd_eof(r);
}

static uint16_t read_opcode(WasmDecoder *d)
{
    size_t at = d->r.pos;
    uint8_t b = wasm_rd_u8(&d->r);
    int op;
    if (b == 0xfc || b == 0xfd) {
        uint32_t code = wasm_rd_u32(&d->r);
        op = wasm_op_lookup(b, code);
        if (op < 0)
            wasm_rd_fail(&d->r, at, "illegal opcode 0x%02x 0x%x", b, code);
    } else {
        op = wasm_op_lookup(0, b);
        if (op < 0)
            refuse_opcode(d, at, b);
    }
    return (uint16_t)op;
}

uint32_t wasm_decode_instrs(WasmDecoder *d, uint32_t *ntargets)
{
    uint32_t n = 0, depth = 1;
    *ntargets = 0;
    while (depth > 0) {
        d->ibuf = kiln_grow(d->ibuf, &d->icap, (size_t)n + 1, sizeof *d->ibuf);
        WasmInstr *in = &d->ibuf[n++];
        memset(in, 0, sizeof *in);
        in->offset = (uint32_t)d->r.pos;
        if (d->r.pos >= d->r.end)
            missing_end(d);
        in->op = read_opcode(d);
        switch (in->op) {
        case WASM_OP_BLOCK: case WASM_OP_LOOP: case WASM_OP_IF:
            depth++;
            break;
        case WASM_OP_END:
            depth--;
            break;
        case WASM_OP_MEMORY_INIT: case WASM_OP_DATA_DROP:
            /* without a data count section this is malformed unless the
             * module has no data at all (then the index is unknown) */
            if (!d->m->has_data_count && d->datacount_use == SIZE_MAX)
                d->datacount_use = in->offset;
            break;
        default:
            break;
        }
        read_immediates(d, in, ntargets);
    }
    return n;
}

WasmConstExpr wasm_decode_const_expr(WasmDecoder *d)
{
    uint32_t ntargets;
    WasmConstExpr e;
    e.count = wasm_decode_instrs(d, &ntargets);
    e.code = arena_array(&d->m->arena, e.count, sizeof *e.code);
    memcpy(e.code, d->ibuf, e.count * sizeof *e.code);
    return e;
}

/* locals ::= vec(count:u32 valtype), expanded one entry per local */
static void read_locals(WasmDecoder *d, WasmFunc *f)
{
    WasmReader *r = &d->r;
    uint32_t ngroups = wasm_rd_count(r, 2);
    size_t save = r->pos;
    uint64_t total = 0;
    for (uint32_t i = 0; i < ngroups; i++) {
        size_t at = r->pos;
        total += wasm_rd_u32(r);
        if (total > UINT32_MAX)
            wasm_rd_fail(r, at, "too many locals");
        if (total > LOCALS_LIMIT)
            wasm_rd_fail(r, at, "too many locals (kiln's limit is %u)",
                         LOCALS_LIMIT);
        wasm_decode_valtype(d);
    }
    r->pos = save;
    f->nlocals = (uint32_t)total;
    f->locals = arena_array(&d->m->arena, total, sizeof *f->locals);
    uint32_t k = 0;
    for (uint32_t i = 0; i < ngroups; i++) {
        uint32_t c = wasm_rd_u32(r);
        WasmValType t = wasm_decode_valtype(d);
        for (uint32_t j = 0; j < c; j++)
            f->locals[k++] = t;
    }
}

/* code ::= size:u32 func:(locals expr), size checked against the bytes */
void wasm_decode_body(WasmDecoder *d, WasmFunc *f)
{
    WasmReader *r = &d->r;
    size_t size_at = r->pos;
    uint32_t size = wasm_rd_u32(r);
    if (size > r->end - r->pos)
        wasm_rd_fail(r, size_at, "length out of bounds");
    size_t outer_end = r->end;
    r->end = r->pos + size;
    d->body_outer_end = d->sect_end;
    f->body_offset = (uint32_t)size_at;
    f->body_size = size;
    read_locals(d, f);
    uint32_t ntargets;
    f->ncode = wasm_decode_instrs(d, &ntargets);
    d->body_outer_end = 0;
    if (r->pos != r->end)
        wasm_rd_fail(r, r->pos, "section size mismatch: bytes after the "
                     "function's final end");
    f->code = arena_array(&d->m->arena, f->ncode, sizeof *f->code);
    memcpy(f->code, d->ibuf, f->ncode * sizeof *f->code);
    f->nbr_targets = ntargets;
    if (ntargets) {
        f->br_targets = arena_array(&d->m->arena, ntargets,
                                    sizeof *f->br_targets);
        memcpy(f->br_targets, d->tbuf, ntargets * sizeof *f->br_targets);
    }
    r->end = outer_end;
}
