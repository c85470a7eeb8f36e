/* serve_http.c: the HTTP/1.1 side of the server (RFC 9112): reading and
 * checking a request head, the request body (Content-Length or chunked,
 * with trailers) pumped into the pipe behind the guest's incoming-body,
 * and the response (head, then the guest's outgoing-body pipe copied to
 * the socket, chunked unless the guest set Content-Length); `Expect:
 * 100-continue` (RFC 9110 10.1.1) holds the body back until the guest
 * takes its stream.  Errors of
 * the client become 400, 408, 417, 431 or 501 answers and a closed
 * connection, never a crash. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "serve_int.h"

uint64_t p2_monotonic_now(void);

/* Reads more bytes into c->buf; >0 read, 0 end of stream, -1 error or
 * timeout (the socket's SO_RCVTIMEO). */
static ssize_t conn_fill(SrvConn *c)
{
    if (c->off > 0) {
        memmove(c->buf, c->buf + c->off, c->len - c->off);
        c->len -= c->off;
        c->off = 0;
    }
    if (c->len >= sizeof c->buf)
        return -1;
    for (;;) {
        ssize_t n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n > 0)
            c->len += (size_t)n;
        return n;
    }
}

bool srv_send_all(int fd, const void *p, size_t n)
{
    const char *s = p;
    while (n) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

static const char *reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Content Too Large";
    case 417: return "Expectation Failed";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

void srv_send_error(SrvConn *c, int status)
{
    char msg[256];
    const char *r = reason(status);
    int n = snprintf(msg, sizeof msg,
                     "HTTP/1.1 %d %s\r\ncontent-type: text/plain\r\n"
                     "content-length: %zu\r\nconnection: close\r\n\r\n%s\n",
                     status, r, strlen(r) + 1, r);
    srv_send_all(c->fd, msg, (size_t)n);
    c->close = true;
}

/* ---- the request head ------------------------------------------------------- */

static const char *const methods[] = {
    "GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE",
    "PATCH",
};

static bool ieq(const char *a, size_t n, const char *lower)
{
    if (strlen(lower) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

/* Parses one head in buf[0, n) (ending with the empty line) into r;
 * 0 or the status to answer with. */
static int parse_head(SrvConn *c, char *buf, size_t n, HttpInRequest *r,
                      SrvBody *body)
{
    char *end = buf + n, *line = buf;
    char *eol = memchr(line, '\n', (size_t)(end - line));
    if (!eol || eol == line || eol[-1] != '\r')
        return 400;
    /* method SP request-target SP HTTP-version */
    char *sp1 = memchr(line, ' ', (size_t)(eol - line));
    char *sp2 = sp1 ? memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1)) : NULL;
    if (!sp1 || !sp2 || sp1 == line || sp2 == sp1 + 1)
        return 400;
    if (!http_field_name_ok((const uint8_t *)line, (size_t)(sp1 - line)))
        return 400;
    size_t vlen = (size_t)(eol - 1 - (sp2 + 1));
    if (vlen != 8 || memcmp(sp2 + 1, "HTTP/1.", 7) != 0 ||
        (sp2[8] != '0' && sp2[8] != '1'))
        return 400;
    bool http10 = sp2[8] == '0';
    c->close = http10;
    r->method.tag = WASI_HTTP_TYPES_METHOD_OTHER;
    for (size_t i = 0; i < sizeof methods / sizeof *methods; i++)
        if ((size_t)(sp1 - line) == strlen(methods[i]) &&
            memcmp(line, methods[i], strlen(methods[i])) == 0)
            r->method.tag = (uint8_t)i;
    if (r->method.tag == WASI_HTTP_TYPES_METHOD_OTHER)
        r->method.other = http_dup_n(line, (size_t)(sp1 - line));
    char *target = sp1 + 1;
    size_t tlen = (size_t)(sp2 - target);
    for (size_t i = 0; i < tlen; i++)
        if ((unsigned char)target[i] <= ' ' || target[i] == 0x7f)
            return 400;
    if (target[0] != '/' && !(tlen == 1 && target[0] == '*'))
        return 400;
    r->path = http_dup_n(target, tlen);

    bool have_len = false, chunked = false, have_te = false, have_host = false;
    bool expect = false;
    uint64_t clen = 0;
    r->headers = http_fields_new();
    for (line = eol + 1; line < end; line = eol + 1) {
        eol = memchr(line, '\n', (size_t)(end - line));
        if (!eol || eol[-1] != '\r')
            return 400;
        if (eol - 1 == line)
            break; /* the empty line */
        if (*line == ' ' || *line == '\t')
            return 400; /* obs-fold */
        char *colon = memchr(line, ':', (size_t)(eol - line));
        if (!colon ||
            !http_field_name_ok((const uint8_t *)line, (size_t)(colon - line)))
            return 400;
        char *v = colon + 1, *ve = eol - 1;
        while (v < ve && (*v == ' ' || *v == '\t'))
            v++;
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        if (!http_field_value_ok((const uint8_t *)v, (size_t)(ve - v)))
            return 400;
        size_t nl = (size_t)(colon - line), vl = (size_t)(ve - v);
        if (ieq(line, nl, "content-length")) {
            if (vl == 0 || vl > 18)
                return 400;
            uint64_t x = 0;
            for (size_t i = 0; i < vl; i++) {
                if (v[i] < '0' || v[i] > '9')
                    return 400;
                x = x * 10 + (uint64_t)(v[i] - '0');
            }
            if (have_len && x != clen)
                return 400;
            have_len = true;
            clen = x;
        } else if (ieq(line, nl, "transfer-encoding")) {
            have_te = true;
            chunked = vl >= 7 && ieq(ve - 7, 7, "chunked");
            if (!chunked)
                return 501;
        } else if (ieq(line, nl, "host")) {
            if (have_host)
                return 400;
            have_host = true;
            r->authority = http_dup_n(v, vl);
        } else if (ieq(line, nl, "expect")) {
            /* the one expectation HTTP/1.1 defines (RFC 9110 10.1.1) */
            if (!ieq(v, vl, "100-continue"))
                return 417;
            expect = true;
        } else if (ieq(line, nl, "connection")) {
            if (vl >= 5 && ieq(v, 5, "close"))
                c->close = true;
            else if (vl >= 10 && ieq(v, 10, "keep-alive"))
                c->close = false;
        }
        http_fields_add(r->headers, line, nl, (const uint8_t *)v, vl);
    }
    if (have_te && have_len)
        return 400;
    if (!http10 && !have_host)
        return 400;
    r->headers->immutable = true;
    body->chunked = chunked;
    body->remaining = chunked ? 0 : clen;
    body->has_body = chunked || clen > 0;
    /* An HTTP/1.0 client's expectation is ignored (RFC 9110 10.1.1). */
    body->expect = expect && !http10 && body->has_body;
    return 0;
}

int srv_read_head(SrvConn *c, HttpInRequest *r, SrvBody *body,
                  volatile int *stopping)
{
    uint64_t deadline = p2_monotonic_now() + SRV_HEAD_TIMEOUT_NS;
    for (;;) {
        /* Stray CRLFs before a request line are allowed (RFC 9112 2.2). */
        while (c->off + 1 < c->len && c->buf[c->off] == '\r' &&
               c->buf[c->off + 1] == '\n')
            c->off += 2;
        char *start = c->buf + c->off;
        size_t avail = c->len - c->off;
        char *e = NULL;
        for (size_t i = 3; i < avail && !e; i++)
            if (start[i] == '\n' && start[i - 1] == '\r' && start[i - 2] == '\n' &&
                start[i - 3] == '\r')
                e = start + i + 1;
        if (e) {
            size_t n = (size_t)(e - start);
            c->off += n;
            return parse_head(c, start, n, r, body);
        }
        if (avail >= SRV_HEAD_MAX)
            return 431;
        if (*stopping && avail == 0)
            return -1;
        if (p2_monotonic_now() > deadline)
            return avail ? 408 : -1;
        ssize_t got = conn_fill(c);
        if (got == 0)
            return -1; /* the client closed (between requests: fine) */
        if (got < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                continue; /* SO_RCVTIMEO slice; the deadline decides */
            return -1;
        }
    }
}

/* ---- the request body -------------------------------------------------------- */

/* Reads up to n body bytes (from the buffer first); 0 at the end. */
static ssize_t conn_read(SrvConn *c, char *out, size_t n)
{
    uint64_t start = p2_monotonic_now();
    while (c->off == c->len) {
        ssize_t got = conn_fill(c);
        if (got > 0)
            break;
        /* SO_RCVTIMEO slices: a client silent for SRV_IO_TIMEOUT_S fails. */
        if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) &&
            p2_monotonic_now() - start < SRV_IO_TIMEOUT_S * 1000000000ull)
            continue;
        return -1;
    }
    size_t k = c->len - c->off < n ? c->len - c->off : n;
    memcpy(out, c->buf + c->off, k);
    c->off += k;
    return (ssize_t)k;
}

/* One CRLF-terminated line (without it) into line[cap]; false on error. */
static bool conn_line(SrvConn *c, char *line, size_t cap)
{
    size_t n = 0;
    for (;;) {
        char ch;
        if (conn_read(c, &ch, 1) != 1)
            return false;
        if (ch == '\n') {
            if (n == 0 || line[n - 1] != '\r')
                return false;
            line[n - 1] = 0;
            return true;
        }
        if (n + 1 >= cap)
            return false;
        line[n++] = ch;
    }
}

static bool pipe_write(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Copies len body bytes into the pipe; once the guest closed it, the rest
 * is read and dropped (the connection stays usable). */
static bool pump_bytes(SrvBody *b, uint64_t len)
{
    char chunk[16384];
    while (len) {
        ssize_t got = conn_read(b->conn, chunk, len < sizeof chunk ? len : sizeof chunk);
        if (got <= 0)
            return false;
        if (b->wfd >= 0 && !pipe_write(b->wfd, chunk, (size_t)got)) {
            close(b->wfd);
            b->wfd = -1;
        }
        len -= (uint64_t)got;
    }
    return true;
}

static bool pump_chunked(SrvBody *b)
{
    char line[1024];
    for (;;) {
        if (!conn_line(b->conn, line, sizeof line))
            return false;
        char *e;
        errno = 0;
        unsigned long long n = strtoull(line, &e, 16);
        if (e == line || errno || (*e && *e != ';' && *e != ' '))
            return false;
        if (n == 0)
            break;
        if (!pump_bytes(b, n) || !conn_line(b->conn, line, sizeof line) ||
            line[0])
            return false;
    }
    HttpFields *tr = NULL;
    size_t total = 0;
    for (;;) {
        if (!conn_line(b->conn, line, sizeof line))
            return false;
        if (!line[0])
            break;
        total += strlen(line);
        char *colon = strchr(line, ':');
        if (!colon || total > SRV_HEAD_MAX ||
            !http_field_name_ok((const uint8_t *)line, (size_t)(colon - line)))
            return false;
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        if (!tr)
            tr = http_fields_new();
        http_fields_add(tr, line, (size_t)(colon - line), (const uint8_t *)v,
                        strlen(v));
    }
    if (tr) {
        tr->immutable = true;
        pthread_mutex_lock(&b->t->lock);
        b->t->trailers = tr;
        pthread_mutex_unlock(&b->t->lock);
    }
    return true;
}

void srv_body_init(SrvBody *b, SrvConn *c)
{
    *b = (SrvBody){.conn = c, .wfd = -1};
    pthread_mutex_init(&b->lock, NULL);
    pthread_cond_init(&b->cond, NULL);
}

void srv_body_destroy(SrvBody *b)
{
    pthread_mutex_destroy(&b->lock);
    pthread_cond_destroy(&b->cond);
}

void srv_body_go(SrvBody *b, int go)
{
    pthread_mutex_lock(&b->lock);
    if (!b->go) {
        b->go = go;
        pthread_cond_signal(&b->cond);
    }
    pthread_mutex_unlock(&b->lock);
}

/* Under Expect: 100-continue, whether the guest wants the body. */
static bool body_wanted(SrvBody *b)
{
    if (!b->expect)
        return true;
    pthread_mutex_lock(&b->lock);
    while (!b->go)
        pthread_cond_wait(&b->cond, &b->lock);
    int go = b->go;
    pthread_mutex_unlock(&b->lock);
    return go > 0;
}

void *srv_body_pump(void *arg)
{
    SrvBody *b = arg;
    bool ok = body_wanted(b) &&
              (b->chunked ? pump_chunked(b) : pump_bytes(b, b->remaining));
    if (b->wfd >= 0)
        close(b->wfd);
    b->wfd = -1;
    b->complete = ok;
    HttpTransfer *t = b->t;
    pthread_mutex_lock(&t->lock);
    t->state = ok ? HTTP_T_DONE : HTTP_T_FAILED;
    if (!ok)
        t->error.tag = WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_TERMINATED;
    pthread_mutex_unlock(&t->lock);
    http_signal(&t->done_wfd);
    return NULL;
}

/* ---- the response ----------------------------------------------------------- */

void *srv_response_writer(void *arg)
{
    SrvResp *w = arg;
    HttpOutResponse *r = w->resp;
    char head[SRV_HEAD_MAX];
    size_t n = 0;
    bool has_len = false;
    n += (size_t)snprintf(head + n, sizeof head - n, "HTTP/1.1 %u %s\r\n",
                          r->status, reason(r->status));
    HttpFields *h = r->headers;
    for (uint32_t i = 0; i < h->n; i++) {
        if (strcmp(h->e[i].name, "content-length") == 0)
            has_len = true;
        size_t need = strlen(h->e[i].name) + h->e[i].value_len + 4;
        if (n + need + 64 > sizeof head) {
            w->ok = false; /* a head too big to send: a 500 instead */
            return NULL;
        }
        n += (size_t)snprintf(head + n, sizeof head - n, "%s: %.*s\r\n",
                              h->e[i].name, (int)h->e[i].value_len,
                              (const char *)h->e[i].value);
    }
    bool chunked = !has_len && r->body && !w->head_only;
    if (!has_len && !r->body)
        n += (size_t)snprintf(head + n, sizeof head - n, "content-length: 0\r\n");
    if (chunked)
        n += (size_t)snprintf(head + n, sizeof head - n,
                              "transfer-encoding: chunked\r\n");
    if (w->close)
        n += (size_t)snprintf(head + n, sizeof head - n, "connection: close\r\n");
    n += (size_t)snprintf(head + n, sizeof head - n, "\r\n");
    w->head_sent = true;
    if (!srv_send_all(w->fd, head, n)) {
        w->ok = false;
        return NULL;
    }
    if (!r->body) {
        w->ok = true;
        return NULL;
    }
    char buf[16400];
    bool sock_ok = true;
    for (;;) {
        ssize_t got = read(r->body->rfd, buf + 10, sizeof buf - 16);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        if (!sock_ok || w->head_only)
            continue; /* drain: the guest must not block */
        if (chunked) {
            char pre[16];
            int k = snprintf(pre, sizeof pre, "%zx\r\n", (size_t)got);
            memcpy(buf + 10 - k, pre, (size_t)k);
            memcpy(buf + 10 + got, "\r\n", 2);
            sock_ok = srv_send_all(w->fd, buf + 10 - k, (size_t)(got + k + 2));
        } else {
            sock_ok = srv_send_all(w->fd, buf + 10, (size_t)got);
        }
    }
    bool finished = atomic_load(&r->body->finished);
    if (sock_ok && finished && chunked) {
        char tail[SRV_HEAD_MAX];
        size_t t = (size_t)snprintf(tail, sizeof tail, "0\r\n");
        HttpFields *tr = r->body->trailers;
        for (uint32_t i = 0; tr && i < tr->n; i++) {
            size_t need = strlen(tr->e[i].name) + tr->e[i].value_len + 4;
            if (t + need + 4 > sizeof tail)
                break;
            t += (size_t)snprintf(tail + t, sizeof tail - t, "%s: %.*s\r\n",
                                  tr->e[i].name, (int)tr->e[i].value_len,
                                  (const char *)tr->e[i].value);
        }
        t += (size_t)snprintf(tail + t, sizeof tail - t, "\r\n");
        sock_ok = srv_send_all(w->fd, tail, t);
    }
    /* A body the guest did not finish is cut short: the client sees an
     * incomplete message, and the connection closes. */
    w->ok = sock_ok && finished;
    return NULL;
}
