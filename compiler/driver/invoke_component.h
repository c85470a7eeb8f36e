/* `kiln run --invoke 'name(arg, ...)' app.wasm` for components: call one
 * function the component exports with WAVE arguments (driver/wave.h) and
 * print its result as WAVE (docs/components.md, "--invoke"). */
#ifndef KILN_DRIVER_INVOKE_COMPONENT_H
#define KILN_DRIVER_INVOKE_COMPONENT_H

#include "kiln_cm.h"

/* `path` is the component file (read again for the exports' WIT types),
 * `call` the --invoke text.  Returns the exit status: 0, 1 (bad call,
 * no such export, link failure), 134 (trap: "error: wasm trap: ..."), or
 * the status the guest exits with. */
int kiln_invoke_component_main(const KilnComponentDesc *desc,
                               const KilnWasiConfig *wasi, const char *path,
                               const char *call);

#endif
