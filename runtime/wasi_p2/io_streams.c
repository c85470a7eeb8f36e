/* io_streams.c: the stream objects of wasi:io/streams (WASI 0.2
 * io/streams.wit) over host file descriptors: construction for cli
 * (stdin, stdout, stderr) and filesystem (read-via-stream, ...), host
 * reads and writes, and the stream-error results.
 *
 * A stream that failed or reached its end is `closed` for good, as
 * streams.wit says of last-operation-failed.  Reads of pipes and ttys
 * are non-blocking by a zero-timeout poll first; writes are complete
 * when they return (there is no queue), so flushing has nothing to wait
 * for. */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/sysmacros.h>
#endif

#include "io_stream.h"

static P2Stream *stream_new(int fd, bool positional, uint64_t offset,
                            bool owns_fd)
{
    P2Stream *s = kiln_rt_alloc(sizeof *s);
    if (!s)
        kiln_trap_host("out of memory");
    s->fd = fd;
    s->positional = positional;
    s->offset = offset;
    s->owns_fd = owns_fd && fd >= 0;
    s->closed = fd < 0;
    s->permit = P2_WRITE_BUDGET;
    return s;
}

void *p2_input_stream_fd(int fd, bool positional, uint64_t offset,
                         bool owns_fd)
{
    return stream_new(fd, positional, offset, owns_fd);
}

/* Whether writes to fd can never have to wait: regular files and block
 * devices, and on Linux the memory devices (major 1: /dev/null, zero,
 * full, ...).  check-write then needs no poll(2) per call, which was
 * half the syscalls of a small-write loop on stdout. */
static bool never_full(int fd)
{
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0)
        return false;
    if (S_ISREG(st.st_mode) || S_ISBLK(st.st_mode))
        return true;
#ifdef __linux__
    if (S_ISCHR(st.st_mode) && major(st.st_rdev) == 1)
        return true;
#endif
    return false;
}

void *p2_output_stream_fd(int fd, bool positional, uint64_t offset,
                          bool append, bool owns_fd)
{
    P2Stream *s = stream_new(fd, positional, offset, owns_fd);
    s->append = append;
    s->never_full = positional || never_full(fd);
    return s;
}

static void stream_free(P2Stream *s)
{
    if (s->owns_fd)
        close(s->fd);
    kiln_rt_free(s);
}

void wasi_io_streams_input_stream_drop(struct KilnComponentInst *ci,
                                       void *rep)
{
    (void)ci;
    stream_free(rep);
}

void wasi_io_streams_output_stream_drop(struct KilnComponentInst *ci,
                                        void *rep)
{
    (void)ci;
    stream_free(rep);
}

/* Waits until fd is ready for `events`; false with errno on failure. */
static bool wait_fd(int fd, short events, int timeout_ms)
{
    struct pollfd p = {.fd = fd, .events = events};
    for (;;) {
        int r = poll(&p, 1, timeout_ms);
        if (r >= 0)
            return r > 0;
        if (errno != EINTR)
            return false;
    }
}

ssize_t p2s_read(P2Stream *s, void *buf, size_t n, bool block)
{
    for (;;) {
        ssize_t got;
        if (s->positional) {
            got = pread(s->fd, buf, n, (off_t)s->offset);
            if (got > 0)
                s->offset += (uint64_t)got;
        } else {
            if (!block && !wait_fd(s->fd, POLLIN, 0)) {
                errno = EAGAIN;
                return -1;
            }
            got = read(s->fd, buf, n);
        }
        if (got >= 0)
            return got;
        if (errno == EINTR)
            continue;
        if (block && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            wait_fd(s->fd, POLLIN, -1);
            continue;
        }
        return -1;
    }
}

static ssize_t write_some(P2Stream *s, const uint8_t *p, size_t n)
{
    if (!s->positional)
        return write(s->fd, p, n);
    if (s->append) {
        struct stat st;
        if (fstat(s->fd, &st) != 0)
            return -1;
        s->offset = (uint64_t)st.st_size;
    }
    ssize_t put = pwrite(s->fd, p, n, (off_t)s->offset);
    if (put > 0)
        s->offset += (uint64_t)put;
    return put;
}

int p2s_write_all(P2Stream *s, const void *buf, size_t n)
{
    const uint8_t *p = buf;
    while (n > 0) {
        ssize_t put = write_some(s, p, n);
        if (put < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                wait_fd(s->fd, POLLOUT, -1);
                continue;
            }
            return errno;
        }
        p += put;
        n -= (size_t)put;
    }
    return 0;
}

void p2s_closed(wasi_io_streams_stream_error_t *err)
{
    err->tag = WASI_IO_STREAMS_STREAM_ERROR_CLOSED;
    err->val.last_operation_failed = 0;
}

void p2s_fail(KilnCanonCx *cx, P2Stream *s, int e,
              wasi_io_streams_stream_error_t *err)
{
    s->closed = true;
    if (e == EPIPE) {
        p2s_closed(err);
        return;
    }
    err->tag = WASI_IO_STREAMS_STREAM_ERROR_LAST_OPERATION_FAILED;
    err->val.last_operation_failed =
        kiln_cx_new_own(cx, KILN_HR_wasi_io_error_error, p2_error_new(e));
}

void *p2s_pollable(P2Stream *s, bool for_write)
{
    /* Files never block; a closed stream answers at once. */
    if (s->closed || s->positional || (for_write && s->never_full))
        return p2_pollable_ready();
    return s->owns_fd ? p2_pollable_fd_dup(s->fd, for_write)
                      : p2_pollable_fd(s->fd, for_write);
}
