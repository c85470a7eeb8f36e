/* embed_fs.c: the read-only filesystem of `kiln build --embed-dir`
 * (run_baremetal.py --embed-fixture builds the directory: hello.txt,
 * sub/big.bin of 70,000 bytes, sub/deeper/note.txt) read through
 * wasi-libc: list directories, read a small file and one larger than a
 * page, seek, stat, and fail to change anything (EROFS), to leave the
 * preopen (EPERM) or to open what is not there.  As a core module it
 * runs on the preview1 host; as a component, through the preview1
 * adapter, on wasi:filesystem. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    char *names[64];
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) && n < 64;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    printf("%s: %d entries\n", path, n);
    for (int i = 0; i < n; i++) {
        char full[256];
        struct stat st;
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        if (stat(full, &st) != 0)
            printf("  %s: stat: %s\n", names[i], strerror(errno));
        else
            printf("  %s %s %lld\n", names[i], S_ISDIR(st.st_mode) ? "dir" : "file",
                   S_ISDIR(st.st_mode) ? 0LL : (long long)st.st_size);
        free(names[i]);
    }
}

static void attempt(const char *what, int rc)
{
    printf("%s: %s\n", what, rc == 0 ? "ok" : strerror(errno));
}

int main(void)
{
    list("/data");
    list("/data/sub");
    list("/data/sub/deeper");

    char line[128];
    FILE *f = fopen("/data/hello.txt", "r");
    if (f && fgets(line, sizeof line, f))
        printf("hello.txt: %s", line);
    if (f)
        fclose(f);

    int fd = open("/data/sub/big.bin", O_RDONLY);
    if (fd < 0) {
        printf("open big.bin: %s\n", strerror(errno));
        return 1;
    }
    static unsigned char buf[4096];
    unsigned long total = 0, sum = 2166136261u;
    for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0; total += (unsigned long)n)
        for (ssize_t i = 0; i < n; i++)
            sum = (sum ^ buf[i]) * 16777619u;
    printf("big.bin: %lu bytes, fnv %08lx\n", total, sum & 0xffffffffu);
    struct stat st;
    if (fstat(fd, &st) == 0)
        printf("fstat: %lld bytes, regular %d\n", (long long)st.st_size,
               S_ISREG(st.st_mode));
    printf("seek 65530: %lld\n", (long long)lseek(fd, 65530, SEEK_SET));
    ssize_t n = read(fd, buf, 10);
    printf("read %zd:", n);
    for (ssize_t i = 0; i < n; i++)
        printf(" %02x", buf[i]);
    printf("\nseek end-3: %lld\n", (long long)lseek(fd, -3, SEEK_END));
    n = read(fd, buf, 10);
    printf("read %zd: %02x %02x %02x\n", n, buf[0], buf[1], buf[2]);
    printf("read at end: %zd\n", read(fd, buf, 10));
    printf("pread 1000: %zd %02x\n", pread(fd, buf, 1, 1000), buf[0]);
    close(fd);

    errno = 0;
    FILE *w = fopen("/data/new.txt", "w");
    printf("create new.txt: %s\n", w ? "ok" : strerror(errno));
    attempt("open hello.txt for writing",
            open("/data/hello.txt", O_WRONLY) < 0 ? -1 : 0);
    attempt("truncate hello.txt",
            open("/data/hello.txt", O_RDONLY | O_TRUNC) < 0 ? -1 : 0);
    attempt("mkdir", mkdir("/data/newdir", 0755));
    attempt("unlink hello.txt", unlink("/data/hello.txt"));
    attempt("rmdir sub/deeper", rmdir("/data/sub/deeper"));
    attempt("rename", rename("/data/hello.txt", "/data/bye.txt"));
    attempt("open ../x", open("/data/../x", O_RDONLY) < 0 ? -1 : 0);
    attempt("open sub/../../x", open("/data/sub/../../x", O_RDONLY) < 0 ? -1 : 0);
    attempt("open nope", open("/data/nope", O_RDONLY) < 0 ? -1 : 0);
    attempt("open hello.txt/", open("/data/hello.txt/", O_RDONLY) < 0 ? -1 : 0);
    f = fopen("/data/sub/../sub/deeper/./note.txt", "r");
    if (f && fgets(line, sizeof line, f))
        printf("note.txt: %s", line);
    if (f)
        fclose(f);
    return 0;
}
