/* filesystem_internal.h: what the parts of the wasi:filesystem host share
 * (prefix p2fs_).  wasi:filesystem/types and /preopens of WASI 0.2
 * (wit/filesystem/types.wit, preopens.wit): descriptors are host file
 * descriptors plus the descriptor-flags that gate what the guest may do
 * with them; every path goes through kw_resolve_at (runtime/wasi_p1/
 * kw_resolve.h), which keeps it beneath its directory.
 *
 * Rights follow the WIT's descriptor-flags:
 *  - a directory's `read` and `mutate-directory` are inherited from the
 *    directory it was opened through (preopens have both), never more;
 *    without `mutate-directory`, anything that would create, remove,
 *    rename or modify fails with `read-only`, as open-at does for `write`,
 *    `mutate-directory`, `create` and `truncate`;
 *  - a file holds the `read` / `write` it was opened with; reads, writes
 *    and streams without them fail with `bad-descriptor` (EBADF, as POSIX
 *    read/write on a descriptor of the wrong mode), set-size and
 *    set-times without `write` with `not-permitted`; data calls on a
 *    directory with `bad-descriptor`, path calls on a file with
 *    `not-directory`.
 * Functions return host errno values internally; p2fs_code maps them to
 * the WIT error-code enum at the boundary.
 */
#ifndef KILN_WASI_P2_FILESYSTEM_INTERNAL_H
#define KILN_WASI_P2_FILESYSTEM_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "p2.h"
#include "wasi_filesystem_preopens.h"
#include "wasi_filesystem_types.h"
#include "wasi_p1/kw_resolve.h"

typedef struct P2Preopen {
    int fd;      /* host directory, owned */
    char *guest; /* the name the guest knows it by */
} P2Preopen;

struct P2Fs {
    int n;
    P2Preopen *pre;
};

/* The rep of a wasi:filesystem/types.descriptor. */
typedef struct P2Desc {
    int fd;        /* host descriptor, owned */
    uint8_t type;  /* descriptor-type */
    uint8_t flags; /* descriptor-flags (rights, see above) */
} P2Desc;

#define P2FS_READ WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ
#define P2FS_WRITE WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_WRITE
#define P2FS_MUTATE WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_MUTATE_DIRECTORY
#define P2FS_DIR WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY

/* ---- filesystem.c: state, descriptors, errors ------------------------ */

/* Host errno to wasi:filesystem error-code (`io` for the unknown). */
uint8_t p2fs_code(int host_errno);
/* descriptor-type of a host st_mode. */
uint8_t p2fs_type(mode_t mode);
/* A new descriptor rep over `fd` (owned); NULL (fd closed) without memory. */
P2Desc *p2fs_desc_new(int fd, uint8_t type, uint8_t flags);
/* The descriptor behind a borrowed handle (traps on a bad handle). */
P2Desc *p2fs_desc(KilnCanonCx *cx, uint32_t handle);
/* Fills a descriptor-stat from `st`. */
void p2fs_stat(const struct stat *st, wasi_filesystem_types_descriptor_stat_t *out);
/* metadata-hash-value of an object: a bijection of (st_dev, st_ino). */
void p2fs_hash(const struct stat *st,
               wasi_filesystem_types_metadata_hash_value_t *out);
/* new-timestamp to a utimensat/futimens timespec: EINVAL on bad
 * nanoseconds, EOVERFLOW past time_t. */
int p2fs_timespec(const wasi_filesystem_types_new_timestamp_t *t,
                  struct timespec *ts);
/* Is s[0, n) valid UTF-8?  Host names that are not cannot become WIT
 * strings: they answer illegal-byte-sequence. */
bool p2fs_utf8(const char *s, size_t n);

/* ---- filesystem_path.c ----------------------------------------------- */

/* Resolves a guest path beneath directory descriptor `d`: ENOTDIR when d
 * is no directory, EROFS when `mutate` and d lacks mutate-directory. */
int p2fs_resolve(const P2Desc *d, const uint8_t *path, uint32_t len,
                 KwResolve mode, bool mutate, KwPath *out);
/* KW_RES_FOLLOW or KW_RES_LOOKUP from path-flags. */
KwResolve p2fs_mode(wasi_filesystem_types_path_flags_t path_flags);

#endif
