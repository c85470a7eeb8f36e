/* sock.c: the sock_* calls of WASI preview1.
 *
 * WASI 0.1 cannot create sockets; these act on sockets handed to the
 * program (stdio or descriptors accepted from them).  Anything else is
 * ERRNO_BADF (no such descriptor) or ERRNO_NOTSOCK.  witx `riflags`
 * (recv_peek, recv_waitall), `roflags` (recv_data_truncated), `sdflags`
 * (rd, wr).
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "kw.h"

static int32_t sock_get(KilnVmctx *vm, int32_t fd, uint64_t rights,
                        KwFd **out)
{
    int32_t r = kw_fd_get(kw_state(vm), fd, 0, out);
    if (r)
        return r;
    if ((*out)->type != KW_FT_SOCK_STREAM && (*out)->type != KW_FT_SOCK_DGRAM)
        return KW_ENOTSOCK;
    return ((*out)->base & rights) == rights ? 0 : KW_ENOTCAPABLE;
}

int32_t kiln_wasi_p1_sock_accept(KilnVmctx *vm, int32_t fd, int32_t flags,
                                 int32_t out)
{
    KwFd *e;
    int32_t r = sock_get(vm, fd, KW_R_SOCK_ACCEPT, &e);
    if (r)
        return r;
    if ((uint32_t)flags & ~(uint32_t)KW_FDF_NONBLOCK)
        return KW_EINVAL;
    if (!kw_mem(vm, (uint32_t)out, 4))
        return KW_EFAULT;
    int fl = SOCK_CLOEXEC | ((flags & KW_FDF_NONBLOCK) ? SOCK_NONBLOCK : 0);
    int h = accept4(e->host, NULL, NULL, fl);
    if (h < 0)
        return kw_err();
    KwFd n = {.host = h, .type = e->type, .owned = true,
              .base = KW_R_SOCK & ~(KW_R_FD_SEEK | KW_R_FD_TELL), .inh = 0};
    int32_t slot = kw_fd_insert(kw_state(vm), &n);
    if (slot < 0) {
        close(h);
        return KW_ENOMEM;
    }
    return kw_put32(vm, (uint32_t)out, (uint32_t)slot);
}

int32_t kiln_wasi_p1_sock_recv(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int32_t riflags,
                               int32_t nread_out, int32_t roflags_out)
{
    KwFd *e;
    int32_t r = sock_get(vm, fd, KW_R_FD_READ, &e);
    if (r)
        return r;
    if ((uint32_t)riflags & ~3u)
        return KW_EINVAL;
    if (!kw_mem(vm, (uint32_t)nread_out, 4) ||
        !kw_mem(vm, (uint32_t)roflags_out, 2))
        return KW_EFAULT;
    struct msghdr msg = {0};
    struct iovec local[KW_IOV_LOCAL];
    int cnt;
    if ((r = kw_iovecs(vm, (uint32_t)iovs, (uint32_t)iovs_len, local,
                       &msg.msg_iov, &cnt)))
        return r;
    msg.msg_iovlen = (size_t)cnt;
    int fl = ((riflags & 1) ? MSG_PEEK : 0) | ((riflags & 2) ? MSG_WAITALL : 0);
    ssize_t got;
    do
        got = recvmsg(e->host, &msg, fl);
    while (got < 0 && errno == EINTR);
    r = got < 0 ? kw_err() : 0;
    kw_iovecs_free(local, msg.msg_iov);
    if (r)
        return r;
    kw_st16(kw_mem(vm, (uint32_t)roflags_out, 2),
            (msg.msg_flags & MSG_TRUNC) ? 1 : 0);
    return kw_put32(vm, (uint32_t)nread_out, (uint32_t)got);
}

int32_t kiln_wasi_p1_sock_send(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int32_t siflags,
                               int32_t nwritten_out)
{
    KwFd *e;
    int32_t r = sock_get(vm, fd, KW_R_FD_WRITE, &e);
    if (r)
        return r;
    if (siflags != 0)
        return KW_EINVAL;
    if (!kw_mem(vm, (uint32_t)nwritten_out, 4))
        return KW_EFAULT;
    struct msghdr msg = {0};
    struct iovec local[KW_IOV_LOCAL];
    int cnt;
    if ((r = kw_iovecs(vm, (uint32_t)iovs, (uint32_t)iovs_len, local,
                       &msg.msg_iov, &cnt)))
        return r;
    msg.msg_iovlen = (size_t)cnt;
    ssize_t got;
    do
        got = sendmsg(e->host, &msg, MSG_NOSIGNAL);
    while (got < 0 && errno == EINTR);
    r = got < 0 ? kw_err() : 0;
    kw_iovecs_free(local, msg.msg_iov);
    if (r)
        return r;
    return kw_put32(vm, (uint32_t)nwritten_out, (uint32_t)got);
}

int32_t kiln_wasi_p1_sock_shutdown(KilnVmctx *vm, int32_t fd, int32_t how)
{
    static const int host_how[] = {0, SHUT_RD, SHUT_WR, SHUT_RDWR};
    KwFd *e;
    int32_t r = sock_get(vm, fd, KW_R_SOCK_SHUTDOWN, &e);
    if (r)
        return r;
    if (how < 1 || how > 3)
        return KW_EINVAL;
    return shutdown(e->host, host_how[how]) ? kw_err() : 0;
}
