/* serve.c: the wasi:http/proxy world (WASI 0.2 http/proxy.wit) as a
 * native server.  The main thread accepts connections and watches idle
 * keep-alive connections (epoll); a pool of worker threads takes a
 * connection whose next request has begun, reads the head
 * (serve_http.c), makes a fresh component instance, and calls the
 * component's lifted `wasi:http/incoming-handler#handle` with new own
 * handles of an incoming-request and a response-outparam, as a
 * host-to-guest canon lift (CanonicalABI.md, synchronous: enter, call,
 * return, post-return).  The request body streams in from a thread of its
 * own; the response streams out from the thread response-outparam.set
 * starts.  A trap fails that request only (500 when nothing was sent
 * yet).  SIGINT and SIGTERM stop accepting, close idle connections and
 * let the requests in flight finish. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve_int.h"
#include "component/cm.h"
#include "core/core.h"

#define SRV_THREADS 16
#define SRV_MAX_IDLE 4096

typedef struct Server {
    const KilnComponentDesc *desc;
    const KilnWasiConfig *cfg;
    const KilnLiftDesc *lift;
    int epfd;
    volatile int stopping;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int *queue; /* connections ready for a worker (ring) */
    size_t qhead, qlen, qcap;
    int idle[SRV_MAX_IDLE]; /* in epoll, waiting for their next request */
    uint64_t idle_since[SRV_MAX_IDLE]; /* monotonic ns */
    size_t nidle;
} Server;

uint64_t p2_monotonic_now(void);

/* --idle-timeout: keep-alive connections idle longer are closed. */
static uint64_t idle_timeout_ns = (uint64_t)SRV_IDLE_TIMEOUT_S * 1000000000u;

bool kiln_serve_option(int argc, char **argv, int *i)
{
    const char *v = NULL;
    if (strcmp(argv[*i], "--idle-timeout") == 0 && *i + 1 < argc)
        v = argv[++*i];
    else if (strncmp(argv[*i], "--idle-timeout=", 15) == 0)
        v = argv[*i] + 15;
    else
        return false;
    char *end;
    double secs = strtod(v, &end);
    if (end == v || *end || !(secs > 0 && secs < 1e6)) {
        fprintf(stderr, "error: --idle-timeout `%s`: want seconds > 0\n", v);
        exit(1);
    }
    idle_timeout_ns = (uint64_t)(secs * 1e9);
    return true;
}

static int sig_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    (void)sig;
    int e = errno;
    if (write(sig_pipe[1], "x", 1) < 0) {
        /* nothing to do: the pipe is full, a stop is already pending */
    }
    errno = e;
}

int kiln_serve_find_handler(const KilnComponentDesc *desc)
{
    static const char pre[] = "wasi:http/incoming-handler@";
    for (uint32_t i = 0; i < desc->nexports; i++) {
        const char *n = desc->exports[i].name;
        size_t len = n ? strlen(n) : 0;
        if (len > sizeof pre + 7 && strncmp(n, pre, sizeof pre - 1) == 0 &&
            strcmp(n + len - 7, "#handle") == 0)
            return (int)i;
    }
    return -1;
}

/* ---- the queue of connections ------------------------------------------- */

static void queue_push(Server *s, int fd)
{
    pthread_mutex_lock(&s->lock);
    if (s->qlen == s->qcap) {
        size_t cap = s->qcap ? s->qcap * 2 : 64;
        int *q = malloc(sizeof *q * cap);
        if (!q) {
            pthread_mutex_unlock(&s->lock);
            close(fd);
            return;
        }
        for (size_t i = 0; i < s->qlen; i++)
            q[i] = s->queue[(s->qhead + i) % s->qcap];
        free(s->queue);
        s->queue = q;
        s->qhead = 0;
        s->qcap = cap;
    }
    s->queue[(s->qhead + s->qlen++) % s->qcap] = fd;
    pthread_cond_signal(&s->cond);
    pthread_mutex_unlock(&s->lock);
}

static int queue_pop(Server *s)
{
    pthread_mutex_lock(&s->lock);
    while (s->qlen == 0 && !s->stopping)
        pthread_cond_wait(&s->cond, &s->lock);
    int fd = -1;
    if (s->qlen) {
        fd = s->queue[s->qhead];
        s->qhead = (s->qhead + 1) % s->qcap;
        s->qlen--;
    }
    pthread_mutex_unlock(&s->lock);
    return fd;
}

/* A keep-alive connection waits in epoll for its next request. */
static void make_idle(Server *s, int fd)
{
    pthread_mutex_lock(&s->lock);
    bool ok = !s->stopping && s->nidle < SRV_MAX_IDLE;
    if (ok) {
        struct epoll_event ev = {.events = EPOLLIN | EPOLLONESHOT | EPOLLRDHUP,
                                 .data.fd = fd};
        ok = epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev) == 0;
        if (ok) {
            s->idle_since[s->nidle] = p2_monotonic_now();
            s->idle[s->nidle++] = fd;
        }
    }
    pthread_mutex_unlock(&s->lock);
    if (!ok)
        close(fd);
}

static void unidle(Server *s, int fd)
{
    pthread_mutex_lock(&s->lock);
    for (size_t i = 0; i < s->nidle; i++)
        if (s->idle[i] == fd) {
            s->nidle--;
            s->idle[i] = s->idle[s->nidle];
            s->idle_since[i] = s->idle_since[s->nidle];
            break;
        }
    epoll_ctl(s->epfd, EPOLL_CTL_DEL, fd, NULL);
    pthread_mutex_unlock(&s->lock);
}

/* Closes keep-alive connections idle past the timeout (on the thread
 * that handles epoll's events, after them: a connection whose request
 * arrived was taken out of the list first). */
static void close_stale(Server *s)
{
    /* `now` is read under the lock: a connection a worker made idle
     * after an earlier reading would look idle since the future, and the
     * unsigned difference would close it at once. */
    pthread_mutex_lock(&s->lock);
    uint64_t now = p2_monotonic_now();
    for (size_t i = 0; i < s->nidle;) {
        if (now < s->idle_since[i] + idle_timeout_ns) {
            i++;
            continue;
        }
        epoll_ctl(s->epfd, EPOLL_CTL_DEL, s->idle[i], NULL);
        close(s->idle[i]);
        s->nidle--;
        s->idle[i] = s->idle[s->nidle];
        s->idle_since[i] = s->idle_since[s->nidle];
    }
    pthread_mutex_unlock(&s->lock);
}

/* ---- one request ------------------------------------------------------------ */

typedef struct SrvReq {
    Server *s;
    SrvConn *c;
    bool head_only;
    bool writer_started;
    pthread_t writer;
    SrvResp w;
    bool failed; /* set with an error-code, or never set */
    SrvBody *body;
} SrvReq;

/* The guest takes the body of an `Expect: 100-continue` request: the
 * interim 100 goes out on this (the guest's) thread, so it precedes any
 * final head, which only response-outparam.set, later, can start. */
static void on_body_wanted(void *arg)
{
    SrvReq *q = arg;
    static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
    if (!q->writer_started)
        srv_send_all(q->c->fd, cont, sizeof cont - 1);
    srv_body_go(q->body, 1);
}

static void on_set(void *server, HttpOutResponse *resp, const HttpError *err)
{
    SrvReq *q = server;
    if (!resp || q->writer_started) {
        (void)err;
        q->failed = true;
        http_out_response_free(resp);
        return;
    }
    /* A final answer before the guest asked for an expected body: the
     * body is never read, so the connection cannot go on (the pump's go
     * is only written on this thread until the handler returns). */
    if (q->body->expect && q->body->go <= 0)
        q->c->close = true;
    q->w = (SrvResp){.fd = q->c->fd, .close = q->c->close || q->s->stopping,
                     .head_only = q->head_only, .resp = resp};
    if (pthread_create(&q->writer, NULL, srv_response_writer, &q->w) != 0) {
        q->failed = true;
        http_out_response_free(resp);
        return;
    }
    q->writer_started = true;
}

typedef struct HandleCall {
    KilnComponentInst *ci;
    const KilnLiftDesc *lift;
    HttpInRequest *r;
    HttpOutparam *op;
    bool given; /* r and op are in the guest's table */
} HandleCall;

typedef void (*HandleEntry)(KilnVmctx *, int32_t, int32_t, KilnValue *);
typedef void (*PostEntry)(KilnVmctx *, KilnValue *);

static void call_handle(void *arg)
{
    HandleCall *h = arg;
    KilnComponentInst *ci = h->ci;
    const KilnLiftDesc *l = h->lift;
    uint32_t inst = l->opts.comp_instance;
    KilnVmctx *vm;
    HandleEntry entry = (HandleEntry)cm_export_entry(ci, l->core, &vm);
    uint32_t token = kiln_cm_call_begin(ci, KILN_NO_INDEX, inst);
    KilnCanonCx cx = {.ci = ci, .comp_instance = inst,
                      .encoding = l->opts.encoding,
                      .realloc = {KILN_NO_INDEX, 0}};
    uint32_t hr = kiln_cx_new_own(&cx, KILN_HR_wasi_http_types_incoming_request,
                                  h->r);
    uint32_t ho = kiln_cx_new_own(&cx, KILN_HR_wasi_http_types_response_outparam,
                                  h->op);
    h->given = true;
    KilnValue none[1];
    entry(vm, (int32_t)hr, (int32_t)ho, none);
    kiln_cm_call_end(ci, token);
    if (l->opts.post_return.instance != KILN_NO_INDEX) {
        KilnVmctx *pvm;
        PostEntry post = (PostEntry)cm_export_entry(ci, l->opts.post_return, &pvm);
        kiln_cm_set_may_leave(ci, inst, false);
        post(pvm, none);
        kiln_cm_set_may_leave(ci, inst, true);
    }
}

static void pipe_pair(int *r, int *w)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        *r = *w = -1;
        return;
    }
    fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
    *r = fds[0];
    *w = fds[1];
}

/* Serves one request of c; false when the connection must close. */
static bool serve_one(Server *s, SrvConn *c)
{
    HttpInRequest *r = kiln_rt_alloc(sizeof *r);
    if (!r)
        return false;
    SrvBody body;
    srv_body_init(&body, c);
    int st = srv_read_head(c, r, &body, &s->stopping);
    if (st != 0) {
        if (st > 0)
            srv_send_error(c, st);
        http_in_request_free(r);
        srv_body_destroy(&body);
        return false;
    }
    if (s->stopping)
        c->close = true;
    /* The request body: a transfer whose head is known at once. */
    HttpTransfer *t = http_transfer_new();
    /* ours until the end of this request: the guest may drop (and free)
     * its incoming-request, and with it the request's reference, early */
    atomic_fetch_add(&t->refs, 1);
    t->state = HTTP_T_HEAD;
    http_signal(&t->head_wfd);
    pipe_pair(&t->body_rfd, &body.wfd);
    body.t = t;
    r->body = t;
    pthread_t pump;
    bool pumping = false;
    if (body.has_body && body.wfd >= 0) {
        atomic_fetch_add(&t->refs, 1);
        pumping = pthread_create(&pump, NULL, srv_body_pump, &body) == 0;
        if (!pumping)
            http_transfer_unref(t);
    }
    if (!pumping) {
        if (body.wfd >= 0)
            close(body.wfd);
        body.wfd = -1;
        body.complete = !body.has_body;
        t->state = body.complete ? HTTP_T_DONE : HTTP_T_FAILED;
        http_signal(&t->done_wfd);
    }

    SrvReq q = {.s = s, .c = c, .body = &body,
                .head_only = r->method.tag == WASI_HTTP_TYPES_METHOD_HEAD};
    if (body.expect) {
        t->body_wanted = on_body_wanted;
        t->body_wanted_arg = &q;
    }
    KilnTrapInfo info;
    KilnComponentInst *ci = kiln_component_new(s->desc, s->cfg, &info);
    bool trapped = false;
    if (!ci) {
        fprintf(stderr, "kiln serve: cannot instantiate: %s\n", info.message);
        http_in_request_free(r);
        q.failed = true;
    } else {
        HttpOutparam *op = kiln_rt_alloc(sizeof *op);
        op->server = &q;
        op->set = on_set;
        HandleCall h = {ci, s->lift, r, op, false};
        kiln_rt_call_guarded(call_handle, &h, &info);
        if (info.kind != KILN_TRAP_NONE) {
            trapped = true;
            fprintf(stderr, "kiln serve: %s %s: wasm trap: %s\n",
                    r->method.tag < WASI_HTTP_TYPES_METHOD_OTHER ? "request"
                                                                 : "request",
                    h.given ? "handler" : "setup", info.message);
        }
        if (!h.given) {
            http_in_request_free(r);
            kiln_rt_free(op);
        }
        /* Drops every handle the guest still holds: an unfinished body
         * ends its pipe, an unset outparam reports itself. */
        kiln_component_free(ci);
    }
    srv_body_go(&body, -1); /* a body nobody asked for is never read */
    t->body_wanted = NULL;
    bool keep = !c->close;
    if (q.writer_started) {
        pthread_join(q.writer, NULL);
        keep = keep && q.w.ok;
        http_out_response_free(q.w.resp);
    } else {
        srv_send_error(c, trapped || q.failed ? 500 : 500);
        keep = false;
    }
    if (pumping) {
        pthread_join(pump, NULL);
        http_transfer_unref(t);
    }
    http_transfer_unref(t);
    srv_body_destroy(&body);
    return keep && (!body.has_body || body.complete) && !s->stopping;
}

static void *worker_main(void *arg)
{
    Server *s = arg;
    for (;;) {
        int fd = queue_pop(s);
        if (fd < 0)
            return NULL;
        SrvConn *c = malloc(sizeof *c);
        if (!c) {
            close(fd);
            continue;
        }
        c->fd = fd;
        c->close = false;
        c->off = c->len = 0;
        bool keep;
        do
            keep = serve_one(s, c);
        while (keep && c->off < c->len); /* pipelined requests */
        free(c);
        if (keep)
            make_idle(s, fd);
        else
            close(fd);
    }
}

/* ---- listening -------------------------------------------------------------- */

static int listen_on(const char *addr)
{
    char host[256];
    const char *colon = strrchr(addr, ':');
    if (!colon || (size_t)(colon - addr) >= sizeof host) {
        fprintf(stderr, "error: --addr `%s`: want HOST:PORT\n", addr);
        return -1;
    }
    memcpy(host, addr, (size_t)(colon - addr));
    host[colon - addr] = 0;
    char *h = host;
    if (h[0] == '[' && h[strlen(h) - 1] == ']') {
        h[strlen(h) - 1] = 0;
        h++;
    }
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *ai;
    int e = getaddrinfo(*h ? h : NULL, colon + 1, &hints, &ai);
    if (e != 0) {
        fprintf(stderr, "error: --addr `%s`: %s\n", addr, gai_strerror(e));
        return -1;
    }
    int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 ||
        listen(fd, 1024) != 0) {
        fprintf(stderr, "error: cannot listen on %s: %s\n", addr, strerror(errno));
        if (fd >= 0)
            close(fd);
        fd = -1;
    }
    freeaddrinfo(ai);
    return fd;
}

static void conn_setup(int fd)
{
    struct timeval tv = {1, 0}; /* slices; serve_http.c keeps the deadlines */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    struct timeval sv = {SRV_IO_TIMEOUT_S, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &sv, sizeof sv);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int kiln_serve(const KilnComponentDesc *desc, const KilnWasiConfig *cfg,
               const char *addr)
{
    int hi = kiln_serve_find_handler(desc);
    if (hi < 0) {
        fprintf(stderr, "error: the component exports no "
                        "`wasi:http/incoming-handler` to serve\n");
        return 1;
    }
    const KilnLiftDesc *lift = &desc->exports[hi];
    if (lift->sig && strcmp(lift->sig, "ii:") != 0) {
        fprintf(stderr, "error: `%s` has core signature `%s`, not `ii:`\n",
                lift->name, lift->sig);
        return 1;
    }
    int lfd = listen_on(addr);
    if (lfd < 0)
        return 1;
    kiln_memimage_enable(); /* one instance per request: share the image */
    static Server s;
    memset(&s, 0, sizeof s);
    s.desc = desc;
    s.cfg = cfg;
    s.lift = lift;
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.cond, NULL);
    s.epfd = epoll_create1(EPOLL_CLOEXEC);
    if (pipe2(sig_pipe, O_CLOEXEC | O_NONBLOCK) != 0 || s.epfd < 0) {
        fprintf(stderr, "error: cannot start the server\n");
        return 1;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(s.epfd, EPOLL_CTL_ADD, lfd, &ev);
    ev.data.fd = sig_pipe[0];
    epoll_ctl(s.epfd, EPOLL_CTL_ADD, sig_pipe[0], &ev);
    pthread_t workers[SRV_THREADS];
    int nworkers = 0;
    for (int i = 0; i < SRV_THREADS; i++)
        if (pthread_create(&workers[nworkers], NULL, worker_main, &s) == 0)
            nworkers++;
    fprintf(stderr, "kiln serve: listening on http://%s/\n", addr);
    while (!s.stopping) {
        struct epoll_event evs[64];
        int n = epoll_wait(s.epfd, evs, 64, 250);
        if (n < 0 && errno != EINTR)
            break;
        for (int i = 0; i < n; i++) {
            int fd = evs[i].data.fd;
            if (fd == sig_pipe[0]) {
                s.stopping = 1;
            } else if (fd == lfd) {
                int cfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
                if (cfd >= 0) {
                    conn_setup(cfd);
                    queue_push(&s, cfd);
                }
            } else {
                unidle(&s, fd);
                if (evs[i].events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR) &&
                    !(evs[i].events & EPOLLIN))
                    close(fd);
                else
                    queue_push(&s, fd);
            }
        }
        close_stale(&s);
    }
    /* Graceful stop: no new connections, idle ones closed, the requests
     * in flight answered (with connection: close). */
    fprintf(stderr, "kiln serve: stopping\n");
    close(lfd);
    pthread_mutex_lock(&s.lock);
    s.stopping = 1;
    for (size_t i = 0; i < s.nidle; i++)
        close(s.idle[i]);
    s.nidle = 0;
    pthread_cond_broadcast(&s.cond);
    pthread_mutex_unlock(&s.lock);
    for (int i = 0; i < nworkers; i++)
        pthread_join(workers[i], NULL);
    while (s.qlen) { /* accepted, never started */
        close(s.queue[s.qhead]);
        s.qhead = (s.qhead + 1) % s.qcap;
        s.qlen--;
    }
    free(s.queue);
    close(s.epfd);
    return 0;
}

int kiln_serve_main(int argc, char **argv, const KilnComponentDesc *desc,
                    const KilnWasiConfig *baked)
{
    const char *addr = "127.0.0.1:8080";
    int n = 1;
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest)
        return 1;
    rest[0] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--addr") == 0 && i + 1 < argc)
            addr = argv[++i];
        else if (strncmp(argv[i], "--addr=", 7) == 0)
            addr = argv[i] + 7;
        else if (!kiln_serve_option(argc, argv, &i))
            rest[n++] = argv[i];
    }
    KilnWasiConfig cfg = kiln_run_config(n, rest, baked);
    int st = kiln_serve(desc, &cfg, addr);
    free(rest);
    return st;
}
