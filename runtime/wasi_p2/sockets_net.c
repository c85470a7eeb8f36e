/* sockets_net.c: wasi:sockets/network and wasi:sockets/instance-network
 * (WASI 0.2 sockets/network.wit, instance-network.wit): the network
 * resource, network-error-code, and the capability the host grants.
 *
 * Network access is off unless KilnWasiConfig grants it: net_flags
 * (KILN_NET_INHERIT: everything; KILN_NET_NAME_LOOKUP: resolve-addresses)
 * and allow-list rules "tcp:HOST:PORT" / "udp:HOST:PORT" (HOST an IPv4
 * address, [IPv6] or *; PORT N, N-M or *).  Every bind, connect and
 * datagram send checks its address first, so a denied operation returns
 * access-denied and never reaches the host. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockets.h"
#include "wasi_sockets_instance_network.h"

typedef struct P2NetRule {
    P2NetProto proto;
    int family; /* 0: any host, else AF_INET / AF_INET6 */
    uint8_t addr[16];
    uint16_t port_lo, port_hi;
} P2NetRule;

struct P2Net {
    unsigned flags; /* KILN_NET_* */
    int nrules;
    P2NetRule *rules;
};

static bool parse_port(const char *s, uint16_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || v > 65535)
        return false;
    *out = (uint16_t)v;
    return true;
}

/* "tcp:HOST:PORT" into r; false when malformed. */
static bool parse_rule(const char *spec, P2NetRule *r)
{
    if (strncmp(spec, "tcp:", 4) == 0)
        r->proto = P2_NET_TCP;
    else if (strncmp(spec, "udp:", 4) == 0)
        r->proto = P2_NET_UDP;
    else
        return false;
    const char *host = spec + 4, *colon = strrchr(host, ':');
    if (!colon)
        return false;
    char buf[64], port[16];
    size_t hl = (size_t)(colon - host), pl = strlen(colon + 1);
    if (hl == 0 || hl >= sizeof buf || pl == 0 || pl >= sizeof port)
        return false;
    memcpy(buf, host, hl);
    buf[hl] = 0;
    memcpy(port, colon + 1, pl + 1);
    if (strcmp(buf, "*") == 0) {
        r->family = 0;
    } else if (buf[0] == '[' && buf[hl - 1] == ']') {
        buf[hl - 1] = 0;
        if (inet_pton(AF_INET6, buf + 1, r->addr) != 1)
            return false;
        r->family = AF_INET6;
    } else {
        if (inet_pton(AF_INET, buf, r->addr) != 1)
            return false;
        r->family = AF_INET;
    }
    if (strcmp(port, "*") == 0) {
        r->port_lo = 0;
        r->port_hi = 65535;
        return true;
    }
    char *dash = strchr(port, '-');
    if (dash) {
        *dash = 0;
        return parse_port(port, &r->port_lo) &&
               parse_port(dash + 1, &r->port_hi) && r->port_lo <= r->port_hi;
    }
    if (!parse_port(port, &r->port_lo))
        return false;
    r->port_hi = r->port_lo;
    return true;
}

bool p2_net_init(P2Host *h, const KilnWasiConfig *cfg, char *err,
                 size_t errlen)
{
    P2Net *n = kiln_rt_alloc(sizeof *n);
    if (!n) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    h->net = n;
    n->flags = (unsigned)cfg->net_flags;
    if (cfg->nnet_allow <= 0)
        return true;
    n->rules = kiln_rt_alloc(sizeof *n->rules * (size_t)cfg->nnet_allow);
    if (!n->rules) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    for (int i = 0; i < cfg->nnet_allow; i++)
        if (!parse_rule(cfg->net_allow[i], &n->rules[n->nrules++])) {
            snprintf(err, errlen,
                     "bad network rule `%s`: expected tcp|udp:HOST:PORT "
                     "(HOST an IPv4 address, [IPv6] or *; PORT N, N-M or *)",
                     cfg->net_allow[i]);
            return false;
        }
    return true;
}

void p2_net_fini(P2Host *h)
{
    if (!h->net)
        return;
    kiln_rt_free(h->net->rules);
    kiln_rt_free(h->net);
    h->net = NULL;
}

static P2Net *net_of(KilnCanonCx *cx)
{
    P2Net *n = p2_host(cx)->net;
    if (!n)
        kiln_trap_host("WASI sockets are not configured");
    return n;
}

bool p2net_is_v6(const P2SockAddr *a)
{
    return a->tag == WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV6;
}

static void v6_bytes(const P2SockAddr *a, uint8_t b[16])
{
    const uint16_t *w = &a->val.ipv6.address.f0;
    for (int i = 0; i < 8; i++) {
        b[2 * i] = (uint8_t)(w[i] >> 8);
        b[2 * i + 1] = (uint8_t)w[i];
    }
}

static void v4_bytes(const P2SockAddr *a, uint8_t b[4])
{
    const wasi_sockets_network_tuple4_u8_u8_u8_u8_t *t = &a->val.ipv4.address;
    b[0] = t->f0, b[1] = t->f1, b[2] = t->f2, b[3] = t->f3;
}

bool p2net_allowed(KilnCanonCx *cx, P2NetProto proto, const P2SockAddr *a)
{
    P2Net *n = net_of(cx);
    if (n->flags & KILN_NET_INHERIT)
        return true;
    bool v6 = p2net_is_v6(a);
    uint8_t b[16];
    uint16_t port;
    if (v6) {
        v6_bytes(a, b);
        port = a->val.ipv6.port;
    } else {
        v4_bytes(a, b);
        port = a->val.ipv4.port;
    }
    for (int i = 0; i < n->nrules; i++) {
        const P2NetRule *r = &n->rules[i];
        if (r->proto != proto || port < r->port_lo || port > r->port_hi)
            continue;
        if (r->family == 0 ||
            (r->family == AF_INET6 && v6 && memcmp(r->addr, b, 16) == 0) ||
            (r->family == AF_INET && !v6 && memcmp(r->addr, b, 4) == 0))
            return true;
    }
    return false;
}

bool p2net_lookup_allowed(KilnCanonCx *cx)
{
    return (net_of(cx)->flags & (KILN_NET_INHERIT | KILN_NET_NAME_LOOKUP)) != 0;
}

P2NetErr p2net_errno(int e)
{
    switch (e) {
    case EACCES: case EPERM: return P2E(ACCESS_DENIED);
    case EAFNOSUPPORT: case EPROTONOSUPPORT: case EOPNOTSUPP:
    case ENOPROTOOPT: case ESOCKTNOSUPPORT: return P2E(NOT_SUPPORTED);
    case EINVAL: case EDOM: return P2E(INVALID_ARGUMENT);
    case ENOMEM: case ENOBUFS: return P2E(OUT_OF_MEMORY);
    case ETIMEDOUT: return P2E(TIMEOUT);
    case EALREADY: return P2E(CONCURRENCY_CONFLICT);
    case EAGAIN: case EINPROGRESS: return P2E(WOULD_BLOCK);
    case EISCONN: case ENOTCONN: case EDESTADDRREQ: return P2E(INVALID_STATE);
    case EMFILE: case ENFILE: return P2E(NEW_SOCKET_LIMIT);
    case EADDRNOTAVAIL: return P2E(ADDRESS_NOT_BINDABLE);
    case EADDRINUSE: return P2E(ADDRESS_IN_USE);
    case EHOSTUNREACH: case ENETUNREACH: case ENETDOWN: case EHOSTDOWN:
    case ENONET: return P2E(REMOTE_UNREACHABLE);
    case ECONNREFUSED: return P2E(CONNECTION_REFUSED);
    case ECONNRESET: case EPIPE: return P2E(CONNECTION_RESET);
    case ECONNABORTED: return P2E(CONNECTION_ABORTED);
    case EMSGSIZE: return P2E(DATAGRAM_TOO_LARGE);
    default: return P2E(UNKNOWN);
    }
}

socklen_t p2net_to_sockaddr(const P2SockAddr *a, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (p2net_is_v6(a)) {
        struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons(a->val.ipv6.port);
        s6->sin6_flowinfo = htonl(a->val.ipv6.flow_info);
        s6->sin6_scope_id = a->val.ipv6.scope_id;
        v6_bytes(a, s6->sin6_addr.s6_addr);
        return sizeof *s6;
    }
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    s4->sin_family = AF_INET;
    s4->sin_port = htons(a->val.ipv4.port);
    v4_bytes(a, (uint8_t *)&s4->sin_addr.s_addr);
    return sizeof *s4;
}

void p2net_from_sockaddr(const struct sockaddr_storage *ss, P2SockAddr *a)
{
    memset(a, 0, sizeof *a);
    if (ss->ss_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;
        const uint8_t *b = s6->sin6_addr.s6_addr;
        uint16_t *w = &a->val.ipv6.address.f0;
        a->tag = WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV6;
        a->val.ipv6.port = ntohs(s6->sin6_port);
        a->val.ipv6.flow_info = ntohl(s6->sin6_flowinfo);
        a->val.ipv6.scope_id = s6->sin6_scope_id;
        for (int i = 0; i < 8; i++)
            w[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
        return;
    }
    const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;
    const uint8_t *b = (const uint8_t *)&s4->sin_addr.s_addr;
    a->tag = WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV4;
    a->val.ipv4.port = ntohs(s4->sin_port);
    a->val.ipv4.address.f0 = b[0];
    a->val.ipv4.address.f1 = b[1];
    a->val.ipv4.address.f2 = b[2];
    a->val.ipv4.address.f3 = b[3];
}

bool p2net_addr_ok(const P2SockAddr *a, bool v6, bool remote)
{
    if (p2net_is_v6(a) != v6)
        return false;
    if (v6) {
        uint8_t b[16];
        v6_bytes(a, b);
        struct in6_addr in;
        memcpy(in.s6_addr, b, 16);
        if (IN6_IS_ADDR_V4MAPPED(&in) || IN6_IS_ADDR_MULTICAST(&in))
            return false; /* IPv6 sockets are IPv6-only; unicast only */
        if (!remote)
            return true;
        return !IN6_IS_ADDR_UNSPECIFIED(&in) && a->val.ipv6.port != 0;
    }
    uint8_t b[4];
    v4_bytes(a, b);
    bool unspecified = !(b[0] | b[1] | b[2] | b[3]);
    bool broadcast = (b[0] & b[1] & b[2] & b[3]) == 255;
    bool multicast = b[0] >= 224 && b[0] <= 239;
    if (broadcast || multicast)
        return false; /* not unicast */
    return !remote || (!unspecified && a->val.ipv4.port != 0);
}

/* A write to a connection the peer has closed raises SIGPIPE, which
 * would kill the whole program; the streams' writes report EPIPE as
 * `closed` instead.  Ignored once, and only when nobody installed a
 * handler (as wasmtime's Rust runtime does at start). */
static void ignore_sigpipe(void)
{
    /* an int, not atomic_bool: byte-sized atomics need libatomic on
     * riscv64 */
    static atomic_int done;
    if (atomic_exchange(&done, 1))
        return;
    struct sigaction old;
    if (sigaction(SIGPIPE, NULL, &old) == 0 && old.sa_handler == SIG_DFL &&
        !(old.sa_flags & SA_SIGINFO))
        signal(SIGPIPE, SIG_IGN);
}

int p2net_socket(bool v6, int type)
{
    ignore_sigpipe();
    int fd = socket(v6 ? AF_INET6 : AF_INET,
                    type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    /* WASI 0.2 IPv6 sockets never carry IPv4 traffic. */
    if (v6 && p2net_set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, 1) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

int p2net_set_int(int fd, int level, int name, int value)
{
    return setsockopt(fd, level, name, &value, sizeof value) == 0 ? 0 : errno;
}

int p2net_get_int(int fd, int level, int name, int *value)
{
    socklen_t len = sizeof *value;
    *value = 0;
    return getsockopt(fd, level, name, value, &len) == 0 ? 0 : errno;
}

/* The network resource carries nothing: the capability is the host's. */
static char the_network;

void p2net_check_network(KilnCanonCx *cx, uint32_t network)
{
    kiln_cx_borrow(cx, KILN_HR_wasi_sockets_network_network, network);
}

void wasi_sockets_instance_network_instance_network(
    struct KilnCanonCx *cx, wasi_sockets_network_network_t *ret)
{
    (void)net_of(cx);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_sockets_network_network,
                           &the_network);
}

void wasi_sockets_network_network_drop(struct KilnComponentInst *ci,
                                       void *rep)
{
    (void)ci;
    (void)rep;
}

void wasi_sockets_network_network_error_code(
    struct KilnCanonCx *cx, wasi_io_error_error_t err,
    wasi_sockets_network_option_error_code_t *ret)
{
    int e = p2_error_errno(kiln_cx_borrow(cx, KILN_HR_wasi_io_error_error, err));
    P2NetErr code = p2net_errno(e);
    /* Errors that say nothing about the network have no code. */
    ret->is_some = code != P2E(UNKNOWN);
    ret->val = ret->is_some ? code : 0;
}
