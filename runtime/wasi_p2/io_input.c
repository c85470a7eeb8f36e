/* io_input.c: the input-stream methods of wasi:io/streams (WASI 0.2
 * io/streams.wit): read and skip return what is available now (maybe
 * nothing), their blocking forms wait for at least one byte; the end of
 * the stream is the `closed` error.  At most P2_READ_CHUNK bytes move per
 * call; the bytes reach the guest through its realloc. */
#include <errno.h>

#include "io_stream.h"

static P2Stream *input(KilnCanonCx *cx, uint32_t handle)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_io_streams_input_stream, handle);
}

int64_t p2s_read_chunk(KilnCanonCx *cx, P2Stream *s, uint64_t len,
                       bool block, uint8_t **out,
                       wasi_io_streams_stream_error_t *err)
{
    *out = NULL;
    if (s->closed) {
        p2s_closed(err);
        return -1;
    }
    size_t n = len < P2_READ_CHUNK ? (size_t)len : P2_READ_CHUNK;
    if (n == 0)
        return 0;
    *out = kiln_rt_alloc(n);
    if (!*out)
        kiln_trap_host("out of memory");
    ssize_t got = p2s_read(s, *out, n, block);
    if (got > 0)
        return got;
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    if (got < 0)
        p2s_fail(cx, s, errno, err);
    else {
        s->closed = true;
        p2s_closed(err);
    }
    kiln_rt_free(*out);
    *out = NULL;
    return -1;
}

static void read_list(KilnCanonCx *cx, uint32_t self, uint64_t len,
                      bool block,
                      wasi_io_streams_result_list_u8_stream_error_t *ret)
{
    uint8_t *buf;
    int64_t got = p2s_read_chunk(cx, input(cx, self), len, block, &buf,
                             &ret->val.err);
    ret->is_err = got < 0;
    if (got < 0)
        return;
    ret->val.ok.ptr = kiln_cx_copy_out(cx, buf, (uint32_t)got, 1);
    ret->val.ok.len = (uint32_t)got;
    kiln_rt_free(buf);
}

static void skip(KilnCanonCx *cx, uint32_t self, uint64_t len, bool block,
                 wasi_io_streams_result_u64_stream_error_t *ret)
{
    uint8_t *buf;
    int64_t got = p2s_read_chunk(cx, input(cx, self), len, block, &buf,
                             &ret->val.err);
    kiln_rt_free(buf);
    ret->is_err = got < 0;
    if (got >= 0)
        ret->val.ok = (uint64_t)got;
}

void wasi_io_streams_input_stream_read(
    struct KilnCanonCx *cx, wasi_io_streams_input_stream_t self, uint64_t len,
    wasi_io_streams_result_list_u8_stream_error_t *ret)
{
    read_list(cx, self, len, false, ret);
}

void wasi_io_streams_input_stream_blocking_read(
    struct KilnCanonCx *cx, wasi_io_streams_input_stream_t self, uint64_t len,
    wasi_io_streams_result_list_u8_stream_error_t *ret)
{
    read_list(cx, self, len, true, ret);
}

void wasi_io_streams_input_stream_skip(
    struct KilnCanonCx *cx, wasi_io_streams_input_stream_t self, uint64_t len,
    wasi_io_streams_result_u64_stream_error_t *ret)
{
    skip(cx, self, len, false, ret);
}

void wasi_io_streams_input_stream_blocking_skip(
    struct KilnCanonCx *cx, wasi_io_streams_input_stream_t self, uint64_t len,
    wasi_io_streams_result_u64_stream_error_t *ret)
{
    skip(cx, self, len, true, ret);
}

void wasi_io_streams_input_stream_subscribe(
    struct KilnCanonCx *cx, wasi_io_streams_input_stream_t self,
    wasi_io_poll_pollable_t *ret)
{
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2s_pollable(input(cx, self), false));
}
