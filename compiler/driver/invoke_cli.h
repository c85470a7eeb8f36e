/* `kiln run --invoke NAME module ARGS...`: instantiate, call one export
 * with arguments parsed from text, print its results one per line. */
#ifndef KILN_DRIVER_INVOKE_CLI_H
#define KILN_DRIVER_INVOKE_CLI_H

#include "kiln_rt.h"

/* Returns the process exit status: 0, 1 (bad arguments, no such export,
 * link failure), 134 (trap), or the guest's proc_exit status. */
int kiln_invoke_main(const KilnModuleDesc *desc, const KilnWasiConfig *wasi,
                     const char *module_path, const char *name,
                     const char *const *args, int nargs);

#endif
