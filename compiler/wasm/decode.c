/* The module decoder (spec 5.5 "Modules"): preamble, then sections in
 * their required order, each checked against its declared size.  Imported
 * entities come first in each index space; the function, table, memory and
 * global sections append the module's own definitions after them.
 * Refused: the tag section and tag imports/exports (exception handling),
 * shared memories (threads). */
#include "wasm/decode_internal.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

/* Section ids in the order they must appear; the data count section (12)
 * sits between the element and code sections. */
static int section_rank(uint8_t id)
{
    static const int8_t rank[13] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11};
    return id <= 12 ? rank[id] : -1;
}

static void *append_space(WasmDecoder *d, void *old, uint32_t nold,
                          uint32_t nnew, size_t elem)
{
    if ((uint64_t)nold + nnew > UINT32_MAX)
        wasm_rd_fail(&d->r, d->r.pos, "too many definitions");
    void *p = arena_array(&d->m->arena, (size_t)nold + nnew, elem);
    if (nold)
        memcpy(p, old, nold * elem);
    return p;
}

/* limits ::= flags min (max); flags 0/1 (32-bit), 4/5 (memory64) */
static void read_limits(WasmDecoder *d, WasmLimits *l, bool memory)
{
    WasmReader *r = &d->r;
    size_t at = r->pos;
    /* the flags are a LEB128 number whose valid values fit one byte */
    uint8_t flags = wasm_rd_u8(r);
    if (flags & 0x80)
        wasm_rd_fail(r, at, "integer representation too long: malformed "
                     "limits flags");
    if (memory && (flags == 2 || flags == 3 || flags == 6 || flags == 7))
        wasm_rd_fail(r, at, "integer too large: limits flags 0x%02x mean a "
                     "shared memory; shared memories and atomics (threads) "
                     "are not supported yet", flags);
    if (flags > 1 && !(memory && (flags == 4 || flags == 5)))
        wasm_rd_fail(r, at, "integer too large: malformed limits flags 0x%02x",
                     flags);
    l->is64 = flags & 4;
    l->has_max = flags & 1;
    l->min = l->is64 ? wasm_rd_u64(r) : wasm_rd_u32(r);
    if (l->has_max)
        l->max = l->is64 ? wasm_rd_u64(r) : wasm_rd_u32(r);
}

static WasmValType read_reftype(WasmDecoder *d)
{
    size_t at = d->r.pos;
    uint8_t b = wasm_rd_u8(&d->r);
    if (b != WASM_FUNCREF && b != WASM_EXTERNREF)
        wasm_rd_fail(&d->r, at, "malformed reference type");
    return (WasmValType)b;
}

static void read_tabletype(WasmDecoder *d, WasmTableType *t)
{
    t->elem = read_reftype(d);
    read_limits(d, &t->limits, false);
}

static void read_globaltype(WasmDecoder *d, WasmGlobalType *g)
{
    g->type = wasm_decode_valtype(d);
    size_t at = d->r.pos;
    uint8_t mut = wasm_rd_u8(&d->r);
    if (mut > 1)
        wasm_rd_fail(&d->r, at, "malformed mutability");
    g->mut = mut;
}

/* functype ::= 0x60 vec(valtype) vec(valtype) */
static void read_functype(WasmDecoder *d, WasmFuncType *ft)
{
    WasmReader *r = &d->r;
    size_t at = r->pos;
    uint8_t form = wasm_decode_type_byte(d);
    if (form != 0x60)
        wasm_rd_fail(r, at, "malformed function type 0x%02x", form);
    uint32_t np = wasm_rd_count(r, 1);
    WasmValType *p = arena_array(&d->m->arena, np, sizeof *p);
    for (uint32_t i = 0; i < np; i++)
        p[i] = wasm_decode_valtype(d);
    uint32_t nr = wasm_rd_count(r, 1);
    WasmValType *all = arena_array(&d->m->arena, (size_t)np + nr, sizeof *all);
    if (np)
        memcpy(all, p, np * sizeof *p);
    for (uint32_t i = 0; i < nr; i++)
        all[np + i] = wasm_decode_valtype(d);
    ft->nparams = np;
    ft->nresults = nr;
    ft->params = all;
    ft->results = all + np;
}

static void section_type(WasmDecoder *d)
{
    WasmModule *m = d->m;
    m->ntypes = wasm_rd_count(&d->r, 1);
    m->types = arena_array(&m->arena, m->ntypes, sizeof *m->types);
    for (uint32_t i = 0; i < m->ntypes; i++)
        read_functype(d, &m->types[i]);
}

static void import_one(WasmDecoder *d, WasmImport *im, uint32_t i)
{
    WasmModule *m = d->m;
    WasmReader *r = &d->r;
    im->offset = (uint32_t)r->pos;
    im->module = wasm_rd_name(r, &m->arena);
    im->name = wasm_rd_name(r, &m->arena);
    size_t at = r->pos;
    uint8_t kind = wasm_rd_u8(r);
    im->kind = kind;
    switch (kind) {
    case WASM_EXTERN_FUNC: {
        WasmFunc *f = &m->funcs[im->index = m->nfuncs++];
        f->imported = true, f->import = i;
        f->type = wasm_rd_u32(r);
        break;
    }
    case WASM_EXTERN_TABLE: {
        WasmTable *t = &m->tables[im->index = m->ntables++];
        t->imported = true, t->import = i, t->offset = im->offset;
        read_tabletype(d, &t->type);
        break;
    }
    case WASM_EXTERN_MEMORY: {
        WasmMemory *mem = &m->memories[im->index = m->nmemories++];
        mem->imported = true, mem->import = i, mem->offset = im->offset;
        read_limits(d, &mem->limits, true);
        break;
    }
    case WASM_EXTERN_GLOBAL: {
        WasmGlobal *g = &m->globals[im->index = m->nglobals++];
        g->imported = true, g->import = i;
        read_globaltype(d, &g->type);
        break;
    }
    case WASM_EXTERN_TAG:
        wasm_rd_fail(r, at, "malformed import kind: tag imports "
                     "(exception handling) are not supported");
    default:
        wasm_rd_fail(r, at, "malformed import kind");
    }
}

/* Every import may be of any kind, so each index space gets room for all
 * of them; the later sections copy the arrays anyway. */
static void section_import(WasmDecoder *d)
{
    WasmModule *m = d->m;
    uint32_t n = m->nimports = wasm_rd_count(&d->r, 1);
    m->imports = arena_array(&m->arena, n, sizeof *m->imports);
    m->funcs = arena_array(&m->arena, n, sizeof *m->funcs);
    m->tables = arena_array(&m->arena, n, sizeof *m->tables);
    m->memories = arena_array(&m->arena, n, sizeof *m->memories);
    m->globals = arena_array(&m->arena, n, sizeof *m->globals);
    for (uint32_t i = 0; i < n; i++)
        import_one(d, &m->imports[i], i);
    m->nfunc_imports = m->nfuncs;
    m->ntable_imports = m->ntables;
    m->nmemory_imports = m->nmemories;
    m->nglobal_imports = m->nglobals;
}

static void section_function(WasmDecoder *d)
{
    WasmModule *m = d->m;
    uint32_t n = wasm_rd_count(&d->r, 1);
    m->funcs = append_space(d, m->funcs, m->nfuncs, n, sizeof *m->funcs);
    for (uint32_t i = 0; i < n; i++)
        m->funcs[m->nfuncs++].type = wasm_rd_u32(&d->r);
    d->nfunc_decls = n;
    d->seen_func_section = true;
}

/* table ::= tabletype | 0x40 0x00 tabletype expr */
static void section_table(WasmDecoder *d)
{
    WasmModule *m = d->m;
    WasmReader *r = &d->r;
    uint32_t n = wasm_rd_count(r, 1);
    m->tables = append_space(d, m->tables, m->ntables, n, sizeof *m->tables);
    for (uint32_t i = 0; i < n; i++) {
        WasmTable *t = &m->tables[m->ntables++];
        t->offset = (uint32_t)r->pos;
        if (r->pos < r->end && r->buf[r->pos] == 0x40) {
            r->pos++;
            size_t at = r->pos;
            if (wasm_rd_u8(r) != 0)
                wasm_rd_fail(r, at, "malformed table: zero byte expected");
            read_tabletype(d, &t->type);
            t->has_init = true;
            t->init = wasm_decode_const_expr(d);
        } else {
            read_tabletype(d, &t->type);
        }
    }
}

static void section_memory(WasmDecoder *d)
{
    WasmModule *m = d->m;
    uint32_t n = wasm_rd_count(&d->r, 1);
    m->memories = append_space(d, m->memories, m->nmemories, n,
                               sizeof *m->memories);
    for (uint32_t i = 0; i < n; i++) {
        WasmMemory *mem = &m->memories[m->nmemories++];
        mem->offset = (uint32_t)d->r.pos;
        read_limits(d, &mem->limits, true);
    }
}

static void section_global(WasmDecoder *d)
{
    WasmModule *m = d->m;
    uint32_t n = wasm_rd_count(&d->r, 1);
    m->globals = append_space(d, m->globals, m->nglobals, n,
                              sizeof *m->globals);
    for (uint32_t i = 0; i < n; i++) {
        WasmGlobal *g = &m->globals[m->nglobals++];
        read_globaltype(d, &g->type);
        g->init = wasm_decode_const_expr(d);
    }
}

static void section_export(WasmDecoder *d)
{
    WasmModule *m = d->m;
    WasmReader *r = &d->r;
    m->nexports = wasm_rd_count(r, 1);
    m->exports = arena_array(&m->arena, m->nexports, sizeof *m->exports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        WasmExport *ex = &m->exports[i];
        ex->offset = (uint32_t)r->pos;
        ex->name = wasm_rd_name(r, &m->arena);
        size_t at = r->pos;
        uint8_t kind = wasm_rd_u8(r);
        if (kind == WASM_EXTERN_TAG)
            wasm_rd_fail(r, at, "malformed export kind: tag exports "
                         "(exception handling) are not supported");
        if (kind > WASM_EXTERN_GLOBAL)
            wasm_rd_fail(r, at, "malformed export kind");
        ex->kind = kind;
        ex->index = wasm_rd_u32(r);
    }
}

static void section_start(WasmDecoder *d)
{
    d->m->has_start = true;
    d->m->start_offset = (uint32_t)d->r.pos;
    d->m->start = wasm_rd_u32(&d->r);
}

/* The function indices of elem kinds 0-3 become `ref.func i; end`. */
static void elem_func_indices(WasmDecoder *d, WasmElemSegment *s)
{
    WasmModule *m = d->m;
    s->count = wasm_rd_count(&d->r, 1);
    s->items = arena_array(&m->arena, s->count, sizeof *s->items);
    WasmInstr *code = arena_array(&m->arena, (size_t)s->count * 2,
                                  sizeof *code);
    for (uint32_t i = 0; i < s->count; i++) {
        WasmInstr *in = &code[2 * i];
        in[0].offset = (uint32_t)d->r.pos;
        in[0].op = WASM_OP_REF_FUNC;
        in[0].u.idx.a = wasm_rd_u32(&d->r);
        in[1].op = WASM_OP_END;
        in[1].offset = in[0].offset;
        s->items[i].code = in;
        s->items[i].count = 2;
    }
}

static void elem_exprs(WasmDecoder *d, WasmElemSegment *s)
{
    s->count = wasm_rd_count(&d->r, 1);
    s->items = arena_array(&d->m->arena, s->count, sizeof *s->items);
    for (uint32_t i = 0; i < s->count; i++)
        s->items[i] = wasm_decode_const_expr(d);
}

/* elem ::= flags:u32 then, by flags bit 0 (passive/declarative), bit 1
 * (explicit table or declarative) and bit 2 (expressions, not indices). */
static void elem_one(WasmDecoder *d, WasmElemSegment *s)
{
    WasmReader *r = &d->r;
    size_t at = r->pos;
    s->offset_in_file = (uint32_t)at;
    uint32_t flags = wasm_rd_u32(r);
    if (flags > 7)
        wasm_rd_fail(r, at, "malformed elements segment kind %u", flags);
    s->type = WASM_FUNCREF;
    if (flags & 1)
        s->mode = flags & 2 ? WASM_SEG_DECLARATIVE : WASM_SEG_PASSIVE;
    else
        s->mode = WASM_SEG_ACTIVE;
    if (s->mode == WASM_SEG_ACTIVE) {
        s->table = flags & 2 ? wasm_rd_u32(r) : 0;
        s->offset = wasm_decode_const_expr(d);
    }
    bool has_type = (flags & 3) != 0;
    if (flags & 4) {
        if (has_type)
            s->type = read_reftype(d);
        elem_exprs(d, s);
    } else {
        if (has_type) {
            size_t kat = r->pos;
            if (wasm_rd_u8(r) != 0)
                wasm_rd_fail(r, kat, "malformed element kind");
        }
        elem_func_indices(d, s);
    }
}

static void section_elem(WasmDecoder *d)
{
    WasmModule *m = d->m;
    m->nelems = wasm_rd_count(&d->r, 1);
    m->elems = arena_array(&m->arena, m->nelems, sizeof *m->elems);
    for (uint32_t i = 0; i < m->nelems; i++)
        elem_one(d, &m->elems[i]);
}

static void section_datacount(WasmDecoder *d)
{
    d->m->has_data_count = true;
    d->m->data_count = wasm_rd_u32(&d->r);
}

static void section_code(WasmDecoder *d)
{
    WasmModule *m = d->m;
    size_t at = d->r.pos;
    uint32_t n = wasm_rd_u32(&d->r);
    if (n != d->nfunc_decls)
        wasm_rd_fail(&d->r, at, "function and code section have inconsistent "
                     "lengths (%u and %u)", d->nfunc_decls, n);
    for (uint32_t i = 0; i < n; i++)
        wasm_decode_body(d, &m->funcs[m->nfunc_imports + i]);
}

/* data ::= 0 expr bytes | 1 bytes | 2 memidx expr bytes */
static void data_one(WasmDecoder *d, WasmDataSegment *s)
{
    WasmReader *r = &d->r;
    size_t at = r->pos;
    s->offset_in_file = (uint32_t)at;
    uint32_t flags = wasm_rd_u32(r);
    if (flags > 2)
        wasm_rd_fail(r, at, "malformed data segment kind %u", flags);
    s->mode = flags == 1 ? WASM_SEG_PASSIVE : WASM_SEG_ACTIVE;
    if (flags == 2)
        s->memory = wasm_rd_u32(r);
    if (flags != 1)
        s->offset = wasm_decode_const_expr(d);
    s->len = wasm_rd_u32(r);
    s->bytes = wasm_rd_bytes(r, s->len);
}

static void section_data(WasmDecoder *d)
{
    WasmModule *m = d->m;
    size_t at = d->r.pos;
    m->ndatas = wasm_rd_count(&d->r, 1);
    if (m->has_data_count && m->data_count != m->ndatas)
        wasm_rd_fail(&d->r, at, "data count and data section have "
                     "inconsistent lengths");
    m->datas = arena_array(&m->arena, m->ndatas, sizeof *m->datas);
    for (uint32_t i = 0; i < m->ndatas; i++)
        data_one(d, &m->datas[i]);
}

static void section_custom(WasmDecoder *d)
{
    d->r.end = d->sect_end; /* the payload is opaque: bound it */
    WasmName name = wasm_rd_name(&d->r, &d->m->arena);
    if (name.len == 4 && memcmp(name.str, "name", 4) == 0)
        wasm_decode_names(d);
    d->r.pos = d->r.end;
}

typedef void (*SectionFn)(WasmDecoder *d);
static const SectionFn section_fns[13] = {
    section_custom, section_type, section_import, section_function,
    section_table, section_memory, section_global, section_export,
    section_start, section_elem, section_code, section_data,
    section_datacount,
};

static void read_preamble(WasmDecoder *d)
{
    WasmReader *r = &d->r;
    static const uint8_t magic[4] = {0, 'a', 's', 'm'};
    const uint8_t *p = wasm_rd_bytes(r, 4);
    if (memcmp(p, magic, 4) != 0)
        wasm_rd_fail(r, 0, "magic header not detected");
    p = wasm_rd_bytes(r, 4);
    if (p[0] == 0x0d && p[1] == 0 && p[2] == 1 && p[3] == 0)
        wasm_rd_fail(r, 4, "unknown binary version: this is a component "
                     "(layer 1), not a core module");
    if (p[0] != 1 || p[1] || p[2] || p[3])
        wasm_rd_fail(r, 4, "unknown binary version");
}

static void read_sections(WasmDecoder *d)
{
    WasmReader *r = &d->r;
    int last = 0;
    while (r->pos < r->size) {
        size_t id_at = r->pos;
        uint8_t id = wasm_rd_u8(r);
        int rank = section_rank(id);
        if (id == 13)
            wasm_rd_fail(r, id_at, "malformed section id 13: the tag section "
                         "(exception handling) is not supported");
        if (rank < 0)
            wasm_rd_fail(r, id_at, "malformed section id %u", id);
        size_t size_at = r->pos;
        uint32_t size = wasm_rd_u32(r);
        if (size > r->size - r->pos)
            wasm_rd_fail(r, size_at, "length out of bounds");
        if (id != 0) {
            if (rank <= last)
                wasm_rd_fail(r, id_at, "unexpected content after last "
                             "section (section %u out of order or repeated)",
                             id);
            last = rank;
        }
        d->sect_end = r->pos + size;
        r->limited = true;
        section_fns[id](d);
        if (r->pos != d->sect_end)
            wasm_rd_fail(r, r->pos < d->sect_end ? r->pos : d->sect_end,
                         "section size mismatch");
        r->end = r->size;
        r->limited = false;
    }
}

static void check_end_counts(WasmDecoder *d)
{
    WasmModule *m = d->m;
    if (d->nfunc_decls && !m->funcs[m->nfuncs - 1].code)
        wasm_rd_fail(&d->r, d->r.size, "function and code section have "
                     "inconsistent lengths");
    if (m->has_data_count && m->data_count && !m->datas)
        wasm_rd_fail(&d->r, d->r.size, "data count and data section have "
                     "inconsistent lengths");
}

WasmFeatures wasm_features_default(void)
{
    return (WasmFeatures){.multi_memory = true};
}

WasmModule *wasm_decode(const char *path, const uint8_t *bytes, size_t size,
                        Diag *diag)
{
    WasmFeatures all = wasm_features_default();
    return wasm_decode_with(path, bytes, size, &all, diag);
}

WasmModule *wasm_decode_with(const char *path, const uint8_t *bytes,
                             size_t size, const WasmFeatures *features,
                             Diag *diag)
{
    WasmModule *volatile m = calloc(1, sizeof *m);
    if (!m)
        kiln_oom();
    arena_init(&m->arena);
    m->features = *features;
    m->path = path;
    m->bytes = bytes;
    m->size = size;
    jmp_buf fail;
    WasmDecoder d = {0};
    d.m = m;
    d.datacount_use = SIZE_MAX;
    d.r = (WasmReader){.buf = bytes, .pos = 0, .end = size, .size = size,
                       .path = path, .diag = diag, .fail = &fail};
    WasmDecoder *volatile dp = &d;
    if (setjmp(fail)) {
        free(dp->ibuf);
        free(dp->tbuf);
        wasm_module_free(m);
        return NULL;
    }
    read_preamble(&d);
    read_sections(&d);
    check_end_counts(&d);
    if (d.datacount_use != SIZE_MAX && m->ndatas > 0)
        wasm_rd_fail(&d.r, d.datacount_use, "data count section required");
    free(d.ibuf);
    free(d.tbuf);
    return m;
}

void wasm_module_free(WasmModule *m)
{
    if (!m)
        return;
    arena_free(&m->arena);
    free(m);
}
