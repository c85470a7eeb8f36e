/* Module-level functions (spec 2.5 modules, kiln_rt.h conventions): one
 * LLVM function per wasm function, with its symbol name from the name
 * section and the attributes every generated function carries, and the
 * C-ABI export entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_part.h"

/* ---- functions ---- */

static void add_enum_attr(CgModule *m, LLVMValueRef fn, const char *name,
                          uint64_t val)
{
    unsigned k = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(m->ctx, k, val));
}

static void add_str_attr(CgModule *m, LLVMValueRef fn, const char *k,
                         const char *v)
{
    LLVMAddAttributeAtIndex(
        fn, LLVMAttributeFunctionIndex,
        LLVMCreateStringAttribute(m->ctx, k, strlen(k), v, strlen(v)));
}

void cg_function_attrs(CgModule *m, LLVMValueRef fn)
{
    add_enum_attr(m, fn, "nounwind", 0);
    add_enum_attr(m, fn, "uwtable", 2); /* async: unwindable anywhere */
    add_str_attr(m, fn, "probe-stack", "inline-asm");
    LLVMSetSection(fn, "kiln_text");
}

/* "wasm:" + the name with characters outside [A-Za-z0-9_.$] replaced:
 * the prefix keeps wasm names from capturing C symbols (memset, ...).
 * Partitioned modules put "<desc symbol>.<index>." in front. */
static char *symbol_name(CgModule *m, const WasmName *n, uint32_t idx,
                         const char *suffix)
{
    if (!n->str)
        return arena_printf(&m->arena, "wasm:func%u%s", idx, suffix);
    char *s = arena_alloc(&m->arena, n->len + strlen(suffix) + 8);
    strcpy(s, "wasm:");
    size_t k = 5;
    for (uint32_t i = 0; i < n->len && i < 200; i++) {
        char c = n->str[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
        s[k++] = ok ? c : '_';
    }
    strcpy(s + k, suffix);
    return s;
}

static bool has_tail_calls(const WasmModule *wm)
{
    for (uint32_t i = wm->nfunc_imports; i < wm->nfuncs; i++)
        for (uint32_t k = 0; k < wm->funcs[i].ncode; k++)
            if (wm->funcs[i].code[k].op == WASM_OP_RETURN_CALL ||
                wm->funcs[i].code[k].op == WASM_OP_RETURN_CALL_INDIRECT)
                return true;
    return false;
}

/* Calling conventions.  Functions whose reference can leave the module
 * (wasm_declared_funcs: exported, in tables, ref.func'd) are called
 * through KilnFuncRef by any module, so they keep the module-wide
 * convention m->cc (tailcc, which return_call needs).  The others are
 * only called directly: in a module without return_call they take fastcc,
 * which on x86-64 spares every call the 8 bytes tailcc callees pop to keep
 * the stack aligned (`ret $8` and a `sub rsp` at each call site). */
static void choose_conventions(CgModule *m)
{
    const WasmModule *wm = m->wm;
    for (uint32_t i = 0; i < wm->nfuncs; i++)
        m->funcs[i].cc = m->cc;
    if (m->cc != CG_TAILCC || has_tail_calls(wm))
        return;
    uint8_t *declared = wasm_declared_funcs(wm);
    for (uint32_t i = wm->nfunc_imports; i < wm->nfuncs; i++)
        if (!declared[i] && m->funcs[i].kind == CG_FUNC_DEFINED)
            m->funcs[i].cc = LLVMFastCallConv;
    free(declared);
}

void cg_declare_functions(CgModule *m)
{
    const WasmModule *wm = m->wm;
    choose_conventions(m);
    m->fn_types = arena_array(&m->arena, wm->ntypes + 1, sizeof *m->fn_types);
    for (uint32_t t = 0; t < wm->ntypes; t++) {
        const WasmFuncType *ft = &wm->types[t];
        LLVMTypeRef *ps = arena_array(&m->arena, ft->nparams + 1, sizeof *ps);
        ps[0] = m->t_ptr;
        for (uint32_t i = 0; i < ft->nparams; i++)
            ps[i + 1] = cg_valtype(m, ft->params[i]);
        m->fn_types[t] =
            LLVMFunctionType(cg_results_type(m, ft->results, ft->nresults),
                             ps, ft->nparams + 1, 0);
    }
    for (uint32_t i = 0; i < wm->nfuncs; i++) {
        CgFuncInfo *fi = &m->funcs[i];
        const WasmFunc *wf = &wm->funcs[i];
        fi->name = wf->name.str;
        if (fi->kind == CG_FUNC_DYNAMIC)
            continue;
        const char *sym = symbol_name(m, &wf->name, i,
                                      fi->kind == CG_FUNC_HOST ? ".thunk" : "");
        if (m->nparts > 1)
            sym = arena_printf(&m->arena, "%s.%u.%s", m->sym_prefix, i, sym);
        fi->fn = LLVMAddFunction(m->mod, sym, m->fn_types[wf->type]);
        LLVMSetFunctionCallConv(fi->fn, fi->cc);
        if (m->nparts == 1) {
            LLVMSetLinkage(fi->fn, LLVMInternalLinkage);
            cg_function_attrs(m, fi->fn);
            continue;
        }
        /* Partitions call each other through hidden symbols: resolved
         * by the relocatable link, never exported from a shared object,
         * unique per module through the descriptor's name. */
        LLVMSetVisibility(fi->fn, LLVMHiddenVisibility);
        bool here = fi->kind == CG_FUNC_HOST ? m->part == 0
                                             : cg_func_is_local(m, i);
        if (here)
            cg_function_attrs(m, fi->fn);
    }
}

static LLVMValueRef i32c(CgModule *m, uint64_t v)
{
    return LLVMConstInt(m->t_i32, v, 0);
}

/* ---- export entries ---- */

static bool returns_directly(const WasmFuncType *t)
{
    return t->nresults == 1 && t->results[0] != WASM_V128;
}

/* R entry(KilnVmctx *vm, P1 p1, ... [, KilnValue *results]) */
LLVMValueRef cg_emit_entry(CgModule *m, uint32_t funcidx, Arena *scratch)
{
    const WasmFuncType *t = wasm_func_type(m->wm, funcidx);
    bool direct = returns_directly(t);
    LLVMTypeRef *ps = arena_array(scratch, t->nparams + 2, sizeof *ps);
    unsigned n = 0;
    ps[n++] = m->t_ptr;
    for (uint32_t i = 0; i < t->nparams; i++)
        ps[n++] = t->params[i] == WASM_V128 ? m->t_ptr
                                            : cg_valtype(m, t->params[i]);
    if (!direct)
        ps[n++] = m->t_ptr;
    LLVMTypeRef ret = direct ? cg_valtype(m, t->results[0]) : m->t_void;
    char name[48];
    snprintf(name, sizeof name, "kiln.entry.%u", funcidx);
    LLVMValueRef fn =
        LLVMAddFunction(m->mod, name, LLVMFunctionType(ret, ps, n, 0));
    LLVMSetLinkage(fn, LLVMInternalLinkage);
    cg_function_attrs(m, fn);
    cg_c_abi_define(m, fn);

    CgFunc fs, *f = &fs;
    cg_func_begin(f, m, fn, scratch);

    LLVMValueRef *args = arena_array(scratch, t->nparams + 1, sizeof *args);
    for (uint32_t i = 0; i < t->nparams; i++) {
        LLVMValueRef p = LLVMGetParam(fn, i + 1);
        if (t->params[i] == WASM_V128) {
            p = LLVMBuildLoad2(m->b, m->t_v128, p, "");
            LLVMSetAlignment(p, 1);
        }
        args[i + 1] = p;
    }
    LLVMValueRef r = cg_call_func(f, funcidx, args, false);
    /* The runtime leaves entries out of backtraces: keep the wasm
     * function a frame of its own. */
    unsigned k = LLVMGetEnumAttributeKindForName("noinline", 8);
    LLVMAddCallSiteAttribute(r, LLVMAttributeFunctionIndex,
                             LLVMCreateEnumAttribute(m->ctx, k, 0));
    if (direct) {
        LLVMBuildRet(m->b, r);
        return fn;
    }
    LLVMValueRef out = LLVMGetParam(fn, n - 1);
    for (uint32_t i = 0; i < t->nresults; i++) {
        LLVMValueRef v =
            t->nresults == 1 ? r
            : cg_results_in_area(t->nresults)
                ? cg_load_result(m, m->b, t->results[i], i)
                : LLVMBuildExtractValue(m->b, r, i, "");
        LLVMValueRef idx = i32c(m, i);
        LLVMValueRef p =
            LLVMBuildInBoundsGEP2(m->b, m->t_value, out, &idx, 1, "");
        LLVMSetAlignment(LLVMBuildStore(m->b, v, p), 1);
    }
    LLVMBuildRetVoid(m->b);
    return fn;
}

