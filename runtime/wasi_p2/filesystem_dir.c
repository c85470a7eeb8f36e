/* filesystem_dir.c: directory streams of wasi:filesystem (WASI 0.2,
 * wit/filesystem/types.wit): descriptor.read-directory and
 * directory-entry-stream.read-directory-entry.
 *
 * A stream reads its own open of the directory ("." reopened beneath the
 * descriptor), so it starts at the first entry whatever the descriptor
 * did before, and outlives the descriptor handle.  `.` and `..` are left
 * out, as the WIT says; an entry whose type the host does not report in
 * d_type is looked at with fstatat, without following links.
 */
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filesystem_internal.h"

typedef struct P2DirStream {
    DIR *dir;
} P2DirStream;

void wasi_filesystem_types_directory_entry_stream_drop(
    struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    P2DirStream *s = rep;
    closedir(s->dir);
    free(s);
}

static int open_stream(const P2Desc *d, P2DirStream **out)
{
    if (d->type != P2FS_DIR)
        return ENOTDIR;
    if (!(d->flags & P2FS_READ))
        return EPERM;
    int fd = openat(d->fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    P2DirStream *s = malloc(sizeof *s);
    DIR *dir = s ? fdopendir(fd) : NULL;
    if (!dir) {
        int e = s ? errno : ENOMEM;
        free(s);
        close(fd);
        return e;
    }
    s->dir = dir;
    *out = s;
    return 0;
}

void wasi_filesystem_types_descriptor_read_directory(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_own_directory_entry_stream_error_code_t *ret)
{
    P2DirStream *s = NULL;
    int e = open_stream(p2fs_desc(cx, self), &s);
    ret->is_err = e != 0;
    if (e)
        ret->val.err = p2fs_code(e);
    else
        ret->val.ok = kiln_cx_new_own(
            cx, KILN_HR_wasi_filesystem_types_directory_entry_stream, s);
}

static uint8_t entry_type(DIR *dir, const struct dirent *ent)
{
    switch (ent->d_type) {
    case DT_BLK: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_BLOCK_DEVICE;
    case DT_CHR: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_CHARACTER_DEVICE;
    case DT_DIR: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY;
    case DT_FIFO: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_FIFO;
    case DT_LNK: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SYMBOLIC_LINK;
    case DT_REG: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE;
    case DT_SOCK: return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_SOCKET;
    default: break;
    }
    struct stat st;
    if (fstatat(dirfd(dir), ent->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_UNKNOWN;
    return p2fs_type(st.st_mode);
}

/* The next entry other than `.` and `..`; NULL with *err at the end (0)
 * or on a failure. */
static struct dirent *next_entry(DIR *dir, int *err)
{
    for (;;) {
        errno = 0;
        struct dirent *ent = readdir(dir);
        if (!ent) {
            *err = errno;
            return NULL;
        }
        if (strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0)
            return ent;
    }
}

void wasi_filesystem_types_directory_entry_stream_read_directory_entry(
    struct KilnCanonCx *cx, wasi_filesystem_types_directory_entry_stream_t self,
    wasi_filesystem_types_result_option_directory_entry_error_code_t *ret)
{
    P2DirStream *s = kiln_cx_borrow(
        cx, KILN_HR_wasi_filesystem_types_directory_entry_stream, self);
    int e = 0;
    struct dirent *ent = next_entry(s->dir, &e);
    if (ent && !p2fs_utf8(ent->d_name, strlen(ent->d_name)))
        e = EILSEQ;
    if (e) {
        ret->is_err = true;
        ret->val.err = p2fs_code(e);
        return;
    }
    wasi_filesystem_types_option_directory_entry_t o = {0};
    if (ent) {
        o.is_some = true;
        o.val.type = entry_type(s->dir, ent);
        kiln_cx_store_string(cx, ent->d_name, strlen(ent->d_name),
                             &o.val.name.ptr, &o.val.name.len);
    }
    ret->is_err = false;
    ret->val.ok = o;
}
