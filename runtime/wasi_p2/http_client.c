/* http_client.c: wasi:http/outgoing-handler (WASI 0.2 http/handler.wit)
 * through libcurl's multi interface.  One host thread per process runs
 * every transfer in flight, so a guest may start many requests and wait
 * for them with wasi:io/poll: `handle` queues the transfer and returns its
 * future at once; the thread publishes the response head (status line and
 * headers) and closes the head signal pipe, pumps the response body into
 * the body pipe (pausing the transfer while the guest does not read), and
 * pulls the request body out of its pipe (pausing while the guest has not
 * written).  request-options timeouts: connect through curl, first byte
 * and between bytes checked by the thread.  curl's errors map to the
 * error-code cases nearest in meaning (curl_code_error). */
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http.h"
#include "wasi_http_outgoing_handler.h"

uint32_t http_future_response_handle(KilnCanonCx *cx, HttpTransfer *t);

typedef struct ClientXfer {
    struct ClientXfer *next;
    HttpTransfer *t;
    CURL *easy;
    struct curl_slist *hdrs;
    char *url;
    HttpOutBody *body;     /* request body, NULL: none */
    int body_wfd;          /* response body pipe, -1: closed */
    uint8_t *pend;         /* response bytes the pipe did not take */
    size_t pend_len;
    bool write_paused, read_paused, draining;
    bool head_done;
    uint16_t status;
    HttpFields *hdr_acc, *trailers;
    HttpOptions opts;
    uint64_t start_ns, last_byte_ns;
    bool got_byte;
    bool failed;
    HttpError err;
} ClientXfer;

static struct {
    pthread_once_t once;
    pthread_mutex_t lock;
    CURLM *multi;
    ClientXfer *queue;  /* started, not yet added (under lock) */
    ClientXfer *active; /* the thread's own */
} cl = {.once = PTHREAD_ONCE_INIT, .lock = PTHREAD_MUTEX_INITIALIZER};

/* ---- callbacks (the client thread) ---------------------------------------- */

static void publish_head(ClientXfer *c)
{
    HttpTransfer *t = c->t;
    c->hdr_acc->immutable = true;
    pthread_mutex_lock(&t->lock);
    t->status = c->status;
    t->headers = c->hdr_acc;
    t->state = HTTP_T_HEAD;
    pthread_mutex_unlock(&t->lock);
    c->hdr_acc = NULL;
    c->head_done = true;
    http_signal(&t->head_wfd);
}

static size_t on_header(char *buf, size_t size, size_t n, void *ud)
{
    ClientXfer *c = ud;
    size_t len = size * n;
    c->got_byte = true;
    c->last_byte_ns = p2_monotonic_now();
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
        len--;
    if (!c->head_done && len >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
        /* A new status line (1xx responses come first). */
        const char *sp = memchr(buf, ' ', len);
        c->status = sp ? (uint16_t)atoi(sp + 1) : 0;
        http_fields_unref(c->hdr_acc);
        c->hdr_acc = http_fields_new();
        return size * n;
    }
    if (len == 0) {
        if (!c->head_done && c->status >= 200 && c->hdr_acc)
            publish_head(c);
        return size * n;
    }
    const char *colon = memchr(buf, ':', len);
    if (!colon)
        return size * n;
    size_t nlen = (size_t)(colon - buf);
    const char *v = colon + 1, *end = buf + len;
    while (v < end && (*v == ' ' || *v == '\t'))
        v++;
    while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    HttpFields **dst = c->head_done ? &c->trailers : &c->hdr_acc;
    if (!*dst)
        *dst = http_fields_new();
    http_fields_add(*dst, buf, nlen, (const uint8_t *)v, (size_t)(end - v));
    return size * n;
}

/* Writes pending bytes into the body pipe; true when none are left. */
static bool flush_pend(ClientXfer *c)
{
    size_t off = 0;
    while (off < c->pend_len) {
        ssize_t w = write(c->body_wfd, c->pend + off, c->pend_len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                break;
            c->pend_len = 0; /* the guest closed its stream: discard */
            return true;
        }
        off += (size_t)w;
    }
    memmove(c->pend, c->pend + off, c->pend_len - off);
    c->pend_len -= off;
    return c->pend_len == 0;
}

static size_t on_write(char *buf, size_t size, size_t n, void *ud)
{
    ClientXfer *c = ud;
    size_t len = size * n;
    c->got_byte = true;
    c->last_byte_ns = p2_monotonic_now();
    if (!c->head_done && c->hdr_acc)
        publish_head(c);
    if (c->pend_len) {
        c->write_paused = true;
        return CURL_WRITEFUNC_PAUSE;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(c->body_wfd, buf + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                break;
            return 0; /* EPIPE: nobody reads the body; abort */
        }
        off += (size_t)w;
    }
    if (off < len) {
        c->pend = realloc(c->pend, len - off);
        if (!c->pend)
            return 0;
        memcpy(c->pend, buf + off, len - off);
        c->pend_len = len - off;
    }
    return len;
}

static size_t on_read(char *buf, size_t size, size_t n, void *ud)
{
    ClientXfer *c = ud;
    for (;;) {
        ssize_t r = read(c->body->rfd, buf, size * n);
        if (r > 0)
            return (size_t)r;
        if (r == 0) /* every writer gone: the end, if finish said so */
            return atomic_load(&c->body->finished) ? 0 : CURL_READFUNC_ABORT;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN) {
            c->read_paused = true;
            return CURL_READFUNC_PAUSE;
        }
        return CURL_READFUNC_ABORT;
    }
}

static int on_trailer(struct curl_slist **list, void *ud)
{
    ClientXfer *c = ud;
    HttpFields *f = c->body ? c->body->trailers : NULL;
    for (uint32_t i = 0; f && i < f->n; i++) {
        size_t len = strlen(f->e[i].name) + f->e[i].value_len + 3;
        char *line = malloc(len);
        if (!line)
            return CURL_TRAILERFUNC_ABORT;
        snprintf(line, len, "%s: %.*s", f->e[i].name, (int)f->e[i].value_len,
                 (const char *)f->e[i].value);
        *list = curl_slist_append(*list, line);
        free(line);
    }
    return CURL_TRAILERFUNC_OK;
}

/* ---- errors ----------------------------------------------------------------- */

static HttpError curl_code_error(ClientXfer *c, CURLcode rc)
{
    HttpError e = {.tag = WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR};
    long os = 0;
    curl_easy_getinfo(c->easy, CURLINFO_OS_ERRNO, &os);
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_DNS_ERROR;
        snprintf(e.msg, sizeof e.msg, "%s", curl_easy_strerror(rc));
        break;
    case CURLE_COULDNT_CONNECT:
        e.tag = os == ENETUNREACH || os == EHOSTUNREACH
                    ? WASI_HTTP_TYPES_ERROR_CODE_DESTINATION_UNAVAILABLE
                    : WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_REFUSED;
        break;
    case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t conn = 0;
        curl_easy_getinfo(c->easy, CURLINFO_CONNECT_TIME_T, &conn);
        e.tag = conn == 0 ? WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_TIMEOUT
                          : WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_READ_TIMEOUT;
        break;
    }
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_TERMINATED;
        break;
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_INCOMPLETE;
        break;
    case CURLE_PEER_FAILED_VERIFICATION:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_TLS_CERTIFICATE_ERROR;
        break;
    case CURLE_SSL_CONNECT_ERROR:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_TLS_PROTOCOL_ERROR;
        break;
    case CURLE_UNSUPPORTED_PROTOCOL: {
        /* also what curl says of a reply that is not HTTP (HTTP/0.9) */
        curl_off_t conn = 0;
        curl_easy_getinfo(c->easy, CURLINFO_CONNECT_TIME_T, &conn);
        e.tag = conn > 0 ? WASI_HTTP_TYPES_ERROR_CODE_HTTP_PROTOCOL_ERROR
                         : WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_URI_INVALID;
        break;
    }
    case CURLE_URL_MALFORMAT:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_URI_INVALID;
        break;
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_PROTOCOL_ERROR;
        break;
    case CURLE_BAD_CONTENT_ENCODING:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_CONTENT_CODING;
        break;
    case CURLE_FILESIZE_EXCEEDED:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_BODY_SIZE;
        break;
    case CURLE_TOO_MANY_REDIRECTS:
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_LOOP_DETECTED;
        break;
    case CURLE_ABORTED_BY_CALLBACK:
    case CURLE_READ_ERROR:
        snprintf(e.msg, sizeof e.msg, "request body not finished");
        break;
    default:
        snprintf(e.msg, sizeof e.msg, "%s", curl_easy_strerror(rc));
        break;
    }
    return e;
}

/* ---- the thread ------------------------------------------------------------- */

static void xfer_free(ClientXfer *c)
{
    if (c->easy)
        curl_easy_cleanup(c->easy);
    curl_slist_free_all(c->hdrs);
    free(c->url);
    free(c->pend);
    if (c->body_wfd >= 0)
        close(c->body_wfd);
    http_fields_unref(c->hdr_acc);
    http_fields_unref(c->trailers);
    if (c->body)
        http_out_body_unref(c->body);
    http_transfer_unref(c->t);
    free(c);
}

/* The transfer is over (its body bytes all in the pipe): publishes the
 * outcome and closes the pipes' host ends. */
static void xfer_finish(ClientXfer *c)
{
    HttpTransfer *t = c->t;
    if (c->trailers)
        c->trailers->immutable = true;
    pthread_mutex_lock(&t->lock);
    t->state = c->failed ? HTTP_T_FAILED : HTTP_T_DONE;
    t->error = c->err;
    t->trailers = c->trailers;
    pthread_mutex_unlock(&t->lock);
    c->trailers = NULL;
    if (c->body_wfd >= 0)
        close(c->body_wfd);
    c->body_wfd = -1;
    http_signal(&t->head_wfd);
    http_signal(&t->done_wfd);
}

static void xfer_stop(ClientXfer *c, bool failed, HttpError e)
{
    curl_multi_remove_handle(cl.multi, c->easy);
    c->failed = failed;
    c->err = e;
    if (failed)
        c->pend_len = 0;
    c->draining = true;
}

static ClientXfer *find(CURL *easy)
{
    for (ClientXfer *c = cl.active; c; c = c->next)
        if (c->easy == easy)
            return c;
    return NULL;
}

static void check_timeouts(ClientXfer *c, uint64_t now)
{
    HttpError e = {0};
    if (!c->got_byte && c->opts.has_first_byte &&
        now - c->start_ns > c->opts.first_byte_ns +
                                (c->opts.has_connect ? c->opts.connect_ns : 0)) {
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_READ_TIMEOUT;
        xfer_stop(c, true, e);
    } else if (c->got_byte && c->opts.has_between && !c->write_paused &&
               now - c->last_byte_ns > c->opts.between_ns) {
        e.tag = WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_READ_TIMEOUT;
        xfer_stop(c, true, e);
    }
}

static void *client_main(void *arg)
{
    (void)arg;
    /* Writes to a pipe the guest closed fail with EPIPE, without a
     * signal (this thread keeps SIGPIPE blocked). */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    for (;;) {
        pthread_mutex_lock(&cl.lock);
        while (cl.queue) {
            ClientXfer *c = cl.queue;
            cl.queue = c->next;
            c->next = cl.active;
            cl.active = c;
            c->start_ns = p2_monotonic_now();
            curl_multi_add_handle(cl.multi, c->easy);
        }
        pthread_mutex_unlock(&cl.lock);
        int running;
        curl_multi_perform(cl.multi, &running);
        CURLMsg *m;
        int left;
        while ((m = curl_multi_info_read(cl.multi, &left))) {
            ClientXfer *c = m->msg == CURLMSG_DONE ? find(m->easy_handle) : NULL;
            if (!c || c->draining)
                continue;
            CURLcode rc = m->data.result;
            bool ok = rc == CURLE_OK && c->head_done;
            HttpError e = {0};
            if (!ok)
                e = rc == CURLE_OK ? (HttpError){
                        .tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_INCOMPLETE}
                                   : curl_code_error(c, rc);
            xfer_stop(c, !ok, e);
        }
        struct curl_waitfd extra[64];
        unsigned nextra = 0;
        uint64_t now = p2_monotonic_now();
        struct timespec zero = {0, 0};
        sigset_t pend;
        if (sigpending(&pend) == 0 && sigismember(&pend, SIGPIPE))
            sigtimedwait(&set, NULL, &zero);
        for (ClientXfer **pp = &cl.active; *pp;) {
            ClientXfer *c = *pp;
            if (!c->draining && atomic_load(&c->t->cancelled)) {
                HttpError e = {.tag = WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR};
                xfer_stop(c, true, e);
            }
            if (!c->draining)
                check_timeouts(c, now);
            bool flushed = c->pend_len == 0 || flush_pend(c);
            if (c->draining && flushed) {
                xfer_finish(c);
                *pp = c->next;
                xfer_free(c);
                continue;
            }
            if (!c->draining && c->write_paused && flushed) {
                c->write_paused = false;
                curl_easy_pause(c->easy, c->read_paused ? CURLPAUSE_SEND
                                                        : CURLPAUSE_CONT);
            }
            if (!c->draining && c->read_paused) {
                struct pollfd p = {.fd = c->body->rfd, .events = POLLIN};
                if (poll(&p, 1, 0) > 0) {
                    c->read_paused = false;
                    curl_easy_pause(c->easy, c->write_paused ? CURLPAUSE_RECV
                                                             : CURLPAUSE_CONT);
                } else if (nextra < 64) {
                    extra[nextra++] = (struct curl_waitfd){
                        .fd = c->body->rfd, .events = CURL_WAIT_POLLIN};
                }
            }
            if (c->pend_len && nextra < 64)
                extra[nextra++] = (struct curl_waitfd){
                    .fd = c->body_wfd, .events = CURL_WAIT_POLLOUT};
            pp = &c->next;
        }
        int numfds;
        curl_multi_poll(cl.multi, extra, nextra, 20, &numfds);
    }
    return NULL;
}

static void client_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    cl.multi = curl_multi_init();
    pthread_t th;
    if (!cl.multi || pthread_create(&th, NULL, client_main, NULL) != 0)
        kiln_trap_host("wasi:http: cannot start the HTTP client");
    pthread_detach(th);
}

/* ---- handle ----------------------------------------------------------------- */

static const char *const method_names[] = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
    "PATCH",
};

static bool has_field(const HttpFields *f, const char *lower)
{
    for (uint32_t i = 0; i < f->n; i++)
        if (strcmp(f->e[i].name, lower) == 0)
            return true;
    return false;
}

bool http_client_start(HttpTransfer *t, HttpOutRequest *r,
                       const HttpOptions *o, HttpError *err)
{
    memset(err, 0, sizeof *err);
    if (!r->authority || !*r->authority) {
        err->tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_URI_INVALID;
        return false;
    }
    const char *scheme = "http";
    if (r->has_scheme && r->scheme_tag == WASI_HTTP_TYPES_SCHEME_HTTPS)
        scheme = "https";
    else if (r->has_scheme && r->scheme_tag == WASI_HTTP_TYPES_SCHEME_OTHER) {
        err->tag = WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_URI_INVALID;
        return false;
    }
    pthread_once(&cl.once, client_init);
    ClientXfer *c = calloc(1, sizeof *c);
    if (!c)
        kiln_trap_host("out of memory");
    c->t = t;
    c->opts = *o;
    c->body_wfd = -1;
    const char *path = r->path ? r->path : "/";
    size_t ulen = strlen(scheme) + strlen(r->authority) + strlen(path) + 8;
    c->url = malloc(ulen);
    c->easy = curl_easy_init();
    if (!c->url || !c->easy)
        kiln_trap_host("out of memory");
    snprintf(c->url, ulen, "%s://%s%s%s", scheme, r->authority,
             path[0] == '/' ? "" : "/", path);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        kiln_trap_host("wasi:http: cannot create a pipe");
    fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
    fcntl(fds[1], F_SETFL, O_NONBLOCK);
    t->body_rfd = fds[0];
    c->body_wfd = fds[1];

    CURL *e = c->easy;
    curl_easy_setopt(e, CURLOPT_URL, c->url);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, c);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, c);
    curl_easy_setopt(e, CURLOPT_HTTP_TRANSFER_DECODING, 1L);
    if (r->method.tag == WASI_HTTP_TYPES_METHOD_HEAD)
        curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    if (r->body) {
        c->body = http_out_body_ref(r->body);
        fcntl(c->body->rfd, F_SETFL, O_NONBLOCK);
        curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
        curl_easy_setopt(e, CURLOPT_READFUNCTION, on_read);
        curl_easy_setopt(e, CURLOPT_READDATA, c);
        curl_easy_setopt(e, CURLOPT_TRAILERFUNCTION, on_trailer);
        curl_easy_setopt(e, CURLOPT_TRAILERDATA, c);
    }
    curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST,
                     r->method.tag == WASI_HTTP_TYPES_METHOD_OTHER
                         ? r->method.other
                         : method_names[r->method.tag]);
    if (o->has_connect)
        curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
                         (long)(o->connect_ns / 1000000 ? o->connect_ns / 1000000
                                                        : 1));
    HttpFields *h = r->headers;
    for (uint32_t i = 0; i < h->n; i++) {
        size_t len = strlen(h->e[i].name) + h->e[i].value_len + 3;
        char *line = malloc(len);
        if (!line)
            kiln_trap_host("out of memory");
        if (h->e[i].value_len == 0) /* curl's syntax for an empty value */
            snprintf(line, len, "%s;", h->e[i].name);
        else
            snprintf(line, len, "%s: %.*s", h->e[i].name,
                     (int)h->e[i].value_len, (const char *)h->e[i].value);
        if (strcmp(h->e[i].name, "content-length") == 0 && r->body)
            curl_easy_setopt(e, CURLOPT_INFILESIZE_LARGE,
                             (curl_off_t)strtoll(line + 16, NULL, 10));
        c->hdrs = curl_slist_append(c->hdrs, line);
        free(line);
    }
    /* Only the guest's headers: no Accept or Expect of curl's own. */
    if (!has_field(h, "accept"))
        c->hdrs = curl_slist_append(c->hdrs, "Accept:");
    if (!has_field(h, "expect"))
        c->hdrs = curl_slist_append(c->hdrs, "Expect:");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, c->hdrs);

    atomic_fetch_add(&t->refs, 1); /* the thread's */
    pthread_mutex_lock(&cl.lock);
    c->next = cl.queue;
    cl.queue = c;
    pthread_mutex_unlock(&cl.lock);
    curl_multi_wakeup(cl.multi);
    return true;
}

void wasi_http_outgoing_handler_handle(
    struct KilnCanonCx *cx, wasi_http_types_outgoing_request_t request,
    const wasi_http_outgoing_handler_option_wasi_http_types_own_request_options_t *options,
    wasi_http_outgoing_handler_result_wasi_http_types_own_future_incoming_response_wasi_http_types_error_code_t *ret)
{
    HttpOutRequest *r = kiln_cx_take_own(
        cx, KILN_HR_wasi_http_types_outgoing_request, request);
    HttpOptions o = {0};
    if (options->is_some) {
        HttpOptions *p = kiln_cx_take_own(
            cx, KILN_HR_wasi_http_types_request_options, options->val);
        o = *p;
        kiln_rt_free(p);
    }
    HttpTransfer *t = http_transfer_new();
    HttpError err;
    memset(ret, 0, sizeof *ret);
    if (!http_client_start(t, r, &o, &err)) {
        ret->is_err = true;
        http_error_store(cx, &err, &ret->val.err);
    } else {
        ret->val.ok = http_future_response_handle(cx, t);
    }
    http_transfer_unref(t);
    http_out_request_free(r);
}
