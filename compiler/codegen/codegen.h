/* The LLVM-C back end: turns a validated WasmModule into an object file
 * that defines a KilnModuleDesc (runtime/kiln_rt.h) named
 * opts->desc_symbol.  The only part of kiln that includes LLVM headers.
 */
#ifndef KILN_CODEGEN_H
#define KILN_CODEGEN_H

#include <stdbool.h>

#include "kiln_rt.h"
#include "util/diag.h"
#include "wasm/module.h"

struct Plan; /* compiler/component/plan.h */

typedef enum CgBounds {
    CG_BOUNDS_GUARD,    /* 64-bit hosts: reservation + guard pages */
    CG_BOUNDS_EXPLICIT, /* a compare and a trap before every access */
} CgBounds;

typedef enum CgStackCheck {
    CG_STACK_GUARD,    /* rely on the thread's guard page */
    CG_STACK_PROLOGUE, /* compare sp against vmctx->stack_limit */
} CgStackCheck;

typedef struct CgOptions {
    int opt_level;            /* 0..3 */
    /* -Os 1, -Oz 2: every function optsize (and minsize for -Oz), with
     * opt_level 2's pipeline; 0 optimizes for speed. */
    int size_level;
    const char *triple;       /* NULL: the host */
    const char *cpu;          /* NULL: generic for the triple ("native" ok) */
    const char *features;     /* NULL: the default for the triple */
    const char *abi;          /* LLVM target-abi, NULL: the default */
    CgBounds bounds;
    CgStackCheck stack_check;
    bool pic;                 /* position independent (shared objects) */
    bool spectest_imports;    /* bind "spectest" functions (spectest.def) */
    const char *desc_symbol;  /* default "kiln_module_desc" */
    /* When set, also emit `int main(argc, argv)` calling kiln_rt_main()
     * with this baked configuration (argc/argv fields ignored). */
    const KilnWasiConfig *exe_config;
    const char *dump_ir;      /* write the optimized LLVM IR here */
    /* Partitions compiled in parallel: 0 = automatic (one for small
     * modules, up to the online CPUs for large ones).  The environment
     * variable KILN_CG_PARTITIONS=N overrides both (testing). */
    int partitions;
    /* Components: the link plan and which of its core instances this
     * module is.  cg_compile then binds the module's imports per
     * plan->instances[plan_instance].imports: PLAN_BIND_ITEM imports stay
     * dynamic (KilnModuleDesc.imports, in import order: exactly those, so
     * KilnCoreInstDesc.imports can follow the same order); every other
     * binding is compiled into the module as an inlinable function (canon
     * lower to a host function, fused adapter, resource built-in, trap). */
    const struct Plan *plan;
    uint32_t plan_instance;
} CgOptions;

void cg_options_default(CgOptions *o);

/* Compiles `m` into an object file at `obj_path`.  Imports that are
 * neither host-bound nor allowed as dynamic imports are errors reported
 * with their full names ("unknown import `env.foo`"); dynamic imports are
 * allowed when allow_dynamic_imports is set (shared objects for embedders
 * and the spec-test runner). */
bool cg_compile(const WasmModule *m, const CgOptions *opts,
                bool allow_dynamic_imports, const char *obj_path, Diag *diag);

/* Merges ELF objects (NULL-terminated list) into one relocatable object
 * (`ld.lld-19 -r`). */
bool cg_link_relocatable(const char *triple, const char *const *objs,
                         const char *obj_path, Diag *diag);

/* Components: emits the KilnComponentDesc of `plan` (runtime/kiln_cm.h)
 * as the symbol "kiln_component_desc", referring to core instance i's
 * descriptor by the symbol "kiln_core_<i>" (the desc_symbol each core
 * instance is compiled with), and main() calling kiln_component_main()
 * when opts->exe_config is set. */
bool cg_compile_component(const struct Plan *plan, const CgOptions *opts,
                          const char *obj_path, Diag *diag);

#endif
