/* test_sockets.c: unit tests of the wasi:sockets host functions, called
 * on a component instance the way compiled adapters call them (p2t.c of
 * tests/wasi_p2): the capability (no flags, allow-list rules with port
 * ranges, wildcards and IPv6, malformed rules, name lookups),
 * network-error-code over io errors, a TCP connection between a guest
 * listener and a native client, the UDP receive list in guest memory
 * (layout and allocation order), and the traps udp.wit asks for (send
 * beyond check-send, a second `stream` while the first streams live). */
#include "../wasi_p2/p2t.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "wasi_io_error.h"
#include "wasi_io_poll.h"
#include "wasi_io_streams.h"
#include "wasi_sockets_instance_network.h"
#include "wasi_sockets_ip_name_lookup.h"
#include "wasi_sockets_network.h"
#include "wasi_sockets_tcp.h"
#include "wasi_sockets_tcp_create_socket.h"
#include "wasi_sockets_udp.h"
#include "wasi_sockets_udp_create_socket.h"

#define E(name) WASI_SOCKETS_NETWORK_ERROR_CODE_##name
typedef wasi_sockets_network_ip_socket_address_t Addr;
typedef wasi_sockets_tcp_result_void_wasi_sockets_network_error_code_t TVoid;
typedef wasi_sockets_udp_result_void_wasi_sockets_network_error_code_t UVoid;

static Addr v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
    Addr s;
    memset(&s, 0, sizeof s);
    s.tag = WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV4;
    s.val.ipv4.port = port;
    s.val.ipv4.address = (wasi_sockets_network_tuple4_u8_u8_u8_u8_t){a, b, c, d};
    return s;
}

static Addr v6_loopback(uint16_t port)
{
    Addr s;
    memset(&s, 0, sizeof s);
    s.tag = WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV6;
    s.val.ipv6.port = port;
    s.val.ipv6.address.f7 = 1;
    return s;
}

static uint32_t network(void)
{
    uint32_t n;
    wasi_sockets_instance_network_instance_network(&t_cx, &n);
    return n;
}

static uint32_t tcp_socket(bool v6)
{
    wasi_sockets_tcp_create_socket_result_wasi_sockets_tcp_own_tcp_socket_wasi_sockets_network_error_code_t r;
    wasi_sockets_tcp_create_socket_create_tcp_socket(
        &t_cx, v6 ? WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV6
                  : WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4, &r);
    T_EQ(r.is_err, 0);
    return r.val.ok;
}

static uint32_t udp_socket(void)
{
    wasi_sockets_udp_create_socket_result_wasi_sockets_udp_own_udp_socket_wasi_sockets_network_error_code_t r;
    wasi_sockets_udp_create_socket_create_udp_socket(
        &t_cx, WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4, &r);
    T_EQ(r.is_err, 0);
    return r.val.ok;
}

/* start-bind of a fresh TCP socket: 0 ok, else error-code + 1. */
static int tcp_bind(Addr a, bool v6)
{
    uint32_t n = network(), s = tcp_socket(v6);
    TVoid r;
    wasi_sockets_tcp_tcp_socket_start_bind(&t_cx, s, n, &a, &r);
    t_drop(KILN_HR_wasi_sockets_tcp_tcp_socket, s);
    t_drop(KILN_HR_wasi_sockets_network_network, n);
    return r.is_err ? r.val.err + 1 : 0;
}

static int udp_bind(Addr a)
{
    uint32_t n = network(), s = udp_socket();
    UVoid r;
    wasi_sockets_udp_udp_socket_start_bind(&t_cx, s, n, &a, &r);
    t_drop(KILN_HR_wasi_sockets_udp_udp_socket, s);
    t_drop(KILN_HR_wasi_sockets_network_network, n);
    return r.is_err ? r.val.err + 1 : 0;
}

static int lookup(const char *name)
{
    uint32_t n = network();
    wasi_sockets_ip_name_lookup_result_own_resolve_address_stream_wasi_sockets_network_error_code_t r;
    wasi_sockets_ip_name_lookup_resolve_addresses(
        &t_cx, n, (const uint8_t *)name, (uint32_t)strlen(name), &r);
    if (!r.is_err)
        t_drop(KILN_HR_wasi_sockets_ip_name_lookup_resolve_address_stream,
               r.val.ok);
    t_drop(KILN_HR_wasi_sockets_network_network, n);
    return r.is_err ? r.val.err + 1 : 0;
}

static KilnWasiConfig config(int flags, int n, const char *const *rules)
{
    KilnWasiConfig c = {.stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1};
    c.net_flags = flags;
    c.nnet_allow = n;
    c.net_allow = rules;
    return c;
}

static void test_no_network(void)
{
    KilnWasiConfig c = config(0, 0, NULL);
    t_setup(&c);
    T_EQ(tcp_bind(v4(127, 0, 0, 1, 0), false), E(ACCESS_DENIED) + 1);
    T_EQ(udp_bind(v4(127, 0, 0, 1, 0)), E(ACCESS_DENIED) + 1);
    T_EQ(lookup("localhost"), E(ACCESS_DENIED) + 1);
    /* A malformed address is still the guest's error to see first. */
    T_EQ(tcp_bind(v4(127, 0, 0, 1, 0), true), E(INVALID_ARGUMENT) + 1);
    T_EQ(tcp_bind(v4(224, 0, 0, 1, 0), false), E(INVALID_ARGUMENT) + 1);
    T_EQ(udp_bind(v4(255, 255, 255, 255, 0)), E(INVALID_ARGUMENT) + 1);
    t_finish();
}

static void test_rules(void)
{
    static const char *const rules[] = {
        "tcp:127.0.0.1:40000-40009", "udp:*:0", "tcp:[::1]:*"};
    KilnWasiConfig c = config(KILN_NET_NAME_LOOKUP, 3, rules);
    t_setup(&c);
    /* Port 0 is outside 40000-40009; 40001 inside (bind may then fail
     * for other reasons, but not with access-denied). */
    T_EQ(tcp_bind(v4(127, 0, 0, 1, 0), false), E(ACCESS_DENIED) + 1);
    T_TRUE(tcp_bind(v4(127, 0, 0, 1, 40001), false) != E(ACCESS_DENIED) + 1);
    T_EQ(tcp_bind(v4(127, 0, 0, 2, 40001), false), E(ACCESS_DENIED) + 1);
    T_EQ(tcp_bind(v4(127, 0, 0, 1, 40010), false), E(ACCESS_DENIED) + 1);
    /* udp:*:0 is any host, port 0 only. */
    T_EQ(udp_bind(v4(127, 0, 0, 1, 0)), 0);
    T_EQ(udp_bind(v4(127, 0, 0, 1, 40001)), E(ACCESS_DENIED) + 1);
    int r6 = tcp_bind(v6_loopback(0), true);
    T_TRUE(r6 != E(ACCESS_DENIED) + 1);
    T_EQ(lookup("localhost"), 0);
    T_EQ(lookup("bad name"), E(INVALID_ARGUMENT) + 1);
    T_EQ(lookup("127.0.0.1"), 0);
    T_EQ(lookup("::1"), 0);
    T_EQ(lookup("[::1]"), 0);
    T_EQ(lookup("a..b"), E(INVALID_ARGUMENT) + 1);
    T_EQ(lookup("h\xc3\xa9llo"), E(INVALID_ARGUMENT) + 1);
    t_finish();

    static const char *const bad[][1] = {
        {"tcp:127.0.0.1"}, {"tcp:127.0.0.1:70000"}, {"icmp:*:*"},
        {"udp:1.2.3:4"}, {"tcp:[::1:*"}, {"tcp:*:9-8"}};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        KilnWasiConfig b = config(0, 1, bad[i]);
        char err[256] = "";
        void *h = kiln_wasi_p2_new(&b, err, sizeof err);
        T_TRUE(h == NULL);
        T_TRUE(strstr(err, "bad network rule") != NULL);
        kiln_wasi_p2_free(h);
    }
}

/* resolve-addresses returns at once; resolve-next-address says
 * would-block until the host thread is done, and the pollable waits for
 * it.  A stream dropped before its lookup ends is freed by the thread. */
static void test_lookup_async(void)
{
    KilnWasiConfig c = config(KILN_NET_NAME_LOOKUP, 0, NULL);
    t_setup(&c);
    uint32_t n = network();
    for (int i = 0; i < 4; i++) {
        wasi_sockets_ip_name_lookup_result_own_resolve_address_stream_wasi_sockets_network_error_code_t r;
        wasi_sockets_ip_name_lookup_resolve_addresses(
            &t_cx, n, (const uint8_t *)"localhost", 9, &r);
        T_EQ(r.is_err, 0);
        t_drop(KILN_HR_wasi_sockets_ip_name_lookup_resolve_address_stream,
               r.val.ok);
    }
    wasi_sockets_ip_name_lookup_result_own_resolve_address_stream_wasi_sockets_network_error_code_t r;
    wasi_sockets_ip_name_lookup_resolve_addresses(
        &t_cx, n, (const uint8_t *)"localhost", 9, &r);
    T_EQ(r.is_err, 0);
    bool loopback = false;
    int blocked = 0;
    for (;;) {
        wasi_sockets_ip_name_lookup_result_option_wasi_sockets_network_ip_address_wasi_sockets_network_error_code_t a;
        wasi_sockets_ip_name_lookup_resolve_address_stream_resolve_next_address(
            &t_cx, r.val.ok, &a);
        if (a.is_err && a.val.err == E(WOULD_BLOCK)) {
            uint32_t p;
            wasi_sockets_ip_name_lookup_resolve_address_stream_subscribe(
                &t_cx, r.val.ok, &p);
            wasi_io_poll_pollable_block(&t_cx, p);
            t_drop(KILN_HR_wasi_io_poll_pollable, p);
            T_TRUE(++blocked < 100);
            continue;
        }
        T_EQ(a.is_err, 0);
        if (a.is_err || !a.val.ok.is_some)
            break;
        if (a.val.ok.val.tag == WASI_SOCKETS_NETWORK_IP_ADDRESS_IPV4 &&
            a.val.ok.val.val.ipv4.f0 == 127 && a.val.ok.val.val.ipv4.f3 == 1)
            loopback = true;
    }
    T_TRUE(loopback);
    t_drop(KILN_HR_wasi_sockets_ip_name_lookup_resolve_address_stream, r.val.ok);
    t_drop(KILN_HR_wasi_sockets_network_network, n);
    t_finish();
}

static void test_error_code(void)
{
    KilnWasiConfig c = config(0, 0, NULL);
    t_setup(&c);
    static const struct {
        int e;
        bool some;
        uint8_t code;
    } cases[] = {
        {ECONNREFUSED, true, E(CONNECTION_REFUSED)},
        {ECONNRESET, true, E(CONNECTION_RESET)},
        {EADDRINUSE, true, E(ADDRESS_IN_USE)},
        {ETIMEDOUT, true, E(TIMEOUT)},
        {EHOSTUNREACH, true, E(REMOTE_UNREACHABLE)},
        {EMSGSIZE, true, E(DATAGRAM_TOO_LARGE)},
        {EISDIR, false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        uint32_t h = kiln_cx_new_own(&t_cx, KILN_HR_wasi_io_error_error,
                                     p2_error_new(cases[i].e));
        wasi_sockets_network_option_error_code_t r;
        wasi_sockets_network_network_error_code(&t_cx, h, &r);
        T_EQ(r.is_some, cases[i].some);
        if (cases[i].some)
            T_EQ(r.val, cases[i].code);
        t_drop(KILN_HR_wasi_io_error_error, h);
    }
    t_finish();
}

/* A guest listener, a native client: bytes both ways through the io
 * streams accept returns. */
static void test_tcp_native_peer(void)
{
    KilnWasiConfig c = config(KILN_NET_INHERIT, 0, NULL);
    t_setup(&c);
    uint32_t n = network(), ls = tcp_socket(false);
    Addr a = v4(127, 0, 0, 1, 0);
    TVoid r;
    wasi_sockets_tcp_tcp_socket_start_bind(&t_cx, ls, n, &a, &r);
    T_EQ(r.is_err, 0);
    wasi_sockets_tcp_tcp_socket_finish_bind(&t_cx, ls, &r);
    wasi_sockets_tcp_tcp_socket_finish_bind(&t_cx, ls, &r);
    T_EQ(r.val.err, E(NOT_IN_PROGRESS));
    /* Bound, and between start-listen and finish-listen, the socket's
     * pollable is ready at once; a listener's when a connection waits. */
    uint32_t pl;
    bool ready;
    wasi_sockets_tcp_tcp_socket_subscribe(&t_cx, ls, &pl);
    wasi_io_poll_pollable_ready(&t_cx, pl, &ready);
    T_EQ(ready, 1);
    t_drop(KILN_HR_wasi_io_poll_pollable, pl);
    wasi_sockets_tcp_tcp_socket_start_listen(&t_cx, ls, &r);
    T_EQ(r.is_err, 0);
    wasi_sockets_tcp_tcp_socket_subscribe(&t_cx, ls, &pl);
    wasi_io_poll_pollable_ready(&t_cx, pl, &ready);
    T_EQ(ready, 1);
    t_drop(KILN_HR_wasi_io_poll_pollable, pl);
    wasi_sockets_tcp_tcp_socket_finish_listen(&t_cx, ls, &r);
    T_EQ(r.is_err, 0);
    wasi_sockets_tcp_tcp_socket_subscribe(&t_cx, ls, &pl);
    wasi_sockets_tcp_result_wasi_sockets_network_ip_socket_address_wasi_sockets_network_error_code_t la;
    wasi_sockets_tcp_tcp_socket_local_address(&t_cx, ls, &la);
    T_EQ(la.is_err, 0);
    uint16_t port = la.val.ok.val.ipv4.port;

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port)};
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    wasi_io_poll_pollable_ready(&t_cx, pl, &ready);
    T_EQ(ready, 0);
    T_EQ(connect(fd, (struct sockaddr *)&sin, sizeof sin), 0);
    T_EQ(write(fd, "hello", 5), 5);
    wasi_io_poll_pollable_block(&t_cx, pl);
    t_drop(KILN_HR_wasi_io_poll_pollable, pl);

    wasi_sockets_tcp_result_tuple3_own_tcp_socket_wasi_io_streams_own_input_stream_wasi_io_streams_own_output_stream_wasi_sockets_network_error_code_t ar;
    wasi_sockets_tcp_tcp_socket_accept(&t_cx, ls, &ar);
    T_EQ(ar.is_err, 0);
    wasi_io_streams_result_list_u8_stream_error_t rd;
    wasi_io_streams_input_stream_blocking_read(&t_cx, ar.val.ok.f1, 64, &rd);
    T_EQ(rd.is_err, 0);
    T_GUEST_STR(rd.val.ok.ptr, rd.val.ok.len, "hello");
    wasi_io_streams_result_void_stream_error_t wr;
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, ar.val.ok.f2, (const uint8_t *)"world", 5, &wr);
    T_EQ(wr.is_err, 0);
    char buf[8] = "";
    T_EQ(read(fd, buf, sizeof buf), 5);
    T_EQ(memcmp(buf, "world", 5), 0);
    /* The guest shuts down its sending side: the client sees the end. */
    wasi_sockets_tcp_tcp_socket_shutdown(&t_cx, ar.val.ok.f0,
                                         WASI_SOCKETS_TCP_SHUTDOWN_TYPE_SEND, &r);
    T_EQ(r.is_err, 0);
    T_EQ(read(fd, buf, sizeof buf), 0);
    /* The client closes: the guest's read reports the end as closed,
     * and writes fail (EPIPE or ECONNRESET) without SIGPIPE killing the
     * program. */
    close(fd);
    wasi_io_streams_input_stream_blocking_read(&t_cx, ar.val.ok.f1, 64, &rd);
    T_EQ(rd.is_err, 1);
    T_EQ(rd.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    static uint8_t chunk[4096];
    int tries = 0;
    do {
        wasi_io_streams_output_stream_blocking_write_and_flush(
            &t_cx, ar.val.ok.f2, chunk, sizeof chunk, &wr);
        usleep(1000);
    } while (!wr.is_err && ++tries < 100);
    T_EQ(wr.is_err, 1);
    t_finish();
}

/* A pollable taken before bind follows the socket (tcp.wit subscribe):
 * ready while steps complete at once, then waiting for a connection once
 * the socket listens, and ready again when one arrives; it outlives the
 * socket's handle. */
static void test_tcp_pollable_follows_state(void)
{
    KilnWasiConfig c = config(KILN_NET_INHERIT, 0, NULL);
    t_setup(&c);
    uint32_t n = network(), ls = tcp_socket(false), pl;
    bool ready;
    wasi_sockets_tcp_tcp_socket_subscribe(&t_cx, ls, &pl);
    wasi_io_poll_pollable_ready(&t_cx, pl, &ready);
    T_EQ(ready, 1);
    Addr a = v4(127, 0, 0, 1, 0);
    TVoid r;
    wasi_sockets_tcp_tcp_socket_start_bind(&t_cx, ls, n, &a, &r);
    wasi_sockets_tcp_tcp_socket_finish_bind(&t_cx, ls, &r);
    wasi_sockets_tcp_tcp_socket_start_listen(&t_cx, ls, &r);
    wasi_io_poll_pollable_ready(&t_cx, pl, &ready);
    T_EQ(ready, 1); /* finish-listen completes at once */
    wasi_sockets_tcp_tcp_socket_finish_listen(&t_cx, ls, &r);
    T_EQ(r.is_err, 0);
    wasi_io_poll_pollable_ready(&t_cx, pl, &ready);
    T_EQ(ready, 0); /* listening, nobody connecting */
    wasi_sockets_tcp_result_wasi_sockets_network_ip_socket_address_wasi_sockets_network_error_code_t la;
    wasi_sockets_tcp_tcp_socket_local_address(&t_cx, ls, &la);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sin = {.sin_family = AF_INET,
                              .sin_port = htons(la.val.ok.val.ipv4.port)};
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    T_EQ(connect(fd, (struct sockaddr *)&sin, sizeof sin), 0);
    wasi_io_poll_pollable_block(&t_cx, pl);
    wasi_io_poll_pollable_ready(&t_cx, pl, &ready);
    T_EQ(ready, 1);
    t_drop(KILN_HR_wasi_sockets_tcp_tcp_socket, ls);
    wasi_io_poll_pollable_ready(&t_cx, pl, &ready); /* still valid memory */
    t_drop(KILN_HR_wasi_io_poll_pollable, pl);
    close(fd);
    t_finish();
}

/* A TCP connection over [::1] made entirely through the host functions
 * (skipped when the host has no IPv6 loopback), then a second listener
 * on the same port: address-in-use at listen (SO_REUSEADDR lets the bind
 * itself through, as tcp.wit asks). */
static void test_tcp_v6(void)
{
    KilnWasiConfig c = config(KILN_NET_INHERIT, 0, NULL);
    t_setup(&c);
    uint32_t n = network(), ls = tcp_socket(true);
    Addr a = v6_loopback(0);
    TVoid r;
    wasi_sockets_tcp_tcp_socket_start_bind(&t_cx, ls, n, &a, &r);
    if (r.is_err) {
        T_EQ(r.val.err, E(ADDRESS_NOT_BINDABLE));
        fprintf(stderr, "no IPv6 loopback: test_tcp_v6 skipped\n");
        t_finish();
        return;
    }
    wasi_sockets_tcp_tcp_socket_finish_bind(&t_cx, ls, &r);
    wasi_sockets_tcp_tcp_socket_start_listen(&t_cx, ls, &r);
    wasi_sockets_tcp_tcp_socket_finish_listen(&t_cx, ls, &r);
    T_EQ(r.is_err, 0);
    wasi_sockets_tcp_result_wasi_sockets_network_ip_socket_address_wasi_sockets_network_error_code_t la;
    wasi_sockets_tcp_tcp_socket_local_address(&t_cx, ls, &la);
    T_EQ(la.val.ok.tag, WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV6);
    T_EQ(la.val.ok.val.ipv6.address.f7, 1);
    T_EQ(la.val.ok.val.ipv6.address.f0, 0);
    uint16_t port = la.val.ok.val.ipv6.port;

    uint32_t cs = tcp_socket(true);
    Addr to = v6_loopback(port);
    wasi_sockets_tcp_tcp_socket_start_connect(&t_cx, cs, n, &to, &r);
    T_EQ(r.is_err, 0);
    wasi_sockets_tcp_result_tuple2_wasi_io_streams_own_input_stream_wasi_io_streams_own_output_stream_wasi_sockets_network_error_code_t cr;
    for (int i = 0; i < 1000; i++) {
        wasi_sockets_tcp_tcp_socket_finish_connect(&t_cx, cs, &cr);
        if (!cr.is_err || cr.val.err != E(WOULD_BLOCK))
            break;
        uint32_t p;
        wasi_sockets_tcp_tcp_socket_subscribe(&t_cx, cs, &p);
        wasi_io_poll_pollable_block(&t_cx, p);
        t_drop(KILN_HR_wasi_io_poll_pollable, p);
    }
    T_EQ(cr.is_err, 0);
    wasi_sockets_tcp_result_wasi_sockets_network_ip_socket_address_wasi_sockets_network_error_code_t ra;
    wasi_sockets_tcp_tcp_socket_remote_address(&t_cx, cs, &ra);
    T_EQ(ra.val.ok.tag, WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV6);
    T_EQ(ra.val.ok.val.ipv6.port, port);
    wasi_sockets_tcp_result_tuple3_own_tcp_socket_wasi_io_streams_own_input_stream_wasi_io_streams_own_output_stream_wasi_sockets_network_error_code_t ar;
    wasi_sockets_tcp_tcp_socket_accept(&t_cx, ls, &ar);
    T_EQ(ar.is_err, 0);
    wasi_sockets_network_ip_address_family_t fam;
    wasi_sockets_tcp_tcp_socket_address_family(&t_cx, ar.val.ok.f0, &fam);
    T_EQ(fam, WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV6);
    wasi_io_streams_result_void_stream_error_t wr;
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, cr.val.ok.f1, (const uint8_t *)"six", 3, &wr);
    T_EQ(wr.is_err, 0);
    wasi_io_streams_result_list_u8_stream_error_t rd;
    wasi_io_streams_input_stream_blocking_read(&t_cx, ar.val.ok.f1, 64, &rd);
    T_EQ(rd.is_err, 0);
    T_GUEST_STR(rd.val.ok.ptr, rd.val.ok.len, "six");
    /* An IPv4-mapped address on an IPv6 socket is invalid-argument. */
    uint32_t ms = tcp_socket(true);
    Addr mapped = v6_loopback(port);
    mapped.val.ipv6.address.f7 = 0x0001;
    mapped.val.ipv6.address.f6 = 0x7f00;
    mapped.val.ipv6.address.f5 = 0xffff;
    wasi_sockets_tcp_tcp_socket_start_connect(&t_cx, ms, n, &mapped, &r);
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err, E(INVALID_ARGUMENT));
    /* A second listener on the listener's port. */
    uint32_t dup = tcp_socket(true);
    Addr same = v6_loopback(port);
    wasi_sockets_tcp_tcp_socket_start_bind(&t_cx, dup, n, &same, &r);
    if (!r.is_err) {
        wasi_sockets_tcp_tcp_socket_finish_bind(&t_cx, dup, &r);
        wasi_sockets_tcp_tcp_socket_start_listen(&t_cx, dup, &r);
    }
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err, E(ADDRESS_IN_USE));
    t_finish();
}

/* ---- UDP: the receive list in guest memory, and the traps ---------------- */

static uint32_t udp_bound(uint32_t n, uint16_t *port)
{
    uint32_t s = udp_socket();
    Addr a = v4(127, 0, 0, 1, 0);
    UVoid r;
    wasi_sockets_udp_udp_socket_start_bind(&t_cx, s, n, &a, &r);
    T_EQ(r.is_err, 0);
    wasi_sockets_udp_udp_socket_finish_bind(&t_cx, s, &r);
    T_EQ(r.is_err, 0);
    wasi_sockets_udp_result_wasi_sockets_network_ip_socket_address_wasi_sockets_network_error_code_t la;
    wasi_sockets_udp_udp_socket_local_address(&t_cx, s, &la);
    *port = la.val.ok.val.ipv4.port;
    return s;
}

typedef wasi_sockets_udp_result_tuple2_own_incoming_datagram_stream_own_outgoing_datagram_stream_wasi_sockets_network_error_code_t
    StreamRes;

static uint32_t trap_sock, trap_out;

static void second_stream(void *arg)
{
    (void)arg;
    wasi_sockets_udp_option_wasi_sockets_network_ip_socket_address_t none;
    memset(&none, 0, sizeof none);
    StreamRes r;
    wasi_sockets_udp_udp_socket_stream(&t_cx, trap_sock, &none, &r);
}

static void send_two(void *arg)
{
    (void)arg;
    wasi_sockets_udp_outgoing_datagram_t d[2];
    memset(d, 0, sizeof d);
    wasi_sockets_udp_result_u64_wasi_sockets_network_error_code_t r;
    wasi_sockets_udp_outgoing_datagram_stream_send(&t_cx, trap_out, d, 2, &r);
}

static void test_udp(void)
{
    KilnWasiConfig c = config(KILN_NET_INHERIT, 0, NULL);
    t_setup(&c);
    uint32_t n = network();
    uint16_t port;
    uint32_t s = udp_bound(n, &port);
    wasi_sockets_udp_option_wasi_sockets_network_ip_socket_address_t none;
    memset(&none, 0, sizeof none);
    StreamRes sr;
    wasi_sockets_udp_udp_socket_stream(&t_cx, s, &none, &sr);
    T_EQ(sr.is_err, 0);

    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in sin = {.sin_family = AF_INET, .sin_port = htons(port)};
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    T_EQ(sendto(fd, "ab", 2, 0, (struct sockaddr *)&sin, sizeof sin), 2);
    T_EQ(sendto(fd, "cde", 3, 0, (struct sockaddr *)&sin, sizeof sin), 3);
    usleep(20000);
    struct sockaddr_in me;
    socklen_t ml = sizeof me;
    getsockname(fd, (struct sockaddr *)&me, &ml);

    t_log_reset();
    wasi_sockets_udp_result_list_incoming_datagram_wasi_sockets_network_error_code_t rr;
    wasi_sockets_udp_incoming_datagram_stream_receive(&t_cx, sr.val.ok.f0, 10, &rr);
    T_EQ(rr.is_err, 0);
    T_EQ(rr.val.ok.len, 2);
    /* The list (2 x 40 bytes, align 4) first, then each datagram's data. */
    T_EQ(t_nlog, 3);
    T_EQ(t_log[0].size, 80);
    T_EQ(t_log[0].align, 4);
    T_EQ(t_log[1].size, 2);
    T_EQ(t_log[2].size, 3);
    uint32_t e0 = rr.val.ok.ptr;
    T_GUEST_STR(t_ld32(e0), t_ld32(e0 + 4), "ab");
    T_GUEST_STR(t_ld32(e0 + 40), t_ld32(e0 + 44), "cde");
    /* remote-address: variant tag at +8, payload (ipv4 port first) at +12. */
    T_EQ(t_mem(e0 + 8)[0], WASI_SOCKETS_NETWORK_IP_SOCKET_ADDRESS_IPV4);
    uint16_t from;
    memcpy(&from, t_mem(e0 + 12), 2);
    T_EQ(from, ntohs(me.sin_port));
    /* Nothing queued: an empty list, not an error; max-results 0 too. */
    wasi_sockets_udp_incoming_datagram_stream_receive(&t_cx, sr.val.ok.f0, 10, &rr);
    T_EQ(rr.is_err, 0);
    T_EQ(rr.val.ok.len, 0);

    trap_sock = s;
    T_EQ(t_guard(second_stream, NULL), KILN_TRAP_HOST);
    trap_out = sr.val.ok.f1;
    wasi_sockets_udp_result_u64_wasi_sockets_network_error_code_t cs;
    wasi_sockets_udp_outgoing_datagram_stream_check_send(&t_cx, trap_out, &cs);
    T_EQ(cs.is_err, 0);
    T_TRUE(cs.val.ok >= 1);
    /* Spend the grant but one, then ask for two. */
    wasi_sockets_udp_outgoing_datagram_t d;
    memset(&d, 0, sizeof d);
    d.remote_address.is_some = true;
    d.remote_address.val = v4(127, 0, 0, 1, ntohs(me.sin_port));
    for (uint64_t i = 0; i + 1 < cs.val.ok; i++) {
        wasi_sockets_udp_result_u64_wasi_sockets_network_error_code_t sent;
        wasi_sockets_udp_outgoing_datagram_stream_send(&t_cx, trap_out, &d, 1, &sent);
        T_EQ(sent.is_err, 0);
    }
    T_EQ(t_guard(send_two, NULL), KILN_TRAP_HOST);

    /* The socket goes first; the streams still work, then free it. */
    t_drop(KILN_HR_wasi_sockets_udp_udp_socket, s);
    wasi_sockets_udp_incoming_datagram_stream_receive(&t_cx, sr.val.ok.f0, 1, &rr);
    T_EQ(rr.is_err, 0);
    t_drop(KILN_HR_wasi_sockets_udp_incoming_datagram_stream, sr.val.ok.f0);
    t_drop(KILN_HR_wasi_sockets_udp_outgoing_datagram_stream, sr.val.ok.f1);
    close(fd);
    t_finish();
}

int main(void)
{
    test_no_network();
    test_rules();
    test_error_code();
    test_lookup_async();
    test_tcp_native_peer();
    test_tcp_pollable_follows_state();
    test_tcp_v6();
    test_udp();
    return t_result();
}
