/* http.h: internal interface of the wasi:http host (WASI 0.2 http/types.wit,
 * http/handler.wit): the objects behind the resources of wasi:http/types
 * and the transfer shared between the guest's thread and the client thread
 * of http_client.c.
 *
 * Bodies are wasi:io streams over pipes, so that the stream and poll code of
 * io_*.c serves them unchanged: the client thread writes a response body
 * into a pipe whose read end is the guest's input-stream, and reads a
 * request body from a pipe whose write end is the guest's output-stream.
 * A future is ready when the write end of its signal pipe is closed (the
 * read end then polls readable for good).  Only http_client.c uses libcurl:
 * programs that never call outgoing-handler.handle do not link it. */
#ifndef KILN_WASI_P2_HTTP_H
#define KILN_WASI_P2_HTTP_H

#include <pthread.h>
#include <stdatomic.h>

#include "p2.h"
#include "wasi_http_types.h"

/* ---- fields (http_fields.c) ---------------------------------------------- */

typedef struct HttpField {
    char *name;     /* lower case, NUL-terminated */
    uint8_t *value;
    uint32_t value_len;
} HttpField;

/* A fields resource; reference counted because requests and responses
 * hand out their headers as child handles of the same object. */
typedef struct HttpFields {
    int refs;
    bool immutable;
    uint32_t n, cap;
    HttpField *e;
} HttpFields;

HttpFields *http_fields_new(void);
HttpFields *http_fields_ref(HttpFields *f);
void http_fields_unref(HttpFields *f);
HttpFields *http_fields_copy(const HttpFields *f); /* mutable copy */
/* Appends without checks (the host's own parsed fields). */
void http_fields_add(HttpFields *f, const char *name, size_t name_len,
                     const uint8_t *value, size_t value_len);
/* RFC 9110 validity: a token name, a value without CR, LF or NUL. */
bool http_field_name_ok(const uint8_t *p, size_t n);
bool http_field_value_ok(const uint8_t *p, size_t n);
/* Names the host manages itself (connection-specific, Host). */
bool http_field_forbidden(const uint8_t *p, size_t n);
/* Stores a new own handle of f (a new reference). */
uint32_t http_fields_handle(KilnCanonCx *cx, HttpFields *f);

/* ---- error codes ----------------------------------------------------------- */

/* A host error-code: the variant's tag and, for the cases carrying one,
 * an optional string (internal-error, transfer / content coding). */
typedef struct HttpError {
    uint8_t tag;       /* WASI_HTTP_TYPES_ERROR_CODE_* */
    char msg[128];     /* "" : none */
} HttpError;

void http_error_store(KilnCanonCx *cx, const HttpError *e,
                      wasi_http_types_error_code_t *out);

/* ---- transfers (http_transfer.c, http_client.c) ---------------------------- */

typedef enum HttpTransferState {
    HTTP_T_PENDING,   /* no response head yet */
    HTTP_T_HEAD,      /* status and headers known, body streaming */
    HTTP_T_DONE,      /* body complete (trailers known) */
    HTTP_T_FAILED,    /* error before or during the body */
} HttpTransferState;

/* One outgoing request in flight.  Fields after `lock` are shared with
 * the client thread. */
typedef struct HttpTransfer {
    atomic_int refs;
    pthread_mutex_t lock;
    HttpTransferState state;
    bool head_failed;     /* the error came before the head */
    HttpError error;
    uint16_t status;
    HttpFields *headers;  /* final response's, immutable */
    HttpFields *trailers; /* NULL: none */
    int head_rfd, head_wfd;   /* signal: head or failure */
    int done_rfd, done_wfd;   /* signal: complete or failed */
    int body_rfd;         /* guest side of the response body, -1: taken */
    atomic_bool cancelled; /* every guest handle is gone */
    void *client;         /* http_client.c's per-transfer state */
    /* The server's request body under `Expect: 100-continue`: called once,
     * on the guest's thread, when the guest takes the body's stream. */
    void (*body_wanted)(void *arg);
    void *body_wanted_arg;
} HttpTransfer;

HttpTransfer *http_transfer_new(void);
void http_transfer_unref(HttpTransfer *t);
/* A copy of s[0..n) with a NUL after it, from kiln_rt_alloc. */
char *http_dup_n(const char *s, size_t n);
/* Closes a signal pipe's write end: the future it stands for is ready. */
void http_signal(int *wfd);

/* ---- the objects behind the resources (http_types.c) ----------------------- */

typedef struct HttpMethod {
    uint8_t tag;   /* WASI_HTTP_TYPES_METHOD_* */
    char *other;
} HttpMethod;

/* What an outgoing body shares with the transfer that sends it. */
typedef struct HttpOutBody {
    atomic_int refs;
    int rfd, wfd;          /* pipe: the guest writes wfd */
    bool stream_taken;
    atomic_bool finished;  /* finish called: EOF is the real end */
    HttpFields *trailers;  /* set at finish; read by the client thread */
} HttpOutBody;

HttpOutBody *http_out_body_ref(HttpOutBody *b);
void http_out_body_unref(HttpOutBody *b);

typedef struct HttpOutRequest {
    HttpMethod method;
    char *path, *scheme_other, *authority; /* NULL: none */
    bool has_scheme;
    uint8_t scheme_tag;
    HttpFields *headers;
    bool body_taken;
    HttpOutBody *body; /* NULL unless body() was called */
} HttpOutRequest;

typedef struct HttpOptions {
    bool has_connect, has_first_byte, has_between;
    uint64_t connect_ns, first_byte_ns, between_ns;
} HttpOptions;

/* The server's side (runtime/serve): an incoming request whose body
 * `t` carries (state HEAD, body_rfd), and the outparam its answer goes
 * to.  `set` is called once from response-outparam.set. */
typedef struct HttpInRequest {
    HttpMethod method;
    char *path, *authority; /* NULL: none */
    bool https;
    HttpFields *headers;     /* immutable */
    HttpTransfer *body;
    bool consumed;
} HttpInRequest;

typedef struct HttpOutResponse {
    uint16_t status;
    HttpFields *headers;
    bool body_taken;
    HttpOutBody *body;
} HttpOutResponse;

typedef struct HttpOutparam {
    void *server;
    /* resp NULL: the handler answered with err. Takes resp. */
    void (*set)(void *server, HttpOutResponse *resp, const HttpError *err);
    bool done;
} HttpOutparam;

void http_out_response_free(HttpOutResponse *r);
void http_in_request_free(HttpInRequest *r);
HttpOutBody *http_out_body_new(void);

/* outgoing-handler (http_client.c): starts t for r (which it takes). */
bool http_client_start(HttpTransfer *t, HttpOutRequest *r,
                       const HttpOptions *o, HttpError *err);
void http_out_request_free(HttpOutRequest *r);

#endif
