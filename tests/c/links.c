/* Symbolic and hard links inside a preopen: symlink + readlink, lstat vs
 * stat, open through a link, dangling links, link counts.  Cases where
 * node:wasi departs from WASI (O_NOFOLLOW, a short readlink buffer, a
 * relative link that climbs but stays inside) are in fs_semantics.c. */
//! dir: fs /sandbox
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void rc(const char *what, int r) {
    printf("%-34s -> %d%s%s\n", what, r, r ? " " : "", r ? strerror(errno) : "");
}

static void show_link(const char *p) {
    char buf[256];
    ssize_t n = readlink(p, buf, sizeof buf);
    if (n < 0) printf("readlink %s: %s\n", p, strerror(errno));
    else printf("readlink %s = %.*s\n", p, (int)n, buf);
}

int main(void) {
    rc("symlink hello.txt <- ln_rel", symlink("hello.txt", "/sandbox/ln_rel"));
    rc("symlink sub/nested.txt <- ln_sub", symlink("sub/nested.txt", "/sandbox/ln_sub"));
    rc("symlink sub <- ln_dir", symlink("sub", "/sandbox/ln_dir"));
    rc("symlink nowhere <- dangling", symlink("nowhere", "/sandbox/dangling"));
    rc("symlink over existing", symlink("x", "/sandbox/hello.txt"));
    show_link("/sandbox/ln_rel");
    show_link("/sandbox/ln_sub");
    show_link("/sandbox/dangling");
    show_link("/sandbox/hello.txt");

    struct stat st, lst;
    rc("stat ln_rel", stat("/sandbox/ln_rel", &st));
    rc("lstat ln_rel", lstat("/sandbox/ln_rel", &lst));
    printf("stat: reg=%d size=%lld; lstat: lnk=%d size=%lld\n", S_ISREG(st.st_mode),
           (long long)st.st_size, S_ISLNK(lst.st_mode), (long long)lst.st_size);
    rc("stat ln_dir", stat("/sandbox/ln_dir", &st));
    printf("ln_dir is dir: %d\n", S_ISDIR(st.st_mode));
    rc("stat dangling", stat("/sandbox/dangling", &st));
    rc("lstat dangling", lstat("/sandbox/dangling", &st));

    char buf[128];
    ssize_t n;
    int fd = open("/sandbox/ln_dir/nested.txt", O_RDONLY);
    n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
    printf("read via ln_dir/nested.txt: %.*s", (int)(n > 0 ? n : 0), buf);
    close(fd);
    rc("open dangling", open("/sandbox/dangling", O_RDONLY) >= 0 ? 0 : -1);

    rc("link hello.txt -> hard", link("/sandbox/hello.txt", "/sandbox/hard"));
    rc("link onto existing", link("/sandbox/hello.txt", "/sandbox/hard"));
    rc("link missing", link("/sandbox/missing", "/sandbox/hard2"));
    stat("/sandbox/hello.txt", &st);
    printf("nlink after link: %lu\n", (unsigned long)st.st_nlink);
    fd = open("/sandbox/hard", O_WRONLY | O_APPEND);
    if (write(fd, "appended via hard\n", 18) != 18) puts("short write");
    close(fd);
    rc("unlink hello.txt", unlink("/sandbox/hello.txt"));
    fd = open("/sandbox/hard", O_RDONLY);
    n = read(fd, buf, sizeof buf);
    printf("hard after unlink of the other name:\n%.*s", (int)(n > 0 ? n : 0), buf);
    fstat(fd, &st);
    printf("nlink now: %lu\n", (unsigned long)st.st_nlink);
    close(fd);
    rc("stat ln_rel (now dangling)", stat("/sandbox/ln_rel", &st));
    rc("unlink symlink ln_dir", unlink("/sandbox/ln_dir"));
    rc("stat sub still there", stat("/sandbox/sub", &st));
    rc("readlink regular file", readlink("/sandbox/hard", buf, sizeof buf) >= 0 ? 0 : -1);
    return 0;
}
