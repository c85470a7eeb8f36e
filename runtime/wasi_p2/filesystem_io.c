/* filesystem_io.c: wasi:filesystem/types descriptor methods on the open
 * object itself (WASI 0.2, wit/filesystem/types.wit): the three stream
 * constructors, advise, sync-data, sync, get-flags, get-type, set-size,
 * set-times, read, write, stat, is-same-object and metadata-hash.
 *
 * Streams get their own duplicate of the host descriptor, so they outlive
 * the descriptor handle if the guest drops it first.  On files, reads and
 * writes at an offset use pread/pwrite and never move a shared file
 * position, and an append stream writes through a fresh O_APPEND open of
 * the same file (a dup would share the descriptor's open file
 * description, and O_APPEND on it would turn every pwrite into an append
 * on Linux).  FIFOs, character devices and sockets have no offsets: their
 * streams read and write in order.
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filesystem_internal.h"

/* One read result holds at most this much: `read` may return fewer bytes
 * than asked, and the guest's allocator need not take a huge request. */
#define P2FS_READ_MAX (16u << 20)

static void void_result(wasi_filesystem_types_result_void_error_code_t *ret,
                        int e)
{
    ret->is_err = e != 0;
    ret->val.err = e ? p2fs_code(e) : 0;
}

/* A file's data calls need `right` and a non-directory. */
static int data_check(const P2Desc *d, uint8_t right)
{
    if (d->type == P2FS_DIR || !(d->flags & right))
        return EBADF;
    return 0;
}

/* Objects with file offsets (pread/pwrite). */
static bool seekable(const P2Desc *d)
{
    return d->type == WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE ||
           d->type == WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_BLOCK_DEVICE;
}

static int dup_fd(int fd)
{
    int n = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    return n < 0 ? -errno : n;
}

void wasi_filesystem_types_descriptor_read_via_stream(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t offset,
    wasi_filesystem_types_result_wasi_io_streams_own_input_stream_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    int e = data_check(d, P2FS_READ), fd = -1;
    if (!e && (fd = dup_fd(d->fd)) < 0)
        e = -fd;
    void *s = e ? NULL : p2_input_stream_fd(fd, seekable(d), offset, true);
    if (!e && !s) {
        close(fd);
        e = ENOMEM;
    }
    ret->is_err = e != 0;
    if (e)
        ret->val.err = p2fs_code(e);
    else
        ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_input_stream, s);
}

static void output_result(
    struct KilnCanonCx *cx, int e, void *s,
    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t *ret)
{
    ret->is_err = e != 0;
    if (e)
        ret->val.err = p2fs_code(e);
    else
        ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_output_stream, s);
}

void wasi_filesystem_types_descriptor_write_via_stream(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t offset,
    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    int e = data_check(d, P2FS_WRITE), fd = -1;
    if (!e && (fd = dup_fd(d->fd)) < 0)
        e = -fd;
    void *s = e ? NULL : p2_output_stream_fd(fd, seekable(d), offset, false,
                                             true);
    if (!e && !s) {
        close(fd);
        e = ENOMEM;
    }
    output_result(cx, e, s, ret);
}

/* A new open file description in append mode: through /proc where it is
 * mounted, else a duplicate given O_APPEND (then the descriptor's own
 * positional writes append too, which only matters to a guest mixing
 * both on one file). */
static int append_fd(int fd)
{
    char p[64];
    snprintf(p, sizeof p, "/proc/self/fd/%d", fd);
    int n = open(p, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
    struct stat a, b;
    if (n >= 0 && fstat(n, &a) == 0 && fstat(fd, &b) == 0 &&
        a.st_dev == b.st_dev && a.st_ino == b.st_ino)
        return n;
    if (n >= 0)
        close(n);
    if ((n = dup_fd(fd)) < 0)
        return n;
    int fl = fcntl(n, F_GETFL);
    if (fl < 0 || fcntl(n, F_SETFL, fl | O_APPEND) < 0) {
        int e = errno;
        close(n);
        return -e;
    }
    return n;
}

void wasi_filesystem_types_descriptor_append_via_stream(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    int e = data_check(d, P2FS_WRITE), fd = -1;
    if (!e && (fd = seekable(d) ? append_fd(d->fd) : dup_fd(d->fd)) < 0)
        e = -fd;
    void *s = e ? NULL : p2_output_stream_fd(fd, false, 0, true, true);
    if (!e && !s) {
        close(fd);
        e = ENOMEM;
    }
    output_result(cx, e, s, ret);
}

static int host_advice(uint8_t advice)
{
    switch (advice) {
    case WASI_FILESYSTEM_TYPES_ADVICE_SEQUENTIAL: return POSIX_FADV_SEQUENTIAL;
    case WASI_FILESYSTEM_TYPES_ADVICE_RANDOM: return POSIX_FADV_RANDOM;
    case WASI_FILESYSTEM_TYPES_ADVICE_WILL_NEED: return POSIX_FADV_WILLNEED;
    case WASI_FILESYSTEM_TYPES_ADVICE_DONT_NEED: return POSIX_FADV_DONTNEED;
    case WASI_FILESYSTEM_TYPES_ADVICE_NO_REUSE: return POSIX_FADV_NOREUSE;
    default: return POSIX_FADV_NORMAL;
    }
}

void wasi_filesystem_types_descriptor_advise(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t offset, uint64_t length, wasi_filesystem_types_advice_t advice,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    int e = d->type == P2FS_DIR ? EBADF : 0;
    if (!e && (offset > INT64_MAX || length > INT64_MAX))
        e = EINVAL;
    if (!e)
        e = posix_fadvise(d->fd, (off_t)offset, (off_t)length,
                          host_advice(advice));
    /* Only a hint: files that take none (pipes) are fine. */
    void_result(ret, e == ESPIPE ? 0 : e);
}

void wasi_filesystem_types_descriptor_sync_data(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    void_result(ret, fdatasync(d->fd) != 0 ? errno : 0);
}

void wasi_filesystem_types_descriptor_sync(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    void_result(ret, fsync(d->fd) != 0 ? errno : 0);
}

void wasi_filesystem_types_descriptor_get_flags(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_descriptor_flags_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    ret->is_err = false;
    ret->val.ok = d->flags;
}

void wasi_filesystem_types_descriptor_get_type(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_descriptor_type_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    ret->is_err = false;
    ret->val.ok = d->type;
}

void wasi_filesystem_types_descriptor_set_size(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t size, wasi_filesystem_types_result_void_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    int e = d->type == P2FS_DIR ? EBADF : (d->flags & P2FS_WRITE) ? 0 : EPERM;
    if (!e && size > INT64_MAX)
        e = EFBIG;
    if (!e && ftruncate(d->fd, (off_t)size) != 0)
        e = errno;
    void_result(ret, e);
}

/* Times are metadata, not data: a file without `write` answers
 * not-permitted (as set-size), a directory without mutate-directory
 * read-only (the WIT's rule for mutate-directory). */
void wasi_filesystem_types_descriptor_set_times(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const wasi_filesystem_types_new_timestamp_t *data_access_timestamp,
    const wasi_filesystem_types_new_timestamp_t *data_modification_timestamp,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    int e = 0;
    if (d->type == P2FS_DIR ? !(d->flags & P2FS_MUTATE) : !(d->flags & P2FS_WRITE))
        e = d->type == P2FS_DIR ? EROFS : EPERM;
    struct timespec ts[2];
    if (!e)
        e = p2fs_timespec(data_access_timestamp, &ts[0]);
    if (!e)
        e = p2fs_timespec(data_modification_timestamp, &ts[1]);
    if (!e && futimens(d->fd, ts) != 0)
        e = errno;
    void_result(ret, e);
}

void wasi_filesystem_types_descriptor_read(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t length, uint64_t offset,
    wasi_filesystem_types_result_tuple2_list_u8_bool_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    int e = data_check(d, P2FS_READ);
    if (!e && offset > INT64_MAX)
        e = EINVAL;
    size_t want = length < P2FS_READ_MAX ? (size_t)length : P2FS_READ_MAX;
    uint8_t *buf = e ? NULL : malloc(want ? want : 1);
    if (!e && !buf)
        e = ENOMEM;
    ssize_t n = 0;
    while (!e && (n = pread(d->fd, buf, want, (off_t)offset)) < 0 &&
           errno == EINTR)
        ;
    if (!e && n < 0)
        e = errno;
    if (e) {
        free(buf);
        ret->is_err = true;
        ret->val.err = p2fs_code(e);
        return;
    }
    uint32_t at = kiln_cx_copy_out(cx, buf, (uint32_t)n, 1);
    free(buf);
    ret->is_err = false;
    ret->val.ok.f0.ptr = at;
    ret->val.ok.f0.len = (uint32_t)n;
    /* A short read of a file means its end; asking for nothing does not. */
    ret->val.ok.f1 = want > 0 && (size_t)n < want;
}

void wasi_filesystem_types_descriptor_write(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *buffer_ptr, uint32_t buffer_len, uint64_t offset,
    wasi_filesystem_types_result_u64_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    int e = data_check(d, P2FS_WRITE);
    if (!e && offset > INT64_MAX)
        e = EFBIG;
    ssize_t n = 0;
    while (!e && (n = pwrite(d->fd, buffer_ptr, buffer_len, (off_t)offset)) < 0 &&
           errno == EINTR)
        ;
    if (!e && n < 0)
        e = errno;
    ret->is_err = e != 0;
    if (e)
        ret->val.err = p2fs_code(e);
    else
        ret->val.ok = (uint64_t)n;
}

void wasi_filesystem_types_descriptor_stat(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_descriptor_stat_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    struct stat st;
    if (fstat(d->fd, &st) != 0) {
        ret->is_err = true;
        ret->val.err = p2fs_code(errno);
        return;
    }
    ret->is_err = false;
    p2fs_stat(&st, &ret->val.ok);
}

void wasi_filesystem_types_descriptor_is_same_object(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_descriptor_t other, bool *ret)
{
    P2Desc *a = p2fs_desc(cx, self), *b = p2fs_desc(cx, other);
    struct stat sa, sb;
    *ret = fstat(a->fd, &sa) == 0 && fstat(b->fd, &sb) == 0 &&
           sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void wasi_filesystem_types_descriptor_metadata_hash(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_metadata_hash_value_error_code_t *ret)
{
    P2Desc *d = p2fs_desc(cx, self);
    struct stat st;
    if (fstat(d->fd, &st) != 0) {
        ret->is_err = true;
        ret->val.err = p2fs_code(errno);
        return;
    }
    ret->is_err = false;
    p2fs_hash(&st, &ret->val.ok);
}
