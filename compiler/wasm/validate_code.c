/* Function bodies (spec 3.3 "Instructions", 3.4 "Instruction Sequences"),
 * checked with the algorithm of the spec's appendix "Validation Algorithm":
 * an operand stack of value types in which Unknown stands for any type in
 * unreachable code, and a stack of control frames.  Instructions whose row
 * in opcodes.def carries a signature are typed from it; the others are
 * typed by family in validate_ops.c.  The validator records the deepest
 * operand stack (WasmFunc.max_stack) and the else/end index of each block.
 */
#include "wasm/validate_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wasm_val_fail_here(WasmValidator *v, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const WasmInstr *in = &v->f->code[v->pos];
    wasm_val_fail(v, in->offset, "%s at %s", msg, wasm_op_info[in->op].name);
}

void wasm_val_push(WasmValidator *v, uint8_t t)
{
    v->vals = kiln_grow(v->vals, &v->vcap, v->nvals + 1, 1);
    v->vals[v->nvals++] = t;
    if (v->nvals > v->max_stack)
        v->max_stack = (uint32_t)v->nvals;
}

uint8_t wasm_val_pop(WasmValidator *v)
{
    WasmCtrl *c = &v->ctrls[v->nctrls - 1];
    if (v->nvals == c->height) {
        if (c->unreachable)
            return VAL_UNKNOWN;
        wasm_val_fail_here(v, "type mismatch: expected a value, found an "
                           "empty stack");
    }
    return v->vals[--v->nvals];
}

uint8_t wasm_val_pop_expect(WasmValidator *v, uint8_t want)
{
    const WasmCtrl *c = &v->ctrls[v->nctrls - 1];
    if (v->nvals == c->height && !c->unreachable)
        wasm_val_fail_here(v, "type mismatch: expected %s, found an empty "
                           "stack", wasm_val_type_name(want));
    uint8_t t = wasm_val_pop(v);
    if (t != want && t != VAL_UNKNOWN && want != VAL_UNKNOWN)
        wasm_val_fail_here(v, "type mismatch: expected %s, found %s",
                           wasm_val_type_name(want), wasm_val_type_name(t));
    return t;
}

void wasm_val_pop_list(WasmValidator *v, const uint8_t *ts, uint32_t n)
{
    for (uint32_t i = n; i-- > 0;)
        wasm_val_pop_expect(v, ts[i]);
}

void wasm_val_push_list(WasmValidator *v, const uint8_t *ts, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        wasm_val_push(v, ts[i]);
}

void wasm_val_unreachable(WasmValidator *v)
{
    WasmCtrl *c = &v->ctrls[v->nctrls - 1];
    v->nvals = c->height;
    c->unreachable = true;
}

/* Address type letter 'a' resolves to the memory's index type. */
static uint8_t sig_type(char ch, uint8_t addr)
{
    switch (ch) {
    case 'i': return WASM_I32;
    case 'l': return WASM_I64;
    case 'f': return WASM_F32;
    case 'd': return WASM_F64;
    case 'v': return WASM_V128;
    case 'a': return addr;
    }
    KILN_BUG("bad signature letter %c", ch);
}

static void check_by_signature(WasmValidator *v, const WasmInstr *in)
{
    const WasmOpInfo *oi = &wasm_op_info[in->op];
    uint8_t addr = WASM_I32;
    if (oi->imm == IMM_MEMARG || oi->imm == IMM_MEMARG_LANE)
        addr = wasm_validate_memarg(v, in);
    else if (oi->imm == IMM_MEM)
        addr = wasm_val_memory_addr(v, in->u.idx.a);
    else if (oi->imm == IMM_LANE || oi->imm == IMM_SHUFFLE)
        wasm_validate_memarg(v, in); /* lane checks only */
    const char *colon = strchr(oi->sig, ':');
    for (const char *p = colon; p-- > oi->sig;)
        wasm_val_pop_expect(v, sig_type(*p, addr));
    for (const char *p = colon + 1; *p; p++)
        wasm_val_push(v, sig_type(*p, addr));
}

static void check_instr(WasmValidator *v, const WasmInstr *in)
{
    if (wasm_op_info[in->op].sig[0]) {
        check_by_signature(v, in);
        return;
    }
    switch (in->op) {
    case WASM_OP_LOCAL_GET: case WASM_OP_LOCAL_SET: case WASM_OP_LOCAL_TEE:
    case WASM_OP_GLOBAL_GET: case WASM_OP_GLOBAL_SET:
        wasm_validate_variable(v, in);
        return;
    case WASM_OP_TABLE_GET: case WASM_OP_TABLE_SET: case WASM_OP_TABLE_SIZE:
    case WASM_OP_TABLE_GROW: case WASM_OP_TABLE_FILL: case WASM_OP_TABLE_COPY:
    case WASM_OP_TABLE_INIT: case WASM_OP_ELEM_DROP:
        wasm_validate_table(v, in);
        return;
    case WASM_OP_MEMORY_INIT: case WASM_OP_DATA_DROP: case WASM_OP_MEMORY_COPY:
    case WASM_OP_MEMORY_FILL:
        wasm_validate_memory_misc(v, in);
        return;
    case WASM_OP_REF_NULL: case WASM_OP_REF_IS_NULL: case WASM_OP_REF_FUNC:
        wasm_validate_reference(v, in);
        return;
    default:
        wasm_validate_control(v, in);
        return;
    }
}

void wasm_validate_func(WasmValidator *v, uint32_t funcidx)
{
    WasmModule *m = v->m;
    WasmFunc *f = &m->funcs[funcidx];
    if (f->type >= m->ntypes)
        wasm_val_fail(v, f->body_offset, "unknown type %u", f->type);
    const WasmFuncType *ft = &m->types[f->type];
    v->f = f;
    v->nlocals = ft->nparams + f->nlocals;
    v->locals = realloc(v->locals, v->nlocals ? v->nlocals : 1);
    if (!v->locals)
        kiln_oom();
    for (uint32_t i = 0; i < ft->nparams; i++)
        v->locals[i] = (uint8_t)ft->params[i];
    for (uint32_t i = 0; i < f->nlocals; i++)
        v->locals[ft->nparams + i] = (uint8_t)f->locals[i];
    v->nvals = 0;
    v->max_stack = 0;
    v->ctrls = kiln_grow(v->ctrls, &v->ccap, 1, sizeof *v->ctrls);
    v->nctrls = 1;
    v->ctrls[0] = (WasmCtrl){.op = WASM_OP_END,
                             .results = v->tbytes[f->type] + ft->nparams,
                             .nresults = ft->nresults};
    for (v->pos = 0; v->pos < f->ncode; v->pos++) {
        check_instr(v, &f->code[v->pos]);
        if (v->nctrls == 0 && v->pos + 1 < f->ncode)
            wasm_val_fail(v, f->code[v->pos + 1].offset,
                          "unexpected instruction after the function's end");
    }
    f->max_stack = v->max_stack;
}
