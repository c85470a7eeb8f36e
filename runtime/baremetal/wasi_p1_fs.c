/* wasi_p1_fs.c: the files of the embedded profile's
 * wasi_snapshot_preview1 host (legacy preview1 witx: fd_*, path_*,
 * fd_prestat_*): the read-only filesystem of --embed-dir (embedfs.h).
 * Descriptors 3 and up: first the preopened directories of the image,
 * then up to BFS_MAX open files and directories.  Reads, seeks, stats and
 * readdir work; anything that would change the filesystem (creating,
 * truncating, opening for writing, removing, renaming, setting times or
 * sizes) fails with EROFS, the witx errno `rofs` for a read-only file
 * system; fd_write on a read-only descriptor is EBADF, as in POSIX.
 * wasi_p1.c sends every descriptor other than 0-2 here.
 */
#include <string.h>

#include "embedfs.h"
#include "kw.h"
#include "wasi_p1_fs.h"

enum { BFS_MAX = 16, KW_EROFS = 69 };

/* witx rights: what a read-only file and directory allow */
#define R_FILE                                                            \
    ((1ull << 1) | (1ull << 2) | (1ull << 5) | (1ull << 7) | (1ull << 21) | \
     (1ull << 27) | (1ull << 3))
#define R_DIR                                                             \
    ((1ull << 13) | (1ull << 14) | (1ull << 18) | (1ull << 21) |           \
     (1ull << 3))
/* rights that write: fd_write, allocate, set_size,
 * set_times (6, 8, 22, 23) and path creation/removal/rename/link */
#define R_WRITE                                                           \
    ((1ull << 6) | (1ull << 8) | (1ull << 22) | (1ull << 23) |            \
     (1ull << 9) | (1ull << 10) | (1ull << 11) | (1ull << 12) |           \
     (1ull << 16) | (1ull << 17) | (1ull << 19) | (1ull << 20) |          \
     (1ull << 24) | (1ull << 25) | (1ull << 26))

typedef struct BfsFile {
    bool used;
    uint32_t entry;
    uint64_t pos;
} BfsFile;

static BfsFile files[BFS_MAX];
static bool files_ready;

static BfsFile *get(int32_t fd)
{
    if (!files_ready) {
        uint32_t n = kfs_npreopens();
        for (uint32_t i = 0; i < n && i < BFS_MAX; i++)
            files[i] = (BfsFile){true, i, 0};
        files_ready = true;
    }
    if (fd < 3 || fd - 3 >= BFS_MAX || !files[fd - 3].used)
        return NULL;
    return &files[fd - 3];
}

static bool is_dir(const BfsFile *f)
{
    return kfs_kind(f->entry) == KFS_DIR;
}

static int32_t kfs_errno(KfsErr e)
{
    static const int32_t map[] = {[KFS_OK] = 0, [KFS_ENOENT] = KW_ENOENT,
                                  [KFS_ENOTDIR] = KW_ENOTDIR,
                                  [KFS_EPERM] = KW_EPERM,
                                  [KFS_EINVAL] = KW_EINVAL};
    return map[e];
}

/* Resolves a guest path beneath directory descriptor fd. */
static int32_t resolve(KilnVmctx *vm, int32_t fd, int32_t path,
                       int32_t path_len, uint32_t *out)
{
    BfsFile *d = get(fd);
    if (!d)
        return KW_EBADF;
    if (!is_dir(d))
        return KW_ENOTDIR;
    const uint8_t *p = kw_mem(vm, (uint32_t)path, (uint32_t)path_len);
    if (!p)
        return KW_EFAULT;
    return kfs_errno(
        kfs_resolve(d->entry, (const char *)p, (uint32_t)path_len, out));
}

/* filestat: dev @0, ino @8, filetype u8 @16, nlink @24, size @32,
 * atim/mtim/ctim @40..64 (all 0: the image has no times). */
static int32_t put_filestat(KilnVmctx *vm, int32_t out, uint32_t e)
{
    uint8_t *p = kw_mem(vm, (uint32_t)out, 64);
    if (!p)
        return KW_EFAULT;
    memset(p, 0, 64);
    kw_st64(p + 8, (uint64_t)e + 1);
    kw_st8(p + 16, (uint8_t)kfs_kind(e));
    kw_st64(p + 24, 1);
    kw_st64(p + 32, kfs_size(e));
    return 0;
}

int32_t bfs_prestat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    BfsFile *f = get(fd);
    if (!f || (uint32_t)(fd - 3) >= kfs_npreopens())
        return KW_EBADF;
    uint32_t len;
    kfs_name(f->entry, &len);
    uint8_t *p = kw_mem(vm, (uint32_t)out, 8);
    if (!p)
        return KW_EFAULT;
    kw_st32(p, 0); /* preopentype dir */
    kw_st32(p + 4, len);
    return 0;
}

int32_t bfs_prestat_dir_name(KilnVmctx *vm, int32_t fd, int32_t path,
                             int32_t path_len)
{
    BfsFile *f = get(fd);
    if (!f || (uint32_t)(fd - 3) >= kfs_npreopens())
        return KW_EBADF;
    uint32_t len;
    const char *name = kfs_name(f->entry, &len);
    if ((uint32_t)path_len < len)
        return KW_ENAMETOOLONG;
    uint8_t *p = kw_mem(vm, (uint32_t)path, len);
    if (!p)
        return KW_EFAULT;
    memcpy(p, name, len);
    return 0;
}

int32_t bfs_fdstat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    BfsFile *f = get(fd);
    if (!f)
        return KW_EBADF;
    uint8_t *p = kw_mem(vm, (uint32_t)out, 24);
    if (!p)
        return KW_EFAULT;
    memset(p, 0, 24);
    kw_st8(p, (uint8_t)kfs_kind(f->entry));
    kw_st64(p + 8, is_dir(f) ? R_DIR : R_FILE);
    /* inheriting: the write rights too, so that opening for writing asks
     * for them and path_open can answer EROFS */
    kw_st64(p + 16, is_dir(f) ? R_DIR | R_FILE | R_WRITE : 0);
    return 0;
}

int32_t bfs_filestat_get(KilnVmctx *vm, int32_t fd, int32_t out)
{
    BfsFile *f = get(fd);
    return f ? put_filestat(vm, out, f->entry) : KW_EBADF;
}

int32_t bfs_path_filestat_get(KilnVmctx *vm, int32_t fd, int32_t path,
                              int32_t path_len, int32_t out)
{
    uint32_t e;
    int32_t err = resolve(vm, fd, path, path_len, &e);
    return err ? err : put_filestat(vm, out, e);
}

/* oflags: creat 1, directory 2, excl 4, trunc 8; fdflags append 1. */
int32_t bfs_path_open(KilnVmctx *vm, int32_t fd, int32_t path,
                      int32_t path_len, int32_t oflags, int64_t rights,
                      int32_t fdflags, int32_t out)
{
    uint32_t e;
    int32_t err = resolve(vm, fd, path, path_len, &e);
    if (err == KW_ENOENT && (oflags & 1))
        return KW_EROFS;
    if (err)
        return err;
    if ((oflags & 5) == 5)
        return KW_EEXIST;
    if ((oflags & 2) && kfs_kind(e) != KFS_DIR)
        return KW_ENOTDIR;
    if ((oflags & 8) || (fdflags & 1) ||
        (kfs_kind(e) == KFS_FILE && ((uint64_t)rights & (1ull << 6))))
        return KW_EROFS;
    get(3);
    for (int32_t i = 0; i < BFS_MAX; i++)
        if (!files[i].used) {
            files[i] = (BfsFile){true, e, 0};
            return kw_put32(vm, (uint32_t)out, (uint32_t)(i + 3));
        }
    return KW_ENOMEM;
}

int32_t bfs_close(KilnVmctx *vm, int32_t fd)
{
    BfsFile *f = get(fd);
    if (!f)
        return KW_EBADF;
    f->used = false;
    return 0;
}

int32_t bfs_iovecs(KilnVmctx *vm, int32_t iovs, int32_t iovs_len,
                   BfsXfer xfer, void *ctx, uint32_t *total)
{
    uint8_t *iov =
        kw_mem(vm, (uint32_t)iovs, (uint64_t)(uint32_t)iovs_len * 8);
    if (!iov)
        return KW_EFAULT;
    *total = 0;
    for (uint32_t i = 0; i < (uint32_t)iovs_len; i++) {
        uint32_t len = kw_ld32(iov + 8 * i + 4);
        uint8_t *buf = kw_mem(vm, kw_ld32(iov + 8 * i), len);
        if (!buf)
            return KW_EFAULT;
        long n = xfer(ctx, buf, len, *total);
        if (n < 0)
            return *total ? 0 : KW_EIO;
        *total += (uint32_t)n;
        if ((uint32_t)n < len)
            break;
    }
    return 0;
}

typedef struct ReadAt {
    BfsFile *f;
    uint64_t pos;
} ReadAt;

static long read_one(void *ctx, uint8_t *buf, uint32_t len, uint32_t done)
{
    ReadAt *r = ctx;
    return (long)kfs_read(r->f->entry, r->pos + done, buf, len);
}

/* Reads into the iovecs from `pos` (advancing it when `advance`). */
static int32_t read_at(KilnVmctx *vm, BfsFile *f, int32_t iovs,
                       int32_t iovs_len, uint64_t pos, bool advance,
                       int32_t out)
{
    if (is_dir(f))
        return KW_EISDIR;
    ReadAt r = {f, pos};
    uint32_t total;
    int32_t e = bfs_iovecs(vm, iovs, iovs_len, read_one, &r, &total);
    if (e)
        return e;
    if (advance)
        f->pos += total;
    return kw_put32(vm, (uint32_t)out, total);
}

int32_t bfs_read(KilnVmctx *vm, int32_t fd, int32_t iovs, int32_t iovs_len,
                 int32_t out)
{
    BfsFile *f = get(fd);
    return f ? read_at(vm, f, iovs, iovs_len, f->pos, true, out) : KW_EBADF;
}

int32_t bfs_pread(KilnVmctx *vm, int32_t fd, int32_t iovs, int32_t iovs_len,
                  int64_t offset, int32_t out)
{
    BfsFile *f = get(fd);
    if (!f)
        return KW_EBADF;
    if (offset < 0)
        return KW_EINVAL;
    return read_at(vm, f, iovs, iovs_len, (uint64_t)offset, false, out);
}

/* whence: set 0, cur 1, end 2 */
int32_t bfs_seek(KilnVmctx *vm, int32_t fd, int64_t offset, int32_t whence,
                 int32_t out)
{
    BfsFile *f = get(fd);
    if (!f)
        return KW_EBADF;
    if (is_dir(f))
        return KW_EISDIR;
    int64_t base = whence == 0   ? 0
                   : whence == 1 ? (int64_t)f->pos
                   : whence == 2 ? (int64_t)kfs_size(f->entry)
                                 : -1;
    if (base < 0 || (offset < 0 && -offset > base))
        return KW_EINVAL;
    f->pos = (uint64_t)(base + offset);
    return kw_put64(vm, (uint32_t)out, f->pos);
}

int32_t bfs_tell(KilnVmctx *vm, int32_t fd, int32_t out)
{
    BfsFile *f = get(fd);
    return f ? kw_put64(vm, (uint32_t)out, f->pos) : KW_EBADF;
}

/* One dirent (d_next @0, d_ino @8, d_namlen u32 @16, d_type u8 @20, then
 * the name) at buf+*used, cut at the buffer's end as the witx says. */
static void put_dirent(uint8_t *buf, uint32_t cap, uint32_t *used,
                       uint64_t next, uint32_t e, const char *name,
                       uint32_t len)
{
    uint8_t d[24];
    memset(d, 0, sizeof d);
    kw_st64(d, next);
    kw_st64(d + 8, (uint64_t)e + 1);
    kw_st32(d + 16, len);
    kw_st8(d + 20, (uint8_t)kfs_kind(e));
    for (uint32_t i = 0; i < 24 + len && *used < cap; i++, (*used)++)
        buf[*used] = i < 24 ? d[i] : (uint8_t)name[i - 24];
}

/* Cookies: 0 ".", 1 "..", 2 + i the i-th child. */
int32_t bfs_readdir(KilnVmctx *vm, int32_t fd, int32_t buf, int32_t buf_len,
                    int64_t cookie, int32_t out)
{
    BfsFile *f = get(fd);
    if (!f)
        return KW_EBADF;
    if (!is_dir(f))
        return KW_ENOTDIR;
    uint8_t *p = kw_mem(vm, (uint32_t)buf, (uint32_t)buf_len);
    if (!p)
        return KW_EFAULT;
    uint32_t used = 0, cap = (uint32_t)buf_len;
    uint32_t n = kfs_nchildren(f->entry);
    for (uint64_t c = (uint64_t)cookie; c < 2ull + n && used < cap; c++) {
        if (c < 2) {
            put_dirent(p, cap, &used, c + 1, f->entry, "..", (uint32_t)c + 1);
            continue;
        }
        uint32_t e = kfs_child(f->entry, (uint32_t)(c - 2)), len;
        const char *name = kfs_name(e, &len);
        put_dirent(p, cap, &used, c + 1, e, name, len);
    }
    return kw_put32(vm, (uint32_t)out, used);
}

int32_t bfs_path_readlink(KilnVmctx *vm, int32_t fd, int32_t path,
                          int32_t path_len)
{
    uint32_t e;
    int32_t err = resolve(vm, fd, path, path_len, &e);
    return err ? err : KW_EINVAL; /* not a symlink: the image has none */
}

/* What would change the filesystem: the path must name a directory
 * descriptor of the image, then EROFS. */
int32_t bfs_read_only(KilnVmctx *vm, int32_t fd)
{
    return get(fd) ? KW_EROFS : KW_EBADF;
}

/* fd_write and fd_pwrite: a read-only descriptor. */
int32_t bfs_no_write(KilnVmctx *vm, int32_t fd)
{
    BfsFile *f = get(fd);
    return !f ? KW_EBADF : is_dir(f) ? KW_EISDIR : KW_EBADF;
}

/* fd_sync, fd_datasync, fd_advise: nothing to do. */
int32_t bfs_nothing(KilnVmctx *vm, int32_t fd)
{
    return get(fd) ? 0 : KW_EBADF;
}
