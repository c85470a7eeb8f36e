/* wasi_p1.c: wasi_snapshot_preview1 for the embedded profile (the legacy
 * preview1 witx of WebAssembly/WASI; replaces runtime/wasi_p1/ except its
 * mem.c there).  Descriptors 0-2 are character devices: stdin reads end
 * of file, stdout and stderr go to kiln_platform_write.  The other
 * descriptors are the read-only filesystem of --embed-dir (wasi_p1_fs.c;
 * without it there are no preopens and they answer EBADF); sockets
 * answer EBADF; args and environ are empty; clocks and random come from
 * the platform hooks; proc_exit unwinds with the status.
 */
#include <string.h>

#include "kw.h"
#include "wasi_p1_fs.h"

#include "kiln_platform.h"

struct KilnWasi *kiln_wasi_new(const KilnWasiConfig *cfg, char *err,
                               size_t errlen)
{
    static struct KilnWasi state;
    return &state;
}

void kiln_wasi_free(struct KilnWasi *w)
{
}

static bool is_stdio(int32_t fd)
{
    return fd >= 0 && fd <= 2;
}

/* e for a descriptor of the embedded filesystem, else EBADF */
static int32_t fs_or(KilnVmctx *vm, int32_t fd, int32_t e)
{
    return bfs_nothing(vm, fd) ? KW_EBADF : e;
}

int32_t kiln_wasi_p1_args_get(KilnVmctx *vm, int32_t argv, int32_t buf)
{
    return 0;
}

int32_t kiln_wasi_p1_args_sizes_get(KilnVmctx *vm, int32_t argc_out,
                                    int32_t size_out)
{
    int32_t e = kw_put32(vm, (uint32_t)argc_out, 0);
    return e ? e : kw_put32(vm, (uint32_t)size_out, 0);
}

int32_t kiln_wasi_p1_environ_get(KilnVmctx *vm, int32_t env, int32_t buf)
{
    return 0;
}

int32_t kiln_wasi_p1_environ_sizes_get(KilnVmctx *vm, int32_t count_out,
                                       int32_t size_out)
{
    return kiln_wasi_p1_args_sizes_get(vm, count_out, size_out);
}

/* witx clockid: realtime 0, monotonic 1, process and thread CPU time 2, 3
 * (the monotonic clock: there is one thread). */
int32_t kiln_wasi_p1_clock_res_get(KilnVmctx *vm, int32_t id, int32_t out)
{
    if (id < 0 || id > 3)
        return KW_EINVAL;
    return kw_put64(vm, (uint32_t)out, 1000);
}

int32_t kiln_wasi_p1_clock_time_get(KilnVmctx *vm, int32_t id,
                                    int64_t precision, int32_t out)
{
    if (id < 0 || id > 3)
        return KW_EINVAL;
    uint64_t ns = id == 0 ? kiln_platform_wall_ns()
                          : kiln_platform_monotonic_ns();
    return kw_put64(vm, (uint32_t)out, ns);
}

int32_t kiln_wasi_p1_fd_advise(KilnVmctx *vm, int32_t fd, int64_t offset,
                               int64_t len, int32_t advice)
{
    if (!is_stdio(fd))
        return bfs_nothing(vm, fd);
    return KW_ESPIPE;
}

int32_t kiln_wasi_p1_fd_allocate(KilnVmctx *vm, int32_t fd, int64_t offset,
                                 int64_t len)
{
    if (!is_stdio(fd))
        return bfs_read_only(vm, fd);
    return KW_ENOTSUP;
}

int32_t kiln_wasi_p1_fd_close(KilnVmctx *vm, int32_t fd)
{
    if (!is_stdio(fd))
        return bfs_close(vm, fd);
    return 0;
}

int32_t kiln_wasi_p1_fd_datasync(KilnVmctx *vm, int32_t fd)
{
    if (!is_stdio(fd))
        return bfs_nothing(vm, fd);
    return KW_EINVAL;
}

int32_t kiln_wasi_p1_fd_sync(KilnVmctx *vm, int32_t fd)
{
    return kiln_wasi_p1_fd_datasync(vm, fd);
}

/* fdstat: filetype u8 @0 (character_device 2), flags u16 @2, rights
 * base u64 @8, inheriting u64 @16. */
int32_t kiln_wasi_p1_fd_fdstat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_fdstat_get(vm, fd, out);
    if (!is_stdio(fd))
        return KW_EBADF;
    uint8_t *p = kw_mem(vm, (uint32_t)out, 24);
    if (!p)
        return KW_EFAULT;
    memset(p, 0, 24);
    kw_st8(p, 2);
    /* fd_read (bit 1) for stdin, fd_write (bit 6) for the others, and
     * poll_fd_readwrite (bit 27) */
    kw_st64(p + 8, (fd == 0 ? 1u << 1 : 1u << 6) | 1u << 27);
    return 0;
}

int32_t kiln_wasi_p1_fd_fdstat_set_flags(KilnVmctx *vm, int32_t fd,
                                         int32_t flags)
{
    if (!is_stdio(fd))
        return fs_or(vm, fd, KW_ENOTSUP);
    return KW_ENOTSUP;
}

int32_t kiln_wasi_p1_fd_fdstat_set_rights(KilnVmctx *vm, int32_t fd,
                                          int64_t base, int64_t inheriting)
{
    if (!is_stdio(fd))
        return fs_or(vm, fd, KW_ENOTCAPABLE);
    return KW_ENOTCAPABLE;
}

int32_t kiln_wasi_p1_fd_filestat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_filestat_get(vm, fd, out);
    if (!is_stdio(fd))
        return KW_EBADF;
    uint8_t *p = kw_mem(vm, (uint32_t)out, 64);
    if (!p)
        return KW_EFAULT;
    memset(p, 0, 64);
    kw_st8(p + 16, 2); /* filetype after dev and ino */
    return 0;
}

int32_t kiln_wasi_p1_fd_filestat_set_size(KilnVmctx *vm, int32_t fd,
                                          int64_t size)
{
    if (!is_stdio(fd))
        return bfs_read_only(vm, fd);
    return KW_EINVAL;
}

int32_t kiln_wasi_p1_fd_filestat_set_times(KilnVmctx *vm, int32_t fd,
                                           int64_t atim, int64_t mtim,
                                           int32_t fstflags)
{
    if (!is_stdio(fd))
        return bfs_read_only(vm, fd);
    return KW_EINVAL;
}

int32_t kiln_wasi_p1_fd_pread(KilnVmctx *vm, int32_t fd, int32_t iovs,
                              int32_t iovs_len, int64_t offset, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_pread(vm, fd, iovs, iovs_len, offset, out);
    return KW_ESPIPE;
}

int32_t kiln_wasi_p1_fd_pwrite(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int64_t offset, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_no_write(vm, fd);
    return KW_ESPIPE;
}

/* the preopens of the embedded filesystem; wasi-libc stops scanning at
 * the first EBADF */
int32_t kiln_wasi_p1_fd_prestat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    return bfs_prestat_get(vm, fd, out);
}

int32_t kiln_wasi_p1_fd_prestat_dir_name(KilnVmctx *vm, int32_t fd,
                                         int32_t path, int32_t path_len)
{
    return bfs_prestat_dir_name(vm, fd, path, path_len);
}

int32_t kiln_wasi_p1_fd_read(KilnVmctx *vm, int32_t fd, int32_t iovs,
                             int32_t iovs_len, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_read(vm, fd, iovs, iovs_len, out);
    if (fd != 0)
        return KW_EBADF;
    return kw_put32(vm, (uint32_t)out, 0); /* end of file */
}

static long write_one(void *ctx, uint8_t *buf, uint32_t len, uint32_t done)
{
    (void)done;
    return len ? kiln_platform_write(*(int32_t *)ctx, buf, len) : 0;
}

int32_t kiln_wasi_p1_fd_write(KilnVmctx *vm, int32_t fd, int32_t iovs,
                              int32_t iovs_len, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_no_write(vm, fd);
    if (fd != 1 && fd != 2)
        return KW_EBADF;
    uint32_t total;
    int32_t e = bfs_iovecs(vm, iovs, iovs_len, write_one, &fd, &total);
    return e ? e : kw_put32(vm, (uint32_t)out, total);
}

int32_t kiln_wasi_p1_fd_readdir(KilnVmctx *vm, int32_t fd, int32_t buf,
                                int32_t buf_len, int64_t cookie, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_readdir(vm, fd, buf, buf_len, cookie, out);
    return KW_ENOTDIR;
}

int32_t kiln_wasi_p1_fd_renumber(KilnVmctx *vm, int32_t fd, int32_t to)
{
    return KW_EBADF;
}

int32_t kiln_wasi_p1_fd_seek(KilnVmctx *vm, int32_t fd, int64_t offset,
                             int32_t whence, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_seek(vm, fd, offset, whence, out);
    return KW_ESPIPE;
}

int32_t kiln_wasi_p1_fd_tell(KilnVmctx *vm, int32_t fd, int32_t out)
{
    if (!is_stdio(fd))
        return bfs_tell(vm, fd, out);
    return KW_ESPIPE;
}

/* ---- paths: beneath a directory of the embedded filesystem ---- */

int32_t kiln_wasi_p1_path_create_directory(KilnVmctx *vm, int32_t fd,
                                           int32_t path, int32_t path_len)
{
    if (!is_stdio(fd))
        return bfs_read_only(vm, fd);
    return KW_ENOTDIR;
}

int32_t kiln_wasi_p1_path_filestat_get(KilnVmctx *vm, int32_t fd,
                                       int32_t flags, int32_t path,
                                       int32_t path_len, int32_t out)
{
    return is_stdio(fd) ? KW_ENOTDIR
                        : bfs_path_filestat_get(vm, fd, path, path_len, out);
}

int32_t kiln_wasi_p1_path_filestat_set_times(KilnVmctx *vm, int32_t fd,
                                             int32_t flags, int32_t path,
                                             int32_t path_len, int64_t atim,
                                             int64_t mtim, int32_t fstflags)
{
    return kiln_wasi_p1_path_create_directory(vm, fd, path, path_len);
}

int32_t kiln_wasi_p1_path_link(KilnVmctx *vm, int32_t old_fd,
                               int32_t old_flags, int32_t old_path,
                               int32_t old_len, int32_t new_fd,
                               int32_t new_path, int32_t new_len)
{
    return kiln_wasi_p1_path_create_directory(vm, old_fd, old_path, old_len);
}

int32_t kiln_wasi_p1_path_open(KilnVmctx *vm, int32_t fd, int32_t dirflags,
                               int32_t path, int32_t path_len, int32_t oflags,
                               int64_t rights_base, int64_t rights_inheriting,
                               int32_t fdflags, int32_t out)
{
    if (is_stdio(fd))
        return KW_ENOTDIR;
    return bfs_path_open(vm, fd, path, path_len, oflags, rights_base,
                         fdflags, out);
}

int32_t kiln_wasi_p1_path_readlink(KilnVmctx *vm, int32_t fd, int32_t path,
                                   int32_t path_len, int32_t buf,
                                   int32_t buf_len, int32_t out)
{
    return is_stdio(fd) ? KW_ENOTDIR
                        : bfs_path_readlink(vm, fd, path, path_len);
}

int32_t kiln_wasi_p1_path_remove_directory(KilnVmctx *vm, int32_t fd,
                                           int32_t path, int32_t path_len)
{
    return kiln_wasi_p1_path_create_directory(vm, fd, path, path_len);
}

int32_t kiln_wasi_p1_path_rename(KilnVmctx *vm, int32_t fd, int32_t old_path,
                                 int32_t old_len, int32_t new_fd,
                                 int32_t new_path, int32_t new_len)
{
    return kiln_wasi_p1_path_create_directory(vm, fd, old_path, old_len);
}

int32_t kiln_wasi_p1_path_symlink(KilnVmctx *vm, int32_t old_path,
                                  int32_t old_len, int32_t fd,
                                  int32_t new_path, int32_t new_len)
{
    return kiln_wasi_p1_path_create_directory(vm, fd, new_path, new_len);
}

int32_t kiln_wasi_p1_path_unlink_file(KilnVmctx *vm, int32_t fd, int32_t path,
                                      int32_t path_len)
{
    return kiln_wasi_p1_path_create_directory(vm, fd, path, path_len);
}

/* Waiting needs timers and interrupts the embedded runtime does not own. */
int32_t kiln_wasi_p1_poll_oneoff(KilnVmctx *vm, int32_t in, int32_t out,
                                 int32_t nsubscriptions, int32_t nevents_out)
{
    return KW_ENOTSUP;
}

void kiln_wasi_p1_proc_exit(KilnVmctx *vm, int32_t status)
{
    kiln_rt_exit(status);
}

int32_t kiln_wasi_p1_proc_raise(KilnVmctx *vm, int32_t sig)
{
    return KW_ENOTSUP;
}

int32_t kiln_wasi_p1_random_get(KilnVmctx *vm, int32_t buf, int32_t len)
{
    uint8_t *p = kw_mem(vm, (uint32_t)buf, (uint32_t)len);
    if (!p)
        return KW_EFAULT;
    return kiln_platform_random(p, (uint32_t)len) ? KW_EIO : 0;
}

int32_t kiln_wasi_p1_sched_yield(KilnVmctx *vm)
{
    return 0;
}

int32_t kiln_wasi_p1_sock_accept(KilnVmctx *vm, int32_t fd, int32_t flags,
                                 int32_t out)
{
    return is_stdio(fd) ? KW_ENOTSOCK : KW_EBADF;
}

int32_t kiln_wasi_p1_sock_recv(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int32_t riflags,
                               int32_t nread_out, int32_t roflags_out)
{
    return kiln_wasi_p1_sock_accept(vm, fd, 0, 0);
}

int32_t kiln_wasi_p1_sock_send(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int32_t siflags,
                               int32_t nwritten_out)
{
    return kiln_wasi_p1_sock_accept(vm, fd, 0, 0);
}

int32_t kiln_wasi_p1_sock_shutdown(KilnVmctx *vm, int32_t fd, int32_t how)
{
    return kiln_wasi_p1_sock_accept(vm, fd, 0, 0);
}
