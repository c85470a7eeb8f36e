/* resolve.c: capability-safe path resolution beneath a directory descriptor.
 *
 * WASI paths (preview1's witx `path_*` functions, wasi:filesystem's
 * `*-at` methods) are relative to a directory descriptor and must never
 * reach outside it.  The walk does not rely on
 * openat2(RESOLVE_BENEATH), which emulators such as qemu-user lack: each
 * component is opened with openat(O_NOFOLLOW | O_DIRECTORY), a stack of the
 * directories walked so far answers `..`, and symbolic links are read with
 * readlinkat and spliced into the remaining path by hand (at most
 * KW_MAX_LINKS of them, then ELOOP).  Absolute paths, absolute link
 * targets and any `..` above the starting directory fail with EPERM (as
 * wasmtime answers).  Errors are host errno values (kw_resolve.h).  The kernel therefore never follows a symlink on its
 * own: callers operate on the final component with *_NOFOLLOW flags.
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kw_resolve.h"

#define KW_MAX_LINKS 40

#ifdef O_PATH
#define KW_O_WALK (O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#else
#define KW_O_WALK (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#endif

typedef struct Walk {
    int *fd;        /* fd[0] is the starting directory (borrowed) */
    uint32_t depth; /* entries in fd */
    uint32_t cap;
    char *rest;     /* the path still to walk */
    int links;      /* symlinks expanded so far */
} Walk;

static int top(const Walk *wk)
{
    return wk->fd[wk->depth - 1];
}

static int push(Walk *wk, int fd)
{
    if (wk->depth == wk->cap) {
        uint32_t cap = wk->cap * 2;
        int *n = realloc(wk->fd, cap * sizeof *n);
        if (!n) {
            close(fd);
            return ENOMEM;
        }
        wk->fd = n;
        wk->cap = cap;
    }
    wk->fd[wk->depth++] = fd;
    return 0;
}

/* `..`: refuse to climb above the starting directory. */
static int pop(Walk *wk)
{
    if (wk->depth == 1)
        return EPERM;
    close(wk->fd[--wk->depth]);
    return 0;
}

static void walk_free(Walk *wk)
{
    for (uint32_t i = 1; i < wk->depth; i++)
        close(wk->fd[i]);
    free(wk->fd);
    free(wk->rest);
}

/* The target of symlink `name` in the current directory, or NULL when it
 * is not a symlink (or cannot be read). */
static char *read_link(const Walk *wk, const char *name)
{
    char buf[PATH_MAX];
    ssize_t n = readlinkat(top(wk), name, buf, sizeof buf);
    if (n < 0 || (size_t)n >= sizeof buf)
        return NULL;
    return strndup(buf, (size_t)n);
}

/* Replaces the walked component by the link's target: rest = target + tail,
 * where tail (starting at a '/', or empty) follows the component. */
static int splice_link(Walk *wk, char *target, size_t tail)
{
    if (++wk->links > KW_MAX_LINKS) {
        free(target);
        return ELOOP;
    }
    if (target[0] == '/') {
        free(target);
        return EPERM;
    }
    size_t tl = strlen(target), rl = strlen(wk->rest + tail);
    char *n = malloc(tl + rl + 1);
    if (!n) {
        free(target);
        return ENOMEM;
    }
    memcpy(n, target, tl);
    memcpy(n + tl, wk->rest + tail, rl + 1);
    free(target);
    free(wk->rest);
    wk->rest = n;
    return 0;
}

static char *final_name(const char *comp, bool slash)
{
    size_t n = strlen(comp);
    char *s = malloc(n + 2);
    if (!s)
        return NULL;
    memcpy(s, comp, n);
    s[n] = '/';
    s[n + slash] = 0;
    return s;
}

/* One step of the walk at component rest[s, e).  Returns an errno, sets
 * *name when the walk is over, or leaves *next where to continue. */
static int step(Walk *wk, size_t s, size_t e, KwResolve mode,
                    char **name, size_t *next)
{
    size_t j = e;
    while (wk->rest[j] == '/')
        j++;
    bool slash = j > e, last = wk->rest[j] == 0;
    char comp[NAME_MAX + 2];
    if (e - s > NAME_MAX)
        return ENAMETOOLONG;
    memcpy(comp, wk->rest + s, e - s);
    comp[e - s] = 0;
    *next = 0;
    if (strcmp(comp, ".") == 0 || strcmp(comp, "..") == 0) {
        int r = comp[1] ? pop(wk) : 0;
        if (r == 0 && last && !(*name = final_name(".", false)))
            r = ENOMEM;
        *next = j;
        return r;
    }
    if (!last) {
        int fd = openat(top(wk), comp, KW_O_WALK);
        if (fd >= 0) {
            *next = j;
            return push(wk, fd);
        }
        int saved = errno;
        char *target = read_link(wk, comp);
        return target ? splice_link(wk, target, e) : saved;
    }
    /* A trailing slash makes POSIX lookups follow the link: expand it here
     * so the kernel never does. */
    bool expand = mode == KW_RES_FOLLOW || (slash && mode == KW_RES_LOOKUP);
    char *target = expand ? read_link(wk, comp) : NULL;
    if (target)
        return splice_link(wk, target, e);
    if (!(*name = final_name(comp, slash)))
        return ENOMEM;
    return 0;
}

static int walk(Walk *wk, KwResolve mode, char **name)
{
    size_t i = 0;
    for (;;) {
        while (wk->rest[i] == '/')
            i++;
        size_t s = i;
        while (wk->rest[i] && wk->rest[i] != '/')
            i++;
        if (i == s) /* the empty path */
            return (*name = final_name("", false)) ? 0 : ENOMEM;
        size_t next;
        int r = step(wk, s, i, mode, name, &next);
        if (r || *name)
            return r;
        i = next; /* 0 after a symlink was spliced in */
    }
}

int kw_resolve_at(int dir, const char *path, size_t len, KwResolve mode,
                  KwPath *out)
{
    if (memchr(path, 0, len))
        return EINVAL;
    if (len > 0 && path[0] == '/')
        return EPERM;
    Walk wk = {.fd = malloc(8 * sizeof(int)), .cap = 8,
               .rest = strndup(path, len)};
    if (!wk.fd || !wk.rest) {
        free(wk.fd);
        free(wk.rest);
        return ENOMEM;
    }
    wk.fd[wk.depth++] = dir;
    char *name = NULL;
    int r = walk(&wk, mode, &name);
    if (r) {
        free(name);
        walk_free(&wk);
        return r;
    }
    *out = (KwPath){.dir = top(&wk), .owned = wk.depth > 1, .name = name};
    wk.depth--; /* keep the top open for the caller */
    walk_free(&wk);
    return 0;
}

void kw_path_done(KwPath *p)
{
    if (p->owned)
        close(p->dir);
    free(p->name);
    *p = (KwPath){.dir = -1};
}

int kw_symlink_slash(const KwPath *rp)
{
    size_t n = strlen(rp->name);
    if (n < 2 || rp->name[n - 1] != '/')
        return 0;
    char *bare = strndup(rp->name, n - 1);
    if (!bare)
        return ENOMEM;
    struct stat st;
    int r = fstatat(rp->dir, bare, &st, AT_SYMLINK_NOFOLLOW) != 0
                ? ENOENT
                : S_ISDIR(st.st_mode) ? EEXIST : ENOTDIR;
    free(bare);
    return r;
}
