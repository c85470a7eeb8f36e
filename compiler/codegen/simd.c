/* SIMD instructions (0xFD prefix, the fixed-width SIMD proposal): all
 * v128 operations, including v128 loads/stores and lane accesses.
 *
 * Placeholder until the SIMD code generator lands: every SIMD
 * instruction is reported as not supported.
 */
#include "codegen/cg.h"

bool cg_emit_simd(CgFunc *f, const WasmInstr *in)
{
    cg_error(f, "SIMD instruction `%s` is not supported yet",
             wasm_op_info[in->op].name);
    return false;
}
