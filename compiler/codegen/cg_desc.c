/* The module descriptor (kiln_rt.h KilnModuleDesc): a constant that
 * lists types, dynamic imports, exports with their entries, functions,
 * tables, memories, globals and segments, points at init and the bounds
 * of the kiln_text section; plus main() for executables, with the baked
 * WASI configuration as constants.
 */
#include <string.h>

#include "codegen/cg.h"

/* ---- constants ---- */

static LLVMValueRef i32c(CgModule *m, uint64_t v)
{
    return LLVMConstInt(m->t_i32, v, 0);
}

static LLVMValueRef i64c(CgModule *m, uint64_t v)
{
    return LLVMConstInt(m->t_i64, v, 0);
}

static LLVMValueRef null_ptr(CgModule *m)
{
    return LLVMConstPointerNull(m->t_ptr);
}

/* A private constant holding `len` bytes plus a NUL. */
static LLVMValueRef cstr(CgModule *m, const char *s, size_t len)
{
    if (!s)
        return null_ptr(m);
    return cg_private_const(m, LLVMConstStringInContext(m->ctx, s, len, 0),
                            ".str");
}

/* A private constant array, or NULL when empty. */
static LLVMValueRef const_array(CgModule *m, LLVMTypeRef elt,
                                LLVMValueRef *vals, uint32_t n,
                                const char *name)
{
    if (n == 0)
        return null_ptr(m);
    return cg_private_const(m, LLVMConstArray2(elt, vals, n), name);
}

static LLVMValueRef limits(CgModule *m, const WasmLimits *l)
{
    LLVMValueRef f[4] = {i64c(m, l->min), i64c(m, l->has_max ? l->max : 0),
                         i32c(m, l->has_max), i32c(m, l->is64)};
    return LLVMConstNamedStruct(m->t_limits, f, 4);
}

/* ---- descriptor pieces ---- */

static LLVMValueRef types_array(CgModule *m)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef *v = arena_array(&m->arena, wm->ntypes + 1, sizeof *v);
    for (uint32_t i = 0; i < wm->ntypes; i++) {
        const char *s = cg_sig_string(m, &wm->types[i]);
        v[i] = cstr(m, s, strlen(s));
    }
    return const_array(m, m->t_ptr, v, wm->ntypes, "kiln.types");
}

static LLVMValueRef import_desc(CgModule *m, const WasmImport *imp)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef sig = null_ptr(m);
    uint32_t type = 0, mut = 0;
    WasmLimits lim = {0};
    switch (imp->kind) {
    case WASM_EXTERN_FUNC: {
        const char *s = cg_sig_string(m, wasm_func_type(wm, imp->index));
        sig = cstr(m, s, strlen(s));
        break;
    }
    case WASM_EXTERN_TABLE:
        type = wm->tables[imp->index].type.elem;
        lim = wm->tables[imp->index].type.limits;
        break;
    case WASM_EXTERN_MEMORY: lim = wm->memories[imp->index].limits; break;
    case WASM_EXTERN_GLOBAL:
        type = wm->globals[imp->index].type.type;
        mut = wm->globals[imp->index].type.mut;
        break;
    case WASM_EXTERN_TAG: break;
    }
    LLVMValueRef f[10] = {cstr(m, imp->module.str, imp->module.len),
                          cstr(m, imp->name.str, imp->name.len),
                          i32c(m, imp->module.len), i32c(m, imp->name.len),
                          i32c(m, imp->kind), i32c(m, imp->index), sig,
                          i32c(m, type), i32c(m, mut), limits(m, &lim)};
    return LLVMConstNamedStruct(m->t_import, f, 10);
}

static LLVMValueRef imports_array(CgModule *m, uint32_t *count)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef *v = arena_array(&m->arena, wm->nimports + 1, sizeof *v);
    uint32_t n = 0;
    for (uint32_t i = 0; i < wm->nimports; i++)
        if (m->import_dynamic[i])
            v[n++] = import_desc(m, &wm->imports[i]);
    *count = n;
    return const_array(m, m->t_import, v, n, "kiln.imports");
}

static LLVMValueRef exports_array(CgModule *m, Arena *scratch)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef *v = arena_array(&m->arena, wm->nexports + 1, sizeof *v);
    for (uint32_t i = 0; i < wm->nexports; i++) {
        const WasmExport *e = &wm->exports[i];
        LLVMValueRef sig = null_ptr(m), entry = null_ptr(m);
        if (e->kind == WASM_EXTERN_FUNC) {
            const char *s = cg_sig_string(m, wasm_func_type(wm, e->index));
            sig = cstr(m, s, strlen(s));
            entry = cg_emit_entry(m, e->index, scratch);
        }
        LLVMValueRef f[7] = {cstr(m, e->name.str, e->name.len),
                             i32c(m, e->name.len), i32c(m, e->kind),
                             i32c(m, e->index), i32c(m, 0), sig, entry};
        v[i] = LLVMConstNamedStruct(m->t_export, f, 7);
    }
    return const_array(m, m->t_export, v, wm->nexports, "kiln.exports");
}

static LLVMValueRef funcs_array(CgModule *m)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef *v = arena_array(&m->arena, wm->nfuncs + 1, sizeof *v);
    for (uint32_t i = 0; i < wm->nfuncs; i++) {
        const CgFuncInfo *fi = &m->funcs[i];
        const WasmName *n = &wm->funcs[i].name;
        LLVMValueRef f[4] = {fi->fn ? fi->fn : null_ptr(m),
                             cstr(m, n->str, n->len),
                             i32c(m, wm->funcs[i].type), i32c(m, 0)};
        v[i] = LLVMConstNamedStruct(m->t_funcdesc, f, 4);
    }
    return const_array(m, m->t_funcdesc, v, wm->nfuncs, "kiln.funcs");
}

static LLVMValueRef tables_array(CgModule *m)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef *v = arena_array(&m->arena, wm->ntables + 1, sizeof *v);
    for (uint32_t i = 0; i < wm->ntables; i++) {
        const WasmTable *t = &wm->tables[i];
        LLVMValueRef f[3] = {i32c(m, t->type.elem), i32c(m, t->imported),
                             limits(m, &t->type.limits)};
        v[i] = LLVMConstNamedStruct(m->t_tabledesc, f, 3);
    }
    return const_array(m, m->t_tabledesc, v, wm->ntables, "kiln.tables");
}

static LLVMValueRef memories_array(CgModule *m)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef *v = arena_array(&m->arena, wm->nmemories + 1, sizeof *v);
    for (uint32_t i = 0; i < wm->nmemories; i++) {
        const WasmMemory *mem = &wm->memories[i];
        LLVMValueRef f[3] = {i32c(m, mem->imported), i32c(m, 0),
                             limits(m, &mem->limits)};
        v[i] = LLVMConstNamedStruct(m->t_memdesc, f, 3);
    }
    return const_array(m, m->t_memdesc, v, wm->nmemories, "kiln.memories");
}

static LLVMValueRef globals_array(CgModule *m)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef *v = arena_array(&m->arena, wm->nglobals + 1, sizeof *v);
    for (uint32_t i = 0; i < wm->nglobals; i++) {
        const WasmGlobal *g = &wm->globals[i];
        LLVMValueRef f[4] = {i32c(m, g->type.type), i32c(m, g->type.mut),
                             i32c(m, g->imported), i32c(m, 0)};
        v[i] = LLVMConstNamedStruct(m->t_globaldesc, f, 4);
    }
    return const_array(m, m->t_globaldesc, v, wm->nglobals, "kiln.globals");
}

static LLVMValueRef segs_array(CgModule *m, bool data)
{
    const WasmModule *wm = m->wm;
    uint32_t n = data ? wm->ndatas : wm->nelems;
    LLVMValueRef *v = arena_array(&m->arena, n + 1, sizeof *v);
    for (uint32_t i = 0; i < n; i++) {
        LLVMValueRef f[2];
        if (data) {
            const WasmDataSegment *d = &wm->datas[i];
            f[0] = d->len ? cstr(m, (const char *)d->bytes, d->len)
                          : null_ptr(m);
            f[1] = i64c(m, d->len);
        } else {
            f[0] = null_ptr(m);
            f[1] = i64c(m, wm->elems[i].count);
        }
        v[i] = LLVMConstNamedStruct(m->t_seg, f, 2);
    }
    return const_array(m, m->t_seg, v, n, data ? "kiln.datas" : "kiln.elems");
}

static LLVMValueRef section_bound(CgModule *m, const char *name)
{
    LLVMValueRef g = LLVMAddGlobal(m->mod, m->t_i8, name);
    LLVMSetVisibility(g, LLVMHiddenVisibility);
    return g;
}

/* ---- main for executables ---- */

static LLVMValueRef str_array(CgModule *m, const char *const *s, int n)
{
    if (!s || n <= 0)
        return null_ptr(m);
    LLVMValueRef *v = arena_array(&m->arena, (size_t)n + 1, sizeof *v);
    for (int i = 0; i < n; i++)
        v[i] = cstr(m, s[i], strlen(s[i]));
    v[n] = null_ptr(m);
    return const_array(m, m->t_ptr, v, (uint32_t)n + 1, "kiln.strs");
}

static LLVMValueRef baked_config(CgModule *m, const KilnWasiConfig *c)
{
    LLVMValueRef pre = null_ptr(m);
    if (c->npreopens > 0) {
        LLVMValueRef *v =
            arena_array(&m->arena, (size_t)c->npreopens, sizeof *v);
        for (int i = 0; i < c->npreopens; i++) {
            const KilnPreopen *p = &c->preopens[i];
            LLVMValueRef f[2] = {cstr(m, p->host_path, strlen(p->host_path)),
                                 cstr(m, p->guest_path, strlen(p->guest_path))};
            v[i] = LLVMConstNamedStruct(m->t_preopen, f, 2);
        }
        pre = const_array(m, m->t_preopen, v, (uint32_t)c->npreopens,
                          "kiln.preopens");
    }
    LLVMValueRef f[12] = {i32c(m, (uint32_t)c->argc),
                         str_array(m, c->argv, c->argc),
                         i32c(m, (uint32_t)c->envc),
                         str_array(m, c->envp, c->envc),
                         i32c(m, (uint32_t)c->npreopens), pre,
                         i32c(m, (uint32_t)c->stdin_fd),
                         i32c(m, (uint32_t)c->stdout_fd),
                         i32c(m, (uint32_t)c->stderr_fd),
                         i32c(m, (uint32_t)c->net_flags),
                         i32c(m, (uint32_t)c->nnet_allow),
                         str_array(m, c->net_allow, c->nnet_allow)};
    return cg_private_const(m, LLVMConstNamedStruct(m->t_wasicfg, f, 12),
                            "kiln.config");
}

void cg_emit_main(CgModule *m, const char *rt_main, LLVMValueRef desc)
{
    LLVMTypeRef ps[2] = {m->t_i32, m->t_ptr};
    LLVMValueRef fn =
        LLVMAddFunction(m->mod, "main", LLVMFunctionType(m->t_i32, ps, 2, 0));
    cg_c_abi_define(m, fn);
    LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(m->ctx, fn, "entry");
    LLVMPositionBuilderAtEnd(m->b, bb);
    LLVMTypeRef rps[4] = {m->t_i32, m->t_ptr, m->t_ptr, m->t_ptr};
    LLVMTypeRef rt = LLVMFunctionType(m->t_i32, rps, 4, 0);
    LLVMValueRef rm = LLVMAddFunction(m->mod, rt_main, rt);
    LLVMValueRef args[4] = {LLVMGetParam(fn, 0), LLVMGetParam(fn, 1), desc,
                            baked_config(m, m->opts->exe_config)};
    LLVMValueRef c = LLVMBuildCall2(m->b, rt, rm, args, 4, "");
    cg_c_abi_call(m, c);
    LLVMBuildRet(m->b, c);
}

void cg_emit_descriptor(CgModule *m, LLVMValueRef init)
{
    const WasmModule *wm = m->wm;
    Arena scratch;
    arena_init(&scratch);
    uint32_t nimports = 0;
    uint32_t flags = 0;
    if (m->opts->bounds == CG_BOUNDS_EXPLICIT || LLVMPointerSize(m->td) != 8)
        flags |= KILN_DESC_EXPLICIT_BOUNDS;
    if (m->opts->stack_check == CG_STACK_PROLOGUE)
        flags |= KILN_DESC_PROLOGUE_STACK;
    if (!wm->has_start)
        flags |= KILN_DESC_NO_START;
    LLVMValueRef imports = imports_array(m, &nimports);
    LLVMValueRef f[26] = {
        i32c(m, KILN_RT_ABI_VERSION), i32c(m, flags),
        cstr(m, wm->name.str, wm->name.len), i32c(m, wm->ntypes),
        i32c(m, nimports), i32c(m, wm->nexports), i32c(m, wm->nfuncs),
        i32c(m, wm->ntables), i32c(m, wm->nmemories), i32c(m, wm->nglobals),
        i32c(m, wm->ndatas), i32c(m, wm->nelems), i32c(m, 0),
        types_array(m), imports, exports_array(m, &scratch), funcs_array(m),
        tables_array(m), memories_array(m), globals_array(m),
        segs_array(m, true), segs_array(m, false), init,
        section_bound(m, "__start_kiln_text"),
        section_bound(m, "__stop_kiln_text"), cg_func_entries(m)};
    const char *sym =
        m->opts->desc_symbol ? m->opts->desc_symbol : "kiln_module_desc";
    LLVMValueRef desc = LLVMAddGlobal(m->mod, m->t_moddesc, sym);
    LLVMSetInitializer(desc, LLVMConstNamedStruct(m->t_moddesc, f, 26));
    LLVMSetGlobalConstant(desc, 1);
    if (m->opts->exe_config)
        cg_emit_main(m, "kiln_rt_main", desc);
    arena_free(&scratch);
}
