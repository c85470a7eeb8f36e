/* Folders under a preopen: mkdir/rmdir, rename of files and folders,
 * unlink, a sorted readdir listing, stat sizes and types, chdir with
 * relative paths. */
//! dir: fs /sandbox
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path) {
    DIR *d = opendir(path);
    if (!d) { printf("opendir %s: %s\n", path, strerror(errno)); return; }
    char *names[512];
    int n = 0;
    struct dirent *e;
    /* WASI runtimes differ on listing . and .. (wasmtime does, node
     * does not), so they are left out. */
    while ((e = readdir(d)) && n < 512)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) names[n++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp);
    printf("%s:", path);
    for (int i = 0; i < n; i++) {
        char full[512];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        struct stat st;
        if (lstat(full, &st) != 0) printf(" %s(?)", names[i]);
        else if (S_ISDIR(st.st_mode)) printf(" %s/", names[i]);
        else printf(" %s(%lld)", names[i], (long long)st.st_size);
        free(names[i]);
    }
    printf("\n");
}

static void rc(const char *what, int r) {
    printf("%-32s -> %d%s%s\n", what, r, r ? " " : "", r ? strerror(errno) : "");
}

static void touch(const char *p, const char *text) {
    int fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    if (fd < 0) { printf("touch %s: %s\n", p, strerror(errno)); return; }
    if (write(fd, text, strlen(text)) < 0) printf("write failed\n");
    close(fd);
}

int main(void) {
    list("/sandbox");
    list("/sandbox/sub");
    rc("mkdir a", mkdir("/sandbox/a", 0755));
    rc("mkdir a again", mkdir("/sandbox/a", 0755));
    rc("mkdir a/b", mkdir("/sandbox/a/b", 0755));
    rc("mkdir missing/x", mkdir("/sandbox/missing/x", 0755));
    touch("/sandbox/a/b/file1", "one");
    touch("/sandbox/a/file2", "two two");
    rc("rmdir a (not empty)", rmdir("/sandbox/a"));
    rc("rmdir emptydir (has .keep)", rmdir("/sandbox/emptydir"));
    rc("unlink emptydir/.keep", unlink("/sandbox/emptydir/.keep"));
    rc("rmdir emptydir", rmdir("/sandbox/emptydir"));
    rc("rename a/file2 -> a/b/file3", rename("/sandbox/a/file2", "/sandbox/a/b/file3"));
    rc("rename a/b -> c", rename("/sandbox/a/b", "/sandbox/c"));
    rc("rename missing", rename("/sandbox/none", "/sandbox/none2"));
    touch("/sandbox/over", "will be replaced");
    rc("rename hello.txt over 'over'", rename("/sandbox/hello.txt", "/sandbox/over"));
    rc("unlink a dir", unlink("/sandbox/c"));
    rc("rmdir a file", rmdir("/sandbox/over"));
    rc("unlink missing", unlink("/sandbox/missing"));
    list("/sandbox");
    list("/sandbox/c");

    struct stat st;
    rc("stat over", stat("/sandbox/over", &st));
    printf("over: reg=%d dir=%d size=%lld\n", S_ISREG(st.st_mode), S_ISDIR(st.st_mode), (long long)st.st_size);
    rc("stat c", stat("/sandbox/c", &st));
    printf("c: reg=%d dir=%d\n", S_ISREG(st.st_mode), S_ISDIR(st.st_mode));
    rc("stat numbers.bin", stat("/sandbox/numbers.bin", &st));
    printf("numbers.bin size=%lld\n", (long long)st.st_size);
    rc("access over R_OK", access("/sandbox/over", R_OK));
    rc("access missing F_OK", access("/sandbox/missing", F_OK));

    rc("chdir /sandbox/sub", chdir("/sandbox/sub"));
    char cwd[256];
    printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : strerror(errno));
    rc("mkdir rel (relative)", mkdir("rel", 0755));
    touch("rel/inner.txt", "relative path file\n");
    rc("stat ../over (stays inside)", stat("../over", &st));
    rc("chdir deeper", chdir("deeper"));
    FILE *f = fopen("leaf.txt", "r");
    char line[64] = "";
    if (f) { fgets(line, sizeof line, f); fclose(f); }
    printf("leaf.txt via relative path: %s", line);
    rc("chdir /sandbox", chdir("/sandbox"));

    for (int i = 0; i < 150; i++) {
        char p[64];
        snprintf(p, sizeof p, "/sandbox/many/f%03d", (i * 37) % 150);
        if (i == 0) mkdir("/sandbox/many", 0755);
        touch(p, "x");
    }
    DIR *d = opendir("/sandbox/many");
    int count = 0, again = 0;
    struct dirent *e;
    while ((e = readdir(d))) count += e->d_name[0] != '.';
    rewinddir(d);
    while ((e = readdir(d))) again += e->d_name[0] != '.';
    closedir(d);
    printf("many: %d entries, after rewinddir %d\n", count, again);
    list("/sandbox/sub");
    return 0;
}
