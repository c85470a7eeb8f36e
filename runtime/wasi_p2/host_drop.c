/* host_drop.c: kiln_wasi_p2_drop, the destructor of every host resource
 * of the host table (host_table.inc) by host id.  Compiled components
 * never need it: their descriptor names each imported resource's drop
 * (kiln_cm.h KilnResourceDesc.drop), and this file, which references the
 * drops of every interface (sockets, http...), stays out of their link.
 * Descriptors made by hand (the runtime's C tests, embedders) may leave
 * `drop` NULL and rely on this dispatch, linked by naming it. */
#include "p2.h"
#include "wasi_cli_terminal_input.h"
#include "wasi_cli_terminal_output.h"
#include "wasi_filesystem_types.h"
#include "wasi_http_types.h"
#include "wasi_io_error.h"
#include "wasi_io_poll.h"
#include "wasi_io_streams.h"
#include "wasi_sockets_ip_name_lookup.h"
#include "wasi_sockets_network.h"
#include "wasi_sockets_tcp.h"
#include "wasi_sockets_udp.h"

void kiln_wasi_p2_drop(KilnComponentInst *ci, uint32_t host_type, void *rep)
{
    switch (host_type) {
#define KILN_HOST_RESOURCE(c_name, iface, name)                            \
    case KILN_HR_##c_name:                                                 \
        c_name##_drop(ci, rep);                                            \
        break;
#define KILN_HOST_FUNC(c_name, iface, abi_name, key)
#include "host_table.inc"
#undef KILN_HOST_RESOURCE
#undef KILN_HOST_FUNC
    default:
        kiln_trap_host("drop of an unknown host resource type");
    }
}

