/* Fused adapters (CanonicalABI.md "canon lower" of a function made by
 * "canon lift" in another component instance): the caller's flat
 * parameters are lifted and lowered straight into the callee's memory,
 * the callee's core function is called, its results are copied back into
 * the caller's memory and post-return runs.
 */
#include "codegen/canon.h"

void canon_emit_fused(Canon *c, const PlanBinding *b, const WasmFuncType *ft)
{
    (void)ft;
    canon_trap_if(c, LLVMConstInt(c->m->t_i1, 1, 0),
                  "fused adapters are not implemented");
    (void)b;
    LLVMBuildUnreachable(c->m->b);
}
