/* wasi_p1.h: the wasi_snapshot_preview1 host of libkilnrt.
 *
 * Implements WASI 0.1 (the legacy preview1 witx of the WebAssembly/WASI
 * repository) on POSIX hosts.  The compiler binds every import listed in
 * wasi_p1.def to a direct call of the matching kiln_wasi_p1_<name> function
 * below; the instance's host state (KilnVmctx.host) is a struct KilnWasi made
 * by kiln_wasi_new().  Every function returns a WASI errno value (0 on
 * success) and never crashes on bad guest pointers: they answer ERRNO_FAULT.
 * Paths are resolved capability-safely beneath the preopened directories.
 */
#ifndef KILN_WASI_P1_H
#define KILN_WASI_P1_H

#include <stddef.h>
#include <stdint.h>

#include "kiln_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

struct KilnWasi;

/* Creates the WASI state: arguments, environment, stdio and preopens (fds 3,
 * 4, ... in config order).  Returns NULL and a message in err on failure,
 * e.g. "cannot open directory `x`: No such file or directory". */
struct KilnWasi *kiln_wasi_new(const KilnWasiConfig *cfg, char *err,
                               size_t errlen);
/* Closes every descriptor the state opened and frees it. */
void kiln_wasi_free(struct KilnWasi *w);

/* ---- host functions (signatures as in wasi_p1.def) ------------------- */

int32_t kiln_wasi_p1_args_get(KilnVmctx *vm, int32_t argv, int32_t buf);
int32_t kiln_wasi_p1_args_sizes_get(KilnVmctx *vm, int32_t argc_out,
                                    int32_t size_out);
int32_t kiln_wasi_p1_environ_get(KilnVmctx *vm, int32_t env, int32_t buf);
int32_t kiln_wasi_p1_environ_sizes_get(KilnVmctx *vm, int32_t count_out,
                                       int32_t size_out);
int32_t kiln_wasi_p1_clock_res_get(KilnVmctx *vm, int32_t id, int32_t out);
int32_t kiln_wasi_p1_clock_time_get(KilnVmctx *vm, int32_t id,
                                    int64_t precision, int32_t out);
int32_t kiln_wasi_p1_fd_advise(KilnVmctx *vm, int32_t fd, int64_t offset,
                               int64_t len, int32_t advice);
int32_t kiln_wasi_p1_fd_allocate(KilnVmctx *vm, int32_t fd, int64_t offset,
                                 int64_t len);
int32_t kiln_wasi_p1_fd_close(KilnVmctx *vm, int32_t fd);
int32_t kiln_wasi_p1_fd_datasync(KilnVmctx *vm, int32_t fd);
int32_t kiln_wasi_p1_fd_fdstat_get(KilnVmctx *vm, int32_t fd, int32_t out);
int32_t kiln_wasi_p1_fd_fdstat_set_flags(KilnVmctx *vm, int32_t fd,
                                         int32_t flags);
int32_t kiln_wasi_p1_fd_fdstat_set_rights(KilnVmctx *vm, int32_t fd,
                                          int64_t base, int64_t inheriting);
int32_t kiln_wasi_p1_fd_filestat_get(KilnVmctx *vm, int32_t fd, int32_t out);
int32_t kiln_wasi_p1_fd_filestat_set_size(KilnVmctx *vm, int32_t fd,
                                          int64_t size);
int32_t kiln_wasi_p1_fd_filestat_set_times(KilnVmctx *vm, int32_t fd,
                                           int64_t atim, int64_t mtim,
                                           int32_t fstflags);
int32_t kiln_wasi_p1_fd_pread(KilnVmctx *vm, int32_t fd, int32_t iovs,
                              int32_t iovs_len, int64_t offset, int32_t out);
int32_t kiln_wasi_p1_fd_prestat_get(KilnVmctx *vm, int32_t fd, int32_t out);
int32_t kiln_wasi_p1_fd_prestat_dir_name(KilnVmctx *vm, int32_t fd,
                                         int32_t path, int32_t path_len);
int32_t kiln_wasi_p1_fd_pwrite(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int64_t offset, int32_t out);
int32_t kiln_wasi_p1_fd_read(KilnVmctx *vm, int32_t fd, int32_t iovs,
                             int32_t iovs_len, int32_t out);
int32_t kiln_wasi_p1_fd_readdir(KilnVmctx *vm, int32_t fd, int32_t buf,
                                int32_t buf_len, int64_t cookie, int32_t out);
int32_t kiln_wasi_p1_fd_renumber(KilnVmctx *vm, int32_t fd, int32_t to);
int32_t kiln_wasi_p1_fd_seek(KilnVmctx *vm, int32_t fd, int64_t offset,
                             int32_t whence, int32_t out);
int32_t kiln_wasi_p1_fd_sync(KilnVmctx *vm, int32_t fd);
int32_t kiln_wasi_p1_fd_tell(KilnVmctx *vm, int32_t fd, int32_t out);
int32_t kiln_wasi_p1_fd_write(KilnVmctx *vm, int32_t fd, int32_t iovs,
                              int32_t iovs_len, int32_t out);
int32_t kiln_wasi_p1_path_create_directory(KilnVmctx *vm, int32_t fd,
                                           int32_t path, int32_t path_len);
int32_t kiln_wasi_p1_path_filestat_get(KilnVmctx *vm, int32_t fd,
                                       int32_t flags, int32_t path,
                                       int32_t path_len, int32_t out);
int32_t kiln_wasi_p1_path_filestat_set_times(KilnVmctx *vm, int32_t fd,
                                             int32_t flags, int32_t path,
                                             int32_t path_len, int64_t atim,
                                             int64_t mtim, int32_t fstflags);
int32_t kiln_wasi_p1_path_link(KilnVmctx *vm, int32_t old_fd,
                               int32_t old_flags, int32_t old_path,
                               int32_t old_len, int32_t new_fd,
                               int32_t new_path, int32_t new_len);
int32_t kiln_wasi_p1_path_open(KilnVmctx *vm, int32_t fd, int32_t dirflags,
                               int32_t path, int32_t path_len, int32_t oflags,
                               int64_t rights_base, int64_t rights_inheriting,
                               int32_t fdflags, int32_t out);
int32_t kiln_wasi_p1_path_readlink(KilnVmctx *vm, int32_t fd, int32_t path,
                                   int32_t path_len, int32_t buf,
                                   int32_t buf_len, int32_t out);
int32_t kiln_wasi_p1_path_remove_directory(KilnVmctx *vm, int32_t fd,
                                           int32_t path, int32_t path_len);
int32_t kiln_wasi_p1_path_rename(KilnVmctx *vm, int32_t fd, int32_t old_path,
                                 int32_t old_len, int32_t new_fd,
                                 int32_t new_path, int32_t new_len);
int32_t kiln_wasi_p1_path_symlink(KilnVmctx *vm, int32_t old_path,
                                  int32_t old_len, int32_t fd,
                                  int32_t new_path, int32_t new_len);
int32_t kiln_wasi_p1_path_unlink_file(KilnVmctx *vm, int32_t fd, int32_t path,
                                      int32_t path_len);
int32_t kiln_wasi_p1_poll_oneoff(KilnVmctx *vm, int32_t in, int32_t out,
                                 int32_t nsubscriptions, int32_t nevents_out);
void kiln_wasi_p1_proc_exit(KilnVmctx *vm, int32_t status);
int32_t kiln_wasi_p1_proc_raise(KilnVmctx *vm, int32_t sig);
int32_t kiln_wasi_p1_random_get(KilnVmctx *vm, int32_t buf, int32_t len);
int32_t kiln_wasi_p1_sched_yield(KilnVmctx *vm);
int32_t kiln_wasi_p1_sock_accept(KilnVmctx *vm, int32_t fd, int32_t flags,
                                 int32_t out);
int32_t kiln_wasi_p1_sock_recv(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int32_t riflags,
                               int32_t nread_out, int32_t roflags_out);
int32_t kiln_wasi_p1_sock_send(KilnVmctx *vm, int32_t fd, int32_t iovs,
                               int32_t iovs_len, int32_t siflags,
                               int32_t nwritten_out);
int32_t kiln_wasi_p1_sock_shutdown(KilnVmctx *vm, int32_t fd, int32_t how);

#ifdef __cplusplus
}
#endif
#endif
