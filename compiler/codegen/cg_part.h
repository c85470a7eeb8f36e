/* cg_part.h: the code generator's driver around one LLVM module
 * (cg_main.c) and partitioned parallel compilation (cg_part.c); see
 * shared/DESIGN.md, codegen.
 */
#ifndef KILN_CG_PART_H
#define KILN_CG_PART_H

#include "codegen/cg.h"

/* ---- cg_main.c ---------------------------------------------------------- */
/* Builds the LLVM module of partition m->part (fields wm, opts, diag,
 * allow_dynamic, part, nparts, func_part, sym_prefix set) and writes its
 * object to obj_path; releases the LLVM state either way. */
bool cg_compile_module(CgModule *m, const char *obj_path);
/* Whether function `i` has its body in this module. */
bool cg_func_is_local(const CgModule *m, uint32_t i);
/* Seconds on a monotonic clock (phase timings, KILN_CG_TIMES=1). */
double cg_now(void);

/* ---- cg_part.c ---------------------------------------------------------- */
/* Number of partitions for this module (1: compile in one piece). */
uint32_t cg_partition_count(const WasmModule *wm, const CgOptions *opts);
/* Compiles in `nparts` partitions on as many threads, then merges the
 * objects into obj_path with a relocatable link. */
bool cg_compile_partitioned(const WasmModule *wm, const CgOptions *opts,
                            bool allow_dynamic, const char *obj_path,
                            Diag *diag, uint32_t nparts);

#endif
