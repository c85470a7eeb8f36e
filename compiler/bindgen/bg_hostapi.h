/* `kiln bindgen c --host`: the typed C API of a compiled component for a
 * native C program (docs/embedding.md). */
#ifndef KILN_BINDGEN_BG_HOSTAPI_H
#define KILN_BINDGEN_BG_HOSTAPI_H

#include "util/diag.h"
#include "wit/wit.h"

/* Writes OUTDIR/<world>.h and OUTDIR/<world>.c (the API: an instance
 * type, one C function per export, the types) and, per imported
 * interface outside the wasi namespace, OUTDIR/<ns>_<pkg>_<iface>.h (the
 * host C ABI functions the program implements).  `lib` is the --emit lib
 * symbol prefix (NULL: the world's name).  0, or 1 after reporting. */
int bindgen_c_hostapi(const WitWorld *w, const char *lib, const char *outdir,
                      Diag *diag);

#endif
