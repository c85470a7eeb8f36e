/* The component validator: the rules of Explainer.md, Binary.md and
 * CanonicalABI.md "Canonical Definitions" that need types, run over a
 * decoded component (index bounds, sorts and type kinds were checked by
 * the decoder as it built the index spaces):
 *  - embedded core modules are validated with wasm_validate;
 *  - core instantiation: every module import is supplied by the named
 *    argument instance with a matching type;
 *  - canon lift/lower: options (memory, realloc, post-return, async,
 *    callback) and the core function type against flatten_functype;
 *    the async and thread built-ins are refused as not supported yet;
 *  - import/export names: strong uniqueness and the rules of
 *    [constructor]/[method]/[static] names, also inside instance and
 *    component types; no borrow in exported value types; export
 *    ascriptions are supertypes of what is exported;
 *  - start: argument types. */
#include "component/cmp_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct CmpValidator {
    WasmReader r; /* only for wasm_rd_fail: diag, path, unwinding */
    Arena *a;
    const CmpFile *f;
} CmpValidator;

#define FAIL(v, at, ...) wasm_rd_fail(&(v)->r, (at), __VA_ARGS__)

/* Core modules in a component are instantiated by name, so their
 * (module, name) import pairs must be unique. */
static void check_module(CmpValidator *v, const CmpCoreModule *cm)
{
    Diag quiet;
    diag_init(&quiet, NULL);
    if (!wasm_validate(cm->module, &quiet))
        FAIL(v, cm->offset + quiet.first_offset, "%s", quiet.first);
    const WasmModule *m = cm->module;
    for (uint32_t i = 1; i < m->nimports; i++)
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(m->imports[i].module.str, m->imports[j].module.str)
                    == 0 &&
                strcmp(m->imports[i].name.str, m->imports[j].name.str) == 0)
                FAIL(v, cm->offset + m->imports[i].offset, "duplicate import "
                     "name `%s:%s` in a core module of a component",
                     m->imports[i].module.str, m->imports[i].name.str);
}

static const CmpCoreExport *core_export(const CmpCoreType *t, const char *n)
{
    for (uint32_t i = 0; i < t->nexports; i++)
        if (strcmp(t->exports[i].name.str, n) == 0)
            return &t->exports[i];
    return NULL;
}

static void check_core_instance(CmpValidator *v, const CmpComponent *c,
                                const CmpCoreInstance *ci)
{
    if (ci->inline_exports)
        return;
    const CmpScope *s = &c->scope;
    const CmpCoreType *mt = s->space[CMP_CORE_MODULE].items[ci->module]
                                .core_type;
    for (uint32_t i = 0; i < mt->nimports; i++) {
        const CmpCoreImport *im = &mt->imports[i];
        const CmpCoreArg *arg = NULL;
        for (uint32_t j = 0; j < ci->nargs && !arg; j++)
            if (strcmp(ci->args[j].name.str, im->module.str) == 0)
                arg = &ci->args[j];
        if (!arg)
            FAIL(v, ci->offset, "core instance: module %u imports `%s` `%s`, "
                 "but no instantiation argument is named `%s`", ci->module,
                 im->module.str, im->name.str, im->module.str);
        const CmpCoreType *it = s->space[CMP_CORE_INSTANCE]
                                    .items[arg->instance].core_type;
        const CmpCoreExport *x = core_export(it, im->name.str);
        if (!x)
            FAIL(v, ci->offset, "core instance: module %u imports `%s` `%s`, "
                 "but core instance %u has no export `%s`", ci->module,
                 im->module.str, im->name.str, arg->instance, im->name.str);
        char why[200];
        if (!cmp_match_core_extern(&x->type, &im->type, why, sizeof why))
            FAIL(v, ci->offset, "core instance: type mismatch for import "
                 "`%s` `%s` of module %u: %s", im->module.str, im->name.str,
                 ci->module, why);
    }
}

/* ---- canon ---- */

static const WasmFuncType *core_func(const CmpScope *s, uint32_t idx)
{
    return s->space[CMP_CORE_FUNC].items[idx].core.func;
}

static void check_opts(CmpValidator *v, const CmpComponent *c,
                       const CmpCanon *cn, bool lift)
{
    const CmpCanonOpts *o = &cn->opts;
    const CmpScope *s = &c->scope;
    const char *what = lift ? "canon lift" : "canon lower";
    if (o->is_async || o->has_callback)
        FAIL(v, cn->offset, "%s: the async option is not supported yet",
             what);
    if (o->has_memory &&
        s->space[CMP_CORE_MEMORY].items[o->memory].core.memory.is64)
        FAIL(v, cn->offset, "%s: memory %u is a 64-bit memory; canonical "
             "options with memory64 are not supported yet", what, o->memory);
    if (o->has_realloc) {
        if (!o->has_memory)
            FAIL(v, cn->offset, "%s: the realloc option requires the memory "
                 "option", what);
        const WasmFuncType *t = core_func(s, o->realloc);
        static const WasmValType p4[5] = {WASM_I32, WASM_I32, WASM_I32,
                                          WASM_I32, WASM_I32};
        WasmFuncType want = {4, 1, (WasmValType *)p4, (WasmValType *)p4 + 4};
        if (!wasm_functype_eq(t, &want)) {
            char buf[120];
            cmp_format_core_functype(buf, sizeof buf, t);
            FAIL(v, cn->offset, "%s: realloc function %u must have type "
                 "[i32 i32 i32 i32] -> [i32], found %s", what, o->realloc,
                 buf);
        }
    }
    if (o->has_post_return && !lift)
        FAIL(v, cn->offset, "canon lower: the post-return option is only "
             "allowed on canon lift");
}

static bool params_need_memory(const CmpType *ft)
{
    for (uint32_t i = 0; i < ft->nparams; i++)
        if (cmp_needs_memory(ft->params[i].type))
            return true;
    return false;
}

static uint32_t flat_count(const CmpType *ft, bool params)
{
    WasmValType scratch[1];
    uint32_t n = 0;
    if (!params)
        return ft->result ? cmp_flatten(ft->result, scratch, 0) : 0;
    for (uint32_t i = 0; i < ft->nparams; i++)
        n += cmp_flatten(ft->params[i].type, scratch, 0);
    return n;
}

static void require(CmpValidator *v, const CmpCanon *cn, bool has,
                    const char *opt, const char *why)
{
    if (!has)
        FAIL(v, cn->offset, "canon %s: the %s option is required because %s",
             cn->kind == CMP_CANON_LIFT ? "lift" : "lower", opt, why);
}

static void check_lift(CmpValidator *v, const CmpComponent *c,
                       const CmpCanon *cn)
{
    const CmpScope *s = &c->scope;
    const CmpType *ft = s->space[CMP_TYPE].items[cn->type].type;
    check_opts(v, c, cn, true);
    if (ft->is_async)
        FAIL(v, cn->offset, "canon lift: async function types are not "
             "supported yet");
    const CmpCanonOpts *o = &cn->opts;
    if (params_need_memory(ft))
        require(v, cn, o->has_realloc, "realloc",
                "the parameters contain strings or lists");
    if (ft->result && cmp_needs_memory(ft->result))
        require(v, cn, o->has_memory, "memory",
                "the result contains strings or lists");
    if (flat_count(ft, true) > 16)
        require(v, cn, o->has_realloc, "realloc",
                "the parameters flatten to more than 16 values");
    if (flat_count(ft, false) > 1)
        require(v, cn, o->has_memory, "memory",
                "the result flattens to more than 1 value");
    WasmFuncType want = cmp_flatten_func(ft, true, v->a);
    const WasmFuncType *got = core_func(s, cn->func);
    if (!wasm_functype_eq(got, &want)) {
        char x[160], y[160];
        cmp_format_core_functype(x, sizeof x, &want);
        cmp_format_core_functype(y, sizeof y, got);
        FAIL(v, cn->offset, "canon lift: core function %u has type %s, but "
             "the lifted function type %u flattens to %s", cn->func, y,
             cn->type, x);
    }
    if (o->has_post_return) {
        const WasmFuncType *pr = core_func(s, o->post_return);
        WasmFuncType pw = {want.nresults, 0, want.results, want.results};
        if (!wasm_functype_eq(pr, &pw)) {
            char x[160], y[160];
            cmp_format_core_functype(x, sizeof x, &pw);
            cmp_format_core_functype(y, sizeof y, pr);
            FAIL(v, cn->offset, "canon lift: post-return function %u must "
                 "have type %s, found %s", o->post_return, x, y);
        }
    }
}

static void check_lower(CmpValidator *v, const CmpComponent *c,
                        const CmpCanon *cn)
{
    const CmpType *ft = c->scope.space[CMP_FUNC].items[cn->func].type;
    check_opts(v, c, cn, false);
    if (ft->is_async)
        FAIL(v, cn->offset, "canon lower: async function types are not "
             "supported yet");
    const CmpCanonOpts *o = &cn->opts;
    if (params_need_memory(ft))
        require(v, cn, o->has_memory, "memory",
                "the parameters contain strings or lists");
    if (ft->result && cmp_needs_memory(ft->result))
        require(v, cn, o->has_realloc, "realloc",
                "the result contains strings or lists");
    if (flat_count(ft, true) > 16)
        require(v, cn, o->has_memory, "memory",
                "the parameters flatten to more than 16 values");
    if (flat_count(ft, false) > 1)
        require(v, cn, o->has_memory, "memory",
                "the result flattens to more than 1 value");
}

static const char *async_name(uint8_t op)
{
    switch (op) {
    case 0x24: return "backpressure.inc";
    case 0x25: return "backpressure.dec";
    case 0x09: return "task.return";
    case 0x05: return "task.cancel";
    case 0x0a: return "context.get";
    case 0x0b: return "context.set";
    case 0x06: return "subtask.cancel";
    case 0x0d: return "subtask.drop";
    case 0x1c: return "error-context.new";
    case 0x1d: return "error-context.debug-message";
    case 0x1e: return "error-context.drop";
    case 0x1f: return "waitable-set.new";
    case 0x20: return "waitable-set.wait";
    case 0x21: return "waitable-set.poll";
    case 0x22: return "waitable-set.drop";
    case 0x23: return "waitable.join";
    case 0x0e: return "stream.new";
    case 0x0f: return "stream.read";
    case 0x10: return "stream.write";
    case 0x11: return "stream.cancel-read";
    case 0x12: return "stream.cancel-write";
    case 0x13: return "stream.drop-readable";
    case 0x14: return "stream.drop-writable";
    case 0x15: return "future.new";
    case 0x16: return "future.read";
    case 0x17: return "future.write";
    case 0x18: return "future.cancel-read";
    case 0x19: return "future.cancel-write";
    case 0x1a: return "future.drop-readable";
    case 0x1b: return "future.drop-writable";
    default: return "thread.* built-in";
    }
}

static void check_canon(CmpValidator *v, const CmpComponent *c,
                        const CmpCanon *cn)
{
    switch (cn->kind) {
    case CMP_CANON_LIFT: check_lift(v, c, cn); break;
    case CMP_CANON_LOWER: check_lower(v, c, cn); break;
    case CMP_CANON_ASYNC:
        FAIL(v, cn->offset, "canon %s (WASI 0.3 async) is not supported yet",
             async_name(cn->opcode));
    default: break;
    }
}

/* ---- names ---- */

static const WitType *resource_named(const CmpExtern *list, uint32_t n,
                                     const char *label)
{
    for (uint32_t i = 0; i < n; i++)
        if (list[i].kind == CMP_EXTERN_TYPE && list[i].type &&
            list[i].type->kind == CMP_TYPE_RESOURCE &&
            list[i].name.kind == CMP_NAME_PLAIN &&
            strcmp(list[i].name.str, label) == 0)
            return list[i].type->val;
    return NULL;
}

static bool is_own(const WitType *t, const WitType *r)
{
    return t && wit_type_resolve(t) == r;
}

/* [constructor]/[method]/[static] rules for the i-th extern of a list */
static void check_annotated(CmpValidator *v, const CmpExtern *list,
                            uint32_t i)
{
    const CmpExtern *e = &list[i];
    const CmpName *n = &e->name;
    if (n->kind != CMP_NAME_CONSTRUCTOR && n->kind != CMP_NAME_METHOD &&
        n->kind != CMP_NAME_STATIC)
        return;
    if (e->kind != CMP_EXTERN_FUNC)
        FAIL(v, n->offset, "`%s` is annotated as a function but is a %s",
             n->str, cmp_extern_kind_name(e->kind));
    const WitType *r = resource_named(list, i, n->resource);
    if (!r)
        FAIL(v, n->offset, "`%s` refers to resource `%s`, which is not a "
             "preceding resource import or export of the same scope",
             n->str, n->resource);
    const CmpType *ft = e->type;
    if (n->kind == CMP_NAME_CONSTRUCTOR && ft->is_async)
        FAIL(v, n->offset, "constructor `%s` cannot be an async function",
             n->str);
    if (n->kind == CMP_NAME_CONSTRUCTOR) {
        const WitType *res = ft->result ? wit_type_resolve(ft->result) : NULL;
        bool ok = is_own(res, r) ||
                  (res && res->kind == WIT_RESULT && is_own(res->ok, r));
        if (!ok)
            FAIL(v, n->offset, "constructor `%s` must return (own %s) or a "
                 "result whose ok type is (own %s)", n->str, n->resource,
                 n->resource);
    } else if (n->kind == CMP_NAME_METHOD) {
        const WitType *p = ft->nparams ? wit_type_resolve(ft->params[0].type)
                                       : NULL;
        if (!p || strcmp(ft->params[0].name, "self") != 0 ||
            p->kind != WIT_BORROW || wit_type_resolve(p->elem) != r)
            FAIL(v, n->offset, "method `%s` must take (param \"self\" (borrow "
                 "%s)) first", n->str, n->resource);
    }
}

static void check_extern_list(CmpValidator *v, const CmpExtern *list,
                              uint32_t n, const char *what, bool exports)
{
    for (uint32_t i = 0; i < n; i++) {
        const char *ci = cmp_name_canonical(v->a, &list[i].name);
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(cmp_name_canonical(v->a, &list[j].name), ci) == 0)
                FAIL(v, list[i].name.offset, "duplicate %s name `%s`%s",
                     what, list[i].name.str,
                     strcmp(list[j].name.str, list[i].name.str)
                         ? " (names must be strongly-unique)" : "");
        check_annotated(v, list, i);
        const CmpName *nm = &list[i].name;
        if (exports && nm->kind == CMP_NAME_DEP)
            FAIL(v, nm->offset, "`%s` is not a valid export name (dependency "
                 "names are for imports)", nm->str);
        if (nm->version_suffix) {
            if (list[i].kind != CMP_EXTERN_INSTANCE)
                FAIL(v, nm->offset, "`%s`: only instances can have a version "
                     "suffix", nm->str);
            const char *ver = nm->version ? nm->version : "";
            char *full = arena_printf(v->a, "%s%s", ver, nm->version_suffix);
            if (!nm->version || !cmp_semver_valid(full))
                FAIL(v, nm->offset, "`%s`: invalid interface version `%s` "
                     "with the version suffix", nm->str, full);
        }
        if (list[i].name.implements && (list[i].kind != CMP_EXTERN_INSTANCE ||
                                        list[i].name.kind != CMP_NAME_PLAIN))
            FAIL(v, list[i].name.offset, "`%s`: the implements attribute "
                 "needs an instance with a plain name", list[i].name.str);
        if (exports && list[i].kind == CMP_EXTERN_TYPE && list[i].type &&
            list[i].type->kind == CMP_TYPE_VALUE &&
            cmp_has_borrow(list[i].type->val))
            FAIL(v, list[i].name.offset, "exported type `%s` contains a "
                 "borrow handle", list[i].name.str);
    }
}

/* instance and component types declared in a scope, recursively */
static void check_scope_types(CmpValidator *v, const CmpScope *s)
{
    const CmpSpace *sp = &s->space[CMP_TYPE];
    for (uint32_t i = 0; i < sp->n; i++) {
        const CmpType *t = sp->items[i].type;
        if (!t->scope || t->scope->parent != s ||
            (sp->items[i].def != CMP_DEF_TYPE &&
             sp->items[i].def != CMP_DEF_DECL))
            continue;
        check_extern_list(v, t->imports, t->nimports, "import", false);
        check_extern_list(v, t->exports, t->nexports, "export", true);
        check_scope_types(v, t->scope);
    }
}

/* A bag-of-exports instance: its exports follow the same name rules as
 * a component's. */
static void check_inline_instance(CmpValidator *v, const CmpInstance *in)
{
    if (in->inline_exports)
        check_extern_list(v, in->type->exports, in->type->nexports, "export",
                          true);
}

static void check_exports(CmpValidator *v, const CmpComponent *c)
{
    CmpExtern *list = arena_array(v->a, c->nexports + 1, sizeof *list);
    for (uint32_t i = 0; i < c->nexports; i++) {
        const CmpExport *ex = &c->exports[i];
        list[i] = ex->ext;
        if (!ex->has_ascription)
            continue;
        CmpMatch m = {.a = v->a, .f = (CmpFile *)v->f,
                      .bind_scope = &c->scope};
        if (!cmp_match_extern(&m, &ex->ext, &ex->ascribed))
            FAIL(v, ex->ascribed.offset, "export `%s`: the exported %s does "
                 "not match the declared type: %s", ex->ext.name.str,
                 cmp_extern_kind_name(ex->ext.kind), m.why);
        list[i].type = ex->ascribed.type;
    }
    check_extern_list(v, list, c->nexports, "export", true);
}

static void check_start(CmpValidator *v, const CmpComponent *c,
                        const CmpStart *st)
{
    const CmpType *ft = c->scope.space[CMP_FUNC].items[st->func].type;
    if (ft->nparams != st->nargs)
        FAIL(v, st->offset, "start function %u takes %u arguments, %u given",
             st->func, ft->nparams, st->nargs);
    for (uint32_t i = 0; i < st->nargs; i++) {
        CmpMatch m = {.a = v->a, .f = (CmpFile *)v->f};
        const CmpType *vt = c->scope.space[CMP_VALUE].items[st->args[i]].type;
        if (!cmp_match_valtype(&m, vt->val, ft->params[i].type))
            FAIL(v, st->offset, "start argument %u: %s", i, m.why);
    }
}

/* 🪙 Every value is consumed exactly once: by an export, an
 * instantiation argument, an inline instance export or a start
 * argument (Binary.md "Start Definitions"); the indices that exports
 * add are themselves not values to consume. */
static void use_value(CmpValidator *v, uint8_t *used, uint32_t idx,
                      uint32_t at)
{
    if (used[idx])
        FAIL(v, at, "value %u is used more than once (values must be "
             "consumed exactly once)", idx);
    used[idx] = 1;
}

static void check_values(CmpValidator *v, const CmpComponent *c)
{
    const CmpSpace *sp = &c->scope.space[CMP_VALUE];
    if (!sp->n)
        return;
    uint8_t *used = arena_alloc(v->a, sp->n);
    for (uint32_t i = 0; i < c->ninstances; i++)
        for (uint32_t j = 0; j < c->instances[i].nargs; j++)
            if (c->instances[i].args[j].sort == CMP_VALUE)
                use_value(v, used, c->instances[i].args[j].index,
                          c->instances[i].args[j].offset);
    for (uint32_t i = 0; i < c->nstarts; i++)
        for (uint32_t j = 0; j < c->starts[i].nargs; j++)
            use_value(v, used, c->starts[i].args[j], c->starts[i].offset);
    for (uint32_t i = 0; i < c->nexports; i++)
        if (c->exports[i].sort == CMP_VALUE)
            use_value(v, used, c->exports[i].index, c->exports[i].ext.offset);
    for (uint32_t i = 0; i < sp->n; i++)
        if (!used[i] && sp->items[i].def != CMP_DEF_EXPORT)
            FAIL(v, sp->items[i].offset, "value %u is never used (values "
                 "must be consumed exactly once)", i);
}

/* Definitions are checked in binary order, so the first error reported
 * is the first in the file. */
typedef struct CheckItem {
    uint32_t offset;
    uint8_t kind; /* 0 module, 1 component, 2 core instance, 3 canon,
                     4 start, 5 instance */
    uint32_t index;
} CheckItem;

static int by_offset(const void *a, const void *b)
{
    uint32_t x = ((const CheckItem *)a)->offset;
    uint32_t y = ((const CheckItem *)b)->offset;
    return x < y ? -1 : x > y;
}

static void check_component(CmpValidator *v, const CmpComponent *c);

static void check_item(CmpValidator *v, const CmpComponent *c,
                       const CheckItem *it)
{
    switch (it->kind) {
    case 0: check_module(v, &c->modules[it->index]); break;
    case 1: check_component(v, c->components[it->index]); break;
    case 2: check_core_instance(v, c, &c->core_instances[it->index]); break;
    case 3: check_canon(v, c, &c->canons[it->index]); break;
    case 4: check_start(v, c, &c->starts[it->index]); break;
    default: check_inline_instance(v, &c->instances[it->index]); break;
    }
}

static void check_component(CmpValidator *v, const CmpComponent *c)
{
    uint32_t n = c->nmodules + c->ncomponents + c->ncore_instances +
                 c->ncanons + c->nstarts + c->ninstances, k = 0;
    CheckItem *items = arena_array(v->a, n + 1, sizeof *items);
    for (uint32_t i = 0; i < c->nmodules; i++)
        items[k++] = (CheckItem){c->modules[i].offset, 0, i};
    for (uint32_t i = 0; i < c->ncomponents; i++)
        items[k++] = (CheckItem){c->components[i]->offset, 1, i};
    for (uint32_t i = 0; i < c->ncore_instances; i++)
        items[k++] = (CheckItem){c->core_instances[i].offset, 2, i};
    for (uint32_t i = 0; i < c->ncanons; i++)
        items[k++] = (CheckItem){c->canons[i].offset, 3, i};
    for (uint32_t i = 0; i < c->nstarts; i++)
        items[k++] = (CheckItem){c->starts[i].offset, 4, i};
    for (uint32_t i = 0; i < c->ninstances; i++)
        items[k++] = (CheckItem){c->instances[i].offset, 5, i};
    qsort(items, n, sizeof *items, by_offset);
    for (uint32_t i = 0; i < n; i++)
        check_item(v, c, &items[i]);
    check_scope_types(v, &c->scope);
    check_extern_list(v, c->type->imports, c->nimports, "import", false);
    check_exports(v, c);
    check_values(v, c);
}

bool cmp_validate(CmpFile *f, Diag *diag)
{
    jmp_buf fail;
    CmpValidator v = {0};
    v.a = &f->arena;
    v.f = f;
    v.r = (WasmReader){.buf = f->bytes, .size = f->size, .end = f->size,
                       .path = f->path, .diag = diag, .fail = &fail};
    if (setjmp(fail))
        return false;
    check_component(&v, f->root);
    return true;
}
