/* Sandbox: every attempt to reach outside the preopened folder through
 * wasi-libc's path calls must fail.  The harness lays out TMP/box (the
 * preopen, /sandbox) beside TMP/outside/outside.txt and checks afterwards
 * that nothing outside box changed.  WASI leaves the exact error open
 * (wasmtime gives EPERM or ENOTCAPABLE for escapes), so both print as
 * "denied"; any other errno is printed by name, success as ESCAPED.
 * node:wasi is not capability-safe, so the output is compared with the
 * committed expected/sandbox_escape.stdout. */
//! dir: fs /sandbox
//! symlink: abs_link {outside}/outside.txt
//! symlink: rel_link ../outside/outside.txt
//! symlink: sub/deep_link ../../outside/outside.txt
//! symlink: abs_dir {outside}
//! symlink: dotdot_dir ..
//! expect: file
//! exit: 0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *errname(int e) {
    switch (e) {
    case EPERM: case ENOTCAPABLE: return "denied";
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case ENOTDIR: return "ENOTDIR";
    case EISDIR: return "EISDIR";
    case EEXIST: return "EEXIST";
    case ELOOP: return "ELOOP";
    case EINVAL: return "EINVAL";
    case EBADF: return "EBADF";
    case EXDEV: return "EXDEV";
    case ENOTEMPTY: return "ENOTEMPTY";
    case ENOSYS: return "ENOSYS";
    default: return "other errno";
    }
}

static void report(const char *what, int ok) {
    if (ok) printf("%-52s ESCAPED\n", what);
    else printf("%-52s %s\n", what, errname(errno));
}

static void try_open(const char *what, int dirfd, const char *path, int flags) {
    errno = 0;
    int fd = dirfd >= 0 ? openat(dirfd, path, flags, 0644) : open(path, flags, 0644);
    report(what, fd >= 0);
    if (fd >= 0) close(fd);
}

static void evil(const char *what, const char *target, const char *link, const char *path, int flags) {
    errno = 0;
    if (symlink(target, link) != 0) {
        printf("%-52s %s\n", what, errno == EPERM || errno == ENOTCAPABLE ? "safe" : errname(errno));
        return;
    }
    errno = 0;
    int fd = open(path, flags, 0644);
    if (fd >= 0) { printf("%-52s ESCAPED\n", what); close(fd); return; }
    printf("%-52s %s\n", what, errno == EPERM || errno == ENOTCAPABLE ? "safe" : errname(errno));
}

static void try_stat(const char *what, const char *path) {
    struct stat st;
    errno = 0;
    report(what, stat(path, &st) == 0);
}

int main(void) {
    int dir = open("/sandbox", O_RDONLY | O_DIRECTORY);
    printf("open /sandbox: %s\n", dir >= 0 ? "ok" : strerror(errno));

    puts("-- reading through .. and absolute paths");
    try_open("open /sandbox/../outside/outside.txt", -1, "/sandbox/../outside/outside.txt", O_RDONLY);
    try_open("open /sandbox/sub/../../outside/outside.txt", -1, "/sandbox/sub/../../outside/outside.txt", O_RDONLY);
    try_open("openat ../outside/outside.txt", dir, "../outside/outside.txt", O_RDONLY);
    try_open("openat sub/../../outside/outside.txt", dir, "sub/../../outside/outside.txt", O_RDONLY);
    try_open("openat ..", dir, "..", O_RDONLY | O_DIRECTORY);
    try_open("openat sub/../..", dir, "sub/../..", O_RDONLY | O_DIRECTORY);
    try_open("openat /etc/passwd (absolute to the runtime)", dir, "/etc/passwd", O_RDONLY);
    try_open("open /etc/passwd (no preopen covers it)", -1, "/etc/passwd", O_RDONLY);
    try_stat("stat /sandbox/../outside/outside.txt", "/sandbox/../outside/outside.txt");
    errno = 0;
    DIR *d = opendir("/sandbox/..");
    report("opendir /sandbox/..", d != NULL);
    if (d) closedir(d);

    puts("-- following symlinks that lead outside");
    try_open("open abs_link (-> /abs/outside.txt)", -1, "/sandbox/abs_link", O_RDONLY);
    try_open("open rel_link (-> ../outside/outside.txt)", -1, "/sandbox/rel_link", O_RDONLY);
    try_open("open sub/deep_link (-> ../../outside/...)", -1, "/sandbox/sub/deep_link", O_RDONLY);
    try_open("open abs_dir/outside.txt", -1, "/sandbox/abs_dir/outside.txt", O_RDONLY);
    try_open("open dotdot_dir/outside/outside.txt", -1, "/sandbox/dotdot_dir/outside/outside.txt", O_RDONLY);
    try_open("open abs_link O_WRONLY|O_TRUNC", -1, "/sandbox/abs_link", O_WRONLY | O_TRUNC);
    try_open("open abs_dir/new.txt O_CREAT", -1, "/sandbox/abs_dir/new.txt", O_WRONLY | O_CREAT);
    try_stat("stat abs_link", "/sandbox/abs_link");
    try_stat("stat rel_link", "/sandbox/rel_link");
    try_stat("stat dotdot_dir", "/sandbox/dotdot_dir");
    errno = 0;
    report("truncate abs_link", truncate("/sandbox/abs_link", 0) == 0);
    errno = 0;
    d = opendir("/sandbox/abs_dir");
    report("opendir abs_dir", d != NULL);
    if (d) closedir(d);

    puts("-- creating and moving things outside");
    errno = 0;
    report("rename hello.txt -> ../outside/stolen.txt", rename("/sandbox/hello.txt", "/sandbox/../outside/stolen.txt") == 0);
    errno = 0;
    report("rename hello.txt -> abs_dir/stolen.txt", rename("/sandbox/hello.txt", "/sandbox/abs_dir/stolen.txt") == 0);
    errno = 0;
    report("rename ../outside/outside.txt -> inside.txt", rename("/sandbox/../outside/outside.txt", "/sandbox/inside.txt") == 0);
    errno = 0;
    report("rename abs_dir/outside.txt -> inside.txt", rename("/sandbox/abs_dir/outside.txt", "/sandbox/inside.txt") == 0);
    errno = 0;
    report("link hello.txt -> ../outside/hard", link("/sandbox/hello.txt", "/sandbox/../outside/hard") == 0);
    errno = 0;
    report("link ../outside/outside.txt -> hard_in", link("/sandbox/../outside/outside.txt", "/sandbox/hard_in") == 0);
    errno = 0;
    report("link abs_dir/outside.txt -> hard_in2", link("/sandbox/abs_dir/outside.txt", "/sandbox/hard_in2") == 0);
    errno = 0;
    report("symlink x -> ../outside/newlink", symlink("x", "/sandbox/../outside/newlink") == 0);
    errno = 0;
    report("symlink x -> abs_dir/newlink", symlink("x", "/sandbox/abs_dir/newlink") == 0);
    errno = 0;
    report("mkdir ../outside/newdir", mkdir("/sandbox/../outside/newdir", 0755) == 0);
    errno = 0;
    report("mkdir abs_dir/newdir", mkdir("/sandbox/abs_dir/newdir", 0755) == 0);
    errno = 0;
    report("unlink ../outside/outside.txt", unlink("/sandbox/../outside/outside.txt") == 0);
    errno = 0;
    report("unlink abs_dir/outside.txt", unlink("/sandbox/abs_dir/outside.txt") == 0);
    errno = 0;
    report("rmdir ../outside", rmdir("/sandbox/../outside") == 0);

    puts("-- symlinks the guest makes itself, then follows");
    /* A runtime may refuse to create these links or refuse to follow
     * them; either is safe.  "safe" = creation or use denied. */
    evil("evil_abs -> /etc/passwd, open", "/etc/passwd", "/sandbox/evil_abs", "/sandbox/evil_abs", O_RDONLY);
    evil("evil_rel -> ../outside/outside.txt, open", "../outside/outside.txt", "/sandbox/evil_rel",
         "/sandbox/evil_rel", O_RDONLY);
    evil("evil_dir -> sub/../../outside, open inside", "sub/../../outside", "/sandbox/evil_dir",
         "/sandbox/evil_dir/outside.txt", O_RDONLY);
    evil("evil_new -> ../outside/new.txt, O_CREAT", "../outside/new.txt", "/sandbox/evil_new",
         "/sandbox/evil_new", O_CREAT | O_WRONLY);

    puts("-- the sandbox itself still works");
    char buf[64];
    int fd = open("/sandbox/hello.txt", O_RDONLY);
    ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    printf("hello.txt: %.*s", (int)(n > 0 ? n : 0), buf);
    errno = 0;
    fd = openat(dir, "sub/../hello.txt", O_RDONLY);
    printf("%-52s %s\n", "openat sub/../hello.txt (stays inside)", fd >= 0 ? "ok" : errname(errno));
    errno = 0;
    fd = open("/sandbox/sub/deeper/../../hello.txt", O_RDONLY);
    printf("%-52s %s\n", "open sub/deeper/../../hello.txt", fd >= 0 ? "ok" : errname(errno));
    errno = 0;
    int r = symlink("../hello.txt", "/sandbox/sub/up");
    fd = r == 0 ? open("/sandbox/sub/up", O_RDONLY) : -1;
    printf("%-52s %s\n", "symlink sub/up -> ../hello.txt, open", fd >= 0 ? "ok" : errname(errno));
    errno = 0;
    printf("%-52s %s\n", "unlink abs_link (the link itself, inside)",
           unlink("/sandbox/abs_link") == 0 ? "ok" : errname(errno));
    return 0;
}
