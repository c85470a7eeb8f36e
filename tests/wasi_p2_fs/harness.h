/* harness.h: a fake component instance for calling the wasi:filesystem
 * host (runtime/wasi_p2/filesystem*.c) directly, as lowered imports do.
 *
 * harness.c stands in for the runtime around it: guest memory is a
 * malloc'd block with a bump allocator behind kiln_cx_alloc, a flat
 * handle table behind kiln_cx_new_own / kiln_cx_borrow, and streams and
 * errors are plain records (T_Stream, errno holders) so the tests can see
 * what the filesystem handed to wasi:io.  A scratch folder per test holds
 * `sandbox/` (preopened as "/sandbox") and `outside/secret` next to it,
 * which no path may ever reach.
 */
#ifndef KILN_TEST_WASI_P2_FS_HARNESS_H
#define KILN_TEST_WASI_P2_FS_HARNESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "filesystem_internal.h"

#define T_MEM_SIZE (1u << 20)

extern KilnCanonCx *t_cx;
extern uint8_t *t_mem;
extern int t_failures;
extern char t_root[]; /* scratch folder: sandbox/ and outside/ */
extern uint32_t t_allocs; /* kiln_cx_alloc calls so far */

#define T_EQ(a, b)                                                         \
    do {                                                                   \
        long long a_ = (long long)(a), b_ = (long long)(b);                \
        if (a_ != b_) {                                                    \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n",          \
                    __FILE__, __LINE__, #a, a_, b_);                       \
            t_failures++;                                                  \
        }                                                                  \
    } while (0)
#define T_TRUE(x) T_EQ(!!(x), 1)
#define T_STR(a, b)                                                        \
    do {                                                                   \
        if (strcmp((a), (b)) != 0) {                                       \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n",      \
                    __FILE__, __LINE__, #a, (a), (b));                     \
            t_failures++;                                                  \
        }                                                                  \
    } while (0)

/* What p2_input_stream_fd / p2_output_stream_fd were given. */
typedef struct T_Stream {
    int fd;
    bool output, positional, append, owns_fd;
    uint64_t offset;
} T_Stream;

/* Makes the scratch folder and the host state with `sandbox` preopened
 * as "/sandbox"; returns the preopen's handle (from get-directories). */
uint32_t t_setup(const char *name);
/* Drops every live handle, checks that no host descriptor leaked, removes
 * the scratch folder, returns the exit code. */
int t_finish(void);

/* Replaces the filesystem state get-directories reads; returns the old. */
P2Fs *t_swap_fs(P2Fs *fs);

/* Guest memory views. */
const uint8_t *t_guest(uint32_t ptr, uint32_t len);
/* A guest string result as a NUL-terminated host copy (static buffer). */
const char *t_gstr(uint32_t ptr, uint32_t len);

/* A handle for a host rep of `type`, and the rep behind one. */
uint32_t t_own(uint32_t type, void *rep);
void *t_rep(uint32_t type, uint32_t handle);
/* Drops a handle as the runtime does for the guest's resource.drop. */
void t_drop(uint32_t handle);

/* Shorthands: the error code of a call (-1 for ok). */
int t_open(uint32_t dir, uint8_t pflags, const char *path, uint8_t oflags,
           uint8_t flags, uint32_t *out);
int t_mkdir(uint32_t dir, const char *path);
int t_stat_at(uint32_t dir, uint8_t pflags, const char *path,
              wasi_filesystem_types_descriptor_stat_t *st);
int t_write(uint32_t fd, const char *data, uint64_t offset);
/* Reads up to `len` at `offset` into a static buffer (*eof set). */
int t_read(uint32_t fd, uint64_t len, uint64_t offset, const char **data,
           bool *eof);

/* Host-side helpers on the scratch folder. */
void t_host_write(const char *rel, const char *data);
void t_host_symlink(const char *target, const char *rel);
void t_host_mkdir(const char *rel);
bool t_host_exists(const char *rel);
/* A file's contents (static buffer; "" when missing). */
const char *t_host_read(const char *rel);

#define E_(x) WASI_FILESYSTEM_TYPES_ERROR_CODE_##x
#define OK (-1)
#define F_READ WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ
#define F_WRITE WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_WRITE
#define F_MUTATE WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_MUTATE_DIRECTORY
#define O_CREATE_ WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE
#define O_DIR_ WASI_FILESYSTEM_TYPES_OPEN_FLAGS_DIRECTORY
#define O_EXCL_ WASI_FILESYSTEM_TYPES_OPEN_FLAGS_EXCLUSIVE
#define O_TRUNC_ WASI_FILESYSTEM_TYPES_OPEN_FLAGS_TRUNCATE
#define FOLLOW WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW
#define T_(x) WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_##x
#define HR_DESC KILN_HR_wasi_filesystem_types_descriptor
#define HR_DIRSTREAM KILN_HR_wasi_filesystem_types_directory_entry_stream
#define HR_IN KILN_HR_wasi_io_streams_input_stream
#define HR_OUT KILN_HR_wasi_io_streams_output_stream
#define HR_ERROR KILN_HR_wasi_io_error_error

#endif
