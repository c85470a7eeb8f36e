/* sockets.h: what the parts of the wasi:sockets host (WASI 0.2
 * sockets/ WIT files; sockets_net.c, sockets_tcp.c, sockets_udp.c,
 * sockets_lookup.c) share: the network capability, address conversion
 * between the WIT records and struct sockaddr, errno to error-code, and
 * the checks every bind, connect and send makes. */
#ifndef KILN_WASI_P2_SOCKETS_H
#define KILN_WASI_P2_SOCKETS_H

#include <netinet/in.h>
#include <sys/socket.h>

#include "p2.h"
#include "wasi_sockets_network.h"

typedef wasi_sockets_network_error_code_t P2NetErr;
typedef wasi_sockets_network_ip_socket_address_t P2SockAddr;
#define P2E(name) WASI_SOCKETS_NETWORK_ERROR_CODE_##name

/* What an allow-list check is for. */
typedef enum P2NetProto { P2_NET_TCP, P2_NET_UDP } P2NetProto;

/* The error-code for a host errno (network.wit's codes). */
P2NetErr p2net_errno(int e);

/* WIT address <-> sockaddr.  The family of `a` decides. */
socklen_t p2net_to_sockaddr(const P2SockAddr *a, struct sockaddr_storage *ss);
void p2net_from_sockaddr(const struct sockaddr_storage *ss, P2SockAddr *a);
bool p2net_is_v6(const P2SockAddr *a);

/* Checks of a guest-supplied address for a socket of family `v6`: the
 * wrong family, an IPv4-mapped IPv6 address, multicast or broadcast, and
 * for a remote address also the unspecified address or port 0, are
 * invalid-argument (tcp.wit, udp.wit). */
bool p2net_addr_ok(const P2SockAddr *a, bool v6, bool remote);

/* The network handle: borrowed to check it is one (traps otherwise). */
void p2net_check_network(KilnCanonCx *cx, uint32_t network);
/* Whether the instance's capabilities allow `proto` on address `a`
 * (bind, connect or send), and name lookups. */
bool p2net_allowed(KilnCanonCx *cx, P2NetProto proto, const P2SockAddr *a);
bool p2net_lookup_allowed(KilnCanonCx *cx);

/* A new non-blocking, close-on-exec socket; -1 with errno. */
int p2net_socket(bool v6, int type);

/* setsockopt / getsockopt of an int: 0 or an errno. */
int p2net_set_int(int fd, int level, int name, int value);
int p2net_get_int(int fd, int level, int name, int *value);

#endif
