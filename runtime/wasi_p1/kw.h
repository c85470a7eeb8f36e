/* kw.h: internals shared by the wasi_snapshot_preview1 host (prefix kw_).
 *
 * Constants and record layouts follow the legacy preview1 witx
 * (typenames.witx); every record is written to guest memory field by field in
 * little-endian order, so the host's own struct layout never matters.
 * Grouped by the file that defines each function.
 */
#ifndef KILN_KW_H
#define KILN_KW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "kiln_rt.h"
#include "kw_resolve.h"
#include "wasi_p1.h"

/* ---- witx constants ------------------------------------------------- */

enum {
    KW_ESUCCESS = 0, KW_E2BIG = 1, KW_EACCES = 2, KW_EAGAIN = 6,
    KW_EBADF = 8, KW_EEXIST = 20, KW_EFAULT = 21, KW_EINVAL = 28,
    KW_EIO = 29, KW_EISDIR = 31, KW_ELOOP = 32, KW_ENAMETOOLONG = 37,
    KW_ENOENT = 44, KW_ENOMEM = 48, KW_ENOSYS = 52, KW_ENOTDIR = 54,
    KW_ENOTSOCK = 57, KW_ENOTSUP = 58, KW_EOVERFLOW = 61, KW_EPERM = 63,
    KW_ESPIPE = 70, KW_ENOTCAPABLE = 76,
};

enum {
    KW_FT_UNKNOWN = 0, KW_FT_BLOCK = 1, KW_FT_CHAR = 2, KW_FT_DIR = 3,
    KW_FT_REG = 4, KW_FT_SOCK_DGRAM = 5, KW_FT_SOCK_STREAM = 6,
    KW_FT_SYMLINK = 7,
};

/* rights (bit numbers from the witx `rights` flags) */
#define KW_R(bit) ((uint64_t)1 << (bit))
#define KW_R_FD_DATASYNC KW_R(0)
#define KW_R_FD_READ KW_R(1)
#define KW_R_FD_SEEK KW_R(2)
#define KW_R_FD_FDSTAT_SET_FLAGS KW_R(3)
#define KW_R_FD_SYNC KW_R(4)
#define KW_R_FD_TELL KW_R(5)
#define KW_R_FD_WRITE KW_R(6)
#define KW_R_FD_ADVISE KW_R(7)
#define KW_R_FD_ALLOCATE KW_R(8)
#define KW_R_PATH_CREATE_DIRECTORY KW_R(9)
#define KW_R_PATH_CREATE_FILE KW_R(10)
#define KW_R_PATH_LINK_SOURCE KW_R(11)
#define KW_R_PATH_LINK_TARGET KW_R(12)
#define KW_R_PATH_OPEN KW_R(13)
#define KW_R_FD_READDIR KW_R(14)
#define KW_R_PATH_READLINK KW_R(15)
#define KW_R_PATH_RENAME_SOURCE KW_R(16)
#define KW_R_PATH_RENAME_TARGET KW_R(17)
#define KW_R_PATH_FILESTAT_GET KW_R(18)
#define KW_R_PATH_FILESTAT_SET_SIZE KW_R(19)
#define KW_R_PATH_FILESTAT_SET_TIMES KW_R(20)
#define KW_R_FD_FILESTAT_GET KW_R(21)
#define KW_R_FD_FILESTAT_SET_SIZE KW_R(22)
#define KW_R_FD_FILESTAT_SET_TIMES KW_R(23)
#define KW_R_PATH_SYMLINK KW_R(24)
#define KW_R_PATH_REMOVE_DIRECTORY KW_R(25)
#define KW_R_PATH_UNLINK_FILE KW_R(26)
#define KW_R_POLL_FD_READWRITE KW_R(27)
#define KW_R_SOCK_SHUTDOWN KW_R(28)
#define KW_R_SOCK_ACCEPT KW_R(29)
#define KW_R_ALL (KW_R(30) - 1)

/* What a regular file (or stream) descriptor can ever hold. */
#define KW_R_FILE                                                          \
    (KW_R_FD_DATASYNC | KW_R_FD_READ | KW_R_FD_SEEK |                      \
     KW_R_FD_FDSTAT_SET_FLAGS | KW_R_FD_SYNC | KW_R_FD_TELL |              \
     KW_R_FD_WRITE | KW_R_FD_ADVISE | KW_R_FD_ALLOCATE |                   \
     KW_R_FD_FILESTAT_GET | KW_R_FD_FILESTAT_SET_SIZE |                    \
     KW_R_FD_FILESTAT_SET_TIMES | KW_R_POLL_FD_READWRITE)
/* What a directory descriptor can ever hold: no read/write/seek. */
#define KW_R_DIR                                                           \
    (KW_R_FD_DATASYNC | KW_R_FD_FDSTAT_SET_FLAGS | KW_R_FD_SYNC |          \
     KW_R_PATH_CREATE_DIRECTORY | KW_R_PATH_CREATE_FILE |                  \
     KW_R_PATH_LINK_SOURCE | KW_R_PATH_LINK_TARGET | KW_R_PATH_OPEN |      \
     KW_R_FD_READDIR | KW_R_PATH_READLINK | KW_R_PATH_RENAME_SOURCE |      \
     KW_R_PATH_RENAME_TARGET | KW_R_PATH_FILESTAT_GET |                    \
     KW_R_PATH_FILESTAT_SET_SIZE | KW_R_PATH_FILESTAT_SET_TIMES |          \
     KW_R_FD_FILESTAT_GET | KW_R_FD_FILESTAT_SET_TIMES |                   \
     KW_R_PATH_SYMLINK | KW_R_PATH_REMOVE_DIRECTORY |                      \
     KW_R_PATH_UNLINK_FILE | KW_R_POLL_FD_READWRITE)
#define KW_R_SOCK (KW_R_FILE | KW_R_SOCK_SHUTDOWN | KW_R_SOCK_ACCEPT)

enum { KW_FDF_APPEND = 1, KW_FDF_DSYNC = 2, KW_FDF_NONBLOCK = 4,
       KW_FDF_RSYNC = 8, KW_FDF_SYNC = 16 };
enum { KW_O_CREAT = 1, KW_O_DIRECTORY = 2, KW_O_EXCL = 4, KW_O_TRUNC = 8 };
enum { KW_FST_ATIM = 1, KW_FST_ATIM_NOW = 2, KW_FST_MTIM = 4,
       KW_FST_MTIM_NOW = 8 };
enum { KW_LOOKUP_FOLLOW = 1 };

/* ---- state ------------------------------------------------------------ */

struct KwDir; /* readdir stream of one descriptor (dir.c) */

typedef struct KwFd {
    int host;          /* host descriptor, -1 when the slot is free */
    uint8_t type;      /* KW_FT_* */
    bool owned;        /* fd_close closes `host` (false for borrowed stdio) */
    uint64_t base;     /* rights */
    uint64_t inh;      /* inheriting rights */
    char *preopen;     /* guest name of a preopened directory, or NULL */
    struct KwDir *dir; /* readdir state, made on first fd_readdir */
} KwFd;

struct KilnWasi {
    KwFd *fds;
    uint32_t nfds, cap;
    char **args, **env;   /* NUL-terminated strings */
    uint32_t nargs, nenv;
};

/* ---- mem.c: guest memory and errno ----------------------------------- */

struct KilnWasi *kw_state(KilnVmctx *vm);
/* Host address of guest [ptr, ptr+len), or NULL when out of bounds. */
uint8_t *kw_mem(KilnVmctx *vm, uint32_t ptr, uint64_t len);
void kw_st8(uint8_t *p, uint8_t v);
void kw_st16(uint8_t *p, uint16_t v);
void kw_st32(uint8_t *p, uint32_t v);
void kw_st64(uint8_t *p, uint64_t v);
uint16_t kw_ld16(const uint8_t *p);
uint32_t kw_ld32(const uint8_t *p);
uint64_t kw_ld64(const uint8_t *p);
/* Stores to guest memory; ERRNO_FAULT when out of bounds. */
int32_t kw_put32(KilnVmctx *vm, uint32_t ptr, uint32_t v);
int32_t kw_put64(KilnVmctx *vm, uint32_t ptr, uint64_t v);
/* Host errno to WASI errno. */
int32_t kw_errno(int e);
/* Current errno as a WASI errno. */
int32_t kw_err(void);

/* ---- fdtab.c: descriptor table ---------------------------------------- */

/* The descriptor `fd` holding all of `rights`: BADF or NOTCAPABLE. */
int32_t kw_fd_get(struct KilnWasi *w, int32_t fd, uint64_t rights,
                  KwFd **out);
/* Installs `e` in the lowest free slot; returns the slot or -1. */
int32_t kw_fd_insert(struct KilnWasi *w, const KwFd *e);
/* Releases a slot's host resources and marks it free. */
void kw_fd_release(KwFd *e);
uint8_t kw_filetype(mode_t mode);
uint8_t kw_host_filetype(int host);
/* WASI fdflags of an open host descriptor. */
uint16_t kw_fdflags(int host);
int kw_open_flags(uint32_t fdflags);

/* ---- io.c: scatter/gather vectors ----------------------------------- */

struct iovec;
/* Translates `n` guest (c)iovecs at `ptr` into host iovecs: into `local`
 * (room for KW_IOV_LOCAL) when they fit, else a malloc'd array; *out says
 * which (free it with kw_iovecs_free).  Returns an errno. */
#define KW_IOV_LOCAL 16
int32_t kw_iovecs(KilnVmctx *vm, uint32_t ptr, uint32_t n,
                  struct iovec *local, struct iovec **out, int *count);
void kw_iovecs_free(struct iovec *local, struct iovec *iov);

/* ---- path.c: preview1 paths over kw_resolve_at (kw_resolve.h) ------- */

/* KW_RES_FOLLOW or KW_RES_LOOKUP from witx `lookupflags`. */
KwResolve kw_lookup_mode(int32_t lookupflags);
/* Resolves guest path [ptr, ptr+len) relative to directory `fd` (which must
 * hold `rights`).  Never leaves the directory: absolute paths, `..` above
 * it and symlinks pointing outside fail with ERRNO_PERM. */
int32_t kw_resolve(KilnVmctx *vm, int32_t fd, uint64_t rights, uint32_t ptr,
                   uint32_t len, KwResolve mode, KwPath *out);

/* ---- filestat.c ------------------------------------------------------- */

/* Writes a 64-byte filestat record for `st`. */
void kw_put_filestat(uint8_t *p, const struct stat *st);
/* Builds a timespec pair for futimens/utimensat; ERRNO_INVAL on bad flags. */
struct timespec;
int32_t kw_times(int64_t atim, int64_t mtim, uint32_t fst,
                 struct timespec ts[2]);

/* ---- dir.c ----------------------------------------------------------- */

void kw_dir_free(struct KwDir *d);

#endif
