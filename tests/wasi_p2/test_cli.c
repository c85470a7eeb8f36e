/* test_cli.c: wasi:cli environment (arguments and variables copied into
 * guest memory in the lowering's encoding), exit and exit-with-code,
 * std streams over the configured fds (a write reaches the host pipe, a
 * closed fd gives a closed stream) and terminal-* on pipes and a pty. */
#include "p2t.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "wasi_cli_environment.h"
#include "wasi_cli_exit.h"
#include "wasi_cli_stderr.h"
#include "wasi_cli_stdin.h"
#include "wasi_cli_stdout.h"
#include "wasi_cli_terminal_stderr.h"
#include "wasi_cli_terminal_stdin.h"
#include "wasi_cli_terminal_stdout.h"

static const char *const argv_[] = {"prog", "a b", ""};
static const char *const envp_[] = {"HOME=/h", "EQ=x=y", "BARE", "EMPTY="};

/* Allocation order is CanonicalABI.md's store_list: the array, then the
 * strings in order (the preview1 adapter's allocator depends on it). */
static void test_arguments(void)
{
    wasi_cli_environment_list_string_t args;
    t_log_reset();
    wasi_cli_environment_get_arguments(&t_cx, &args);
    T_EQ(t_nlog, 4);
    T_EQ(t_log[0].align, 4);
    T_EQ(t_log[0].size, 24);
    T_EQ(t_log[1].size, 4);
    T_EQ(t_log[2].size, 3);
    T_EQ(t_log[3].size, 0);
    T_EQ(args.len, 3);
    T_EQ(args.ptr % 4, 0);
    for (uint32_t i = 0; i < 3 && args.len == 3; i++)
        T_GUEST_STR(t_ld32(args.ptr + 8 * i), t_ld32(args.ptr + 8 * i + 4),
                    argv_[i]);
}

static void test_environment(void)
{
    static const char *const kv[][2] = {
        {"HOME", "/h"}, {"EQ", "x=y"}, {"BARE", ""}, {"EMPTY", ""}};
    wasi_cli_environment_list_tuple2_string_string_t env;
    t_log_reset();
    wasi_cli_environment_get_environment(&t_cx, &env);
    T_EQ(t_log[0].size, 64);
    T_EQ(t_log[1].size, 4); /* HOME */
    T_EQ(t_log[2].size, 2); /* /h */
    T_EQ(t_log[3].size, 2); /* EQ */
    T_EQ(env.len, 4);
    for (uint32_t i = 0; i < 4 && env.len == 4; i++) {
        uint32_t e = env.ptr + 16 * i;
        T_GUEST_STR(t_ld32(e), t_ld32(e + 4), kv[i][0]);
        T_GUEST_STR(t_ld32(e + 8), t_ld32(e + 12), kv[i][1]);
    }
    wasi_cli_environment_option_string_t cwd = {true, {1, 1}};
    wasi_cli_environment_initial_cwd(&t_cx, &cwd);
    T_EQ(cwd.is_some, 0);
}

/* Strings follow the lowering's encoding: UTF-16 guests get UTF-16. */
static void test_utf16_arguments(void)
{
    t_cx.encoding = KILN_UTF16;
    wasi_cli_environment_list_string_t args;
    wasi_cli_environment_get_arguments(&t_cx, &args);
    t_cx.encoding = KILN_UTF8;
    T_EQ(args.len, 3);
    uint32_t p = t_ld32(args.ptr), n = t_ld32(args.ptr + 4);
    T_EQ(n, 4); /* code units */
    T_EQ(p % 2, 0);
    T_TRUE(memcmp(t_mem(p), "p\0r\0o\0g\0", 8) == 0);
}

static void do_exit_ok(void *arg)
{
    (void)arg;
    wasi_cli_exit_result_void_void_t st = {false};
    wasi_cli_exit_exit(&t_cx, &st);
}

static void do_exit_err(void *arg)
{
    (void)arg;
    wasi_cli_exit_result_void_void_t st = {true};
    wasi_cli_exit_exit(&t_cx, &st);
}

static void do_exit_code(void *arg)
{
    wasi_cli_exit_exit_with_code(&t_cx, (uint8_t)(uintptr_t)arg);
}

static void test_exit(void)
{
    T_EQ(t_guard(do_exit_ok, NULL), KILN_TRAP_EXIT);
    T_EQ(t_exit_status, 0);
    T_EQ(t_guard(do_exit_err, NULL), KILN_TRAP_EXIT);
    T_EQ(t_exit_status, 1);
    T_EQ(t_guard(do_exit_code, (void *)(uintptr_t)33), KILN_TRAP_EXIT);
    T_EQ(t_exit_status, 33);
    T_EQ(t_guard(do_exit_code, (void *)(uintptr_t)255), KILN_TRAP_EXIT);
    T_EQ(t_exit_status, 255);
}

/* The hello-world path: get-stdout, check-write, write, blocking-flush,
 * blocking-write-and-flush, then the bytes are in the pipe. */
static void test_stdout(int out_rd)
{
    wasi_io_streams_output_stream_t out;
    wasi_cli_stdout_get_stdout(&t_cx, &out);
    wasi_io_streams_result_u64_stream_error_t cw;
    wasi_io_streams_output_stream_check_write(&t_cx, out, &cw);
    T_EQ(cw.is_err, 0);
    T_TRUE(cw.val.ok >= 4096);
    wasi_io_streams_result_void_stream_error_t r;
    wasi_io_streams_output_stream_write(&t_cx, out, (const uint8_t *)"hello, ",
                                        7, &r);
    T_EQ(r.is_err, 0);
    wasi_io_streams_output_stream_blocking_flush(&t_cx, out, &r);
    T_EQ(r.is_err, 0);
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, out, (const uint8_t *)"world\n", 6, &r);
    T_EQ(r.is_err, 0);
    t_drop(KILN_HR_wasi_io_streams_output_stream, out);
    char buf[32] = {0};
    T_EQ(read(out_rd, buf, sizeof buf), 13);
    T_TRUE(strcmp(buf, "hello, world\n") == 0);

    /* stderr: its own fd. */
    wasi_cli_stderr_get_stderr(&t_cx, &out);
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, out, (const uint8_t *)"oops", 4, &r);
    T_EQ(r.is_err, 0);
    t_drop(KILN_HR_wasi_io_streams_output_stream, out);
}

static void test_stdin(int in_wr)
{
    wasi_io_streams_input_stream_t in;
    wasi_cli_stdin_get_stdin(&t_cx, &in);
    wasi_io_streams_result_list_u8_stream_error_t r;
    wasi_io_streams_input_stream_read(&t_cx, in, 100, &r); /* nothing yet */
    T_EQ(r.is_err, 0);
    T_EQ(r.val.ok.len, 0);
    T_EQ(write(in_wr, "abc", 3), 3);
    wasi_io_streams_input_stream_blocking_read(&t_cx, in, 100, &r);
    T_EQ(r.is_err, 0);
    T_GUEST_STR(r.val.ok.ptr, r.val.ok.len, "abc");
    close(in_wr);
    wasi_io_streams_input_stream_blocking_read(&t_cx, in, 100, &r);
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    t_drop(KILN_HR_wasi_io_streams_input_stream, in);
}

static void test_terminals_on_pipes(void)
{
    wasi_cli_terminal_stdin_option_wasi_cli_terminal_input_own_terminal_input_t ti;
    wasi_cli_terminal_stdin_get_terminal_stdin(&t_cx, &ti);
    T_EQ(ti.is_some, 0);
    wasi_cli_terminal_stdout_option_wasi_cli_terminal_output_own_terminal_output_t to;
    wasi_cli_terminal_stdout_get_terminal_stdout(&t_cx, &to);
    T_EQ(to.is_some, 0);
    wasi_cli_terminal_stderr_option_wasi_cli_terminal_output_own_terminal_output_t te;
    wasi_cli_terminal_stderr_get_terminal_stderr(&t_cx, &te);
    T_EQ(te.is_some, 0);
}

static void with_pipes(void)
{
    int in[2], out[2], err[2];
    t_pipe(in);
    t_pipe(out);
    t_pipe(err);
    KilnWasiConfig cfg = {3, argv_, 4, envp_, 0, NULL, in[0], out[1], err[1],
                          0, 0, NULL};
    t_setup(&cfg);
    test_arguments();
    test_environment();
    test_utf16_arguments();
    test_exit();
    test_stdout(out[0]);
    test_stdin(in[1]);
    test_terminals_on_pipes();
    t_finish();
    char buf[8] = {0};
    T_EQ(read(err[0], buf, sizeof buf), 4);
    T_TRUE(strcmp(buf, "oops") == 0);
    close(in[0]);
    close(out[0]);
    close(out[1]);
    close(err[0]);
    close(err[1]);
}

/* fd -1: the streams exist but are closed; a pty is a terminal. */
static void with_closed_and_tty(void)
{
    int pty = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    KilnWasiConfig cfg = {0, NULL, 0, NULL, 0, NULL, -1, -1, pty, 0, 0, NULL};
    t_setup(&cfg);
    wasi_io_streams_output_stream_t out;
    wasi_cli_stdout_get_stdout(&t_cx, &out);
    wasi_io_streams_result_u64_stream_error_t cw;
    wasi_io_streams_output_stream_check_write(&t_cx, out, &cw);
    T_EQ(cw.is_err, 1);
    T_EQ(cw.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    wasi_io_streams_input_stream_t in;
    wasi_cli_stdin_get_stdin(&t_cx, &in);
    wasi_io_streams_result_list_u8_stream_error_t r;
    wasi_io_streams_input_stream_read(&t_cx, in, 1, &r);
    T_EQ(r.is_err, 1);
    T_EQ(r.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);
    wasi_cli_environment_list_string_t args;
    wasi_cli_environment_get_arguments(&t_cx, &args);
    T_EQ(args.len, 0);
    if (pty >= 0) {
        wasi_cli_terminal_stderr_option_wasi_cli_terminal_output_own_terminal_output_t te;
        wasi_cli_terminal_stderr_get_terminal_stderr(&t_cx, &te);
        T_EQ(te.is_some, 1);
        T_TRUE(t_live(KILN_HR_wasi_cli_terminal_output_terminal_output,
                      te.val));
        t_drop(KILN_HR_wasi_cli_terminal_output_terminal_output, te.val);
        T_TRUE(!t_live(KILN_HR_wasi_cli_terminal_output_terminal_output,
                       te.val));
        close(pty);
    }
    t_finish(); /* in and out are dropped here */
}

static void do_args(void *arg)
{
    (void)arg;
    wasi_cli_environment_list_string_t args;
    wasi_cli_environment_get_arguments(&t_cx, &args);
}

/* Instantiated without WASI: calls trap instead of crashing. */
static void without_wasi(void)
{
    t_setup(NULL);
    T_EQ(t_guard(do_args, NULL), KILN_TRAP_HOST);
    T_TRUE(strstr(t_trap_message, "WASI") != NULL);
    t_finish();
}

int main(void)
{
    with_pipes();
    with_closed_and_tty();
    without_wasi();
    return t_result();
}
