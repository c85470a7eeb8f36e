/* Imports of a core instance of a link plan that are not another core
 * instance's items (CanonicalABI.md "canon lower", "canon resource.new",
 * "canon resource.drop", "canon resource.rep"): each becomes an adapter
 * function compiled into this module.
 *
 * canon lower of a runtime host function follows the host C ABI
 * (docs/bindgen-c.md "Host C ABI", bindgen_host_arg()):
 *   void NAME(KilnCanonCx *cx, ARGS..., [R *ret])
 * The adapter checks may_leave, lifts the flat parameters (or the
 * spilled parameter tuple) with every check of lift_flat / load, passes
 * scalars by value, strings and lists as views of guest memory after
 * their bounds (and UTF-8) checks, other compounds as pointers to a
 * checked copy in Canonical ABI layout on the stack, and lets the host
 * write the result straight into guest memory at the return pointer when
 * the results are spilled (after its alignment and bounds check), else
 * into a stack temporary from which the single flat result is loaded.
 */
#include <stdio.h>
#include <string.h>

#include "bindgen/bindgen.h"
#include "codegen/canon.h"

LLVMValueRef canon_adapter_fn(CgModule *m, uint32_t funcidx, const char *what)
{
    const WasmFuncType *t = wasm_func_type(m->wm, funcidx);
    LLVMTypeRef *ps = arena_array(&m->arena, t->nparams + 1, sizeof *ps);
    ps[0] = m->t_ptr;
    for (uint32_t i = 0; i < t->nparams; i++)
        ps[i + 1] = cg_valtype(m, t->params[i]);
    LLVMTypeRef ft = LLVMFunctionType(
        cg_results_type(m, t->results, t->nresults), ps, t->nparams + 1, 0);
    char name[64];
    snprintf(name, sizeof name, "kiln.canon.%s.%u", what, funcidx);
    LLVMValueRef fn = LLVMAddFunction(m->mod, name, ft);
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    cg_function_attrs(m, fn);
    unsigned k = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(m->ctx, k, 0));
    return fn;
}

/* ---- host calls ---- */

/* The parameters of a component function as one tuple type. */
WitType *canon_params_tuple(Canon *c, const CmpType *ft)
{
    WitType *tup = arena_alloc(c->f.scratch, sizeof *tup);
    memset(tup, 0, sizeof *tup);
    tup->kind = WIT_TUPLE;
    tup->nelems = ft->nparams;
    tup->elems = arena_array(c->f.scratch, ft->nparams + 1, sizeof *tup->elems);
    for (uint32_t i = 0; i < ft->nparams; i++)
        tup->elems[i] = ft->params[i].type;
    return tup;
}

/* The parameter tuple as a place: the spilled tuple in guest memory, or
 * the flat parameters stored into a stack temporary. */
CanonPlace canon_params_place(Canon *c, const WitType *tup, CanonSide *side,
                              bool spilled)
{
    LLVMValueRef fn = c->f.fn;
    if (spilled) {
        LLVMValueRef ptr = LLVMGetParam(fn, 1);
        canon_check_range(c, side->mem, ptr, canon_i64(c, abi_size(tup)),
                          abi_align(tup));
        return canon_guest(side->mem, ptr);
    }
    CanonPlace tmp = canon_temp(c, abi_size(tup), abi_align(tup));
    size_t n = abi_flatten(tup, NULL, 0);
    AbiCore *have = arena_array(c->f.scratch, n + 1, sizeof *have);
    abi_flatten(tup, have, n);
    LLVMValueRef *v = arena_array(c->f.scratch, n + 1, sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i] = LLVMGetParam(fn, (unsigned)i + 1);
    CanonFlat it = {v, have, n, 0};
    canon_store_flat(c, tup, &it, tmp);
    return tmp;
}

typedef enum ArgKind { ARG_VALUE, ARG_GUEST_PTR, ARG_HOST_PTR } ArgKind;

/* A C argument of the host call, materialized after every check (and
 * transcoding realloc call) so that guest pointers are computed last. */
typedef struct HostArg {
    ArgKind kind;
    LLVMValueRef v; /* value, guest offset, or host pointer */
    int ext;        /* 0, 1 zeroext, 2 signext */
} HostArg;

static void add_arg(HostArg *a, unsigned *n, ArgKind k, LLVMValueRef v, int ext)
{
    a[*n] = (HostArg){k, v, ext};
    (*n)++;
}

static void value_arg(Canon *c, const WitType *t, CanonPlace p, HostArg *a,
                      unsigned *n)
{
    LLVMValueRef v = canon_load_checked(c, t, p);
    const WitType *r = wit_type_resolve(t);
    int ext = 0;
    if (r->kind == WIT_BOOL) {
        v = LLVMBuildTrunc(c->m->b, v, c->m->t_i1, "");
        ext = 1;
    } else if (LLVMTypeOf(v) == c->m->t_i8 || LLVMTypeOf(v) == c->m->t_i16) {
        ext = (r->kind == WIT_S8 || r->kind == WIT_S16) ? 2 : 1;
    }
    add_arg(a, n, ARG_VALUE, v, ext);
}

/* string: checked and passed as a view for utf8 guests; utf16 and
 * latin1+utf16 strings are lifted to a UTF-8 copy by the runtime
 * (kiln_cx_lift_string), released after the call (frees). */
static void string_arg(Canon *c, CanonSide *g, CanonPlace p, LLVMValueRef cx,
                       HostArg *a, unsigned *n, LLVMValueRef *frees)
{
    CgModule *m = c->m;
    LLVMValueRef ptr = LLVMBuildLoad2(m->b, m->t_i32, canon_ptr(c, p), "");
    LLVMSetAlignment(ptr, 1);
    LLVMValueRef len =
        LLVMBuildLoad2(m->b, m->t_i32, canon_ptr(c, canon_at(c, p, 4)), "");
    LLVMSetAlignment(len, 1);
    if (g->opts->encoding == CMP_UTF8) {
        canon_check_string(c, g, ptr, len);
        add_arg(a, n, ARG_GUEST_PTR, ptr, 0);
        add_arg(a, n, ARG_VALUE, len, 0);
        return;
    }
    CanonPlace out = canon_temp(c, 4, 4);
    LLVMValueRef args[4] = {cx, ptr, len, canon_ptr(c, out)};
    LLVMValueRef s = canon_call(c, "kiln_cx_lift_string", m->t_ptr, args, 4);
    LLVMValueRef n8 = LLVMBuildLoad2(m->b, m->t_i32, canon_ptr(c, out), "");
    *frees = s;
    add_arg(a, n, ARG_HOST_PTR, s, 0);
    add_arg(a, n, ARG_VALUE, n8, 0);
}

static void list_arg(Canon *c, const WitType *t, CanonSide *g, CanonPlace p,
                     HostArg *a, unsigned *n)
{
    CgModule *m = c->m;
    LLVMValueRef ptr = LLVMBuildLoad2(m->b, m->t_i32, canon_ptr(c, p), "");
    LLVMSetAlignment(ptr, 1);
    LLVMValueRef len =
        LLVMBuildLoad2(m->b, m->t_i32, canon_ptr(c, canon_at(c, p, 4)), "");
    LLVMSetAlignment(len, 1);
    const WitType *elem = t->elem;
    if (t->kind == WIT_MAP) {
        WitType *tup = arena_alloc(c->f.scratch, sizeof *tup);
        WitType **kv = arena_array(c->f.scratch, 2, sizeof *kv);
        memset(tup, 0, sizeof *tup);
        kv[0] = t->key;
        kv[1] = t->elem;
        tup->kind = WIT_TUPLE;
        tup->elems = kv;
        tup->nelems = 2;
        elem = tup;
    }
    canon_check_list(c, g->mem, elem, ptr, len);
    add_arg(a, n, ARG_GUEST_PTR, ptr, 0);
    add_arg(a, n, ARG_VALUE, len, 0);
}

static LLVMValueRef host_decl(Canon *c, const char *name, HostArg *a,
                              unsigned n)
{
    CgModule *m = c->m;
    LLVMValueRef fn = LLVMGetNamedFunction(m->mod, name);
    if (fn)
        return fn;
    LLVMTypeRef *ps = arena_array(c->f.scratch, n + 1, sizeof *ps);
    for (unsigned i = 0; i < n; i++)
        ps[i] = a[i].kind == ARG_VALUE ? LLVMTypeOf(a[i].v) : m->t_ptr;
    return LLVMAddFunction(m->mod, name, LLVMFunctionType(m->t_void, ps, n, 0));
}

static void emit_host(Canon *c, const PlanBinding *b, const WasmFuncType *ct)
{
    CgModule *m = c->m;
    const CmpType *ft = b->func;
    LLVMValueRef fn = c->f.fn;
    LLVMValueRef la[2] = {c->ci, canon_i32(c, b->lower.comp_instance)};
    canon_call(c, "kiln_cm_check_leave", m->t_void, la, 2);

    CanonSide g = {&b->lower, NULL, false};
    if (b->lower.has_memory)
        g.mem = canon_memory(c, &b->lower.memory);
    CanonSide host = {&b->lower, NULL, true};
    WitType *tup = canon_params_tuple(c, ft);
    bool spilled = abi_flatten(tup, NULL, 0) > ABI_MAX_FLAT_PARAMS;
    CanonPlace params = canon_params_place(c, tup, &g, spilled);

    unsigned cap = 2 * ft->nparams + 3, n = 0;
    HostArg *a = arena_array(c->f.scratch, cap, sizeof *a);
    LLVMValueRef cx = canon_side_cx(c, &g);
    add_arg(a, &n, ARG_HOST_PTR, cx, 0);
    LLVMValueRef *frees = arena_array(c->f.scratch, ft->nparams + 1,
                                      sizeof *frees);
    for (uint32_t k = 0; k < ft->nparams; k++) {
        const WitType *t = wit_type_resolve(ft->params[k].type);
        CanonPlace p = canon_at(c, params, abi_field_offset(tup, k));
        switch (bindgen_host_arg(t)) {
        case BINDGEN_HOST_VALUE: value_arg(c, t, p, a, &n); break;
        case BINDGEN_HOST_VIEW:
            if (t->kind == WIT_STRING)
                string_arg(c, &g, p, cx, a, &n, &frees[k]);
            else
                list_arg(c, t, &g, p, a, &n);
            break;
        case BINDGEN_HOST_POINTER: {
            CanonPlace tmp = canon_temp(c, abi_size(t), abi_align(t));
            canon_copy(c, t, &g, p, &host, tmp);
            add_arg(a, &n, ARG_HOST_PTR, canon_ptr(c, tmp), 0);
            break;
        }
        }
    }

    /* the result: straight into guest memory when spilled (a copy when
     * the memory may move: explicit bounds checks), else a temporary */
    const WitType *res = ft->result;
    bool retptr = res && abi_flatten(res, NULL, 0) > ABI_MAX_FLAT_RESULTS;
    bool direct = retptr && m->opts->bounds == CG_BOUNDS_GUARD;
    CanonPlace rtmp = {0};
    LLVMValueRef rp = NULL;
    if (retptr) {
        rp = LLVMGetParam(fn, ct->nparams);
        canon_check_range(c, g.mem, rp, canon_i64(c, abi_size(res)),
                          abi_align(res));
    }
    if (res && !direct)
        rtmp = canon_temp(c, abi_size(res), abi_align(res));
    if (direct)
        add_arg(a, &n, ARG_GUEST_PTR, rp, 0);
    else if (res)
        add_arg(a, &n, ARG_HOST_PTR, canon_ptr(c, rtmp), 0);

    LLVMValueRef *args = arena_array(c->f.scratch, n, sizeof *args);
    for (unsigned i = 0; i < n; i++)
        args[i] = a[i].kind == ARG_GUEST_PTR
                      ? canon_ptr(c, canon_guest(g.mem, a[i].v))
                      : a[i].v;
    LLVMValueRef hf = host_decl(c, b->host->c_name, a, n);
    LLVMValueRef call =
        LLVMBuildCall2(m->b, LLVMGlobalGetValueType(hf), hf, args, n, "");
    cg_c_abi_call(m, call);
    for (unsigned i = 0; i < n; i++)
        if (a[i].ext)
            canon_zeroext(c, call, i, a[i].ext == 2);

    for (uint32_t k = 0; k < ft->nparams; k++) {
        if (!frees[k])
            continue;
        LLVMValueRef fa[2] = {cx, frees[k]};
        canon_call(c, "kiln_cx_free_string", m->t_void, fa, 2);
    }
    if (retptr && !direct) {
        LLVMValueRef d = canon_ptr(c, canon_guest(g.mem, rp));
        LLVMBuildMemCpy(m->b, d, 1, canon_ptr(c, rtmp), 1,
                        canon_i64(c, abi_size(res)));
    }
    if (res && !retptr) {
        LLVMValueRef v[2];
        canon_load_flat(c, res, rtmp, v);
        LLVMBuildRet(m->b, v[0]);
        return;
    }
    LLVMBuildRetVoid(m->b);
}

/* ---- resource built-ins and traps ---- */

static void emit_resource(Canon *c, const PlanBinding *b)
{
    CgModule *m = c->m;
    /* resource.new and resource.drop check may_leave; resource.rep not */
    if (b->kind != PLAN_BIND_RESOURCE_REP) {
        LLVMValueRef la[2] = {c->ci, canon_i32(c, b->comp_instance)};
        canon_call(c, "kiln_cm_check_leave", m->t_void, la, 2);
    }
    LLVMValueRef a[4] = {c->ci, canon_i32(c, b->comp_instance),
                         canon_i32(c, b->resource), LLVMGetParam(c->f.fn, 1)};
    switch (b->kind) {
    case PLAN_BIND_RESOURCE_NEW:
        LLVMBuildRet(m->b,
                     canon_call(c, "kiln_cm_resource_new", m->t_i32, a, 4));
        return;
    case PLAN_BIND_RESOURCE_REP:
        LLVMBuildRet(m->b,
                     canon_call(c, "kiln_cm_resource_rep", m->t_i32, a, 4));
        return;
    default:
        canon_call(c, "kiln_cm_resource_drop", m->t_void, a, 4);
        LLVMBuildRetVoid(m->b);
        return;
    }
}

static void emit_trap(Canon *c, const PlanBinding *b)
{
    CgModule *m = c->m;
    LLVMValueRef fn = LLVMGetNamedFunction(m->mod, "kiln_cm_trap_unknown_import");
    if (!fn) {
        LLVMTypeRef ft = LLVMFunctionType(m->t_void, &m->t_ptr, 1, 0);
        fn = LLVMAddFunction(m->mod, "kiln_cm_trap_unknown_import", ft);
        unsigned k = LLVMGetEnumAttributeKindForName("noreturn", 8);
        LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                                LLVMCreateEnumAttribute(m->ctx, k, 0));
    }
    LLVMValueRef s = canon_cstr(c, b->name ? b->name : "?");
    LLVMBuildCall2(m->b, LLVMGlobalGetValueType(fn), fn, &s, 1, "");
    LLVMBuildUnreachable(m->b);
}

/* Checks that the import's core type is the one the binding implies. */
static bool check_type(CgModule *m, const WasmImport *imp,
                       const PlanBinding *b, const WasmFuncType *t)
{
    uint32_t np = 0, nr = 0;
    switch (b->kind) {
    case PLAN_BIND_RESOURCE_NEW:
    case PLAN_BIND_RESOURCE_REP: np = 1; nr = 1; break;
    case PLAN_BIND_RESOURCE_DROP: np = 1; break;
    default: return true; /* validated against the lowered function type */
    }
    if (t->nparams == np && t->nresults == nr &&
        (np == 0 || t->params[0] == WASM_I32) &&
        (nr == 0 || t->results[0] == WASM_I32))
        return true;
    diag_at(m->diag, m->wm->path, imp->offset,
            "import `%s.%s` has type %s, not the resource built-in's",
            imp->module.str, imp->name.str, cg_type_text(m, t));
    return false;
}

bool canon_bind_import(CgModule *m, uint32_t i, const PlanBinding *b)
{
    const WasmImport *imp = &m->wm->imports[i];
    if (imp->kind != WASM_EXTERN_FUNC) {
        diag_at(m->diag, m->wm->path, imp->offset,
                "import `%s.%s` is not a function but the link plan binds "
                "it to one", imp->module.str, imp->name.str);
        return false;
    }
    const WasmFuncType *t = wasm_func_type(m->wm, imp->index);
    if (!check_type(m, imp, b, t))
        return false;
    static const char *const what[] = {
        [PLAN_BIND_HOST] = "lower",        [PLAN_BIND_LIFTED] = "fused",
        [PLAN_BIND_RESOURCE_NEW] = "new",  [PLAN_BIND_RESOURCE_DROP] = "drop",
        [PLAN_BIND_RESOURCE_REP] = "rep",  [PLAN_BIND_TRAP] = "trap",
    };
    CgFuncInfo *fi = &m->funcs[imp->index];
    fi->kind = CG_FUNC_HOST;
    fi->host_fn = canon_adapter_fn(m, imp->index, what[b->kind]);

    Arena scratch;
    arena_init(&scratch);
    Canon c = {0};
    canon_begin(&c, m, fi->host_fn, &scratch);
    switch (b->kind) {
    case PLAN_BIND_HOST: emit_host(&c, b, t); break;
    case PLAN_BIND_LIFTED: canon_emit_fused(&c, b, t); break;
    case PLAN_BIND_TRAP: emit_trap(&c, b); break;
    default: emit_resource(&c, b); break;
    }
    arena_free(&scratch);
    return true;
}
