/* test_walk.c: random paths against the host's own resolution.
 *
 * Builds a small tree full of symlinks (inside, outside, absolute, dangling,
 * loops), then resolves thousands of random paths both through WASI
 * (path_filestat_get, following links) and through the host's realpath().
 * Whenever WASI succeeds, the host must agree on the inode and that inode
 * must lie inside the sandbox; nothing outside is ever reached.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"

static const char *const parts[] = {
    ".", "..", "a", "b", "c", "file", "in", "up", "out", "abs", "loop",
    "dang", "deep", "", "self",
};

static uint32_t rng = 12345;

static uint32_t next(void)
{
    rng = rng * 1103515245u + 12345u;
    return rng >> 16;
}

static void random_path(char *buf, size_t cap)
{
    int n = 1 + (int)(next() % 6);
    buf[0] = 0;
    for (int i = 0; i < n; i++) {
        if (i)
            strncat(buf, "/", cap - strlen(buf) - 1);
        strncat(buf, parts[next() % (sizeof parts / sizeof parts[0])],
                cap - strlen(buf) - 1);
    }
    if (next() % 8 == 0)
        strncat(buf, "/", cap - strlen(buf) - 1);
}

static void build_tree(void)
{
    t_host_mkdir("sandbox/a");
    t_host_mkdir("sandbox/a/b");
    t_host_mkdir("sandbox/c");
    t_host_write("sandbox/file", "x");
    t_host_write("sandbox/a/file", "y");
    t_host_write("sandbox/a/b/file", "z");
    t_host_symlink("a/b", "sandbox/in");
    t_host_symlink("..", "sandbox/a/up");
    t_host_symlink("../outside", "sandbox/out");
    t_host_symlink("../../../outside", "sandbox/a/b/out");
    t_host_symlink("/", "sandbox/abs");
    t_host_symlink("loop", "sandbox/loop");
    t_host_symlink("missing", "sandbox/dang");
    t_host_symlink("../in/../../c", "sandbox/a/deep");
    t_host_symlink(".", "sandbox/c/self");
}

int main(void)
{
    t_setup("walk", 0, NULL, 0, NULL);
    build_tree();
    char sandbox[PATH_MAX];
    snprintf(sandbox, sizeof sandbox, "%s/sandbox", t_root);
    char real_sandbox[PATH_MAX];
    if (!realpath(sandbox, real_sandbox))
        return 2;
    size_t sl = strlen(real_sandbox);
    int ok = 0, refused = 0;
    for (int i = 0; i < 20000; i++) {
        char path[256], host[PATH_MAX + 300], real[PATH_MAX];
        random_path(path, sizeof path);
        t_reset();
        uint8_t type;
        uint64_t ino;
        int32_t r = t_stat(3, 1, path, &type, &ino);
        snprintf(host, sizeof host, "%s/%s", sandbox, path);
        bool host_ok = realpath(host, real) != NULL;
        if (r != 0) {
            refused++;
            continue;
        }
        ok++;
        struct stat st;
        bool inside = host_ok &&
                      (strncmp(real, real_sandbox, sl) == 0 &&
                       (real[sl] == 0 || real[sl] == '/'));
        if (!inside || stat(real, &st) != 0 || st.st_ino != ino) {
            fprintf(stderr, "path `%s`: WASI found inode %llu, host `%s`\n",
                    path, (unsigned long long)ino, host_ok ? real : "-");
            t_failures++;
        }
    }
    fprintf(stderr, "%d resolved, %d refused\n", ok, refused);
    T_TRUE(ok > 1000);
    /* Very deep and very long paths fail cleanly. */
    T_EQ(t_stat(3, 1, "c/self/self/self", NULL, NULL), 0);
    t_reset();
    uint32_t p = t_alloc(30000), out = t_alloc(64);
    char *g = (char *)t_mem + p;
    strcpy(g, "c");
    for (int i = 0; i < 4000; i++)
        strcat(g, "/self");
    T_EQ(kiln_wasi_p1_path_filestat_get(t_vm, 3, 1, (int32_t)p,
                                        (int32_t)strlen(g), (int32_t)out),
         E_LOOP);
    for (int i = 0; i < 4000; i++)
        memcpy(g + 2 * i, "a/", 2);
    T_EQ(kiln_wasi_p1_path_filestat_get(t_vm, 3, 1, (int32_t)p, 8000,
                                        (int32_t)out), E_NOENT);
    for (int i = 0; i < 4000; i++)
        memcpy(g + 2 * i, "./", 2);
    T_EQ(kiln_wasi_p1_path_filestat_get(t_vm, 3, 1, (int32_t)p, 8000,
                                        (int32_t)out), 0);
    memset(g, 'x', 300);
    T_EQ(kiln_wasi_p1_path_filestat_get(t_vm, 3, 1, (int32_t)p, 300,
                                        (int32_t)out), E_NAMETOOLONG);
    return t_finish();
}
