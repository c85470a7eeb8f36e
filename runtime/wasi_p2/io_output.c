/* io_output.c: the output-stream methods of wasi:io/streams (WASI 0.2
 * io/streams.wit).  check-write grants P2_WRITE_BUDGET bytes when the
 * host fd can take data now (0 when a pipe is full); write and
 * write-zeroes may use at most what was granted and trap beyond it, as
 * streams.wit requires; the blocking *-and-flush forms take at most 4096
 * bytes and trap beyond.  Writes reach the host fd before they return,
 * so a flush restores the whole budget and only reports a closed
 * stream.  splice moves one chunk from an input stream. */
#include <poll.h>
#include <stdio.h>
#include <string.h>

#include "io_stream.h"

static P2Stream *output(KilnCanonCx *cx, uint32_t handle)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_io_streams_output_stream, handle);
}

static bool writable_now(P2Stream *s)
{
    if (s->never_full)
        return true;
    struct pollfd p = {.fd = s->fd, .events = POLLOUT};
    return poll(&p, 1, 0) != 0; /* errors: let the write report them */
}

void wasi_io_streams_output_stream_check_write(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_streams_result_u64_stream_error_t *ret)
{
    P2Stream *s = output(cx, self);
    ret->is_err = s->closed;
    if (s->closed) {
        p2s_closed(&ret->val.err);
        return;
    }
    s->permit = writable_now(s) ? P2_WRITE_BUDGET : 0;
    ret->val.ok = s->permit;
}

static void over_budget(const char *what, uint64_t len, uint64_t allowed)
{
    char msg[160];
    snprintf(msg, sizeof msg,
             "wasi:io/streams: %s of %llu bytes exceeds the %llu allowed",
             what, (unsigned long long)len, (unsigned long long)allowed);
    kiln_cm_trap(msg);
}

/* Writes `len` bytes of `p` (zeroes when p is NULL) and fills *ret. */
static void put(KilnCanonCx *cx, P2Stream *s, const uint8_t *p, uint64_t len,
                wasi_io_streams_result_void_stream_error_t *ret)
{
    static const uint8_t zeroes[P2_BLOCKING_MAX];
    ret->is_err = true;
    if (s->closed) {
        p2s_closed(&ret->val.err);
        return;
    }
    while (len > 0) {
        size_t n = len;
        if (!p && n > sizeof zeroes)
            n = sizeof zeroes;
        int e = p2s_write_all(s, p ? p : zeroes, n);
        if (e) {
            p2s_fail(cx, s, e, &ret->val.err);
            return;
        }
        if (p)
            p += n;
        len -= n;
    }
    ret->is_err = false;
}

/* write / write-zeroes: within the budget of the last check-write. */
static void write_budgeted(KilnCanonCx *cx, uint32_t self, const uint8_t *p,
                           uint64_t len,
                           wasi_io_streams_result_void_stream_error_t *ret)
{
    P2Stream *s = output(cx, self);
    if (!s->closed && len > s->permit)
        over_budget("write", len, s->permit);
    if (!s->closed)
        s->permit -= len;
    put(cx, s, p, len, ret);
}

/* blocking-write-(zeroes-)and-flush: at most 4096 bytes. */
static void write_flush(KilnCanonCx *cx, uint32_t self, const uint8_t *p,
                        uint64_t len,
                        wasi_io_streams_result_void_stream_error_t *ret)
{
    P2Stream *s = output(cx, self);
    if (len > P2_BLOCKING_MAX)
        over_budget("blocking-write-and-flush", len, P2_BLOCKING_MAX);
    put(cx, s, p, len, ret);
    s->permit = P2_WRITE_BUDGET;
}

void wasi_io_streams_output_stream_write(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    const uint8_t *contents_ptr, uint32_t contents_len,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    write_budgeted(cx, self, contents_ptr, contents_len, ret);
}

void wasi_io_streams_output_stream_write_zeroes(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    uint64_t len, wasi_io_streams_result_void_stream_error_t *ret)
{
    write_budgeted(cx, self, NULL, len, ret);
}

void wasi_io_streams_output_stream_blocking_write_and_flush(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    const uint8_t *contents_ptr, uint32_t contents_len,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    write_flush(cx, self, contents_ptr, contents_len, ret);
}

void wasi_io_streams_output_stream_blocking_write_zeroes_and_flush(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    uint64_t len, wasi_io_streams_result_void_stream_error_t *ret)
{
    write_flush(cx, self, NULL, len, ret);
}

static void flush(KilnCanonCx *cx, uint32_t self,
                  wasi_io_streams_result_void_stream_error_t *ret)
{
    P2Stream *s = output(cx, self);
    ret->is_err = s->closed;
    if (s->closed)
        p2s_closed(&ret->val.err);
    else
        s->permit = P2_WRITE_BUDGET;
}

void wasi_io_streams_output_stream_flush(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    flush(cx, self, ret);
}

void wasi_io_streams_output_stream_blocking_flush(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    flush(cx, self, ret);
}

void wasi_io_streams_output_stream_subscribe(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_poll_pollable_t *ret)
{
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2s_pollable(output(cx, self), true));
}

/* streams.wit: check-write, a read of at most what it permits (one
 * chunk), and a write of that.  The blocking form waits for the output
 * (by writing) and for the input. */
static void splice(KilnCanonCx *cx, uint32_t self, uint32_t src,
                   uint64_t len, bool block,
                   wasi_io_streams_result_u64_stream_error_t *ret)
{
    P2Stream *out = output(cx, self);
    P2Stream *in =
        kiln_cx_borrow(cx, KILN_HR_wasi_io_streams_input_stream, src);
    ret->is_err = true;
    if (out->closed) {
        p2s_closed(&ret->val.err);
        return;
    }
    if (!block && !writable_now(out))
        len = 0;
    uint8_t *buf;
    int64_t got = p2s_read_chunk(cx, in, len, block, &buf, &ret->val.err);
    if (got < 0)
        return;
    int e = got ? p2s_write_all(out, buf, (size_t)got) : 0;
    kiln_rt_free(buf);
    if (e) {
        p2s_fail(cx, out, e, &ret->val.err);
        return;
    }
    ret->is_err = false;
    ret->val.ok = (uint64_t)got;
}

void wasi_io_streams_output_stream_splice(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_streams_input_stream_t src, uint64_t len,
    wasi_io_streams_result_u64_stream_error_t *ret)
{
    splice(cx, self, src, len, false, ret);
}

void wasi_io_streams_output_stream_blocking_splice(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_streams_input_stream_t src, uint64_t len,
    wasi_io_streams_result_u64_stream_error_t *ret)
{
    splice(cx, self, src, len, true, ret);
}
