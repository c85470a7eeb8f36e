/* sockets_tcp.c: wasi:sockets/tcp and wasi:sockets/tcp-create-socket
 * (WASI 0.2 sockets/tcp.wit, tcp-create-socket.wit).
 *
 * A tcp-socket is a non-blocking host socket and a state:
 *   unbound -start-bind-> bind-started -finish-bind-> bound
 *   bound -start-listen-> listen-started -finish-listen-> listening
 *   unbound|bound -start-connect-> connecting -finish-connect-> connected
 *   (a failed connect leaves it closed: every later step is invalid-state).
 * The system call runs in the start-* step (connect with EINPROGRESS);
 * finish-connect asks SO_ERROR once the socket is writable and otherwise
 * answers would-block, and subscribe waits for exactly that.  The
 * streams of a connection are io streams over duplicates of the socket's
 * fd, so they keep working whichever handle the guest drops first;
 * shutdown acts on the one connection they share. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdatomic.h>
#include <unistd.h>

#include "sockets.h"
#include "wasi_io_poll.h"
#include "wasi_io_streams.h"
#include "wasi_sockets_tcp.h"
#include "wasi_sockets_tcp_create_socket.h"

typedef enum TcpState {
    TCP_UNBOUND,
    TCP_BIND_STARTED,
    TCP_BOUND,
    TCP_LISTEN_STARTED,
    TCP_LISTENING,
    TCP_CONNECTING,
    TCP_CONNECTED,
    TCP_CLOSED,
} TcpState;

typedef struct TcpSock {
    int fd;
    bool v6;
    TcpState state;
    int backlog;
    atomic_int refs; /* the handle and each pollable from subscribe */
} TcpSock;

/* Linux's limits of the keep-alive options (tcp(7)). */
#define TCP_KEEP_MAX_SECS 32767
#define TCP_KEEP_MAX_COUNT 127
#define TCP_DEFAULT_BACKLOG 128

typedef wasi_sockets_tcp_result_void_wasi_sockets_network_error_code_t VoidRes;

static TcpSock *tcp_get(KilnCanonCx *cx, uint32_t self)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_sockets_tcp_tcp_socket, self);
}

static TcpSock *tcp_new(int fd, bool v6, TcpState state)
{
    TcpSock *s = kiln_rt_alloc(sizeof *s);
    if (!s)
        kiln_trap_host("out of memory");
    s->fd = fd;
    s->v6 = v6;
    s->state = state;
    s->backlog = TCP_DEFAULT_BACKLOG;
    atomic_init(&s->refs, 1);
    return s;
}

static void tcp_unref(void *obj)
{
    TcpSock *s = obj;
    if (atomic_fetch_sub(&s->refs, 1) != 1)
        return;
    close(s->fd);
    kiln_rt_free(s);
}

static void void_ok(VoidRes *ret)
{
    ret->is_err = false;
    ret->val.err = 0;
}

static void void_err(VoidRes *ret, P2NetErr e)
{
    ret->is_err = true;
    ret->val.err = e;
}

/* Ends a function returning VoidRes *ret with error `e`. */
#define FAIL(e)                                                            \
    do {                                                                   \
        void_err(ret, (e));                                                \
        return;                                                            \
    } while (0)

static bool pending(const TcpSock *s)
{
    return s->state == TCP_BIND_STARTED || s->state == TCP_LISTEN_STARTED ||
           s->state == TCP_CONNECTING;
}

void wasi_sockets_tcp_create_socket_create_tcp_socket(
    struct KilnCanonCx *cx,
    wasi_sockets_network_ip_address_family_t address_family,
    wasi_sockets_tcp_create_socket_result_wasi_sockets_tcp_own_tcp_socket_wasi_sockets_network_error_code_t
        *ret)
{
    (void)p2_host(cx);
    bool v6 = address_family == WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV6;
    int fd = p2net_socket(v6, SOCK_STREAM);
    if (fd < 0) {
        ret->is_err = true;
        ret->val.err = p2net_errno(errno);
        return;
    }
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_sockets_tcp_tcp_socket,
                                  tcp_new(fd, v6, TCP_UNBOUND));
}

void wasi_sockets_tcp_tcp_socket_drop(struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    tcp_unref(rep);
}

void wasi_sockets_tcp_tcp_socket_start_bind(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_network_network_t network,
    const wasi_sockets_network_ip_socket_address_t *local_address,
    VoidRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    p2net_check_network(cx, network);
    if (pending(s))
        FAIL(P2E(CONCURRENCY_CONFLICT));
    if (s->state != TCP_UNBOUND)
        FAIL(P2E(INVALID_STATE));
    if (!p2net_addr_ok(local_address, s->v6, false))
        FAIL(P2E(INVALID_ARGUMENT));
    if (!p2net_allowed(cx, P2_NET_TCP, local_address))
        FAIL(P2E(ACCESS_DENIED));
    /* A listener may be restarted on its port while old connections
     * linger in TIME_WAIT (SO_REUSEADDR; it never allows two listeners). */
    p2net_set_int(s->fd, SOL_SOCKET, SO_REUSEADDR, 1);
    struct sockaddr_storage ss;
    socklen_t len = p2net_to_sockaddr(local_address, &ss);
    if (bind(s->fd, (struct sockaddr *)&ss, len) != 0)
        FAIL(p2net_errno(errno));
    s->state = TCP_BIND_STARTED;
    void_ok(ret);
}

void wasi_sockets_tcp_tcp_socket_finish_bind(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self, VoidRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    if (s->state != TCP_BIND_STARTED)
        FAIL(P2E(NOT_IN_PROGRESS));
    s->state = TCP_BOUND;
    void_ok(ret);
}

void wasi_sockets_tcp_tcp_socket_start_connect(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_network_network_t network,
    const wasi_sockets_network_ip_socket_address_t *remote_address,
    VoidRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    p2net_check_network(cx, network);
    if (pending(s))
        FAIL(P2E(CONCURRENCY_CONFLICT));
    if (s->state != TCP_UNBOUND && s->state != TCP_BOUND)
        FAIL(P2E(INVALID_STATE));
    if (!p2net_addr_ok(remote_address, s->v6, true))
        FAIL(P2E(INVALID_ARGUMENT));
    if (!p2net_allowed(cx, P2_NET_TCP, remote_address))
        FAIL(P2E(ACCESS_DENIED));
    struct sockaddr_storage ss;
    socklen_t len = p2net_to_sockaddr(remote_address, &ss);
    int r;
    do
        r = connect(s->fd, (struct sockaddr *)&ss, len);
    while (r != 0 && errno == EINTR);
    if (r != 0 && errno != EINPROGRESS) {
        s->state = TCP_CLOSED;
        FAIL(p2net_errno(errno));
    }
    s->state = TCP_CONNECTING; /* finish-connect reports the outcome */
    void_ok(ret);
}

static int fcntl_dupfd(int fd)
{
    return fcntl(fd, F_DUPFD_CLOEXEC, 0);
}

/* The input and output streams of a connection over duplicates of fd. */
static bool streams_new(KilnCanonCx *cx, int fd, uint32_t *in, uint32_t *out)
{
    int a = fcntl_dupfd(fd), b = a < 0 ? -1 : fcntl_dupfd(fd);
    if (b < 0) {
        if (a >= 0)
            close(a);
        return false;
    }
    *in = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_input_stream,
                          p2_input_stream_fd(a, false, 0, true));
    *out = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_output_stream,
                           p2_output_stream_fd(b, false, 0, false, true));
    return true;
}

void wasi_sockets_tcp_tcp_socket_finish_connect(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_tuple2_wasi_io_streams_own_input_stream_wasi_io_streams_own_output_stream_wasi_sockets_network_error_code_t
        *ret)
{
    TcpSock *s = tcp_get(cx, self);
    ret->is_err = true;
    if (s->state != TCP_CONNECTING) {
        ret->val.err = P2E(NOT_IN_PROGRESS);
        return;
    }
    struct pollfd p = {.fd = s->fd, .events = POLLOUT};
    if (poll(&p, 1, 0) == 0) {
        ret->val.err = P2E(WOULD_BLOCK);
        return;
    }
    int e = 0;
    if (p2net_get_int(s->fd, SOL_SOCKET, SO_ERROR, &e) != 0)
        e = errno;
    if (e != 0) {
        s->state = TCP_CLOSED;
        ret->val.err = p2net_errno(e);
        return;
    }
    uint32_t in, out;
    if (!streams_new(cx, s->fd, &in, &out)) {
        ret->val.err = p2net_errno(errno);
        return;
    }
    s->state = TCP_CONNECTED;
    ret->is_err = false;
    ret->val.ok.f0 = in;
    ret->val.ok.f1 = out;
}

void wasi_sockets_tcp_tcp_socket_start_listen(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self, VoidRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    if (pending(s))
        FAIL(P2E(CONCURRENCY_CONFLICT));
    if (s->state != TCP_BOUND)
        FAIL(P2E(INVALID_STATE));
    if (listen(s->fd, s->backlog) != 0)
        FAIL(p2net_errno(errno));
    s->state = TCP_LISTEN_STARTED;
    void_ok(ret);
}

void wasi_sockets_tcp_tcp_socket_finish_listen(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self, VoidRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    if (s->state != TCP_LISTEN_STARTED)
        FAIL(P2E(NOT_IN_PROGRESS));
    s->state = TCP_LISTENING;
    void_ok(ret);
}

void wasi_sockets_tcp_tcp_socket_accept(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_tuple3_own_tcp_socket_wasi_io_streams_own_input_stream_wasi_io_streams_own_output_stream_wasi_sockets_network_error_code_t
        *ret)
{
    TcpSock *s = tcp_get(cx, self);
    ret->is_err = true;
    if (s->state != TCP_LISTENING) {
        ret->val.err = P2E(INVALID_STATE);
        return;
    }
    int fd;
    do
        fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        ret->val.err = p2net_errno(errno == EWOULDBLOCK ? EAGAIN : errno);
        return;
    }
    /* Linux copies keep-alive, hop limit and buffer sizes from the
     * listener to the accepted socket, as tcp.wit asks. */
    uint32_t in, out;
    if (!streams_new(cx, fd, &in, &out)) {
        ret->val.err = p2net_errno(errno);
        close(fd);
        return;
    }
    ret->is_err = false;
    ret->val.ok.f0 = kiln_cx_new_own(cx, KILN_HR_wasi_sockets_tcp_tcp_socket,
                                     tcp_new(fd, s->v6, TCP_CONNECTED));
    ret->val.ok.f1 = in;
    ret->val.ok.f2 = out;
}

typedef wasi_sockets_tcp_result_wasi_sockets_network_ip_socket_address_wasi_sockets_network_error_code_t
    AddrRes;

static void addr_result(int fd, bool peer, AddrRes *ret)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
                 : getsockname(fd, (struct sockaddr *)&ss, &len);
    if (r != 0) {
        ret->is_err = true;
        ret->val.err = p2net_errno(errno);
        return;
    }
    ret->is_err = false;
    p2net_from_sockaddr(&ss, &ret->val.ok);
}

void wasi_sockets_tcp_tcp_socket_local_address(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self, AddrRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    if (s->state == TCP_UNBOUND || s->state == TCP_BIND_STARTED ||
        s->state == TCP_CLOSED) {
        ret->is_err = true;
        ret->val.err = P2E(INVALID_STATE);
        return;
    }
    addr_result(s->fd, false, ret);
}

void wasi_sockets_tcp_tcp_socket_remote_address(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self, AddrRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    if (s->state != TCP_CONNECTED) {
        ret->is_err = true;
        ret->val.err = P2E(INVALID_STATE);
        return;
    }
    addr_result(s->fd, true, ret);
}

void wasi_sockets_tcp_tcp_socket_is_listening(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self, bool *ret)
{
    *ret = tcp_get(cx, self)->state == TCP_LISTENING;
}

void wasi_sockets_tcp_tcp_socket_address_family(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_network_ip_address_family_t *ret)
{
    *ret = tcp_get(cx, self)->v6 ? WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV6
                                 : WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4;
}

void wasi_sockets_tcp_tcp_socket_set_listen_backlog_size(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    uint64_t value, VoidRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    if (value == 0)
        FAIL(P2E(INVALID_ARGUMENT));
    if (s->state == TCP_CONNECTING || s->state == TCP_CONNECTED ||
        s->state == TCP_CLOSED)
        FAIL(P2E(INVALID_STATE));
    int backlog = value > INT_MAX ? INT_MAX : (int)value;
    /* Linux takes a new backlog from a second listen(2). */
    if ((s->state == TCP_LISTEN_STARTED || s->state == TCP_LISTENING) &&
        listen(s->fd, backlog) != 0)
        FAIL(p2net_errno(errno));
    s->backlog = backlog;
    void_ok(ret);
}

/* ---- options ------------------------------------------------------------- */

static void set_opt(KilnCanonCx *cx, uint32_t self, int level, int name,
                    int value, VoidRes *ret)
{
    int e = p2net_set_int(tcp_get(cx, self)->fd, level, name, value);
    if (e)
        FAIL(p2net_errno(e));
    void_ok(ret);
}

/* getsockopt of an int; false with *err set. */
static bool get_opt(KilnCanonCx *cx, uint32_t self, int level, int name,
                    int *value, P2NetErr *err)
{
    int e = p2net_get_int(tcp_get(cx, self)->fd, level, name, value);
    if (e)
        *err = p2net_errno(e);
    return e == 0;
}

void wasi_sockets_tcp_tcp_socket_keep_alive_enabled(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_bool_wasi_sockets_network_error_code_t *ret)
{
    int v;
    ret->is_err = !get_opt(cx, self, SOL_SOCKET, SO_KEEPALIVE, &v,
                           &ret->val.err);
    if (!ret->is_err)
        ret->val.ok = v != 0;
}

void wasi_sockets_tcp_tcp_socket_set_keep_alive_enabled(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self, bool value,
    VoidRes *ret)
{
    set_opt(cx, self, SOL_SOCKET, SO_KEEPALIVE, value, ret);
}

/* A duration in ns as whole seconds, rounded up, within Linux's range. */
static int keep_secs(uint64_t ns)
{
    uint64_t secs = ns / 1000000000u + (ns % 1000000000u != 0);
    return secs > TCP_KEEP_MAX_SECS ? TCP_KEEP_MAX_SECS : (int)secs;
}

static void get_secs(KilnCanonCx *cx, uint32_t self, int name,
                     wasi_sockets_tcp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    int v;
    ret->is_err = !get_opt(cx, self, IPPROTO_TCP, name, &v, &ret->val.err);
    if (!ret->is_err)
        ret->val.ok = (uint64_t)v * 1000000000u;
}

void wasi_sockets_tcp_tcp_socket_keep_alive_idle_time(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    get_secs(cx, self, TCP_KEEPIDLE, ret);
}

void wasi_sockets_tcp_tcp_socket_set_keep_alive_idle_time(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    uint64_t value, VoidRes *ret)
{
    if (value == 0)
        FAIL(P2E(INVALID_ARGUMENT));
    set_opt(cx, self, IPPROTO_TCP, TCP_KEEPIDLE, keep_secs(value), ret);
}

void wasi_sockets_tcp_tcp_socket_keep_alive_interval(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    get_secs(cx, self, TCP_KEEPINTVL, ret);
}

void wasi_sockets_tcp_tcp_socket_set_keep_alive_interval(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    uint64_t value, VoidRes *ret)
{
    if (value == 0)
        FAIL(P2E(INVALID_ARGUMENT));
    set_opt(cx, self, IPPROTO_TCP, TCP_KEEPINTVL, keep_secs(value), ret);
}

void wasi_sockets_tcp_tcp_socket_keep_alive_count(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_u32_wasi_sockets_network_error_code_t *ret)
{
    int v;
    ret->is_err = !get_opt(cx, self, IPPROTO_TCP, TCP_KEEPCNT, &v,
                           &ret->val.err);
    if (!ret->is_err)
        ret->val.ok = (uint32_t)v;
}

void wasi_sockets_tcp_tcp_socket_set_keep_alive_count(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    uint32_t value, VoidRes *ret)
{
    if (value == 0)
        FAIL(P2E(INVALID_ARGUMENT));
    set_opt(cx, self, IPPROTO_TCP, TCP_KEEPCNT,
            value > TCP_KEEP_MAX_COUNT ? TCP_KEEP_MAX_COUNT : (int)value, ret);
}

void wasi_sockets_tcp_tcp_socket_hop_limit(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_u8_wasi_sockets_network_error_code_t *ret)
{
    bool v6 = tcp_get(cx, self)->v6;
    int v;
    ret->is_err = !get_opt(cx, self, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
                           v6 ? IPV6_UNICAST_HOPS : IP_TTL, &v, &ret->val.err);
    if (!ret->is_err)
        ret->val.ok = (uint8_t)v;
}

void wasi_sockets_tcp_tcp_socket_set_hop_limit(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    uint8_t value, VoidRes *ret)
{
    bool v6 = tcp_get(cx, self)->v6;
    if (value == 0)
        FAIL(P2E(INVALID_ARGUMENT));
    set_opt(cx, self, v6 ? IPPROTO_IPV6 : IPPROTO_IP,
            v6 ? IPV6_UNICAST_HOPS : IP_TTL, value, ret);
}

static void get_buf(KilnCanonCx *cx, uint32_t self, int name,
                    wasi_sockets_tcp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    int v;
    ret->is_err = !get_opt(cx, self, SOL_SOCKET, name, &v, &ret->val.err);
    if (!ret->is_err)
        ret->val.ok = (uint64_t)v;
}

static void set_buf(KilnCanonCx *cx, uint32_t self, int name, uint64_t value,
                    VoidRes *ret)
{
    if (value == 0)
        FAIL(P2E(INVALID_ARGUMENT));
    /* The kernel doubles the value and caps it; keep within int. */
    set_opt(cx, self, SOL_SOCKET, name,
            value > INT_MAX / 2 ? INT_MAX / 2 : (int)value, ret);
}

void wasi_sockets_tcp_tcp_socket_receive_buffer_size(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    get_buf(cx, self, SO_RCVBUF, ret);
}

void wasi_sockets_tcp_tcp_socket_set_receive_buffer_size(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    uint64_t value, VoidRes *ret)
{
    set_buf(cx, self, SO_RCVBUF, value, ret);
}

void wasi_sockets_tcp_tcp_socket_send_buffer_size(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_result_u64_wasi_sockets_network_error_code_t *ret)
{
    get_buf(cx, self, SO_SNDBUF, ret);
}

void wasi_sockets_tcp_tcp_socket_set_send_buffer_size(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    uint64_t value, VoidRes *ret)
{
    set_buf(cx, self, SO_SNDBUF, value, ret);
}

/* What the socket waits for at this moment (tcp.wit, subscribe: the
 * pollable follows the socket through its states): a connect in progress
 * writability, a listener a connection to accept; every other step
 * completes at once. */
static bool tcp_poll_query(void *obj, int *fd, bool *for_write)
{
    TcpSock *s = obj;
    *fd = s->fd;
    *for_write = s->state == TCP_CONNECTING;
    return s->state != TCP_CONNECTING && s->state != TCP_LISTENING;
}

void wasi_sockets_tcp_tcp_socket_subscribe(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_io_poll_pollable_t *ret)
{
    TcpSock *s = tcp_get(cx, self);
    atomic_fetch_add(&s->refs, 1);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2_pollable_query(s, tcp_poll_query, tcp_unref));
}

void wasi_sockets_tcp_tcp_socket_shutdown(
    struct KilnCanonCx *cx, wasi_sockets_tcp_tcp_socket_t self,
    wasi_sockets_tcp_shutdown_type_t shutdown_type, VoidRes *ret)
{
    TcpSock *s = tcp_get(cx, self);
    if (s->state != TCP_CONNECTED)
        FAIL(P2E(INVALID_STATE));
    int how = shutdown_type == WASI_SOCKETS_TCP_SHUTDOWN_TYPE_RECEIVE ? SHUT_RD
              : shutdown_type == WASI_SOCKETS_TCP_SHUTDOWN_TYPE_SEND ? SHUT_WR
                                                                      : SHUT_RDWR;
    if (shutdown(s->fd, how) != 0)
        FAIL(p2net_errno(errno));
    void_ok(ret);
}
