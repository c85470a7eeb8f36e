/* filesystem.c: the state of wasi:filesystem (WASI 0.2), preopens and the
 * pieces every descriptor method shares.
 *
 * wasi:filesystem/preopens.get-directories hands out each preopened
 * directory (KilnWasiConfig.preopens, opened once by p2_fs_init) as a new
 * own<descriptor> over a duplicate of its host descriptor, so the guest
 * may drop and ask again.  Also here: the error-code enum (wit
 * filesystem/types.wit, in its order) from host errno, descriptor-stat,
 * metadata-hash-value, new-timestamp, filesystem-error-code and the
 * resource destructors.
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "filesystem_internal.h"

/* ---- host state ------------------------------------------------------- */

bool p2_fs_init(P2Host *h, const KilnWasiConfig *cfg, char *err, size_t errlen)
{
    P2Fs *fs = calloc(1, sizeof *fs);
    int n = cfg && cfg->npreopens > 0 ? cfg->npreopens : 0;
    if (!fs || (n && !(fs->pre = calloc((size_t)n, sizeof *fs->pre)))) {
        free(fs);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    h->fs = fs;
    for (int i = 0; i < n; i++) {
        const KilnPreopen *p = &cfg->preopens[i];
        int fd = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
            snprintf(err, errlen, "cannot open directory `%s`: %s",
                     p->host_path, strerror(errno));
            p2_fs_fini(h);
            return false;
        }
        fs->pre[i].fd = fd;
        fs->n = i + 1;
        const char *guest = p->guest_path ? p->guest_path : p->host_path;
        if (!(fs->pre[i].guest = strdup(guest))) {
            snprintf(err, errlen, "out of memory");
            p2_fs_fini(h);
            return false;
        }
    }
    return true;
}

void p2_fs_fini(P2Host *h)
{
    P2Fs *fs = h->fs;
    if (!fs)
        return;
    for (int i = 0; i < fs->n; i++) {
        close(fs->pre[i].fd);
        free(fs->pre[i].guest);
    }
    free(fs->pre);
    free(fs);
    h->fs = NULL;
}

/* ---- descriptors ------------------------------------------------------ */

P2Desc *p2fs_desc_new(int fd, uint8_t type, uint8_t flags)
{
    P2Desc *d = malloc(sizeof *d);
    if (!d) {
        close(fd);
        return NULL;
    }
    *d = (P2Desc){.fd = fd, .type = type, .flags = flags};
    return d;
}

P2Desc *p2fs_desc(KilnCanonCx *cx, uint32_t handle)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_filesystem_types_descriptor, handle);
}

void wasi_filesystem_types_descriptor_drop(struct KilnComponentInst *ci,
                                           void *rep)
{
    (void)ci;
    P2Desc *d = rep;
    close(d->fd);
    free(d);
}

typedef wasi_filesystem_preopens_tuple2_wasi_filesystem_types_own_descriptor_string_t
    P2PreopenEntry;

/* The list is allocated first and each element's string after it, as the
 * Canonical ABI lowers a list (the preview1 adapter's import allocator
 * relies on that order); every allocation may re-enter the guest, so each
 * element is written through a fresh pointer. */
void wasi_filesystem_preopens_get_directories(
    struct KilnCanonCx *cx,
    wasi_filesystem_preopens_list_tuple2_wasi_filesystem_types_own_descriptor_string_t *ret)
{
    P2Fs *fs = p2_host(cx)->fs;
    int n = fs ? fs->n : 0;
    struct { P2Desc *d; const char *guest; } *g = calloc(n ? (size_t)n : 1,
                                                         sizeof *g);
    if (!g)
        kiln_cm_trap("out of memory");
    int k = 0;
    for (int i = 0; i < n; i++) {
        int fd = fcntl(fs->pre[i].fd, F_DUPFD_CLOEXEC, 0);
        /* out of descriptors: that directory is not granted this time */
        if (fd >= 0 && (g[k].d = p2fs_desc_new(fd, P2FS_DIR,
                                               P2FS_READ | P2FS_MUTATE)))
            g[k++].guest = fs->pre[i].guest;
    }
    uint32_t list = kiln_cx_alloc(cx, (uint32_t)k * sizeof(P2PreopenEntry), 4);
    for (int i = 0; i < k; i++) {
        P2PreopenEntry e;
        e.f0 = kiln_cx_new_own(cx, KILN_HR_wasi_filesystem_types_descriptor,
                               g[i].d);
        kiln_cx_store_string(cx, g[i].guest, strlen(g[i].guest), &e.f1.ptr,
                             &e.f1.len);
        uint32_t at = list + (uint32_t)i * sizeof e;
        memcpy(kiln_cx_ptr(cx, at, sizeof e), &e, sizeof e);
    }
    free(g);
    ret->ptr = list;
    ret->len = (uint32_t)k;
}

/* ---- values ----------------------------------------------------------- */

static const struct { int host; uint8_t code; } code_map[] = {
    {EACCES, WASI_FILESYSTEM_TYPES_ERROR_CODE_ACCESS},
    {EAGAIN, WASI_FILESYSTEM_TYPES_ERROR_CODE_WOULD_BLOCK},
    {EWOULDBLOCK, WASI_FILESYSTEM_TYPES_ERROR_CODE_WOULD_BLOCK},
    {EALREADY, WASI_FILESYSTEM_TYPES_ERROR_CODE_ALREADY},
    {EBADF, WASI_FILESYSTEM_TYPES_ERROR_CODE_BAD_DESCRIPTOR},
    {EBUSY, WASI_FILESYSTEM_TYPES_ERROR_CODE_BUSY},
    {EDEADLK, WASI_FILESYSTEM_TYPES_ERROR_CODE_DEADLOCK},
    {EDQUOT, WASI_FILESYSTEM_TYPES_ERROR_CODE_QUOTA},
    {EEXIST, WASI_FILESYSTEM_TYPES_ERROR_CODE_EXIST},
    {EFBIG, WASI_FILESYSTEM_TYPES_ERROR_CODE_FILE_TOO_LARGE},
    {EILSEQ, WASI_FILESYSTEM_TYPES_ERROR_CODE_ILLEGAL_BYTE_SEQUENCE},
    {EINPROGRESS, WASI_FILESYSTEM_TYPES_ERROR_CODE_IN_PROGRESS},
    {EINTR, WASI_FILESYSTEM_TYPES_ERROR_CODE_INTERRUPTED},
    {EINVAL, WASI_FILESYSTEM_TYPES_ERROR_CODE_INVALID},
    {EIO, WASI_FILESYSTEM_TYPES_ERROR_CODE_IO},
    {EISDIR, WASI_FILESYSTEM_TYPES_ERROR_CODE_IS_DIRECTORY},
    {ELOOP, WASI_FILESYSTEM_TYPES_ERROR_CODE_LOOP},
    {EMLINK, WASI_FILESYSTEM_TYPES_ERROR_CODE_TOO_MANY_LINKS},
    {EMSGSIZE, WASI_FILESYSTEM_TYPES_ERROR_CODE_MESSAGE_SIZE},
    {ENAMETOOLONG, WASI_FILESYSTEM_TYPES_ERROR_CODE_NAME_TOO_LONG},
    {ENODEV, WASI_FILESYSTEM_TYPES_ERROR_CODE_NO_DEVICE},
    {ENOENT, WASI_FILESYSTEM_TYPES_ERROR_CODE_NO_ENTRY},
    {ENOLCK, WASI_FILESYSTEM_TYPES_ERROR_CODE_NO_LOCK},
    {ENOMEM, WASI_FILESYSTEM_TYPES_ERROR_CODE_INSUFFICIENT_MEMORY},
    {ENOSPC, WASI_FILESYSTEM_TYPES_ERROR_CODE_INSUFFICIENT_SPACE},
    {ENOTDIR, WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_DIRECTORY},
    {ENOTEMPTY, WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_EMPTY},
    {ENOTRECOVERABLE, WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_RECOVERABLE},
    {ENOTSUP, WASI_FILESYSTEM_TYPES_ERROR_CODE_UNSUPPORTED},
    {EOPNOTSUPP, WASI_FILESYSTEM_TYPES_ERROR_CODE_UNSUPPORTED},
    {ENOSYS, WASI_FILESYSTEM_TYPES_ERROR_CODE_UNSUPPORTED},
    {ENOTTY, WASI_FILESYSTEM_TYPES_ERROR_CODE_NO_TTY},
    {ENXIO, WASI_FILESYSTEM_TYPES_ERROR_CODE_NO_SUCH_DEVICE},
    {EOVERFLOW, WASI_FILESYSTEM_TYPES_ERROR_CODE_OVERFLOW},
    {EPERM, WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_PERMITTED},
    {EPIPE, WASI_FILESYSTEM_TYPES_ERROR_CODE_PIPE},
    {EROFS, WASI_FILESYSTEM_TYPES_ERROR_CODE_READ_ONLY},
    {ESPIPE, WASI_FILESYSTEM_TYPES_ERROR_CODE_INVALID_SEEK},
    {ETXTBSY, WASI_FILESYSTEM_TYPES_ERROR_CODE_TEXT_FILE_BUSY},
    {EXDEV, WASI_FILESYSTEM_TYPES_ERROR_CODE_CROSS_DEVICE},
};

uint8_t p2fs_code(int host_errno)
{
    for (size_t i = 0; i < sizeof code_map / sizeof code_map[0]; i++)
        if (code_map[i].host == host_errno)
            return code_map[i].code;
    return WASI_FILESYSTEM_TYPES_ERROR_CODE_IO;
}

uint8_t p2fs_type(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFBLK: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_BLOCK_DEVICE;
    case S_IFCHR: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_CHARACTER_DEVICE;
    case S_IFDIR: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY;
    case S_IFIFO: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_FIFO;
    case S_IFLNK: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SYMBOLIC_LINK;
    case S_IFREG: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE;
    case S_IFSOCK: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SOCKET;
    default: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_UNKNOWN;
    }
}

/* Times before 1970 do not fit `datetime` (unsigned seconds): absent. */
static wasi_filesystem_types_option_wasi_clocks_wall_clock_datetime_t
when(struct timespec ts)
{
    wasi_filesystem_types_option_wasi_clocks_wall_clock_datetime_t o = {0};
    if (ts.tv_sec >= 0) {
        o.is_some = true;
        o.val.seconds = (uint64_t)ts.tv_sec;
        o.val.nanoseconds = (uint32_t)ts.tv_nsec;
    }
    return o;
}

void p2fs_stat(const struct stat *st, wasi_filesystem_types_descriptor_stat_t *out)
{
    memset(out, 0, sizeof *out);
    out->type = p2fs_type(st->st_mode);
    out->link_count = (uint64_t)st->st_nlink;
    out->size = (uint64_t)st->st_size;
    out->data_access_timestamp = when(st->st_atim);
    out->data_modification_timestamp = when(st->st_mtim);
    out->status_change_timestamp = when(st->st_ctim);
}

/* The splitmix64 finalizer: a good 64-bit mixing function. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9u;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebu;
    return x ^ (x >> 31);
}

/* Three Feistel rounds over the 128 bits of (dev, ino): whatever the
 * round function, a Feistel network is invertible, so two objects never
 * share a hash, while the value reveals neither number directly. */
void p2fs_hash(const struct stat *st,
               wasi_filesystem_types_metadata_hash_value_t *out)
{
    uint64_t l = (uint64_t)st->st_dev, r = (uint64_t)st->st_ino;
    l ^= mix(r ^ 0x6b696c6e2d667331u);
    r ^= mix(l ^ 0x6d6574612d686173u);
    l ^= mix(r ^ 0x68207632206b696cu);
    out->lower = l;
    out->upper = r;
}

int p2fs_timespec(const wasi_filesystem_types_new_timestamp_t *t,
                  struct timespec *ts)
{
    switch (t->tag) {
    case WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NO_CHANGE:
        *ts = (struct timespec){.tv_nsec = UTIME_OMIT};
        return 0;
    case WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NOW:
        *ts = (struct timespec){.tv_nsec = UTIME_NOW};
        return 0;
    case WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_TIMESTAMP: {
        const wasi_clocks_wall_clock_datetime_t *v = &t->val.timestamp;
        if (v->nanoseconds >= 1000000000u)
            return EINVAL;
        time_t s = (time_t)v->seconds;
        if (s < 0 || (uint64_t)s != v->seconds)
            return EOVERFLOW;
        *ts = (struct timespec){.tv_sec = s, .tv_nsec = (long)v->nanoseconds};
        return 0;
    }
    default:
        return EINVAL;
    }
}

/* Strict UTF-8 (no overlongs, surrogates or values past U+10FFFF): the
 * only bytes a WIT string may hold. */
bool p2fs_utf8(const char *s, size_t n)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + n;
    while (p < end) {
        uint8_t c = *p++;
        if (c < 0x80)
            continue;
        int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc2 ? 1 : -1;
        if (more < 0 || c > 0xf4 || end - p < more)
            return false;
        uint8_t lo = 0x80, hi = 0xbf; /* range of the second byte */
        if (c == 0xe0)
            lo = 0xa0;
        else if (c == 0xed)
            hi = 0x9f;
        else if (c == 0xf0)
            lo = 0x90;
        else if (c == 0xf4)
            hi = 0x8f;
        if (p[0] < lo || p[0] > hi)
            return false;
        for (int i = 1; i < more; i++)
            if ((p[i] & 0xc0) != 0x80)
                return false;
        p += more;
    }
    return true;
}

/* ---- wasi:io errors --------------------------------------------------- */

/* Stream errors made from a failing host call carry its errno; other
 * errors (closed streams, ...) carry 0 and are not filesystem errors. */
void wasi_filesystem_types_filesystem_error_code(
    struct KilnCanonCx *cx, wasi_io_error_error_t err,
    wasi_filesystem_types_option_error_code_t *ret)
{
    int e = p2_error_errno(kiln_cx_borrow(cx, KILN_HR_wasi_io_error_error, err));
    ret->is_some = e > 0;
    ret->val = e > 0 ? p2fs_code(e) : 0;
}
