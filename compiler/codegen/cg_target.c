/* Target selection and object emission: the target machine for the
 * requested triple (host by default), the new pass manager pipeline
 * (lean ones for -O1/-O2, below), the optional IR dump and the object
 * file.
 */
#include <llvm-c/Analysis.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <llvm-c/Support.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/cg_part.h"

static void init_targets_once(void)
{
    LLVMInitializeAllTargetInfos();
    LLVMInitializeAllTargets();
    LLVMInitializeAllTargetMCs();
    LLVMInitializeAllAsmPrinters();
    /* KILN_LLVM_ARGS="-time-passes ...": LLVM's own options, for
     * profiling the compiler (process-wide, parsed once). */
    const char *env = getenv("KILN_LLVM_ARGS");
    if (env && *env) {
        static char buf[1024];
        static const char *argv[64];
        int argc = 0;
        snprintf(buf, sizeof buf, "%s", env);
        argv[argc++] = "kiln";
        for (char *t = strtok(buf, " "); t && argc < 63; t = strtok(NULL, " "))
            argv[argc++] = t;
        LLVMParseCommandLineOptions(argc, argv, "kiln");
    }
}

/* cg_compile may run on several threads (one LLVM context each). */
static void init_targets(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, init_targets_once);
}

static LLVMCodeGenOptLevel opt_level(int o)
{
    switch (o) {
    case 0: return LLVMCodeGenLevelNone;
    case 1: return LLVMCodeGenLevelLess;
    case 2: return LLVMCodeGenLevelDefault;
    default: return LLVMCodeGenLevelAggressive;
    }
}

/* The -O0 instruction selector (FastISel) is unusable with tailcc on ARM
 * (it rejects the convention: "Unsupported calling convention") and on
 * AArch64 (a wrong result from tests/cross/wat/tailcall_args.wat, whose
 * arguments spill to the stack): those targets use the next level. */
static LLVMCodeGenOptLevel codegen_level(const CgModule *m, bool arm)
{
    LLVMCodeGenOptLevel l = opt_level(m->opts->opt_level);
    return arm && l == LLVMCodeGenLevelNone ? LLVMCodeGenLevelLess : l;
}

bool cg_target_create(CgModule *m)
{
    init_targets();
    char *def = NULL;
    const char *triple = m->opts->triple;
    if (!triple)
        triple = def = LLVMGetDefaultTargetTriple();
    char *err = NULL;
    LLVMTargetRef target;
    if (LLVMGetTargetFromTriple(triple, &target, &err)) {
        diag_error(m->diag, m->wm->path, "unsupported target `%s`: %s",
                   triple, err);
        LLVMDisposeMessage(err);
        LLVMDisposeMessage(def);
        return false;
    }
    char *host_cpu = NULL, *host_feat = NULL;
    const char *cpu = m->opts->cpu ? m->opts->cpu : "generic";
    const char *feat = "";
    bool riscv = strncmp(triple, "riscv", 5) == 0;
    if (riscv && !m->opts->cpu)
        feat = "+m,+a,+f,+d,+c"; /* the Linux "gc" profile, hard float */
    if (m->opts->features)
        feat = m->opts->features;
    if (strcmp(cpu, "native") == 0) {
        cpu = host_cpu = LLVMGetHostCPUName();
        feat = host_feat = LLVMGetHostCPUFeatures();
    }
    bool arm32 = strncmp(triple, "arm", 3) == 0 ||
                 strncmp(triple, "thumb", 5) == 0;
    m->tm = LLVMCreateTargetMachine(
        target, triple, cpu, feat,
        codegen_level(m, arm32 || strncmp(triple, "aarch64", 7) == 0),
        m->opts->pic ? LLVMRelocPIC : LLVMRelocDefault, LLVMCodeModelDefault);
    LLVMDisposeMessage(host_cpu);
    LLVMDisposeMessage(host_feat);
    if (!m->tm) {
        diag_error(m->diag, m->wm->path, "cannot create a target machine "
                   "for `%s` (cpu %s)", triple, cpu);
        LLVMDisposeMessage(def);
        return false;
    }
    /* LLVM 19 has no tailcc on RISC-V: fastcc there, which honours
     * musttail when every argument is in a register (cg_call.c).  On
     * 32-bit ARM its tailcc miscompiles callee-popped stack arguments:
     * after the call the caller re-adjusts sp by the argument area rounded
     * up to 16 bytes while the callee popped it rounded to 8; padding every
     * tailcc signature to a multiple of 16 bytes of stack arguments
     * (cg_module.c) makes both agree, so return_call is guaranteed.  The
     * padding follows the hard-float ABI; soft-float ARM (Cortex-M3) keeps
     * fastcc, where return_call is only a `tail` hint. */
    bool arm_soft = arm32 && !strstr(triple, "hf");
    m->cc = riscv || arm_soft ? LLVMFastCallConv : CG_TAILCC;
    m->musttail_ok = !arm_soft;
    m->tail_pad16 = arm32 && !arm_soft;
    m->sext_i32 = riscv && strncmp(triple, "riscv64", 7) == 0;
    m->td = LLVMCreateTargetDataLayout(m->tm);
    if (LLVMByteOrder(m->td) == LLVMBigEndian) {
        /* linear memory is little-endian: loads would need swaps */
        diag_error(m->diag, m->wm->path,
                   "big-endian target `%s` is not supported", triple);
        LLVMDisposeMessage(def);
        return false;
    }
    if (LLVMPointerSize(m->td) < 8 && m->opts->bounds == CG_BOUNDS_GUARD) {
        /* no room for the 8 GiB reservation of a 32-bit memory */
        diag_error(m->diag, m->wm->path, "32-bit target `%s` needs "
                   "--bounds-checks=explicit", triple);
        LLVMDisposeMessage(def);
        return false;
    }
    LLVMSetModuleDataLayout(m->mod, m->td);
    LLVMSetTarget(m->mod, triple);
    if (riscv || m->opts->abi) { /* riscv: hard float as the Linux tools */
        const char *abi = m->opts->abi ? m->opts->abi
                          : LLVMPointerSize(m->td) == 8 ? "lp64d" : "ilp32d";
        LLVMAddModuleFlag(m->mod, LLVMModuleFlagBehaviorError, "target-abi",
                          10, LLVMMDStringInContext2(m->ctx, abi, strlen(abi)));
    }
    LLVMDisposeMessage(def);
    return true;
}

/* Pipelines for wasm that its producer already optimized (clang -O2
 * has inlined, unrolled and vectorized what it wanted): LLVM's
 * default<O2> would redo most of that work for little gain.  What kiln's
 * IR still needs: locals promoted (sroa), the emitter's straight-line
 * blocks merged, address arithmetic folded into addressing modes,
 * redundant loads and checks removed, loop invariants hoisted, and
 * constant-trip loops unrolled where the wasm form hid the trip count,
 * and loops vectorized (wasm without SIMD hides nothing from LLVM's
 * loop vectorizer; the SLP vectorizer costs much and gained nothing).
 * Functions marked alwaysinline (adapters) are still inlined.  -O3
 * keeps LLVM's full pipeline.  (bench/run.py: no slower than
 * default<O2>; compile time of the optimizer about a third.) */
static const char *const pipeline_o1 =
    "always-inline,function(sroa<modify-cfg>,early-cse<memssa>,simplifycfg,"
    "instcombine<no-verify-fixpoint>,loop-mssa(licm<allowspeculation>),"
    "simplifycfg)";
static const char *const pipeline_o2 =
    "always-inline,function(sroa<modify-cfg>,early-cse<memssa>)";
/* ...then cg_streams_split (locals are SSA values now, and equal
 * address expressions one value), then the scalar optimizations... */
static const char *const pipeline_o2_scalar =
    "function(simplifycfg,"
    "instcombine<no-verify-fixpoint>,aggressive-instcombine,jump-threading,"
    "correlated-propagation,simplifycfg,reassociate,"
    "loop-mssa(loop-rotate<header-duplication>,licm<allowspeculation>),"
    "loop(loop-idiom,indvars,loop-deletion,loop-unroll-full),"
    "gvn,sccp,bdce,instcombine<no-verify-fixpoint>,jump-threading,"
    "correlated-propagation,adce,dse,loop-mssa(licm<allowspeculation>),"
    "simplifycfg,instcombine<no-verify-fixpoint>)";
/* ...and the loop vectorizer (scalar wasm loops vectorize natively;
 * stencil: 3x), then cg_streams_merge.  vector-combine: clang's wasm
 * has loops unrolled by two (c[j], c[j+1]), which the vectorizer loads
 * as interleaved groups, splits into vectors and joins again for the
 * store; it folds those shuffles away (matmul scalar 1.75x -> 1.18x). */
static const char *const pipeline_o2_loops =
    "function(loop-vectorize,loop-load-elim,instcombine<no-verify-fixpoint>,vector-combine,"
    "simplifycfg,loop-unroll<O2>,instcombine<no-verify-fixpoint>)";

static bool run_passes(CgModule *m, const char *pl)
{
    LLVMPassBuilderOptionsRef pbo = LLVMCreatePassBuilderOptions();
    LLVMErrorRef e = LLVMRunPasses(m->mod, pl, m->tm, pbo);
    LLVMDisposePassBuilderOptions(pbo);
    if (e) {
        char *msg = LLVMGetErrorMessage(e);
        diag_error(m->diag, m->wm->path, "LLVM passes failed: %s", msg);
        LLVMDisposeErrorMessage(msg);
        return false;
    }
    return true;
}

static bool optimize(CgModule *m)
{
    int o = m->opts->opt_level;
    const char *pl = o <= 0  ? "default<O0>"
                     : o == 1 ? pipeline_o1
                     : o == 2 ? pipeline_o2
                              : "default<O3>";
    /* -Os/-Oz: LLVM's own size pipelines (hello-world component on
     * thumbv7em, guest code: -O2 27,954 B, -Os 25,608, -Oz 25,004; the
     * -O2 pipeline with the size attributes alone gave 26,744 at -Oz) */
    if (m->opts->size_level)
        pl = m->opts->size_level == 1 ? "default<Os>" : "default<Oz>";
    const char *env = getenv("KILN_CG_PASSES");
    if (env && *env)
        pl = env;
    bool streams = pl == pipeline_o2 && !getenv("KILN_NO_STREAMS");
    if (!run_passes(m, pl))
        return false;
    if (pl != pipeline_o2)
        return true;
    if (streams)
        cg_streams_split(m);
    bool ok = run_passes(m, pipeline_o2_scalar) &&
              run_passes(m, pipeline_o2_loops);
    if (streams)
        cg_streams_merge(m);
    return ok;
}

/* Bare-metal Cortex-M (thumb*-none-* triples): nothing unwinds there (no
 * backtraces, runtime/baremetal/unwind_none.c; traps leave by longjmp),
 * so the functions need no unwind tables and are all nounwind: each gets
 * one EXIDX_CANTUNWIND entry, which the linker merges, and no reference
 * to the EHABI personality routines pulls libgcc's unwinder in. */
static void drop_unwind_tables(CgModule *m)
{
    const char *triple = m->opts->triple;
    if (!triple || strncmp(triple, "thumb", 5) != 0 ||
        !strstr(triple, "-none")) /* thumb Linux keeps its backtraces */
        return;
    unsigned uw = LLVMGetEnumAttributeKindForName("uwtable", 7);
    unsigned nu = LLVMGetEnumAttributeKindForName("nounwind", 8);
    LLVMAttributeRef nounwind = LLVMCreateEnumAttribute(m->ctx, nu, 0);
    for (LLVMValueRef fn = LLVMGetFirstFunction(m->mod); fn;
         fn = LLVMGetNextFunction(fn)) {
        LLVMRemoveEnumAttributeAtIndex(fn, LLVMAttributeFunctionIndex, uw);
        if (!LLVMIsDeclaration(fn))
            LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, nounwind);
    }
}

/* -Os / -Oz: LLVM's optsize (and minsize) on every defined function,
 * which its passes read (less unrolling, no loop vectorization, smaller
 * instruction choices, outlining for minsize). */
static void size_attrs(CgModule *m)
{
    static const char *const names[] = {"optsize", "minsize"};
    int level = m->opts->size_level;
    for (int i = 0; i < level && i < 2; i++) {
        unsigned kind = LLVMGetEnumAttributeKindForName(names[i], 7);
        LLVMAttributeRef attr = LLVMCreateEnumAttribute(m->ctx, kind, 0);
        for (LLVMValueRef fn = LLVMGetFirstFunction(m->mod); fn;
             fn = LLVMGetNextFunction(fn))
            if (!LLVMIsDeclaration(fn))
                LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex, attr);
    }
}

bool cg_target_emit(CgModule *m, const char *obj_path)
{
    char *err = NULL;
#ifndef NDEBUG
    if (LLVMVerifyModule(m->mod, LLVMReturnStatusAction, &err)) {
        if (m->opts->dump_ir)
            LLVMPrintModuleToFile(m->mod, m->opts->dump_ir, NULL);
        KILN_BUG("invalid LLVM IR for %s: %s", m->wm->path, err);
    }
    LLVMDisposeMessage(err);
    err = NULL;
#endif
    drop_unwind_tables(m);
    size_attrs(m);
    double t0 = cg_now();
    if (!optimize(m))
        return false;
    double t1 = cg_now();
    if (m->opts->dump_ir &&
        LLVMPrintModuleToFile(m->mod, m->opts->dump_ir, &err)) {
        diag_error(m->diag, m->opts->dump_ir, "cannot write IR: %s", err);
        LLVMDisposeMessage(err);
        return false;
    }
    if (LLVMTargetMachineEmitToFile(m->tm, m->mod, obj_path, LLVMObjectFile,
                                    &err)) {
        diag_error(m->diag, obj_path, "cannot emit object: %s", err);
        LLVMDisposeMessage(err);
        return false;
    }
    const char *tv = getenv("KILN_CG_TIMES");
    if (tv && *tv == '1')
        fprintf(stderr, "kiln codegen: partition %u/%u: optimize %.3f s, "
                "object %.3f s\n", m->part, m->nparts, t1 - t0,
                cg_now() - t1);
    return true;
}
