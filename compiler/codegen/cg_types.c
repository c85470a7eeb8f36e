/* LLVM types: wasm value types (spec 2.3) and the mirrors of the
 * kiln_rt.h structs that generated code reads.  The mirrors are plain
 * (non-packed) LLVM structs, so the target data layout gives them the
 * target's C layout; on the host a debug self check compares every field
 * offset with offsetof.
 */
#include <stdio.h>
#include <string.h>

#include "codegen/cg.h"

static LLVMTypeRef st(CgModule *m, const char *name, LLVMTypeRef *f,
                      unsigned n)
{
    LLVMTypeRef t = LLVMStructCreateNamed(m->ctx, name);
    LLVMStructSetBody(t, f, n, 0);
    return t;
}

#ifndef NDEBUG
/* Offsets of each mirrored struct on the host, checked against LLVM's. */
static void check(CgModule *m, LLVMTypeRef t, const char *name,
                  const size_t *offs, unsigned n, size_t size)
{
    for (unsigned i = 0; i < n; i++)
        if (LLVMOffsetOfElement(m->td, t, i) != offs[i])
            KILN_BUG("%s field %u: LLVM offset %llu, C offset %zu", name, i,
                     (unsigned long long)LLVMOffsetOfElement(m->td, t, i),
                     offs[i]);
    if (LLVMABISizeOfType(m->td, t) != size)
        KILN_BUG("%s: LLVM size %llu, C size %zu", name,
                 (unsigned long long)LLVMABISizeOfType(m->td, t), size);
}

#define OFF(T, f) offsetof(T, f)
static void self_check(CgModule *m)
{
    if (m->opts->triple)
        return; /* only meaningful for the host */
    size_t vm[] = {OFF(KilnVmctx, desc),     OFF(KilnVmctx, stack_limit),
                   OFF(KilnVmctx, memories), OFF(KilnVmctx, tables),
                   OFF(KilnVmctx, globals),  OFF(KilnVmctx, funcs),
                   OFF(KilnVmctx, type_ids), OFF(KilnVmctx, datas),
                   OFF(KilnVmctx, elems),    OFF(KilnVmctx, host),
                   OFF(KilnVmctx, user),     OFF(KilnVmctx, mem0_base)};
    check(m, m->t_vmctx, "KilnVmctx", vm, 12, sizeof(KilnVmctx));
    size_t fr[] = {OFF(KilnFuncRef, code), OFF(KilnFuncRef, vmctx),
                   OFF(KilnFuncRef, type_id), OFF(KilnFuncRef, pad),
                   OFF(KilnFuncRef, call)};
    check(m, m->t_funcref, "KilnFuncRef", fr, 5, sizeof(KilnFuncRef));
    size_t me[] = {OFF(KilnMemory, base), OFF(KilnMemory, size),
                   OFF(KilnMemory, max_pages), OFF(KilnMemory, reserved),
                   OFF(KilnMemory, is64), OFF(KilnMemory, has_max)};
    check(m, m->t_memory, "KilnMemory", me, 6, sizeof(KilnMemory));
    size_t ta[] = {OFF(KilnTable, elems), OFF(KilnTable, size),
                   OFF(KilnTable, max), OFF(KilnTable, elem_type),
                   OFF(KilnTable, has_max)};
    check(m, m->t_table, "KilnTable", ta, 5, sizeof(KilnTable));
    size_t gl[] = {OFF(KilnGlobal, value), OFF(KilnGlobal, type),
                   OFF(KilnGlobal, mut)};
    check(m, m->t_global, "KilnGlobal", gl, 3, sizeof(KilnGlobal));
    size_t im[] = {OFF(KilnImportDesc, module), OFF(KilnImportDesc, name),
                   OFF(KilnImportDesc, module_len),
                   OFF(KilnImportDesc, name_len), OFF(KilnImportDesc, kind),
                   OFF(KilnImportDesc, index), OFF(KilnImportDesc, sig),
                   OFF(KilnImportDesc, type), OFF(KilnImportDesc, mut),
                   OFF(KilnImportDesc, limits)};
    check(m, m->t_import, "KilnImportDesc", im, 10, sizeof(KilnImportDesc));
    size_t ex[] = {OFF(KilnExportDesc, name), OFF(KilnExportDesc, name_len),
                   OFF(KilnExportDesc, kind), OFF(KilnExportDesc, index),
                   OFF(KilnExportDesc, pad), OFF(KilnExportDesc, sig),
                   OFF(KilnExportDesc, entry)};
    check(m, m->t_export, "KilnExportDesc", ex, 7, sizeof(KilnExportDesc));
    size_t md[] = {OFF(KilnModuleDesc, abi_version), OFF(KilnModuleDesc, flags),
                   OFF(KilnModuleDesc, name),  OFF(KilnModuleDesc, ntypes),
                   OFF(KilnModuleDesc, nimports), OFF(KilnModuleDesc, nexports),
                   OFF(KilnModuleDesc, nfuncs), OFF(KilnModuleDesc, ntables),
                   OFF(KilnModuleDesc, nmemories), OFF(KilnModuleDesc, nglobals),
                   OFF(KilnModuleDesc, ndatas), OFF(KilnModuleDesc, nelems),
                   OFF(KilnModuleDesc, pad),   OFF(KilnModuleDesc, types),
                   OFF(KilnModuleDesc, imports), OFF(KilnModuleDesc, exports),
                   OFF(KilnModuleDesc, funcs), OFF(KilnModuleDesc, tables),
                   OFF(KilnModuleDesc, memories), OFF(KilnModuleDesc, globals),
                   OFF(KilnModuleDesc, datas), OFF(KilnModuleDesc, elems),
                   OFF(KilnModuleDesc, init),  OFF(KilnModuleDesc, code_start),
                   OFF(KilnModuleDesc, code_end), OFF(KilnModuleDesc, entries)};
    check(m, m->t_moddesc, "KilnModuleDesc", md, 26, sizeof(KilnModuleDesc));
    size_t wc[] = {OFF(KilnWasiConfig, argc), OFF(KilnWasiConfig, argv),
                   OFF(KilnWasiConfig, envc), OFF(KilnWasiConfig, envp),
                   OFF(KilnWasiConfig, npreopens),
                   OFF(KilnWasiConfig, preopens),
                   OFF(KilnWasiConfig, stdin_fd),
                   OFF(KilnWasiConfig, stdout_fd),
                   OFF(KilnWasiConfig, stderr_fd),
                   OFF(KilnWasiConfig, net_flags),
                   OFF(KilnWasiConfig, nnet_allow),
                   OFF(KilnWasiConfig, net_allow)};
    check(m, m->t_wasicfg, "KilnWasiConfig", wc, 12, sizeof(KilnWasiConfig));
    if (LLVMABISizeOfType(m->td, m->t_value) != sizeof(KilnValue))
        KILN_BUG("KilnValue size mismatch");
}
#endif

void cg_types_init(CgModule *m)
{
    LLVMContextRef c = m->ctx;
    m->t_void = LLVMVoidTypeInContext(c);
    m->t_i1 = LLVMInt1TypeInContext(c);
    m->t_i8 = LLVMInt8TypeInContext(c);
    m->t_i16 = LLVMInt16TypeInContext(c);
    m->t_i32 = LLVMInt32TypeInContext(c);
    m->t_i64 = LLVMInt64TypeInContext(c);
    m->t_i128 = LLVMIntTypeInContext(c, 128);
    m->t_f32 = LLVMFloatTypeInContext(c);
    m->t_f64 = LLVMDoubleTypeInContext(c);
    m->t_v128 = LLVMVectorType(m->t_i32, 4);
    m->t_ptr = LLVMPointerTypeInContext(c, 0);
    m->t_intptr = LLVMIntPtrTypeInContext(c, m->td);

    LLVMTypeRef p = m->t_ptr, i32 = m->t_i32, i64 = m->t_i64;
    /* KilnValue: 16 bytes aligned like int64_t/double/pointers. */
    m->t_value = st(m, "KilnValue", (LLVMTypeRef[]){i64, i64}, 2);
    m->t_funcref = st(m, "KilnFuncRef", (LLVMTypeRef[]){p, p, i32, i32, p}, 5);
    m->t_memory =
        st(m, "KilnMemory", (LLVMTypeRef[]){p, i64, i64, i64, i32, i32}, 6);
    m->t_table = st(m, "KilnTable", (LLVMTypeRef[]){p, i64, i64, i32, i32}, 5);
    m->t_global =
        st(m, "KilnGlobal", (LLVMTypeRef[]){m->t_value, i32, i32}, 3);
    m->t_vmctx = st(m, "KilnVmctx",
                    (LLVMTypeRef[]){p, m->t_intptr, p, p, p, p, p, p, p, p, p, p},
                    12);
    m->t_seg = st(m, "KilnSegDesc", (LLVMTypeRef[]){p, i64}, 2);
    m->t_limits = st(m, "KilnLimitsDesc", (LLVMTypeRef[]){i64, i64, i32, i32}, 4);
    m->t_import = st(m, "KilnImportDesc",
                     (LLVMTypeRef[]){p, p, i32, i32, i32, i32, p, i32, i32,
                                     m->t_limits},
                     10);
    m->t_export = st(m, "KilnExportDesc",
                     (LLVMTypeRef[]){p, i32, i32, i32, i32, p, p}, 7);
    m->t_funcdesc = st(m, "KilnFuncDesc", (LLVMTypeRef[]){p, p, i32, i32}, 4);
    m->t_tabledesc =
        st(m, "KilnTableDesc", (LLVMTypeRef[]){i32, i32, m->t_limits}, 3);
    m->t_memdesc =
        st(m, "KilnMemoryDesc", (LLVMTypeRef[]){i32, i32, m->t_limits}, 3);
    m->t_globaldesc =
        st(m, "KilnGlobalDesc", (LLVMTypeRef[]){i32, i32, i32, i32}, 4);
    m->t_moddesc = st(m, "KilnModuleDesc",
                      (LLVMTypeRef[]){i32, i32, p, i32, i32, i32, i32, i32, i32,
                                      i32, i32, i32, i32, p, p, p, p, p, p, p,
                                      p, p, p, p, p, p},
                      26);
    m->t_preopen = st(m, "KilnPreopen", (LLVMTypeRef[]){p, p}, 2);
    m->t_wasicfg = st(m, "KilnWasiConfig",
                      (LLVMTypeRef[]){i32, p, i32, p, i32, p, i32, i32, i32,
                                      i32, i32, p}, 12);
#ifndef NDEBUG
    self_check(m);
#endif
}

LLVMTypeRef cg_valtype(CgModule *m, WasmValType t)
{
    switch (t) {
    case WASM_I32: return m->t_i32;
    case WASM_I64: return m->t_i64;
    case WASM_F32: return m->t_f32;
    case WASM_F64: return m->t_f64;
    case WASM_V128: return m->t_v128;
    case WASM_FUNCREF:
    case WASM_EXTERNREF: return m->t_ptr;
    }
    KILN_BUG("bad value type 0x%x", t);
}

LLVMTypeRef cg_results_type(CgModule *m, const WasmValType *r, uint32_t n)
{
    if (n == 0 || cg_results_in_area(n))
        return m->t_void;
    if (n == 1)
        return cg_valtype(m, r[0]);
    LLVMTypeRef *ts = arena_array(&m->arena, n, sizeof *ts);
    for (uint32_t i = 0; i < n; i++)
        ts[i] = cg_valtype(m, r[i]);
    return LLVMStructTypeInContext(m->ctx, ts, n, 0);
}

LLVMValueRef cg_result_slot(CgModule *m, LLVMBuilderRef b, uint32_t i)
{
    LLVMValueRef area = LLVMGetNamedGlobal(m->mod, "kiln_rt_results");
    if (!area) {
        LLVMTypeRef at = LLVMArrayType2(m->t_value, KILN_MAX_AREA_RESULTS);
        area = LLVMAddGlobal(m->mod, at, "kiln_rt_results");
        LLVMSetThreadLocal(area, 1);
        /* The area lives in the runtime, linked into the executable (or
         * into the process that loads a shared object), so the
         * static-TLS offset is fixed: no __tls_get_addr per access. */
        LLVMSetThreadLocalMode(area, LLVMInitialExecTLSModel);
        LLVMSetAlignment(area, 16);
    }
    LLVMValueRef idx[2] = {LLVMConstInt(m->t_i32, 0, 0),
                           LLVMConstInt(m->t_i32, i, 0)};
    LLVMTypeRef at = LLVMGlobalGetValueType(area);
    return LLVMBuildInBoundsGEP2(b, at, area, idx, 2, "");
}

void cg_store_result(CgModule *m, LLVMBuilderRef b, LLVMValueRef v,
                     uint32_t i)
{
    LLVMSetAlignment(LLVMBuildStore(b, v, cg_result_slot(m, b, i)), 8);
}

LLVMValueRef cg_load_result(CgModule *m, LLVMBuilderRef b, WasmValType t,
                            uint32_t i)
{
    LLVMValueRef v =
        LLVMBuildLoad2(b, cg_valtype(m, t), cg_result_slot(m, b, i), "");
    LLVMSetAlignment(v, 8);
    return v;
}

static char sig_letter(WasmValType t)
{
    switch (t) {
    case WASM_I32: return 'i';
    case WASM_I64: return 'l';
    case WASM_F32: return 'f';
    case WASM_F64: return 'd';
    case WASM_V128: return 'v';
    case WASM_FUNCREF: return 'F';
    case WASM_EXTERNREF: return 'E';
    }
    return '?';
}

const char *cg_sig_string(CgModule *m, const WasmFuncType *t)
{
    char *s = arena_alloc(&m->arena, t->nparams + t->nresults + 2);
    size_t k = 0;
    for (uint32_t i = 0; i < t->nparams; i++)
        s[k++] = sig_letter(t->params[i]);
    s[k++] = ':';
    for (uint32_t i = 0; i < t->nresults; i++)
        s[k++] = sig_letter(t->results[i]);
    s[k] = 0;
    return s;
}

static void list_text(char *buf, size_t cap, const WasmValType *v, uint32_t n)
{
    size_t k = strlen(buf);
    snprintf(buf + k, cap - k, "(");
    for (uint32_t i = 0; i < n; i++) {
        k = strlen(buf);
        snprintf(buf + k, cap - k, "%s%s", i ? ", " : "",
                 wasm_valtype_name(v[i]));
    }
    k = strlen(buf);
    snprintf(buf + k, cap - k, ")");
}

const char *cg_type_text(CgModule *m, const WasmFuncType *t)
{
    char buf[512] = "";
    list_text(buf, sizeof buf, t->params, t->nparams);
    size_t k = strlen(buf);
    snprintf(buf + k, sizeof buf - k, " -> ");
    if (t->nresults == 1) {
        k = strlen(buf);
        snprintf(buf + k, sizeof buf - k, "%s",
                 wasm_valtype_name(t->results[0]));
    } else {
        list_text(buf, sizeof buf, t->results, t->nresults);
    }
    return arena_strndup(&m->arena, buf, strlen(buf));
}

LLVMValueRef cg_zero(CgModule *m, WasmValType t)
{
    if (wasm_is_ref(t))
        return LLVMConstPointerNull(m->t_ptr);
    return LLVMConstNull(cg_valtype(m, t));
}
