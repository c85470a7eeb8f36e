/* harness.h: a fake instance for calling the WASI preview1 host directly.
 *
 * The tests build a KilnVmctx whose memory 0 is a malloc'd 64 KiB block,
 * place strings and records in it with a bump allocator, and call the
 * kiln_wasi_p1_* functions the way compiled code would.  A scratch folder
 * per test holds `sandbox/` (preopened as "/") and `outside/` next to it,
 * which no path may ever reach.
 */
#ifndef KILN_TEST_WASI_HARNESS_H
#define KILN_TEST_WASI_HARNESS_H

#include <stdint.h>
#include <stdio.h>

#include "wasi_p1/wasi_p1.h"

#define T_MEM_SIZE 65536u

extern KilnVmctx *t_vm;
extern uint8_t *t_mem;
extern int t_failures;
extern char t_root[]; /* scratch folder: sandbox/ and outside/ */

#define T_EQ(a, b)                                                         \
    do {                                                                   \
        long long a_ = (long long)(a), b_ = (long long)(b);                \
        if (a_ != b_) {                                                    \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n",          \
                    __FILE__, __LINE__, #a, a_, b_);                       \
            t_failures++;                                                  \
        }                                                                  \
    } while (0)
#define T_OK(x) T_EQ((x), 0)
#define T_TRUE(x) T_EQ(!!(x), 1)

/* Makes the scratch folder and an instance with `sandbox` preopened as
 * "/" (fd 3) and args/env given. */
void t_setup(const char *name, int argc, const char *const *argv, int envc,
             const char *const *envp);
/* Frees the instance, removes the scratch folder, returns the exit code. */
int t_finish(void);

/* Guest memory: resets the bump allocator to offset 1024. */
void t_reset(void);
uint32_t t_alloc(uint32_t size);
uint32_t t_str(const char *s); /* copies without NUL; length = strlen */

/* Shorthands for path calls on `dir`: the path is copied into memory. */
int32_t t_open(int32_t dir, int32_t follow, const char *path, int32_t oflags,
               uint64_t base, uint64_t inh, int32_t fdflags, int32_t *fd);
int32_t t_mkdir(int32_t dir, const char *path);
int32_t t_rmdir(int32_t dir, const char *path);
int32_t t_unlink(int32_t dir, const char *path);
int32_t t_symlink(const char *target, int32_t dir, const char *path);
int32_t t_stat(int32_t dir, int32_t follow, const char *path,
               uint8_t *type, uint64_t *ino);
int32_t t_write(int32_t fd, const char *data, uint32_t *n);
int32_t t_read(int32_t fd, char *buf, uint32_t cap, uint32_t *n);
uint32_t t_ld32(uint32_t at);
uint64_t t_ld64(uint32_t at);

/* Host-side helpers on the scratch folder. */
void t_host_write(const char *rel, const char *data);
void t_host_symlink(const char *target, const char *rel);
void t_host_mkdir(const char *rel);

#define R_ALL ((uint64_t)((1u << 30) - 1))
/* Everything but the rights that would open for writing. */
#define R_DIR_ALL (R_ALL & ~(R_FD_WRITE | ((uint64_t)1 << 8) | ((uint64_t)1 << 22)))
#define R_FD_READ ((uint64_t)1 << 1)
#define R_FD_SEEK ((uint64_t)1 << 2)
#define R_FD_TELL ((uint64_t)1 << 5)
#define R_FD_WRITE ((uint64_t)1 << 6)
#define R_PATH_OPEN ((uint64_t)1 << 13)
#define R_FD_READDIR ((uint64_t)1 << 14)
#define R_PATH_FILESTAT_SET_SIZE ((uint64_t)1 << 19)
#define R_FD_FILESTAT_GET ((uint64_t)1 << 21)

enum {
    E_ACCES = 2, E_BADF = 8, E_EXIST = 20, E_FAULT = 21, E_INVAL = 28,
    E_ISDIR = 31, E_LOOP = 32, E_NAMETOOLONG = 37, E_NOENT = 44,
    E_NOTDIR = 54, E_NOTEMPTY = 55, E_NOTSOCK = 57, E_NOTSUP = 58,
    E_PERM = 63, E_NOTCAPABLE = 76,
};
enum { FT_CHAR = 2, FT_DIR = 3, FT_REG = 4, FT_SYMLINK = 7 };
enum { O_CREAT_ = 1, O_DIR_ = 2, O_EXCL_ = 4, O_TRUNC_ = 8 };

#endif
