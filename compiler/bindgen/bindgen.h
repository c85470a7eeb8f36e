/* `kiln bindgen c`: C bindings generated from a resolved WIT world.
 *
 * Guest mode writes <world>.h and <world>.c for a C program built with
 * clang for wasm32-wasi: imports become C functions, exports C
 * declarations the author defines, and the glue implements the Canonical
 * ABI (flattening, spilling, cabi_realloc, cabi_post_*, resources).
 * Host mode writes one header per interface for the runtime, following the
 * host C ABI rule of docs/bindgen-c.md.  The C API is described there. */
#ifndef KILN_BINDGEN_BINDGEN_H
#define KILN_BINDGEN_BINDGEN_H

#include <stdio.h>

#include "util/diag.h"
#include "wit/wit.h"

/* Writes OUTDIR/<world>.h and OUTDIR/<world>.c (OUTDIR must exist).
 * Returns 0, or 1 after reporting an error to diag. */
int bindgen_c_guest(const WitWorld *w, const char *outdir, Diag *diag);

/* Writes the host header of one interface to out (file name as the
 * caller chose: bindgen_host_header_name()). */
int bindgen_c_host(const WitInterface *iface, FILE *out, Diag *diag);
/* "wasi_io_streams.h" for wasi:io/streams; malloc'ed. */
char *bindgen_host_header_name(const WitInterface *iface);

#endif
