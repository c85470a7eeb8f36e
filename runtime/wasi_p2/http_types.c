/* http_types.c: the resources of wasi:http/types (WASI 0.2 http/types.wit)
 * other than `fields` (http_fields.c): outgoing requests and their
 * options, incoming responses, bodies and their futures for the client
 * (http_client.c moves the bytes), incoming requests, outgoing responses
 * and the response-outparam for the server (runtime/serve), and
 * http-error-code.  An incoming body's stream and an outgoing body's
 * stream are wasi:io streams over pipes (http.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "http.h"

/* ---- helpers --------------------------------------------------------------- */

char *http_dup_n(const char *s, size_t n)
{
    char *d = kiln_rt_alloc(n + 1);
    if (!d)
        kiln_trap_host("out of memory");
    memcpy(d, s, n);
    return d;
}

static void store_opt(KilnCanonCx *cx, const char *s,
                      wasi_http_types_option_string_t *ret)
{
    ret->is_some = s != NULL;
    ret->val.ptr = ret->val.len = 0;
    if (s)
        kiln_cx_store_string(cx, s, strlen(s), &ret->val.ptr, &ret->val.len);
}

/* Lifts an option<string> argument into a host copy; *ok false when the
 * text fails `valid`. */
static char *lift_opt(KilnCanonCx *cx, const wasi_http_types_option_string_t *o,
                      bool (*valid)(const char *, size_t), bool *ok)
{
    *ok = true;
    if (!o->is_some)
        return NULL;
    uint32_t n;
    const char *s = kiln_cx_lift_string(cx, o->val.ptr, o->val.len, &n);
    char *d = NULL;
    if (valid(s, n))
        d = http_dup_n(s, n);
    else
        *ok = false;
    kiln_cx_free_string(cx, s);
    return d;
}

static bool token_ok(const char *s, size_t n)
{
    return http_field_name_ok((const uint8_t *)s, n);
}

/* RFC 3986 characters of a path-and-query, or of an authority. */
static bool uri_chars_ok(const char *s, size_t n, const char *extra)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
            (c >= 'A' && c <= 'Z') || strchr("-._~!$&'()*+,;=:@%", c) ||
            (c && strchr(extra, c)))
            continue;
        return false;
    }
    return true;
}

static bool path_ok(const char *s, size_t n)
{
    return uri_chars_ok(s, n, "/?");
}

static bool authority_ok(const char *s, size_t n)
{
    return uri_chars_ok(s, n, "[]");
}

static bool scheme_ok(const char *s, size_t n)
{
    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
        return false;
    for (size_t i = 1; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

static void store_method(KilnCanonCx *cx, const HttpMethod *m,
                         wasi_http_types_method_t *ret)
{
    memset(ret, 0, sizeof *ret);
    ret->tag = m->tag;
    if (m->tag == WASI_HTTP_TYPES_METHOD_OTHER)
        kiln_cx_store_string(cx, m->other, strlen(m->other),
                             &ret->val.other.ptr, &ret->val.other.len);
}

static void pipe_pair(int *r, int *w)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        kiln_trap_host("wasi:http: cannot create a pipe");
    /* A bigger pipe lets a body be written ahead of its transfer. */
    fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
    *r = fds[0];
    *w = fds[1];
}

HttpOutBody *http_out_body_new(void)
{
    HttpOutBody *b = kiln_rt_alloc(sizeof *b);
    if (!b)
        kiln_trap_host("out of memory");
    atomic_init(&b->refs, 1);
    atomic_init(&b->finished, false);
    pipe_pair(&b->rfd, &b->wfd);
    return b;
}

/* ---- outgoing-request ---------------------------------------------------- */

void http_out_request_free(HttpOutRequest *r)
{
    if (!r)
        return;
    kiln_rt_free(r->method.other);
    kiln_rt_free(r->path);
    kiln_rt_free(r->scheme_other);
    kiln_rt_free(r->authority);
    http_fields_unref(r->headers);
    http_out_body_unref(r->body);
    kiln_rt_free(r);
}

void wasi_http_types_outgoing_request_drop(struct KilnComponentInst *ci,
                                           void *rep)
{
    (void)ci;
    http_out_request_free(rep);
}

void wasi_http_types_outgoing_request_new(struct KilnCanonCx *cx,
                                          wasi_http_types_fields_t headers,
                                          wasi_http_types_outgoing_request_t *ret)
{
    HttpOutRequest *r = kiln_rt_alloc(sizeof *r);
    if (!r)
        kiln_trap_host("out of memory");
    r->headers = kiln_cx_take_own(cx, KILN_HR_wasi_http_types_fields, headers);
    r->headers->immutable = true;
    r->method.tag = WASI_HTTP_TYPES_METHOD_GET;
    r->path = http_dup_n("/", 1);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_outgoing_request, r);
}

static HttpOutRequest *out_req(KilnCanonCx *cx, uint32_t h)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_http_types_outgoing_request, h);
}

static void take_body(KilnCanonCx *cx, bool *taken, HttpOutBody **slot,
                      wasi_http_types_result_own_outgoing_body_void_t *ret)
{
    if (*taken) {
        ret->is_err = true;
        return;
    }
    *taken = true;
    *slot = http_out_body_new();
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_outgoing_body,
                                  http_out_body_ref(*slot));
}

void wasi_http_types_outgoing_request_body(struct KilnCanonCx *cx,
                                           wasi_http_types_outgoing_request_t self,
                                           wasi_http_types_result_own_outgoing_body_void_t *ret)
{
    HttpOutRequest *r = out_req(cx, self);
    take_body(cx, &r->body_taken, &r->body, ret);
}

void wasi_http_types_outgoing_request_method(struct KilnCanonCx *cx,
                                             wasi_http_types_outgoing_request_t self,
                                             wasi_http_types_method_t *ret)
{
    store_method(cx, &out_req(cx, self)->method, ret);
}

void wasi_http_types_outgoing_request_set_method(struct KilnCanonCx *cx,
                                                 wasi_http_types_outgoing_request_t self,
                                                 const wasi_http_types_method_t *method,
                                                 wasi_http_types_result_void_void_t *ret)
{
    HttpOutRequest *r = out_req(cx, self);
    if (method->tag > WASI_HTTP_TYPES_METHOD_OTHER)
        kiln_cm_trap("invalid variant discriminant");
    char *other = NULL;
    if (method->tag == WASI_HTTP_TYPES_METHOD_OTHER) {
        wasi_http_types_option_string_t o = {true, method->val.other};
        bool ok;
        other = lift_opt(cx, &o, token_ok, &ok);
        if (!ok) {
            ret->is_err = true;
            return;
        }
    }
    kiln_rt_free(r->method.other);
    r->method.tag = method->tag;
    r->method.other = other;
    ret->is_err = false;
}

void wasi_http_types_outgoing_request_path_with_query(struct KilnCanonCx *cx,
                                                      wasi_http_types_outgoing_request_t self,
                                                      wasi_http_types_option_string_t *ret)
{
    store_opt(cx, out_req(cx, self)->path, ret);
}

void wasi_http_types_outgoing_request_set_path_with_query(struct KilnCanonCx *cx,
                                                          wasi_http_types_outgoing_request_t self,
                                                          const wasi_http_types_option_string_t *path_with_query,
                                                          wasi_http_types_result_void_void_t *ret)
{
    HttpOutRequest *r = out_req(cx, self);
    bool ok;
    char *p = lift_opt(cx, path_with_query, path_ok, &ok);
    ret->is_err = !ok;
    if (ok) {
        kiln_rt_free(r->path);
        r->path = p;
    }
}

void wasi_http_types_outgoing_request_scheme(struct KilnCanonCx *cx,
                                             wasi_http_types_outgoing_request_t self,
                                             wasi_http_types_option_scheme_t *ret)
{
    HttpOutRequest *r = out_req(cx, self);
    memset(ret, 0, sizeof *ret);
    ret->is_some = r->has_scheme;
    ret->val.tag = r->scheme_tag;
    if (r->has_scheme && r->scheme_tag == WASI_HTTP_TYPES_SCHEME_OTHER)
        kiln_cx_store_string(cx, r->scheme_other, strlen(r->scheme_other),
                             &ret->val.val.other.ptr, &ret->val.val.other.len);
}

void wasi_http_types_outgoing_request_set_scheme(struct KilnCanonCx *cx,
                                                 wasi_http_types_outgoing_request_t self,
                                                 const wasi_http_types_option_scheme_t *scheme,
                                                 wasi_http_types_result_void_void_t *ret)
{
    HttpOutRequest *r = out_req(cx, self);
    char *other = NULL;
    if (scheme->is_some && scheme->val.tag > WASI_HTTP_TYPES_SCHEME_OTHER)
        kiln_cm_trap("invalid variant discriminant");
    if (scheme->is_some && scheme->val.tag == WASI_HTTP_TYPES_SCHEME_OTHER) {
        wasi_http_types_option_string_t o = {true, scheme->val.val.other};
        bool ok;
        other = lift_opt(cx, &o, scheme_ok, &ok);
        if (!ok) {
            ret->is_err = true;
            return;
        }
    }
    kiln_rt_free(r->scheme_other);
    r->has_scheme = scheme->is_some;
    r->scheme_tag = scheme->is_some ? scheme->val.tag : 0;
    r->scheme_other = other;
    ret->is_err = false;
}

void wasi_http_types_outgoing_request_authority(struct KilnCanonCx *cx,
                                                wasi_http_types_outgoing_request_t self,
                                                wasi_http_types_option_string_t *ret)
{
    store_opt(cx, out_req(cx, self)->authority, ret);
}

void wasi_http_types_outgoing_request_set_authority(struct KilnCanonCx *cx,
                                                    wasi_http_types_outgoing_request_t self,
                                                    const wasi_http_types_option_string_t *authority,
                                                    wasi_http_types_result_void_void_t *ret)
{
    HttpOutRequest *r = out_req(cx, self);
    bool ok;
    char *a = lift_opt(cx, authority, authority_ok, &ok);
    ret->is_err = !ok;
    if (ok) {
        kiln_rt_free(r->authority);
        r->authority = a;
    }
}

void wasi_http_types_outgoing_request_headers(struct KilnCanonCx *cx,
                                              wasi_http_types_outgoing_request_t self,
                                              wasi_http_types_fields_t *ret)
{
    *ret = http_fields_handle(cx, out_req(cx, self)->headers);
}

/* ---- request-options ----------------------------------------------------- */

void wasi_http_types_request_options_drop(struct KilnComponentInst *ci,
                                          void *rep)
{
    (void)ci;
    kiln_rt_free(rep);
}

void wasi_http_types_request_options_new(struct KilnCanonCx *cx,
                                         wasi_http_types_request_options_t *ret)
{
    HttpOptions *o = kiln_rt_alloc(sizeof *o);
    if (!o)
        kiln_trap_host("out of memory");
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_request_options, o);
}

static HttpOptions *opts(KilnCanonCx *cx, uint32_t h)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_http_types_request_options, h);
}

static void get_dur(bool has, uint64_t v, wasi_http_types_option_u64_t *ret)
{
    ret->is_some = has;
    ret->val = has ? v : 0;
}

static void set_dur(bool *has, uint64_t *v,
                    const wasi_http_types_option_u64_t *d,
                    wasi_http_types_result_void_void_t *ret)
{
    *has = d->is_some;
    *v = d->is_some ? d->val : 0;
    ret->is_err = false;
}

void wasi_http_types_request_options_connect_timeout(struct KilnCanonCx *cx,
                                                     wasi_http_types_request_options_t self,
                                                     wasi_http_types_option_u64_t *ret)
{
    HttpOptions *o = opts(cx, self);
    get_dur(o->has_connect, o->connect_ns, ret);
}

void wasi_http_types_request_options_set_connect_timeout(struct KilnCanonCx *cx,
                                                         wasi_http_types_request_options_t self,
                                                         const wasi_http_types_option_u64_t *duration,
                                                         wasi_http_types_result_void_void_t *ret)
{
    HttpOptions *o = opts(cx, self);
    set_dur(&o->has_connect, &o->connect_ns, duration, ret);
}

void wasi_http_types_request_options_first_byte_timeout(struct KilnCanonCx *cx,
                                                        wasi_http_types_request_options_t self,
                                                        wasi_http_types_option_u64_t *ret)
{
    HttpOptions *o = opts(cx, self);
    get_dur(o->has_first_byte, o->first_byte_ns, ret);
}

void wasi_http_types_request_options_set_first_byte_timeout(struct KilnCanonCx *cx,
                                                            wasi_http_types_request_options_t self,
                                                            const wasi_http_types_option_u64_t *duration,
                                                            wasi_http_types_result_void_void_t *ret)
{
    HttpOptions *o = opts(cx, self);
    set_dur(&o->has_first_byte, &o->first_byte_ns, duration, ret);
}

void wasi_http_types_request_options_between_bytes_timeout(struct KilnCanonCx *cx,
                                                           wasi_http_types_request_options_t self,
                                                           wasi_http_types_option_u64_t *ret)
{
    HttpOptions *o = opts(cx, self);
    get_dur(o->has_between, o->between_ns, ret);
}

void wasi_http_types_request_options_set_between_bytes_timeout(struct KilnCanonCx *cx,
                                                               wasi_http_types_request_options_t self,
                                                               const wasi_http_types_option_u64_t *duration,
                                                               wasi_http_types_result_void_void_t *ret)
{
    HttpOptions *o = opts(cx, self);
    set_dur(&o->has_between, &o->between_ns, duration, ret);
}

/* ---- outgoing-body ------------------------------------------------------- */

void wasi_http_types_outgoing_body_drop(struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    HttpOutBody *b = rep;
    /* Dropped without finish: the reader sees EOF without `finished`, and
     * the message is abandoned. */
    if (b->wfd >= 0) {
        close(b->wfd);
        b->wfd = -1;
    }
    http_out_body_unref(b);
}

void wasi_http_types_outgoing_body_write(struct KilnCanonCx *cx,
                                         wasi_http_types_outgoing_body_t self,
                                         wasi_http_types_result_wasi_io_streams_own_output_stream_void_t *ret)
{
    HttpOutBody *b = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_outgoing_body,
                                    self);
    int d = b->stream_taken || b->wfd < 0 ? -1 : fcntl(b->wfd, F_DUPFD_CLOEXEC, 0);
    if (d < 0) {
        ret->is_err = true;
        return;
    }
    b->stream_taken = true;
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_output_stream,
                                  p2_output_stream_fd(d, false, 0, false, true));
}

void wasi_http_types_outgoing_body_finish(struct KilnCanonCx *cx,
                                          wasi_http_types_outgoing_body_t this,
                                          const wasi_http_types_option_own_fields_t *trailers,
                                          wasi_http_types_result_void_error_code_t *ret)
{
    HttpOutBody *b = kiln_cx_take_own(cx, KILN_HR_wasi_http_types_outgoing_body,
                                      this);
    if (trailers->is_some) {
        HttpFields *t = kiln_cx_take_own(cx, KILN_HR_wasi_http_types_fields,
                                         trailers->val);
        t->immutable = true;
        b->trailers = t;
    }
    atomic_store(&b->finished, true);
    if (b->wfd >= 0) {
        close(b->wfd);
        b->wfd = -1;
    }
    http_out_body_unref(b);
    ret->is_err = false;
}

/* ---- transfers as seen by the guest --------------------------------------- */

/* incoming-body, future-trailers, future-incoming-response and
 * incoming-response all hold a transfer. */
typedef struct HttpTRef {
    HttpTransfer *t;
    bool used; /* consumed / stream taken / result taken */
} HttpTRef;

static HttpTRef *tref_new(HttpTransfer *t)
{
    HttpTRef *r = kiln_rt_alloc(sizeof *r);
    if (!r)
        kiln_trap_host("out of memory");
    atomic_fetch_add(&t->refs, 1);
    r->t = t;
    return r;
}

static void tref_free(HttpTRef *r)
{
    HttpTransfer *t = r->t;
    /* The last guest object gone before the body was taken: nobody can
     * read the response any more. */
    pthread_mutex_lock(&t->lock);
    bool unread = t->body_rfd >= 0;
    pthread_mutex_unlock(&t->lock);
    if (unread && atomic_load(&t->refs) <= 2)
        atomic_store(&t->cancelled, true);
    http_transfer_unref(t);
    kiln_rt_free(r);
}

uint32_t http_future_response_handle(KilnCanonCx *cx, HttpTransfer *t);
uint32_t http_future_response_handle(KilnCanonCx *cx, HttpTransfer *t)
{
    return kiln_cx_new_own(cx, KILN_HR_wasi_http_types_future_incoming_response,
                           tref_new(t));
}

void wasi_http_types_future_incoming_response_drop(struct KilnComponentInst *ci,
                                                   void *rep)
{
    (void)ci;
    tref_free(rep);
}

void wasi_http_types_future_incoming_response_subscribe(struct KilnCanonCx *cx,
                                                        wasi_http_types_future_incoming_response_t self,
                                                        wasi_io_poll_pollable_t *ret)
{
    HttpTRef *r = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_future_incoming_response,
                                 self);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2_pollable_fd_dup(r->t->head_rfd, false));
}

void wasi_http_types_future_incoming_response_get(struct KilnCanonCx *cx,
                                                  wasi_http_types_future_incoming_response_t self,
                                                  wasi_http_types_option_result_result_own_incoming_response_error_code_void_t *ret)
{
    HttpTRef *r = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_future_incoming_response,
                                 self);
    HttpTransfer *t = r->t;
    memset(ret, 0, sizeof *ret);
    pthread_mutex_lock(&t->lock);
    HttpTransferState st = t->state;
    bool head = t->headers != NULL;
    HttpError err = t->error;
    pthread_mutex_unlock(&t->lock);
    if (st == HTTP_T_PENDING)
        return; /* none */
    ret->is_some = true;
    if (r->used) {
        ret->val.is_err = true;
        return;
    }
    r->used = true;
    if (!head) {
        ret->val.val.ok.is_err = true;
        http_error_store(cx, &err, &ret->val.val.ok.val.err);
        return;
    }
    ret->val.val.ok.val.ok = kiln_cx_new_own(
        cx, KILN_HR_wasi_http_types_incoming_response, tref_new(t));
}

/* ---- incoming-response --------------------------------------------------- */

void wasi_http_types_incoming_response_drop(struct KilnComponentInst *ci,
                                            void *rep)
{
    (void)ci;
    tref_free(rep);
}

static HttpTRef *in_resp(KilnCanonCx *cx, uint32_t h)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_http_types_incoming_response, h);
}

void wasi_http_types_incoming_response_status(struct KilnCanonCx *cx,
                                              wasi_http_types_incoming_response_t self,
                                              uint16_t *ret)
{
    *ret = in_resp(cx, self)->t->status;
}

void wasi_http_types_incoming_response_headers(struct KilnCanonCx *cx,
                                               wasi_http_types_incoming_response_t self,
                                               wasi_http_types_fields_t *ret)
{
    *ret = http_fields_handle(cx, in_resp(cx, self)->t->headers);
}

static void consume(KilnCanonCx *cx, HttpTRef *r,
                    wasi_http_types_result_own_incoming_body_void_t *ret)
{
    if (r->used) {
        ret->is_err = true;
        return;
    }
    r->used = true;
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_incoming_body,
                                  tref_new(r->t));
}

void wasi_http_types_incoming_response_consume(struct KilnCanonCx *cx,
                                               wasi_http_types_incoming_response_t self,
                                               wasi_http_types_result_own_incoming_body_void_t *ret)
{
    consume(cx, in_resp(cx, self), ret);
}

/* ---- incoming-body and future-trailers ------------------------------------ */

void wasi_http_types_incoming_body_drop(struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    tref_free(rep);
}

void wasi_http_types_incoming_body_stream(struct KilnCanonCx *cx,
                                          wasi_http_types_incoming_body_t self,
                                          wasi_http_types_result_wasi_io_streams_own_input_stream_void_t *ret)
{
    HttpTRef *r = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_incoming_body, self);
    HttpTransfer *t = r->t;
    pthread_mutex_lock(&t->lock);
    int fd = r->used ? -1 : t->body_rfd;
    if (fd >= 0)
        t->body_rfd = -1;
    pthread_mutex_unlock(&t->lock);
    if (fd < 0) {
        ret->is_err = true;
        return;
    }
    r->used = true;
    if (t->body_wanted)
        t->body_wanted(t->body_wanted_arg); /* 100 Continue, then the body */
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_input_stream,
                                  p2_input_stream_fd(fd, false, 0, true));
}

void wasi_http_types_incoming_body_finish(struct KilnCanonCx *cx,
                                          wasi_http_types_incoming_body_t this,
                                          wasi_http_types_future_trailers_t *ret)
{
    HttpTRef *r = kiln_cx_take_own(cx, KILN_HR_wasi_http_types_incoming_body,
                                   this);
    r->used = false; /* now: trailers taken */
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_future_trailers, r);
}

void wasi_http_types_future_trailers_drop(struct KilnComponentInst *ci,
                                          void *rep)
{
    (void)ci;
    tref_free(rep);
}

void wasi_http_types_future_trailers_subscribe(struct KilnCanonCx *cx,
                                               wasi_http_types_future_trailers_t self,
                                               wasi_io_poll_pollable_t *ret)
{
    HttpTRef *r = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_future_trailers,
                                 self);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2_pollable_fd_dup(r->t->done_rfd, false));
}

void wasi_http_types_future_trailers_get(struct KilnCanonCx *cx,
                                         wasi_http_types_future_trailers_t self,
                                         wasi_http_types_option_result_result_option_own_fields_error_code_void_t *ret)
{
    HttpTRef *r = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_future_trailers,
                                 self);
    HttpTransfer *t = r->t;
    memset(ret, 0, sizeof *ret);
    pthread_mutex_lock(&t->lock);
    HttpTransferState st = t->state;
    HttpError err = t->error;
    HttpFields *tr = t->trailers;
    pthread_mutex_unlock(&t->lock);
    if (st == HTTP_T_PENDING || st == HTTP_T_HEAD)
        return;
    ret->is_some = true;
    if (r->used) {
        ret->val.is_err = true;
        return;
    }
    r->used = true;
    if (st == HTTP_T_FAILED) {
        ret->val.val.ok.is_err = true;
        http_error_store(cx, &err, &ret->val.val.ok.val.err);
        return;
    }
    ret->val.val.ok.val.ok.is_some = tr != NULL;
    if (tr)
        ret->val.val.ok.val.ok.val = http_fields_handle(cx, tr);
}

/* ---- incoming-request (server) ------------------------------------------- */

void http_in_request_free(HttpInRequest *r)
{
    if (!r)
        return;
    kiln_rt_free(r->method.other);
    kiln_rt_free(r->path);
    kiln_rt_free(r->authority);
    http_fields_unref(r->headers);
    http_transfer_unref(r->body);
    kiln_rt_free(r);
}

void wasi_http_types_incoming_request_drop(struct KilnComponentInst *ci,
                                           void *rep)
{
    (void)ci;
    http_in_request_free(rep);
}

static HttpInRequest *in_req(KilnCanonCx *cx, uint32_t h)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_http_types_incoming_request, h);
}

void wasi_http_types_incoming_request_method(struct KilnCanonCx *cx,
                                             wasi_http_types_incoming_request_t self,
                                             wasi_http_types_method_t *ret)
{
    store_method(cx, &in_req(cx, self)->method, ret);
}

void wasi_http_types_incoming_request_path_with_query(struct KilnCanonCx *cx,
                                                      wasi_http_types_incoming_request_t self,
                                                      wasi_http_types_option_string_t *ret)
{
    store_opt(cx, in_req(cx, self)->path, ret);
}

void wasi_http_types_incoming_request_scheme(struct KilnCanonCx *cx,
                                             wasi_http_types_incoming_request_t self,
                                             wasi_http_types_option_scheme_t *ret)
{
    HttpInRequest *r = in_req(cx, self);
    memset(ret, 0, sizeof *ret);
    ret->is_some = true;
    ret->val.tag = r->https ? WASI_HTTP_TYPES_SCHEME_HTTPS
                            : WASI_HTTP_TYPES_SCHEME_HTTP;
}

void wasi_http_types_incoming_request_authority(struct KilnCanonCx *cx,
                                                wasi_http_types_incoming_request_t self,
                                                wasi_http_types_option_string_t *ret)
{
    store_opt(cx, in_req(cx, self)->authority, ret);
}

void wasi_http_types_incoming_request_headers(struct KilnCanonCx *cx,
                                              wasi_http_types_incoming_request_t self,
                                              wasi_http_types_fields_t *ret)
{
    *ret = http_fields_handle(cx, in_req(cx, self)->headers);
}

void wasi_http_types_incoming_request_consume(struct KilnCanonCx *cx,
                                              wasi_http_types_incoming_request_t self,
                                              wasi_http_types_result_own_incoming_body_void_t *ret)
{
    HttpInRequest *r = in_req(cx, self);
    if (r->consumed || !r->body) {
        ret->is_err = true;
        return;
    }
    r->consumed = true;
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_incoming_body,
                                  tref_new(r->body));
}

/* ---- outgoing-response and response-outparam (server) --------------------- */

void http_out_response_free(HttpOutResponse *r)
{
    if (!r)
        return;
    http_fields_unref(r->headers);
    http_out_body_unref(r->body);
    kiln_rt_free(r);
}

void wasi_http_types_outgoing_response_drop(struct KilnComponentInst *ci,
                                            void *rep)
{
    (void)ci;
    http_out_response_free(rep);
}

void wasi_http_types_outgoing_response_new(struct KilnCanonCx *cx,
                                           wasi_http_types_fields_t headers,
                                           wasi_http_types_outgoing_response_t *ret)
{
    HttpOutResponse *r = kiln_rt_alloc(sizeof *r);
    if (!r)
        kiln_trap_host("out of memory");
    r->headers = kiln_cx_take_own(cx, KILN_HR_wasi_http_types_fields, headers);
    r->headers->immutable = true;
    r->status = 200;
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_outgoing_response, r);
}

static HttpOutResponse *out_resp(KilnCanonCx *cx, uint32_t h)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_http_types_outgoing_response, h);
}

void wasi_http_types_outgoing_response_status_code(struct KilnCanonCx *cx,
                                                   wasi_http_types_outgoing_response_t self,
                                                   uint16_t *ret)
{
    *ret = out_resp(cx, self)->status;
}

void wasi_http_types_outgoing_response_set_status_code(struct KilnCanonCx *cx,
                                                       wasi_http_types_outgoing_response_t self,
                                                       uint16_t status_code,
                                                       wasi_http_types_result_void_void_t *ret)
{
    HttpOutResponse *r = out_resp(cx, self);
    /* A final status: three digits, not informational. */
    ret->is_err = status_code < 200 || status_code > 999;
    if (!ret->is_err)
        r->status = status_code;
}

void wasi_http_types_outgoing_response_headers(struct KilnCanonCx *cx,
                                               wasi_http_types_outgoing_response_t self,
                                               wasi_http_types_fields_t *ret)
{
    *ret = http_fields_handle(cx, out_resp(cx, self)->headers);
}

void wasi_http_types_outgoing_response_body(struct KilnCanonCx *cx,
                                            wasi_http_types_outgoing_response_t self,
                                            wasi_http_types_result_own_outgoing_body_void_t *ret)
{
    HttpOutResponse *r = out_resp(cx, self);
    take_body(cx, &r->body_taken, &r->body, ret);
}

void wasi_http_types_response_outparam_drop(struct KilnComponentInst *ci,
                                            void *rep)
{
    (void)ci;
    HttpOutparam *p = rep;
    if (!p->done && p->set) {
        /* Dropped unanswered: the server answers 500. */
        HttpError e = {.tag = WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR};
        snprintf(e.msg, sizeof e.msg, "response-outparam dropped unset");
        p->set(p->server, NULL, &e);
    }
    kiln_rt_free(p);
}

void wasi_http_types_response_outparam_send_informational(struct KilnCanonCx *cx,
                                                          wasi_http_types_response_outparam_t self,
                                                          uint16_t status,
                                                          wasi_http_types_fields_t headers,
                                                          wasi_http_types_result_void_error_code_t *ret)
{
    /* The unstable informational-outbound-responses feature: refused. */
    (void)status;
    kiln_cx_borrow(cx, KILN_HR_wasi_http_types_response_outparam, self);
    http_fields_unref(kiln_cx_take_own(cx, KILN_HR_wasi_http_types_fields,
                                       headers));
    HttpError e = {.tag = WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR};
    snprintf(e.msg, sizeof e.msg, "informational responses are not supported");
    ret->is_err = true;
    http_error_store(cx, &e, &ret->val.err);
}

void wasi_http_types_response_outparam_set(struct KilnCanonCx *cx,
                                           wasi_http_types_response_outparam_t param,
                                           const wasi_http_types_result_own_outgoing_response_error_code_t *response)
{
    HttpOutparam *p = kiln_cx_take_own(cx, KILN_HR_wasi_http_types_response_outparam,
                                       param);
    HttpOutResponse *resp = NULL;
    HttpError e = {0};
    if (!response->is_err) {
        resp = kiln_cx_take_own(cx, KILN_HR_wasi_http_types_outgoing_response,
                                response->val.ok);
    } else {
        e.tag = response->val.err.tag;
        if (e.tag == WASI_HTTP_TYPES_ERROR_CODE_INTERNAL_ERROR &&
            response->val.err.val.internal_error.is_some) {
            uint32_t n;
            const char *s = kiln_cx_lift_string(
                cx, response->val.err.val.internal_error.val.ptr,
                response->val.err.val.internal_error.val.len, &n);
            snprintf(e.msg, sizeof e.msg, "%.*s", (int)n, s);
            kiln_cx_free_string(cx, s);
        }
    }
    p->done = true;
    if (p->set)
        p->set(p->server, resp, response->is_err ? &e : NULL);
    else
        http_out_response_free(resp);
    kiln_rt_free(p);
}

/* ---- http-error-code ------------------------------------------------------ */

void wasi_http_types_http_error_code(struct KilnCanonCx *cx,
                                     wasi_io_error_error_t err,
                                     wasi_http_types_option_error_code_t *ret)
{
    /* Body streams are pipes: their errors are the pipe's, which say the
     * other side went away. */
    void *rep = kiln_cx_borrow(cx, KILN_HR_wasi_io_error_error, err);
    int e = p2_error_errno(rep);
    memset(ret, 0, sizeof *ret);
    if (e == EPIPE || e == ECONNRESET) {
        ret->is_some = true;
        ret->val.tag = WASI_HTTP_TYPES_ERROR_CODE_CONNECTION_TERMINATED;
    }
}
