/* sockets_udp.c: wasi:sockets/udp and wasi:sockets/udp-create-socket
 * (WASI 0.2 sockets/udp.wit, udp-create-socket.wit).
 *
 * A udp-socket is a non-blocking host socket: start-bind binds it,
 * finish-bind completes, and `stream` (bound sockets only) connects it
 * to a fixed peer or dissolves the association (connect with AF_UNSPEC)
 * and hands out one pair of datagram streams at a time.  The streams
 * share the socket object by reference count, so dropping the socket
 * first leaves them working.  receive takes what the kernel has queued
 * (recvfrom with MSG_DONTWAIT, up to max-results); check-send grants a
 * batch when the socket is writable and send traps beyond the grant, as
 * udp.wit requires. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "sockets.h"
#include "wasi_io_poll.h"
#include "wasi_sockets_udp.h"
#include "wasi_sockets_udp_create_socket.h"

typedef enum UdpState { UDP_UNBOUND, UDP_BIND_STARTED, UDP_BOUND } UdpState;

typedef struct UdpSock {
    int fd;
    bool v6;
    UdpState state;
    bool connected; /* to `peer` */
    P2SockAddr peer;
    int refs;        /* the socket handle and its live streams */
    int streams;     /* live datagram streams */
} UdpSock;

typedef struct UdpStream {
    UdpSock *sock;
    uint64_t permit; /* outgoing: datagrams send may still take */
} UdpStream;

/* How many datagrams one check-send grants and one receive returns. */
#define UDP_BATCH 64u
/* The largest UDP payload (65535 less the IPv4 and UDP headers). */
#define UDP_MAX_DATAGRAM 65507u

typedef wasi_sockets_udp_result_void_wasi_sockets_network_error_code_t VoidRes;

#define FAIL(e)                                                            \
    do {                                                                   \
        ret->is_err = true;                                                \
        ret->val.err = (e);                                                \
        return;                                                            \
    } while (0)

static UdpSock *udp_get(KilnCanonCx *cx, uint32_t self)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_sockets_udp_udp_socket, self);
}

static void udp_unref(UdpSock *s)
{
    if (--s->refs > 0)
        return;
    close(s->fd);
    kiln_rt_free(s);
}

void wasi_sockets_udp_create_socket_create_udp_socket(
    struct KilnCanonCx *cx,
    wasi_sockets_network_ip_address_family_t address_family,
    wasi_sockets_udp_create_socket_result_wasi_sockets_udp_own_udp_socket_wasi_sockets_network_error_code_t
        *ret)
{
    (void)p2_host(cx);
    bool v6 = address_family == WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV6;
    int fd = p2net_socket(v6, SOCK_DGRAM);
    if (fd < 0)
        FAIL(p2net_errno(errno));
    UdpSock *s = kiln_rt_alloc(sizeof *s);
    if (!s)
        kiln_trap_host("out of memory");
    s->fd = fd;
    s->v6 = v6;
    s->refs = 1;
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_sockets_udp_udp_socket, s);
}

void wasi_sockets_udp_udp_socket_drop(struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    udp_unref(rep);
}

void wasi_sockets_udp_udp_socket_start_bind(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    wasi_sockets_network_network_t network,
    const wasi_sockets_network_ip_socket_address_t *local_address,
    VoidRes *ret)
{
    UdpSock *s = udp_get(cx, self);
    p2net_check_network(cx, network);
    if (s->state == UDP_BIND_STARTED)
        FAIL(P2E(CONCURRENCY_CONFLICT));
    if (s->state != UDP_UNBOUND)
        FAIL(P2E(INVALID_STATE));
    if (!p2net_addr_ok(local_address, s->v6, false))
        FAIL(P2E(INVALID_ARGUMENT));
    if (!p2net_allowed(cx, P2_NET_UDP, local_address))
        FAIL(P2E(ACCESS_DENIED));
    struct sockaddr_storage ss;
    socklen_t len = p2net_to_sockaddr(local_address, &ss);
    if (bind(s->fd, (struct sockaddr *)&ss, len) != 0)
        FAIL(p2net_errno(errno));
    s->state = UDP_BIND_STARTED;
    ret->is_err = false;
}

void wasi_sockets_udp_udp_socket_finish_bind(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self, VoidRes *ret)
{
    UdpSock *s = udp_get(cx, self);
    if (s->state != UDP_BIND_STARTED)
        FAIL(P2E(NOT_IN_PROGRESS));
    s->state = UDP_BOUND;
    ret->is_err = false;
}

static UdpStream *stream_new(UdpSock *s)
{
    UdpStream *st = kiln_rt_alloc(sizeof *st);
    if (!st)
        kiln_trap_host("out of memory");
    st->sock = s;
    s->refs++;
    s->streams++;
    return st;
}

static void stream_drop(UdpStream *st)
{
    st->sock->streams--;
    udp_unref(st->sock);
    kiln_rt_free(st);
}

void wasi_sockets_udp_udp_socket_stream(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    const wasi_sockets_udp_option_wasi_sockets_network_ip_socket_address_t
        *remote_address,
    wasi_sockets_udp_result_tuple2_own_incoming_datagram_stream_own_outgoing_datagram_stream_wasi_sockets_network_error_code_t
        *ret)
{
    UdpSock *s = udp_get(cx, self);
    if (s->streams > 0)
        kiln_trap_host("udp-socket.stream: the previous streams are still "
                       "alive");
    if (s->state != UDP_BOUND)
        FAIL(P2E(INVALID_STATE));
    const P2SockAddr *to = remote_address->is_some ? &remote_address->val : NULL;
    if (to && !p2net_addr_ok(to, s->v6, true))
        FAIL(P2E(INVALID_ARGUMENT));
    if (to && !p2net_allowed(cx, P2_NET_UDP, to))
        FAIL(P2E(ACCESS_DENIED));
    if (s->connected) {
        struct sockaddr unspec = {.sa_family = AF_UNSPEC};
        if (connect(s->fd, &unspec, sizeof unspec) != 0)
            FAIL(p2net_errno(errno));
        s->connected = false;
    }
    if (to) {
        struct sockaddr_storage ss;
        socklen_t len = p2net_to_sockaddr(to, &ss);
        if (connect(s->fd, (struct sockaddr *)&ss, len) != 0)
            FAIL(p2net_errno(errno));
        s->connected = true;
        s->peer = *to;
    }
    ret->is_err = false;
    ret->val.ok.f0 = kiln_cx_new_own(
        cx, KILN_HR_wasi_sockets_udp_incoming_datagram_stream, stream_new(s));
    ret->val.ok.f1 = kiln_cx_new_own(
        cx, KILN_HR_wasi_sockets_udp_outgoing_datagram_stream, stream_new(s));
}

typedef wasi_sockets_udp_result_wasi_sockets_network_ip_socket_address_wasi_sockets_network_error_code_t
    AddrRes;

void wasi_sockets_udp_udp_socket_local_address(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self, AddrRes *ret)
{
    UdpSock *s = udp_get(cx, self);
    if (s->state != UDP_BOUND)
        FAIL(P2E(INVALID_STATE));
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(s->fd, (struct sockaddr *)&ss, &len) != 0)
        FAIL(p2net_errno(errno));
    ret->is_err = false;
    p2net_from_sockaddr(&ss, &ret->val.ok);
}

void wasi_sockets_udp_udp_socket_remote_address(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self, AddrRes *ret)
{
    UdpSock *s = udp_get(cx, self);
    if (!s->connected)
        FAIL(P2E(INVALID_STATE));
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getpeername(s->fd, (struct sockaddr *)&ss, &len) != 0)
        FAIL(p2net_errno(errno));
    ret->is_err = false;
    p2net_from_sockaddr(&ss, &ret->val.ok);
}

void wasi_sockets_udp_udp_socket_address_family(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    wasi_sockets_network_ip_address_family_t *ret)
{
    *ret = udp_get(cx, self)->v6 ? WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV6
                                 : WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4;
}

void wasi_sockets_udp_udp_socket_unicast_hop_limit(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    wasi_sockets_udp_result_u8_wasi_sockets_network_error_code_t *ret)
{
    UdpSock *s = udp_get(cx, self);
    int v, e = p2net_get_int(s->fd, s->v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                             s->v6 ? IPV6_UNICAST_HOPS : IP_TTL, &v);
    if (e)
        FAIL(p2net_errno(e));
    ret->is_err = false;
    ret->val.ok = (uint8_t)v;
}

void wasi_sockets_udp_udp_socket_set_unicast_hop_limit(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    uint8_t value, VoidRes *ret)
{
    UdpSock *s = udp_get(cx, self);
    if (value == 0)
        FAIL(P2E(INVALID_ARGUMENT));
    int e = p2net_set_int(s->fd, s->v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                          s->v6 ? IPV6_UNICAST_HOPS : IP_TTL, value);
    if (e)
        FAIL(p2net_errno(e));
    ret->is_err = false;
}

static void get_buf(KilnCanonCx *cx, uint32_t self, int name,
                    wasi_sockets_udp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    int v, e = p2net_get_int(udp_get(cx, self)->fd, SOL_SOCKET, name, &v);
    if (e)
        FAIL(p2net_errno(e));
    ret->is_err = false;
    ret->val.ok = (uint64_t)v;
}

static void set_buf(KilnCanonCx *cx, uint32_t self, int name, uint64_t value,
                    VoidRes *ret)
{
    if (value == 0)
        FAIL(P2E(INVALID_ARGUMENT));
    int e = p2net_set_int(udp_get(cx, self)->fd, SOL_SOCKET, name,
                          value > INT_MAX / 2 ? INT_MAX / 2 : (int)value);
    if (e)
        FAIL(p2net_errno(e));
    ret->is_err = false;
}

void wasi_sockets_udp_udp_socket_receive_buffer_size(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    wasi_sockets_udp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    get_buf(cx, self, SO_RCVBUF, ret);
}

void wasi_sockets_udp_udp_socket_set_receive_buffer_size(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    uint64_t value, VoidRes *ret)
{
    set_buf(cx, self, SO_RCVBUF, value, ret);
}

void wasi_sockets_udp_udp_socket_send_buffer_size(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    wasi_sockets_udp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    get_buf(cx, self, SO_SNDBUF, ret);
}

void wasi_sockets_udp_udp_socket_set_send_buffer_size(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    uint64_t value, VoidRes *ret)
{
    set_buf(cx, self, SO_SNDBUF, value, ret);
}

void wasi_sockets_udp_udp_socket_subscribe(
    struct KilnCanonCx *cx, wasi_sockets_udp_udp_socket_t self,
    wasi_io_poll_pollable_t *ret)
{
    (void)udp_get(cx, self);
    /* bind completes in start-bind: nothing to wait for. */
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2_pollable_ready());
}

/* ---- incoming-datagram-stream -------------------------------------------- */

void wasi_sockets_udp_incoming_datagram_stream_drop(
    struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    stream_drop(rep);
}

typedef struct Datagram {
    uint8_t *data;
    uint32_t len;
    P2SockAddr from;
} Datagram;

void wasi_sockets_udp_incoming_datagram_stream_receive(
    struct KilnCanonCx *cx, wasi_sockets_udp_incoming_datagram_stream_t self,
    uint64_t max_results,
    wasi_sockets_udp_result_list_incoming_datagram_wasi_sockets_network_error_code_t
        *ret)
{
    UdpStream *st = kiln_cx_borrow(
        cx, KILN_HR_wasi_sockets_udp_incoming_datagram_stream, self);
    uint32_t max = max_results > UDP_BATCH ? UDP_BATCH : (uint32_t)max_results;
    Datagram got[UDP_BATCH];
    uint32_t n = 0;
    uint8_t *buf = kiln_rt_alloc(UDP_MAX_DATAGRAM);
    if (!buf)
        kiln_trap_host("out of memory");
    int err = 0;
    while (n < max) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof ss;
        ssize_t r = recvfrom(st->sock->fd, buf, UDP_MAX_DATAGRAM, MSG_DONTWAIT,
                             (struct sockaddr *)&ss, &sl);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                err = errno;
            break;
        }
        Datagram *d = &got[n++];
        d->len = (uint32_t)r;
        d->data = kiln_rt_alloc(r ? (size_t)r : 1);
        if (!d->data)
            kiln_trap_host("out of memory");
        memcpy(d->data, buf, (size_t)r);
        p2net_from_sockaddr(&ss, &d->from);
    }
    kiln_rt_free(buf);
    if (n == 0 && err) {
        ret->is_err = true;
        ret->val.err = p2net_errno(err);
        return;
    }
    /* Canonical ABI store order: the list, then each element's bytes. */
    uint32_t list = n ? kiln_cx_alloc(cx, n * sizeof(wasi_sockets_udp_incoming_datagram_t), 4)
                      : 0;
    for (uint32_t i = 0; i < n; i++) {
        wasi_sockets_udp_incoming_datagram_t e;
        memset(&e, 0, sizeof e);
        e.data.ptr = kiln_cx_copy_out(cx, got[i].data, got[i].len, 1);
        e.data.len = got[i].len;
        e.remote_address = got[i].from;
        memcpy(kiln_cx_ptr(cx, list + i * (uint32_t)sizeof e, sizeof e), &e,
               sizeof e);
        kiln_rt_free(got[i].data);
    }
    ret->is_err = false;
    ret->val.ok.ptr = list;
    ret->val.ok.len = n;
}

void wasi_sockets_udp_incoming_datagram_stream_subscribe(
    struct KilnCanonCx *cx, wasi_sockets_udp_incoming_datagram_stream_t self,
    wasi_io_poll_pollable_t *ret)
{
    UdpStream *st = kiln_cx_borrow(
        cx, KILN_HR_wasi_sockets_udp_incoming_datagram_stream, self);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2_pollable_fd_dup(st->sock->fd, false));
}

/* ---- outgoing-datagram-stream -------------------------------------------- */

void wasi_sockets_udp_outgoing_datagram_stream_drop(
    struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    stream_drop(rep);
}

static UdpStream *out_get(KilnCanonCx *cx, uint32_t self)
{
    return kiln_cx_borrow(
        cx, KILN_HR_wasi_sockets_udp_outgoing_datagram_stream, self);
}

void wasi_sockets_udp_outgoing_datagram_stream_check_send(
    struct KilnCanonCx *cx, wasi_sockets_udp_outgoing_datagram_stream_t self,
    wasi_sockets_udp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    UdpStream *st = out_get(cx, self);
    struct pollfd p = {.fd = st->sock->fd, .events = POLLOUT};
    st->permit = poll(&p, 1, 0) > 0 ? UDP_BATCH : 0;
    ret->is_err = false;
    ret->val.ok = st->permit;
}

static bool same_addr(const P2SockAddr *a, const P2SockAddr *b)
{
    struct sockaddr_storage x, y;
    socklen_t lx = p2net_to_sockaddr(a, &x), ly = p2net_to_sockaddr(b, &y);
    return lx == ly && memcmp(&x, &y, lx) == 0;
}

/* Sends one datagram: 0 or an error-code + 1. */
static int send_one(KilnCanonCx *cx, UdpSock *s,
                    const wasi_sockets_udp_outgoing_datagram_t *d)
{
    const P2SockAddr *to = d->remote_address.is_some ? &d->remote_address.val
                                                     : NULL;
    if (to) {
        if (!p2net_addr_ok(to, s->v6, true) ||
            (s->connected && !same_addr(to, &s->peer)))
            return P2E(INVALID_ARGUMENT) + 1;
        if (!p2net_allowed(cx, P2_NET_UDP, to))
            return P2E(ACCESS_DENIED) + 1;
    } else if (!s->connected) {
        return P2E(INVALID_ARGUMENT) + 1; /* no destination at all */
    }
    const void *data = kiln_cx_ptr(cx, d->data.ptr, d->data.len);
    struct sockaddr_storage ss;
    socklen_t len = 0;
    if (to && !s->connected)
        len = p2net_to_sockaddr(to, &ss);
    for (;;) {
        ssize_t r = len ? sendto(s->fd, data, d->data.len, MSG_DONTWAIT,
                                 (struct sockaddr *)&ss, len)
                        : send(s->fd, data, d->data.len, MSG_DONTWAIT);
        if (r >= 0)
            return 0;
        if (errno != EINTR)
            return p2net_errno(errno) + 1;
    }
}

void wasi_sockets_udp_outgoing_datagram_stream_send(
    struct KilnCanonCx *cx, wasi_sockets_udp_outgoing_datagram_stream_t self,
    const wasi_sockets_udp_outgoing_datagram_t *datagrams_ptr,
    uint32_t datagrams_len,
    wasi_sockets_udp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    UdpStream *st = out_get(cx, self);
    if (datagrams_len > st->permit)
        kiln_trap_host("outgoing-datagram-stream.send: more datagrams than "
                       "check-send permitted");
    uint32_t sent = 0;
    for (; sent < datagrams_len; sent++) {
        int e = send_one(cx, st->sock, &datagrams_ptr[sent]);
        if (e == 0)
            continue;
        /* udp.wit: never would-block (nothing sent is ok(0)), and an
         * error only when nothing went out. */
        if (sent == 0 && e - 1 != P2E(WOULD_BLOCK))
            FAIL((P2NetErr)(e - 1));
        break;
    }
    st->permit -= sent;
    ret->is_err = false;
    ret->val.ok = sent;
}

void wasi_sockets_udp_outgoing_datagram_stream_subscribe(
    struct KilnCanonCx *cx, wasi_sockets_udp_outgoing_datagram_stream_t self,
    wasi_io_poll_pollable_t *ret)
{
    UdpStream *st = out_get(cx, self);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2_pollable_fd_dup(st->sock->fd, true));
}
