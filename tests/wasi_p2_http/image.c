/* A wasi:http/proxy handler with a 4 MiB initialized array (one large
 * active data segment), for the copy-on-write memory image of the server
 * (runtime/core/memimage.c).  Every request checks that it sees the
 * pristine initial memory, then writes to every page of the array and to
 * a counter, and answers "visits V pristine P": each request must read
 * "visits 8 pristine 1", whatever requests ran before it.  Requests for
 * /hello only read the array (bench/http_load.py --handler image: data
 * that requests mostly read, like an interpreter's heap snapshot). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "proxy.h"

#define BORROW(T, x) ((T){(x).handle})
#define BIG (4 << 20)

static unsigned char big[BIG] = {[0 ... BIG - 1] = 0x5a};
static int visits = 7;

static int pristine(void)
{
    for (size_t i = 0; i < BIG; i += 509)
        if (big[i] != 0x5a)
            return 0;
    return big[BIG - 1] == 0x5a;
}

void proxy_incoming_handler_handle(proxy_types_own_incoming_request_t request,
                                   proxy_types_own_response_outparam_t out)
{
    char text[64];
    int ok = pristine();
    proxy_option_string_t p = proxy_types_incoming_request_path_with_query(
        BORROW(proxy_types_borrow_incoming_request_t, request));
    bool read_only = p.is_some && p.val.len >= 6 &&
                     memcmp(p.val.ptr, "/hello", 6) == 0;
    proxy_option_string_free(&p);
    for (size_t i = 0; i < BIG && !read_only; i += 4096)
        big[i] = 0;
    big[BIG - 1] = 1;
    int n = snprintf(text, sizeof text, "visits %d pristine %d\n", ++visits, ok);

    proxy_types_own_fields_t h = proxy_types_fields_new();
    proxy_types_own_outgoing_response_t resp = proxy_types_outgoing_response_new(h);
    proxy_result_types_own_outgoing_body_void_t body =
        proxy_types_outgoing_response_body(
            BORROW(proxy_types_borrow_outgoing_response_t, resp));
    proxy_result_types_own_outgoing_response_types_error_code_t r = {
        .is_err = false, .val.ok = resp};
    proxy_types_response_outparam_set(out, r);
    proxy_result_streams_own_output_stream_void_t os =
        proxy_types_outgoing_body_write(
            BORROW(proxy_types_borrow_outgoing_body_t, body.val.ok));
    proxy_streams_output_stream_blocking_write_and_flush(
        BORROW(proxy_streams_borrow_output_stream_t, os.val.ok),
        (proxy_list_u8_t){(uint8_t *)text, (size_t)n});
    proxy_streams_output_stream_drop(os.val.ok);
    proxy_types_outgoing_body_finish(body.val.ok,
                                     (proxy_option_types_own_fields_t){false});
    proxy_types_incoming_request_drop(request);
}
