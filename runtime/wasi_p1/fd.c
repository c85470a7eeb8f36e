/* fd.c: descriptor bookkeeping calls of WASI preview1.
 *
 * fd_close, fd_renumber, fd_fdstat_get / set_flags / set_rights (witx
 * `fdstat`: filetype u8 @0, fdflags u16 @2, rights u64 @8 and @16),
 * fd_prestat_get / fd_prestat_dir_name (witx `prestat`: tag u8 @0,
 * name length u32 @4), fd_advise, fd_allocate, fd_datasync, fd_sync.
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "kw.h"

int32_t kiln_wasi_p1_fd_close(KilnVmctx *vm, int32_t fd)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, 0, &e);
    if (r)
        return r;
    kw_fd_release(e);
    return 0;
}

int32_t kiln_wasi_p1_fd_renumber(KilnVmctx *vm, int32_t fd, int32_t to)
{
    struct KilnWasi *w = kw_state(vm);
    KwFd *from, *dst;
    int32_t r = kw_fd_get(w, fd, 0, &from);
    if (r || (r = kw_fd_get(w, to, 0, &dst)))
        return r;
    if (from == dst)
        return 0;
    kw_fd_release(dst);
    *dst = *from;
    *from = (KwFd){.host = -1};
    return 0;
}

int32_t kiln_wasi_p1_fd_fdstat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, 0, &e);
    if (r)
        return r;
    uint8_t *p = kw_mem(vm, (uint32_t)out, 24);
    if (!p)
        return KW_EFAULT;
    memset(p, 0, 24);
    kw_st8(p, e->type);
    kw_st16(p + 2, kw_fdflags(e->host));
    kw_st64(p + 8, e->base);
    kw_st64(p + 16, e->inh);
    return 0;
}

/* Only APPEND and NONBLOCK can change after open. */
int32_t kiln_wasi_p1_fd_fdstat_set_flags(KilnVmctx *vm, int32_t fd,
                                         int32_t flags)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_FDSTAT_SET_FLAGS, &e);
    if (r)
        return r;
    if ((uint32_t)flags & ~(uint32_t)(KW_FDF_APPEND | KW_FDF_NONBLOCK))
        return KW_EINVAL;
    int fl = fcntl(e->host, F_GETFL);
    if (fl < 0)
        return kw_err();
    fl &= ~(O_APPEND | O_NONBLOCK);
    fl |= kw_open_flags((uint32_t)flags);
    if (fcntl(e->host, F_SETFL, fl) < 0)
        return kw_err();
    return 0;
}

/* Rights can only shrink. */
int32_t kiln_wasi_p1_fd_fdstat_set_rights(KilnVmctx *vm, int32_t fd,
                                          int64_t base, int64_t inheriting)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, 0, &e);
    if (r)
        return r;
    uint64_t b = (uint64_t)base, i = (uint64_t)inheriting;
    if ((b & ~e->base) || (i & ~e->inh))
        return KW_ENOTCAPABLE;
    e->base = b;
    e->inh = i;
    return 0;
}

static int32_t preopen(KilnVmctx *vm, int32_t fd, KwFd **out)
{
    int32_t r = kw_fd_get(kw_state(vm), fd, 0, out);
    if (r == 0 && !(*out)->preopen)
        r = KW_EBADF;
    return r;
}

int32_t kiln_wasi_p1_fd_prestat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    KwFd *e;
    int32_t r = preopen(vm, fd, &e);
    if (r)
        return r;
    uint8_t *p = kw_mem(vm, (uint32_t)out, 8);
    if (!p)
        return KW_EFAULT;
    memset(p, 0, 8); /* tag 0: preopentype dir */
    kw_st32(p + 4, (uint32_t)strlen(e->preopen));
    return 0;
}

int32_t kiln_wasi_p1_fd_prestat_dir_name(KilnVmctx *vm, int32_t fd,
                                         int32_t path, int32_t path_len)
{
    KwFd *e;
    int32_t r = preopen(vm, fd, &e);
    if (r)
        return r;
    size_t n = strlen(e->preopen);
    if ((uint32_t)path_len < n)
        return KW_ENAMETOOLONG;
    uint8_t *p = kw_mem(vm, (uint32_t)path, n);
    if (!p)
        return KW_EFAULT;
    memcpy(p, e->preopen, n);
    return 0;
}

int32_t kiln_wasi_p1_fd_advise(KilnVmctx *vm, int32_t fd, int64_t offset,
                               int64_t len, int32_t advice)
{
    static const int host_advice[] = {
        POSIX_FADV_NORMAL, POSIX_FADV_SEQUENTIAL, POSIX_FADV_RANDOM,
        POSIX_FADV_WILLNEED, POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_ADVISE, &e);
    if (r)
        return r;
    if (advice < 0 || advice > 5 || offset < 0 || len < 0)
        return KW_EINVAL;
    return kw_errno(posix_fadvise(e->host, (off_t)offset, (off_t)len,
                                  host_advice[advice]));
}

int32_t kiln_wasi_p1_fd_allocate(KilnVmctx *vm, int32_t fd, int64_t offset,
                                 int64_t len)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_ALLOCATE, &e);
    if (r)
        return r;
    if (offset < 0 || len <= 0)
        return KW_EINVAL;
    return kw_errno(posix_fallocate(e->host, (off_t)offset, (off_t)len));
}

int32_t kiln_wasi_p1_fd_datasync(KilnVmctx *vm, int32_t fd)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_DATASYNC, &e);
    if (r)
        return r;
    return fdatasync(e->host) ? kw_err() : 0;
}

int32_t kiln_wasi_p1_fd_sync(KilnVmctx *vm, int32_t fd)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_SYNC, &e);
    if (r)
        return r;
    return fsync(e->host) ? kw_err() : 0;
}
