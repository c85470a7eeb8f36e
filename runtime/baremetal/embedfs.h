/* embedfs.h: the read-only filesystem of `kiln build --embed-dir`
 * (DESIGN.md "Profiles": bare metal has no filesystem unless one is
 * embedded in the image), shared by the embedded WASI hosts (wasi_p1.c,
 * wasi_p2_fs.c).  The driver (compiler/driver/embed_dir.c) packs the host
 * directories into one constant object, `kiln_embedded_fs`, linked into
 * flash; without --embed-dir the symbol is absent (weak) and there are no
 * preopens.
 *
 * Image format "KFS1" (docs/architecture.md "Embedded filesystem"); every
 * field a little-endian u32, offsets from the start of the image, the
 * image 8-byte aligned:
 *   header  magic "KFS1", total size, nentries, npreopens, 0, 0
 *   entries nentries x {name_off, name_len, kind, parent, a, b}
 *           kind 3 directory (a: first child, b: number of children,
 *           children contiguous and sorted by name), kind 4 regular file
 *           (a: data offset, 8-byte aligned, b: size); entries 0 to
 *           npreopens - 1 are the preopened directories, named by their
 *           guest path, their own parent.
 *   names and file data follow.
 */
#ifndef KILN_EMBEDFS_H
#define KILN_EMBEDFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { KFS_DIR = 3, KFS_FILE = 4 };

/* Errors, answered as the host's own codes by each WASI host. */
typedef enum KfsErr {
    KFS_OK = 0,
    KFS_ENOENT,  /* no such entry */
    KFS_ENOTDIR, /* a path component is a file */
    KFS_EPERM,   /* absolute path or `..` above the starting directory */
    KFS_EINVAL,  /* NUL byte in the path */
} KfsErr;

/* Number of entries (0: no image) and of preopens. */
uint32_t kfs_count(void);
uint32_t kfs_npreopens(void);
uint32_t kfs_kind(uint32_t e);
/* The entry's name (not NUL-terminated; a preopen's is its guest path). */
const char *kfs_name(uint32_t e, uint32_t *len);
/* Directories: the children; files: contents and size. */
uint32_t kfs_nchildren(uint32_t e);
uint32_t kfs_child(uint32_t e, uint32_t i);
uint32_t kfs_size(uint32_t e);
const uint8_t *kfs_data(uint32_t e);
/* Copies up to n bytes of file e from offset off; returns the count. */
size_t kfs_read(uint32_t e, uint64_t off, void *buf, size_t n);

/* Resolves `path` (len bytes) beneath directory `dir`, never leaving it:
 * absolute paths and `..` above `dir` are KFS_EPERM.  A trailing '/'
 * needs a directory.  There are no symlinks. */
KfsErr kfs_resolve(uint32_t dir, const char *path, size_t len,
                   uint32_t *out);

#endif
