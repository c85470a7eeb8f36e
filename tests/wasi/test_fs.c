/* test_fs.c: file, directory and descriptor calls against a real folder.
 *
 * Mirrors the behaviour wasi-testsuite expects from wasmtime: trailing
 * slashes, O_EXCL/O_TRUNC/O_DIRECTORY, rights inheritance and shrinking,
 * fd_readdir cookies and dirent layout, renumber, prestat.
 */
#include <string.h>

#include "harness.h"

static void prestat(void)
{
    uint32_t out = t_alloc(8), name = t_alloc(8), fd = t_alloc(24);
    T_OK(kiln_wasi_p1_fd_prestat_get(t_vm, 3, (int32_t)out));
    T_EQ(t_mem[out], 0);
    T_EQ(t_ld32(out + 4), 1);
    T_EQ(kiln_wasi_p1_fd_prestat_dir_name(t_vm, 3, (int32_t)name, 0),
         E_NAMETOOLONG);
    T_OK(kiln_wasi_p1_fd_prestat_dir_name(t_vm, 3, (int32_t)name, 2));
    T_EQ(t_mem[name], '/');
    T_EQ(kiln_wasi_p1_fd_prestat_get(t_vm, 4, (int32_t)out), E_BADF);
    T_EQ(kiln_wasi_p1_fd_prestat_get(t_vm, 1, (int32_t)out), E_BADF);
    T_OK(kiln_wasi_p1_fd_fdstat_get(t_vm, 3, (int32_t)fd));
    T_EQ(t_mem[fd], FT_DIR);
    T_EQ(t_ld64(fd + 8) & (R_FD_READ | R_FD_WRITE | R_FD_SEEK), 0);
    T_EQ(t_ld64(fd + 16), R_ALL);
}

static void open_flags(void)
{
    int32_t fd;
    T_EQ(t_open(3, 0, "f", 0, 0, 0, 0, &fd), E_NOENT);
    T_OK(t_open(3, 0, "f", O_CREAT_, R_FD_WRITE, 0, 0, &fd));
    uint32_t n;
    T_OK(t_write(fd, "hello", &n));
    T_EQ(n, 5);
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    T_EQ(kiln_wasi_p1_fd_close(t_vm, fd), E_BADF);
    T_EQ(t_open(3, 0, "f", O_CREAT_ | O_EXCL_, 0, 0, 0, &fd), E_EXIST);
    T_EQ(t_open(3, 0, "f/", 0, 0, 0, 0, &fd), E_NOTDIR);
    T_EQ(t_open(3, 0, "f///", 0, 0, 0, 0, &fd), E_NOTDIR);
    T_EQ(t_open(3, 0, "f", O_DIR_, 0, 0, 0, &fd), E_NOTDIR);
    /* Opening a directory for writing is refused. */
    T_EQ(t_open(3, 0, ".", O_DIR_, R_FD_READ | R_FD_WRITE, 0, 0, &fd),
         E_ISDIR);
    T_EQ(t_open(3, 0, ".", O_DIR_ | O_TRUNC_, 0, 0, 0, &fd), E_ISDIR);
    T_OK(t_open(3, 0, ".", O_DIR_, R_FD_READ | R_FD_SEEK, 0, 0, &fd));
    uint32_t st = t_alloc(24);
    T_OK(kiln_wasi_p1_fd_fdstat_get(t_vm, fd, (int32_t)st));
    T_EQ(t_ld64(st + 8) & (R_FD_READ | R_FD_SEEK), 0);
    char buf[8];
    T_EQ(t_read(fd, buf, 8, NULL), E_NOTCAPABLE);
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    /* O_TRUNC needs path_filestat_set_size on the directory. */
    T_OK(t_open(3, 0, "f", O_TRUNC_, R_FD_READ | R_FD_FILESTAT_GET, 0, 0,
                &fd));
    uint32_t fs = t_alloc(64);
    T_OK(kiln_wasi_p1_fd_filestat_get(t_vm, fd, (int32_t)fs));
    T_EQ(t_ld64(fs + 32), 0);
    T_EQ(t_mem[fs + 16], FT_REG);
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    T_OK(t_open(3, 0, ".", O_DIR_, R_PATH_OPEN, R_ALL, 0, &fd));
    T_EQ(t_open(fd, 0, "f", O_TRUNC_, 0, 0, 0, NULL), E_NOTCAPABLE);
    T_EQ(t_open(fd, 0, "g", O_CREAT_, 0, 0, 0, NULL), E_NOTCAPABLE);
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    /* Rights beyond the directory's inheriting set are dropped. */
    T_OK(t_open(3, 0, ".", O_DIR_, R_PATH_OPEN, R_FD_READ, 0, &fd));
    int32_t f2;
    T_OK(t_open(fd, 0, "f", 0, R_FD_READ | R_FD_WRITE, 0, 0, &f2));
    T_OK(kiln_wasi_p1_fd_fdstat_get(t_vm, f2, (int32_t)st));
    T_EQ(t_ld64(st + 8), R_FD_READ);
    T_EQ(t_write(f2, "x", NULL), E_NOTCAPABLE);
    /* A file is not a directory to open paths from. */
    T_EQ(t_open(f2, 0, "x", O_CREAT_, 0, 0, 0, NULL), E_NOTDIR);
    T_OK(kiln_wasi_p1_fd_close(t_vm, f2));
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    T_OK(t_unlink(3, "f"));
}

static void rights_shrink(void)
{
    int32_t fd;
    T_OK(t_open(3, 0, "r", O_CREAT_, R_FD_READ | R_FD_WRITE | R_FD_SEEK, 0, 0,
                &fd));
    T_OK(kiln_wasi_p1_fd_fdstat_set_rights(t_vm, fd, (int64_t)R_FD_SEEK, 0));
    T_EQ(t_write(fd, "x", NULL), E_NOTCAPABLE);
    T_EQ(kiln_wasi_p1_fd_fdstat_set_rights(t_vm, fd,
                                           (int64_t)(R_FD_SEEK | R_FD_READ),
                                           0), E_NOTCAPABLE);
    uint32_t pos = t_alloc(8);
    T_EQ(kiln_wasi_p1_fd_tell(t_vm, fd, (int32_t)pos), E_NOTCAPABLE);
    T_OK(kiln_wasi_p1_fd_seek(t_vm, fd, 0, 2, (int32_t)pos));
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    T_OK(t_unlink(3, "r"));
}

static void io(void)
{
    int32_t fd;
    uint64_t rw = R_FD_READ | R_FD_WRITE | R_FD_SEEK | R_FD_TELL |
                  ((uint64_t)1 << 3) | ((uint64_t)1 << 22) | R_FD_FILESTAT_GET;
    T_OK(t_open(3, 0, "io", O_CREAT_, rw, 0, 1 /* append */, &fd));
    T_OK(t_write(fd, "0123456789", NULL));
    uint32_t pos = t_alloc(8);
    T_OK(kiln_wasi_p1_fd_seek(t_vm, fd, 0, 0, (int32_t)pos));
    T_OK(t_write(fd, "ab", NULL)); /* appended despite the seek */
    T_OK(kiln_wasi_p1_fd_tell(t_vm, fd, (int32_t)pos));
    T_EQ(t_ld64(pos), 12);
    T_EQ(kiln_wasi_p1_fd_seek(t_vm, fd, -100, 1, (int32_t)pos), E_INVAL);
    T_EQ(kiln_wasi_p1_fd_seek(t_vm, fd, 0, 3, (int32_t)pos), E_INVAL);
    uint32_t st = t_alloc(24);
    T_OK(kiln_wasi_p1_fd_fdstat_get(t_vm, fd, (int32_t)st));
    T_EQ(t_mem[st + 2], 1);
    T_EQ(kiln_wasi_p1_fd_fdstat_set_flags(t_vm, fd, 16), E_INVAL);
    T_OK(kiln_wasi_p1_fd_fdstat_set_flags(t_vm, fd, 0));
    T_OK(kiln_wasi_p1_fd_fdstat_get(t_vm, fd, (int32_t)st));
    T_EQ(t_mem[st + 2], 0);
    /* pread/pwrite leave the position alone; two iovecs. */
    uint32_t b1 = t_alloc(3), b2 = t_alloc(4), iov = t_alloc(16);
    uint32_t v[4] = {b1, 3, b2, 4};
    memcpy(t_mem + iov, v, 16);
    uint32_t n = t_alloc(4);
    T_OK(kiln_wasi_p1_fd_pread(t_vm, fd, (int32_t)iov, 2, 2, (int32_t)n));
    T_EQ(t_ld32(n), 7);
    T_EQ(memcmp(t_mem + b1, "234", 3), 0);
    T_EQ(memcmp(t_mem + b2, "5678", 4), 0);
    T_OK(kiln_wasi_p1_fd_pwrite(t_vm, fd, (int32_t)iov, 1, 0, (int32_t)n));
    T_OK(kiln_wasi_p1_fd_tell(t_vm, fd, (int32_t)pos));
    T_EQ(t_ld64(pos), 12);
    /* An iovec reaching past memory faults without writing anything. */
    uint32_t bad[2] = {T_MEM_SIZE - 4, 8};
    memcpy(t_mem + iov, bad, 8);
    T_EQ(kiln_wasi_p1_fd_read(t_vm, fd, (int32_t)iov, 1, (int32_t)n),
         E_FAULT);
    T_EQ(kiln_wasi_p1_fd_read(t_vm, fd, (int32_t)iov, 0x10000000,
                              (int32_t)n), E_FAULT);
    T_EQ(kiln_wasi_p1_fd_write(t_vm, fd, (int32_t)iov, 0, T_MEM_SIZE),
         E_FAULT);
    T_OK(kiln_wasi_p1_fd_filestat_set_size(t_vm, fd, 4));
    uint32_t fs = t_alloc(64);
    T_OK(kiln_wasi_p1_fd_filestat_get(t_vm, fd, (int32_t)fs));
    T_EQ(t_ld64(fs + 32), 4);
    T_EQ(kiln_wasi_p1_fd_filestat_set_times(t_vm, fd, 0, 0, 1 | 2),
         E_NOTCAPABLE);
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    /* path_filestat_set_times: bad flag pairs, then a real change. */
    uint32_t p = t_str("io");
    T_EQ(kiln_wasi_p1_path_filestat_set_times(t_vm, 3, 0, (int32_t)p, 2, 0,
                                              5, 4 | 8), E_INVAL);
    T_OK(kiln_wasi_p1_path_filestat_set_times(t_vm, 3, 0, (int32_t)p, 2,
                                              1000000000, 2000000123, 1 | 4));
    T_OK(t_stat(3, 0, "io", NULL, NULL));
    uint32_t s2 = t_alloc(64);
    T_OK(kiln_wasi_p1_path_filestat_get(t_vm, 3, 0, (int32_t)p, 2,
                                        (int32_t)s2));
    T_EQ(t_ld64(s2 + 40), 1000000000);
    T_EQ(t_ld64(s2 + 48), 2000000123);
    T_OK(t_unlink(3, "io"));
}

static void dirs(void)
{
    T_OK(t_mkdir(3, "d"));
    T_EQ(t_mkdir(3, "d"), E_EXIST);
    T_OK(t_mkdir(3, "d/e/"));
    T_EQ(t_rmdir(3, "d"), E_NOTEMPTY);
    t_host_write("sandbox/d/file", "");
    T_EQ(t_unlink(3, "d/e"), E_ISDIR);
    T_EQ(t_unlink(3, "d/e/"), E_ISDIR);
    T_EQ(t_unlink(3, "d/file/"), E_NOTDIR);
    T_EQ(t_rmdir(3, "d/file"), E_NOTDIR);
    T_EQ(t_rmdir(3, "d/file/"), E_NOTDIR);
    uint32_t a = t_str("d/e/"), b = t_str("d/moved/");
    T_OK(kiln_wasi_p1_path_rename(t_vm, 3, (int32_t)a, 4, 3, (int32_t)b, 8));
    uint8_t type;
    T_OK(t_stat(3, 0, "d/moved", &type, NULL));
    T_EQ(type, FT_DIR);
    /* link: existing target, directory source, trailing slash. */
    uint32_t f = t_str("d/file"), l = t_str("d/link"), ls = t_str("d/lnk/");
    T_OK(kiln_wasi_p1_path_link(t_vm, 3, 0, (int32_t)f, 6, 3, (int32_t)l, 6));
    T_EQ(kiln_wasi_p1_path_link(t_vm, 3, 0, (int32_t)f, 6, 3, (int32_t)l, 6),
         E_EXIST);
    T_EQ(kiln_wasi_p1_path_link(t_vm, 3, 0, (int32_t)f, 6, 3, (int32_t)ls, 6),
         E_NOENT);
    uint32_t dm = t_str("d/moved");
    T_EQ(kiln_wasi_p1_path_link(t_vm, 3, 0, (int32_t)dm, 7, 3, (int32_t)ls, 5),
         E_PERM);
    /* symlink: existing destination, trailing slash. */
    T_EQ(t_symlink("x", 3, "d/moved"), E_EXIST);
    T_EQ(t_symlink("x", 3, "d/nothere/"), E_NOENT);
    T_EQ(t_symlink("x", 3, "d/moved/"), E_EXIST);
    T_EQ(t_symlink("x", 3, "d/file/"), E_NOTDIR);
    T_OK(t_symlink("file", 3, "d/sym"));
    uint32_t s = t_str("d/sym"), buf = t_alloc(8), n = t_alloc(4);
    T_OK(kiln_wasi_p1_path_readlink(t_vm, 3, (int32_t)s, 5, (int32_t)buf, 2,
                                    (int32_t)n));
    T_EQ(t_ld32(n), 2);
    T_EQ(memcmp(t_mem + buf, "fi", 2), 0);
    T_EQ(kiln_wasi_p1_path_readlink(t_vm, 3, (int32_t)f, 6, (int32_t)buf, 8,
                                    (int32_t)n), E_INVAL);
    T_OK(t_unlink(3, "d/sym"));
    T_OK(t_unlink(3, "d/link"));
    T_OK(t_unlink(3, "d/file"));
    T_OK(t_rmdir(3, "d/moved"));
    T_OK(t_rmdir(3, "d/"));
}

/* Walks fd_readdir with a small buffer and the guest's resume rule. */
static int count_entries(int32_t fd, uint32_t bufsize, int *dots,
                         uint64_t dot_ino)
{
    uint64_t cookie = 0;
    int total = 0;
    for (int guard = 0; guard < 10000; guard++) {
        t_reset();
        uint32_t buf = t_alloc(bufsize), n = t_alloc(4);
        if (kiln_wasi_p1_fd_readdir(t_vm, fd, (int32_t)buf, (int32_t)bufsize,
                                    (int64_t)cookie, (int32_t)n))
            return -1;
        uint32_t used = t_ld32(n), at = 0;
        while (at + 24 <= used) {
            uint32_t nl = t_ld32(buf + at + 16);
            if (at + 24 + nl > used)
                break; /* cut short: resume from it */
            const char *name = (const char *)t_mem + buf + at + 24;
            if (nl == 1 && name[0] == '.') {
                (*dots)++;
                T_EQ(t_ld64(buf + at + 8), dot_ino);
                T_EQ(t_mem[buf + at + 20], FT_DIR);
            } else if (nl == 2 && name[0] == '.' && name[1] == '.') {
                (*dots)++;
            } else {
                T_EQ(t_mem[buf + at + 20], FT_REG);
            }
            cookie = t_ld64(buf + at);
            total++;
            at += 24 + nl;
        }
        if (used < bufsize)
            return total;
    }
    return -2;
}

static void readdir(void)
{
    int32_t fd;
    T_OK(t_mkdir(3, "rd"));
    char name[32];
    for (int i = 0; i < 50; i++) {
        snprintf(name, sizeof name, "sandbox/rd/file-%d", i);
        t_host_write(name, "");
    }
    T_OK(t_open(3, 0, "rd", O_DIR_, R_FD_READDIR | R_FD_FILESTAT_GET, 0, 0,
                &fd));
    uint32_t fs = t_alloc(64);
    T_OK(kiln_wasi_p1_fd_filestat_get(t_vm, fd, (int32_t)fs));
    uint64_t ino = t_ld64(fs + 8);
    uint32_t sizes[] = {40, 64, 100, 256, 4096};
    for (int i = 0; i < 5; i++) {
        int dots = 0;
        T_EQ(count_entries(fd, sizes[i], &dots, ino), 52);
        T_EQ(dots, 2);
    }
    T_OK(kiln_wasi_p1_fd_close(t_vm, fd));
    t_reset();
    uint32_t buf = t_alloc(64), n = t_alloc(4);
    T_EQ(kiln_wasi_p1_fd_readdir(t_vm, 1, (int32_t)buf, 64, 0, (int32_t)n),
         E_NOTCAPABLE);
    for (int i = 0; i < 50; i++) {
        snprintf(name, sizeof name, "rd/file-%d", i);
        T_OK(t_unlink(3, name));
    }
    T_OK(t_rmdir(3, "rd"));
}

static void renumber(void)
{
    int32_t a, b;
    T_OK(t_open(3, 0, "n1", O_CREAT_, R_FD_READ, 0, 0, &a));
    T_OK(t_open(3, 0, "n2", O_CREAT_, R_FD_WRITE, 0, 0, &b));
    T_OK(kiln_wasi_p1_fd_renumber(t_vm, a, b));
    uint32_t st = t_alloc(24);
    T_EQ(kiln_wasi_p1_fd_fdstat_get(t_vm, a, (int32_t)st), E_BADF);
    T_OK(kiln_wasi_p1_fd_fdstat_get(t_vm, b, (int32_t)st));
    T_EQ(t_ld64(st + 8), R_FD_READ);
    T_EQ(kiln_wasi_p1_fd_renumber(t_vm, b, a), E_BADF);
    T_OK(kiln_wasi_p1_fd_renumber(t_vm, b, b));
    T_OK(kiln_wasi_p1_fd_close(t_vm, b));
    T_OK(t_unlink(3, "n1"));
    T_OK(t_unlink(3, "n2"));
}

int main(void)
{
    t_setup("fs", 0, NULL, 0, NULL);
    prestat();
    open_flags();
    rights_shrink();
    io();
    dirs();
    readdir();
    renumber();
    return t_finish();
}
