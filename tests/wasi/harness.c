/* harness.c: the fake instance behind the WASI host unit tests. */
#include "harness.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

KilnVmctx *t_vm;
uint8_t *t_mem;
int t_failures;
char t_root[256];

static KilnMemory t_memory;
static int t_fds_before;
static KilnMemory *t_mems[1];
static KilnVmctx t_ctx;
static uint32_t t_top;

/* The runtime core provides this in libkilnrt; the tests link the WASI
 * sources alone. */
_Noreturn void kiln_rt_exit(int status)
{
    exit(status);
}

static void path_of(char *out, size_t n, const char *rel)
{
    snprintf(out, n, "%s/%s", t_root, rel);
}

void t_host_write(const char *rel, const char *data)
{
    char p[512];
    path_of(p, sizeof p, rel);
    FILE *f = fopen(p, "w");
    if (!f) {
        perror(p);
        exit(2);
    }
    fputs(data, f);
    fclose(f);
}

void t_host_symlink(const char *target, const char *rel)
{
    char p[512];
    path_of(p, sizeof p, rel);
    if (symlink(target, p) != 0) {
        perror(p);
        exit(2);
    }
}

void t_host_mkdir(const char *rel)
{
    char p[512];
    path_of(p, sizeof p, rel);
    if (mkdir(p, 0777) != 0) {
        perror(p);
        exit(2);
    }
}

/* Open host descriptors of this process (-1 where /proc is missing). */
static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

void t_setup(const char *name, int argc, const char *const *argv, int envc,
             const char *const *envp)
{
    t_fds_before = count_fds();
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(t_root, sizeof t_root, "%s/kiln-wasi-%s-XXXXXX", tmp, name);
    if (!mkdtemp(t_root)) {
        perror("mkdtemp");
        exit(2);
    }
    t_host_mkdir("sandbox");
    t_host_mkdir("outside");
    t_host_write("outside/secret", "secret");
    char sandbox[512];
    path_of(sandbox, sizeof sandbox, "sandbox");
    KilnPreopen pre = {.host_path = sandbox, .guest_path = "/"};
    KilnWasiConfig cfg = {.argc = argc, .argv = argv, .envc = envc,
                          .envp = envp, .npreopens = 1, .preopens = &pre,
                          .stdin_fd = 0, .stdout_fd = 1, .stderr_fd = 2};
    char err[256];
    struct KilnWasi *w = kiln_wasi_new(&cfg, err, sizeof err);
    if (!w) {
        fprintf(stderr, "kiln_wasi_new: %s\n", err);
        exit(2);
    }
    t_mem = calloc(1, T_MEM_SIZE);
    t_memory = (KilnMemory){.base = t_mem, .size = T_MEM_SIZE,
                            .max_pages = 1};
    t_mems[0] = &t_memory;
    t_ctx = (KilnVmctx){.memories = t_mems, .host = w};
    t_vm = &t_ctx;
    t_reset();
}

int t_finish(void)
{
    kiln_wasi_free(t_vm->host);
    free(t_mem);
    /* Every descriptor the host opened (walks, readdir streams) is gone. */
    int fds_after = count_fds();
    if (fds_after != t_fds_before) {
        fprintf(stderr, "host descriptors leaked: %d before, %d after\n",
                t_fds_before, fds_after);
        t_failures++;
    }
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", t_root);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", t_root);
    if (t_failures)
        fprintf(stderr, "%d check(s) failed\n", t_failures);
    return t_failures ? 1 : 0;
}

void t_reset(void)
{
    t_top = 1024;
}

uint32_t t_alloc(uint32_t size)
{
    uint32_t at = (t_top + 7) & ~7u;
    if (at + size > T_MEM_SIZE) {
        fprintf(stderr, "test guest memory exhausted\n");
        exit(2);
    }
    t_top = at + size;
    memset(t_mem + at, 0, size);
    return at;
}

uint32_t t_str(const char *s)
{
    uint32_t n = (uint32_t)strlen(s), at = t_alloc(n + 1);
    memcpy(t_mem + at, s, n);
    return at;
}

uint32_t t_ld32(uint32_t at)
{
    uint32_t v;
    memcpy(&v, t_mem + at, 4);
    return v;
}

uint64_t t_ld64(uint32_t at)
{
    uint64_t v;
    memcpy(&v, t_mem + at, 8);
    return v;
}

int32_t t_open(int32_t dir, int32_t follow, const char *path, int32_t oflags,
               uint64_t base, uint64_t inh, int32_t fdflags, int32_t *fd)
{
    uint32_t p = t_str(path), out = t_alloc(4);
    int32_t r = kiln_wasi_p1_path_open(t_vm, dir, follow, (int32_t)p,
                                       (int32_t)strlen(path), oflags,
                                       (int64_t)base, (int64_t)inh, fdflags,
                                       (int32_t)out);
    if (fd)
        *fd = r ? -1 : (int32_t)t_ld32(out);
    return r;
}

int32_t t_mkdir(int32_t dir, const char *path)
{
    return kiln_wasi_p1_path_create_directory(
        t_vm, dir, (int32_t)t_str(path), (int32_t)strlen(path));
}

int32_t t_rmdir(int32_t dir, const char *path)
{
    return kiln_wasi_p1_path_remove_directory(
        t_vm, dir, (int32_t)t_str(path), (int32_t)strlen(path));
}

int32_t t_unlink(int32_t dir, const char *path)
{
    return kiln_wasi_p1_path_unlink_file(t_vm, dir, (int32_t)t_str(path),
                                         (int32_t)strlen(path));
}

int32_t t_symlink(const char *target, int32_t dir, const char *path)
{
    return kiln_wasi_p1_path_symlink(
        t_vm, (int32_t)t_str(target), (int32_t)strlen(target), dir,
        (int32_t)t_str(path), (int32_t)strlen(path));
}

int32_t t_stat(int32_t dir, int32_t follow, const char *path, uint8_t *type,
               uint64_t *ino)
{
    uint32_t out = t_alloc(64);
    int32_t r = kiln_wasi_p1_path_filestat_get(
        t_vm, dir, follow, (int32_t)t_str(path), (int32_t)strlen(path),
        (int32_t)out);
    if (type)
        *type = t_mem[out + 16];
    if (ino)
        *ino = t_ld64(out + 8);
    return r;
}

static uint32_t one_iov(uint32_t buf, uint32_t len)
{
    uint32_t iov = t_alloc(8);
    memcpy(t_mem + iov, &buf, 4);
    memcpy(t_mem + iov + 4, &len, 4);
    return iov;
}

int32_t t_write(int32_t fd, const char *data, uint32_t *n)
{
    uint32_t len = (uint32_t)strlen(data);
    uint32_t iov = one_iov(t_str(data), len), out = t_alloc(4);
    int32_t r = kiln_wasi_p1_fd_write(t_vm, fd, (int32_t)iov, 1, (int32_t)out);
    if (n)
        *n = t_ld32(out);
    return r;
}

int32_t t_read(int32_t fd, char *buf, uint32_t cap, uint32_t *n)
{
    uint32_t b = t_alloc(cap), iov = one_iov(b, cap), out = t_alloc(4);
    int32_t r = kiln_wasi_p1_fd_read(t_vm, fd, (int32_t)iov, 1, (int32_t)out);
    uint32_t got = r ? 0 : t_ld32(out);
    memcpy(buf, t_mem + b, got);
    if (n)
        *n = got;
    return r;
}
