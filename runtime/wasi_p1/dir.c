/* dir.c: fd_readdir of WASI preview1.
 *
 * witx `dirent`: d_next u64 @0 (cookie of the following entry), d_ino u64
 * @8, d_namlen u32 @16, d_type u8 @20, then the name (24-byte header).
 * Entries are packed into the guest buffer; the last one may be cut short,
 * and the buffer is then full, which tells the guest to call again with
 * that entry's cookie.  Cookies are entry ordinals (0 = start).  telldir()
 * and seekdir() are not used: 32-bit processes (and qemu-user running
 * them) truncate the 64-bit hash offsets of ext4 and friends.  Instead the
 * stream remembers the entry that did not fit, so the usual resume costs
 * nothing, and any other cookie rewinds and skips.
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kw.h"

/* One entry as it goes to the guest: header then name. */
typedef struct Entry {
    uint8_t hdr[24];
    char name[256];
    size_t len;
} Entry;

typedef struct KwDir {
    DIR *d;
    uint64_t next;     /* ordinal of the entry readdir() returns next */
    bool has_cut;      /* `cut` (ordinal next - 1) did not fit last time */
    Entry cut;
} KwDir;

void kw_dir_free(struct KwDir *s)
{
    closedir(s->d);
    free(s);
}

static int32_t open_stream(KwFd *e)
{
    if (e->dir)
        return 0;
    int h = dup(e->host);
    if (h < 0)
        return kw_err();
    KwDir *s = calloc(1, sizeof *s);
    DIR *d = s ? fdopendir(h) : NULL;
    if (!d) {
        int32_t r = s ? kw_err() : KW_ENOMEM;
        close(h);
        free(s);
        return r;
    }
    s->d = d;
    rewinddir(d);
    e->dir = s;
    return 0;
}

/* Moves the stream so that entry `cookie` comes next; true when it is the
 * remembered cut entry. */
static bool seek_to(KwDir *s, uint64_t cookie)
{
    if (s->has_cut && cookie + 1 == s->next)
        return true;
    s->has_cut = false;
    if (cookie == s->next)
        return false;
    rewinddir(s->d);
    s->next = 0;
    while (s->next < cookie && readdir(s->d))
        s->next++;
    return false;
}

static uint8_t dirent_type(int dfd, const struct dirent *de, uint64_t *ino)
{
    struct stat st;
    *ino = (uint64_t)de->d_ino;
    if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
        *ino = (uint64_t)st.st_ino;
        return kw_filetype(st.st_mode);
    }
    switch (de->d_type) {
    case DT_REG: return KW_FT_REG;
    case DT_DIR: return KW_FT_DIR;
    case DT_LNK: return KW_FT_SYMLINK;
    case DT_CHR: return KW_FT_CHAR;
    case DT_BLK: return KW_FT_BLOCK;
    case DT_SOCK: return KW_FT_SOCK_STREAM;
    default: return KW_FT_UNKNOWN;
    }
}

static void make_entry(Entry *en, int dfd, const struct dirent *de,
                       uint64_t next)
{
    uint64_t ino;
    uint8_t type = dirent_type(dfd, de, &ino);
    en->len = strnlen(de->d_name, sizeof en->name - 1);
    memcpy(en->name, de->d_name, en->len);
    memset(en->hdr, 0, sizeof en->hdr);
    kw_st64(en->hdr, next);
    kw_st64(en->hdr + 8, ino);
    kw_st32(en->hdr + 16, (uint32_t)en->len);
    kw_st8(en->hdr + 20, type);
}

/* Copies as much of `src` as fits at buf[*used, len). */
static void emit(uint8_t *buf, uint32_t len, uint32_t *used,
                 const uint8_t *src, size_t n)
{
    size_t room = len - *used;
    size_t m = n < room ? n : room;
    memcpy(buf + *used, src, m);
    *used += (uint32_t)m;
}

int32_t kiln_wasi_p1_fd_readdir(KilnVmctx *vm, int32_t fd, int32_t buf,
                                int32_t buf_len, int64_t cookie, int32_t out)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), fd, KW_R_FD_READDIR, &e);
    if (r)
        return r;
    if (e->type != KW_FT_DIR)
        return KW_ENOTDIR;
    uint32_t len = (uint32_t)buf_len, used = 0;
    uint8_t *p = kw_mem(vm, (uint32_t)buf, len);
    if (!p || !kw_mem(vm, (uint32_t)out, 4))
        return KW_EFAULT;
    if ((r = open_stream(e)))
        return r;
    KwDir *s = e->dir;
    bool pending = seek_to(s, (uint64_t)cookie);
    while (used < len) {
        if (!pending) {
            errno = 0;
            struct dirent *de = readdir(s->d);
            if (!de) {
                if (errno)
                    return kw_err();
                break;
            }
            make_entry(&s->cut, dirfd(s->d), de, ++s->next);
        }
        pending = false;
        emit(p, len, &used, s->cut.hdr, sizeof s->cut.hdr);
        emit(p, len, &used, (const uint8_t *)s->cut.name, s->cut.len);
        /* Full buffer: the entry may be cut; keep it for the resume. */
        s->has_cut = used == len;
    }
    return kw_put32(vm, (uint32_t)out, used);
}
