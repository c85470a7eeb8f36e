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

/* Calling conventions.  A KilnFuncRef carries two entries (kiln_rt.h):
 * `code` in tailcc for return_call_indirect and `call` in fastcc for
 * call_indirect, which spares every ordinary call through a table on
 * x86-64 the 8 bytes a tailcc callee pops (`ret $8` and a `sub rsp` at each
 * call site).  In a module without return_call every body is fastcc and
 * the functions whose reference can leave the module (wasm_declared_funcs:
 * exported, in tables, ref.func'd) get a tailcc thunk for `code`; a
 * foreign return_call_indirect through it costs one frame, which the
 * callee frees on return since it makes no tail calls itself.  With
 * return_call every body stays tailcc and escaping ones get a fastcc thunk
 * for `call`.  Host thunks are tailcc, so they get a `call` thunk too.
 * Targets without tailcc use fastcc for both, and need no thunk. */
static void choose_conventions(CgModule *m)
{
    const WasmModule *wm = m->wm;
    bool no_tail = !has_tail_calls(wm);
    for (uint32_t i = 0; i < wm->nfuncs; i++) {
        CgFuncInfo *fi = &m->funcs[i];
        fi->cc = m->cc;
        if (m->cc == CG_TAILCC && no_tail && fi->kind == CG_FUNC_DEFINED)
            fi->cc = LLVMFastCallConv;
    }
}

/* cc thunk(vm, params...) { return fi->fn(vm, params...); } */
static LLVMValueRef add_thunk(CgModule *m, uint32_t i, unsigned cc,
                              const char *suffix, bool define)
{
    CgFuncInfo *fi = &m->funcs[i];
    uint32_t ti = m->wm->funcs[i].type;
    unsigned pads, callee_pads;
    LLVMTypeRef ft = cg_conv_type(m, ti, cc, &pads);
    LLVMTypeRef callee_ft = cg_conv_type(m, ti, fi->cc, &callee_pads);
    const char *sym =
        arena_printf(&m->arena, "%s%s", LLVMGetValueName(fi->fn), suffix);
    LLVMValueRef fn = LLVMAddFunction(m->mod, sym, ft);
    LLVMSetFunctionCallConv(fn, cc);
    LLVMSetLinkage(fn, LLVMGetLinkage(fi->fn));
    LLVMSetVisibility(fn, LLVMGetVisibility(fi->fn));
    if (!define)
        return fn;
    cg_function_attrs(m, fn);
    LLVMPositionBuilderAtEnd(m->b,
                             LLVMAppendBasicBlockInContext(m->ctx, fn, ""));
    unsigned n = m->wm->types[ti].nparams + 1;
    LLVMValueRef *args =
        arena_array(&m->arena, n + callee_pads + 1, sizeof *args);
    for (unsigned k = 0; k < n; k++)
        args[k] = LLVMGetParam(fn, k);
    for (unsigned k = 0; k < callee_pads; k++)
        args[n + k] = LLVMGetUndef(m->t_i32);
    LLVMValueRef r =
        LLVMBuildCall2(m->b, callee_ft, fi->fn, args, n + callee_pads, "");
    LLVMSetInstructionCallConv(r, fi->cc);
    if (LLVMGetReturnType(ft) == m->t_void)
        LLVMBuildRetVoid(m->b);
    else
        LLVMBuildRet(m->b, r);
    return fn;
}

static void add_entry_thunks(CgModule *m)
{
    const WasmModule *wm = m->wm;
    if (m->cc != CG_TAILCC)
        return;
    uint8_t *declared = wasm_declared_funcs(wm);
    for (uint32_t i = 0; i < wm->nfuncs; i++) {
        CgFuncInfo *fi = &m->funcs[i];
        if (!declared[i] || fi->kind == CG_FUNC_DYNAMIC)
            continue;
        bool here = m->nparts == 1 ||
                    (fi->kind == CG_FUNC_HOST ? m->part == 0
                                              : cg_func_is_local(m, i));
        if (fi->cc == CG_TAILCC)
            fi->call_fn = add_thunk(m, i, LLVMFastCallConv, ".call", here);
        else
            fi->code_fn = add_thunk(m, i, CG_TAILCC, ".code", here);
    }
    free(declared);
}

LLVMValueRef cg_private_const(CgModule *m, LLVMValueRef init,
                              const char *name)
{
    LLVMValueRef g = LLVMAddGlobal(m->mod, LLVMTypeOf(init), name);
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
    return g;
}

LLVMValueRef cg_func_entries(CgModule *m)
{
    const WasmModule *wm = m->wm;
    LLVMValueRef null = LLVMConstPointerNull(m->t_ptr);
    LLVMTypeRef et = LLVMStructTypeInContext(
        m->ctx, (LLVMTypeRef[]){m->t_ptr, m->t_ptr}, 2, 0);
    LLVMValueRef *v = arena_array(&m->arena, wm->nfuncs + 1, sizeof *v);
    bool any = false;
    for (uint32_t i = 0; i < wm->nfuncs; i++) {
        const CgFuncInfo *fi = &m->funcs[i];
        LLVMValueRef f[2] = {fi->code_fn ? fi->code_fn : null,
                             fi->call_fn ? fi->call_fn : null};
        any |= fi->code_fn || fi->call_fn;
        v[i] = LLVMConstStructInContext(m->ctx, f, 2, 0);
    }
    if (!any)
        return null;
    return cg_private_const(m, LLVMConstArray2(et, v, wm->nfuncs),
                            "kiln.entries");
}

/* 32-bit ARM, AAPCS-VFP as LLVM 19 assigns it: the bytes of stack
 * arguments of (ptr vm, params...).  r0-r3 in order, an i64 in an even
 * pair (r1 or r3 left over) or else 8-aligned on the stack with no core
 * register used after it; s0-s15 / d0-d7 / q0-q3 with back-filling, and
 * none after one went to the stack. */
static unsigned arm_stack_bytes(const WasmValType *ps, uint32_t n,
                                unsigned npads)
{
    unsigned ncrn = 1, vfp = 0, off = 0; /* vfp: bit per s register */
    for (uint32_t i = 0; i < n + npads; i++) {
        WasmValType v = i < n ? ps[i] : WASM_I32;
        unsigned size = 4, regs = 0; /* regs: s registers it takes */
        if (v == WASM_F32) regs = 1;
        if (v == WASM_F64) regs = 2, size = 8;
        if (v == WASM_V128) regs = 4, size = 16;
        if (v == WASM_I64) {
            ncrn += ncrn & 1;
            if (ncrn <= 2) {
                ncrn += 2;
                continue;
            }
            ncrn = 4;
            size = 8;
        } else if (!regs) { /* i32 and references */
            if (ncrn < 4) {
                ncrn++;
                continue;
            }
        } else {
            unsigned mask = (1u << regs) - 1, r = 0;
            while (r < 16 && (vfp & (mask << r)))
                r += regs;
            if (r < 16) {
                vfp |= mask << r;
                continue;
            }
            vfp = 0xffff;
        }
        off = (off + size - 1) / size * size; /* aligned to its size */
        off += size;
    }
    return off;
}

static unsigned tail_pads(CgModule *m, const WasmFuncType *t)
{
    unsigned pads = 0;
    if (m->tail_pad16)
        while (arm_stack_bytes(t->params, t->nparams, pads) % 16 != 0)
            pads++;
    return pads;
}

LLVMTypeRef cg_conv_type(CgModule *m, uint32_t typeidx, unsigned cc,
                         unsigned *pads)
{
    bool tail = cc == CG_TAILCC;
    *pads = tail ? m->tail_pads[typeidx] : 0;
    return tail ? m->tail_types[typeidx] : m->fn_types[typeidx];
}

void cg_declare_functions(CgModule *m)
{
    const WasmModule *wm = m->wm;
    choose_conventions(m);
    m->fn_types = arena_array(&m->arena, wm->ntypes + 1, sizeof *m->fn_types);
    m->tail_types = arena_array(&m->arena, wm->ntypes + 1, sizeof(LLVMTypeRef));
    m->tail_pads = arena_array(&m->arena, wm->ntypes + 1, 1);
    for (uint32_t t = 0; t < wm->ntypes; t++) {
        const WasmFuncType *ft = &wm->types[t];
        unsigned pads = tail_pads(m, ft);
        LLVMTypeRef *ps =
            arena_array(&m->arena, ft->nparams + pads + 1, sizeof *ps);
        ps[0] = m->t_ptr;
        for (uint32_t i = 0; i < ft->nparams; i++)
            ps[i + 1] = cg_valtype(m, ft->params[i]);
        for (unsigned i = 0; i < pads; i++)
            ps[ft->nparams + 1 + i] = m->t_i32;
        LLVMTypeRef rt = cg_results_type(m, ft->results, ft->nresults);
        m->fn_types[t] = LLVMFunctionType(rt, ps, ft->nparams + 1, 0);
        m->tail_types[t] = LLVMFunctionType(rt, ps, ft->nparams + pads + 1, 0);
        m->tail_pads[t] = (uint8_t)pads;
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
        unsigned pads;
        fi->fn = LLVMAddFunction(m->mod, sym,
                                 cg_conv_type(m, wf->type, fi->cc, &pads));
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
    add_entry_thunks(m);
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

    LLVMValueRef *args = arena_array(scratch, t->nparams + 8, sizeof *args);
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

