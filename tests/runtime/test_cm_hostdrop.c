/* test_cm_hostdrop.c: the component runtime with the real WASI 0.2 host
 * (runtime/wasi_p2): kiln_component_new making the host state (and
 * refusing a preopen it cannot open), a host resource's destructor run
 * when the guest drops its last own handle (in the instance that made it
 * or after a move to another), and every host object still alive dropped
 * when the component instance is freed.  Streams over pipes whose write
 * end they own show the drops: the descriptor gets closed. */
#include "cm_fixture.h"
#include "p2.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static bool fd_open(int fd)
{
    return fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

static uint32_t new_stream(KilnCanonCx *cx, int *wfd)
{
    int p[2];
    if (pipe(p) != 0)
        return 0;
    close(p[0]);
    *wfd = p[1];
    return kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_output_stream,
                           p2_output_stream_fd(p[1], false, 0, false, true));
}

int main(void)
{
    kiln_rt_init_thread();
    CHECK(fx_resources[2].host_type ==
          KILN_HR_wasi_io_streams_output_stream + 1);
    KilnWasiConfig cfg = {.stdin_fd = -1, .stdout_fd = 1, .stderr_fd = 2};
    KilnTrapInfo err;
    KilnComponentInst *ci = kiln_component_new(&fx_desc, &cfg, &err);
    CHECK(ci && ci->wasi);
    if (!ci)
        return TEST_RESULT();
    KilnCanonCx a = fx_cx(ci, 0, KILN_UTF8);

    int fd1, fd2, fd3;
    uint32_t h1 = new_stream(&a, &fd1);
    uint32_t h2 = new_stream(&a, &fd2);
    uint32_t h3 = new_stream(&a, &fd3);
    CHECK(h1 && h2 && h3 && fd_open(fd1) && fd_open(fd2) && fd_open(fd3));
    /* dropped by the guest that holds it */
    kiln_cm_resource_drop(ci, 0, 2, h1);
    CHECK(!fd_open(fd1) && fd_open(fd2));
    /* moved to B (through the other row of the same host type), dropped */
    uint32_t rep = kiln_cm_lift_own(ci, 0, 3, h2);
    uint32_t hb = kiln_cm_lower_own(ci, 1, 2, rep);
    CHECK(fd_open(fd2));
    kiln_cm_resource_drop(ci, 1, 3, hb);
    CHECK(!fd_open(fd2));
    /* a borrow's drop leaves the stream alone */
    uint32_t t = kiln_cm_call_begin(ci, 0, 1);
    rep = kiln_cm_lift_borrow(ci, 0, 2, h3);
    hb = kiln_cm_lower_borrow(ci, 1, 2, rep);
    kiln_cm_resource_drop(ci, 1, 2, hb);
    kiln_cm_call_end(ci, t);
    CHECK(fd_open(fd3));
    /* still alive at the end: dropped with the instance */
    kiln_component_free(ci);
    CHECK(!fd_open(fd3));

    /* a preopen that cannot be opened is a link error */
    KilnPreopen pre = {"/nonexistent-kiln-dir", "/"};
    cfg.npreopens = 1;
    cfg.preopens = &pre;
    ci = kiln_component_new(&fx_desc, &cfg, &err);
    CHECK(!ci && err.kind == KILN_TRAP_NONE && err.message[0]);
    kiln_component_free(ci);
    return TEST_RESULT();
}
