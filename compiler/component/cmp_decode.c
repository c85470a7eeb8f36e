/* The component decoder (Binary.md "Component Definitions"): preamble,
 * then sections in any order and number.  Each definition is resolved
 * against the index spaces built so far and adds its entries to them, so
 * a bad index is reported where it is read.  Component instantiation is
 * checked here, because the instance's (substituted) types are what
 * later aliases see; so is the external visibility of named types in
 * imports and exports (Binary.md, import and export notes).  Core modules are decoded
 * with the core decoder (wasm_decode) and their errors re-reported at
 * their offset in this file; nested components recurse with their own
 * scope whose parent is the enclosing component's. */
#include "component/cmp_internal.h"

#include <stdlib.h>
#include <string.h>

enum { CAP_MOD, CAP_CINST, CAP_COMP, CAP_INST, CAP_ALIAS, CAP_CANON,
       CAP_START, CAP_IMPORT, CAP_EXPORT, CAP_CUSTOM, CAP_SECTION };

static void read_component(CmpDecoder *d, CmpComponent *c);

/* Re-reports the first error of a quiet Diag at `base` + its offset. */
static _Noreturn void fail_nested(CmpDecoder *d, size_t base, const Diag *q)
{
    wasm_rd_fail(&d->r, base + q->first_offset, "%s", q->first);
}

static CmpCoreType *module_type(CmpDecoder *d, const WasmModule *m)
{
    CmpCoreType *t = arena_alloc(d->a, sizeof *t);
    t->kind = CMP_CORE_TYPE_MODULE;
    t->nimports = m->nimports;
    t->imports = arena_array(d->a, m->nimports + 1, sizeof *t->imports);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const WasmImport *im = &m->imports[i];
        t->imports[i].module = im->module;
        t->imports[i].name = im->name;
        cmp_core_extern_from_module(m, im->kind, im->index,
                                    &t->imports[i].type);
    }
    t->nexports = m->nexports;
    t->exports = arena_array(d->a, m->nexports + 1, sizeof *t->exports);
    for (uint32_t i = 0; i < m->nexports; i++) {
        t->exports[i].name = m->exports[i].name;
        cmp_core_extern_from_module(m, m->exports[i].kind, m->exports[i].index,
                                    &t->exports[i].type);
    }
    return t;
}

/* section 1: one core module, decoded by the core decoder */
static void section_module(CmpDecoder *d, CmpComponent *c, size_t end)
{
    size_t start = d->r.pos;
    Diag quiet;
    diag_init(&quiet, NULL);
    WasmModule *m = wasm_decode(d->f->path, d->r.buf + start, end - start,
                                &quiet);
    if (!m)
        fail_nested(d, start, &quiet);
    /* the module lives as long as the component: its arena is freed by
     * cmp_free through the modules list */
    CmpCoreModule *cm = CMP_PUSH(d->a, c->modules, c->nmodules,
                                 c->cap[CAP_MOD]);
    cm->module = m;
    cm->offset = (uint32_t)start;
    cm->size = (uint32_t)(end - start);
    cm->type = module_type(d, m);
    d->r.pos = end;
    CmpEntry e = {.def = CMP_DEF_CORE_MODULE, .def_index = c->nmodules - 1,
                  .offset = (uint32_t)start, .core_type = cm->type};
    cmp_space_add(d, &c->scope, CMP_CORE_MODULE, &e);
}

static void check_core_name_unique(CmpDecoder *d, const WasmName *names,
                                   uint32_t n, size_t stride, size_t at,
                                   const char *what)
{
    const char *last = *(const char *const *)((const char *)names +
                                              (n - 1) * stride);
    for (uint32_t i = 0; i + 1 < n; i++) {
        const char *s = *(const char *const *)((const char *)names + i * stride);
        if (strcmp(s, last) == 0)
            wasm_rd_fail(&d->r, at, "duplicate %s `%s`", what, last);
    }
}

/* core:instanceexpr ::= 0x00 m arg* | 0x01 inlineexport* */
static void read_core_instance(CmpDecoder *d, CmpComponent *c)
{
    CmpCoreInstance *ci = CMP_PUSH(d->a, c->core_instances,
                                   c->ncore_instances, c->cap[CAP_CINST]);
    ci->offset = (uint32_t)d->r.pos;
    uint8_t k = wasm_rd_u8(&d->r);
    CmpCoreType *t = arena_alloc(d->a, sizeof *t);
    t->kind = CMP_CORE_TYPE_INSTANCE;
    t->offset = ci->offset;
    if (k == 0x00) {
        size_t mat = d->r.pos;
        ci->module = wasm_rd_u32(&d->r);
        CmpCoreType *mt = cmp_space_get(d, &c->scope, CMP_CORE_MODULE,
                                        ci->module, mat)->core_type;
        ci->nargs = wasm_rd_count(&d->r, 3);
        ci->args = arena_array(d->a, ci->nargs + 1, sizeof *ci->args);
        for (uint32_t i = 0; i < ci->nargs; i++) {
            size_t nat = d->r.pos;
            ci->args[i].name = wasm_rd_name(&d->r, d->a);
            check_core_name_unique(d, &ci->args[0].name, i + 1,
                                   sizeof *ci->args, nat,
                                   "instantiation argument");
            size_t sat = d->r.pos;
            if (wasm_rd_u8(&d->r) != 0x12)
                wasm_rd_fail(&d->r, sat, "core instantiation arguments must "
                             "be core instances");
            size_t iat = d->r.pos;
            ci->args[i].instance = wasm_rd_u32(&d->r);
            cmp_space_get(d, &c->scope, CMP_CORE_INSTANCE,
                          ci->args[i].instance, iat);
        }
        t->exports = mt->exports;
        t->nexports = mt->nexports;
    } else if (k == 0x01) {
        ci->inline_exports = true;
        ci->nexports = wasm_rd_count(&d->r, 3);
        ci->exports = arena_array(d->a, ci->nexports + 1, sizeof *ci->exports);
        t->nexports = ci->nexports;
        t->exports = arena_array(d->a, ci->nexports + 1, sizeof *t->exports);
        for (uint32_t i = 0; i < ci->nexports; i++) {
            CmpCoreInlineExport *x = &ci->exports[i];
            size_t nat = d->r.pos;
            x->name = wasm_rd_name(&d->r, d->a);
            check_core_name_unique(d, &ci->exports[0].name, i + 1,
                                   sizeof *ci->exports, nat, "export name");
            size_t sat = d->r.pos;
            x->sort = cmp_read_core_sort(d);
            if (x->sort > CMP_CORE_TAG)
                wasm_rd_fail(&d->r, sat, "core instance exports must be "
                             "funcs, tables, memories, globals or tags, not "
                             "%s", cmp_sort_name(x->sort));
            size_t iat = d->r.pos;
            x->index = wasm_rd_u32(&d->r);
            CmpEntry *e = cmp_space_get(d, &c->scope, x->sort, x->index, iat);
            t->exports[i].name = x->name;
            t->exports[i].type = e->core;
        }
    } else {
        wasm_rd_fail(&d->r, ci->offset, "malformed core instance kind 0x%02x",
                     k);
    }
    ci->type = t;
    CmpEntry e = {.def = CMP_DEF_CORE_INSTANCE,
                  .def_index = c->ncore_instances - 1, .offset = ci->offset,
                  .core_type = t};
    cmp_space_add(d, &c->scope, CMP_CORE_INSTANCE, &e);
}

/* The extern an index of a component-level sort stands for. */
static void extern_of(CmpDecoder *d, CmpScope *s, CmpSort sort, uint32_t idx,
                      size_t at, CmpExtern *out)
{
    bool ok;
    out->kind = cmp_sort_extern(sort, &ok);
    if (!ok)
        wasm_rd_fail(&d->r, at, "a %s cannot be exported from a component or "
                     "instance (only core modules among the core sorts)",
                     cmp_sort_name(sort));
    CmpEntry *e = cmp_space_get(d, s, sort, idx, at);
    out->type = e->type;
    out->module = e->core_type;
    out->type_index = idx;
}

/* Checks the arguments of `instantiate` against the component type's
 * imports, binding its imported resources to the supplied ones, and
 * gives the instance the component's exports with those substituted
 * and fresh copies of the resources the component declares itself. */
static void instantiate(CmpDecoder *d, CmpComponent *c, CmpInstance *in,
                        CmpType *ct, CmpType *t)
{
    CmpScope *s = &c->scope;
    CmpMatch m = {.a = d->a, .f = d->f, .bind_scope = ct->scope};
    for (uint32_t i = 0; i < ct->nimports; i++) {
        const CmpExtern *im = &ct->imports[i];
        const CmpArg *arg = NULL;
        for (uint32_t j = 0; j < in->nargs && !arg; j++)
            if (strcmp(in->args[j].name.str, im->name.str) == 0)
                arg = &in->args[j];
        if (!arg)
            wasm_rd_fail(&d->r, in->offset, "instance: missing instantiation "
                         "argument `%s` for an import of component %u",
                         im->name.str, in->component);
        bool ok;
        if (cmp_sort_extern(arg->sort, &ok) != im->kind || !ok)
            wasm_rd_fail(&d->r, arg->offset, "instantiation argument `%s` is "
                         "a %s, but the import is a %s", arg->name.str,
                         cmp_sort_name(arg->sort),
                         cmp_extern_kind_name(im->kind));
        CmpExtern actual = {0};
        extern_of(d, s, arg->sort, arg->index, arg->offset, &actual);
        if (!cmp_match_extern(&m, &actual, im))
            wasm_rd_fail(&d->r, arg->offset, "instantiation argument `%s` "
                         "does not match the import's type: %s",
                         arg->name.str, m.why);
    }
    CmpType exports = {.kind = CMP_TYPE_INSTANCE, .exports = ct->exports,
                       .nexports = ct->nexports};
    CmpSubst sub = {.m = &m, .fresh_in = ct->scope, .new_scope = s};
    CmpType *r = cmp_subst_type(&sub, &exports);
    t->exports = r->exports;
    t->nexports = r->nexports;
}

/* instanceexpr ::= 0x00 c arg* | 0x01 inlineexport* */
static void read_instance(CmpDecoder *d, CmpComponent *c)
{
    CmpInstance *in = CMP_PUSH(d->a, c->instances, c->ninstances,
                               c->cap[CAP_INST]);
    in->offset = (uint32_t)d->r.pos;
    uint8_t k = wasm_rd_u8(&d->r);
    CmpType *t = arena_alloc(d->a, sizeof *t);
    t->kind = CMP_TYPE_INSTANCE;
    t->offset = in->offset;
    if (k == 0x00) {
        size_t cat = d->r.pos;
        in->component = wasm_rd_u32(&d->r);
        CmpType *ct = cmp_space_get(d, &c->scope, CMP_COMPONENT, in->component,
                                    cat)->type;
        in->nargs = wasm_rd_count(&d->r, 3);
        in->args = arena_array(d->a, in->nargs + 1, sizeof *in->args);
        for (uint32_t i = 0; i < in->nargs; i++) {
            CmpArg *a = &in->args[i];
            a->offset = (uint32_t)d->r.pos;
            WasmName n = wasm_rd_name(&d->r, d->a);
            a->name.str = n.str;
            a->name.len = n.len;
            a->name.offset = a->offset;
            for (uint32_t j = 0; j < i; j++)
                if (strcmp(in->args[j].name.str, n.str) == 0)
                    wasm_rd_fail(&d->r, a->offset, "duplicate instantiation "
                                 "argument `%s`", n.str);
            size_t sat = d->r.pos;
            a->sort = cmp_read_sort(d);
            a->index = wasm_rd_u32(&d->r);
            cmp_space_get(d, &c->scope, a->sort, a->index, sat);
        }
        instantiate(d, c, in, ct, t);
    } else if (k == 0x01) {
        in->inline_exports = true;
        in->nargs = wasm_rd_count(&d->r, 3);
        in->args = arena_array(d->a, in->nargs + 1, sizeof *in->args);
        t->nexports = in->nargs;
        t->exports = arena_array(d->a, in->nargs + 1, sizeof *t->exports);
        for (uint32_t i = 0; i < in->nargs; i++) {
            CmpArg *a = &in->args[i];
            a->offset = (uint32_t)d->r.pos;
            cmp_read_extern_name(d, &a->name);
            const char *cn = cmp_name_canonical(d->a, &a->name);
            for (uint32_t j = 0; j < i; j++)
                if (strcmp(cmp_name_canonical(d->a, &in->args[j].name), cn)
                    == 0)
                    wasm_rd_fail(&d->r, a->name.offset, "duplicate export "
                                 "name `%s`", a->name.str);
            size_t sat = d->r.pos;
            a->sort = cmp_read_sort(d);
            a->index = wasm_rd_u32(&d->r);
            extern_of(d, &c->scope, a->sort, a->index, sat, &t->exports[i]);
            t->exports[i].name = a->name;
            t->exports[i].offset = a->offset;
        }
    } else {
        wasm_rd_fail(&d->r, in->offset, "malformed instance kind 0x%02x", k);
    }
    in->type = t;
    CmpEntry e = {.def = CMP_DEF_INSTANCE, .def_index = c->ninstances - 1,
                  .offset = in->offset, .type = t};
    cmp_space_add(d, &c->scope, CMP_INSTANCE, &e);
}

/* opts ::= vec(canonopt) */
static void read_opts(CmpDecoder *d, CmpComponent *c, CmpCanonOpts *o)
{
    uint32_t n = wasm_rd_count(&d->r, 1);
    for (uint32_t i = 0; i < n; i++) {
        size_t at = d->r.pos;
        uint8_t k = wasm_rd_u8(&d->r);
        bool dup = false;
        switch (k) {
        case 0x00: case 0x01: case 0x02:
            dup = o->has_encoding;
            o->has_encoding = true;
            o->encoding = (CmpStringEncoding)k;
            break;
        case 0x03:
            dup = o->has_memory;
            o->has_memory = true;
            o->memory = wasm_rd_u32(&d->r);
            cmp_space_get(d, &c->scope, CMP_CORE_MEMORY, o->memory, at + 1);
            break;
        case 0x04: case 0x05: case 0x07: {
            uint32_t idx = wasm_rd_u32(&d->r);
            cmp_space_get(d, &c->scope, CMP_CORE_FUNC, idx, at + 1);
            bool *has = k == 4 ? &o->has_realloc
                        : k == 5 ? &o->has_post_return : &o->has_callback;
            uint32_t *slot = k == 4 ? &o->realloc
                             : k == 5 ? &o->post_return : &o->callback;
            dup = *has;
            *has = true;
            *slot = idx;
            break;
        }
        case 0x06:
            dup = o->is_async;
            o->is_async = true;
            break;
        default:
            wasm_rd_fail(&d->r, at, k <= 0x0f ? "canonical option 0x%02x is "
                         "not supported" : "malformed canonical option 0x%02x",
                         k);
        }
        if (dup)
            wasm_rd_fail(&d->r, at, k <= 2 ? "conflicting or duplicate "
                         "string-encoding options"
                         : "duplicate canonical option");
    }
}

static const WasmFuncType *core_sig(CmpDecoder *d, int nparams, int nresults)
{
    WasmFuncType *t = arena_alloc(d->a, sizeof *t);
    WasmValType *v = arena_array(d->a, 2, sizeof *v);
    v[0] = v[1] = WASM_I32;
    t->nparams = (uint32_t)nparams;
    t->nresults = (uint32_t)nresults;
    t->params = v;
    t->results = v + nparams;
    return t;
}

/* Immediates of the async and thread built-ins, read but refused later:
 * N none, T typeidx, O opts, A async?/cancel?/shared? byte, V core valtype
 * + u32, M byte + memidx, R resultlist + opts, X core typeidx + tableidx,
 * S shared? + core typeidx, Y shared? + core typeidx + tableidx. */
static const char *async_immediates(uint8_t op)
{
    switch (op) {
    case 0x24: case 0x25: case 0x05: case 0x0d: case 0x1e: case 0x1f:
    case 0x22: case 0x23: case 0x26: case 0x28:
        return "";
    case 0x09: return "R";
    case 0x0a: case 0x0b: return "V";
    case 0x06: case 0x29: case 0x0c: case 0x2a: case 0x2b: case 0x2c:
    case 0x2d: case 0x42:
        return "A";
    case 0x0e: case 0x13: case 0x14: case 0x15: case 0x1a: case 0x1b:
        return "T";
    case 0x0f: case 0x10: case 0x16: case 0x17: return "TO";
    case 0x11: case 0x12: case 0x18: case 0x19: return "TA";
    case 0x1c: case 0x1d: return "O";
    case 0x20: case 0x21: return "M";
    case 0x27: return "X";
    case 0x40: return "S";
    case 0x41: return "Y";
    default: return NULL;
    }
}

static void read_async_canon(CmpDecoder *d, CmpComponent *c, CmpCanon *cn,
                             const char *imm)
{
    for (const char *p = imm; *p; p++) {
        switch (*p) {
        case 'T': cn->type = wasm_rd_u32(&d->r); break;
        case 'O': read_opts(d, c, &cn->opts); break;
        case 'A': wasm_rd_u8(&d->r); break;
        case 'V': wasm_rd_u8(&d->r); wasm_rd_u32(&d->r); break;
        case 'M': wasm_rd_u8(&d->r); wasm_rd_u32(&d->r); break;
        case 'X': wasm_rd_u32(&d->r); wasm_rd_u32(&d->r); break;
        case 'S': wasm_rd_u8(&d->r); wasm_rd_u32(&d->r); break;
        case 'Y': wasm_rd_u8(&d->r); wasm_rd_u32(&d->r); wasm_rd_u32(&d->r);
            break;
        case 'R': {
            uint8_t b = wasm_rd_u8(&d->r);
            if (b == 0)
                cmp_read_valtype(d, &c->scope);
            else
                wasm_rd_u8(&d->r);
            read_opts(d, c, &cn->opts);
            break;
        }
        }
    }
}

/* canon ::= 0x00 0x00 f opts ft | 0x01 0x00 f opts | 0x02..0x04 rt | ... */
static void read_canon(CmpDecoder *d, CmpComponent *c)
{
    CmpCanon *cn = CMP_PUSH(d->a, c->canons, c->ncanons, c->cap[CAP_CANON]);
    cn->offset = (uint32_t)d->r.pos;
    cn->opcode = wasm_rd_u8(&d->r);
    CmpEntry e = {.def = CMP_DEF_CANON, .def_index = c->ncanons - 1,
                  .offset = cn->offset};
    CmpScope *s = &c->scope;
    switch (cn->opcode) {
    case 0x00: case 0x01: {
        size_t zat = d->r.pos;
        if (wasm_rd_u8(&d->r) != 0x00)
            wasm_rd_fail(&d->r, zat, "malformed canon %s: expected 0x00 (the "
                         "func sort)", cn->opcode ? "lower" : "lift");
        size_t fat = d->r.pos;
        cn->func = wasm_rd_u32(&d->r);
        cmp_space_get(d, s, cn->opcode ? CMP_FUNC : CMP_CORE_FUNC, cn->func,
                      fat);
        read_opts(d, c, &cn->opts);
        if (cn->opcode == 0x00) {
            cn->kind = CMP_CANON_LIFT;
            size_t tat = d->r.pos;
            cn->type = wasm_rd_u32(&d->r);
            CmpType *ft = cmp_space_get(d, s, CMP_TYPE, cn->type, tat)->type;
            if (ft->kind != CMP_TYPE_FUNC)
                wasm_rd_fail(&d->r, tat, "canon lift: type %u is not a "
                             "function type", cn->type);
            e.type = ft;
            cn->result = cmp_space_add(d, s, CMP_FUNC, &e);
        } else {
            cn->kind = CMP_CANON_LOWER;
            const CmpType *ft = s->space[CMP_FUNC].items[cn->func].type;
            WasmFuncType *flat = arena_alloc(d->a, sizeof *flat);
            *flat = cmp_flatten_func(ft, false, d->a);
            e.core.kind = WASM_EXTERN_FUNC;
            e.core.func = flat;
            cn->result = cmp_space_add(d, s, CMP_CORE_FUNC, &e);
        }
        return;
    }
    case 0x02: case 0x03: case 0x04: {
        cn->kind = CMP_CANON_RESOURCE_NEW + (cn->opcode - 2);
        size_t tat = d->r.pos;
        cn->type = wasm_rd_u32(&d->r);
        CmpType *rt = cmp_space_get(d, s, CMP_TYPE, cn->type, tat)->type;
        static const char *names[] = {"new", "drop", "rep"};
        if (rt->kind != CMP_TYPE_RESOURCE)
            wasm_rd_fail(&d->r, tat, "canon resource.%s: type %u is not a "
                         "resource type", names[cn->opcode - 2], cn->type);
        if (cn->opcode != 0x03 && (rt->is_abstract || rt->owner != c))
            wasm_rd_fail(&d->r, tat, "canon resource.%s: resource type %u is "
                         "not defined by this component",
                         names[cn->opcode - 2], cn->type);
        e.core.kind = WASM_EXTERN_FUNC;
        e.core.func = core_sig(d, 1, cn->opcode == 0x03 ? 0 : 1);
        cn->result = cmp_space_add(d, s, CMP_CORE_FUNC, &e);
        return;
    }
    default: {
        const char *imm = async_immediates(cn->opcode);
        if (!imm)
            wasm_rd_fail(&d->r, cn->offset, "malformed canonical definition "
                         "opcode 0x%02x", cn->opcode);
        cn->kind = CMP_CANON_ASYNC;
        read_async_canon(d, c, cn, imm);
        e.core.kind = WASM_EXTERN_FUNC;
        e.core.func = core_sig(d, 0, 0);
        cn->result = cmp_space_add(d, s, CMP_CORE_FUNC, &e);
        return;
    }
    }
}

/* start ::= f:<funcidx> arg*:vec(<valueidx>) r:<u32> */
static void section_start(CmpDecoder *d, CmpComponent *c)
{
    CmpStart *st = CMP_PUSH(d->a, c->starts, c->nstarts, c->cap[CAP_START]);
    st->offset = (uint32_t)d->r.pos;
    st->func = wasm_rd_u32(&d->r);
    CmpType *ft = cmp_space_get(d, &c->scope, CMP_FUNC, st->func, st->offset)
                      ->type;
    st->nargs = wasm_rd_count(&d->r, 1);
    st->args = arena_array(d->a, st->nargs + 1, sizeof *st->args);
    for (uint32_t i = 0; i < st->nargs; i++) {
        size_t at = d->r.pos;
        st->args[i] = wasm_rd_u32(&d->r);
        cmp_space_get(d, &c->scope, CMP_VALUE, st->args[i], at);
    }
    size_t rat = d->r.pos;
    st->nresults = wasm_rd_u32(&d->r);
    if (st->nresults != (ft->result ? 1u : 0u))
        wasm_rd_fail(&d->r, rat, "start function has %u result%s, but the "
                     "start definition expects %u", ft->result ? 1 : 0,
                     ft->result ? "" : "s", st->nresults);
    if (st->nresults) {
        CmpType *vt = arena_alloc(d->a, sizeof *vt);
        vt->kind = CMP_TYPE_VALUE;
        vt->val = ft->result;
        CmpEntry e = {.def = CMP_DEF_START, .def_index = c->nstarts - 1,
                      .offset = st->offset, .type = vt};
        cmp_space_add(d, &c->scope, CMP_VALUE, &e);
    }
}

static void read_import(CmpDecoder *d, CmpComponent *c)
{
    CmpImport *im = CMP_PUSH(d->a, c->imports, c->nimports, c->cap[CAP_IMPORT]);
    im->ext.offset = (uint32_t)d->r.pos;
    cmp_read_extern_name(d, &im->ext.name);
    cmp_read_externtype(d, &c->scope, &im->ext);
    cmp_check_visibility(d, &c->scope, &im->ext, true);
    im->result = cmp_add_extern(d, &c->scope, &im->ext, CMP_DEF_IMPORT,
                                c->nimports - 1);
}

/* export ::= na:<nameattributes> si:<sortidx> et?:<externtype>? */
static void read_export(CmpDecoder *d, CmpComponent *c)
{
    CmpExport *ex = CMP_PUSH(d->a, c->exports, c->nexports, c->cap[CAP_EXPORT]);
    ex->ext.offset = (uint32_t)d->r.pos;
    cmp_read_extern_name(d, &ex->ext.name);
    size_t sat = d->r.pos;
    ex->sort = cmp_read_sort(d);
    ex->index = wasm_rd_u32(&d->r);
    CmpName name = ex->ext.name;
    extern_of(d, &c->scope, ex->sort, ex->index, sat, &ex->ext);
    ex->ext.name = name;
    if (ex->ext.kind == CMP_EXTERN_TYPE)
        ex->ext.type = cmp_named_type(d, ex->ext.type, name.str);
    size_t oat = d->r.pos;
    uint8_t has = wasm_rd_u8(&d->r);
    if (has > 1)
        wasm_rd_fail(&d->r, oat, "malformed optional export type 0x%02x", has);
    if (has) {
        ex->has_ascription = true;
        ex->ascribed.name = name;
        ex->ascribed.offset = (uint32_t)d->r.pos;
        cmp_read_externtype(d, &c->scope, &ex->ascribed);
    }
    /* a resource exported under a name takes that name */
    if (ex->ext.kind == CMP_EXTERN_TYPE && ex->ext.type->kind ==
        CMP_TYPE_RESOURCE && !ex->ext.type->val->name)
        ex->ext.type->val->name = name.str;
    /* the new index has the ascribed type; `(sub resource)` makes a
     * fresh abstract resource */
    CmpExtern added = ex->ext;
    if (ex->has_ascription)
        added.type = ex->ascribed.type;
    cmp_check_visibility(d, &c->scope, &added, false);
    ex->result = cmp_add_extern(d, &c->scope, &added, CMP_DEF_EXPORT,
                                c->nexports - 1);
}

static void section_custom(CmpDecoder *d, CmpComponent *c, size_t end)
{
    d->r.end = end;
    CmpCustom *cu = CMP_PUSH(d->a, c->customs, c->ncustoms, c->cap[CAP_CUSTOM]);
    cu->name = wasm_rd_name(&d->r, d->a);
    cu->offset = (uint32_t)d->r.pos;
    cu->size = (uint32_t)(end - d->r.pos);
    if (strcmp(cu->name.str, "component-name") == 0)
        cmp_read_name_section(d, c, end);
    d->r.pos = end;
}

/* Sections holding a vector: read `count` items with `fn`. */
static uint32_t read_vec(CmpDecoder *d, CmpComponent *c, uint8_t id)
{
    uint32_t n = wasm_rd_count(&d->r, 1);
    for (uint32_t i = 0; i < n; i++) {
        switch (id) {
        case 2: read_core_instance(d, c); break;
        case 3: {
            size_t at = d->r.pos;
            CmpCoreType *t = cmp_read_core_type(d, &c->scope);
            CmpEntry e = {.def = CMP_DEF_CORE_TYPE, .offset = (uint32_t)at,
                          .core_type = t};
            e.def_index = cmp_space_add(d, &c->scope, CMP_CORE_TYPE, &e);
            c->scope.space[CMP_CORE_TYPE].items[e.def_index].def_index =
                e.def_index;
            break;
        }
        case 5: read_instance(d, c); break;
        case 6: {
            CmpAlias *a = CMP_PUSH(d->a, c->aliases, c->naliases,
                                   c->cap[CAP_ALIAS]);
            cmp_read_alias(d, &c->scope, a, false);
            break;
        }
        case 7: {
            size_t at = d->r.pos;
            CmpType *t = cmp_read_deftype(d, &c->scope);
            CmpEntry e = {.def = CMP_DEF_TYPE, .offset = (uint32_t)at,
                          .type = t};
            uint32_t idx = cmp_space_add(d, &c->scope, CMP_TYPE, &e);
            c->scope.space[CMP_TYPE].items[idx].def_index = idx;
            break;
        }
        case 8: read_canon(d, c); break;
        case 10: read_import(d, c); break;
        case 11: read_export(d, c); break;
        }
    }
    return n;
}

static void nested_component(CmpDecoder *d, CmpComponent *c, size_t end)
{
    cmp_check_scope_depth(d, &c->scope, d->r.pos);
    CmpComponent *child = arena_alloc(d->a, sizeof *child);
    child->arena = d->a;
    child->parent = c;
    child->offset = (uint32_t)d->r.pos;
    child->size = (uint32_t)(end - d->r.pos);
    child->scope.kind = CMP_SCOPE_COMPONENT;
    child->scope.parent = &c->scope;
    child->scope.component = child;
    CmpComponent **slot = CMP_PUSH(d->a, c->components, c->ncomponents,
                                   c->cap[CAP_COMP]);
    *slot = child; /* listed first, so a failure frees its modules */
    uint32_t idx = c->ncomponents - 1;
    read_component(d, child);
    CmpEntry e = {.def = CMP_DEF_COMPONENT, .def_index = idx,
                  .offset = child->offset, .type = child->type};
    cmp_space_add(d, &c->scope, CMP_COMPONENT, &e);
}

static void read_section(CmpDecoder *d, CmpComponent *c, uint8_t id,
                         size_t end, CmpSection *sec)
{
    switch (id) {
    case 0: section_custom(d, c, end); break;
    case 1: section_module(d, c, end); sec->count = 1; break;
    case 4: nested_component(d, c, end); sec->count = 1; break;
    case 9: section_start(d, c); sec->count = 1; break;
    case 12:
        wasm_rd_fail(&d->r, sec->offset, "value definitions (section 12) are "
                     "not supported yet");
    default:
        sec->count = read_vec(d, c, id);
    }
}

static void read_preamble(CmpDecoder *d)
{
    size_t at = d->r.pos;
    const uint8_t *p = wasm_rd_bytes(&d->r, 4);
    if (memcmp(p, "\0asm", 4) != 0)
        wasm_rd_fail(&d->r, at, "magic header not detected");
    p = wasm_rd_bytes(&d->r, 4);
    if (p[2] != 1 || p[3] != 0)
        wasm_rd_fail(&d->r, at + 6, "expected a component (layer 1), found "
                     "layer %u", p[2] | p[3] << 8);
    if (p[0] != 0x0d || p[1] != 0)
        wasm_rd_fail(&d->r, at + 4, "unknown component binary version 0x%x "
                     "(kiln reads version 0xd)", p[0] | p[1] << 8);
}

static void read_component(CmpDecoder *d, CmpComponent *c)
{
    size_t end = d->r.end;
    read_preamble(d);
    while (d->r.pos < end) {
        size_t id_at = d->r.pos;
        uint8_t id = wasm_rd_u8(&d->r);
        if (id > 12)
            wasm_rd_fail(&d->r, id_at, "malformed section id %u", id);
        size_t size_at = d->r.pos;
        uint32_t size = wasm_rd_u32(&d->r);
        if (size > end - d->r.pos)
            wasm_rd_fail(&d->r, size_at, "section size out of bounds");
        size_t sect_end = d->r.pos + size;
        CmpSection *sec = CMP_PUSH(d->a, c->sections, c->nsections,
                                   c->cap[CAP_SECTION]);
        sec->id = id;
        sec->offset = (uint32_t)id_at;
        sec->size = size;
        bool saved = d->r.limited;
        d->r.end = sect_end;
        d->r.limited = true;
        read_section(d, c, id, sect_end, sec);
        if (d->r.pos != sect_end)
            wasm_rd_fail(&d->r, d->r.pos, "section size mismatch: section "
                         "%u ends at 0x%zx, its contents at 0x%zx", id,
                         sect_end, d->r.pos);
        d->r.end = end;
        d->r.limited = saved;
    }
    CmpType *t = arena_alloc(d->a, sizeof *t);
    t->kind = CMP_TYPE_COMPONENT;
    t->offset = c->offset;
    t->nimports = c->nimports;
    t->imports = arena_array(d->a, c->nimports + 1, sizeof *t->imports);
    for (uint32_t i = 0; i < c->nimports; i++)
        t->imports[i] = c->imports[i].ext;
    t->nexports = c->nexports;
    t->exports = arena_array(d->a, c->nexports + 1, sizeof *t->exports);
    for (uint32_t i = 0; i < c->nexports; i++) {
        t->exports[i] = c->exports[i].ext;
        if (c->exports[i].has_ascription)
            t->exports[i].type = c->exports[i].ascribed.type;
    }
    t->scope = &c->scope;
    c->type = t;
}

static void free_modules(CmpComponent *c)
{
    for (uint32_t i = 0; i < c->nmodules; i++)
        wasm_module_free(c->modules[i].module);
    for (uint32_t i = 0; i < c->ncomponents; i++)
        free_modules(c->components[i]);
}

CmpFile *cmp_decode(const char *path, const uint8_t *bytes, size_t size,
                    Diag *diag)
{
    CmpFile *volatile f = calloc(1, sizeof *f);
    if (!f)
        kiln_oom();
    arena_init(&f->arena);
    f->path = path;
    f->bytes = bytes;
    f->size = size;
    CmpComponent *c = arena_alloc(&f->arena, sizeof *c);
    c->arena = &f->arena;
    c->size = (uint32_t)size;
    c->scope.kind = CMP_SCOPE_COMPONENT;
    c->scope.component = c;
    f->root = c;
    jmp_buf fail;
    CmpDecoder d = {0};
    d.f = f;
    d.a = &f->arena;
    d.diag = diag;
    d.r = (WasmReader){.buf = bytes, .pos = 0, .end = size, .size = size,
                       .path = path, .diag = diag, .fail = &fail};
    if (setjmp(fail)) {
        cmp_free(f);
        return NULL;
    }
    read_component(&d, c);
    return f;
}

void cmp_free(CmpFile *f)
{
    if (!f)
        return;
    free_modules(f->root);
    arena_free(&f->arena);
    free(f);
}
