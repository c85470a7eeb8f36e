/* cg_compile(): the code generator's pipeline, one step per line.
 *   target -> types -> imports -> declarations -> bodies -> init ->
 *   descriptor -> optimize + object
 * for one LLVM module (the whole wasm module, or one partition of it:
 * cg_part.c), and the LLVM metadata shared by every function (TBAA,
 * branch weights).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <llvm-c/Support.h>

#define CG_SMALL_LOOP_COST "40"

#include "codegen/cg_part.h"

/* LLVM's loop vectorizer interleaves (unrolls) a vectorized loop only
 * when its cost is under -small-loop-cost (default 20).  Every wasm
 * access computes its address as a 32-bit wrap-around sum, zext(i32 add),
 * one lea more per access than the native loop, whose offsets fold into
 * the addressing mode: the same loop costs kiln about twice as much, and
 * a stencil row stayed at interleave 1 (scalar stencil 1.27x of native
 * clang -O2, 1.10x with this).  Process-wide; KILN_LLVM_ARGS may set it. */
static void llvm_options_once(void)
{
    const char *env = getenv("KILN_LLVM_ARGS");
    if (env && strstr(env, "small-loop-cost"))
        return;
    const char *argv[] = {"kiln", "-small-loop-cost=" CG_SMALL_LOOP_COST};
    LLVMParseCommandLineOptions(2, argv, "kiln");
}

static void llvm_options(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, llvm_options_once);
}

void cg_options_default(CgOptions *o)
{
    memset(o, 0, sizeof *o);
    o->opt_level = 2;
    o->bounds = sizeof(void *) == 8 ? CG_BOUNDS_GUARD : CG_BOUNDS_EXPLICIT;
    o->stack_check = CG_STACK_GUARD;
    o->desc_symbol = "kiln_module_desc";
}

static LLVMMetadataRef mds(CgModule *m, const char *s)
{
    return LLVMMDStringInContext2(m->ctx, s, strlen(s));
}

static LLVMMetadataRef mdi(LLVMTypeRef t, uint64_t v)
{
    return LLVMValueAsMetadata(LLVMConstInt(t, v, 0));
}

/* Scalar TBAA type per class under one root, each used as its own
 * access tag: classes never alias each other. */
static void metadata_init(CgModule *m)
{
    static const char *const names[CG_TBAA_COUNT] = {
        "wasm linear memory", "kiln vmctx",   "kiln memory",
        "kiln table",         "kiln elems",   "kiln global",
        "kiln funcref",
    };
    m->md_tbaa = LLVMGetMDKindIDInContext(m->ctx, "tbaa", 4);
    m->md_invariant = LLVMGetMDKindIDInContext(m->ctx, "invariant.load", 14);
    m->md_prof = LLVMGetMDKindIDInContext(m->ctx, "prof", 4);
    LLVMMetadataRef rootf[1] = {mds(m, "kiln tbaa")};
    LLVMMetadataRef root = LLVMMDNodeInContext2(m->ctx, rootf, 1);
    for (unsigned i = 0; i < CG_TBAA_COUNT; i++) {
        LLVMMetadataRef tf[3] = {mds(m, names[i]), root, mdi(m->t_i64, 0)};
        LLVMMetadataRef ty = LLVMMDNodeInContext2(m->ctx, tf, 3);
        LLVMMetadataRef af[3] = {ty, ty, mdi(m->t_i64, 0)};
        m->tbaa[i] = LLVMMetadataAsValue(m->ctx,
                                         LLVMMDNodeInContext2(m->ctx, af, 3));
    }
    m->md_empty =
        LLVMMetadataAsValue(m->ctx, LLVMMDNodeInContext2(m->ctx, NULL, 0));
    LLVMMetadataRef w[3] = {mds(m, "branch_weights"), mdi(m->t_i32, 1),
                            mdi(m->t_i32, 1 << 20)};
    m->md_unlikely =
        LLVMMetadataAsValue(m->ctx, LLVMMDNodeInContext2(m->ctx, w, 3));
}

bool cg_func_is_local(const CgModule *m, uint32_t i)
{
    return !m->func_part || m->func_part[i] == m->part;
}

double cg_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static bool emit_bodies(CgModule *m)
{
    Arena scratch;
    arena_init(&scratch);
    bool ok = true;
    for (uint32_t i = m->wm->nfunc_imports; i < m->wm->nfuncs && ok; i++) {
        if (!cg_func_is_local(m, i))
            continue;
        ok = cg_emit_function(m, i, &scratch);
        arena_reset(&scratch);
    }
    if (ok && m->part == 0)
        cg_emit_descriptor(m, cg_emit_init(m, &scratch));
    arena_free(&scratch);
    return ok;
}

void cg_module_open(CgModule *m, const char *name)
{
    arena_init(&m->arena);
    m->ctx = LLVMContextCreate();
    /* Local value names only cost time, unless someone reads the IR. */
    LLVMContextSetDiscardValueNames(m->ctx, m->opts->dump_ir == NULL);
    m->mod = LLVMModuleCreateWithNameInContext(name, m->ctx);
    m->b = LLVMCreateBuilderInContext(m->ctx);
}

void cg_module_close(CgModule *m)
{
    LLVMDisposeBuilder(m->b);
    LLVMDisposeModule(m->mod);
    if (m->td)
        LLVMDisposeTargetData(m->td);
    if (m->tm)
        LLVMDisposeTargetMachine(m->tm);
    LLVMContextDispose(m->ctx);
    arena_free(&m->arena);
}

bool cg_compile_module(CgModule *m, const char *obj_path)
{
    const WasmModule *wm = m->wm;
    cg_module_open(m, wm->path ? wm->path : "wasm");
    m->funcs = arena_array(&m->arena, wm->nfuncs + 1, sizeof *m->funcs);

    double t0 = cg_now();
    /* Module-wide errors (target, imports) are found by every partition:
     * partition 0 reports them. */
    FILE *out = m->diag->out;
    unsigned errors = m->diag->errors;
    if (m->part > 0)
        m->diag->out = NULL;
    bool ok = cg_target_create(m);
    if (ok) {
        cg_types_init(m);
        metadata_init(m);
        ok = cg_bind_imports(m);
    }
    if (m->part > 0) {
        m->diag->out = out;
        m->diag->errors = errors;
    }
    if (ok) {
        cg_declare_functions(m);
        if (m->part == 0)
            cg_emit_host_thunks(m);
        ok = emit_bodies(m);
    }
    if (ok) {
        const char *tv = getenv("KILN_CG_TIMES");
        if (tv && *tv == '1')
            fprintf(stderr, "kiln codegen: partition %u/%u: IR %.3f s\n",
                    m->part, m->nparts, cg_now() - t0);
        ok = cg_target_emit(m, obj_path);
    }

    cg_module_close(m);
    return ok;
}

bool cg_compile(const WasmModule *wm, const CgOptions *opts,
                bool allow_dynamic_imports, const char *obj_path, Diag *diag)
{
    llvm_options();
    uint32_t nparts = cg_partition_count(wm, opts);
    if (nparts > 1)
        return cg_compile_partitioned(wm, opts, allow_dynamic_imports,
                                      obj_path, diag, nparts);
    CgModule cm = {0}, *m = &cm;
    m->wm = wm;
    m->opts = opts;
    m->diag = diag;
    m->allow_dynamic = allow_dynamic_imports;
    m->nparts = 1;
    return cg_compile_module(m, obj_path);
}
