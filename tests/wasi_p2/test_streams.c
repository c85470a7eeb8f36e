/* test_streams.c: wasi:io/streams over pipes and files: the check-write
 * budget and the traps beyond it and beyond 4096 bytes for the blocking
 * *-and-flush forms, write-zeroes, non-blocking and blocking read, skip,
 * splice, end of stream as `closed`, a failed write as
 * last-operation-failed with an error whose debug string names the
 * cause (and `closed` afterwards), EPIPE as closed, positional and append
 * streams over a file, subscribe, and check-write without a poll(2) on
 * fds that never fill (files, /dev/null). */
#include "p2t.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "wasi_io_error.h"
#include "wasi_io_poll.h"
#include "wasi_io_streams.h"
#include "wasi_p2/io_stream.h"

typedef wasi_io_streams_result_void_stream_error_t RVoid;
typedef wasi_io_streams_result_u64_stream_error_t RU64;
typedef wasi_io_streams_result_list_u8_stream_error_t RList;

/* Counts the runtime's poll(2) calls: this definition takes the place of
 * libc's in the whole executable, the static runtime included. */
static unsigned poll_calls;

int poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
    poll_calls++;
    struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000};
    return ppoll(fds, n, timeout_ms < 0 ? NULL : &ts, NULL);
}

static uint32_t new_out(int fd, bool positional, uint64_t off, bool append)
{
    return kiln_cx_new_own(&t_cx, KILN_HR_wasi_io_streams_output_stream,
                           p2_output_stream_fd(fd, positional, off, append,
                                               false));
}

static uint32_t new_in(int fd, bool positional, uint64_t off)
{
    return kiln_cx_new_own(&t_cx, KILN_HR_wasi_io_streams_input_stream,
                           p2_input_stream_fd(fd, positional, off, false));
}

static void drop_out(uint32_t h)
{
    t_drop(KILN_HR_wasi_io_streams_output_stream, h);
}

static void drop_in(uint32_t h)
{
    t_drop(KILN_HR_wasi_io_streams_input_stream, h);
}

typedef struct WriteArg {
    uint32_t out;
    uint32_t len;
    int how; /* 0 write, 1 blocking-write-and-flush, 2 write-zeroes,
                3 blocking-write-zeroes-and-flush */
} WriteArg;

static uint8_t big[1 << 20];

static void do_write(void *arg)
{
    WriteArg *a = arg;
    RVoid r;
    switch (a->how) {
    case 0:
        wasi_io_streams_output_stream_write(&t_cx, a->out, big, a->len, &r);
        break;
    case 1:
        wasi_io_streams_output_stream_blocking_write_and_flush(&t_cx, a->out,
                                                               big, a->len, &r);
        break;
    case 2:
        wasi_io_streams_output_stream_write_zeroes(&t_cx, a->out, a->len, &r);
        break;
    default:
        wasi_io_streams_output_stream_blocking_write_zeroes_and_flush(
            &t_cx, a->out, a->len, &r);
    }
}

static void drain(int fd)
{
    char buf[4096];
    while (read(fd, buf, sizeof buf) > 0)
        ;
}

/* Over /dev/null, so that a whole budget can be written at once. */
static void test_budget(void)
{
    int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    uint32_t out = new_out(null, false, 0, false);
    RU64 cw;
    wasi_io_streams_output_stream_check_write(&t_cx, out, &cw);
    T_EQ(cw.is_err, 0);
    T_TRUE(cw.val.ok >= 4096);
    /* Within the budget, then beyond what check-write granted: trap. */
    WriteArg a = {out, (uint32_t)cw.val.ok - 96, 0};
    T_EQ(t_guard(do_write, &a), KILN_TRAP_NONE);
    a.len = 96;
    a.how = 2;
    T_EQ(t_guard(do_write, &a), KILN_TRAP_NONE);
    a.len = 1;
    a.how = 0;
    T_EQ(t_guard(do_write, &a), KILN_TRAP_HOST);
    T_TRUE(strstr(t_trap_message, "exceeds") != NULL);
    a.how = 2;
    T_EQ(t_guard(do_write, &a), KILN_TRAP_HOST);
    /* check-write and flush give the budget back. */
    wasi_io_streams_output_stream_check_write(&t_cx, out, &cw);
    a.how = 0;
    T_EQ(t_guard(do_write, &a), KILN_TRAP_NONE);
    a.len = (uint32_t)cw.val.ok;
    T_EQ(t_guard(do_write, &a), KILN_TRAP_HOST);
    RVoid r;
    wasi_io_streams_output_stream_flush(&t_cx, out, &r);
    T_EQ(r.is_err, 0);
    T_EQ(t_guard(do_write, &a), KILN_TRAP_NONE);
    /* blocking-write-(zeroes-)and-flush: 4096 bytes at most. */
    a.how = 1;
    a.len = 4096;
    T_EQ(t_guard(do_write, &a), KILN_TRAP_NONE);
    a.len = 4097;
    T_EQ(t_guard(do_write, &a), KILN_TRAP_HOST);
    T_TRUE(strstr(t_trap_message, "4096") != NULL);
    a.how = 3;
    T_EQ(t_guard(do_write, &a), KILN_TRAP_HOST);
    drop_out(out);
    close(null);

    /* The zeroes arrive as zeroes. */
    int p[2];
    t_pipe(p);
    memset(big, 0xff, 8192);
    out = new_out(p[1], false, 0, false);
    a = (WriteArg){out, 4096, 3};
    T_EQ(t_guard(do_write, &a), KILN_TRAP_NONE);
    a = (WriteArg){out, 100, 2};
    T_EQ(t_guard(do_write, &a), KILN_TRAP_NONE);
    uint8_t buf[8192];
    T_EQ(read(p[0], buf, sizeof buf), 4196);
    T_EQ(buf[0] | buf[4095] | buf[4195], 0);
    drop_out(out);
    close(p[0]);
    close(p[1]);
}

/* A full pipe: check-write says 0 and the pollable is not ready. */
static void test_full_pipe(void)
{
    int p[2];
    t_pipe(p);
    fcntl(p[1], F_SETFL, O_NONBLOCK);
    while (write(p[1], big, sizeof big) > 0)
        ;
    uint32_t out = new_out(p[1], false, 0, false);
    RU64 cw;
    wasi_io_streams_output_stream_check_write(&t_cx, out, &cw);
    T_EQ(cw.is_err, 0);
    T_EQ(cw.val.ok, 0);
    /* splice moves nothing into it (and takes nothing from the input). */
    int q[2];
    t_pipe(q);
    T_EQ(write(q[1], "abc", 3), 3);
    uint32_t in = new_in(q[0], false, 0);
    RU64 moved;
    wasi_io_streams_output_stream_splice(&t_cx, out, in, 10, &moved);
    T_EQ(moved.is_err, 0);
    T_EQ(moved.val.ok, 0);
    char left[8];
    T_EQ(read(q[0], left, sizeof left), 3);
    drop_in(in);
    close(q[0]);
    close(q[1]);
    uint32_t pol;
    wasi_io_streams_output_stream_subscribe(&t_cx, out, &pol);
    bool ready = true;
    wasi_io_poll_pollable_ready(&t_cx, pol, &ready);
    T_EQ(ready, 0);
    fcntl(p[0], F_SETFL, O_NONBLOCK);
    drain(p[0]);
    wasi_io_poll_pollable_ready(&t_cx, pol, &ready);
    T_EQ(ready, 1);
    t_drop(KILN_HR_wasi_io_poll_pollable, pol);
    drop_out(out);
    close(p[0]);
    close(p[1]);
}

static void test_read_skip(void)
{
    int p[2];
    t_pipe(p);
    uint32_t in = new_in(p[0], false, 0);
    RList r;
    wasi_io_streams_input_stream_read(&t_cx, in, 10, &r);
    T_EQ(r.is_err, 0);
    T_EQ(r.val.ok.len, 0);
    uint32_t pol;
    wasi_io_streams_input_stream_subscribe(&t_cx, in, &pol);
    bool ready = true;
    wasi_io_poll_pollable_ready(&t_cx, pol, &ready);
    T_EQ(ready, 0);
    T_EQ(write(p[1], "0123456789", 10), 10);
    wasi_io_poll_pollable_ready(&t_cx, pol, &ready);
    T_EQ(ready, 1);
    wasi_io_poll_pollable_block(&t_cx, pol); /* returns at once */
    t_drop(KILN_HR_wasi_io_poll_pollable, pol);
    wasi_io_streams_input_stream_read(&t_cx, in, 3, &r);
    T_EQ(r.is_err, 0);
    T_GUEST_STR(r.val.ok.ptr, r.val.ok.len, "012");
    RU64 s;
    wasi_io_streams_input_stream_skip(&t_cx, in, 4, &s);
    T_EQ(s.is_err, 0);
    T_EQ(s.val.ok, 4);
    wasi_io_streams_input_stream_blocking_read(&t_cx, in, 100, &r);
    T_GUEST_STR(r.val.ok.ptr, r.val.ok.len, "789");
    wasi_io_streams_input_stream_read(&t_cx, in, 0, &r); /* len 0: ok */
    T_EQ(r.is_err, 0);
    T_EQ(r.val.ok.len, 0);
    close(p[1]);
    wasi_io_streams_input_stream_blocking_skip(&t_cx, in, 5, &s);
    T_EQ(s.is_err, 1);
    T_EQ(s.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    wasi_io_streams_input_stream_read(&t_cx, in, 5, &r); /* closed stays */
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    drop_in(in);
    close(p[0]);
}

static void test_splice(void)
{
    int a[2], b[2];
    t_pipe(a);
    t_pipe(b);
    uint32_t in = new_in(a[0], false, 0), out = new_out(b[1], false, 0, false);
    RU64 r;
    wasi_io_streams_output_stream_splice(&t_cx, out, in, 100, &r);
    T_EQ(r.is_err, 0);
    T_EQ(r.val.ok, 0); /* nothing to move yet */
    T_EQ(write(a[1], "splice!", 7), 7);
    wasi_io_streams_output_stream_splice(&t_cx, out, in, 3, &r);
    T_EQ(r.val.ok, 3);
    wasi_io_streams_output_stream_blocking_splice(&t_cx, out, in, 100, &r);
    T_EQ(r.val.ok, 4);
    char buf[16] = {0};
    T_EQ(read(b[0], buf, sizeof buf), 7);
    T_TRUE(strcmp(buf, "splice!") == 0);
    close(a[1]);
    wasi_io_streams_output_stream_blocking_splice(&t_cx, out, in, 100, &r);
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    drop_in(in);
    drop_out(out);
    close(a[0]);
    close(b[0]);
    close(b[1]);
}

/* A write that fails: last-operation-failed with an error resource,
 * then closed; EPIPE (reader gone, SIGPIPE ignored) is closed. */
static void test_failures(void)
{
    int p[2];
    t_pipe(p);
    uint32_t out = new_out(p[0], false, 0, false); /* the read end */
    RVoid r;
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, out, (const uint8_t *)"x", 1, &r);
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_LAST_OPERATION_FAILED);
    uint32_t err = r.val.err.val.last_operation_failed;
    T_TRUE(t_live(KILN_HR_wasi_io_error_error, err));
    wasi_io_error_string_t s;
    wasi_io_error_error_to_debug_string(&t_cx, err, &s);
    T_TRUE(s.len > 0 && memmem(t_mem(s.ptr), s.len, "os error 9", 10));
    T_EQ(p2_error_errno(kiln_cx_borrow(&t_cx, KILN_HR_wasi_io_error_error,
                                       err)),
         EBADF);
    t_drop(KILN_HR_wasi_io_error_error, err);
    wasi_io_streams_output_stream_blocking_flush(&t_cx, out, &r);
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    drop_out(out);

    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    out = new_out(p[1], false, 0, false);
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, out, (const uint8_t *)"x", 1, &r);
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    drop_out(out);
    close(p[1]);
}

/* Streams over a file at an offset, and in append mode. */
static void test_file(void)
{
    char path[] = "/tmp/kiln-p2-streams-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    T_EQ(write(fd, "0123456789", 10), 10);
    uint32_t out = new_out(fd, true, 2, false);
    RVoid r;
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, out, (const uint8_t *)"ab", 2, &r);
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, out, (const uint8_t *)"cd", 2, &r);
    T_EQ(r.is_err, 0);
    drop_out(out);
    out = new_out(fd, true, 0, true);
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, out, (const uint8_t *)"END", 3, &r);
    drop_out(out);
    uint32_t in = new_in(fd, true, 1);
    RList l;
    wasi_io_streams_input_stream_read(&t_cx, in, 100, &l);
    T_EQ(l.is_err, 0);
    T_GUEST_STR(l.val.ok.ptr, l.val.ok.len, "1abcd6789END");
    wasi_io_streams_input_stream_read(&t_cx, in, 100, &l);
    T_EQ(l.is_err, 1); /* end of file */
    T_EQ(l.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    drop_in(in);
    in = new_in(fd, true, 0);
    uint32_t pol;
    wasi_io_streams_input_stream_subscribe(&t_cx, in, &pol);
    bool ready = false;
    wasi_io_poll_pollable_ready(&t_cx, pol, &ready);
    T_EQ(ready, 1); /* files never block */
    t_drop(KILN_HR_wasi_io_poll_pollable, pol);
    drop_in(in);
    close(fd);
}

/* A stream that owns its fd closes it when dropped; its pollable holds a
 * duplicate, so dropping the stream first leaves the pollable usable. */
static void test_owned_fd(void)
{
    int p[2];
    t_pipe(p);
    uint32_t in = kiln_cx_new_own(&t_cx, KILN_HR_wasi_io_streams_input_stream,
                                  p2_input_stream_fd(p[0], false, 0, true));
    uint32_t pol;
    wasi_io_streams_input_stream_subscribe(&t_cx, in, &pol);
    drop_in(in);
    T_EQ(fcntl(p[0], F_GETFD), -1); /* closed by the drop */
    T_EQ(write(p[1], "z", 1), 1);
    bool ready = false;
    wasi_io_poll_pollable_ready(&t_cx, pol, &ready);
    T_EQ(ready, 1);
    t_drop(KILN_HR_wasi_io_poll_pollable, pol);
    close(p[1]);
}

/* check-write polls only fds that can fill: a pipe, but neither a
 * regular file nor /dev/null (a 16-byte write loop on stdout paid one
 * poll(2) per write). */
static void test_never_full(void)
{
    char path[] = "/tmp/kiln-p2-nofull-XXXXXX";
    int file = mkstemp(path);
    unlink(path);
    int null = open("/dev/null", O_WRONLY);
    T_TRUE(file >= 0 && null >= 0);
    int fds[2] = {file, null};
    for (int i = 0; i < 2; i++) {
        uint32_t out = new_out(fds[i], false, 0, false);
        RU64 cw;
        RVoid r;
        unsigned before = poll_calls;
        for (int k = 0; k < 3; k++) {
            wasi_io_streams_output_stream_check_write(&t_cx, out, &cw);
            T_EQ(cw.is_err, 0);
            T_EQ(cw.val.ok, P2_WRITE_BUDGET);
            wasi_io_streams_output_stream_write(&t_cx, out, (const uint8_t *)"0123456789abcdef", 16, &r);
            T_EQ(r.is_err, 0);
        }
        T_EQ(poll_calls, before);
        uint32_t pol;
        wasi_io_streams_output_stream_subscribe(&t_cx, out, &pol);
        bool ready = false;
        wasi_io_poll_pollable_ready(&t_cx, pol, &ready);
        T_EQ(ready, 1);
        t_drop(KILN_HR_wasi_io_poll_pollable, pol);
        drop_out(out);
    }
    T_EQ(lseek(file, 0, SEEK_END), 48);
    close(file);
    close(null);
    /* A pipe can fill: check-write asks. */
    int p[2];
    t_pipe(p);
    uint32_t out = new_out(p[1], false, 0, false);
    unsigned before = poll_calls;
    RU64 cw;
    wasi_io_streams_output_stream_check_write(&t_cx, out, &cw);
    T_EQ(cw.val.ok, P2_WRITE_BUDGET);
    T_TRUE(poll_calls > before);
    drop_out(out);
    close(p[0]);
    close(p[1]);
}

int main(void)
{
    KilnWasiConfig cfg = {0, NULL, 0, NULL, 0, NULL, -1, -1, -1, 0, 0, NULL};
    t_setup(&cfg);
    test_budget();
    test_full_pipe();
    test_read_skip();
    test_splice();
    test_failures();
    test_file();
    test_owned_fd();
    test_never_full();
    t_finish();
    return t_result();
}
