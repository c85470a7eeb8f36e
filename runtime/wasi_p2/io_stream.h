/* io_stream.h: the stream object behind wasi:io/streams input-stream and
 * output-stream reps (io_streams.c, io_input.c, io_output.c). */
#ifndef KILN_WASI_P2_IO_STREAM_H
#define KILN_WASI_P2_IO_STREAM_H

#include <sys/types.h>

#include "p2.h"
#include "wasi_io_streams.h"

/* What check-write grants: writes go to the host fd synchronously, so
 * any size would do; this bounds one write's guest list. */
#define P2_WRITE_BUDGET (1u << 20)
/* streams.wit: blocking-write-and-flush and
 * blocking-write-zeroes-and-flush take at most this many bytes. */
#define P2_BLOCKING_MAX 4096u
/* The most one read, skip or splice moves. */
#define P2_READ_CHUNK 65536u

typedef struct P2Stream {
    int fd;          /* -1: none */
    bool positional; /* pread/pwrite at offset */
    bool append;
    bool owns_fd;
    bool closed;     /* ended or failed: every operation says `closed` */
    bool never_full; /* output fd is a file or a memory device: no poll */
    uint64_t offset;
    uint64_t permit; /* output: what write may still take */
} P2Stream;

/* Reads at most n bytes: > 0 bytes read, 0 at the end of the stream, or
 * -1 with errno (EAGAIN: nothing available now, when !block). */
ssize_t p2s_read(P2Stream *s, void *buf, size_t n, bool block);
/* Writes all n bytes, waiting as needed: 0 or an errno. */
int p2s_write_all(P2Stream *s, const void *buf, size_t n);
/* The stream-error for a host failure `e` (EPIPE: closed; otherwise
 * last-operation-failed with a new error resource); the stream is
 * closed from now on. */
void p2s_fail(KilnCanonCx *cx, P2Stream *s, int e,
              wasi_io_streams_stream_error_t *err);
void p2s_closed(wasi_io_streams_stream_error_t *err);
/* Reads up to `len` bytes (at most P2_READ_CHUNK) into a new host buffer
 * (*out, NULL when none; free with kiln_rt_free): returns the count
 * (0: nothing available now), or -1 with *err filled (io_input.c). */
int64_t p2s_read_chunk(KilnCanonCx *cx, P2Stream *s, uint64_t len,
                       bool block, uint8_t **out,
                       wasi_io_streams_stream_error_t *err);
/* A pollable for the stream's readiness (writable when for_write). */
void *p2s_pollable(P2Stream *s, bool for_write);

#endif
