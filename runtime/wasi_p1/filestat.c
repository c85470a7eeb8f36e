/* filestat.c: file attributes through descriptors and paths.
 *
 * fd_filestat_get / set_size / set_times and path_filestat_get /
 * set_times.  witx `filestat`: dev @0, ino @8, filetype u8 @16, nlink @24,
 * size @32, atim @40, mtim @48, ctim @56 (64 bytes, times in ns).
 * `fstflags` picks each time from the argument, from "now", or leaves it.
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kw.h"

static uint64_t ns(struct timespec t)
{
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void kw_put_filestat(uint8_t *p, const struct stat *st)
{
    memset(p, 0, 64);
    kw_st64(p, (uint64_t)st->st_dev);
    kw_st64(p + 8, (uint64_t)st->st_ino);
    kw_st8(p + 16, kw_filetype(st->st_mode));
    kw_st64(p + 24, (uint64_t)st->st_nlink);
    kw_st64(p + 32, (uint64_t)st->st_size);
    kw_st64(p + 40, ns(st->st_atim));
    kw_st64(p + 48, ns(st->st_mtim));
    kw_st64(p + 56, ns(st->st_ctim));
}

static struct timespec pick(uint64_t t, bool set, bool now)
{
    if (now)
        return (struct timespec){.tv_nsec = UTIME_NOW};
    if (!set)
        return (struct timespec){.tv_nsec = UTIME_OMIT};
    return (struct timespec){.tv_sec = (time_t)(t / 1000000000u),
                             .tv_nsec = (long)(t % 1000000000u)};
}

int32_t kw_times(int64_t atim, int64_t mtim, uint32_t fst,
                 struct timespec ts[2])
{
    if (fst & ~15u)
        return KW_EINVAL;
    if ((fst & KW_FST_ATIM) && (fst & KW_FST_ATIM_NOW))
        return KW_EINVAL;
    if ((fst & KW_FST_MTIM) && (fst & KW_FST_MTIM_NOW))
        return KW_EINVAL;
    ts[0] = pick((uint64_t)atim, fst & KW_FST_ATIM, fst & KW_FST_ATIM_NOW);
    ts[1] = pick((uint64_t)mtim, fst & KW_FST_MTIM, fst & KW_FST_MTIM_NOW);
    return 0;
}

int32_t kiln_wasi_p1_fd_filestat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_FILESTAT_GET, &e);
    if (r)
        return r;
    uint8_t *p = kw_mem(vm, (uint32_t)out, 64);
    if (!p)
        return KW_EFAULT;
    struct stat st;
    if (fstat(e->host, &st) != 0)
        return kw_err();
    kw_put_filestat(p, &st);
    return 0;
}

int32_t kiln_wasi_p1_fd_filestat_set_size(KilnVmctx *vm, int32_t fd,
                                          int64_t size)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_FILESTAT_SET_SIZE, &e);
    if (r)
        return r;
    if (size < 0)
        return KW_EINVAL;
    return ftruncate(e->host, (off_t)size) ? kw_err() : 0;
}

int32_t kiln_wasi_p1_fd_filestat_set_times(KilnVmctx *vm, int32_t fd,
                                           int64_t atim, int64_t mtim,
                                           int32_t fstflags)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_FILESTAT_SET_TIMES, &e);
    if (r)
        return r;
    struct timespec ts[2];
    if ((r = kw_times(atim, mtim, (uint32_t)fstflags, ts)))
        return r;
    return futimens(e->host, ts) ? kw_err() : 0;
}

int32_t kiln_wasi_p1_path_filestat_get(KilnVmctx *vm, int32_t fd,
                                       int32_t flags, int32_t path,
                                       int32_t path_len, int32_t out)
{
    uint8_t *p = kw_mem(vm, (uint32_t)out, 64);
    KwPath rp;
    int32_t r = kw_resolve(vm, fd, KW_R_PATH_FILESTAT_GET, (uint32_t)path,
                           (uint32_t)path_len, kw_lookup_mode(flags), &rp);
    if (r)
        return r;
    struct stat st;
    if (fstatat(rp.dir, rp.name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        r = kw_err();
    else if (!p)
        r = KW_EFAULT;
    else
        kw_put_filestat(p, &st);
    kw_path_done(&rp);
    return r;
}

int32_t kiln_wasi_p1_path_filestat_set_times(KilnVmctx *vm, int32_t fd,
                                             int32_t flags, int32_t path,
                                             int32_t path_len, int64_t atim,
                                             int64_t mtim, int32_t fstflags)
{
    struct timespec ts[2];
    int32_t r = kw_times(atim, mtim, (uint32_t)fstflags, ts);
    if (r)
        return r;
    KwPath rp;
    r = kw_resolve(vm, fd, KW_R_PATH_FILESTAT_SET_TIMES, (uint32_t)path,
                   (uint32_t)path_len, kw_lookup_mode(flags), &rp);
    if (r)
        return r;
    if (utimensat(rp.dir, rp.name, ts, AT_SYMLINK_NOFOLLOW) != 0)
        r = kw_err();
    kw_path_done(&rp);
    return r;
}
