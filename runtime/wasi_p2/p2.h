/* Internal interface between the parts of the WASI 0.2 host (the .c
 * files of runtime/wasi_p2): the host state and the objects one
 * interface makes for another (streams over files, errors, pollables). */
#ifndef KILN_WASI_P2_INTERNAL_H
#define KILN_WASI_P2_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasi_p2.h"

typedef struct P2Fs P2Fs; /* filesystem.c: preopens, cwd */
typedef struct P2Net P2Net; /* sockets_net.c: network capabilities */

/* The host state of one component instantiation (KilnComponentInst.wasi). */
typedef struct P2Host {
    int argc;
    char **argv;   /* copies */
    int envc;
    char **envp;   /* "KEY=VALUE" copies */
    int stdin_fd, stdout_fd, stderr_fd; /* -1: closed */
    P2Fs *fs;
    P2Net *net;
    bool seeded;   /* random.c: insecure_seed drawn */
    uint64_t insecure_seed[2];
} P2Host;

/* The host state of cx's component instance (host.c); traps when the
 * component was instantiated without WASI. */
P2Host *p2_host(KilnCanonCx *cx);

/* Streams over a host file descriptor (io_streams.c), as reps for
 * kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_*_stream, rep).
 * `positional`: pread/pwrite at `offset`, advancing it (files);
 * otherwise read/write (pipes, ttys).  `append`: O_APPEND semantics.
 * The stream does not own `fd` unless `owns_fd`.  fd -1 makes a stream
 * that is already closed.  These, p2_error_new and the pollable
 * constructors trap when out of memory (they never return NULL). */
void *p2_input_stream_fd(int fd, bool positional, uint64_t offset, bool owns_fd);
void *p2_output_stream_fd(int fd, bool positional, uint64_t offset, bool append,
                          bool owns_fd);

/* wasi:io/error objects carrying an errno (io_error.c). */
void *p2_error_new(int errno_value);
int p2_error_errno(void *error_rep);

/* Pollables (io_poll.c): always ready, or ready at a monotonic instant
 * (ns), or when an fd is readable / writable.  p2_pollable_fd borrows
 * `fd` (the caller keeps it open while the pollable lives);
 * p2_pollable_fd_dup holds its own duplicate. */
void *p2_pollable_ready(void);
void *p2_pollable_instant(uint64_t monotonic_ns);
void *p2_pollable_fd(int fd, bool for_write);
void *p2_pollable_fd_dup(int fd, bool for_write);
/* A pollable asked at every poll: query returns true when obj is ready
 * now, else sets *fd (-1: nothing to wait on) and *for_write; release
 * (may be NULL) runs when the pollable is dropped. */
typedef bool (*P2PollQuery)(void *obj, int *fd, bool *for_write);
void *p2_pollable_query(void *obj, P2PollQuery query,
                        void (*release)(void *obj));

/* clocks.c: CLOCK_MONOTONIC in nanoseconds. */
uint64_t p2_monotonic_now(void);

/* random.c: fills buf with getrandom(2) bytes (traps if the kernel
 * cannot give them). */
void p2_random_fill(void *buf, size_t len);

/* filesystem.c: opens cfg's preopens; false with err filled. */
bool p2_fs_init(P2Host *h, const KilnWasiConfig *cfg, char *err, size_t errlen);
void p2_fs_fini(P2Host *h);

/* sockets_net.c: the wasi:sockets capabilities of cfg (net_flags,
 * net_allow rules); false with err filled when a rule is malformed. */
bool p2_net_init(P2Host *h, const KilnWasiConfig *cfg, char *err, size_t errlen);
void p2_net_fini(P2Host *h);

#endif
