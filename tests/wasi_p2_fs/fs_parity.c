/* fs_parity.c: a wasi-libc program doing every kind of file operation the
 * preview1 adapter maps onto wasi:filesystem, printing each result.
 * parity.py runs it as a core module (kiln's preview1 host) and as a
 * WASI 0.2 command component (`jco new --wasi-command`: the adapter on
 * kiln's wasi:filesystem) in two copies of one folder, and requires the
 * same output and the same folder afterwards. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void say(const char *what, long r)
{
    int e = errno;
    if (r < 0)
        printf("%-44s -1 %s\n", what, strerror(e));
    else
        printf("%-44s %ld\n", what, r);
}
#define T(x) say(#x, (long)(x))

static const char *kind(mode_t m)
{
    return S_ISREG(m) ? "file" : S_ISDIR(m) ? "dir" : S_ISLNK(m) ? "link" : "other";
}

static void show_stat(const char *path, int follow)
{
    struct stat st;
    int r = follow ? stat(path, &st) : lstat(path, &st);
    if (r != 0) {
        printf("stat %s: %s\n", path, strerror(errno));
        return;
    }
    printf("stat %s: %s size=%lld nlink=%ld\n", path, kind(st.st_mode),
           S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size,
           S_ISDIR(st.st_mode) ? 0L : (long)st.st_nlink);
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Entries in name order with their d_type, and whether each d_ino is the
 * st_ino that lstat reports (not for `..`: the adapter can only ask
 * beneath the directory, where `..` is out of reach). */
static void list(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    char *names[256];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 256) {
        char full[512], *s = malloc(600);
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, e->d_name);
        int ok = lstat(full, &st) == 0 && st.st_ino == e->d_ino;
        if (strcmp(e->d_name, "..") == 0)
            ok = 1;
        snprintf(s, 600, "%s:%d:%s", e->d_name, e->d_type, ok ? "ino" : "INO?");
        names[n++] = s;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    printf("list %s:", path);
    for (int i = 0; i < n; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void files(void)
{
    char buf[128];
    int fd = open("/d/a.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    T(fd >= 0);
    T(write(fd, "hello world", 11));
    T(lseek(fd, 0, SEEK_CUR));
    T(lseek(fd, 0, SEEK_END));
    T(lseek(fd, 2, SEEK_SET));
    memset(buf, 0, sizeof buf);
    T(read(fd, buf, 5));
    printf("read: %s\n", buf);
    T(pwrite(fd, "W", 1, 6));
    memset(buf, 0, sizeof buf);
    T(pread(fd, buf, sizeof buf - 1, 0));
    printf("pread: %s\n", buf);
    T(pread(fd, buf, 10, 1000));
    T(ftruncate(fd, 20));
    show_stat("/d/a.txt", 1);
    T(ftruncate(fd, 5));
    struct timespec ts[2] = {{1000000000, 5}, {1500000000, 7}};
    T(futimens(fd, ts));
    struct stat st;
    T(fstat(fd, &st));
    printf("times: %lld.%09ld %lld.%09ld\n", (long long)st.st_atim.tv_sec,
           st.st_atim.tv_nsec, (long long)st.st_mtim.tv_sec,
           st.st_mtim.tv_nsec);
    struct timespec keep[2] = {{0, UTIME_OMIT}, {1600000000, 0}};
    T(utimensat(AT_FDCWD, "/d/a.txt", keep, 0));
    T(stat("/d/a.txt", &st));
    printf("times: %lld %lld\n", (long long)st.st_atim.tv_sec,
           (long long)st.st_mtim.tv_sec);
    T(fsync(fd));
    T(fdatasync(fd));
    T(posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM));
    T(close(fd));

    fd = open("/d/a.txt", O_WRONLY | O_APPEND);
    T(write(fd, "+1", 2));
    T(pwrite(fd, "+2", 2, 0)); /* POSIX says append; Linux appends too */
    T(close(fd));
    fd = open("/d/a.txt", O_RDONLY);
    memset(buf, 0, sizeof buf);
    T(read(fd, buf, sizeof buf - 1));
    printf("after append: %s\n", buf);
    T(write(fd, "x", 1));
    /* (ftruncate here differs on purpose: preview1 says ENOTCAPABLE,
     * wasi:filesystem not-permitted, as wasmtime) */
    T(close(fd));
    fd = open("/d/a.txt", O_WRONLY);
    T(read(fd, buf, 1));
    T(close(fd));
    fd = open("/d/a.txt", O_WRONLY | O_TRUNC);
    T(close(fd));
    show_stat("/d/a.txt", 1);
}

static void dirs_and_links(void)
{
    T(mkdir("/d/sub", 0755));
    T(mkdir("/d/sub", 0755));
    T(mkdir("/d/sub/deeper/", 0755));
    T(mkdir("/d/missing/x", 0755));
    int fd = open("/d/sub/f", O_CREAT | O_WRONLY, 0644);
    T(write(fd, "ff", 2));
    T(close(fd));
    T(rename("/d/sub/f", "/d/sub/g"));
    T(rename("/d/sub/nope", "/d/sub/h"));
    T(link("/d/sub/g", "/d/hard"));
    show_stat("/d/hard", 1);
    T(symlink("sub/g", "/d/soft"));
    T(symlink("sub", "/d/subl"));
    T(symlink("nowhere", "/d/dangling"));
    T(symlink("loop2", "/d/loop1"));
    T(symlink("loop1", "/d/loop2"));
    char lb[64];
    memset(lb, 0, sizeof lb);
    T(readlink("/d/soft", lb, sizeof lb));
    printf("readlink: %s\n", lb);
    T(readlink("/d/hard", lb, sizeof lb));
    show_stat("/d/soft", 1);
    show_stat("/d/soft", 0);
    show_stat("/d/subl/g", 1);
    show_stat("/d/dangling", 1);
    show_stat("/d/dangling", 0);
    show_stat("/d/loop1", 1);
    T(open("/d/loop1", O_RDONLY));
    T(open("/d/dangling", O_CREAT | O_EXCL | O_WRONLY, 0644));
    struct stat a, b;
    T(stat("/d/hard", &a) == 0 && stat("/d/sub/g", &b) == 0 &&
      a.st_ino == b.st_ino && a.st_dev == b.st_dev);
    T(stat("/d/a.txt", &a) == 0 && a.st_ino != b.st_ino);
    for (int i = 0; i < 60; i++) {
        char n[64];
        snprintf(n, sizeof n, "/d/sub/entry_with_a_long_name_%02d", i);
        close(open(n, O_CREAT | O_WRONLY, 0644));
    }
    list("/d");
    list("/d/sub");
    list("/d/subl/");
    /* telldir / seekdir over the adapter's cookies */
    DIR *d = opendir("/d/sub");
    long pos = -1;
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (++seen == 20)
            pos = telldir(d);
    }
    seekdir(d, pos);
    int rest = 0;
    while (readdir(d))
        rest++;
    rewinddir(d);
    int again = 0;
    while (readdir(d))
        again++;
    closedir(d);
    printf("seen %d, after seekdir %d, after rewind %d\n", seen, rest, again);

    T(rmdir("/d/sub"));
    T(unlink("/d/sub"));
    T(rmdir("/d/a.txt"));
    T(unlink("/d/subl"));
    T(unlink("/d/hard"));
    T(unlink("/d/hard"));
    T(rmdir("/d/sub/deeper"));
    T(rename("/d/sub/g", "/d/a.txt")); /* over an existing file */
    show_stat("/d/a.txt", 1);
    T(open("/d/sub", O_WRONLY));
    T(open("/d/a.txt", O_RDONLY | O_DIRECTORY));
    T(open("/d/a.txt/", O_RDONLY));
    T(open("/d/a.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    T(access("/d/a.txt", R_OK));
    T(access("/d/none", F_OK));
}

static void escapes(void)
{
    T(symlink("../outside", "/d/up"));
    T(symlink("/etc", "/d/abs"));
    T(open("/d/../etc/passwd", O_RDONLY));
    T(open("/d/sub/../../x", O_RDONLY));
    T(open("/d/up/secret", O_RDONLY));
    T(open("/d/abs/passwd", O_RDONLY));
    T(mkdir("/d/up/new", 0755));
    T(rename("/d/a.txt", "/d/up/stolen"));
    T(link("/d/a.txt", "/d/up/stolen"));
    show_stat("/d/up", 0);
    show_stat("/d/up/secret", 1);
    T(unlink("/d/up"));
    T(unlink("/d/abs"));
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    files();
    dirs_and_links();
    escapes();
    return 0;
}
