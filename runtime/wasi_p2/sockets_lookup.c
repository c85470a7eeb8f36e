/* sockets_lookup.c: wasi:sockets/ip-name-lookup (WASI 0.2
 * sockets/ip-name-lookup.wit).
 *
 * resolve-addresses checks the capability and the name's syntax (an IP
 * literal, or ASCII labels of letters, digits, '-' and '_' separated by
 * dots, at most 253 bytes: anything else is invalid-argument), then
 * starts getaddrinfo(3) on a detached host thread, so that the guest never
 * blocks in the call.  Until the thread is done resolve-next-address
 * answers would-block; then the stream yields the addresses (each once,
 * in the resolver's order) or the resolver's error once.  The thread
 * signals completion by closing the write end of a pipe, which makes the
 * read end (the stream's pollable) ready; the stream and the thread share
 * the lookup by reference count, so either may finish last (it is
 * allocated with malloc, not the runtime's allocator hook, which need not
 * be thread-safe). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sockets.h"
#include "wasi_io_poll.h"
#include "wasi_sockets_ip_name_lookup.h"

typedef wasi_sockets_network_ip_address_t P2IpAddr;

typedef struct LookupStream {
    atomic_int refs;  /* the stream handle and the thread */
    atomic_bool done; /* the thread has filled the fields below */
    int ready_r, ready_w; /* the pipe: closing ready_w says done */
    char name[256];
    P2NetErr err; /* returned once when has_err */
    bool has_err;
    uint32_t naddrs, next;
    P2IpAddr *addrs;
} LookupStream;

static void lookup_unref(LookupStream *ls)
{
    if (atomic_fetch_sub(&ls->refs, 1) != 1)
        return;
    if (ls->ready_r >= 0)
        close(ls->ready_r);
    free(ls->addrs);
    free(ls);
}

/* Host names as ip-name-lookup.wit accepts them (see above). */
static bool name_ok(const char *s, size_t n)
{
    if (n == 0 || n > 253)
        return false;
    size_t label = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '.') {
            if (label == 0)
                return false;
            label = 0;
            continue;
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return false;
        if (++label > 63)
            return false;
    }
    return true;
}

static P2NetErr lookup_error(int r)
{
    switch (r) {
    case EAI_NONAME:
#ifdef EAI_NODATA
    case EAI_NODATA:
#endif
#ifdef EAI_ADDRFAMILY
    case EAI_ADDRFAMILY:
#endif
        return P2E(NAME_UNRESOLVABLE);
    case EAI_AGAIN: return P2E(TEMPORARY_RESOLVER_FAILURE);
    case EAI_FAIL: return P2E(PERMANENT_RESOLVER_FAILURE);
    case EAI_MEMORY: return P2E(OUT_OF_MEMORY);
    default: return P2E(UNKNOWN);
    }
}

static void to_ip(const struct sockaddr *sa, P2IpAddr *ip)
{
    struct sockaddr_storage ss;
    P2SockAddr a;
    memset(&ss, 0, sizeof ss);
    memcpy(&ss, sa, sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                              : sizeof(struct sockaddr_in));
    p2net_from_sockaddr(&ss, &a);
    memset(ip, 0, sizeof *ip);
    if (p2net_is_v6(&a)) {
        ip->tag = WASI_SOCKETS_NETWORK_IP_ADDRESS_IPV6;
        ip->val.ipv6 = a.val.ipv6.address;
    } else {
        ip->tag = WASI_SOCKETS_NETWORK_IP_ADDRESS_IPV4;
        ip->val.ipv4 = a.val.ipv4.address;
    }
}

static void lookup(LookupStream *ls, const char *name)
{
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM; /* one row per address */
    int r = getaddrinfo(name, NULL, &hints, &res);
    if (r != 0) {
        ls->has_err = true;
        ls->err = lookup_error(r);
        return;
    }
    uint32_t n = 0;
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next)
        n++;
    ls->addrs = calloc(n ? n : 1, sizeof *ls->addrs);
    if (!ls->addrs) {
        freeaddrinfo(res);
        ls->has_err = true;
        ls->err = P2E(OUT_OF_MEMORY);
        return;
    }
    for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
            continue;
        P2IpAddr ip;
        to_ip(ai->ai_addr, &ip);
        bool dup = false;
        for (uint32_t i = 0; i < ls->naddrs && !dup; i++)
            dup = memcmp(&ls->addrs[i], &ip, sizeof ip) == 0;
        if (!dup)
            ls->addrs[ls->naddrs++] = ip;
    }
    freeaddrinfo(res);
}

static void *lookup_thread(void *arg)
{
    LookupStream *ls = arg;
    lookup(ls, ls->name);
    atomic_store(&ls->done, true);
    close(ls->ready_w);
    lookup_unref(ls);
    return NULL;
}

/* Starts the lookup of ls->name; without a thread, resolves at once. */
static void lookup_start(LookupStream *ls)
{
    int p[2];
    ls->ready_r = ls->ready_w = -1;
    if (pipe2(p, O_CLOEXEC) == 0) {
        ls->ready_r = p[0];
        ls->ready_w = p[1];
        atomic_store(&ls->refs, 2);
        pthread_attr_t attr;
        pthread_t t;
        bool started = pthread_attr_init(&attr) == 0;
        if (started) {
            pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
            started = pthread_create(&t, &attr, lookup_thread, ls) == 0;
            pthread_attr_destroy(&attr);
        }
        if (started)
            return;
        close(p[0]);
        close(p[1]);
        ls->ready_r = ls->ready_w = -1;
    }
    atomic_store(&ls->refs, 1);
    lookup(ls, ls->name);
    atomic_store(&ls->done, true);
}

void wasi_sockets_ip_name_lookup_resolve_addresses(
    struct KilnCanonCx *cx, wasi_sockets_network_network_t network,
    const uint8_t *name_ptr, uint32_t name_len,
    wasi_sockets_ip_name_lookup_result_own_resolve_address_stream_wasi_sockets_network_error_code_t
        *ret)
{
    p2net_check_network(cx, network);
    ret->is_err = true;
    if (!p2net_lookup_allowed(cx)) {
        ret->val.err = P2E(ACCESS_DENIED);
        return;
    }
    char name[256];
    uint8_t bin[16];
    bool literal = false;
    if (name_len < sizeof name) {
        memcpy(name, name_ptr, name_len);
        name[name_len] = 0;
        size_t n = strlen(name);
        /* "[::1]" is the URL form of an IPv6 literal. */
        if (n > 2 && name[0] == '[' && name[n - 1] == ']') {
            memmove(name, name + 1, n - 2);
            name[n - 2] = 0;
        }
        literal = inet_pton(AF_INET, name, bin) == 1 ||
                  inet_pton(AF_INET6, name, bin) == 1;
    }
    if (!literal && (name_len >= sizeof name ||
                     memchr(name_ptr, 0, name_len) ||
                     !name_ok(name, name_len))) {
        ret->val.err = P2E(INVALID_ARGUMENT);
        return;
    }
    LookupStream *ls = calloc(1, sizeof *ls);
    if (!ls)
        kiln_trap_host("out of memory");
    memcpy(ls->name, name, strlen(name) + 1);
    lookup_start(ls);
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(
        cx, KILN_HR_wasi_sockets_ip_name_lookup_resolve_address_stream, ls);
}

void wasi_sockets_ip_name_lookup_resolve_address_stream_drop(
    struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    lookup_unref(rep);
}

void wasi_sockets_ip_name_lookup_resolve_address_stream_resolve_next_address(
    struct KilnCanonCx *cx,
    wasi_sockets_ip_name_lookup_resolve_address_stream_t self,
    wasi_sockets_ip_name_lookup_result_option_wasi_sockets_network_ip_address_wasi_sockets_network_error_code_t
        *ret)
{
    LookupStream *ls = kiln_cx_borrow(
        cx, KILN_HR_wasi_sockets_ip_name_lookup_resolve_address_stream, self);
    if (!atomic_load(&ls->done)) {
        ret->is_err = true;
        ret->val.err = P2E(WOULD_BLOCK);
        return;
    }
    if (ls->has_err) {
        ls->has_err = false; /* then the stream is at its end */
        ret->is_err = true;
        ret->val.err = ls->err;
        return;
    }
    ret->is_err = false;
    ret->val.ok.is_some = ls->next < ls->naddrs;
    if (ret->val.ok.is_some)
        ret->val.ok.val = ls->addrs[ls->next++];
    else
        memset(&ret->val.ok.val, 0, sizeof ret->val.ok.val);
}

void wasi_sockets_ip_name_lookup_resolve_address_stream_subscribe(
    struct KilnCanonCx *cx,
    wasi_sockets_ip_name_lookup_resolve_address_stream_t self,
    wasi_io_poll_pollable_t *ret)
{
    LookupStream *ls = kiln_cx_borrow(
        cx, KILN_HR_wasi_sockets_ip_name_lookup_resolve_address_stream, self);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           atomic_load(&ls->done) || ls->ready_r < 0
                               ? p2_pollable_ready()
                               : p2_pollable_fd_dup(ls->ready_r, false));
}
