/* Type definitions of the component binary format (Binary.md "Type
 * Definitions"): defined value types as WitType
 * nodes, function, component, instance and resource types as CmpType
 * nodes, core function and module types and externtypes.  Each
 * component or instance type is read in its own scope with an empty type
 * index space whose outer aliases (cmp_alias.c) reach the enclosing
 * scopes. */
#include "component/cmp_internal.h"

#include <string.h>

WitType *cmp_new_wit(CmpDecoder *d, WitTypeKind kind)
{
    WitType *t = arena_alloc(d->a, sizeof *t);
    t->kind = kind;
    return t;
}

CmpType *cmp_new_resource(CmpDecoder *d, CmpScope *s, const char *name,
                          bool abstract)
{
    CmpType *t = arena_alloc(d->a, sizeof *t);
    t->kind = CMP_TYPE_RESOURCE;
    t->is_abstract = abstract;
    t->val = cmp_new_wit(d, WIT_RESOURCE);
    t->val->name = name;
    t->offset = (uint32_t)d->r.pos;
    t->decl_scope = s;
    CmpFile *f = d->f;
    CmpType **slot = cmp_push(d->a, (void **)&f->resources, &f->nresources,
                              &f->cap_resources, sizeof *slot);
    *slot = t;
    return t;
}

CmpType *cmp_named_type(CmpDecoder *d, CmpType *t, const char *name)
{
    if (t->kind != CMP_TYPE_VALUE && t->kind != CMP_TYPE_RESOURCE)
        return t;
    CmpType *n = arena_alloc(d->a, sizeof *n);
    *n = *t;
    WitType *alias = cmp_new_wit(d, WIT_ALIAS);
    alias->name = name;
    alias->elem = t->val;
    if (t->kind == CMP_TYPE_VALUE)
        n->val = alias;
    else
        n->named = alias;
    return n;
}

WitType *cmp_type_node(const CmpType *t)
{
    return t->kind == CMP_TYPE_RESOURCE && t->named ? t->named : t->val;
}

/* primvaltype: 0x7f bool ... 0x73 string, 0x64 error-context */
static bool prim_kind(uint8_t b, WitTypeKind *k)
{
    static const WitTypeKind prims[] = {
        WIT_STRING, WIT_CHAR, WIT_F64, WIT_F32, WIT_U64, WIT_S64, WIT_U32,
        WIT_S32, WIT_U16, WIT_S16, WIT_U8, WIT_S8, WIT_BOOL,
    };
    if (b >= 0x73 && b <= 0x7f) {
        *k = prims[b - 0x73];
        return true;
    }
    if (b == 0x64) {
        *k = WIT_ERROR_CONTEXT;
        return true;
    }
    return false;
}

static CmpType *type_at(CmpDecoder *d, CmpScope *s, uint32_t idx, size_t at)
{
    return cmp_space_get(d, s, CMP_TYPE, idx, at)->type;
}

/* valtype ::= i:<typeidx> | pvt:<primvaltype>; indices are s33 so that
 * they never collide with the primitive codes. */
WitType *cmp_read_valtype(CmpDecoder *d, CmpScope *s)
{
    size_t at = d->r.pos;
    WitTypeKind k;
    if (at < d->r.end && prim_kind(d->r.buf[at], &k)) {
        d->r.pos++;
        return cmp_new_wit(d, k);
    }
    int64_t idx = wasm_rd_s33(&d->r);
    if (idx < 0)
        wasm_rd_fail(&d->r, at, "malformed value type 0x%02x",
                     d->r.buf[at]);
    CmpType *t = type_at(d, s, (uint32_t)idx, at);
    if (t->depth > d->depth_seen)
        d->depth_seen = t->depth;
    if (t->kind != CMP_TYPE_VALUE)
        wasm_rd_fail(&d->r, at, "type %u is not a value type (it is a %s "
                     "type)", (uint32_t)idx,
                     t->kind == CMP_TYPE_FUNC ? "function"
                     : t->kind == CMP_TYPE_RESOURCE ? "resource"
                     : t->kind == CMP_TYPE_INSTANCE ? "instance"
                                                    : "component");
    return t->val;
}

static WitType *read_opt_valtype(CmpDecoder *d, CmpScope *s)
{
    size_t at = d->r.pos;
    uint8_t b = wasm_rd_u8(&d->r);
    if (b == 0)
        return NULL;
    if (b != 1)
        wasm_rd_fail(&d->r, at, "malformed optional value type: 0x%02x",
                     b);
    return cmp_read_valtype(d, s);
}

/* Labels of one record, variant, flags, enum or parameter list must be
 * strongly-unique: equal ignoring ASCII case is a clash. */
static void check_label_clash(CmpDecoder *d, const char **seen, uint32_t n,
                              const char *label, size_t at, const char *what)
{
    for (uint32_t i = 0; i < n; i++)
        if (strcasecmp(seen[i], label) == 0)
            wasm_rd_fail(&d->r, at, "duplicate %s `%s`", what, label);
}

static WitType *read_record(CmpDecoder *d, CmpScope *s, WitType *t)
{
    size_t at = d->r.pos;
    uint32_t n = wasm_rd_count(&d->r, 2);
    if (n == 0)
        wasm_rd_fail(&d->r, at, "record type must have at least one field");
    t->fields = arena_array(d->a, n, sizeof *t->fields);
    const char **seen = arena_array(d->a, n, sizeof *seen);
    for (uint32_t i = 0; i < n; i++) {
        size_t lat = d->r.pos;
        t->fields[i].name = cmp_read_label(d, "field name");
        check_label_clash(d, seen, i, t->fields[i].name, lat, "field name");
        seen[i] = t->fields[i].name;
        t->fields[i].type = cmp_read_valtype(d, s);
    }
    t->nfields = n;
    return t;
}

/* variant cases: label, optional payload, then a 0x00 byte */
static WitType *read_variant(CmpDecoder *d, CmpScope *s, WitType *t)
{
    size_t at = d->r.pos;
    uint32_t n = wasm_rd_count(&d->r, 3);
    if (n == 0)
        wasm_rd_fail(&d->r, at, "variant type must have at least one case");
    t->cases = arena_array(d->a, n, sizeof *t->cases);
    const char **seen = arena_array(d->a, n, sizeof *seen);
    for (uint32_t i = 0; i < n; i++) {
        size_t lat = d->r.pos;
        t->cases[i].name = cmp_read_label(d, "case name");
        check_label_clash(d, seen, i, t->cases[i].name, lat, "case name");
        seen[i] = t->cases[i].name;
        t->cases[i].type = read_opt_valtype(d, s);
        size_t zat = d->r.pos;
        if (wasm_rd_u8(&d->r) != 0)
            wasm_rd_fail(&d->r, zat, "variant case refinements are not "
                         "supported (expected 0x00)");
    }
    t->ncases = n;
    return t;
}

static WitType *read_labels(CmpDecoder *d, WitType *t, uint32_t max)
{
    const char *what = t->kind == WIT_FLAGS ? "flag" : "enum case";
    size_t at = d->r.pos;
    uint32_t n = wasm_rd_count(&d->r, 1);
    if (n == 0 || n > max)
        wasm_rd_fail(&d->r, at, "%s type must have between 1 and %u labels, "
                     "found %u", t->kind == WIT_FLAGS ? "flags" : "enum",
                     max, n);
    t->cases = arena_array(d->a, n, sizeof *t->cases);
    const char **seen = arena_array(d->a, n, sizeof *seen);
    for (uint32_t i = 0; i < n; i++) {
        size_t lat = d->r.pos;
        t->cases[i].name = cmp_read_label(d, what);
        check_label_clash(d, seen, i, t->cases[i].name, lat, what);
        seen[i] = t->cases[i].name;
    }
    t->ncases = n;
    return t;
}

static WitType *read_tuple(CmpDecoder *d, CmpScope *s, WitType *t)
{
    size_t at = d->r.pos;
    uint32_t n = wasm_rd_count(&d->r, 1);
    if (n == 0)
        wasm_rd_fail(&d->r, at, "tuple type must have at least one element");
    t->elems = arena_array(d->a, n, sizeof *t->elems);
    for (uint32_t i = 0; i < n; i++)
        t->elems[i] = cmp_read_valtype(d, s);
    t->nelems = n;
    return t;
}

/* own i / borrow i: i must name a resource type */
static WitType *read_handle(CmpDecoder *d, CmpScope *s, bool borrow)
{
    size_t at = d->r.pos;
    uint32_t idx = wasm_rd_u32(&d->r);
    CmpType *rt = type_at(d, s, idx, at);
    if (rt->kind != CMP_TYPE_RESOURCE)
        wasm_rd_fail(&d->r, at, "type %u is not a resource type: %s needs "
                     "one", idx, borrow ? "borrow" : "own");
    if (!borrow)
        return cmp_type_node(rt);
    WitType *t = cmp_new_wit(d, WIT_BORROW);
    t->elem = cmp_type_node(rt);
    return t;
}

static WitType *read_stream_future(CmpDecoder *d, CmpScope *s, WitType *t)
{
    size_t at = d->r.pos;
    t->elem = read_opt_valtype(d, s);
    if (t->elem && cmp_has_borrow(t->elem))
        wasm_rd_fail(&d->r, at, "%s element type must not contain a borrow",
                     t->kind == WIT_STREAM ? "stream" : "future");
    if (t->kind == WIT_STREAM && t->elem && t->elem->kind == WIT_CHAR)
        wasm_rd_fail(&d->r, at, "stream<char> is not allowed");
    return t;
}

/* defvaltype after its opcode byte `op` (read at `at`) */
static WitType *read_defvaltype(CmpDecoder *d, CmpScope *s, uint8_t op,
                                size_t at)
{
    WitTypeKind k;
    if (prim_kind(op, &k))
        return cmp_new_wit(d, k);
    switch (op) {
    case 0x72: return read_record(d, s, cmp_new_wit(d, WIT_RECORD));
    case 0x71: return read_variant(d, s, cmp_new_wit(d, WIT_VARIANT));
    case 0x70: {
        WitType *t = cmp_new_wit(d, WIT_LIST);
        t->elem = cmp_read_valtype(d, s);
        return t;
    }
    case 0x67: {
        WitType *t = cmp_new_wit(d, WIT_LIST);
        t->elem = cmp_read_valtype(d, s);
        size_t lat = d->r.pos;
        t->length = wasm_rd_u32(&d->r);
        if (t->length == 0)
            wasm_rd_fail(&d->r, lat, "fixed-size list length must be "
                         "greater than 0");
        return t;
    }
    case 0x6f: return read_tuple(d, s, cmp_new_wit(d, WIT_TUPLE));
    case 0x6e: return read_labels(d, cmp_new_wit(d, WIT_FLAGS), 32);
    case 0x6d: return read_labels(d, cmp_new_wit(d, WIT_ENUM), UINT32_MAX);
    case 0x6b: {
        WitType *t = cmp_new_wit(d, WIT_OPTION);
        t->elem = cmp_read_valtype(d, s);
        return t;
    }
    case 0x6a: {
        WitType *t = cmp_new_wit(d, WIT_RESULT);
        t->ok = read_opt_valtype(d, s);
        t->err = read_opt_valtype(d, s);
        return t;
    }
    case 0x69: return read_handle(d, s, false);
    case 0x68: return read_handle(d, s, true);
    case 0x66: return read_stream_future(d, s, cmp_new_wit(d, WIT_STREAM));
    case 0x65: return read_stream_future(d, s, cmp_new_wit(d, WIT_FUTURE));
    case 0x63: {
        WitType *t = cmp_new_wit(d, WIT_MAP);
        t->key = cmp_read_valtype(d, s);
        t->elem = cmp_read_valtype(d, s);
        return t;
    }
    default:
        wasm_rd_fail(&d->r, at, "malformed type: unknown type opcode 0x%02x",
                     op);
    }
}

/* functype ::= 0x40|0x43 paramlist resultlist */
static CmpType *read_functype(CmpDecoder *d, CmpScope *s, CmpType *t)
{
    uint32_t n = wasm_rd_count(&d->r, 2);
    t->params = arena_array(d->a, n, sizeof *t->params);
    const char **seen = arena_array(d->a, n ? n : 1, sizeof *seen);
    for (uint32_t i = 0; i < n; i++) {
        size_t lat = d->r.pos;
        t->params[i].name = cmp_read_label(d, "parameter name");
        check_label_clash(d, seen, i, t->params[i].name, lat,
                          "parameter name");
        seen[i] = t->params[i].name;
        t->params[i].type = cmp_read_valtype(d, s);
    }
    t->nparams = n;
    size_t at = d->r.pos;
    uint8_t b = wasm_rd_u8(&d->r);
    if (b == 0x00) {
        size_t rat = d->r.pos;
        t->result = cmp_read_valtype(d, s);
        if (cmp_has_borrow(t->result))
            wasm_rd_fail(&d->r, rat, "function result must not contain a "
                         "borrow handle");
    } else if (b == 0x01) {
        size_t cat = d->r.pos;
        if (wasm_rd_u32(&d->r) != 0)
            wasm_rd_fail(&d->r, cat, "named function results are not "
                         "supported (only one unnamed result)");
    } else {
        wasm_rd_fail(&d->r, at, "malformed function result list: 0x%02x",
                     b);
    }
    return t;
}

/* resourcetype ::= 0x3f rep:<core:valtype> dtor?:<core:funcidx>? */
static CmpType *read_resourcetype(CmpDecoder *d, CmpScope *s, size_t at)
{
    if (s->kind != CMP_SCOPE_COMPONENT)
        wasm_rd_fail(&d->r, at, "resource types cannot be defined inside a "
                     "component or instance type");
    CmpType *t = cmp_new_resource(d, s, NULL, false);
    t->offset = (uint32_t)at;
    t->owner = s->component;
    size_t rat = d->r.pos;
    uint8_t rep = wasm_rd_u8(&d->r);
    if (rep == WASM_I64)
        wasm_rd_fail(&d->r, rat, "resource representation i64 (memory64) is "
                     "not supported yet");
    if (rep != WASM_I32)
        wasm_rd_fail(&d->r, rat, "resource representation must be i32");
    t->rep = WASM_I32;
    size_t oat = d->r.pos;
    uint8_t has = wasm_rd_u8(&d->r);
    if (has > 1)
        wasm_rd_fail(&d->r, oat, "malformed resource destructor flag 0x%02x",
                     has);
    if (has) {
        size_t fat = d->r.pos;
        t->has_dtor = true;
        t->dtor = wasm_rd_u32(&d->r);
        CmpEntry *e = cmp_space_get(d, s, CMP_CORE_FUNC, t->dtor, fat);
        const WasmFuncType *ft = e->core.func;
        if (!ft || ft->nparams != 1 || ft->params[0] != WASM_I32 ||
            ft->nresults != 0) {
            char buf[120];
            cmp_format_core_functype(buf, sizeof buf, ft);
            wasm_rd_fail(&d->r, fat, "resource destructor must have type "
                         "[i32] -> [], found %s", buf);
        }
    }
    return t;
}

static void read_decls(CmpDecoder *d, CmpScope *s, bool component);

CmpType *cmp_read_deftype(CmpDecoder *d, CmpScope *s)
{
    size_t at = d->r.pos;
    uint8_t op = wasm_rd_u8(&d->r);
    CmpType *t = arena_alloc(d->a, sizeof *t);
    t->offset = (uint32_t)at;
    switch (op) {
    case 0x40:
    case 0x43:
        t->kind = CMP_TYPE_FUNC;
        t->is_async = op == 0x43;
        return read_functype(d, s, t);
    case 0x41:
    case 0x42: {
        t->kind = op == 0x41 ? CMP_TYPE_COMPONENT : CMP_TYPE_INSTANCE;
        cmp_check_scope_depth(d, s, at);
        CmpScope *in = arena_alloc(d->a, sizeof *in);
        in->kind = op == 0x41 ? CMP_SCOPE_COMPONENT_TYPE
                              : CMP_SCOPE_INSTANCE_TYPE;
        in->parent = s;
        in->component = s->component;
        read_decls(d, in, op == 0x41);
        t->scope = in;
        t->imports = in->imports;
        t->nimports = in->nimports;
        t->exports = in->exports;
        t->nexports = in->nexports;
        return t;
    }
    case 0x3f:
        return read_resourcetype(d, s, at);
    default: {
        t->kind = CMP_TYPE_VALUE;
        uint32_t outer = d->depth_seen;
        d->depth_seen = 0;
        t->val = read_defvaltype(d, s, op, at);
        t->depth = d->depth_seen + 1;
        d->depth_seen = outer;
        if (t->depth > CMP_MAX_TYPE_DEPTH)
            wasm_rd_fail(&d->r, at, "type nesting too deep (more than %u "
                         "levels)", CMP_MAX_TYPE_DEPTH);
        /* CanonicalABI.md "Element Size": elem_size(t, 'i64') < 2^28 */
        if (cmp_elem_size(t->val, 8) >= (1u << 28))
            wasm_rd_fail(&d->r, at, "type exceeds maximum byte size: its "
                         "canonical ABI element size must be below 2^28 "
                         "bytes");
        return t;
    }
    }
}

/* ---- core types ---- */

static WasmValType read_core_valtype(CmpDecoder *d)
{
    size_t at = d->r.pos;
    uint8_t b = wasm_rd_u8(&d->r);
    switch (b) {
    case WASM_I32: case WASM_I64: case WASM_F32: case WASM_F64:
    case WASM_V128: case WASM_FUNCREF: case WASM_EXTERNREF:
        return (WasmValType)b;
    default:
        wasm_rd_fail(&d->r, at, "malformed core value type 0x%02x", b);
    }
}

static void read_core_functype(CmpDecoder *d, WasmFuncType *ft)
{
    uint32_t np = wasm_rd_count(&d->r, 1);
    WasmValType *p = arena_array(d->a, np + 1, sizeof *p);
    for (uint32_t i = 0; i < np; i++)
        p[i] = read_core_valtype(d);
    uint32_t nr = wasm_rd_count(&d->r, 1);
    WasmValType *all = arena_array(d->a, np + nr + 1, sizeof *all);
    memcpy(all, p, np * sizeof *p);
    for (uint32_t i = 0; i < nr; i++)
        all[np + i] = read_core_valtype(d);
    ft->nparams = np;
    ft->nresults = nr;
    ft->params = all;
    ft->results = all + np;
}

static void read_limits(CmpDecoder *d, WasmLimits *l, bool memory)
{
    size_t at = d->r.pos;
    uint8_t flags = wasm_rd_u8(&d->r);
    if (memory && (flags & 2))
        wasm_rd_fail(&d->r, at, "shared memories (threads) are not "
                     "supported");
    if (flags & 8)
        wasm_rd_fail(&d->r, at, "custom page sizes are not supported");
    if (flags > 5 || flags == 2 || flags == 3 || (!memory && flags > 1))
        wasm_rd_fail(&d->r, at, "malformed limits flags 0x%02x", flags);
    l->is64 = flags & 4;
    l->has_max = flags & 1;
    size_t vat = d->r.pos;
    l->min = l->is64 ? wasm_rd_u64(&d->r) : wasm_rd_u32(&d->r);
    if (l->has_max)
        l->max = l->is64 ? wasm_rd_u64(&d->r) : wasm_rd_u32(&d->r);
    if (l->has_max && l->max < l->min)
        wasm_rd_fail(&d->r, vat, "size minimum must not be greater than "
                     "maximum");
    uint64_t limit = memory ? (l->is64 ? 1ull << 48 : 65536) : UINT32_MAX;
    if (memory && (l->min > limit || (l->has_max && l->max > limit)))
        wasm_rd_fail(&d->r, vat, "memory size must be at most %llu pages",
                     (unsigned long long)limit);
}

/* core:externtype (an import description): func typeidx, table, memory,
 * global, tag; type indices refer to the module type's own space. */
static void read_core_externtype(CmpDecoder *d, CmpScope *s, CmpCoreExtern *e)
{
    size_t at = d->r.pos;
    uint8_t k = wasm_rd_u8(&d->r);
    e->kind = (WasmExternKind)k;
    switch (k) {
    case WASM_EXTERN_FUNC:
    case WASM_EXTERN_TAG: {
        if (k == WASM_EXTERN_TAG)
            wasm_rd_u8(&d->r); /* tag attribute */
        size_t tat = d->r.pos;
        uint32_t idx = wasm_rd_u32(&d->r);
        CmpCoreType *t = cmp_space_get(d, s, CMP_CORE_TYPE, idx, tat)
                             ->core_type;
        if (t->kind != CMP_CORE_TYPE_FUNC)
            wasm_rd_fail(&d->r, tat, "core type %u is not a function type",
                         idx);
        e->func = &t->func;
        break;
    }
    case WASM_EXTERN_TABLE:
        e->table.elem = read_core_valtype(d);
        read_limits(d, &e->table.limits, false);
        break;
    case WASM_EXTERN_MEMORY:
        read_limits(d, &e->memory, true);
        break;
    case WASM_EXTERN_GLOBAL: {
        e->global.type = read_core_valtype(d);
        size_t mat = d->r.pos;
        uint8_t mut = wasm_rd_u8(&d->r);
        if (mut > 1)
            wasm_rd_fail(&d->r, mat, "malformed mutability");
        e->global.mut = mut;
        break;
    }
    default:
        wasm_rd_fail(&d->r, at, "malformed core import kind 0x%02x", k);
    }
}

/* core:moduletype ::= 0x50 vec(core:moduledecl) */
static void read_moduletype(CmpDecoder *d, CmpScope *outer, CmpCoreType *t)
{
    CmpScope *s = arena_alloc(d->a, sizeof *s);
    s->kind = CMP_SCOPE_MODULE_TYPE;
    s->parent = outer;
    s->component = outer->component;
    t->scope = s;
    uint32_t n = wasm_rd_count(&d->r, 2);
    uint32_t icap = 0, ecap = 0;
    for (uint32_t i = 0; i < n; i++) {
        size_t at = d->r.pos;
        uint8_t k = wasm_rd_u8(&d->r);
        if (k == 0x00) {
            CmpCoreImport *im = CMP_PUSH(d->a, t->imports, t->nimports, icap);
            size_t nat = d->r.pos;
            im->module = wasm_rd_name(&d->r, d->a);
            im->name = wasm_rd_name(&d->r, d->a);
            for (uint32_t j = 0; j + 1 < t->nimports; j++)
                if (strcmp(t->imports[j].module.str, im->module.str) == 0 &&
                    strcmp(t->imports[j].name.str, im->name.str) == 0)
                    wasm_rd_fail(&d->r, nat, "duplicate import name `%s:%s` "
                                 "in module type", im->module.str,
                                 im->name.str);
            read_core_externtype(d, s, &im->type);
        } else if (k == 0x01) {
            size_t tat = d->r.pos;
            CmpCoreType *ct = cmp_read_core_type(d, s);
            if (ct->kind == CMP_CORE_TYPE_MODULE)
                wasm_rd_fail(&d->r, tat, "module types cannot be nested in "
                             "module types");
            CmpEntry e = {.def = CMP_DEF_DECL, .offset = (uint32_t)tat,
                          .core_type = ct};
            cmp_space_add(d, s, CMP_CORE_TYPE, &e);
        } else if (k == 0x02) {
            size_t sat = d->r.pos;
            if (wasm_rd_u8(&d->r) != 0x10)
                wasm_rd_fail(&d->r, sat, "module type aliases must be of "
                             "sort core type");
            size_t oat = d->r.pos;
            if (wasm_rd_u8(&d->r) != 0x01)
                wasm_rd_fail(&d->r, oat, "module type aliases must be outer "
                             "aliases");
            size_t cat = d->r.pos;
            uint32_t ct = wasm_rd_u32(&d->r);
            size_t iat = d->r.pos;
            uint32_t idx = wasm_rd_u32(&d->r);
            CmpScope *target = s;
            for (uint32_t j = 0; j < ct && target; j++)
                target = target->parent;
            if (!target)
                wasm_rd_fail(&d->r, cat, "outer alias count %u exceeds the "
                             "number of enclosing scopes", ct);
            CmpEntry *src = cmp_space_get(d, target, CMP_CORE_TYPE, idx, iat);
            if (src->core_type->kind == CMP_CORE_TYPE_MODULE)
                wasm_rd_fail(&d->r, iat, "module types cannot be aliased "
                             "into module types");
            CmpEntry e = *src;
            e.def = CMP_DEF_DECL;
            e.offset = (uint32_t)at;
            cmp_space_add(d, s, CMP_CORE_TYPE, &e);
        } else if (k == 0x03) {
            CmpCoreExport *ex = CMP_PUSH(d->a, t->exports, t->nexports, ecap);
            size_t nat = d->r.pos;
            ex->name = wasm_rd_name(&d->r, d->a);
            for (uint32_t j = 0; j + 1 < t->nexports; j++)
                if (strcmp(t->exports[j].name.str, ex->name.str) == 0)
                    wasm_rd_fail(&d->r, nat, "duplicate export name `%s` in "
                                 "module type", ex->name.str);
            read_core_externtype(d, s, &ex->type);
        } else {
            wasm_rd_fail(&d->r, at, "malformed module type declaration "
                         "0x%02x", k);
        }
    }
}

/* core:type ::= 0x60 functype | 0x50 moduletype (GC rec/sub: refused) */
CmpCoreType *cmp_read_core_type(CmpDecoder *d, CmpScope *s)
{
    size_t at = d->r.pos;
    uint8_t op = wasm_rd_u8(&d->r);
    CmpCoreType *t = arena_alloc(d->a, sizeof *t);
    t->offset = (uint32_t)at;
    if (op == 0x60) {
        t->kind = CMP_CORE_TYPE_FUNC;
        read_core_functype(d, &t->func);
    } else if (op == 0x50) {
        if (s->kind == CMP_SCOPE_MODULE_TYPE) /* a GC subtype there */
            wasm_rd_fail(&d->r, at, "core GC types (sub) are not supported");
        t->kind = CMP_CORE_TYPE_MODULE;
        read_moduletype(d, s, t);
    } else if (op == 0x00 || op == 0x4e || op == 0x4f || op == 0x5e ||
               op == 0x5f) {
        wasm_rd_fail(&d->r, at, "core GC types (rec, sub, struct, array) are "
                     "not supported");
    } else {
        wasm_rd_fail(&d->r, at, "malformed core type opcode 0x%02x", op);
    }
    return t;
}

/* ---- externtypes and declarators ---- */

static CmpType *read_typed_index(CmpDecoder *d, CmpScope *s, CmpTypeKind want,
                                 uint32_t *idx_out)
{
    static const char *names[] = {"value", "function", "component",
                                  "instance", "resource"};
    size_t at = d->r.pos;
    uint32_t idx = wasm_rd_u32(&d->r);
    CmpType *t = type_at(d, s, idx, at);
    if (t->kind != want)
        wasm_rd_fail(&d->r, at, "type %u is not a %s type (it is a %s type)",
                     idx, names[want], names[t->kind]);
    *idx_out = idx;
    return t;
}

/* externtype ::= 0x00 0x11 i | 0x01 i | 0x02 valuebound | 0x03 typebound
 *              | 0x04 i | 0x05 i */
void cmp_read_externtype(CmpDecoder *d, CmpScope *s, CmpExtern *e)
{
    size_t at = d->r.pos;
    uint8_t k = wasm_rd_u8(&d->r);
    e->kind = (CmpExternKind)k;
    switch (k) {
    case 0x00: {
        size_t sat = d->r.pos;
        if (wasm_rd_u8(&d->r) != 0x11)
            wasm_rd_fail(&d->r, sat, "malformed core extern type: only core "
                         "modules can be imported or exported");
        size_t tat = d->r.pos;
        e->type_index = wasm_rd_u32(&d->r);
        e->module = cmp_space_get(d, s, CMP_CORE_TYPE, e->type_index, tat)
                        ->core_type;
        if (e->module->kind != CMP_CORE_TYPE_MODULE)
            wasm_rd_fail(&d->r, tat, "core type %u is not a module type",
                         e->type_index);
        break;
    }
    case 0x01:
        e->type = read_typed_index(d, s, CMP_TYPE_FUNC, &e->type_index);
        break;
    case 0x02: {
        /* 🪙 values: wasm-tools writes the value type itself here, not
         * Binary.md's valuebound (0x00 eq i | 0x01 t), whose first byte
         * would read as a type index; kiln follows the producers. */
        CmpType *t = arena_alloc(d->a, sizeof *t);
        t->kind = CMP_TYPE_VALUE;
        t->val = cmp_read_valtype(d, s);
        e->type = t;
        break;
    }
    case 0x03: {
        size_t bat = d->r.pos;
        uint8_t b = wasm_rd_u8(&d->r);
        if (b == 0x00) {
            size_t tat = d->r.pos;
            e->type_index = wasm_rd_u32(&d->r);
            e->type = cmp_named_type(d, type_at(d, s, e->type_index, tat),
                                     e->name.str);
        } else if (b == 0x01) {
            e->sub_resource = true;
            e->type = cmp_new_resource(d, s, e->name.str, true);
        } else {
            wasm_rd_fail(&d->r, bat, "malformed type bound 0x%02x", b);
        }
        break;
    }
    case 0x04:
        e->type = read_typed_index(d, s, CMP_TYPE_COMPONENT, &e->type_index);
        break;
    case 0x05:
        e->type = read_typed_index(d, s, CMP_TYPE_INSTANCE, &e->type_index);
        e->type = cmp_fresh_instance(d, s, e->type);
        break;
    default:
        wasm_rd_fail(&d->r, at, "malformed extern type kind 0x%02x", k);
    }
}

uint32_t cmp_add_extern(CmpDecoder *d, CmpScope *s, const CmpExtern *e,
                        CmpDefKind def, uint32_t def_index)
{
    CmpEntry en = {.def = def, .def_index = def_index, .offset = e->offset};
    CmpSort sort;
    switch (e->kind) {
    case CMP_EXTERN_MODULE:
        sort = CMP_CORE_MODULE;
        en.core_type = e->module;
        break;
    case CMP_EXTERN_FUNC: sort = CMP_FUNC; break;
    case CMP_EXTERN_VALUE: sort = CMP_VALUE; break;
    case CMP_EXTERN_TYPE: sort = CMP_TYPE; break;
    case CMP_EXTERN_COMPONENT: sort = CMP_COMPONENT; break;
    default: sort = CMP_INSTANCE; break;
    }
    if (sort != CMP_CORE_MODULE)
        en.type = e->type;
    return cmp_space_add(d, s, sort, &en);
}

/* importdecl / exportdecl: name, externtype; names strongly-unique. */
static void read_decl_extern(CmpDecoder *d, CmpScope *s, bool import)
{
    CmpExtern e = {0};
    e.offset = (uint32_t)d->r.pos;
    cmp_read_extern_name(d, &e.name);
    cmp_read_externtype(d, s, &e);
    CmpExtern *slot = import
        ? CMP_PUSH(d->a, s->imports, s->nimports, s->cap_imports)
        : CMP_PUSH(d->a, s->exports, s->nexports, s->cap_exports);
    const CmpExtern *list = import ? s->imports : s->exports;
    uint32_t n = import ? s->nimports - 1 : s->nexports - 1;
    const char *canon = cmp_name_canonical(d->a, &e.name);
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(cmp_name_canonical(d->a, &list[i].name), canon) == 0)
            wasm_rd_fail(&d->r, e.name.offset, "duplicate %s name `%s`",
                         import ? "import" : "export", e.name.str);
    *slot = e;
    cmp_check_visibility(d, s, &e, import);
    cmp_add_extern(d, s, &e, CMP_DEF_DECL, 0);
}

/* componentdecl / instancedecl */
static void read_decls(CmpDecoder *d, CmpScope *s, bool component)
{
    uint32_t n = wasm_rd_count(&d->r, 2);
    for (uint32_t i = 0; i < n; i++) {
        size_t at = d->r.pos;
        uint8_t k = wasm_rd_u8(&d->r);
        switch (k) {
        case 0x00: {
            CmpCoreType *ct = cmp_read_core_type(d, s);
            CmpEntry e = {.def = CMP_DEF_DECL, .offset = (uint32_t)at,
                          .core_type = ct};
            cmp_space_add(d, s, CMP_CORE_TYPE, &e);
            break;
        }
        case 0x01: {
            CmpType *t = cmp_read_deftype(d, s);
            CmpEntry e = {.def = CMP_DEF_DECL, .offset = (uint32_t)at,
                          .type = t};
            cmp_space_add(d, s, CMP_TYPE, &e);
            break;
        }
        case 0x02: {
            CmpAlias a;
            cmp_read_alias(d, s, &a, true);
            break;
        }
        case 0x03:
            if (!component)
                wasm_rd_fail(&d->r, at, "imports are not allowed in "
                             "instance types");
            read_decl_extern(d, s, true);
            break;
        case 0x04:
            read_decl_extern(d, s, false);
            break;
        default:
            wasm_rd_fail(&d->r, at, "malformed %s type declaration 0x%02x",
                         component ? "component" : "instance", k);
        }
    }
}

/* The type of export `index` of kind `kind` of a decoded core module. */
void cmp_core_extern_from_module(const WasmModule *m, WasmExternKind kind,
                                 uint32_t index, CmpCoreExtern *out)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    switch (kind) {
    case WASM_EXTERN_FUNC:
        out->func = wasm_func_type(m, index);
        break;
    case WASM_EXTERN_TABLE:
        out->table = m->tables[index].type;
        break;
    case WASM_EXTERN_MEMORY:
        out->memory = m->memories[index].limits;
        break;
    case WASM_EXTERN_GLOBAL:
        out->global = m->globals[index].type;
        break;
    case WASM_EXTERN_TAG:
        out->func = &m->types[m->tags[index].type];
        break;
    }
}
