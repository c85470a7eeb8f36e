/* Type matching for validation (Explainer.md "Type Checking", Binary.md
 * notes on instantiate and export ascriptions): value types are compared
 * structurally; resources by identity, except that an abstract resource
 * of the expected side (an imported `(sub resource)`) binds to the actual
 * resource the first time it is met and must match it afterwards, which
 * is the substitution instantiation performs; instance types match when
 * the actual instance has every expected export, component types when
 * the actual one needs no import the expected one lacks and has every
 * expected export; core externs as in core wasm import matching. */
#include "component/cmp_internal.h"

#include <stdarg.h>
#include <string.h>

static bool fail(CmpMatch *m, const char *fmt, ...)
{
    if (!m->why[0]) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(m->why, sizeof m->why, fmt, ap);
        va_end(ap);
    }
    return false;
}

static bool bind_resource(CmpMatch *m, const WitType *actual,
                          const WitType *expected)
{
    if (actual == expected)
        return true;
    for (uint32_t i = 0; i < m->n; i++)
        if (m->binds[i].from == expected)
            return m->binds[i].to == actual ||
                   fail(m, "resource types are not the same");
    /* only the abstract resources of the type being matched bind (on
     * first use: instantiation substitutes imports in order) */
    const CmpType *rt = m->f ? cmp_resource_of(m->f, expected) : NULL;
    if (!rt || !rt->is_abstract || !m->bind_scope ||
        !cmp_scope_within(rt->decl_scope, m->bind_scope))
        return fail(m, "resource types are not the same");
    CmpBinding *b = cmp_push(m->a, (void **)&m->binds, &m->n, &m->cap,
                             sizeof *b);
    b->from = expected;
    b->to = actual;
    return true;
}

static bool opt_eq(CmpMatch *m, const WitType *a, const WitType *e)
{
    if (!a || !e)
        return (a == NULL && e == NULL) || fail(m, "optional types differ");
    return cmp_match_valtype(m, a, e);
}

static bool labels_eq(CmpMatch *m, const char *a, const char *e)
{
    return strcmp(a, e) == 0 || fail(m, "label `%s` does not match `%s`", a, e);
}

bool cmp_match_valtype(CmpMatch *m, const WitType *a, const WitType *e)
{
    a = wit_type_resolve(a);
    e = wit_type_resolve(e);
    if (a == e)
        return true;
    if (a->kind != e->kind)
        return fail(m, "expected %s, found %s", wit_type_kind_name(e->kind),
                    wit_type_kind_name(a->kind));
    switch (a->kind) {
    case WIT_LIST:
        if (a->length != e->length)
            return fail(m, "list lengths differ");
        return cmp_match_valtype(m, a->elem, e->elem);
    case WIT_OPTION:
        return cmp_match_valtype(m, a->elem, e->elem);
    case WIT_BORROW:
        return bind_resource(m, wit_type_resolve(a->elem),
                             wit_type_resolve(e->elem));
    case WIT_RESOURCE:
        return bind_resource(m, a, e);
    case WIT_STREAM: case WIT_FUTURE:
        return opt_eq(m, a->elem, e->elem);
    case WIT_MAP:
        return cmp_match_valtype(m, a->key, e->key) &&
               cmp_match_valtype(m, a->elem, e->elem);
    case WIT_RESULT:
        return opt_eq(m, a->ok, e->ok) && opt_eq(m, a->err, e->err);
    case WIT_TUPLE:
        if (a->nelems != e->nelems)
            return fail(m, "tuple lengths differ");
        for (size_t i = 0; i < a->nelems; i++)
            if (!cmp_match_valtype(m, a->elems[i], e->elems[i]))
                return false;
        return true;
    case WIT_RECORD:
        if (a->nfields != e->nfields)
            return fail(m, "records have %zu and %zu fields", a->nfields,
                        e->nfields);
        for (size_t i = 0; i < a->nfields; i++)
            if (!labels_eq(m, a->fields[i].name, e->fields[i].name) ||
                !cmp_match_valtype(m, a->fields[i].type, e->fields[i].type))
                return false;
        return true;
    case WIT_VARIANT: case WIT_ENUM: case WIT_FLAGS:
        if (a->ncases != e->ncases)
            return fail(m, "%s types have %zu and %zu cases",
                        wit_type_kind_name(a->kind), a->ncases, e->ncases);
        for (size_t i = 0; i < a->ncases; i++)
            if (!labels_eq(m, a->cases[i].name, e->cases[i].name) ||
                !opt_eq(m, a->cases[i].type, e->cases[i].type))
                return false;
        return true;
    default:
        return true; /* primitives of the same kind */
    }
}

static bool func_eq(CmpMatch *m, const CmpType *a, const CmpType *e)
{
    if (a->is_async != e->is_async)
        return fail(m, "one function type is async, the other is not");
    if (a->nparams != e->nparams)
        return fail(m, "expected %u parameters, found %u", e->nparams,
                    a->nparams);
    for (uint32_t i = 0; i < a->nparams; i++) {
        if (strcmp(a->params[i].name, e->params[i].name) != 0)
            return fail(m, "parameter `%s` does not match `%s`",
                        a->params[i].name, e->params[i].name);
        if (!cmp_match_valtype(m, a->params[i].type, e->params[i].type))
            return false;
    }
    return opt_eq(m, a->result, e->result);
}

static const CmpExtern *find(const CmpExtern *list, uint32_t n,
                             const char *name)
{
    for (uint32_t i = 0; i < n; i++)
        if (strcmp(list[i].name.str, name) == 0)
            return &list[i];
    return NULL;
}

static bool type_sub(CmpMatch *m, const CmpType *a, const CmpType *e);

static bool exports_sub(CmpMatch *m, const CmpType *a, const CmpType *e)
{
    for (uint32_t i = 0; i < e->nexports; i++) {
        const CmpExtern *x = find(a->exports, a->nexports,
                                  e->exports[i].name.str);
        if (!x)
            return fail(m, "missing export `%s`", e->exports[i].name.str);
        if (!cmp_match_extern(m, x, &e->exports[i]))
            return false;
    }
    return true;
}

static bool type_sub(CmpMatch *m, const CmpType *a, const CmpType *e)
{
    if (a == e)
        return true;
    if (e->kind == CMP_TYPE_RESOURCE) {
        if (a->kind != CMP_TYPE_RESOURCE)
            return fail(m, "expected a resource type");
        return bind_resource(m, a->val, e->val);
    }
    if (a->kind != e->kind)
        return fail(m, "type kinds differ");
    switch (a->kind) {
    case CMP_TYPE_VALUE:
        return cmp_match_valtype(m, a->val, e->val);
    case CMP_TYPE_FUNC:
        return func_eq(m, a, e);
    case CMP_TYPE_INSTANCE:
        return exports_sub(m, a, e);
    case CMP_TYPE_COMPONENT:
        for (uint32_t i = 0; i < a->nimports; i++)
            if (!find(e->imports, e->nimports, a->imports[i].name.str))
                return fail(m, "unexpected import `%s`",
                            a->imports[i].name.str);
        return exports_sub(m, a, e);
    default:
        return false;
    }
}

static bool module_sub(CmpMatch *m, const CmpCoreType *a,
                       const CmpCoreType *e)
{
    char why[160];
    for (uint32_t i = 0; i < a->nimports; i++) {
        const CmpCoreImport *im = &a->imports[i];
        const CmpCoreImport *x = NULL;
        for (uint32_t j = 0; j < e->nimports && !x; j++)
            if (strcmp(e->imports[j].module.str, im->module.str) == 0 &&
                strcmp(e->imports[j].name.str, im->name.str) == 0)
                x = &e->imports[j];
        if (!x)
            return fail(m, "unexpected module import `%s` `%s`",
                        im->module.str, im->name.str);
        if (!cmp_match_core_extern(&x->type, &im->type, why, sizeof why))
            return fail(m, "module import `%s` `%s`: %s", im->module.str,
                        im->name.str, why);
    }
    for (uint32_t i = 0; i < e->nexports; i++) {
        const CmpCoreExport *x = NULL;
        for (uint32_t j = 0; j < a->nexports && !x; j++)
            if (strcmp(a->exports[j].name.str, e->exports[i].name.str) == 0)
                x = &a->exports[j];
        if (!x)
            return fail(m, "missing module export `%s`",
                        e->exports[i].name.str);
        if (!cmp_match_core_extern(&x->type, &e->exports[i].type, why,
                                   sizeof why))
            return fail(m, "module export `%s`: %s", x->name.str, why);
    }
    return true;
}

bool cmp_match_extern(CmpMatch *m, const CmpExtern *a, const CmpExtern *e)
{
    if (a->kind != e->kind)
        return fail(m, "expected a %s, found a %s",
                    cmp_extern_kind_name(e->kind),
                    cmp_extern_kind_name(a->kind));
    if (e->kind == CMP_EXTERN_MODULE)
        return module_sub(m, a->module, e->module);
    if (e->kind == CMP_EXTERN_TYPE && e->sub_resource) {
        if (a->type->kind != CMP_TYPE_RESOURCE)
            return fail(m, "expected a resource type");
        return bind_resource(m, a->type->val, e->type->val);
    }
    if (!type_sub(m, a->type, e->type))
        return false;
    /* a value type imported as (eq t), at any depth of an instance type,
     * is the supplied type from now on: substitution gives its uses the
     * supplied name */
    if (e->kind == CMP_EXTERN_TYPE && m->bind_scope &&
        e->type->kind == CMP_TYPE_VALUE && a->type->kind == CMP_TYPE_VALUE &&
        e->type->val != a->type->val) {
        for (uint32_t i = 0; i < m->n; i++)
            if (m->binds[i].from == e->type->val)
                return true;
        CmpBinding *b = cmp_push(m->a, (void **)&m->binds, &m->n, &m->cap,
                                 sizeof *b);
        b->from = e->type->val;
        b->to = a->type->val;
    }
    return true;
}

/* ---- core ---- */

void cmp_format_core_functype(char *buf, size_t len, const WasmFuncType *t)
{
    size_t n = 0;
    if (!t) {
        snprintf(buf, len, "(none)");
        return;
    }
    n += (size_t)snprintf(buf + n, len - n, "[");
    for (uint32_t i = 0; i < t->nparams && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? " " : "",
                              wasm_valtype_name(t->params[i]));
    if (n < len)
        n += (size_t)snprintf(buf + n, len - n, "] -> [");
    for (uint32_t i = 0; i < t->nresults && n < len; i++)
        n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? " " : "",
                              wasm_valtype_name(t->results[i]));
    if (n < len)
        snprintf(buf + n, len - n, "]");
}

static bool limits_sub(const WasmLimits *a, const WasmLimits *e)
{
    if (a->is64 != e->is64 || a->min < e->min)
        return false;
    if (e->has_max)
        return a->has_max && a->max <= e->max;
    return true;
}

bool cmp_match_core_extern(const CmpCoreExtern *a, const CmpCoreExtern *e,
                           char *why, size_t whylen)
{
    static const char *kinds[] = {"func", "table", "memory", "global", "tag"};
    if (a->kind != e->kind) {
        snprintf(why, whylen, "expected a %s, found a %s", kinds[e->kind],
                 kinds[a->kind]);
        return false;
    }
    switch (a->kind) {
    case WASM_EXTERN_FUNC:
    case WASM_EXTERN_TAG:
        if (!wasm_functype_eq(a->func, e->func)) {
            char x[100], y[100];
            cmp_format_core_functype(x, sizeof x, e->func);
            cmp_format_core_functype(y, sizeof y, a->func);
            snprintf(why, whylen, "expected type %s, found %s", x, y);
            return false;
        }
        return true;
    case WASM_EXTERN_TABLE:
        if (a->table.elem != e->table.elem ||
            !limits_sub(&a->table.limits, &e->table.limits)) {
            snprintf(why, whylen, "table types do not match");
            return false;
        }
        return true;
    case WASM_EXTERN_MEMORY:
        if (!limits_sub(&a->memory, &e->memory)) {
            snprintf(why, whylen, "memory limits do not match");
            return false;
        }
        return true;
    case WASM_EXTERN_GLOBAL:
        if (a->global.type != e->global.type || a->global.mut != e->global.mut) {
            snprintf(why, whylen, "global types do not match");
            return false;
        }
        return true;
    }
    return false;
}

/* ---- properties of value types ---- */

typedef bool (*LeafPred)(const WitType *t);

static bool any(const WitType *t, LeafPred p, int depth)
{
    if (!t || depth > 64)
        return false;
    t = wit_type_resolve(t);
    if (p(t))
        return true;
    switch (t->kind) {
    case WIT_LIST: case WIT_OPTION:
        return any(t->elem, p, depth + 1);
    case WIT_STREAM: case WIT_FUTURE:
        return false; /* elements travel separately */
    case WIT_MAP:
        return any(t->key, p, depth + 1) || any(t->elem, p, depth + 1);
    case WIT_RESULT:
        return any(t->ok, p, depth + 1) || any(t->err, p, depth + 1);
    case WIT_TUPLE:
        for (size_t i = 0; i < t->nelems; i++)
            if (any(t->elems[i], p, depth + 1))
                return true;
        return false;
    case WIT_RECORD:
        for (size_t i = 0; i < t->nfields; i++)
            if (any(t->fields[i].type, p, depth + 1))
                return true;
        return false;
    case WIT_VARIANT:
        for (size_t i = 0; i < t->ncases; i++)
            if (any(t->cases[i].type, p, depth + 1))
                return true;
        return false;
    default:
        return false;
    }
}

static bool is_borrow(const WitType *t) { return t->kind == WIT_BORROW; }
static bool is_handle(const WitType *t)
{
    return t->kind == WIT_BORROW || t->kind == WIT_RESOURCE;
}
static bool is_mem(const WitType *t)
{
    return t->kind == WIT_STRING || t->kind == WIT_MAP ||
           (t->kind == WIT_LIST && t->length == 0);
}

bool cmp_has_borrow(const WitType *t) { return any(t, is_borrow, 0); }
bool cmp_has_resource(const WitType *t) { return any(t, is_handle, 0); }
bool cmp_needs_memory(const WitType *t) { return any(t, is_mem, 0); }

static bool externs_have_resource(const CmpExtern *x, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++)
        if (x[i].type && cmp_type_has_resource(x[i].type))
            return true;
    return false;
}

bool cmp_type_has_resource(const CmpType *t)
{
    switch (t->kind) {
    case CMP_TYPE_VALUE:
        return cmp_has_resource(t->val);
    case CMP_TYPE_RESOURCE:
        return true;
    case CMP_TYPE_FUNC:
        for (uint32_t i = 0; i < t->nparams; i++)
            if (cmp_has_resource(t->params[i].type))
                return true;
        return t->result && cmp_has_resource(t->result);
    default:
        return externs_have_resource(t->imports, t->nimports) ||
               externs_have_resource(t->exports, t->nexports);
    }
}
