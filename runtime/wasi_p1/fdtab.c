/* fdtab.c: the WASI descriptor table and the host state's lifetime.
 *
 * Descriptors 0-2 are the configured stdio streams, preopened directories
 * follow from 3 in configuration order (witx `fd`, `prestat`).  Each slot
 * carries the rights of the witx capability model: base rights gate the
 * calls made on the descriptor, inheriting rights bound what path_open may
 * grant to descriptors opened through it.
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kw.h"

uint8_t kw_filetype(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return KW_FT_REG;
    case S_IFDIR: return KW_FT_DIR;
    case S_IFCHR: return KW_FT_CHAR;
    case S_IFBLK: return KW_FT_BLOCK;
    case S_IFLNK: return KW_FT_SYMLINK;
    case S_IFSOCK: return KW_FT_SOCK_STREAM;
    default: return KW_FT_UNKNOWN;
    }
}

uint8_t kw_host_filetype(int host)
{
    struct stat st;
    if (fstat(host, &st) != 0)
        return KW_FT_UNKNOWN;
    return kw_filetype(st.st_mode);
}

uint16_t kw_fdflags(int host)
{
    int fl = fcntl(host, F_GETFL);
    uint16_t r = 0;
    if (fl < 0)
        return 0;
    if (fl & O_APPEND)
        r |= KW_FDF_APPEND;
    if (fl & O_NONBLOCK)
        r |= KW_FDF_NONBLOCK;
    if ((fl & O_SYNC) == O_SYNC)
        r |= KW_FDF_SYNC;
    else if (fl & O_DSYNC)
        r |= KW_FDF_DSYNC;
    return r;
}

int kw_open_flags(uint32_t fdflags)
{
    int fl = 0;
    if (fdflags & KW_FDF_APPEND)
        fl |= O_APPEND;
    if (fdflags & KW_FDF_DSYNC)
        fl |= O_DSYNC;
    if (fdflags & KW_FDF_NONBLOCK)
        fl |= O_NONBLOCK;
#ifdef O_RSYNC
    if (fdflags & KW_FDF_RSYNC)
        fl |= O_RSYNC;
#endif
    if (fdflags & KW_FDF_SYNC)
        fl |= O_SYNC;
    return fl;
}

int32_t kw_fd_get(struct KilnWasi *w, int32_t fd, uint64_t rights,
                  KwFd **out)
{
    if (!w || fd < 0 || (uint32_t)fd >= w->nfds || w->fds[fd].host < 0)
        return KW_EBADF;
    KwFd *e = &w->fds[fd];
    if ((e->base & rights) != rights)
        return KW_ENOTCAPABLE;
    *out = e;
    return 0;
}

static bool grow(struct KilnWasi *w, uint32_t need)
{
    if (need <= w->cap)
        return true;
    uint32_t cap = w->cap ? w->cap * 2 : 16;
    while (cap < need)
        cap *= 2;
    KwFd *n = realloc(w->fds, cap * sizeof *n);
    if (!n)
        return false;
    for (uint32_t i = w->cap; i < cap; i++)
        n[i] = (KwFd){.host = -1};
    w->fds = n;
    w->cap = cap;
    return true;
}

int32_t kw_fd_insert(struct KilnWasi *w, const KwFd *e)
{
    uint32_t i = 0;
    while (i < w->nfds && w->fds[i].host >= 0)
        i++;
    if (i == w->nfds) {
        if (i >= INT32_MAX || !grow(w, i + 1))
            return -1;
        w->nfds++;
    }
    w->fds[i] = *e;
    return (int32_t)i;
}

void kw_fd_release(KwFd *e)
{
    if (e->dir)
        kw_dir_free(e->dir);
    if (e->owned && e->host >= 0)
        close(e->host);
    free(e->preopen);
    *e = (KwFd){.host = -1};
}

/* Streams may not seek: wasi-libc's isatty() looks for exactly that. */
static uint64_t stdio_rights(uint8_t type)
{
    if (type == KW_FT_REG)
        return KW_R_FILE;
    if (type == KW_FT_DIR)
        return KW_R_DIR;
    if (type == KW_FT_SOCK_STREAM || type == KW_FT_SOCK_DGRAM)
        return KW_R_SOCK & ~(KW_R_FD_SEEK | KW_R_FD_TELL);
    return KW_R_FILE & ~(KW_R_FD_SEEK | KW_R_FD_TELL);
}

static char **copy_strings(int n, const char *const *src)
{
    char **v = calloc((size_t)n + 1, sizeof *v);
    if (!v)
        return NULL;
    for (int i = 0; i < n; i++) {
        v[i] = strdup(src[i] ? src[i] : "");
        if (!v[i])
            return v; /* the caller frees: kiln_wasi_free tolerates this */
    }
    return v;
}

static bool add_stdio(struct KilnWasi *w, uint32_t slot, int host)
{
    if (!grow(w, slot + 1))
        return false;
    if (w->nfds < slot + 1)
        w->nfds = slot + 1;
    if (host < 0 || fcntl(host, F_GETFD) < 0)
        return true; /* a closed stream: the slot stays free */
    uint8_t type = kw_host_filetype(host);
    w->fds[slot] = (KwFd){.host = host, .type = type, .owned = false,
                          .base = stdio_rights(type), .inh = 0};
    return true;
}

static bool add_preopen(struct KilnWasi *w, const KilnPreopen *p, char *err,
                        size_t errlen)
{
    int h = open(p->host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (h < 0) {
        snprintf(err, errlen, "cannot open directory `%s`: %s", p->host_path,
                 strerror(errno));
        return false;
    }
    const char *guest = p->guest_path ? p->guest_path : p->host_path;
    KwFd e = {.host = h, .type = KW_FT_DIR, .owned = true,
              .base = KW_R_DIR, .inh = KW_R_ALL, .preopen = strdup(guest)};
    /* appended, not lowest-free: preopens start at 3 even without stdio */
    if (!e.preopen || !grow(w, w->nfds + 1)) {
        close(h);
        free(e.preopen);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    w->fds[w->nfds++] = e;
    return true;
}

struct KilnWasi *kiln_wasi_new(const KilnWasiConfig *cfg, char *err,
                               size_t errlen)
{
    struct KilnWasi *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    w->nargs = cfg->argc > 0 ? (uint32_t)cfg->argc : 0;
    w->nenv = cfg->envc > 0 ? (uint32_t)cfg->envc : 0;
    w->args = copy_strings((int)w->nargs, cfg->argv);
    w->env = copy_strings((int)w->nenv, cfg->envp);
    bool ok = w->args && w->env && add_stdio(w, 0, cfg->stdin_fd) &&
              add_stdio(w, 1, cfg->stdout_fd) &&
              add_stdio(w, 2, cfg->stderr_fd);
    for (uint32_t i = 0; ok && i < w->nargs; i++)
        ok = w->args[i] != NULL;
    for (uint32_t i = 0; ok && i < w->nenv; i++)
        ok = w->env[i] != NULL;
    if (!ok)
        snprintf(err, errlen, "out of memory");
    for (int i = 0; ok && i < cfg->npreopens; i++)
        ok = add_preopen(w, &cfg->preopens[i], err, errlen);
    if (!ok) {
        kiln_wasi_free(w);
        return NULL;
    }
    return w;
}

static void free_strings(char **v, uint32_t n)
{
    if (!v)
        return;
    for (uint32_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void kiln_wasi_free(struct KilnWasi *w)
{
    if (!w)
        return;
    for (uint32_t i = 0; i < w->nfds; i++)
        if (w->fds[i].host >= 0)
            kw_fd_release(&w->fds[i]);
    free(w->fds);
    free_strings(w->args, w->nargs);
    free_strings(w->env, w->nenv);
    free(w);
}
