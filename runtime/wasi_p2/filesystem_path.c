/* filesystem_path.c: the wasi:filesystem/types descriptor methods that
 * take a path (WASI 0.2, wit/filesystem/types.wit): open-at, stat-at,
 * set-times-at, link-at, readlink-at, create-directory-at,
 * remove-directory-at, rename-at, symlink-at, unlink-file-at and
 * metadata-hash-at.
 *
 * Every path goes through kw_resolve_at (shared with preview1), which
 * walks it beneath the descriptor's directory and expands symlinks itself;
 * the host call then acts on the last component without following links
 * (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW), so the kernel never leaves the
 * sandbox on its own.  Absolute paths and escapes answer not-permitted.
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h> /* renameat */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filesystem_internal.h"

KwResolve p2fs_mode(wasi_filesystem_types_path_flags_t path_flags)
{
    return (path_flags & WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW)
               ? KW_RES_FOLLOW
               : KW_RES_LOOKUP;
}

int p2fs_resolve(const P2Desc *d, const uint8_t *path, uint32_t len,
                 KwResolve mode, bool mutate, KwPath *out)
{
    if (d->type != P2FS_DIR)
        return ENOTDIR;
    if (mutate && !(d->flags & P2FS_MUTATE))
        return EROFS;
    return kw_resolve_at(d->fd, (const char *)path, len, mode, out);
}

static void void_result(wasi_filesystem_types_result_void_error_code_t *ret,
                        int e)
{
    ret->is_err = e != 0;
    ret->val.err = e ? p2fs_code(e) : 0;
}

/* ---- open-at ---------------------------------------------------------- */

#define P2FS_SYNC_FLAGS                                                    \
    (WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_FILE_INTEGRITY_SYNC |          \
     WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_DATA_INTEGRITY_SYNC |          \
     WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_REQUESTED_WRITE_SYNC)

/* What the base directory must allow before anything is opened
 * (types.wit open-at: read-only without mutate-directory). */
static int open_check(const P2Desc *d, uint8_t oflags, uint8_t flags)
{
    if (d->type != P2FS_DIR)
        return ENOTDIR;
    bool changes = (flags & (P2FS_WRITE | P2FS_MUTATE)) ||
                   (oflags & (WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE |
                              WASI_FILESYSTEM_TYPES_OPEN_FLAGS_TRUNCATE));
    if (changes && !(d->flags & P2FS_MUTATE))
        return EROFS;
    if ((flags & P2FS_READ) && !(d->flags & P2FS_READ))
        return EPERM;
    if ((oflags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE) &&
        (oflags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_DIRECTORY))
        return EINVAL; /* Linux would make a regular file */
    return 0;
}

static int host_open_flags(uint8_t oflags, uint8_t flags)
{
    int fl = O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
    if (flags & P2FS_WRITE)
        fl |= (flags & P2FS_READ) ? O_RDWR : O_WRONLY;
    else
        fl |= O_RDONLY;
    if (oflags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE)
        fl |= O_CREAT;
    if (oflags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_DIRECTORY)
        fl |= O_DIRECTORY;
    if (oflags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_EXCLUSIVE)
        fl |= O_EXCL;
    if (oflags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_TRUNCATE)
        fl |= O_TRUNC;
    if (flags & WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_FILE_INTEGRITY_SYNC)
        fl |= O_SYNC;
    if (flags & WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_DATA_INTEGRITY_SYNC)
        fl |= O_DSYNC;
    if (flags & WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_REQUESTED_WRITE_SYNC)
        fl |= O_RSYNC;
    return fl;
}

/* The rights of the new descriptor: a directory inherits its parent's
 * read / mutate-directory (never more); a file keeps read / write as
 * asked (open_check made sure the parent allows them). */
static uint8_t new_flags(const P2Desc *d, uint8_t type, uint8_t flags)
{
    uint8_t keep = flags & P2FS_SYNC_FLAGS;
    if (type == P2FS_DIR)
        return keep | (d->flags & (P2FS_READ | P2FS_MUTATE));
    return keep | (flags & (P2FS_READ | P2FS_WRITE));
}

static int open_at(const P2Desc *d, uint8_t path_flags, const uint8_t *path,
                   uint32_t len, uint8_t oflags, uint8_t flags, P2Desc **out)
{
    int e = open_check(d, oflags, flags);
    if (e)
        return e;
    /* O_CREAT|O_EXCL never follows a final symlink (POSIX). */
    KwResolve mode = p2fs_mode(path_flags);
    if ((oflags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE) &&
        (oflags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_EXCLUSIVE))
        mode = KW_RES_LOOKUP;
    KwPath rp;
    if ((e = kw_resolve_at(d->fd, (const char *)path, len, mode, &rp)))
        return e;
    int fd = openat(rp.dir, rp.name, host_open_flags(oflags, flags), 0666);
    e = fd < 0 ? errno : 0;
    kw_path_done(&rp);
    if (e)
        return e;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        e = errno;
        close(fd);
        return e;
    }
    uint8_t type = p2fs_type(st.st_mode);
    if (!(*out = p2fs_desc_new(fd, type, new_flags(d, type, flags))))
        return ENOMEM;
    return 0;
}

void wasi_filesystem_types_descriptor_open_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t path_flags, const uint8_t *path_ptr,
    uint32_t path_len, wasi_filesystem_types_open_flags_t open_flags,
    wasi_filesystem_types_descriptor_flags_t flags,
    wasi_filesystem_types_result_own_descriptor_error_code_t *ret)
{
    P2Desc *n = NULL;
    int e = open_at(p2fs_desc(cx, self), path_flags, path_ptr, path_len,
                    open_flags, flags, &n);
    ret->is_err = e != 0;
    if (e)
        ret->val.err = p2fs_code(e);
    else
        ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_filesystem_types_descriptor, n);
}

/* ---- lookups ---------------------------------------------------------- */

static int stat_at(KilnCanonCx *cx, uint32_t self, uint8_t path_flags,
                   const uint8_t *path, uint32_t len, struct stat *st)
{
    KwPath rp;
    int e = p2fs_resolve(p2fs_desc(cx, self), path, len, p2fs_mode(path_flags),
                         false, &rp);
    if (e)
        return e;
    if (fstatat(rp.dir, rp.name, st, AT_SYMLINK_NOFOLLOW) != 0)
        e = errno;
    kw_path_done(&rp);
    return e;
}

void wasi_filesystem_types_descriptor_stat_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t path_flags, const uint8_t *path_ptr,
    uint32_t path_len,
    wasi_filesystem_types_result_descriptor_stat_error_code_t *ret)
{
    struct stat st;
    int e = stat_at(cx, self, path_flags, path_ptr, path_len, &st);
    ret->is_err = e != 0;
    if (e)
        ret->val.err = p2fs_code(e);
    else
        p2fs_stat(&st, &ret->val.ok);
}

void wasi_filesystem_types_descriptor_metadata_hash_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t path_flags, const uint8_t *path_ptr,
    uint32_t path_len,
    wasi_filesystem_types_result_metadata_hash_value_error_code_t *ret)
{
    struct stat st;
    int e = stat_at(cx, self, path_flags, path_ptr, path_len, &st);
    ret->is_err = e != 0;
    if (e)
        ret->val.err = p2fs_code(e);
    else
        p2fs_hash(&st, &ret->val.ok);
}

/* Absolute link contents answer not-permitted (types.wit readlink-at): the
 * guest could not use them anyway. */
void wasi_filesystem_types_descriptor_readlink_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *path_ptr, uint32_t path_len,
    wasi_filesystem_types_result_string_error_code_t *ret)
{
    KwPath rp;
    char buf[PATH_MAX];
    ssize_t n = -1;
    int e = p2fs_resolve(p2fs_desc(cx, self), path_ptr, path_len,
                         KW_RES_LOOKUP, false, &rp);
    if (!e) {
        n = readlinkat(rp.dir, rp.name, buf, sizeof buf);
        e = n < 0 ? errno : (size_t)n >= sizeof buf ? ENAMETOOLONG : 0;
        kw_path_done(&rp);
    }
    if (!e && n > 0 && buf[0] == '/')
        e = EPERM;
    if (!e && !p2fs_utf8(buf, (size_t)n))
        e = EILSEQ;
    if (e) {
        ret->is_err = true;
        ret->val.err = p2fs_code(e);
        return;
    }
    uint32_t ptr, len;
    kiln_cx_store_string(cx, buf, (size_t)n, &ptr, &len);
    ret->is_err = false;
    ret->val.ok.ptr = ptr;
    ret->val.ok.len = len;
}

/* ---- changes (need mutate-directory) ---------------------------------- */

void wasi_filesystem_types_descriptor_set_times_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t path_flags, const uint8_t *path_ptr,
    uint32_t path_len,
    const wasi_filesystem_types_new_timestamp_t *data_access_timestamp,
    const wasi_filesystem_types_new_timestamp_t *data_modification_timestamp,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    struct timespec ts[2];
    int e = p2fs_timespec(data_access_timestamp, &ts[0]);
    if (!e)
        e = p2fs_timespec(data_modification_timestamp, &ts[1]);
    KwPath rp;
    if (!e && !(e = p2fs_resolve(p2fs_desc(cx, self), path_ptr, path_len,
                                 p2fs_mode(path_flags), true, &rp))) {
        if (utimensat(rp.dir, rp.name, ts, AT_SYMLINK_NOFOLLOW) != 0)
            e = errno;
        kw_path_done(&rp);
    }
    void_result(ret, e);
}

/* One path beneath `self` for an entry operation (mkdir, rmdir, unlink). */
static int entry_op(KilnCanonCx *cx, uint32_t self, const uint8_t *path,
                    uint32_t len, int (*op)(const KwPath *))
{
    KwPath rp;
    int e = p2fs_resolve(p2fs_desc(cx, self), path, len, KW_RES_ENTRY, true,
                         &rp);
    if (e)
        return e;
    e = op(&rp);
    kw_path_done(&rp);
    return e;
}

static int do_mkdir(const KwPath *p)
{
    return mkdirat(p->dir, p->name, 0777) != 0 ? errno : 0;
}

static int do_rmdir(const KwPath *p)
{
    return unlinkat(p->dir, p->name, AT_REMOVEDIR) != 0 ? errno : 0;
}

static int do_unlink(const KwPath *p)
{
    return unlinkat(p->dir, p->name, 0) != 0 ? errno : 0;
}

void wasi_filesystem_types_descriptor_create_directory_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *path_ptr, uint32_t path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    void_result(ret, entry_op(cx, self, path_ptr, path_len, do_mkdir));
}

void wasi_filesystem_types_descriptor_remove_directory_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *path_ptr, uint32_t path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    void_result(ret, entry_op(cx, self, path_ptr, path_len, do_rmdir));
}

void wasi_filesystem_types_descriptor_unlink_file_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *path_ptr, uint32_t path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    void_result(ret, entry_op(cx, self, path_ptr, path_len, do_unlink));
}

/* Two paths, each beneath its own descriptor (link-at, rename-at). */
static int two_paths(KilnCanonCx *cx, uint32_t a, const uint8_t *pa,
                     uint32_t la, KwResolve ma, uint32_t b,
                     const uint8_t *pb, uint32_t lb, bool link)
{
    KwPath o, n;
    int e = p2fs_resolve(p2fs_desc(cx, a), pa, la, ma, true, &o);
    if (e)
        return e;
    if ((e = p2fs_resolve(p2fs_desc(cx, b), pb, lb, KW_RES_ENTRY, true, &n))) {
        kw_path_done(&o);
        return e;
    }
    int r = link ? linkat(o.dir, o.name, n.dir, n.name, 0)
                 : renameat(o.dir, o.name, n.dir, n.name);
    e = r != 0 ? errno : 0;
    kw_path_done(&o);
    kw_path_done(&n);
    return e;
}

void wasi_filesystem_types_descriptor_link_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t old_path_flags,
    const uint8_t *old_path_ptr, uint32_t old_path_len,
    wasi_filesystem_types_descriptor_t new_descriptor,
    const uint8_t *new_path_ptr, uint32_t new_path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    void_result(ret, two_paths(cx, self, old_path_ptr, old_path_len,
                               p2fs_mode(old_path_flags), new_descriptor,
                               new_path_ptr, new_path_len, true));
}

void wasi_filesystem_types_descriptor_rename_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *old_path_ptr, uint32_t old_path_len,
    wasi_filesystem_types_descriptor_t new_descriptor,
    const uint8_t *new_path_ptr, uint32_t new_path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    void_result(ret, two_paths(cx, self, old_path_ptr, old_path_len,
                               KW_RES_ENTRY, new_descriptor, new_path_ptr,
                               new_path_len, false));
}

/* The link text is stored as given; only absolute targets are refused
 * (types.wit symlink-at), since resolution never follows a link outside
 * the directory anyway. */
void wasi_filesystem_types_descriptor_symlink_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *old_path_ptr, uint32_t old_path_len,
    const uint8_t *new_path_ptr, uint32_t new_path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    int e = 0;
    if (memchr(old_path_ptr, 0, old_path_len))
        e = EINVAL;
    else if (old_path_len > 0 && old_path_ptr[0] == '/')
        e = EPERM;
    char *target = e ? NULL : strndup((const char *)old_path_ptr, old_path_len);
    if (!e && !target)
        e = ENOMEM;
    KwPath rp;
    if (!e && !(e = p2fs_resolve(p2fs_desc(cx, self), new_path_ptr,
                                 new_path_len, KW_RES_ENTRY, true, &rp))) {
        if (!(e = kw_symlink_slash(&rp)) &&
            symlinkat(target, rp.dir, rp.name) != 0)
            e = errno;
        kw_path_done(&rp);
    }
    free(target);
    void_result(ret, e);
}
