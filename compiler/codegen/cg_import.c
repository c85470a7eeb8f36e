/* Imports (spec 2.5.11, 4.5.4 external values): each function import is
 * bound either at compile time to a runtime C function (WASI preview 1
 * from wasi_p1.def, spectest functions from spectest.def) when its type
 * matches exactly, or at instantiation as a dynamic import (when the
 * caller allows them).  Table, memory and global imports are always
 * dynamic.  Host-bound functions also get a tailcc thunk so that they
 * have a KilnFuncRef-callable code pointer (tables, ref.func, exports).
 */
#include <stdio.h>
#include <string.h>

#include "codegen/canon.h"

typedef struct HostFn {
    const char *name, *sig;
} HostFn;

static const HostFn wasi_fns[] = {
#define KILN_WASI_P1(name, sig) {#name, sig},
#include "wasi_p1/wasi_p1.def"
#undef KILN_WASI_P1
};

static const HostFn spectest_fns[] = {
#define KILN_SPECTEST(name, sig) {#name, sig},
#include "spectest.def"
#undef KILN_SPECTEST
};

static bool name_is(WasmName n, const char *s)
{
    return n.len == strlen(s) && memcmp(n.str, s, n.len) == 0;
}

static const HostFn *find(const HostFn *fns, size_t n, WasmName name)
{
    for (size_t i = 0; i < n; i++)
        if (name_is(name, fns[i].name))
            return &fns[i];
    return NULL;
}

static LLVMTypeRef letter_type(CgModule *m, char c)
{
    switch (c) {
    case 'i': return m->t_i32;
    case 'l': return m->t_i64;
    case 'f': return m->t_f32;
    case 'd': return m->t_f64;
    case 'v': return m->t_v128;
    default: return m->t_ptr;
    }
}

/* Declares the C function `prefix``name` of signature `sig`. */
static LLVMValueRef declare_host(CgModule *m, const char *prefix,
                                 const HostFn *h)
{
    char sym[128];
    snprintf(sym, sizeof sym, "%s%s", prefix, h->name);
    LLVMValueRef fn = LLVMGetNamedFunction(m->mod, sym);
    if (fn)
        return fn;
    LLVMTypeRef ps[16];
    unsigned n = 0;
    ps[n++] = m->t_ptr;
    const char *s = h->sig;
    for (; *s != ':'; s++)
        ps[n++] = letter_type(m, *s);
    LLVMTypeRef ret = s[1] ? letter_type(m, s[1]) : m->t_void;
    return LLVMAddFunction(m->mod, sym, LLVMFunctionType(ret, ps, n, 0));
}

static const char *kind_name(WasmExternKind k)
{
    switch (k) {
    case WASM_EXTERN_FUNC: return "function";
    case WASM_EXTERN_TABLE: return "table";
    case WASM_EXTERN_MEMORY: return "memory";
    case WASM_EXTERN_GLOBAL: return "global";
    case WASM_EXTERN_TAG: return "tag";
    }
    return "?";
}

/* Binds function import `imp` to a host function if one is listed;
 * returns false after reporting a type mismatch. */
static bool bind_host(CgModule *m, const WasmImport *imp, bool *bound)
{
    const HostFn *h = NULL;
    const char *prefix = NULL;
    if (name_is(imp->module, "wasi_snapshot_preview1")) {
        h = find(wasi_fns, sizeof wasi_fns / sizeof *wasi_fns, imp->name);
        prefix = "kiln_wasi_p1_";
    } else if (m->opts->spectest_imports && name_is(imp->module, "spectest")) {
        h = find(spectest_fns, sizeof spectest_fns / sizeof *spectest_fns,
                 imp->name);
        prefix = "kiln_spectest_";
    }
    *bound = false;
    if (!h)
        return true;
    const WasmFuncType *t = wasm_func_type(m->wm, imp->index);
    if (strcmp(cg_sig_string(m, t), h->sig) != 0) {
        /* describe the runtime's type in the same words */
        WasmFuncType rt = {0};
        WasmValType vals[32];
        const char *s = h->sig;
        uint32_t k = 0;
        for (; *s != ':'; s++)
            vals[k++] = *s == 'i' ? WASM_I32 : *s == 'l' ? WASM_I64
                      : *s == 'f' ? WASM_F32 : WASM_F64;
        rt.nparams = k;
        for (s++; *s; s++)
            vals[k++] = *s == 'i' ? WASM_I32 : *s == 'l' ? WASM_I64
                      : *s == 'f' ? WASM_F32 : WASM_F64;
        rt.nresults = k - rt.nparams;
        rt.params = vals;
        rt.results = vals + rt.nparams;
        diag_at(m->diag, m->wm->path, imp->offset,
                "import `%s.%s` has type %s but the runtime provides %s",
                imp->module.str, imp->name.str, cg_type_text(m, t),
                cg_type_text(m, &rt));
        return false;
    }
    CgFuncInfo *fi = &m->funcs[imp->index];
    fi->kind = CG_FUNC_HOST;
    fi->host_fn = declare_host(m, prefix, h);
    *bound = true;
    return true;
}

/* A core instance of a link plan: items of other core instances stay
 * dynamic imports, everything else becomes an adapter (canon_host.c). */
static bool bind_plan(CgModule *m)
{
    const PlanCoreInstance *pi =
        &m->opts->plan->instances[m->opts->plan_instance];
    bool ok = true;
    for (uint32_t i = 0; i < m->wm->nimports; i++) {
        const PlanBinding *b = &pi->imports[i];
        if (b->kind != PLAN_BIND_ITEM) {
            ok = canon_bind_import(m, i, b) && ok;
            continue;
        }
        m->import_dynamic[i] = true;
        if (m->wm->imports[i].kind == WASM_EXTERN_FUNC)
            m->funcs[m->wm->imports[i].index].kind = CG_FUNC_DYNAMIC;
    }
    return ok;
}

bool cg_bind_imports(CgModule *m)
{
    const WasmModule *wm = m->wm;
    bool ok = true;
    for (uint32_t t = 0; t < wm->ntypes; t++) {
        if (wm->types[t].nresults > KILN_MAX_AREA_RESULTS) {
            diag_error(m->diag, wm->path,
                       "type %u has %u results; kiln supports at most %u", t,
                       wm->types[t].nresults, KILN_MAX_AREA_RESULTS);
            return false;
        }
    }
    m->import_dynamic =
        arena_array(&m->arena, wm->nimports + 1, sizeof *m->import_dynamic);
    if (m->opts->plan)
        return bind_plan(m);
    for (uint32_t i = 0; i < wm->nimports; i++) {
        const WasmImport *imp = &wm->imports[i];
        bool bound = false;
        if (imp->kind == WASM_EXTERN_FUNC && !bind_host(m, imp, &bound)) {
            ok = false;
            continue;
        }
        if (bound)
            continue;
        if (!m->allow_dynamic || imp->kind == WASM_EXTERN_TAG) {
            diag_at(m->diag, wm->path, imp->offset,
                    "unknown import `%s.%s` (%s)", imp->module.str,
                    imp->name.str, kind_name(imp->kind));
            ok = false;
            continue;
        }
        m->import_dynamic[i] = true;
        if (imp->kind == WASM_EXTERN_FUNC)
            m->funcs[imp->index].kind = CG_FUNC_DYNAMIC;
    }
    return ok;
}

bool cg_import_is_dynamic(CgModule *m, uint32_t i)
{
    return m->import_dynamic[i];
}

/* tailcc thunk(vm, params...) { return host(vm, params...); } */
static void emit_thunk(CgModule *m, uint32_t funcidx)
{
    CgFuncInfo *fi = &m->funcs[funcidx];
    LLVMValueRef fn = fi->fn;
    const WasmFuncType *t = wasm_func_type(m->wm, funcidx);
    LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(m->ctx, fn, "entry");
    LLVMPositionBuilderAtEnd(m->b, bb);
    LLVMValueRef args[64];
    KILN_ASSERT(t->nparams < 64);
    for (uint32_t i = 0; i <= t->nparams; i++)
        args[i] = LLVMGetParam(fn, i);
    LLVMValueRef r = LLVMBuildCall2(m->b, LLVMGlobalGetValueType(fi->host_fn),
                                    fi->host_fn, args, t->nparams + 1, "");
    cg_c_abi_call(m, r);
    if (t->nresults == 0)
        LLVMBuildRetVoid(m->b);
    else
        LLVMBuildRet(m->b, r);
}

void cg_emit_host_thunks(CgModule *m)
{
    for (uint32_t i = 0; i < m->wm->nfunc_imports; i++)
        if (m->funcs[i].kind == CG_FUNC_HOST)
            emit_thunk(m, i);
}
