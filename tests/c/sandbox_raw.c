/* Sandbox through the raw WASI preview 1 calls (no wasi-libc path
 * handling): path_open, path_filestat_get, path_create_directory,
 * path_rename, path_link, path_symlink, path_readlink and
 * path_unlink_file on the preopen's descriptor with paths that escape.
 * Each must fail; "denied" stands for ERRNO_PERM or ERRNO_NOTCAPABLE. */
//! dir: fs /sandbox
//! symlink: abs_link {outside}/outside.txt
//! symlink: abs_dir {outside}
//! symlink: up ..
//! expect: file
//! exit: 0
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

static __wasi_fd_t preopen = (__wasi_fd_t)-1;

static const char *name(__wasi_errno_t e) {
    switch (e) {
    case __WASI_ERRNO_SUCCESS: return "ESCAPED";
    case __WASI_ERRNO_PERM: case __WASI_ERRNO_NOTCAPABLE: return "denied";
    case __WASI_ERRNO_NOENT: return "ENOENT";
    case __WASI_ERRNO_LOOP: return "ELOOP";
    case __WASI_ERRNO_NOTDIR: return "ENOTDIR";
    case __WASI_ERRNO_EXIST: return "EEXIST";
    case __WASI_ERRNO_INVAL: return "EINVAL";
    case __WASI_ERRNO_BADF: return "EBADF";
    case __WASI_ERRNO_ACCES: return "EACCES";
    case __WASI_ERRNO_NOSYS: return "ENOSYS";
    default: {
        static char b[32];
        snprintf(b, sizeof b, "errno %d", (int)e);
        return b;
    }
    }
}

static void open_try(const char *path, __wasi_lookupflags_t lf, __wasi_oflags_t of) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_path_open(preopen, lf, path, of,
        __WASI_RIGHTS_FD_READ | __WASI_RIGHTS_FD_WRITE | __WASI_RIGHTS_FD_SEEK, 0, 0, &fd);
    printf("path_open %-34s lookup=%d oflags=%d  %s\n", path, (int)lf, (int)of, name(e));
    if (e == 0) (void)!__wasi_fd_close(fd);
}

int main(void) {
    /* Find the preopen named /sandbox among fds 3..9. */
    for (__wasi_fd_t fd = 3; fd < 10; fd++) {
        __wasi_prestat_t ps;
        if (__wasi_fd_prestat_get(fd, &ps) != 0) continue;
        char buf[64] = "";
        if (ps.u.dir.pr_name_len < sizeof buf &&
            __wasi_fd_prestat_dir_name(fd, (uint8_t *)buf, ps.u.dir.pr_name_len) == 0 &&
            strcmp(buf, "/sandbox") == 0)
            preopen = fd;
    }
    printf("found /sandbox preopen: %s\n", preopen != (__wasi_fd_t)-1 ? "yes" : "no");
    const __wasi_lookupflags_t F = __WASI_LOOKUPFLAGS_SYMLINK_FOLLOW;
    open_try("..", 0, __WASI_OFLAGS_DIRECTORY);
    open_try("../outside/outside.txt", 0, 0);
    open_try("../outside/outside.txt", F, 0);
    open_try("sub/../../outside/outside.txt", F, 0);
    open_try("./../outside", F, __WASI_OFLAGS_DIRECTORY);
    open_try("/etc/passwd", F, 0);
    open_try("/", F, __WASI_OFLAGS_DIRECTORY);
    open_try("abs_link", F, 0);
    open_try("abs_link", F, __WASI_OFLAGS_TRUNC);
    open_try("abs_dir/outside.txt", F, 0);
    open_try("abs_dir/outside.txt", 0, 0);
    open_try("abs_dir/created", F, __WASI_OFLAGS_CREAT);
    open_try("up/outside/outside.txt", F, 0);
    open_try("up", F, __WASI_OFLAGS_DIRECTORY);
    open_try("sub/../../../../../../etc/passwd", F, 0);

    __wasi_filestat_t st;
    printf("path_filestat_get ../outside/outside.txt     %s\n",
           name(__wasi_path_filestat_get(preopen, F, "../outside/outside.txt", &st)));
    printf("path_filestat_get abs_link (follow)          %s\n",
           name(__wasi_path_filestat_get(preopen, F, "abs_link", &st)));
    __wasi_errno_t e = __wasi_path_filestat_get(preopen, 0, "abs_link", &st);
    printf("path_filestat_get abs_link (nofollow)        %s, is symlink %d\n",
           e == 0 ? "ok" : name(e), e == 0 && st.filetype == __WASI_FILETYPE_SYMBOLIC_LINK);
    printf("path_filestat_set_times ../outside/outside.txt %s\n",
           name(__wasi_path_filestat_set_times(preopen, F, "../outside/outside.txt", 0, 0,
                                               __WASI_FSTFLAGS_MTIM_NOW)));
    printf("path_create_directory ../outside/d           %s\n",
           name(__wasi_path_create_directory(preopen, "../outside/d")));
    printf("path_create_directory abs_dir/d              %s\n",
           name(__wasi_path_create_directory(preopen, "abs_dir/d")));
    printf("path_rename hello.txt -> ../outside/x        %s\n",
           name(__wasi_path_rename(preopen, "hello.txt", preopen, "../outside/x")));
    printf("path_rename ../outside/outside.txt -> in     %s\n",
           name(__wasi_path_rename(preopen, "../outside/outside.txt", preopen, "in")));
    printf("path_rename hello.txt -> abs_dir/x           %s\n",
           name(__wasi_path_rename(preopen, "hello.txt", preopen, "abs_dir/x")));
    printf("path_link hello.txt -> ../outside/h          %s\n",
           name(__wasi_path_link(preopen, 0, "hello.txt", preopen, "../outside/h")));
    printf("path_link ../outside/outside.txt -> h        %s\n",
           name(__wasi_path_link(preopen, 0, "../outside/outside.txt", preopen, "h")));
    printf("path_link (follow) abs_link -> h2            %s\n",
           name(__wasi_path_link(preopen, F, "abs_link", preopen, "h2")));
    printf("path_symlink x -> ../outside/s               %s\n",
           name(__wasi_path_symlink("x", preopen, "../outside/s")));
    printf("path_symlink x -> abs_dir/s                  %s\n",
           name(__wasi_path_symlink("x", preopen, "abs_dir/s")));
    printf("path_unlink_file ../outside/outside.txt      %s\n",
           name(__wasi_path_unlink_file(preopen, "../outside/outside.txt")));
    printf("path_unlink_file abs_dir/outside.txt         %s\n",
           name(__wasi_path_unlink_file(preopen, "abs_dir/outside.txt")));
    printf("path_remove_directory ../outside             %s\n",
           name(__wasi_path_remove_directory(preopen, "../outside")));
    uint8_t buf[16];
    __wasi_size_t n;
    printf("path_readlink ../outside/x                   %s\n",
           name(__wasi_path_readlink(preopen, "../outside/x", buf, sizeof buf, &n)));

    __wasi_fd_t fd;
    __wasi_fdstat_t fst;
    (void)!__wasi_fd_fdstat_get(preopen, &fst);
    e = __wasi_path_open(preopen, F, "sub", __WASI_OFLAGS_DIRECTORY,
                         __WASI_RIGHTS_PATH_OPEN | __WASI_RIGHTS_FD_READDIR | __WASI_RIGHTS_PATH_FILESTAT_GET,
                         fst.fs_rights_inheriting, 0, &fd);
    printf("path_open sub (inside)                       %s\n", e == 0 ? "ok" : name(e));
    if (e == 0) {
        __wasi_fd_t g;
        printf("  from sub: ../../outside/outside.txt        %s\n",
               name(__wasi_path_open(fd, F, "../../outside/outside.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &g)));
    }
    return 0;
}
