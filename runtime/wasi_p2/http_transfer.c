/* http_transfer.c: the state one HTTP message body shares between the
 * guest's thread and the host thread moving its bytes (wasi:http/types
 * future-incoming-response, incoming-body and future-trailers of WASI 0.2
 * http/types.wit), and the error-code variant's Canonical ABI store.
 * Nothing here calls libcurl (http.h says why). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "http.h"

static void pipe_pair(int *r, int *w)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        kiln_trap_host("wasi:http: cannot create a pipe");
    *r = fds[0];
    *w = fds[1];
}

HttpTransfer *http_transfer_new(void)
{
    HttpTransfer *t = kiln_rt_alloc(sizeof *t);
    if (!t)
        kiln_trap_host("out of memory");
    atomic_init(&t->refs, 1);
    atomic_init(&t->cancelled, false);
    pthread_mutex_init(&t->lock, NULL);
    t->state = HTTP_T_PENDING;
    pipe_pair(&t->head_rfd, &t->head_wfd);
    pipe_pair(&t->done_rfd, &t->done_wfd);
    t->body_rfd = -1;
    t->body_wanted = NULL;
    t->body_wanted_arg = NULL;
    return t;
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

void http_signal(int *wfd)
{
    close_fd(wfd);
}

void http_transfer_unref(HttpTransfer *t)
{
    if (!t || atomic_fetch_sub(&t->refs, 1) > 1)
        return;
    close_fd(&t->head_rfd);
    close_fd(&t->head_wfd);
    close_fd(&t->done_rfd);
    close_fd(&t->done_wfd);
    close_fd(&t->body_rfd);
    http_fields_unref(t->headers);
    http_fields_unref(t->trailers);
    pthread_mutex_destroy(&t->lock);
    kiln_rt_free(t);
}

HttpOutBody *http_out_body_ref(HttpOutBody *b)
{
    atomic_fetch_add(&b->refs, 1);
    return b;
}

void http_out_body_unref(HttpOutBody *b)
{
    if (!b || atomic_fetch_sub(&b->refs, 1) > 1)
        return;
    close_fd(&b->rfd);
    close_fd(&b->wfd);
    http_fields_unref(b->trailers);
    kiln_rt_free(b);
}

static void store_opt_string(KilnCanonCx *cx, const char *s,
                             wasi_http_types_option_string_t *o)
{
    o->is_some = s && *s;
    o->val.ptr = o->val.len = 0;
    if (o->is_some)
        kiln_cx_store_string(cx, s, strlen(s), &o->val.ptr, &o->val.len);
}

void http_error_store(KilnCanonCx *cx, const HttpError *e,
                      wasi_http_types_error_code_t *out)
{
    memset(out, 0, sizeof *out);
    out->tag = e->tag;
    switch (e->tag) {
    case WASI_HTTP_TYPES_ERROR_CODE_DNS_ERROR:
        store_opt_string(cx, e->msg, &out->val.DNS_error.rcode);
        break;
    case WASI_HTTP_TYPES_ERROR_CODE_TLS_ALERT_RECEIVED:
        store_opt_string(cx, e->msg, &out->val.TLS_alert_received.alert_message);
        break;
    case WASI_HTTP_TYPES_ERROR_CODE_HTTP_REQUEST_TRAILER_SIZE:
    case WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_HEADER_SIZE:
    case WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_TRAILER_SIZE:
        store_opt_string(cx, e->msg,
                         &out->val.HTTP_response_header_size.field_name);
        break;
    case WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_TRANSFER_CODING:
    case WASI_HTTP_TYPES_ERROR_CODE_HTTP_RESPONSE_CONTENT_CODING:
    case WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR:
        store_opt_string(cx, e->msg, &out->val.internal_error);
        break;
    default: /* no payload, or an option left none */
        break;
    }
}
