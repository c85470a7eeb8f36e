/* The WASI 0.2 host: what the rest of the runtime sees of it.
 *
 * The functions the guest imports are declared in the generated headers
 * (BUILD/runtime/wasi_p2/<ns>_<pkg>_<iface>.h) and listed in
 * host_table.inc; the compiler binds each canon lower of one of them to a
 * direct call.  Host resources get ids from the order of the
 * KILN_HOST_RESOURCE rows (KilnHostResource below), shared with the
 * compiler through the same table. */
#ifndef KILN_WASI_P2_H
#define KILN_WASI_P2_H

#include <stddef.h>
#include <stdint.h>

#include "kiln_cm.h"

typedef enum KilnHostResource {
#define KILN_HOST_RESOURCE(c_name, iface, name) KILN_HR_##c_name,
#define KILN_HOST_FUNC(c_name, iface, abi_name, key)
#include "host_table.inc"
#undef KILN_HOST_RESOURCE
#undef KILN_HOST_FUNC
    KILN_HR_COUNT
} KilnHostResource;

/* Creates the host state of one component instantiation from `cfg`
 * (arguments, environment, preopened directories, std streams).  NULL
 * with a message in err[errlen] when a preopen cannot be opened. */
void *kiln_wasi_p2_new(const KilnWasiConfig *cfg, char *err, size_t errlen);
void kiln_wasi_p2_free(void *host);

/* Called by the runtime when the last own handle of a host resource is
 * dropped: runs <c_name>_drop(ci, rep) for that resource type. */
void kiln_wasi_p2_drop(KilnComponentInst *ci, uint32_t host_type, void *rep);
/* "wasi:io/streams#output-stream" (diagnostics). */
const char *kiln_wasi_p2_resource_name(uint32_t host_type);

#endif
