/* kiln-bindgen: `kiln bindgen` as a small build tool (no LLVM), so that
 * the runtime's WASI host headers can be generated before the compiler is
 * built.  Usage as `kiln bindgen`: kiln-bindgen c --host-runtime --wit DIR
 * -o OUTDIR. */
#include "driver/commands.h"

int main(int argc, char **argv)
{
    return kiln_cmd_bindgen(argc, argv);
}
