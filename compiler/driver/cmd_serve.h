/* cmd_serve.h: `kiln serve INPUT.wasm [--addr HOST:PORT] [run options]`
 * (cmd_serve.c): `kiln run` of a wasi:http/proxy component that serves
 * it (runtime/serve) instead of calling wasi:cli/run. */
#ifndef KILN_DRIVER_CMD_SERVE_H
#define KILN_DRIVER_CMD_SERVE_H

#include "kiln_cm.h"

/* Takes `--addr A` / `--addr=A` out of argv (keeping *argc in step),
 * turns the command into `run` and remembers the address. */
void kiln_serve_args(int *argc, char **argv);
/* After `kiln serve`: serves cd (true, *status set); else false. */
bool kiln_serve_run(const KilnComponentDesc *cd, const KilnWasiConfig *w,
                    int *status);

#endif
