/* A wasi:http/proxy handler (bindings from `kiln bindgen c --wit wit/http
 * --world proxy`), served by `kiln serve` in run_serve.py.  Routes:
 *   /hello     200 "hello from kiln\n" (chunked: no content-length)
 *   /len       200 with content-length, the body written in two parts
 *   /echo      the request body back, with x-len (its size) and x-method
 *   /info      method, path, authority and x-* request headers
 *   /trailers  a chunked body followed by trailers
 *   /trap      traps before answering (the server answers 500)
 *   /trap-mid  answers, writes part of the body, then traps
 *   /error     response-outparam.set with an error-code
 *   other      404 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxy.h"

#define BORROW(T, x) ((T){(x).handle})

typedef proxy_types_own_fields_t Fields;

static proxy_string_t str(const char *s)
{
    proxy_string_t r;
    proxy_string_set(&r, s);
    return r;
}

static proxy_list_u8_t bytes(const void *p, size_t n)
{
    return (proxy_list_u8_t){(uint8_t *)p, n};
}

static void add(Fields f, const char *name, const char *value)
{
    proxy_types_fields_append(BORROW(proxy_types_borrow_fields_t, f), str(name),
                              bytes(value, strlen(value)));
}

/* Writes all of p to the body's stream, in pieces check-write allows. */
static void write_all(proxy_streams_borrow_output_stream_t s, const void *p,
                      size_t n)
{
    const uint8_t *b = p;
    while (n) {
        proxy_result_u64_streams_stream_error_t cw =
            proxy_streams_output_stream_check_write(s);
        if (cw.is_err)
            return;
        if (cw.val.ok == 0) {
            proxy_poll_own_pollable_t pl = proxy_streams_output_stream_subscribe(s);
            proxy_poll_pollable_block(BORROW(proxy_poll_borrow_pollable_t, pl));
            proxy_poll_pollable_drop(pl);
            continue;
        }
        size_t k = n < cw.val.ok ? n : (size_t)cw.val.ok;
        proxy_streams_output_stream_write(s, bytes(b, k));
        b += k;
        n -= k;
    }
    proxy_streams_output_stream_blocking_flush(s);
}

/* Answers with status, headers h and body text (NULL: none); trailers
 * when `tr` is set. */
static void answer(proxy_types_own_response_outparam_t out, uint16_t status,
                   Fields h, const void *text, size_t n, bool trailers,
                   bool trap_mid)
{
    proxy_types_own_outgoing_response_t resp = proxy_types_outgoing_response_new(h);
    proxy_types_outgoing_response_set_status_code(
        BORROW(proxy_types_borrow_outgoing_response_t, resp), status);
    proxy_result_types_own_outgoing_body_void_t body =
        proxy_types_outgoing_response_body(
            BORROW(proxy_types_borrow_outgoing_response_t, resp));
    proxy_result_types_own_outgoing_response_types_error_code_t r = {
        .is_err = false, .val.ok = resp};
    proxy_types_response_outparam_set(out, r);
    proxy_result_streams_own_output_stream_void_t os = proxy_types_outgoing_body_write(
        BORROW(proxy_types_borrow_outgoing_body_t, body.val.ok));
    proxy_streams_borrow_output_stream_t s =
        BORROW(proxy_streams_borrow_output_stream_t, os.val.ok);
    if (text) {
        size_t half = n / 2;
        write_all(s, text, half);
        if (trap_mid)
            __builtin_trap();
        write_all(s, (const char *)text + half, n - half);
    }
    proxy_streams_output_stream_drop(os.val.ok);
    proxy_option_types_own_fields_t tr = {false};
    if (trailers) {
        tr.is_some = true;
        tr.val = proxy_types_fields_new();
        add(tr.val, "x-trailer", "end");
    }
    proxy_types_outgoing_body_finish(body.val.ok, tr);
}

static char *read_body(proxy_types_borrow_incoming_request_t req, size_t *len)
{
    proxy_result_types_own_incoming_body_void_t b =
        proxy_types_incoming_request_consume(req);
    *len = 0;
    if (b.is_err)
        return NULL;
    proxy_result_streams_own_input_stream_void_t st = proxy_types_incoming_body_stream(
        BORROW(proxy_types_borrow_incoming_body_t, b.val.ok));
    char *data = NULL;
    for (;;) {
        proxy_result_list_u8_streams_stream_error_t r =
            proxy_streams_input_stream_blocking_read(
                BORROW(proxy_streams_borrow_input_stream_t, st.val.ok), 65536);
        if (r.is_err)
            break;
        data = realloc(data, *len + r.val.ok.len + 1);
        memcpy(data + *len, r.val.ok.ptr, r.val.ok.len);
        *len += r.val.ok.len;
        proxy_list_u8_free(&r.val.ok);
    }
    proxy_streams_input_stream_drop(st.val.ok);
    proxy_types_future_trailers_drop(proxy_types_incoming_body_finish(b.val.ok));
    return data;
}

void proxy_incoming_handler_handle(proxy_types_own_incoming_request_t request,
                                   proxy_types_own_response_outparam_t response_out)
{
    proxy_types_borrow_incoming_request_t req =
        BORROW(proxy_types_borrow_incoming_request_t, request);
    proxy_option_string_t p = proxy_types_incoming_request_path_with_query(req);
    char path[256] = "";
    if (p.is_some)
        snprintf(path, sizeof path, "%.*s", (int)p.val.len, (const char *)p.val.ptr);
    proxy_option_string_free(&p);
    Fields h = proxy_types_fields_new();
    if (strcmp(path, "/hello") == 0) {
        add(h, "content-type", "text/plain");
        const char *t = "hello from kiln\n";
        answer(response_out, 200, h, t, strlen(t), false, false);
    } else if (strcmp(path, "/len") == 0) {
        add(h, "content-length", "12");
        answer(response_out, 200, h, "fixed length", 12, false, false);
    } else if (strcmp(path, "/echo") == 0) {
        size_t n;
        char *data = read_body(req, &n);
        char v[32];
        snprintf(v, sizeof v, "%zu", n);
        add(h, "x-len", v);
        answer(response_out, 200, h, data, n, false, false);
        free(data);
    } else if (strcmp(path, "/info") == 0) {
        char out[4096];
        size_t n = 0;
        proxy_types_method_t m = proxy_types_incoming_request_method(req);
        static const char *names[] = {"GET", "HEAD", "POST", "PUT", "DELETE",
                                      "CONNECT", "OPTIONS", "TRACE", "PATCH"};
        if (m.tag == PROXY_TYPES_METHOD_OTHER)
            n += (size_t)snprintf(out + n, sizeof out - n, "method %.*s\n",
                                  (int)m.val.other.len, (const char *)m.val.other.ptr);
        else
            n += (size_t)snprintf(out + n, sizeof out - n, "method %s\n", names[m.tag]);
        proxy_types_method_free(&m);
        proxy_option_string_t a = proxy_types_incoming_request_authority(req);
        n += (size_t)snprintf(out + n, sizeof out - n, "authority %.*s\n",
                              a.is_some ? (int)a.val.len : 4,
                              a.is_some ? (const char *)a.val.ptr : "none");
        proxy_option_string_free(&a);
        Fields rh = proxy_types_incoming_request_headers(req);
        proxy_list_tuple2_string_list_u8_t e =
            proxy_types_fields_entries(BORROW(proxy_types_borrow_fields_t, rh));
        for (size_t i = 0; i < e.len; i++)
            if (e.ptr[i].f0.len > 2 && memcmp(e.ptr[i].f0.ptr, "x-", 2) == 0)
                n += (size_t)snprintf(out + n, sizeof out - n, "%.*s: %.*s\n",
                                      (int)e.ptr[i].f0.len, (const char *)e.ptr[i].f0.ptr,
                                      (int)e.ptr[i].f1.len, (const char *)e.ptr[i].f1.ptr);
        proxy_result_void_types_header_error_t im = proxy_types_fields_append(
            BORROW(proxy_types_borrow_fields_t, rh), str("x-new"), bytes("1", 1));
        n += (size_t)snprintf(out + n, sizeof out - n, "request headers %s\n",
                              im.is_err ? "immutable" : "mutable");
        proxy_list_tuple2_string_list_u8_free(&e);
        proxy_types_fields_drop(rh);
        answer(response_out, 200, h, out, n, false, false);
    } else if (strcmp(path, "/trailers") == 0) {
        answer(response_out, 200, h, "with trailers\n", 14, true, false);
    } else if (strcmp(path, "/trap") == 0) {
        __builtin_trap();
    } else if (strcmp(path, "/trap-mid") == 0) {
        answer(response_out, 200, h, "0123456789abcdef", 16, false, true);
    } else if (strcmp(path, "/error") == 0) {
        proxy_types_fields_drop(h);
        proxy_result_types_own_outgoing_response_types_error_code_t r = {.is_err = true};
        r.val.err.tag = PROXY_TYPES_ERROR_CODE_HTTP_REQUEST_DENIED;
        proxy_types_response_outparam_set(response_out, r);
    } else {
        answer(response_out, 404, h, "no such page\n", 13, false, false);
    }
    proxy_types_incoming_request_drop(request);
}
