/* Constant expressions (spec 3.3.10 "Constant Expressions", with the
 * extended-const proposal's i32/i64 add, sub and mul).  global.get may only
 * name an immutable global among the first `nglobals_visible` globals: the
 * imported ones for global initializers. */
#include "wasm/validate_internal.h"


typedef struct ConstStack {
    uint8_t *t;
    size_t n, cap;
} ConstStack;

static void cpush(WasmValidator *v, ConstStack *s, uint8_t t)
{
    s->t = kiln_grow(s->t, &s->cap, s->n + 1, 1);
    /* the buffer belongs to the validator, which frees it on any exit */
    v->cstack = s->t, v->cstack_cap = s->cap;
    s->t[s->n++] = t;
}

static void cpop(WasmValidator *v, ConstStack *s, uint8_t want,
                 const WasmInstr *in)
{
    if (s->n == 0)
        wasm_val_fail(v, in->offset, "type mismatch: expected %s, found an "
                      "empty stack in a constant expression",
                      wasm_val_type_name(want));
    uint8_t t = s->t[--s->n];
    if (t != want)
        wasm_val_fail(v, in->offset, "type mismatch: expected %s, found %s "
                      "in a constant expression", wasm_val_type_name(want),
                      wasm_val_type_name(t));
}

static void const_global(WasmValidator *v, ConstStack *s, const WasmInstr *in,
                         uint32_t nvisible)
{
    uint32_t x = in->u.idx.a;
    if (x >= nvisible)
        wasm_val_fail(v, in->offset, "unknown global %u", x);
    const WasmGlobalType *g = &v->m->globals[x].type;
    if (g->mut)
        wasm_val_fail(v, in->offset, "constant expression required: global "
                      "%u is mutable", x);
    cpush(v, s, (uint8_t)g->type);
}

static void const_binary(WasmValidator *v, ConstStack *s, const WasmInstr *in,
                         uint8_t t)
{
    cpop(v, s, t, in);
    cpop(v, s, t, in);
    cpush(v, s, t);
}

static void const_instr(WasmValidator *v, ConstStack *s, const WasmInstr *in,
                        uint32_t nvisible)
{
    switch (in->op) {
    case WASM_OP_I32_CONST: cpush(v, s, WASM_I32); break;
    case WASM_OP_I64_CONST: cpush(v, s, WASM_I64); break;
    case WASM_OP_F32_CONST: cpush(v, s, WASM_F32); break;
    case WASM_OP_F64_CONST: cpush(v, s, WASM_F64); break;
    case WASM_OP_V128_CONST: cpush(v, s, WASM_V128); break;
    case WASM_OP_REF_NULL: cpush(v, s, (uint8_t)in->u.idx.a); break;
    case WASM_OP_REF_FUNC:
        if (in->u.idx.a >= v->m->nfuncs)
            wasm_val_fail(v, in->offset, "unknown function %u", in->u.idx.a);
        cpush(v, s, WASM_FUNCREF);
        break;
    case WASM_OP_GLOBAL_GET:
        const_global(v, s, in, nvisible);
        break;
    case WASM_OP_I32_ADD: case WASM_OP_I32_SUB: case WASM_OP_I32_MUL:
        const_binary(v, s, in, WASM_I32);
        break;
    case WASM_OP_I64_ADD: case WASM_OP_I64_SUB: case WASM_OP_I64_MUL:
        const_binary(v, s, in, WASM_I64);
        break;
    default:
        wasm_val_fail(v, in->offset, "constant expression required: %s is "
                      "not constant", wasm_op_info[in->op].name);
    }
}

void wasm_validate_const_expr(WasmValidator *v, const WasmConstExpr *e,
                              WasmValType want, uint32_t nglobals_visible,
                              uint64_t where)
{
    ConstStack s = {v->cstack, 0, v->cstack_cap};
    for (uint32_t i = 0; i + 1 < e->count; i++)
        const_instr(v, &s, &e->code[i], nglobals_visible);
    const WasmInstr *end = &e->code[e->count - 1];
    if (end->op != WASM_OP_END)
        wasm_val_fail(v, end->offset, "constant expression required");
    size_t n = s.n;
    v->cstack = s.t, v->cstack_cap = s.cap;
    if (n == 1)
        cpop(v, &s, (uint8_t)want, end);
    if (n != 1)
        wasm_val_fail(v, n ? end->offset : where, "type mismatch: a constant "
                      "expression must produce one %s, not %zu values",
                      wasm_val_type_name((uint8_t)want), n);
}
