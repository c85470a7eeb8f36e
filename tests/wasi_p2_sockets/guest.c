/* The wasi:sockets test guest (world kiln:socktest/guest, bindings from
 * `kiln bindgen c`): a command whose first argument picks a scenario,
 * each on loopback and printing what the host answers, one fact a line.
 *   tcp     a TCP server and a client in one instance: bind, listen,
 *           non-blocking connect, accept, a request and a reply over the
 *           streams, shutdown, options and the state machine's errors
 *   udp     two UDP sockets: a datagram batch each way, fixed peer and
 *           explicit addresses, sender addresses, errors
 *   lookup  resolve-addresses of localhost, an IP literal, bad names
 *   denied  every operation the capability guards, expecting
 *           access-denied (run with no network flags)
 *   tcp-only  TCP works and UDP and lookups are denied (--allow-tcp) */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "guest.h"

static guest_streams_own_output_stream_t out;

static void say(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
    va_end(ap);
    buf[n++] = '\n';
    guest_list_u8_t l = {(uint8_t *)buf, (size_t)n};
    guest_streams_output_stream_blocking_write_and_flush(
        (guest_streams_borrow_output_stream_t){out.handle}, l);
}

static const char *const codes[] = {
    "unknown", "access-denied", "not-supported", "invalid-argument",
    "out-of-memory", "timeout", "concurrency-conflict", "not-in-progress",
    "would-block", "invalid-state", "new-socket-limit",
    "address-not-bindable", "address-in-use", "remote-unreachable",
    "connection-refused", "connection-reset", "connection-aborted",
    "datagram-too-large", "name-unresolvable", "temporary-resolver-failure",
    "permanent-resolver-failure"};

#define RES(what, r)                                                       \
    say("%s: %s", what, (r).is_err ? codes[(r).val.err] : "ok")

static guest_network_own_network_t net;
#define NET ((guest_network_borrow_network_t){net.handle})
#define TCP(s) ((guest_tcp_borrow_tcp_socket_t){(s).handle})
#define UDP(s) ((guest_udp_borrow_udp_socket_t){(s).handle})

static guest_network_ip_socket_address_t v4(uint8_t a, uint8_t b, uint8_t c,
                                            uint8_t d, uint16_t port)
{
    guest_network_ip_socket_address_t s;
    memset(&s, 0, sizeof s);
    s.tag = GUEST_NETWORK_IP_SOCKET_ADDRESS_IPV4;
    s.val.ipv4.port = port;
    s.val.ipv4.address.f0 = a;
    s.val.ipv4.address.f1 = b;
    s.val.ipv4.address.f2 = c;
    s.val.ipv4.address.f3 = d;
    return s;
}

static const char *addr_str(const guest_network_ip_socket_address_t *a,
                            bool with_port)
{
    static char buf[64];
    if (a->tag != GUEST_NETWORK_IP_SOCKET_ADDRESS_IPV4) {
        snprintf(buf, sizeof buf, "ipv6");
        return buf;
    }
    const guest_tuple4_u8_u8_u8_u8_t *t = &a->val.ipv4.address;
    if (with_port)
        snprintf(buf, sizeof buf, "%u.%u.%u.%u:%u", t->f0, t->f1, t->f2, t->f3,
                 a->val.ipv4.port);
    else
        snprintf(buf, sizeof buf, "%u.%u.%u.%u", t->f0, t->f1, t->f2, t->f3);
    return buf;
}

static void wait_for(guest_poll_own_pollable_t p)
{
    guest_poll_pollable_block((guest_poll_borrow_pollable_t){p.handle});
    guest_poll_pollable_drop(p);
}

static guest_tcp_own_tcp_socket_t tcp_new(void)
{
    guest_result_tcp_own_tcp_socket_network_error_code_t r =
        guest_tcp_create_socket_create_tcp_socket(
            GUEST_NETWORK_IP_ADDRESS_FAMILY_IPV4);
    if (r.is_err) {
        say("create-tcp-socket: %s", codes[r.val.err]);
        return (guest_tcp_own_tcp_socket_t){-1};
    }
    return r.val.ok;
}

/* A TCP listener on 127.0.0.1 (ephemeral port); its port in *port. */
static bool tcp_listener(guest_tcp_own_tcp_socket_t *ls, uint16_t *port)
{
    *ls = tcp_new();
    guest_result_void_network_error_code_t r =
        guest_tcp_tcp_socket_start_bind(TCP(*ls), NET, v4(127, 0, 0, 1, 0));
    RES("listener start-bind", r);
    if (r.is_err)
        return false;
    RES("listener finish-bind", guest_tcp_tcp_socket_finish_bind(TCP(*ls)));
    RES("listener set-listen-backlog-size 16",
        guest_tcp_tcp_socket_set_listen_backlog_size(TCP(*ls), 16));
    say("listener is-listening before listen: %d",
        guest_tcp_tcp_socket_is_listening(TCP(*ls)));
    RES("listener start-listen", guest_tcp_tcp_socket_start_listen(TCP(*ls)));
    RES("listener finish-listen", guest_tcp_tcp_socket_finish_listen(TCP(*ls)));
    say("listener is-listening: %d", guest_tcp_tcp_socket_is_listening(TCP(*ls)));
    guest_result_network_ip_socket_address_network_error_code_t a =
        guest_tcp_tcp_socket_local_address(TCP(*ls));
    say("listener local-address: %s", a.is_err ? codes[a.val.err]
                                                : addr_str(&a.val.ok, false));
    *port = a.val.ok.val.ipv4.port;
    say("listener port nonzero: %d", *port != 0);
    return true;
}

static void write_all(guest_streams_own_output_stream_t o, const char *s)
{
    guest_list_u8_t l = {(uint8_t *)s, strlen(s)};
    guest_result_void_streams_stream_error_t r =
        guest_streams_output_stream_blocking_write_and_flush(
            (guest_streams_borrow_output_stream_t){o.handle}, l);
    say("write \"%s\": %s", s, r.is_err ? "error" : "ok");
}

static void read_some(const char *who, guest_streams_own_input_stream_t in)
{
    guest_result_list_u8_streams_stream_error_t r =
        guest_streams_input_stream_blocking_read(
            (guest_streams_borrow_input_stream_t){in.handle}, 100);
    if (r.is_err)
        say("%s read: %s", who,
            r.val.err.tag == GUEST_STREAMS_STREAM_ERROR_CLOSED ? "closed"
                                                               : "failed");
    else
        say("%s read: \"%.*s\"", who, (int)r.val.ok.len,
            (const char *)r.val.ok.ptr);
    if (!r.is_err)
        guest_list_u8_free(&r.val.ok);
}

static void tcp_options(guest_tcp_own_tcp_socket_t s)
{
    RES("set-keep-alive-enabled true",
        guest_tcp_tcp_socket_set_keep_alive_enabled(TCP(s), true));
    guest_result_bool_network_error_code_t ka =
        guest_tcp_tcp_socket_keep_alive_enabled(TCP(s));
    say("keep-alive-enabled: %d", !ka.is_err && ka.val.ok);
    RES("set-keep-alive-idle-time 0",
        guest_tcp_tcp_socket_set_keep_alive_idle_time(TCP(s), 0));
    RES("set-keep-alive-idle-time 1.5s",
        guest_tcp_tcp_socket_set_keep_alive_idle_time(TCP(s), 1500000000ull));
    guest_result_u64_network_error_code_t d =
        guest_tcp_tcp_socket_keep_alive_idle_time(TCP(s));
    say("keep-alive-idle-time: %llu ns", (unsigned long long)d.val.ok);
    RES("set-keep-alive-interval 3s",
        guest_tcp_tcp_socket_set_keep_alive_interval(TCP(s), 3000000000ull));
    d = guest_tcp_tcp_socket_keep_alive_interval(TCP(s));
    say("keep-alive-interval: %llu ns", (unsigned long long)d.val.ok);
    RES("set-keep-alive-count 0",
        guest_tcp_tcp_socket_set_keep_alive_count(TCP(s), 0));
    RES("set-keep-alive-count 4",
        guest_tcp_tcp_socket_set_keep_alive_count(TCP(s), 4));
    guest_result_u32_network_error_code_t c =
        guest_tcp_tcp_socket_keep_alive_count(TCP(s));
    say("keep-alive-count: %u", c.val.ok);
    RES("set-hop-limit 0", guest_tcp_tcp_socket_set_hop_limit(TCP(s), 0));
    RES("set-hop-limit 42", guest_tcp_tcp_socket_set_hop_limit(TCP(s), 42));
    guest_result_u8_network_error_code_t h =
        guest_tcp_tcp_socket_hop_limit(TCP(s));
    say("hop-limit: %u", h.val.ok);
    RES("set-receive-buffer-size 0",
        guest_tcp_tcp_socket_set_receive_buffer_size(TCP(s), 0));
    RES("set-receive-buffer-size 65536",
        guest_tcp_tcp_socket_set_receive_buffer_size(TCP(s), 65536));
    d = guest_tcp_tcp_socket_receive_buffer_size(TCP(s));
    say("receive-buffer-size >= 65536: %d", !d.is_err && d.val.ok >= 65536);
    RES("set-send-buffer-size 65536",
        guest_tcp_tcp_socket_set_send_buffer_size(TCP(s), 65536));
    d = guest_tcp_tcp_socket_send_buffer_size(TCP(s));
    say("send-buffer-size >= 65536: %d", !d.is_err && d.val.ok >= 65536);
}

static void scenario_tcp(void)
{
    guest_tcp_own_tcp_socket_t ls;
    uint16_t port;
    if (!tcp_listener(&ls, &port))
        return;
    say("listener accept before a client: %s",
        codes[guest_tcp_tcp_socket_accept(TCP(ls)).val.err]);

    guest_tcp_own_tcp_socket_t cs = tcp_new();
    say("client address-family ipv4: %d",
        guest_tcp_tcp_socket_address_family(TCP(cs)) ==
            GUEST_NETWORK_IP_ADDRESS_FAMILY_IPV4);
    RES("client finish-connect before start",
        guest_tcp_tcp_socket_finish_connect(TCP(cs)));
    RES("client start-listen unbound", guest_tcp_tcp_socket_start_listen(TCP(cs)));
    RES("client local-address unbound",
        guest_tcp_tcp_socket_local_address(TCP(cs)));
    RES("client start-connect port 0",
        guest_tcp_tcp_socket_start_connect(TCP(cs), NET, v4(127, 0, 0, 1, 0)));
    RES("client start-connect 0.0.0.0",
        guest_tcp_tcp_socket_start_connect(TCP(cs), NET, v4(0, 0, 0, 0, port)));
    RES("client start-connect",
        guest_tcp_tcp_socket_start_connect(TCP(cs), NET, v4(127, 0, 0, 1, port)));
    RES("client start-connect again",
        guest_tcp_tcp_socket_start_connect(TCP(cs), NET, v4(127, 0, 0, 1, port)));
    guest_result_tuple2_streams_own_input_stream_streams_own_output_stream_network_error_code_t
        cr;
    for (;;) {
        cr = guest_tcp_tcp_socket_finish_connect(TCP(cs));
        if (!cr.is_err || cr.val.err != GUEST_NETWORK_ERROR_CODE_WOULD_BLOCK)
            break;
        wait_for(guest_tcp_tcp_socket_subscribe(TCP(cs)));
    }
    RES("client finish-connect", cr);
    if (cr.is_err)
        return;
    guest_result_network_ip_socket_address_network_error_code_t ra =
        guest_tcp_tcp_socket_remote_address(TCP(cs));
    say("client remote-address is the listener: %d",
        !ra.is_err && ra.val.ok.val.ipv4.port == port);

    wait_for(guest_tcp_tcp_socket_subscribe(TCP(ls)));
    guest_result_tuple3_tcp_own_tcp_socket_streams_own_input_stream_streams_own_output_stream_network_error_code_t
        ar = guest_tcp_tcp_socket_accept(TCP(ls));
    RES("listener accept", ar);
    if (ar.is_err)
        return;
    guest_tcp_own_tcp_socket_t ss = ar.val.ok.f0;
    guest_result_network_ip_socket_address_network_error_code_t la =
        guest_tcp_tcp_socket_local_address(TCP(cs));
    ra = guest_tcp_tcp_socket_remote_address(TCP(ss));
    say("server remote-address is the client: %d",
        !la.is_err && !ra.is_err &&
            la.val.ok.val.ipv4.port == ra.val.ok.val.ipv4.port);
    say("server is-listening: %d", guest_tcp_tcp_socket_is_listening(TCP(ss)));

    write_all(cr.val.ok.f1, "ping");
    read_some("server", ar.val.ok.f1);
    write_all(ar.val.ok.f2, "pong");
    read_some("client", cr.val.ok.f0);
    tcp_options(cs);

    RES("client shutdown send",
        guest_tcp_tcp_socket_shutdown(TCP(cs), GUEST_TCP_SHUTDOWN_TYPE_SEND));
    read_some("server", ar.val.ok.f1);
    RES("listener shutdown", guest_tcp_tcp_socket_shutdown(TCP(ls),
                                                          GUEST_TCP_SHUTDOWN_TYPE_BOTH));

    guest_streams_input_stream_drop(cr.val.ok.f0);
    guest_streams_output_stream_drop(cr.val.ok.f1);
    guest_tcp_tcp_socket_drop(cs);
    read_some("server after client drop", ar.val.ok.f1);
    guest_streams_input_stream_drop(ar.val.ok.f1);
    guest_streams_output_stream_drop(ar.val.ok.f2);
    guest_tcp_tcp_socket_drop(ss);

    /* A port nobody listens on: the listener's, once it is closed. */
    guest_tcp_tcp_socket_drop(ls);
    guest_tcp_own_tcp_socket_t rs = tcp_new();
    RES("refused start-connect",
        guest_tcp_tcp_socket_start_connect(TCP(rs), NET, v4(127, 0, 0, 1, port)));
    for (;;) {
        cr = guest_tcp_tcp_socket_finish_connect(TCP(rs));
        if (!cr.is_err || cr.val.err != GUEST_NETWORK_ERROR_CODE_WOULD_BLOCK)
            break;
        wait_for(guest_tcp_tcp_socket_subscribe(TCP(rs)));
    }
    RES("refused finish-connect", cr);
    RES("refused start-connect again",
        guest_tcp_tcp_socket_start_connect(TCP(rs), NET, v4(127, 0, 0, 1, port)));
    guest_tcp_tcp_socket_drop(rs);

    guest_result_tcp_own_tcp_socket_network_error_code_t s6 =
        guest_tcp_create_socket_create_tcp_socket(
            GUEST_NETWORK_IP_ADDRESS_FAMILY_IPV6);
    if (!s6.is_err) {
        RES("ipv6 socket start-bind ipv4 address",
            guest_tcp_tcp_socket_start_bind(TCP(s6.val.ok), NET,
                                            v4(127, 0, 0, 1, 0)));
        guest_tcp_tcp_socket_drop(s6.val.ok);
    }
}

static guest_udp_own_udp_socket_t udp_bound(const char *who)
{
    guest_result_udp_own_udp_socket_network_error_code_t r =
        guest_udp_create_socket_create_udp_socket(
            GUEST_NETWORK_IP_ADDRESS_FAMILY_IPV4);
    if (r.is_err) {
        say("%s create-udp-socket: %s", who, codes[r.val.err]);
        return (guest_udp_own_udp_socket_t){-1};
    }
    char what[64];
    snprintf(what, sizeof what, "%s start-bind", who);
    guest_result_void_network_error_code_t b =
        guest_udp_udp_socket_start_bind(UDP(r.val.ok), NET, v4(127, 0, 0, 1, 0));
    RES(what, b);
    wait_for(guest_udp_udp_socket_subscribe(UDP(r.val.ok)));
    snprintf(what, sizeof what, "%s finish-bind", who);
    RES(what, guest_udp_udp_socket_finish_bind(UDP(r.val.ok)));
    return r.val.ok;
}

static void receive_all(const char *who, guest_udp_own_incoming_datagram_stream_t in,
                        size_t want)
{
    size_t got = 0;
    while (got < want) {
        wait_for(guest_udp_incoming_datagram_stream_subscribe(
            (guest_udp_borrow_incoming_datagram_stream_t){in.handle}));
        guest_result_list_udp_incoming_datagram_network_error_code_t r =
            guest_udp_incoming_datagram_stream_receive(
                (guest_udp_borrow_incoming_datagram_stream_t){in.handle}, 10);
        if (r.is_err) {
            say("%s receive: %s", who, codes[r.val.err]);
            return;
        }
        for (size_t i = 0; i < r.val.ok.len; i++) {
            guest_udp_incoming_datagram_t *d = &r.val.ok.ptr[i];
            say("%s received \"%.*s\" from port %s", who, (int)d->data.len,
                (const char *)d->data.ptr,
                d->remote_address.val.ipv4.port ? "nonzero" : "0");
        }
        got += r.val.ok.len;
        guest_list_udp_incoming_datagram_free(&r.val.ok);
    }
}

static void scenario_udp(void)
{
    guest_udp_own_udp_socket_t a = udp_bound("a"), b = udp_bound("b");
    guest_result_network_ip_socket_address_network_error_code_t aa =
        guest_udp_udp_socket_local_address(UDP(a));
    guest_result_network_ip_socket_address_network_error_code_t ba =
        guest_udp_udp_socket_local_address(UDP(b));
    say("a local-address: %s", addr_str(&aa.val.ok, false));
    RES("a remote-address unconnected", guest_udp_udp_socket_remote_address(UDP(a)));

    guest_result_udp_own_udp_socket_network_error_code_t u =
        guest_udp_create_socket_create_udp_socket(
            GUEST_NETWORK_IP_ADDRESS_FAMILY_IPV4);
    guest_option_network_ip_socket_address_t none = {0};
    RES("unbound stream", guest_udp_udp_socket_stream(UDP(u.val.ok), none));
    guest_udp_udp_socket_drop(u.val.ok);

    guest_result_tuple2_udp_own_incoming_datagram_stream_udp_own_outgoing_datagram_stream_network_error_code_t
        as = guest_udp_udp_socket_stream(UDP(a), none);
    RES("a stream", as);
    guest_option_network_ip_socket_address_t to_a = {true, aa.val.ok};
    guest_result_tuple2_udp_own_incoming_datagram_stream_udp_own_outgoing_datagram_stream_network_error_code_t
        bs = guest_udp_udp_socket_stream(UDP(b), to_a);
    RES("b stream to a", bs);
    guest_result_network_ip_socket_address_network_error_code_t br =
        guest_udp_udp_socket_remote_address(UDP(b));
    say("b remote-address is a: %d",
        !br.is_err && br.val.ok.val.ipv4.port == aa.val.ok.val.ipv4.port);

    guest_udp_borrow_outgoing_datagram_stream_t bo = {bs.val.ok.f1.handle};
    guest_udp_borrow_outgoing_datagram_stream_t ao = {as.val.ok.f1.handle};
    wait_for(guest_udp_outgoing_datagram_stream_subscribe(bo));
    guest_result_u64_network_error_code_t cs =
        guest_udp_outgoing_datagram_stream_check_send(bo);
    say("b check-send >= 3: %d", !cs.is_err && cs.val.ok >= 3);
    guest_udp_outgoing_datagram_t dg[3];
    const char *msgs[3] = {"one", "two", "three"};
    for (int i = 0; i < 3; i++) {
        dg[i].data.ptr = (uint8_t *)msgs[i];
        dg[i].data.len = strlen(msgs[i]);
        dg[i].remote_address.is_some = false;
    }
    guest_result_u64_network_error_code_t sr =
        guest_udp_outgoing_datagram_stream_send(
            bo, (guest_list_udp_outgoing_datagram_t){dg, 3});
    say("b send 3: %s %llu", sr.is_err ? codes[sr.val.err] : "ok",
        (unsigned long long)sr.val.ok);
    receive_all("a", as.val.ok.f0, 3);

    /* a has no fixed peer: it must name b; b's address must match. */
    cs = guest_udp_outgoing_datagram_stream_check_send(ao);
    dg[0].data.ptr = (uint8_t *)"reply";
    dg[0].data.len = 5;
    sr = guest_udp_outgoing_datagram_stream_send(
        ao, (guest_list_udp_outgoing_datagram_t){dg, 1});
    say("a send without address: %s", sr.is_err ? codes[sr.val.err] : "ok");
    dg[0].remote_address.is_some = true;
    dg[0].remote_address.val = v4(127, 0, 0, 1, 0);
    sr = guest_udp_outgoing_datagram_stream_send(
        ao, (guest_list_udp_outgoing_datagram_t){dg, 1});
    say("a send to port 0: %s", sr.is_err ? codes[sr.val.err] : "ok");
    dg[0].remote_address.val = ba.val.ok;
    sr = guest_udp_outgoing_datagram_stream_send(
        ao, (guest_list_udp_outgoing_datagram_t){dg, 1});
    say("a send to b: %s %llu", sr.is_err ? codes[sr.val.err] : "ok",
        (unsigned long long)sr.val.ok);
    receive_all("b", bs.val.ok.f0, 1);

    cs = guest_udp_outgoing_datagram_stream_check_send(bo);
    dg[0].remote_address.val = ba.val.ok; /* not b's peer */
    sr = guest_udp_outgoing_datagram_stream_send(
        bo, (guest_list_udp_outgoing_datagram_t){dg, 1});
    say("b send to another address: %s", sr.is_err ? codes[sr.val.err] : "ok");
    sr = guest_udp_outgoing_datagram_stream_send(
        bo, (guest_list_udp_outgoing_datagram_t){dg, 0});
    say("b send none: %s %llu", sr.is_err ? codes[sr.val.err] : "ok",
        (unsigned long long)sr.val.ok);
    guest_result_list_udp_incoming_datagram_network_error_code_t rr =
        guest_udp_incoming_datagram_stream_receive(
            (guest_udp_borrow_incoming_datagram_stream_t){as.val.ok.f0.handle}, 5);
    say("a receive when empty: %s %zu", rr.is_err ? codes[rr.val.err] : "ok",
        rr.val.ok.len);

    RES("b set-unicast-hop-limit 0", guest_udp_udp_socket_set_unicast_hop_limit(UDP(b), 0));
    RES("b set-unicast-hop-limit 9", guest_udp_udp_socket_set_unicast_hop_limit(UDP(b), 9));
    say("b unicast-hop-limit: %u", guest_udp_udp_socket_unicast_hop_limit(UDP(b)).val.ok);
    RES("b set-receive-buffer-size 32768",
        guest_udp_udp_socket_set_receive_buffer_size(UDP(b), 32768));
    say("b receive-buffer-size >= 32768: %d",
        guest_udp_udp_socket_receive_buffer_size(UDP(b)).val.ok >= 32768);
    RES("b set-send-buffer-size 32768",
        guest_udp_udp_socket_set_send_buffer_size(UDP(b), 32768));
    say("b send-buffer-size >= 32768: %d",
        guest_udp_udp_socket_send_buffer_size(UDP(b)).val.ok >= 32768);

    /* The socket may go before its streams. */
    guest_udp_udp_socket_drop(a);
    guest_udp_incoming_datagram_stream_drop(as.val.ok.f0);
    guest_udp_outgoing_datagram_stream_drop(as.val.ok.f1);
    guest_udp_incoming_datagram_stream_drop(bs.val.ok.f0);
    guest_udp_outgoing_datagram_stream_drop(bs.val.ok.f1);
    /* New streams dissolve the association. */
    bs = guest_udp_udp_socket_stream(UDP(b), none);
    RES("b stream without peer", bs);
    RES("b remote-address after", guest_udp_udp_socket_remote_address(UDP(b)));
    guest_udp_incoming_datagram_stream_drop(bs.val.ok.f0);
    guest_udp_outgoing_datagram_stream_drop(bs.val.ok.f1);
    guest_udp_udp_socket_drop(b);
}

static void lookup(const char *name)
{
    guest_string_t s;
    guest_string_set(&s, name);
    guest_result_ip_name_lookup_own_resolve_address_stream_network_error_code_t r =
        guest_ip_name_lookup_resolve_addresses(NET, s);
    if (r.is_err) {
        say("resolve %s: %s", name, codes[r.val.err]);
        return;
    }
    guest_ip_name_lookup_borrow_resolve_address_stream_t st = {r.val.ok.handle};
    wait_for(guest_ip_name_lookup_resolve_address_stream_subscribe(st));
    bool v4_loopback = false;
    int n = 0;
    for (;;) {
        guest_result_option_network_ip_address_network_error_code_t a =
            guest_ip_name_lookup_resolve_address_stream_resolve_next_address(st);
        if (a.is_err) {
            say("resolve %s: error", name);
            break;
        }
        if (!a.val.ok.is_some)
            break;
        n++;
        guest_network_ip_address_t *ip = &a.val.ok.val;
        if (ip->tag == GUEST_NETWORK_IP_ADDRESS_IPV4 && ip->val.ipv4.f0 == 127 &&
            ip->val.ipv4.f3 == 1)
            v4_loopback = true;
    }
    say("resolve %s: %s addresses, 127.0.0.1 among them: %d", name,
        n ? "some" : "no", v4_loopback);
    guest_ip_name_lookup_resolve_address_stream_drop(r.val.ok);
}

static void scenario_lookup(void)
{
    lookup("localhost");
    lookup("127.0.0.1");
    lookup("bad name!");
    lookup("");
    lookup("no-such-host.invalid");
}

static void scenario_denied(bool tcp_allowed)
{
    guest_tcp_own_tcp_socket_t t = tcp_new();
    RES("tcp start-bind",
        guest_tcp_tcp_socket_start_bind(TCP(t), NET, v4(127, 0, 0, 1, 0)));
    guest_tcp_tcp_socket_drop(t);
    t = tcp_new();
    RES("tcp start-connect",
        guest_tcp_tcp_socket_start_connect(TCP(t), NET, v4(127, 0, 0, 1, 9)));
    guest_tcp_tcp_socket_drop(t);
    if (tcp_allowed) {
        guest_tcp_own_tcp_socket_t ls;
        uint16_t port;
        tcp_listener(&ls, &port);
        guest_tcp_tcp_socket_drop(ls);
    }
    guest_result_udp_own_udp_socket_network_error_code_t u =
        guest_udp_create_socket_create_udp_socket(
            GUEST_NETWORK_IP_ADDRESS_FAMILY_IPV4);
    RES("udp start-bind",
        guest_udp_udp_socket_start_bind(UDP(u.val.ok), NET, v4(127, 0, 0, 1, 0)));
    guest_udp_udp_socket_drop(u.val.ok);
    lookup("localhost");
}

guest_result_void_void_t guest_run_run(void)
{
    out = guest_stdout_get_stdout();
    net = guest_instance_network_instance_network();
    guest_list_string_t args = guest_environment_get_arguments();
    const char *mode = "";
    static char buf[32];
    if (args.len > 1 && args.ptr[1].len < sizeof buf) {
        memcpy(buf, args.ptr[1].ptr, args.ptr[1].len);
        mode = buf;
    }
    say("scenario %s", mode);
    if (strcmp(mode, "tcp") == 0)
        scenario_tcp();
    else if (strcmp(mode, "udp") == 0)
        scenario_udp();
    else if (strcmp(mode, "lookup") == 0)
        scenario_lookup();
    else if (strcmp(mode, "denied") == 0)
        scenario_denied(false);
    else if (strcmp(mode, "tcp-only") == 0)
        scenario_denied(true);
    else
        say("unknown scenario");
    guest_network_network_drop(net);
    guest_streams_output_stream_drop(out);
    return (guest_result_void_void_t){.is_err = false};
}
