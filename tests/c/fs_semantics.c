/* File-system semantics where node:wasi (uvwasi) departs from WASI as
 * wasmtime implements it, so the output is compared with the committed
 * expected/fs_semantics.stdout: O_NOFOLLOW on a symlink fails with ELOOP,
 * readlink truncates into a short buffer, a symlink in a subfolder whose
 * target climbs with .. but stays inside the preopen can be made and
 * followed. */
//! dir: fs /sandbox
//! expect: file
//! exit: 0
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void rc(const char *what, int r) {
    printf("%-40s -> %d%s%s\n", what, r, r ? " " : "", r ? strerror(errno) : "");
}

int main(void) {
    rc("symlink hello.txt <- ln", symlink("hello.txt", "/sandbox/ln"));
    errno = 0;
    int fd = open("/sandbox/ln", O_RDONLY | O_NOFOLLOW);
    printf("open ln O_NOFOLLOW fails with ELOOP: %s\n", fd < 0 && errno == ELOOP ? "yes" : "no");
    char small[4];
    ssize_t n = readlink("/sandbox/ln", small, sizeof small);
    printf("readlink into 4 bytes: %zd '%.*s'\n", n, (int)(n > 0 ? n : 0), small);
    rc("symlink ../hello.txt <- sub/up", symlink("../hello.txt", "/sandbox/sub/up"));
    char buf[64];
    fd = open("/sandbox/sub/up", O_RDONLY);
    n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    printf("read via sub/up: %.*s", (int)(n > 0 ? n : 0), buf);
    if (fd < 0) printf("(open failed: %s)\n", strerror(errno));
    rc("symlink ../sub <- sub/deeper/loop", symlink("../../sub", "/sandbox/sub/deeper/loop"));
    fd = open("/sandbox/sub/deeper/loop/nested.txt", O_RDONLY);
    n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    printf("read via sub/deeper/loop/nested.txt: %.*s", (int)(n > 0 ? n : 0), buf);
    if (fd < 0) printf("(open failed: %s)\n", strerror(errno));
    return 0;
}
