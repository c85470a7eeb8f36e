/* path.c: the path_* calls of WASI preview1.
 *
 * path_open (witx `oflags`, `fdflags`, rights), path_create_directory,
 * path_link, path_readlink, path_remove_directory, path_rename,
 * path_symlink and path_unlink_file.  Paths go through kw_resolve, which
 * keeps them beneath the directory descriptor and expands symlinks itself;
 * the host calls below then act on the last component without following
 * links (O_NOFOLLOW, no AT_SYMLINK_FOLLOW).
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kw.h"

KwResolve kw_lookup_mode(int32_t lookupflags)
{
    return (lookupflags & KW_LOOKUP_FOLLOW) ? KW_RES_FOLLOW : KW_RES_LOOKUP;
}

int32_t kw_resolve(KilnVmctx *vm, int32_t fd, uint64_t rights, uint32_t ptr,
                   uint32_t len, KwResolve mode, KwPath *out)
{
    KwFd *d;
    int32_t r = kw_fd_get(kw_state(vm), fd, 0, &d);
    if (r)
        return r;
    if (d->type != KW_FT_DIR)
        return KW_ENOTDIR;
    if ((d->base & rights) != rights)
        return KW_ENOTCAPABLE;
    const uint8_t *p = kw_mem(vm, ptr, len);
    if (!p)
        return KW_EFAULT;
    return kw_errno(kw_resolve_at(d->host, (const char *)p, len, mode, out));
}

/* Rights a new descriptor keeps, given what kind of object it is. */
static uint64_t type_rights(uint8_t type)
{
    switch (type) {
    case KW_FT_DIR: return KW_R_DIR;
    case KW_FT_SOCK_STREAM:
    case KW_FT_SOCK_DGRAM: return KW_R_SOCK;
    case KW_FT_REG: return KW_R_FILE;
    default: return KW_R_FILE & ~(KW_R_FD_SEEK | KW_R_FD_TELL);
    }
}

static int open_flags(uint32_t oflags, uint64_t rights)
{
    bool rd = rights & (KW_R_FD_READ | KW_R_FD_READDIR);
    bool wr = rights & (KW_R_FD_WRITE | KW_R_FD_ALLOCATE |
                        KW_R_FD_FILESTAT_SET_SIZE);
    int fl = O_CLOEXEC | O_NOFOLLOW;
    fl |= wr ? (rd ? O_RDWR : O_WRONLY) : O_RDONLY;
    if (oflags & KW_O_CREAT)
        fl |= O_CREAT;
    if (oflags & KW_O_DIRECTORY)
        fl |= O_DIRECTORY;
    if (oflags & KW_O_EXCL)
        fl |= O_EXCL;
    if (oflags & KW_O_TRUNC)
        fl |= O_TRUNC;
    return fl;
}

int32_t kiln_wasi_p1_path_open(KilnVmctx *vm, int32_t fd, int32_t dirflags,
                               int32_t path, int32_t path_len, int32_t oflags,
                               int64_t rights_base, int64_t rights_inheriting,
                               int32_t fdflags, int32_t out)
{
    struct KilnWasi *w = kw_state(vm);
    uint32_t of = (uint32_t)oflags, ff = (uint32_t)fdflags;
    KwFd *d;
    int32_t r = kw_fd_get(w, fd, 0, &d);
    if (r)
        return r;
    if (!kw_mem(vm, (uint32_t)out, 4))
        return KW_EFAULT;
    if ((of & ~15u) || (ff & ~31u))
        return KW_EINVAL;
    uint64_t need = KW_R_PATH_OPEN;
    if (of & KW_O_CREAT)
        need |= KW_R_PATH_CREATE_FILE;
    if (of & KW_O_TRUNC)
        need |= KW_R_PATH_FILESTAT_SET_SIZE;
    /* O_CREAT|O_EXCL never follows a final symlink (POSIX). */
    KwResolve mode = kw_lookup_mode(dirflags);
    if ((of & (KW_O_CREAT | KW_O_EXCL)) == (KW_O_CREAT | KW_O_EXCL))
        mode = KW_RES_LOOKUP;
    KwPath rp;
    if ((r = kw_resolve(vm, fd, need, (uint32_t)path, (uint32_t)path_len,
                        mode, &rp)))
        return r;
    /* New descriptors get at most the directory's inheriting rights. */
    uint64_t base = (uint64_t)rights_base & d->inh;
    uint64_t inh = (uint64_t)rights_inheriting & d->inh;
    int h = openat(rp.dir, rp.name, open_flags(of, base) | kw_open_flags(ff),
                   0666);
    r = h < 0 ? kw_err() : 0;
    kw_path_done(&rp);
    if (r)
        return r;
    uint8_t type = kw_host_filetype(h);
    KwFd e = {.host = h, .type = type, .owned = true,
              .base = base & type_rights(type), .inh = inh};
    int32_t slot = kw_fd_insert(w, &e);
    if (slot < 0) {
        close(h);
        return KW_ENOMEM;
    }
    return kw_put32(vm, (uint32_t)out, (uint32_t)slot);
}

int32_t kiln_wasi_p1_path_create_directory(KilnVmctx *vm, int32_t fd,
                                           int32_t path, int32_t path_len)
{
    KwPath rp;
    int32_t r = kw_resolve(vm, fd, KW_R_PATH_CREATE_DIRECTORY, (uint32_t)path,
                           (uint32_t)path_len, KW_RES_ENTRY, &rp);
    if (r)
        return r;
    if (mkdirat(rp.dir, rp.name, 0777) != 0)
        r = kw_err();
    kw_path_done(&rp);
    return r;
}

int32_t kiln_wasi_p1_path_remove_directory(KilnVmctx *vm, int32_t fd,
                                           int32_t path, int32_t path_len)
{
    KwPath rp;
    int32_t r = kw_resolve(vm, fd, KW_R_PATH_REMOVE_DIRECTORY, (uint32_t)path,
                           (uint32_t)path_len, KW_RES_ENTRY, &rp);
    if (r)
        return r;
    if (unlinkat(rp.dir, rp.name, AT_REMOVEDIR) != 0)
        r = kw_err();
    kw_path_done(&rp);
    return r;
}

int32_t kiln_wasi_p1_path_unlink_file(KilnVmctx *vm, int32_t fd, int32_t path,
                                      int32_t path_len)
{
    KwPath rp;
    int32_t r = kw_resolve(vm, fd, KW_R_PATH_UNLINK_FILE, (uint32_t)path,
                           (uint32_t)path_len, KW_RES_ENTRY, &rp);
    if (r)
        return r;
    if (unlinkat(rp.dir, rp.name, 0) != 0)
        r = kw_err();
    kw_path_done(&rp);
    return r;
}

int32_t kiln_wasi_p1_path_link(KilnVmctx *vm, int32_t old_fd,
                               int32_t old_flags, int32_t old_path,
                               int32_t old_len, int32_t new_fd,
                               int32_t new_path, int32_t new_len)
{
    KwPath o, n;
    int32_t r = kw_resolve(vm, old_fd, KW_R_PATH_LINK_SOURCE,
                           (uint32_t)old_path, (uint32_t)old_len,
                           kw_lookup_mode(old_flags), &o);
    if (r)
        return r;
    r = kw_resolve(vm, new_fd, KW_R_PATH_LINK_TARGET, (uint32_t)new_path,
                   (uint32_t)new_len, KW_RES_ENTRY, &n);
    if (r) {
        kw_path_done(&o);
        return r;
    }
    if (linkat(o.dir, o.name, n.dir, n.name, 0) != 0)
        r = kw_err();
    kw_path_done(&o);
    kw_path_done(&n);
    return r;
}

int32_t kiln_wasi_p1_path_rename(KilnVmctx *vm, int32_t fd, int32_t old_path,
                                 int32_t old_len, int32_t new_fd,
                                 int32_t new_path, int32_t new_len)
{
    KwPath o, n;
    int32_t r = kw_resolve(vm, fd, KW_R_PATH_RENAME_SOURCE, (uint32_t)old_path,
                           (uint32_t)old_len, KW_RES_ENTRY, &o);
    if (r)
        return r;
    r = kw_resolve(vm, new_fd, KW_R_PATH_RENAME_TARGET, (uint32_t)new_path,
                   (uint32_t)new_len, KW_RES_ENTRY, &n);
    if (r) {
        kw_path_done(&o);
        return r;
    }
    if (renameat(o.dir, o.name, n.dir, n.name) != 0)
        r = kw_err();
    kw_path_done(&o);
    kw_path_done(&n);
    return r;
}

int32_t kiln_wasi_p1_path_readlink(KilnVmctx *vm, int32_t fd, int32_t path,
                                   int32_t path_len, int32_t buf,
                                   int32_t buf_len, int32_t out)
{
    uint8_t *dst = kw_mem(vm, (uint32_t)buf, (uint32_t)buf_len);
    if (!dst || !kw_mem(vm, (uint32_t)out, 4))
        return KW_EFAULT;
    KwPath rp;
    int32_t r = kw_resolve(vm, fd, KW_R_PATH_READLINK, (uint32_t)path,
                           (uint32_t)path_len, KW_RES_LOOKUP, &rp);
    if (r)
        return r;
    char tmp[PATH_MAX];
    ssize_t n = readlinkat(rp.dir, rp.name, tmp, sizeof tmp);
    r = n < 0 ? kw_err() : 0;
    kw_path_done(&rp);
    if (r)
        return r;
    /* A short buffer gets the link's first bytes (as wasmtime does). */
    size_t m = (size_t)n < (uint32_t)buf_len ? (size_t)n : (uint32_t)buf_len;
    memcpy(dst, tmp, m);
    return kw_put32(vm, (uint32_t)out, (uint32_t)m);
}

/* The link text is stored as given; only absolute targets are refused,
 * since resolution never follows a link outside the directory anyway. */
int32_t kiln_wasi_p1_path_symlink(KilnVmctx *vm, int32_t old_path,
                                  int32_t old_len, int32_t fd,
                                  int32_t new_path, int32_t new_len)
{
    const uint8_t *t = kw_mem(vm, (uint32_t)old_path, (uint32_t)old_len);
    if (!t)
        return KW_EFAULT;
    if (memchr(t, 0, (uint32_t)old_len))
        return KW_EINVAL;
    if (old_len > 0 && t[0] == '/')
        return KW_EPERM;
    char *target = strndup((const char *)t, (uint32_t)old_len);
    if (!target)
        return KW_ENOMEM;
    KwPath rp;
    int32_t r = kw_resolve(vm, fd, KW_R_PATH_SYMLINK, (uint32_t)new_path,
                           (uint32_t)new_len, KW_RES_ENTRY, &rp);
    if (r == 0) {
        if ((r = kw_errno(kw_symlink_slash(&rp))) == 0 &&
            symlinkat(target, rp.dir, rp.name) != 0)
            r = kw_err();
        kw_path_done(&rp);
    }
    free(target);
    return r;
}
