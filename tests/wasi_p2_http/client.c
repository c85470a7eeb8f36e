/* A wasi:http client command (world wasi:http/imports, bindings from
 * `kiln bindgen c --wit wit/http --world imports`): argv[1] names the
 * case, argv[2] the server's authority ("127.0.0.1:PORT").  Prints what
 * it sees; tests/wasi_p2_http/run_client.py holds the output against the
 * expected text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imports.h"

#define BORROW(T, x) ((T){(x).handle})

typedef imports_types_own_fields_t Fields;

static const char *const error_names[] = {
    "DNS-timeout", "DNS-error", "destination-not-found",
    "destination-unavailable", "destination-IP-prohibited",
    "destination-IP-unroutable", "connection-refused",
    "connection-terminated", "connection-timeout", "connection-read-timeout",
    "connection-write-timeout", "connection-limit-reached",
    "TLS-protocol-error", "TLS-certificate-error", "TLS-alert-received",
    "HTTP-request-denied", "HTTP-request-length-required",
    "HTTP-request-body-size", "HTTP-request-method-invalid",
    "HTTP-request-URI-invalid", "HTTP-request-URI-too-long",
    "HTTP-request-header-section-size", "HTTP-request-header-size",
    "HTTP-request-trailer-section-size", "HTTP-request-trailer-size",
    "HTTP-response-incomplete", "HTTP-response-header-section-size",
    "HTTP-response-header-size", "HTTP-response-body-size",
    "HTTP-response-trailer-section-size", "HTTP-response-trailer-size",
    "HTTP-response-transfer-coding", "HTTP-response-content-coding",
    "HTTP-response-timeout", "HTTP-upgrade-failed", "HTTP-protocol-error",
    "loop-detected", "configuration-error", "internal-error",
};

static const char *header_errors[] = {"invalid-syntax", "forbidden",
                                      "immutable"};

static imports_string_t str(const char *s)
{
    imports_string_t r;
    imports_string_set(&r, s);
    return r;
}

static imports_list_u8_t bytes(const char *s)
{
    return (imports_list_u8_t){(uint8_t *)s, strlen(s)};
}

static void print_fields(const char *what, Fields f)
{
    imports_list_tuple2_string_list_u8_t e =
        imports_types_fields_entries(BORROW(imports_types_borrow_fields_t, f));
    for (size_t i = 0; i < e.len; i++) {
        const char *n = (const char *)e.ptr[i].f0.ptr;
        /* Only the test server's own fields: Date and Server vary. */
        if (e.ptr[i].f0.len >= 2 && n[0] == 'x' && n[1] == '-')
            printf("%s %.*s: %.*s\n", what, (int)e.ptr[i].f0.len, n,
                   (int)e.ptr[i].f1.len, (const char *)e.ptr[i].f1.ptr);
    }
    imports_list_tuple2_string_list_u8_free(&e);
}

/* A request for authority + path, method `m`. */
static imports_types_own_outgoing_request_t request(const char *auth,
                                                    const char *path,
                                                    uint8_t m, Fields h)
{
    imports_types_own_outgoing_request_t r = imports_types_outgoing_request_new(h);
    imports_types_borrow_outgoing_request_t b =
        BORROW(imports_types_borrow_outgoing_request_t, r);
    imports_types_method_t method = {.tag = m};
    imports_types_outgoing_request_set_method(b, method);
    imports_option_string_t p = {true, str(path)}, a = {true, str(auth)};
    imports_types_outgoing_request_set_path_with_query(b, p);
    imports_types_outgoing_request_set_authority(b, a);
    imports_option_types_scheme_t s = {true, {.tag = IMPORTS_TYPES_SCHEME_HTTP}};
    imports_types_outgoing_request_set_scheme(b, s);
    return r;
}

/* Waits for a future response: the response handle, or -1 after
 * printing the error. */
static int32_t await_response(imports_types_own_future_incoming_response_t f)
{
    imports_types_borrow_future_incoming_response_t b =
        BORROW(imports_types_borrow_future_incoming_response_t, f);
    imports_poll_own_pollable_t p = imports_types_future_incoming_response_subscribe(b);
    imports_poll_pollable_block(BORROW(imports_poll_borrow_pollable_t, p));
    imports_poll_pollable_drop(p);
    imports_option_result_result_types_own_incoming_response_types_error_code_void_t r =
        imports_types_future_incoming_response_get(b);
    imports_types_future_incoming_response_drop(f);
    if (!r.is_some || r.val.is_err) {
        printf("future not ready after its pollable\n");
        return -1;
    }
    if (r.val.val.ok.is_err) {
        printf("error: %s\n", error_names[r.val.val.ok.val.err.tag]);
        imports_types_error_code_free(&r.val.val.ok.val.err);
        return -1;
    }
    return r.val.val.ok.val.ok.handle;
}

/* Prints status, x- headers, the body and the trailers of a response. */
static void show_response(int32_t h, bool print_body)
{
    imports_types_own_incoming_response_t resp = {h};
    imports_types_borrow_incoming_response_t rb = {h};
    printf("status %u\n", imports_types_incoming_response_status(rb));
    Fields hd = imports_types_incoming_response_headers(rb);
    print_fields("header", hd);
    imports_types_fields_drop(hd);
    imports_result_types_own_incoming_body_void_t body =
        imports_types_incoming_response_consume(rb);
    imports_result_types_own_incoming_body_void_t again =
        imports_types_incoming_response_consume(rb);
    if (!again.is_err)
        printf("second consume succeeded\n");
    imports_result_streams_own_input_stream_void_t st = imports_types_incoming_body_stream(
        BORROW(imports_types_borrow_incoming_body_t, body.val.ok));
    size_t total = 0;
    for (;;) {
        imports_result_list_u8_streams_stream_error_t r =
            imports_streams_input_stream_blocking_read(
                BORROW(imports_streams_borrow_input_stream_t, st.val.ok), 65536);
        if (r.is_err)
            break;
        if (print_body)
            fwrite(r.val.ok.ptr, 1, r.val.ok.len, stdout);
        total += r.val.ok.len;
        imports_list_u8_free(&r.val.ok);
    }
    printf("body bytes %zu\n", total);
    imports_streams_input_stream_drop(st.val.ok);
    imports_types_own_future_trailers_t ft = imports_types_incoming_body_finish(body.val.ok);
    imports_types_borrow_future_trailers_t fb =
        BORROW(imports_types_borrow_future_trailers_t, ft);
    imports_poll_own_pollable_t p = imports_types_future_trailers_subscribe(fb);
    imports_poll_pollable_block(BORROW(imports_poll_borrow_pollable_t, p));
    imports_poll_pollable_drop(p);
    imports_option_result_result_option_types_own_fields_types_error_code_void_t t =
        imports_types_future_trailers_get(fb);
    if (!t.is_some || t.val.is_err)
        printf("trailers not ready\n");
    else if (t.val.val.ok.is_err)
        printf("trailers error: %s\n", error_names[t.val.val.ok.val.err.tag]);
    else if (!t.val.val.ok.val.ok.is_some)
        printf("no trailers\n");
    else {
        Fields tf = t.val.val.ok.val.ok.val;
        print_fields("trailer", tf);
        imports_result_void_types_header_error_t e = imports_types_fields_append(
            BORROW(imports_types_borrow_fields_t, tf), str("x-more"), bytes("1"));
        printf("append to trailers: %s\n",
               e.is_err ? header_errors[e.val.err.tag] : "ok");
        imports_types_fields_drop(tf);
    }
    imports_types_future_trailers_drop(ft);
    imports_types_incoming_response_drop(resp);
}

static void simple(const char *auth, const char *path, uint8_t method,
                   imports_option_types_own_request_options_t o)
{
    Fields h = imports_types_fields_new();
    imports_types_fields_append(BORROW(imports_types_borrow_fields_t, h),
                                str("x-client"), bytes("kiln"));
    imports_result_types_own_future_incoming_response_types_error_code_t f =
        imports_outgoing_handler_handle(request(auth, path, method, h), o);
    if (f.is_err) {
        printf("handle error: %s\n", error_names[f.val.err.tag]);
        return;
    }
    int32_t r = await_response(f.val.ok);
    if (r >= 0)
        show_response(r, true);
}

static void post(const char *auth, size_t n, bool with_trailers)
{
    Fields h = imports_types_fields_new();
    imports_types_own_outgoing_request_t req =
        request(auth, "/echo", IMPORTS_TYPES_METHOD_POST, h);
    imports_result_types_own_outgoing_body_void_t ob = imports_types_outgoing_request_body(
        BORROW(imports_types_borrow_outgoing_request_t, req));
    imports_result_types_own_outgoing_body_void_t ob2 = imports_types_outgoing_request_body(
        BORROW(imports_types_borrow_outgoing_request_t, req));
    printf("second body(): %s\n", ob2.is_err ? "err" : "ok");
    imports_option_types_own_request_options_t none = {false};
    /* Send first, then stream the body while the request is in flight. */
    imports_result_types_own_future_incoming_response_types_error_code_t f =
        imports_outgoing_handler_handle(req, none);
    imports_result_streams_own_output_stream_void_t os = imports_types_outgoing_body_write(
        BORROW(imports_types_borrow_outgoing_body_t, ob.val.ok));
    imports_streams_borrow_output_stream_t s =
        BORROW(imports_streams_borrow_output_stream_t, os.val.ok);
    static uint8_t chunk[4096];
    size_t sent = 0;
    while (sent < n) {
        imports_result_u64_streams_stream_error_t cw =
            imports_streams_output_stream_check_write(s);
        if (cw.is_err) {
            printf("check-write failed\n");
            break;
        }
        if (cw.val.ok == 0) {
            imports_poll_own_pollable_t p = imports_streams_output_stream_subscribe(s);
            imports_poll_pollable_block(BORROW(imports_poll_borrow_pollable_t, p));
            imports_poll_pollable_drop(p);
            continue;
        }
        size_t k = n - sent < sizeof chunk ? n - sent : sizeof chunk;
        if (k > cw.val.ok)
            k = (size_t)cw.val.ok;
        for (size_t i = 0; i < k; i++)
            chunk[i] = (uint8_t)('a' + (sent + i) % 26);
        imports_list_u8_t l = {chunk, k};
        imports_streams_output_stream_write(s, l);
        sent += k;
    }
    imports_streams_output_stream_blocking_flush(s);
    imports_streams_output_stream_drop(os.val.ok);
    imports_option_types_own_fields_t tr = {false};
    if (with_trailers) {
        tr.is_some = true;
        tr.val = imports_types_fields_new();
        imports_types_fields_append(BORROW(imports_types_borrow_fields_t, tr.val),
                                    str("x-checksum"), bytes("abc"));
    }
    imports_result_void_types_error_code_t fin =
        imports_types_outgoing_body_finish(ob.val.ok, tr);
    printf("finish: %s\n", fin.is_err ? "err" : "ok");
    if (f.is_err) {
        printf("handle error: %s\n", error_names[f.val.err.tag]);
        return;
    }
    int32_t r = await_response(f.val.ok);
    if (r >= 0)
        show_response(r, true);
}

/* n GETs in flight at once, completed through wasi:io/poll. */
static void many(const char *auth, size_t n)
{
    imports_types_own_future_incoming_response_t *fs = calloc(n, sizeof *fs);
    imports_poll_borrow_pollable_t *ps = calloc(n, sizeof *ps);
    imports_poll_own_pollable_t *po = calloc(n, sizeof *po);
    size_t *idx = calloc(n, sizeof *idx);
    unsigned *status = calloc(n, sizeof *status);
    imports_option_types_own_request_options_t none = {false};
    for (size_t i = 0; i < n; i++) {
        char path[32];
        snprintf(path, sizeof path, "/delay?ms=%zu", 1000 + i * 10);
        imports_result_types_own_future_incoming_response_types_error_code_t f =
            imports_outgoing_handler_handle(
                request(auth, path, IMPORTS_TYPES_METHOD_GET,
                        imports_types_fields_new()), none);
        fs[i] = f.val.ok;
    }
    size_t left = n, order = 0;
    while (left) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (fs[i].handle) {
                po[m] = imports_types_future_incoming_response_subscribe(
                    BORROW(imports_types_borrow_future_incoming_response_t, fs[i]));
                ps[m] = BORROW(imports_poll_borrow_pollable_t, po[m]);
                idx[m++] = i;
            }
        imports_list_poll_borrow_pollable_t l = {ps, m};
        imports_list_u32_t ready = imports_poll_poll(l);
        for (size_t k = 0; k < ready.len; k++) {
            size_t i = idx[ready.ptr[k]];
            int32_t r = await_response(fs[i]);
            fs[i].handle = 0;
            left--;
            order++;
            if (r >= 0) {
                status[i] = imports_types_incoming_response_status(
                    (imports_types_borrow_incoming_response_t){r});
                imports_types_incoming_response_drop(
                    (imports_types_own_incoming_response_t){r});
            }
        }
        imports_list_u32_free(&ready);
        for (size_t k = 0; k < m; k++)
            imports_poll_pollable_drop(po[k]);
    }
    /* In request order: completions may come in any order. */
    for (size_t i = 0; i < n; i++)
        printf("request %zu: status %u\n", i, status[i]);
    printf("all %zu done\n", order);
}

static void fields_rules(void)
{
    Fields f = imports_types_fields_new();
    imports_types_borrow_fields_t b = BORROW(imports_types_borrow_fields_t, f);
    const char *names[] = {"x-ok", "bad name", "Host", "connection", "X-Case", ""};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        imports_result_void_types_header_error_t e =
            imports_types_fields_append(b, str(names[i]), bytes("v"));
        printf("append \"%s\": %s\n", names[i],
               e.is_err ? header_errors[e.val.err.tag] : "ok");
    }
    imports_result_void_types_header_error_t e =
        imports_types_fields_append(b, str("x-v"), bytes("a\r\nb"));
    printf("append CRLF value: %s\n", e.is_err ? header_errors[e.val.err.tag] : "ok");
    imports_types_fields_append(b, str("x-ok"), bytes("w"));
    imports_list_list_u8_t g = imports_types_fields_get(b, str("X-OK"));
    printf("get X-OK: %zu values:", g.len);
    for (size_t i = 0; i < g.len; i++)
        printf(" %.*s", (int)g.ptr[i].len, (const char *)g.ptr[i].ptr);
    printf("\n");
    imports_list_list_u8_free(&g);
    printf("has x-case: %d\n", imports_types_fields_has(b, str("x-case")));
    imports_list_u8_t vals[2] = {bytes("1"), bytes("2")};
    imports_list_list_u8_t vl = {vals, 2};
    e = imports_types_fields_set(b, str("x-ok"), vl);
    printf("set: %s\n", e.is_err ? "err" : "ok");
    e = imports_types_fields_delete(b, str("x-case"));
    printf("delete: %s\n", e.is_err ? "err" : "ok");
    Fields c = imports_types_fields_clone(b);
    print_fields("clone", c);
    imports_types_fields_drop(c);
    imports_tuple2_string_list_u8_t ents[2] = {{str("x-a"), bytes("1")},
                                               {str("Keep-Alive"), bytes("5")}};
    imports_list_tuple2_string_list_u8_t el = {ents, 2};
    imports_result_types_own_fields_types_header_error_t fl =
        imports_types_fields_from_list(el);
    printf("from-list with keep-alive: %s\n",
           fl.is_err ? header_errors[fl.val.err.tag] : "ok");
    /* The headers of a request are immutable. */
    imports_types_own_outgoing_request_t r = imports_types_outgoing_request_new(f);
    Fields rh = imports_types_outgoing_request_headers(
        BORROW(imports_types_borrow_outgoing_request_t, r));
    e = imports_types_fields_append(BORROW(imports_types_borrow_fields_t, rh),
                                    str("x-late"), bytes("1"));
    printf("append to request headers: %s\n",
           e.is_err ? header_errors[e.val.err.tag] : "ok");
    imports_types_method_t bad = {.tag = IMPORTS_TYPES_METHOD_OTHER};
    imports_string_set(&bad.val.other, "BAD METHOD");
    printf("set-method \"BAD METHOD\": %s\n",
           imports_types_outgoing_request_set_method(
               BORROW(imports_types_borrow_outgoing_request_t, r), bad).is_err
               ? "err" : "ok");
    imports_option_string_t none = {false};
    imports_option_string_t path = imports_types_outgoing_request_path_with_query(
        BORROW(imports_types_borrow_outgoing_request_t, r));
    printf("default path: %.*s\n", (int)path.val.len, (const char *)path.val.ptr);
    imports_option_string_free(&path);
    imports_types_outgoing_request_set_authority(
        BORROW(imports_types_borrow_outgoing_request_t, r), none);
    imports_option_types_own_request_options_t o = {false};
    imports_result_types_own_future_incoming_response_types_error_code_t h =
        imports_outgoing_handler_handle(r, o);
    printf("handle without authority: %s\n",
           h.is_err ? error_names[h.val.err.tag] : "ok");
    imports_types_fields_drop(rh);
    imports_types_own_request_options_t ro = imports_types_request_options_new();
    imports_option_u64_t d = {true, 1500000000ull};
    imports_types_request_options_set_between_bytes_timeout(
        BORROW(imports_types_borrow_request_options_t, ro), d);
    imports_option_u64_t got = imports_types_request_options_between_bytes_timeout(
        BORROW(imports_types_borrow_request_options_t, ro));
    imports_option_u64_t c0 = imports_types_request_options_connect_timeout(
        BORROW(imports_types_borrow_request_options_t, ro));
    printf("between-bytes %llu, connect set %d\n", (unsigned long long)got.val,
           c0.is_some);
    imports_types_request_options_drop(ro);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: client CASE [AUTHORITY]\n");
        return 2;
    }
    /* Exports of a command module run the libc destructors (which flush
     * stdio) after each call, cabi_realloc among them: nothing may be
     * buffered when the host calls realloc. */
    setvbuf(stdout, NULL, _IONBF, 0);
    const char *c = argv[1], *auth = argc > 2 ? argv[2] : "";
    imports_option_types_own_request_options_t none = {false};
    if (strcmp(c, "get") == 0)
        simple(auth, "/hello?x=1", IMPORTS_TYPES_METHOD_GET, none);
    else if (strcmp(c, "head") == 0)
        simple(auth, "/hello", IMPORTS_TYPES_METHOD_HEAD, none);
    else if (strcmp(c, "chunked") == 0)
        simple(auth, "/chunked", IMPORTS_TYPES_METHOD_GET, none);
    else if (strcmp(c, "status") == 0)
        simple(auth, "/status/404", IMPORTS_TYPES_METHOD_GET, none);
    else if (strcmp(c, "big") == 0) {
        /* 8 MiB: more than the body pipe holds, read as it comes. */
        Fields h = imports_types_fields_new();
        imports_result_types_own_future_incoming_response_types_error_code_t f =
            imports_outgoing_handler_handle(
                request(auth, "/big", IMPORTS_TYPES_METHOD_GET, h), none);
        int32_t r = await_response(f.val.ok);
        if (r >= 0)
            show_response(r, false);
    } else if (strcmp(c, "post") == 0)
        post(auth, 100000, false);
    else if (strcmp(c, "post-trailers") == 0)
        post(auth, 3000, true);
    else if (strcmp(c, "many") == 0)
        many(auth, 8);
    else if (strcmp(c, "timeout") == 0 || strcmp(c, "timeout-between") == 0) {
        imports_types_own_request_options_t ro = imports_types_request_options_new();
        imports_option_u64_t d = {true, 300000000ull};
        if (c[7])
            imports_types_request_options_set_between_bytes_timeout(
                BORROW(imports_types_borrow_request_options_t, ro), d);
        else
            imports_types_request_options_set_first_byte_timeout(
                BORROW(imports_types_borrow_request_options_t, ro), d);
        imports_option_types_own_request_options_t o = {true, ro};
        simple(auth, c[7] ? "/stall" : "/delay?ms=3000", IMPORTS_TYPES_METHOD_GET, o);
    } else if (strcmp(c, "refused") == 0)
        simple(auth, "/", IMPORTS_TYPES_METHOD_GET, none);
    else if (strcmp(c, "cut") == 0 || strcmp(c, "garbage") == 0 ||
             strcmp(c, "empty") == 0) {
        char path[16];
        snprintf(path, sizeof path, "/%s", c);
        simple(auth, path, IMPORTS_TYPES_METHOD_GET, none);
    } else if (strcmp(c, "dns") == 0)
        simple("nonexistent.invalid", "/", IMPORTS_TYPES_METHOD_GET, none);
    else if (strcmp(c, "fields") == 0)
        fields_rules();
    else {
        fprintf(stderr, "unknown case %s\n", c);
        return 2;
    }
    return 0;
}
