/* Module validation (spec 3.4 "Modules", with multi-memory, memory64 and
 * the reference-types declaration rule for ref.func).  Errors unwind with
 * longjmp to wasm_validate(), which reports the first one only. */
#include "wasm/validate_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void wasm_val_fail(WasmValidator *v, uint64_t offset, const char *fmt, ...)
{
    char msg[240];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_at(v->diag, v->m->path, offset, "%s", msg);
    longjmp(v->fail, 1);
}

const char *wasm_val_type_name(uint8_t t)
{
    return t == VAL_UNKNOWN ? "unknown" : wasm_valtype_name((WasmValType)t);
}

static void check_type_index(WasmValidator *v, uint32_t type, uint64_t where)
{
    if (type >= v->m->ntypes)
        wasm_val_fail(v, where, "unknown type %u", type);
}

static void check_limits(WasmValidator *v, const WasmLimits *l, uint64_t cap,
                         const char *what, uint64_t where)
{
    if (l->min > cap || (l->has_max && l->max > cap))
        wasm_val_fail(v, where, "%s", what);
    if (l->has_max && l->min > l->max)
        wasm_val_fail(v, where, "size minimum must not be greater than "
                      "maximum");
}

static void check_memories(WasmValidator *v)
{
    const WasmModule *m = v->m;
    if (!m->features.multi_memory && m->nmemories > 1)
        wasm_val_fail(v, m->memories[1].offset,
                      "multiple memories (multi-memory is disabled)");
    for (uint32_t i = 0; i < m->nmemories; i++) {
        const WasmMemory *mem = &m->memories[i];
        uint64_t where = mem->offset;
        if (mem->limits.is64)
            check_limits(v, &mem->limits, (uint64_t)1 << 48,
                         "memory size must be at most 2^48 pages", where);
        else
            check_limits(v, &mem->limits, 65536,
                         "memory size must be at most 65536 pages (4GiB)",
                         where);
    }
}

static void check_tables(WasmValidator *v)
{
    const WasmModule *m = v->m;
    for (uint32_t i = 0; i < m->ntables; i++) {
        const WasmTable *t = &m->tables[i];
        uint64_t where = t->offset;
        check_limits(v, &t->type.limits, UINT32_MAX,
                     "table size must be at most 2^32-1", where);
        if (t->has_init)
            wasm_validate_const_expr(v, &t->init, t->type.elem,
                                     m->nglobal_imports,
                                     where);
    }
}

static void check_globals(WasmValidator *v)
{
    const WasmModule *m = v->m;
    for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
        const WasmGlobal *g = &m->globals[i];
        wasm_validate_const_expr(v, &g->init, g->type.type,
                                 m->nglobal_imports,
                                 g->init.count ? g->init.code[0].offset : 0);
    }
}

static int name_cmp(const void *a, const void *b)
{
    const WasmExport *x = *(WasmExport *const *)a, *y = *(WasmExport *const *)b;
    uint32_t n = x->name.len < y->name.len ? x->name.len : y->name.len;
    int c = memcmp(x->name.str, y->name.str, n);
    if (c)
        return c;
    if (x->name.len != y->name.len)
        return x->name.len < y->name.len ? -1 : 1;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static void check_export_index(WasmValidator *v, const WasmExport *ex)
{
    static const char *const kind_names[] = {"function", "table", "memory",
                                             "global"};
    const WasmModule *m = v->m;
    uint32_t count[] = {m->nfuncs, m->ntables, m->nmemories, m->nglobals};
    if (ex->index >= count[ex->kind])
        wasm_val_fail(v, ex->offset, "unknown %s %u", kind_names[ex->kind],
                      ex->index);
}

/* Duplicate names are found by sorting, so many exports stay cheap. */
static void check_exports(WasmValidator *v)
{
    const WasmModule *m = v->m;
    for (uint32_t i = 0; i < m->nexports; i++)
        check_export_index(v, &m->exports[i]);
    if (m->nexports < 2)
        return;
    const WasmExport **sorted = malloc(m->nexports * sizeof *sorted);
    if (!sorted)
        kiln_oom();
    for (uint32_t i = 0; i < m->nexports; i++)
        sorted[i] = &m->exports[i];
    qsort(sorted, m->nexports, sizeof *sorted, name_cmp);
    for (uint32_t i = 1; i < m->nexports; i++) {
        const WasmExport *a = sorted[i - 1], *b = sorted[i];
        if (a->name.len == b->name.len &&
            memcmp(a->name.str, b->name.str, a->name.len) == 0) {
            uint64_t where = b->offset;
            free(sorted);
            wasm_val_fail(v, where, "duplicate export name \"%s\"",
                          b->name.str);
        }
    }
    free(sorted);
}

static void check_start(WasmValidator *v)
{
    const WasmModule *m = v->m;
    if (!m->has_start)
        return;
    if (m->start >= m->nfuncs)
        wasm_val_fail(v, m->start_offset, "unknown function %u (start "
                      "function)", m->start);
    const WasmFuncType *ft = wasm_func_type(m, m->start);
    if (ft->nparams || ft->nresults)
        wasm_val_fail(v, m->start_offset, "start function must have type "
                      "[] -> []");
}

static void check_elems(WasmValidator *v)
{
    const WasmModule *m = v->m;
    for (uint32_t i = 0; i < m->nelems; i++) {
        const WasmElemSegment *s = &m->elems[i];
        uint64_t where = s->offset_in_file;
        if (s->mode == WASM_SEG_ACTIVE) {
            if (s->table >= m->ntables)
                wasm_val_fail(v, where, "unknown table %u", s->table);
            if (m->tables[s->table].type.elem != s->type)
                wasm_val_fail(v, where, "type mismatch: elem segment of %s "
                              "for a table of %s", wasm_valtype_name(s->type),
                              wasm_valtype_name(m->tables[s->table].type.elem));
            wasm_validate_const_expr(v, &s->offset, WASM_I32,
                                     m->nglobal_imports,
                                     where);
        }
        for (uint32_t k = 0; k < s->count; k++)
            wasm_validate_const_expr(v, &s->items[k], s->type,
                                     m->nglobal_imports,
                                     where);
    }
}

static void check_datas(WasmValidator *v)
{
    const WasmModule *m = v->m;
    for (uint32_t i = 0; i < m->ndatas; i++) {
        const WasmDataSegment *s = &m->datas[i];
        if (s->mode != WASM_SEG_ACTIVE)
            continue;
        if (s->memory >= m->nmemories)
            wasm_val_fail(v, s->offset_in_file, "unknown memory %u",
                          s->memory);
        WasmValType addr = m->memories[s->memory].limits.is64 ? WASM_I64
                                                              : WASM_I32;
        wasm_validate_const_expr(v, &s->offset, addr, m->nglobal_imports,
                                 s->offset_in_file);
    }
}

/* C.refs: functions named outside function bodies may be ref.func'd. */
static void mark_refs(uint8_t *declared, const WasmModule *m,
                      const WasmConstExpr *e)
{
    for (uint32_t i = 0; i < e->count; i++)
        if (e->code[i].op == WASM_OP_REF_FUNC && e->code[i].u.idx.a < m->nfuncs)
            declared[e->code[i].u.idx.a] = 1;
}

uint8_t *wasm_declared_funcs(const WasmModule *m)
{
    uint8_t *declared = calloc(m->nfuncs + 1, 1);
    if (!declared)
        kiln_oom();
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i].kind == WASM_EXTERN_FUNC &&
            m->exports[i].index < m->nfuncs)
            declared[m->exports[i].index] = 1;
    for (uint32_t i = 0; i < m->nglobals; i++)
        mark_refs(declared, m, &m->globals[i].init);
    for (uint32_t i = 0; i < m->ntables; i++)
        if (m->tables[i].has_init)
            mark_refs(declared, m, &m->tables[i].init);
    for (uint32_t i = 0; i < m->nelems; i++)
        for (uint32_t k = 0; k < m->elems[i].count; k++)
            mark_refs(declared, m, &m->elems[i].items[k]);
    return declared;
}

bool wasm_functype_eq(const WasmFuncType *a, const WasmFuncType *b)
{
    if (a->nparams != b->nparams || a->nresults != b->nresults)
        return false;
    for (uint32_t i = 0; i < a->nparams; i++)
        if (a->params[i] != b->params[i])
            return false;
    for (uint32_t i = 0; i < a->nresults; i++)
        if (a->results[i] != b->results[i])
            return false;
    return true;
}

static void collect_declared(WasmValidator *v)
{
    v->declared = wasm_declared_funcs(v->m);
}

static void make_type_bytes(WasmValidator *v)
{
    WasmModule *m = v->m;
    v->tbytes = arena_array(&m->arena, m->ntypes, sizeof *v->tbytes);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        const WasmFuncType *ft = &m->types[i];
        uint32_t n = ft->nparams + ft->nresults;
        uint8_t *b = arena_alloc(&m->arena, n + 1);
        for (uint32_t k = 0; k < n; k++)
            b[k] = (uint8_t)ft->params[k];
        v->tbytes[i] = b;
    }
}

static void check_func_types(WasmValidator *v)
{
    const WasmModule *m = v->m;
    for (uint32_t i = 0; i < m->nfuncs; i++) {
        const WasmFunc *f = &m->funcs[i];
        check_type_index(v, f->type,
                         f->imported ? m->imports[f->import].offset
                                     : f->body_offset);
    }
}

static void validate_module(WasmValidator *v)
{
    WasmModule *m = v->m;
    make_type_bytes(v);
    check_func_types(v);
    check_tables(v);
    check_memories(v);
    collect_declared(v);
    check_globals(v);
    check_exports(v);
    check_start(v);
    check_elems(v);
    check_datas(v);
    for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
        wasm_validate_func(v, i);
}

bool wasm_validate(WasmModule *m, Diag *diag)
{
    WasmValidator *v = calloc(1, sizeof *v);
    if (!v)
        kiln_oom();
    v->m = m;
    v->diag = diag;
    bool ok = true;
    if (setjmp(v->fail))
        ok = false;
    else
        validate_module(v);
    free(v->declared);
    free(v->locals);
    free(v->vals);
    free(v->ctrls);
    free(v->cstack);
    free(v);
    return ok;
}
