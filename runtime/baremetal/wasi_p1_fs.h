/* wasi_p1_fs.h: the --embed-dir files of the embedded preview1 host
 * (wasi_p1_fs.c), called by wasi_p1.c for descriptors other than 0-2.
 * Each returns a witx errno. */
#ifndef KILN_WASI_P1_FS_H
#define KILN_WASI_P1_FS_H

#include "kiln_rt.h"

int32_t bfs_prestat_get(KilnVmctx *vm, int32_t fd, int32_t out);
int32_t bfs_prestat_dir_name(KilnVmctx *vm, int32_t fd, int32_t path,
                             int32_t path_len);
int32_t bfs_fdstat_get(KilnVmctx *vm, int32_t fd, int32_t out);
int32_t bfs_filestat_get(KilnVmctx *vm, int32_t fd, int32_t out);
int32_t bfs_path_filestat_get(KilnVmctx *vm, int32_t fd, int32_t path,
                              int32_t path_len, int32_t out);
int32_t bfs_path_open(KilnVmctx *vm, int32_t fd, int32_t path,
                      int32_t path_len, int32_t oflags, int64_t rights,
                      int32_t fdflags, int32_t out);
int32_t bfs_close(KilnVmctx *vm, int32_t fd);
/* One transfer to or from a guest buffer: the bytes moved (fewer than
 * `len` ends the vector), or < 0 on an error.  `done`: bytes moved by the
 * earlier buffers of the same call. */
typedef long (*BfsXfer)(void *ctx, uint8_t *buf, uint32_t len, uint32_t done);
/* Runs `xfer` over the guest (c)iovecs at `iovs` in order; the bytes
 * moved go to *total.  Returns 0, KW_EFAULT for a buffer outside memory,
 * or KW_EIO when the first transfer fails (a later failure ends the call
 * short, with what was moved). */
int32_t bfs_iovecs(KilnVmctx *vm, int32_t iovs, int32_t iovs_len,
                   BfsXfer xfer, void *ctx, uint32_t *total);
int32_t bfs_read(KilnVmctx *vm, int32_t fd, int32_t iovs, int32_t iovs_len,
                 int32_t out);
int32_t bfs_pread(KilnVmctx *vm, int32_t fd, int32_t iovs, int32_t iovs_len,
                  int64_t offset, int32_t out);
int32_t bfs_seek(KilnVmctx *vm, int32_t fd, int64_t offset, int32_t whence,
                 int32_t out);
int32_t bfs_tell(KilnVmctx *vm, int32_t fd, int32_t out);
int32_t bfs_readdir(KilnVmctx *vm, int32_t fd, int32_t buf, int32_t buf_len,
                    int64_t cookie, int32_t out);
int32_t bfs_path_readlink(KilnVmctx *vm, int32_t fd, int32_t path,
                          int32_t path_len);
int32_t bfs_read_only(KilnVmctx *vm, int32_t fd);
int32_t bfs_no_write(KilnVmctx *vm, int32_t fd);
int32_t bfs_nothing(KilnVmctx *vm, int32_t fd);

#endif
