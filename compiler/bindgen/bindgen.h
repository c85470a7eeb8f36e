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
/* Writes the host table rows of one interface (nothing for interfaces
 * components only export):
 *   KILN_HOST_RESOURCE(c_name, "ns:pkg/iface", "resource-name")
 *   KILN_HOST_FUNC(c_name, "ns:pkg/iface", "abi-name", "type key")
 * with the type key of abi_func_key(); the drop function of a resource is
 * c_name##_drop. */
int bindgen_c_host_table(const WitInterface *iface, FILE *out, Diag *diag);
/* "wasi_io_streams.h" for wasi:io/streams; malloc'ed. */
char *bindgen_host_header_name(const WitInterface *iface);

/* The host C ABI rule (docs/bindgen-c.md, "Host C ABI"), for the code
 * generator that lowers a host call: every function is
 *   void NAME(struct KilnVmctx *ctx, ARGS..., [R *ret])
 * with one or two C arguments per WIT parameter, by its kind: */
typedef enum BindgenHostArg {
    BINDGEN_HOST_VALUE,   /* one scalar by value (numbers, bool, char, enum,
                             flags, handles) */
    BINDGEN_HOST_VIEW,    /* string, list<T>: pointer into guest memory and
                             a uint32_t length (elements, not bytes) */
    BINDGEN_HOST_POINTER, /* anything else: const pointer to the value in
                             Canonical ABI layout */
} BindgenHostArg;
BindgenHostArg bindgen_host_arg(const WitType *t);
/* "wasi_io_streams_output_stream_write" for [method]output-stream.write
 * of wasi:io/streams; constructors "<scope>_<res>_new".  malloc'ed. */
char *bindgen_host_func_name(const WitInterface *iface, const WitFunc *f);
/* "<scope>_<res>_drop": void (struct KilnVmctx *, uint32_t).  malloc'ed. */
char *bindgen_host_drop_name(const WitInterface *iface, const WitType *res);

#endif
