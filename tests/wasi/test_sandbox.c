/* test_sandbox.c: no path may leave the preopened directory.
 *
 * Escapes through absolute paths, `..`, symlinks (final and intermediate,
 * relative and absolute, chained) must fail with ERRNO_PERM, loops with
 * ERRNO_LOOP, while the same constructs staying inside work.
 */
#include <string.h>
#include <unistd.h>

#include "harness.h"

static void escapes(void)
{
    int32_t fd;
    T_EQ(t_open(3, 0, "/etc/passwd", 0, R_ALL, R_ALL, 0, &fd), E_PERM);
    T_EQ(t_open(3, 0, "..", O_DIR_, 0, 0, 0, &fd), E_PERM);
    T_EQ(t_open(3, 0, "../outside/secret", 0, R_ALL, 0, 0, &fd), E_PERM);
    T_EQ(t_open(3, 0, "./../outside/secret", 0, R_ALL, 0, 0, &fd), E_PERM);
    T_OK(t_mkdir(3, "a"));
    T_OK(t_mkdir(3, "a/b"));
    T_EQ(t_open(3, 0, "a/../../outside/secret", 0, 0, 0, 0, &fd), E_PERM);
    T_EQ(t_open(3, 0, "a/b/../../..", O_DIR_, 0, 0, 0, &fd), E_PERM);
    T_EQ(t_stat(3, 0, "a/b/../../../outside", NULL, NULL), E_PERM);
    /* The same walks that stay inside are fine. */
    T_OK(t_open(3, 0, "a/b/../../a/./b//..", O_DIR_, 0, 0, 0, &fd));
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    /* A descriptor opened below the preopen is its own root. */
    T_OK(t_open(3, 0, "a/b", O_DIR_, R_DIR_ALL, R_ALL, 0, &fd));
    T_EQ(t_open(fd, 0, "..", O_DIR_, 0, 0, 0, NULL), E_PERM);
    T_EQ(t_mkdir(fd, "../escaped"), E_PERM);
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
}

static void symlinks_out(void)
{
    int32_t fd;
    uint8_t type;
    t_host_symlink("../outside", "sandbox/rel_out");
    t_host_symlink("/etc", "sandbox/abs_out");
    t_host_symlink("../../outside/secret", "sandbox/a/deep_out");
    t_host_symlink("b/../../../outside", "sandbox/a/dots_out");
    const char *bad[] = {"rel_out/secret", "abs_out/passwd",
                         "a/deep_out", "a/dots_out/secret"};
    for (int i = 0; i < 4; i++) {
        T_EQ(t_open(3, 1, bad[i], 0, R_ALL, 0, 0, &fd), E_PERM);
        T_EQ(t_stat(3, 1, bad[i], NULL, NULL), E_PERM);
    }
    /* Intermediate links are always followed, so they fail even without
     * the follow flag. */
    T_EQ(t_open(3, 0, "rel_out/secret", 0, 0, 0, 0, &fd), E_PERM);
    T_EQ(t_unlink(3, "rel_out/secret"), E_PERM);
    T_EQ(t_mkdir(3, "abs_out/x"), E_PERM);
    /* Final links: not following opens nothing outside (ELOOP), stat
     * sees the link itself. */
    T_EQ(t_open(3, 0, "rel_out", 0, 0, 0, 0, &fd), E_LOOP);
    T_EQ(t_open(3, 1, "rel_out", O_DIR_, 0, 0, 0, &fd), E_PERM);
    T_OK(t_stat(3, 0, "abs_out", &type, NULL));
    T_EQ(type, FT_SYMLINK);
    /* A trailing slash forces following, so it must be checked too. */
    T_EQ(t_open(3, 0, "rel_out/", O_DIR_, 0, 0, 0, &fd), E_PERM);
    T_EQ(t_stat(3, 0, "abs_out/", NULL, NULL), E_PERM);
    /* Links created through WASI cannot be absolute. */
    T_EQ(t_symlink("/etc/passwd", 3, "mine"), E_PERM);
    /* Hard links and renames cannot reach out either. */
    uint32_t from = t_str("rel_out/secret"), to = t_str("stolen");
    T_EQ(kiln_wasi_p1_path_link(t_vm, 3, 1, (int32_t)from, 14, 3,
                                (int32_t)to, 6), E_PERM);
    uint32_t a = t_str("a"), out = t_str("../moved");
    T_EQ(kiln_wasi_p1_path_rename(t_vm, 3, (int32_t)a, 1, 3, (int32_t)out, 8),
         E_PERM);
    /* Readlink reports the text without following it. */
    uint32_t name = t_str("abs_out"), buf = t_alloc(16), n = t_alloc(4);
    T_OK(kiln_wasi_p1_path_readlink(t_vm, 3, (int32_t)name, 7, (int32_t)buf,
                                    16, (int32_t)n));
    T_EQ(t_ld32(n), 4);
    T_EQ(memcmp(t_mem + buf, "/etc", 4), 0);
}

static void symlinks_in(void)
{
    int32_t fd;
    uint8_t type;
    t_host_write("sandbox/a/b/file", "inside");
    t_host_symlink("a", "sandbox/to_a");
    t_host_symlink("../to_a/b", "sandbox/a/to_b");       /* chained */
    t_host_symlink("b/../b/file", "sandbox/a/to_file");
    T_OK(t_open(3, 0, "to_a/to_b/file", 0, R_FD_READ, 0, 0, &fd));
    char got[16];
    uint32_t n;
    T_OK(t_read(fd, got, sizeof got, &n));
    T_EQ(n, 6);
    T_EQ(memcmp(got, "inside", 6), 0);
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    T_OK(t_stat(3, 1, "to_a/to_file", &type, NULL));
    T_EQ(type, FT_REG);
    T_OK(t_stat(3, 0, "to_a/to_file", &type, NULL));
    T_EQ(type, FT_SYMLINK);
    T_EQ(t_open(3, 0, "to_a/to_file", 0, 0, 0, 0, &fd), E_LOOP);
    T_OK(t_open(3, 1, "to_a/to_file", 0, 0, 0, 0, &fd));
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
}

/* Entry operations act on the link itself, even with a trailing slash,
 * and never on what it points to. */
static void entry_ops(void)
{
    int32_t fd;
    uint8_t type;
    t_host_symlink("a", "sandbox/dirlink");
    t_host_symlink("../outside/new", "sandbox/dangling_out");
    T_EQ(t_rmdir(3, "dirlink"), E_NOTDIR);
    T_EQ(t_rmdir(3, "dirlink/"), E_NOTDIR);
    T_EQ(t_unlink(3, "dirlink/"), E_NOTDIR);
    T_EQ(t_rmdir(3, "rel_out/"), E_NOTDIR);
    T_EQ(t_mkdir(3, "rel_out/"), E_EXIST);
    uint32_t from = t_str("rel_out/"), to = t_str("zz");
    T_EQ(kiln_wasi_p1_path_rename(t_vm, 3, (int32_t)from, 8, 3, (int32_t)to,
                                  2), E_NOTDIR);
    T_OK(t_stat(3, 0, "a", &type, NULL));
    T_EQ(type, FT_DIR);
    /* Creating through a dangling link that points outside. */
    T_EQ(t_open(3, 1, "dangling_out", O_CREAT_, R_FD_WRITE, 0, 0, &fd),
         E_PERM);
    T_EQ(t_open(3, 0, "dangling_out", O_CREAT_, R_FD_WRITE, 0, 0, &fd),
         E_LOOP);
    char p[512];
    snprintf(p, sizeof p, "%s/outside/new", t_root);
    T_EQ(access(p, F_OK), -1);
    snprintf(p, sizeof p, "%s/outside/secret", t_root);
    T_EQ(access(p, F_OK), 0);
    T_OK(t_unlink(3, "dirlink"));
    T_OK(t_unlink(3, "dangling_out"));
}

static void loops(void)
{
    int32_t fd;
    t_host_symlink("self", "sandbox/self");
    t_host_symlink("ping", "sandbox/pong");
    t_host_symlink("pong", "sandbox/ping");
    T_EQ(t_open(3, 1, "self", 0, 0, 0, 0, &fd), E_LOOP);
    T_EQ(t_open(3, 0, "self/x", 0, 0, 0, 0, &fd), E_LOOP);
    T_EQ(t_open(3, 1, "ping", 0, 0, 0, 0, &fd), E_LOOP);
    T_EQ(t_stat(3, 1, "pong", NULL, NULL), E_LOOP);
    T_OK(t_stat(3, 0, "pong", NULL, NULL));
}

static void bad_paths(void)
{
    int32_t fd;
    uint32_t p = t_str("a");
    /* An embedded NUL is refused, a path past memory faults. */
    t_mem[p + 1] = 0;
    uint32_t out = t_alloc(4);
    T_EQ(kiln_wasi_p1_path_open(t_vm, 3, 0, (int32_t)p, 2, O_DIR_, 0, 0, 0,
                                (int32_t)out), E_INVAL);
    T_EQ(kiln_wasi_p1_path_open(t_vm, 3, 0, T_MEM_SIZE - 2, 10, 0, 0, 0, 0,
                                (int32_t)out), E_FAULT);
    T_EQ(kiln_wasi_p1_path_open(t_vm, 3, 0, -1, -1, 0, 0, 0, 0,
                                (int32_t)out), E_FAULT);
    T_EQ(t_open(3, 0, "", 0, 0, 0, 0, &fd), E_NOENT);
    T_EQ(t_open(99, 0, "a", 0, 0, 0, 0, &fd), E_BADF);
    T_EQ(t_open(-5, 0, "a", 0, 0, 0, 0, &fd), E_BADF);
}

int main(void)
{
    t_setup("sandbox", 0, NULL, 0, NULL);
    escapes();
    symlinks_out();
    symlinks_in();
    entry_ops();
    loops();
    bad_paths();
    return t_finish();
}
