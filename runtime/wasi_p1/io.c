/* io.c: fd_read, fd_write, fd_pread, fd_pwrite, fd_seek, fd_tell.
 *
 * witx `iovec_array` / `ciovec_array`: guest (buf, len) pairs, each buffer
 * checked against memory before the host reads or writes it.  Results go
 * through out pointers (`size`, `filesize`).
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "kw.h"

#ifndef IOV_MAX
#define IOV_MAX 1024
#endif

int32_t kw_iovecs(KilnVmctx *vm, uint32_t ptr, uint32_t n,
                  struct iovec *local, struct iovec **out, int *count)
{
    const uint8_t *v = kw_mem(vm, ptr, (uint64_t)n * 8);
    if (!v)
        return KW_EFAULT;
    /* More than IOV_MAX buffers: a short transfer is allowed. */
    uint32_t m = n > IOV_MAX ? IOV_MAX : n;
    /* The common one- or two-buffer call needs no allocation. */
    struct iovec *iov = m <= KW_IOV_LOCAL ? local : malloc(m * sizeof *iov);
    if (!iov)
        return KW_ENOMEM;
    for (uint32_t i = 0; i < m; i++) {
        uint32_t buf = kw_ld32(v + 8 * i), len = kw_ld32(v + 8 * i + 4);
        uint8_t *p = kw_mem(vm, buf, len);
        if (!p) {
            kw_iovecs_free(local, iov);
            return KW_EFAULT;
        }
        iov[i] = (struct iovec){.iov_base = p, .iov_len = len};
    }
    *out = iov;
    *count = (int)m;
    return 0;
}

void kw_iovecs_free(struct iovec *local, struct iovec *iov)
{
    if (iov != local)
        free(iov);
}

enum { XFER_READ, XFER_WRITE, XFER_PREAD, XFER_PWRITE };

/* One vectored transfer; the byte count is stored at `out`. */
static int32_t xfer(KilnVmctx *vm, int32_t fd, uint32_t iovs, uint32_t n,
                    int64_t offset, uint32_t out, int kind)
{
    static const uint64_t need[] = {
        KW_R_FD_READ, KW_R_FD_WRITE, KW_R_FD_READ | KW_R_FD_SEEK,
        KW_R_FD_WRITE | KW_R_FD_SEEK};
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, need[kind], &e);
    if (r)
        return r;
    if (!kw_mem(vm, out, 4))
        return KW_EFAULT;
    if (offset < 0)
        return KW_EINVAL;
    struct iovec local[KW_IOV_LOCAL], *iov;
    int cnt;
    if ((r = kw_iovecs(vm, iovs, n, local, &iov, &cnt)))
        return r;
    ssize_t got;
    do {
        switch (kind) {
        case XFER_READ: got = readv(e->host, iov, cnt); break;
        case XFER_WRITE: got = writev(e->host, iov, cnt); break;
        case XFER_PREAD: got = preadv(e->host, iov, cnt, offset); break;
        default: got = pwritev(e->host, iov, cnt, offset); break;
        }
    } while (got < 0 && errno == EINTR);
    r = got < 0 ? kw_err() : 0;
    kw_iovecs_free(local, iov);
    if (r)
        return r;
    return kw_put32(vm, out, (uint32_t)got);
}

int32_t kiln_wasi_p1_fd_read(KilnVmctx *vm, int32_t fd, int32_t iovs,
                             int32_t iovs_len, int32_t out)
{
    return xfer(vm, fd, (uint32_t)iovs, (uint32_t)iovs_len, 0,
                (uint32_t)out, XFER_READ);
}

int32_t kiln_wasi_p1_fd_write(KilnVmctx *vm, int32_t fd, int32_t iovs,
                              int32_t iovs_len, int32_t out)
{
    return xfer(vm, fd, (uint32_t)iovs, (uint32_t)iovs_len, 0,
                (uint32_t)out, XFER_WRITE);
}

int32_t kiln_wasi_p1_fd_pread(KilnVmctx *vm, int32_t fd, int32_t iovs,
                              int32_t iovs_len, int64_t offset, int32_t out)
{
    return xfer(vm, fd, (uint32_t)iovs, (uint32_t)iovs_len, offset,
                (uint32_t)out, XFER_PREAD);
}

int32_t kiln_wasi_p1_fd_pwrite(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int64_t offset, int32_t out)
{
    return xfer(vm, fd, (uint32_t)iovs, (uint32_t)iovs_len, offset,
                (uint32_t)out, XFER_PWRITE);
}

int32_t kiln_wasi_p1_fd_seek(KilnVmctx *vm, int32_t fd, int64_t offset,
                             int32_t whence, int32_t out)
{
    static const int host_whence[] = {SEEK_SET, SEEK_CUR, SEEK_END};
    if (whence < 0 || whence > 2)
        return KW_EINVAL;
    /* Asking for the current position needs only the tell right. */
    uint64_t need = (whence == 1 && offset == 0) ? KW_R_FD_TELL : KW_R_FD_SEEK;
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, need, &e);
    if (r)
        return r;
    if (!kw_mem(vm, (uint32_t)out, 8))
        return KW_EFAULT;
    off_t pos = lseek(e->host, (off_t)offset, host_whence[whence]);
    if (pos < 0)
        return kw_err();
    return kw_put64(vm, (uint32_t)out, (uint64_t)pos);
}

int32_t kiln_wasi_p1_fd_tell(KilnVmctx *vm, int32_t fd, int32_t out)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_TELL, &e);
    if (r)
        return r;
    if (!kw_mem(vm, (uint32_t)out, 8))
        return KW_EFAULT;
    off_t pos = lseek(e->host, 0, SEEK_CUR);
    if (pos < 0)
        return kw_err();
    return kw_put64(vm, (uint32_t)out, (uint64_t)pos);
}
