/* File IO with POSIX calls under a preopened folder: create, write, read
 * back, lseek/tell, pread/pwrite, ftruncate, O_APPEND, O_EXCL, fstat. */
//! dir: fs /sandbox
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void check(const char *what, long rc) {
    printf("%-28s -> %ld%s%s\n", what, rc, rc < 0 ? " errno " : "", rc < 0 ? strerror(errno) : "");
}

int main(void) {
    char buf[256];
    int fd = open("/sandbox/hello.txt", O_RDONLY);
    check("open hello.txt", fd >= 0 ? 0 : -1);
    ssize_t n = read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("read %zd bytes: %s", n, buf);
    check("read at EOF", read(fd, buf, 10));
    check("lseek SEEK_SET 6", lseek(fd, 6, SEEK_SET));
    n = read(fd, buf, 4);
    printf("after seek: %.*s\n", (int)n, buf);
    check("lseek SEEK_CUR 0 (tell)", lseek(fd, 0, SEEK_CUR));
    check("lseek SEEK_END -3", lseek(fd, -3, SEEK_END));
    check("write to read-only fd", write(fd, "x", 1));
    close(fd);

    fd = open("/sandbox/new.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
    check("create new.txt", fd >= 0 ? 0 : -1);
    for (int i = 0; i < 100; i++) {
        int len = snprintf(buf, sizeof buf, "line %03d of the new file\n", i);
        if (write(fd, buf, (size_t)len) != len) puts("short write");
    }
    struct stat st;
    fstat(fd, &st);
    printf("size after writes: %lld, regular: %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    check("pwrite at 5", pwrite(fd, "XYZ", 3, 5));
    check("tell after pwrite", lseek(fd, 0, SEEK_CUR));
    close(fd);

    fd = open("/sandbox/new.txt", O_RDWR);
    check("pread 12 at 0", pread(fd, buf, 12, 0));
    printf("pread: %.12s\n", buf);
    check("pread past end", pread(fd, buf, 12, 100000));
    check("ftruncate to 50", ftruncate(fd, 50));
    fstat(fd, &st);
    printf("size after truncate: %lld\n", (long long)st.st_size);
    check("ftruncate to 60 (grow)", ftruncate(fd, 60));
    n = pread(fd, buf, 20, 45);
    printf("grown tail (%zd bytes):", n);
    for (ssize_t i = 0; i < n; i++) printf(" %02x", (unsigned char)buf[i]);
    printf("\n");
    check("lseek beyond end 100", lseek(fd, 100, SEEK_SET));
    check("write at 100", write(fd, "end", 3));
    fstat(fd, &st);
    printf("size with hole: %lld\n", (long long)st.st_size);
    close(fd);

    fd = open("/sandbox/log.txt", O_CREAT | O_WRONLY | O_APPEND, 0644);
    check("write first (append)", write(fd, "first\n", 6));
    check("lseek to 0 in append", lseek(fd, 0, SEEK_SET));
    check("write second (append)", write(fd, "second\n", 7));
    close(fd);
    fd = open("/sandbox/log.txt", O_WRONLY | O_APPEND);
    check("write third (reopen)", write(fd, "third\n", 6));
    close(fd);
    fd = open("/sandbox/log.txt", O_RDONLY);
    n = read(fd, buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = 0;
    printf("log.txt:\n%s", buf);
    close(fd);

    check("O_EXCL on existing", open("/sandbox/log.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    printf("errno is EEXIST: %d\n", errno == EEXIST);
    check("open missing", open("/sandbox/nope.txt", O_RDONLY));
    printf("errno is ENOENT: %d\n", errno == ENOENT);
    check("O_TRUNC existing", fd = open("/sandbox/hello.txt", O_WRONLY | O_TRUNC));
    close(fd);
    stat("/sandbox/hello.txt", &st);
    printf("hello.txt size after O_TRUNC: %lld\n", (long long)st.st_size);
    check("open dir for write", open("/sandbox/sub", O_WRONLY));
    printf("errno is EISDIR: %d\n", errno == EISDIR);
    check("close bad fd", close(1234));
    printf("errno is EBADF: %d\n", errno == EBADF);
    return 0;
}
