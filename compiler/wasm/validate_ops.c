/* The instructions that opcodes.def leaves to be typed by hand, one
 * function per family (spec 3.3.1 numeric/vector immediates, 3.3.2
 * reference, 3.3.3 parametric, 3.3.4 variable, 3.3.5 table, 3.3.6 memory,
 * 3.3.8 control instructions; tail calls; multi-memory; memory64). */
#include "wasm/validate_internal.h"

#include <stdlib.h>
#include <string.h>
#include <threads.h>

/* ---- memory arguments and lanes ---- */

uint8_t wasm_val_memory_addr(WasmValidator *v, uint32_t memidx)
{
    if (memidx >= v->m->nmemories)
        wasm_val_fail_here(v, "unknown memory %u", memidx);
    return v->m->memories[memidx].limits.is64 ? WASM_I64 : WASM_I32;
}

/* Access width in bytes from the text name: "i64.load32_u" -> 4,
 * "v128.load8x8_s" -> 8, "f64.store" -> 8, "v128.load16_lane" -> 2. */
static unsigned access_bytes(const char *name)
{
    const char *p = strstr(name, "load");
    p = p ? p + 4 : strstr(name, "store") + 5;
    if (*p >= '0' && *p <= '9') {
        unsigned bits = (unsigned)strtoul(p, (char **)&p, 10);
        if (*p == 'x')
            bits *= (unsigned)strtoul(p + 1, NULL, 10);
        return bits / 8;
    }
    if (name[0] == 'v')
        return 16;
    return name[1] == '3' ? 4 : 8;
}

/* Lanes of the vector shape named by the prefix: "i16x8.x" -> 8. */
static unsigned shape_lanes(const char *name)
{
    const char *x = strchr(name, 'x');
    return (unsigned)strtoul(x + 1, NULL, 10);
}

/* log2 of each memory instruction's access width, filled once */
static uint8_t natural_align[WASM_OP_COUNT];
static once_flag natural_align_once = ONCE_FLAG_INIT;

static void natural_align_init(void)
{
    for (unsigned op = 0; op < WASM_OP_COUNT; op++) {
        WasmImmKind k = wasm_op_info[op].imm;
        if (k != IMM_MEMARG && k != IMM_MEMARG_LANE)
            continue;
        unsigned bytes = access_bytes(wasm_op_info[op].name), lg = 0;
        while ((1u << lg) < bytes)
            lg++;
        natural_align[op] = (uint8_t)lg;
    }
}

static unsigned natural_log2(uint16_t op)
{
    call_once(&natural_align_once, natural_align_init);
    return natural_align[op];
}

static void check_lane(WasmValidator *v, const WasmInstr *in)
{
    const WasmOpInfo *oi = &wasm_op_info[in->op];
    unsigned lanes;
    if (oi->imm == IMM_SHUFFLE) {
        for (int i = 0; i < 16; i++)
            if (in->u.v128[i] >= 32)
                wasm_val_fail_here(v, "invalid lane index %u",
                                   in->u.v128[i]);
        return;
    }
    if (oi->imm == IMM_MEMARG_LANE)
        lanes = 16 / access_bytes(oi->name);
    else
        lanes = shape_lanes(oi->name);
    if (in->lane >= lanes)
        wasm_val_fail_here(v, "invalid lane index %u", in->lane);
}

uint8_t wasm_validate_memarg(WasmValidator *v, const WasmInstr *in)
{
    const WasmOpInfo *oi = &wasm_op_info[in->op];
    if (oi->imm == IMM_LANE || oi->imm == IMM_SHUFFLE) {
        check_lane(v, in);
        return WASM_I32;
    }
    uint8_t addr = wasm_val_memory_addr(v, in->u.mem.memidx);
    if (in->u.mem.align > natural_log2(in->op))
        wasm_val_fail_here(v, "alignment must not be larger than natural");
    if (addr == WASM_I32 && in->u.mem.offset > UINT32_MAX)
        wasm_val_fail_here(v, "offset out of range for a 32-bit memory");
    if (oi->imm == IMM_MEMARG_LANE)
        check_lane(v, in);
    return addr;
}

/* ---- control ---- */

static const uint8_t single_types[256] = {
#define T(x) [x] = x
    T(WASM_I32), T(WASM_I64), T(WASM_F32), T(WASM_F64), T(WASM_V128),
    T(WASM_FUNCREF), T(WASM_EXTERNREF),
#undef T
};

const uint8_t *wasm_val_single(uint8_t t) { return &single_types[t]; }

static void push_ctrl(WasmValidator *v, uint16_t op, const WasmBlockType *bt)
{
    WasmCtrl c = {.op = op, .height = (uint32_t)v->nvals, .at = v->pos};
    if (bt->kind == WASM_BLOCK_VALUE) {
        c.results = wasm_val_single(bt->valtype);
        c.nresults = 1;
    } else if (bt->kind == WASM_BLOCK_TYPEIDX) {
        if (bt->typeidx >= v->m->ntypes)
            wasm_val_fail_here(v, "unknown type %u", bt->typeidx);
        const WasmFuncType *ft = &v->m->types[bt->typeidx];
        c.params = v->tbytes[bt->typeidx];
        c.nparams = ft->nparams;
        c.results = c.params + ft->nparams;
        c.nresults = ft->nresults;
    }
    wasm_val_pop_list(v, c.params, c.nparams);
    c.height = (uint32_t)v->nvals;
    v->ctrls = kiln_grow(v->ctrls, &v->ccap, v->nctrls + 1, sizeof *v->ctrls);
    v->ctrls[v->nctrls++] = c;
    wasm_val_push_list(v, c.params, c.nparams);
}

static WasmCtrl pop_ctrl(WasmValidator *v)
{
    WasmCtrl c = v->ctrls[v->nctrls - 1];
    wasm_val_pop_list(v, c.results, c.nresults);
    if (v->nvals != c.height)
        wasm_val_fail_here(v, "type mismatch: %zu extra value(s) left at the "
                           "end of the block", v->nvals - c.height);
    v->nctrls--;
    return c;
}

static WasmCtrl *label(WasmValidator *v, uint32_t depth)
{
    if (depth >= v->nctrls)
        wasm_val_fail_here(v, "unknown label %u", depth);
    return &v->ctrls[v->nctrls - 1 - depth];
}

static void label_types(const WasmCtrl *c, const uint8_t **ts, uint32_t *n)
{
    if (c->op == WASM_OP_LOOP)
        *ts = c->params, *n = c->nparams;
    else
        *ts = c->results, *n = c->nresults;
}

static void check_end(WasmValidator *v)
{
    WasmCtrl c = pop_ctrl(v);
    WasmInstr *code = v->f->code;
    if (c.op == WASM_OP_IF) {
        /* an if without else behaves as if the else passed its inputs on */
        if (c.nparams != c.nresults ||
            (c.nparams && memcmp(c.params, c.results, c.nparams) != 0))
            wasm_val_fail_here(v, "type mismatch: if without else must "
                               "have matching parameters and results");
    }
    if (c.op != WASM_OP_END)
        code[c.at].u.block.end_at = v->pos;
    wasm_val_push_list(v, c.results, c.nresults);
}

static void check_else(WasmValidator *v)
{
    if (v->ctrls[v->nctrls - 1].op != WASM_OP_IF)
        wasm_val_fail_here(v, "else without a matching if");
    WasmCtrl c = pop_ctrl(v);
    v->f->code[c.at].u.block.else_at = v->pos;
    c.op = WASM_OP_ELSE;
    c.height = (uint32_t)v->nvals;
    c.unreachable = false;
    v->ctrls[v->nctrls++] = c;
    wasm_val_push_list(v, c.params, c.nparams);
}

static void check_br_table(WasmValidator *v, const WasmInstr *in)
{
    wasm_val_pop_expect(v, WASM_I32);
    const uint32_t *t = v->f->br_targets + in->u.br_table.first;
    uint32_t n = in->u.br_table.count;
    const uint8_t *dts;
    uint32_t arity;
    label_types(label(v, t[n]), &dts, &arity);
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *ts;
        uint32_t k;
        label_types(label(v, t[i]), &ts, &k);
        if (k != arity)
            wasm_val_fail_here(v, "type mismatch: br_table targets have "
                               "different arities");
        /* each target's types are checked against the same operands */
        size_t save = v->nvals;
        uint8_t tmp[64];
        uint8_t *popped = k <= sizeof tmp ? tmp : malloc(k);
        if (!popped)
            kiln_oom();
        for (uint32_t j = k; j-- > 0;)
            popped[j] = wasm_val_pop_expect(v, ts[j]);
        wasm_val_push_list(v, popped, k);
        if (popped != tmp)
            free(popped);
        (void)save;
    }
    wasm_val_pop_list(v, dts, arity);
    wasm_val_unreachable(v);
}

static const uint8_t *func_results(WasmValidator *v, uint32_t type)
{
    return v->tbytes[type] + v->m->types[type].nparams;
}

static void check_call(WasmValidator *v, uint32_t type, bool tail)
{
    const WasmFuncType *ft = &v->m->types[type];
    wasm_val_pop_list(v, v->tbytes[type], ft->nparams);
    if (tail) {
        const WasmFuncType *own = &v->m->types[v->f->type];
        if (own->nresults != ft->nresults ||
            memcmp(func_results(v, v->f->type), func_results(v, type),
                   ft->nresults) != 0)
            wasm_val_fail_here(v, "type mismatch: tail call results differ "
                               "from the function's results");
        wasm_val_unreachable(v);
        return;
    }
    wasm_val_push_list(v, func_results(v, type), ft->nresults);
}

static void check_call_direct(WasmValidator *v, const WasmInstr *in)
{
    if (in->u.idx.a >= v->m->nfuncs)
        wasm_val_fail_here(v, "unknown function %u", in->u.idx.a);
    check_call(v, v->m->funcs[in->u.idx.a].type,
               in->op == WASM_OP_RETURN_CALL);
}

static void check_call_indirect(WasmValidator *v, const WasmInstr *in)
{
    WasmModule *m = v->m;
    if (in->u.idx.b >= m->ntables)
        wasm_val_fail_here(v, "unknown table %u", in->u.idx.b);
    if (m->tables[in->u.idx.b].type.elem != WASM_FUNCREF)
        wasm_val_fail_here(v, "type mismatch: call_indirect needs a funcref "
                           "table");
    if (in->u.idx.a >= m->ntypes)
        wasm_val_fail_here(v, "unknown type %u", in->u.idx.a);
    wasm_val_pop_expect(v, WASM_I32);
    check_call(v, in->u.idx.a, in->op == WASM_OP_RETURN_CALL_INDIRECT);
}

static bool is_num_or_vec(uint8_t t)
{
    return t == VAL_UNKNOWN || !wasm_is_ref((WasmValType)t);
}

static void check_select(WasmValidator *v, const WasmInstr *in)
{
    if (in->op == WASM_OP_SELECT_T) {
        if (in->u.idx.b != 1)
            wasm_val_fail_here(v, "invalid result arity %u", in->u.idx.b);
        uint8_t t = (uint8_t)in->u.idx.a;
        wasm_val_pop_expect(v, WASM_I32);
        wasm_val_pop_expect(v, t);
        wasm_val_pop_expect(v, t);
        wasm_val_push(v, t);
        return;
    }
    wasm_val_pop_expect(v, WASM_I32);
    uint8_t t1 = wasm_val_pop(v), t2 = wasm_val_pop(v);
    if (!is_num_or_vec(t1) || !is_num_or_vec(t2))
        wasm_val_fail_here(v, "type mismatch: select without a type needs "
                           "numeric or vector operands");
    if (t1 != t2 && t1 != VAL_UNKNOWN && t2 != VAL_UNKNOWN)
        wasm_val_fail_here(v, "type mismatch: select operands %s and %s",
                           wasm_val_type_name(t2), wasm_val_type_name(t1));
    wasm_val_push(v, t1 == VAL_UNKNOWN ? t2 : t1);
}

void wasm_validate_control(WasmValidator *v, const WasmInstr *in)
{
    const uint8_t *ts;
    uint32_t n;
    switch (in->op) {
    case WASM_OP_UNREACHABLE:
        wasm_val_unreachable(v);
        break;
    case WASM_OP_BLOCK: case WASM_OP_LOOP:
        push_ctrl(v, in->op, &in->u.block.type);
        break;
    case WASM_OP_IF:
        wasm_val_pop_expect(v, WASM_I32);
        push_ctrl(v, in->op, &in->u.block.type);
        break;
    case WASM_OP_ELSE:
        check_else(v);
        break;
    case WASM_OP_END:
        check_end(v);
        break;
    case WASM_OP_BR:
        label_types(label(v, in->u.idx.a), &ts, &n);
        wasm_val_pop_list(v, ts, n);
        wasm_val_unreachable(v);
        break;
    case WASM_OP_BR_IF:
        label_types(label(v, in->u.idx.a), &ts, &n);
        wasm_val_pop_expect(v, WASM_I32);
        wasm_val_pop_list(v, ts, n);
        wasm_val_push_list(v, ts, n);
        break;
    case WASM_OP_BR_TABLE:
        check_br_table(v, in);
        break;
    case WASM_OP_RETURN:
        wasm_val_pop_list(v, v->ctrls[0].results, v->ctrls[0].nresults);
        wasm_val_unreachable(v);
        break;
    case WASM_OP_CALL: case WASM_OP_RETURN_CALL:
        check_call_direct(v, in);
        break;
    case WASM_OP_CALL_INDIRECT: case WASM_OP_RETURN_CALL_INDIRECT:
        check_call_indirect(v, in);
        break;
    case WASM_OP_DROP:
        wasm_val_pop(v);
        break;
    case WASM_OP_SELECT: case WASM_OP_SELECT_T:
        check_select(v, in);
        break;
    default:
        KILN_BUG("no typing rule for %s", wasm_op_info[in->op].name);
    }
}

/* ---- variables ---- */

void wasm_validate_variable(WasmValidator *v, const WasmInstr *in)
{
    uint32_t x = in->u.idx.a;
    WasmModule *m = v->m;
    if (in->op == WASM_OP_GLOBAL_GET || in->op == WASM_OP_GLOBAL_SET) {
        if (x >= m->nglobals)
            wasm_val_fail_here(v, "unknown global %u", x);
        const WasmGlobalType *g = &m->globals[x].type;
        if (in->op == WASM_OP_GLOBAL_GET) {
            wasm_val_push(v, (uint8_t)g->type);
        } else {
            if (!g->mut)
                wasm_val_fail_here(v, "global is immutable: global %u", x);
            wasm_val_pop_expect(v, (uint8_t)g->type);
        }
        return;
    }
    if (x >= v->nlocals)
        wasm_val_fail_here(v, "unknown local %u", x);
    uint8_t t = v->locals[x];
    if (in->op != WASM_OP_LOCAL_GET)
        wasm_val_pop_expect(v, t);
    if (in->op != WASM_OP_LOCAL_SET)
        wasm_val_push(v, t);
}

/* ---- tables ---- */

static uint8_t table_elem(WasmValidator *v, uint32_t x)
{
    if (x >= v->m->ntables)
        wasm_val_fail_here(v, "unknown table %u", x);
    return (uint8_t)v->m->tables[x].type.elem;
}

static uint8_t elem_type(WasmValidator *v, uint32_t x)
{
    if (x >= v->m->nelems)
        wasm_val_fail_here(v, "unknown elem segment %u", x);
    return (uint8_t)v->m->elems[x].type;
}

void wasm_validate_table(WasmValidator *v, const WasmInstr *in)
{
    uint32_t a = in->u.idx.a, b = in->u.idx.b;
    uint8_t t;
    switch (in->op) {
    case WASM_OP_TABLE_GET:
        t = table_elem(v, a);
        wasm_val_pop_expect(v, WASM_I32);
        wasm_val_push(v, t);
        break;
    case WASM_OP_TABLE_SET:
        t = table_elem(v, a);
        wasm_val_pop_expect(v, t);
        wasm_val_pop_expect(v, WASM_I32);
        break;
    case WASM_OP_TABLE_SIZE:
        table_elem(v, a);
        wasm_val_push(v, WASM_I32);
        break;
    case WASM_OP_TABLE_GROW:
        t = table_elem(v, a);
        wasm_val_pop_expect(v, WASM_I32);
        wasm_val_pop_expect(v, t);
        wasm_val_push(v, WASM_I32);
        break;
    case WASM_OP_TABLE_FILL:
        t = table_elem(v, a);
        wasm_val_pop_expect(v, WASM_I32);
        wasm_val_pop_expect(v, t);
        wasm_val_pop_expect(v, WASM_I32);
        break;
    case WASM_OP_TABLE_COPY:
        if (table_elem(v, a) != table_elem(v, b))
            wasm_val_fail_here(v, "type mismatch: tables %u and %u hold "
                               "different reference types", a, b);
        goto three_i32;
    case WASM_OP_TABLE_INIT:
        t = table_elem(v, b);
        if (elem_type(v, a) != t)
            wasm_val_fail_here(v, "type mismatch: elem segment %u does not "
                               "match table %u", a, b);
        goto three_i32;
    case WASM_OP_ELEM_DROP:
        elem_type(v, a);
        break;
    default:
        KILN_BUG("not a table instruction");
    }
    return;
three_i32:
    for (int i = 0; i < 3; i++)
        wasm_val_pop_expect(v, WASM_I32);
}

/* ---- bulk memory ---- */

static void check_data_index(WasmValidator *v, uint32_t x)
{
    if (!v->m->has_data_count || x >= v->m->data_count)
        wasm_val_fail_here(v, "unknown data segment %u", x);
}

void wasm_validate_memory_misc(WasmValidator *v, const WasmInstr *in)
{
    uint8_t a, b;
    switch (in->op) {
    case WASM_OP_MEMORY_INIT:
        a = wasm_val_memory_addr(v, in->u.idx.b);
        check_data_index(v, in->u.idx.a);
        wasm_val_pop_expect(v, WASM_I32);
        wasm_val_pop_expect(v, WASM_I32);
        wasm_val_pop_expect(v, a);
        break;
    case WASM_OP_DATA_DROP:
        check_data_index(v, in->u.idx.a);
        break;
    case WASM_OP_MEMORY_COPY:
        a = wasm_val_memory_addr(v, in->u.idx.a);
        b = wasm_val_memory_addr(v, in->u.idx.b);
        wasm_val_pop_expect(v, a == WASM_I64 && b == WASM_I64 ? WASM_I64
                                                              : WASM_I32);
        wasm_val_pop_expect(v, b);
        wasm_val_pop_expect(v, a);
        break;
    case WASM_OP_MEMORY_FILL:
        a = wasm_val_memory_addr(v, in->u.idx.a);
        wasm_val_pop_expect(v, a);
        wasm_val_pop_expect(v, WASM_I32);
        wasm_val_pop_expect(v, a);
        break;
    default:
        KILN_BUG("not a bulk memory instruction");
    }
}

/* ---- references ---- */

void wasm_validate_reference(WasmValidator *v, const WasmInstr *in)
{
    switch (in->op) {
    case WASM_OP_REF_NULL:
        wasm_val_push(v, (uint8_t)in->u.idx.a);
        break;
    case WASM_OP_REF_IS_NULL: {
        uint8_t t = wasm_val_pop(v);
        if (t != VAL_UNKNOWN && !wasm_is_ref((WasmValType)t))
            wasm_val_fail_here(v, "type mismatch: expected a reference, "
                               "found %s", wasm_val_type_name(t));
        wasm_val_push(v, WASM_I32);
        break;
    }
    case WASM_OP_REF_FUNC:
        if (in->u.idx.a >= v->m->nfuncs)
            wasm_val_fail_here(v, "unknown function %u", in->u.idx.a);
        if (!v->declared[in->u.idx.a])
            wasm_val_fail_here(v, "undeclared function reference %u",
                               in->u.idx.a);
        wasm_val_push(v, WASM_FUNCREF);
        break;
    default:
        KILN_BUG("not a reference instruction");
    }
}
