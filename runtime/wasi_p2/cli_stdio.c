/* cli_stdio.c: wasi:cli stdin, stdout, stderr and terminal-* (WASI 0.2
 * cli/stdio.wit, cli/terminal.wit).  Each get-* call makes a new stream
 * over the configured host fd, which the stream borrows (dropping it
 * never closes the host's stdio); an fd of -1 gives a closed stream.
 * A terminal-* call answers some(terminal) when the fd is a tty. */
#include <unistd.h>

#include "p2.h"
#include "wasi_cli_stderr.h"
#include "wasi_cli_stdin.h"
#include "wasi_cli_stdout.h"
#include "wasi_cli_terminal_input.h"
#include "wasi_cli_terminal_output.h"
#include "wasi_cli_terminal_stderr.h"
#include "wasi_cli_terminal_stdin.h"
#include "wasi_cli_terminal_stdout.h"

void wasi_cli_stdin_get_stdin(struct KilnCanonCx *cx,
                              wasi_io_streams_input_stream_t *ret)
{
    P2Host *h = p2_host(cx);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_input_stream,
                           p2_input_stream_fd(h->stdin_fd, false, 0, false));
}

static uint32_t new_output(KilnCanonCx *cx, int fd)
{
    return kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_output_stream,
                           p2_output_stream_fd(fd, false, 0, false, false));
}

void wasi_cli_stdout_get_stdout(struct KilnCanonCx *cx,
                                wasi_io_streams_output_stream_t *ret)
{
    *ret = new_output(cx, p2_host(cx)->stdout_fd);
}

void wasi_cli_stderr_get_stderr(struct KilnCanonCx *cx,
                                wasi_io_streams_output_stream_t *ret)
{
    *ret = new_output(cx, p2_host(cx)->stderr_fd);
}

/* terminal-input and terminal-output carry nothing yet: a rep is a
 * small allocation so that each handle has its own. */
static bool terminal(KilnCanonCx *cx, int fd, uint32_t type, uint32_t *h)
{
    if (fd < 0 || !isatty(fd))
        return false;
    void *rep = kiln_rt_alloc(1);
    if (!rep)
        kiln_trap_host("out of memory");
    *h = kiln_cx_new_own(cx, type, rep);
    return true;
}

void wasi_cli_terminal_input_terminal_input_drop(struct KilnComponentInst *ci,
                                                 void *rep)
{
    (void)ci;
    kiln_rt_free(rep);
}

void wasi_cli_terminal_output_terminal_output_drop(struct KilnComponentInst *ci,
                                                   void *rep)
{
    (void)ci;
    kiln_rt_free(rep);
}

void wasi_cli_terminal_stdin_get_terminal_stdin(
    struct KilnCanonCx *cx,
    wasi_cli_terminal_stdin_option_wasi_cli_terminal_input_own_terminal_input_t *ret)
{
    ret->is_some = terminal(cx, p2_host(cx)->stdin_fd,
                            KILN_HR_wasi_cli_terminal_input_terminal_input,
                            &ret->val);
}

void wasi_cli_terminal_stdout_get_terminal_stdout(
    struct KilnCanonCx *cx,
    wasi_cli_terminal_stdout_option_wasi_cli_terminal_output_own_terminal_output_t *ret)
{
    ret->is_some = terminal(cx, p2_host(cx)->stdout_fd,
                            KILN_HR_wasi_cli_terminal_output_terminal_output,
                            &ret->val);
}

void wasi_cli_terminal_stderr_get_terminal_stderr(
    struct KilnCanonCx *cx,
    wasi_cli_terminal_stderr_option_wasi_cli_terminal_output_own_terminal_output_t *ret)
{
    ret->is_some = terminal(cx, p2_host(cx)->stderr_fd,
                            KILN_HR_wasi_cli_terminal_output_terminal_output,
                            &ret->val);
}
