/* wasi_p2_fs.c: wasi:filesystem (types, preopens; WASI 0.2
 * filesystem/types.wit) for the embedded profile, over the read-only
 * filesystem of --embed-dir (embedfs.h).  Descriptors and directory
 * streams are small host objects; files are read through `read` or
 * through input streams (`read-via-stream`, served by wasi_p2.c's
 * stream functions via bm_file_stream_read).  Whatever would change the
 * filesystem (open with create/truncate or for writing, write, create,
 * remove, rename, link, set-size, set-times) answers `read-only`, the
 * error-code the WIT gives for a read-only file system (EROFS);
 * `not-permitted` stays for paths that leave their directory.  Stats
 * have no timestamps; metadata hashes are the entry's index.  Functions
 * not implemented here (advise aside) are the generated trapping stubs.
 */
#include <string.h>

#include "embedfs.h"
#include "kiln_cm.h"
#include "wasi_filesystem_preopens.h"
#include "wasi_filesystem_types.h"
#include "wasi_io_streams.h"
#include "wasi_p2.h"
#include "wasi_p2_fs.h"

#define E(x) WASI_FILESYSTEM_TYPES_ERROR_CODE_##x

typedef struct Desc {
    uint32_t entry;
} Desc;

typedef struct DirStream {
    uint32_t dir, next;
} DirStream;

static void *new_obj(size_t size)
{
    void *p = kiln_rt_alloc(size);
    if (!p)
        kiln_cm_trap("wasi:filesystem: out of memory");
    return p;
}

static uint32_t new_desc(KilnCanonCx *cx, uint32_t entry)
{
    Desc *d = new_obj(sizeof *d);
    d->entry = entry;
    return kiln_cx_new_own(cx, KILN_HR_wasi_filesystem_types_descriptor, d);
}

static uint32_t desc(KilnCanonCx *cx, uint32_t handle)
{
    return ((Desc *)kiln_cx_borrow(
                cx, KILN_HR_wasi_filesystem_types_descriptor, handle))
        ->entry;
}

static uint8_t err_code(KfsErr e)
{
    static const uint8_t map[] = {[KFS_ENOENT] = E(NO_ENTRY),
                                  [KFS_ENOTDIR] = E(NOT_DIRECTORY),
                                  [KFS_EPERM] = E(NOT_PERMITTED),
                                  [KFS_EINVAL] = E(INVALID)};
    return map[e];
}

static uint8_t type_of(uint32_t e)
{
    return kfs_kind(e) == KFS_DIR
               ? WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY
               : WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE;
}

/* Resolves path beneath the directory `self`; 0 or an error-code + 1. */
static int resolve(KilnCanonCx *cx, uint32_t self, const uint8_t *path,
                   uint32_t len, uint32_t *out)
{
    uint32_t dir = desc(cx, self);
    if (kfs_kind(dir) != KFS_DIR)
        return E(NOT_DIRECTORY) + 1;
    KfsErr e = kfs_resolve(dir, (const char *)path, len, out);
    return e ? err_code(e) + 1 : 0;
}

void wasi_filesystem_preopens_get_directories(
    struct KilnCanonCx *cx,
    wasi_filesystem_preopens_list_tuple2_wasi_filesystem_types_own_descriptor_string_t *ret)
{
    uint32_t n = kfs_npreopens();
    uint32_t list = kiln_cx_alloc(cx, n * 12, 4);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t len, sptr, slen;
        const char *name = kfs_name(i, &len);
        kiln_cx_store_string(cx, name, len, &sptr, &slen);
        uint32_t h = new_desc(cx, i);
        uint32_t row[3] = {h, sptr, slen};
        memcpy(kiln_cx_ptr(cx, list + 12 * i, 12), row, 12);
    }
    ret->ptr = list;
    ret->len = n;
}

void wasi_filesystem_types_descriptor_drop(struct KilnComponentInst *ci,
                                           void *rep)
{
    kiln_rt_free(rep);
}

void wasi_filesystem_types_directory_entry_stream_drop(
    struct KilnComponentInst *ci, void *rep)
{
    kiln_rt_free(rep);
}

void wasi_filesystem_types_descriptor_get_type(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_descriptor_type_error_code_t *ret)
{
    ret->is_err = false;
    ret->val.ok = type_of(desc(cx, self));
}

void wasi_filesystem_types_descriptor_get_flags(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_descriptor_flags_error_code_t *ret)
{
    desc(cx, self);
    ret->is_err = false;
    ret->val.ok = WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ;
}

static void stat_of(uint32_t e, wasi_filesystem_types_descriptor_stat_t *st)
{
    memset(st, 0, sizeof *st);
    st->type = type_of(e);
    st->link_count = 1;
    st->size = kfs_size(e);
}

void wasi_filesystem_types_descriptor_stat(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_descriptor_stat_error_code_t *ret)
{
    ret->is_err = false;
    stat_of(desc(cx, self), &ret->val.ok);
}

void wasi_filesystem_types_descriptor_stat_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t path_flags, const uint8_t *path_ptr,
    uint32_t path_len,
    wasi_filesystem_types_result_descriptor_stat_error_code_t *ret)
{
    uint32_t e;
    int err = resolve(cx, self, path_ptr, path_len, &e);
    ret->is_err = err != 0;
    if (err)
        ret->val.err = (uint8_t)(err - 1);
    else
        stat_of(e, &ret->val.ok);
}

static void hash_of(uint32_t e,
                    wasi_filesystem_types_result_metadata_hash_value_error_code_t *r)
{
    r->is_err = false;
    r->val.ok.lower = (uint64_t)e + 1;
    r->val.ok.upper = 0x4b465331; /* "KFS1": apart from other devices */
}

void wasi_filesystem_types_descriptor_metadata_hash(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_metadata_hash_value_error_code_t *ret)
{
    hash_of(desc(cx, self), ret);
}

void wasi_filesystem_types_descriptor_metadata_hash_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t path_flags, const uint8_t *path_ptr,
    uint32_t path_len,
    wasi_filesystem_types_result_metadata_hash_value_error_code_t *ret)
{
    uint32_t e;
    int err = resolve(cx, self, path_ptr, path_len, &e);
    if (err) {
        ret->is_err = true;
        ret->val.err = (uint8_t)(err - 1);
        return;
    }
    hash_of(e, ret);
}

void wasi_filesystem_types_descriptor_is_same_object(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_descriptor_t other, bool *ret)
{
    *ret = desc(cx, self) == desc(cx, other);
}

void wasi_filesystem_types_descriptor_open_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t path_flags, const uint8_t *path_ptr,
    uint32_t path_len, wasi_filesystem_types_open_flags_t open_flags,
    wasi_filesystem_types_descriptor_flags_t flags,
    wasi_filesystem_types_result_own_descriptor_error_code_t *ret)
{
    uint32_t e;
    int err = resolve(cx, self, path_ptr, path_len, &e);
    ret->is_err = true;
    if (err == E(NO_ENTRY) + 1 &&
        (open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE))
        ret->val.err = E(READ_ONLY);
    else if (err)
        ret->val.err = (uint8_t)(err - 1);
    else if ((open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE) &&
             (open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_EXCLUSIVE))
        ret->val.err = E(EXIST);
    else if ((open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_DIRECTORY) &&
             kfs_kind(e) != KFS_DIR)
        ret->val.err = E(NOT_DIRECTORY);
    else if ((open_flags & WASI_FILESYSTEM_TYPES_OPEN_FLAGS_TRUNCATE) ||
             (flags & WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_WRITE))
        /* mutate-directory is let through: each mutation is refused */
        ret->val.err = E(READ_ONLY);
    else {
        ret->is_err = false;
        ret->val.ok = new_desc(cx, e);
    }
}

void wasi_filesystem_types_descriptor_read(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t length, uint64_t offset,
    wasi_filesystem_types_result_tuple2_list_u8_bool_error_code_t *ret)
{
    uint32_t e = desc(cx, self);
    if (kfs_kind(e) == KFS_DIR) {
        ret->is_err = true;
        ret->val.err = E(IS_DIRECTORY);
        return;
    }
    uint32_t size = kfs_size(e);
    uint64_t n = offset >= size ? 0 : size - offset;
    if (n > length)
        n = length;
    ret->is_err = false;
    ret->val.ok.f0.ptr =
        kiln_cx_copy_out(cx, kfs_data(e) + (n ? offset : 0), (uint32_t)n, 1);
    ret->val.ok.f0.len = (uint32_t)n;
    ret->val.ok.f1 = offset + n >= size;
}

void wasi_filesystem_types_descriptor_read_via_stream(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t offset,
    wasi_filesystem_types_result_wasi_io_streams_own_input_stream_error_code_t *ret)
{
    uint32_t e = desc(cx, self);
    if (kfs_kind(e) == KFS_DIR) {
        ret->is_err = true;
        ret->val.err = E(IS_DIRECTORY);
        return;
    }
    BmStream *s = new_obj(sizeof *s);
    *s = (BmStream){-1, e, offset};
    ret->is_err = false;
    ret->val.ok =
        kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_input_stream, s);
}

bool bm_file_stream_read(KilnCanonCx *cx, BmStream *s, uint64_t len,
                         wasi_io_streams_result_list_u8_stream_error_t *ret)
{
    uint32_t size = kfs_size(s->entry);
    if (s->pos >= size)
        return false; /* end of file: closed */
    uint64_t n = size - s->pos < len ? size - s->pos : len;
    ret->is_err = false;
    ret->val.ok.ptr =
        kiln_cx_copy_out(cx, kfs_data(s->entry) + s->pos, (uint32_t)n, 1);
    ret->val.ok.len = (uint32_t)n;
    s->pos += n;
    return true;
}

void wasi_filesystem_types_descriptor_read_directory(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_own_directory_entry_stream_error_code_t *ret)
{
    uint32_t e = desc(cx, self);
    if (kfs_kind(e) != KFS_DIR) {
        ret->is_err = true;
        ret->val.err = E(NOT_DIRECTORY);
        return;
    }
    DirStream *d = new_obj(sizeof *d);
    *d = (DirStream){e, 0};
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(
        cx, KILN_HR_wasi_filesystem_types_directory_entry_stream, d);
}

/* types.wit: the entries other than "." and "..". */
void wasi_filesystem_types_directory_entry_stream_read_directory_entry(
    struct KilnCanonCx *cx,
    wasi_filesystem_types_directory_entry_stream_t self,
    wasi_filesystem_types_result_option_directory_entry_error_code_t *ret)
{
    DirStream *d = kiln_cx_borrow(
        cx, KILN_HR_wasi_filesystem_types_directory_entry_stream, self);
    ret->is_err = false;
    ret->val.ok.is_some = d->next < kfs_nchildren(d->dir);
    if (!ret->val.ok.is_some)
        return;
    uint32_t c = kfs_child(d->dir, d->next++), len;
    const char *name = kfs_name(c, &len);
    ret->val.ok.val.type = type_of(c);
    kiln_cx_store_string(cx, name, len, &ret->val.ok.val.name.ptr,
                         &ret->val.ok.val.name.len);
}

/* ---- what would change the filesystem: read-only ---- */

static void read_only(KilnCanonCx *cx, uint32_t self,
                      wasi_filesystem_types_result_void_error_code_t *ret)
{
    desc(cx, self);
    ret->is_err = true;
    ret->val.err = E(READ_ONLY);
}

void wasi_filesystem_types_descriptor_write_via_stream(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t offset,
    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t *ret)
{
    desc(cx, self);
    ret->is_err = true;
    ret->val.err = E(READ_ONLY);
}

void wasi_filesystem_types_descriptor_append_via_stream(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t *ret)
{
    wasi_filesystem_types_descriptor_write_via_stream(cx, self, 0, ret);
}

void wasi_filesystem_types_descriptor_write(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *buffer_ptr, uint32_t buffer_len, uint64_t offset,
    wasi_filesystem_types_result_u64_error_code_t *ret)
{
    desc(cx, self);
    ret->is_err = true;
    ret->val.err = E(READ_ONLY);
}

void wasi_filesystem_types_descriptor_set_size(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t size, wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

void wasi_filesystem_types_descriptor_set_times(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const wasi_filesystem_types_new_timestamp_t *data_access_timestamp,
    const wasi_filesystem_types_new_timestamp_t *data_modification_timestamp,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

void wasi_filesystem_types_descriptor_set_times_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t path_flags, const uint8_t *path_ptr,
    uint32_t path_len,
    const wasi_filesystem_types_new_timestamp_t *data_access_timestamp,
    const wasi_filesystem_types_new_timestamp_t *data_modification_timestamp,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

void wasi_filesystem_types_descriptor_create_directory_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *path_ptr, uint32_t path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

void wasi_filesystem_types_descriptor_link_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_path_flags_t old_path_flags,
    const uint8_t *old_path_ptr, uint32_t old_path_len,
    wasi_filesystem_types_descriptor_t new_descriptor,
    const uint8_t *new_path_ptr, uint32_t new_path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

void wasi_filesystem_types_descriptor_remove_directory_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *path_ptr, uint32_t path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

void wasi_filesystem_types_descriptor_rename_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *old_path_ptr, uint32_t old_path_len,
    wasi_filesystem_types_descriptor_t new_descriptor,
    const uint8_t *new_path_ptr, uint32_t new_path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

void wasi_filesystem_types_descriptor_symlink_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *old_path_ptr, uint32_t old_path_len,
    const uint8_t *new_path_ptr, uint32_t new_path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

void wasi_filesystem_types_descriptor_unlink_file_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *path_ptr, uint32_t path_len,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    read_only(cx, self, ret);
}

/* Nothing is buffered: syncing and advice succeed. */
void wasi_filesystem_types_descriptor_sync(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    desc(cx, self);
    ret->is_err = false;
}

void wasi_filesystem_types_descriptor_sync_data(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    wasi_filesystem_types_descriptor_sync(cx, self, ret);
}

void wasi_filesystem_types_descriptor_advise(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    uint64_t offset, uint64_t length, wasi_filesystem_types_advice_t advice,
    wasi_filesystem_types_result_void_error_code_t *ret)
{
    wasi_filesystem_types_descriptor_sync(cx, self, ret);
}

void wasi_filesystem_types_descriptor_readlink_at(
    struct KilnCanonCx *cx, wasi_filesystem_types_descriptor_t self,
    const uint8_t *path_ptr, uint32_t path_len,
    wasi_filesystem_types_result_string_error_code_t *ret)
{
    uint32_t e;
    int err = resolve(cx, self, path_ptr, path_len, &e);
    ret->is_err = true;
    ret->val.err = err ? (uint8_t)(err - 1) : E(INVALID); /* no symlinks */
}

/* The embedded streams fail only by closing: no error resources. */
void wasi_filesystem_types_filesystem_error_code(
    struct KilnCanonCx *cx, wasi_io_error_error_t err,
    wasi_filesystem_types_option_error_code_t *ret)
{
    ret->is_some = false;
}
