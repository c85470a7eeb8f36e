/* embedfs.c: reading the read-only filesystem image of --embed-dir
 * (format in embedfs.h) and capability-safe path resolution inside it:
 * the same rules as the hosted resolver (runtime/wasi_p1/resolve.c,
 * WASI's sandboxing: every path stays beneath the directory it is
 * resolved from), on the in-memory tree instead of openat(). */
#include "embedfs.h"

#include <string.h>

/* Defined by the object the driver generates for --embed-dir. */
extern const uint8_t kiln_embedded_fs[] __attribute__((weak));

enum { HDR_WORDS = 6, ENT_WORDS = 6 };

static uint32_t word(uint32_t off)
{
    const uint8_t *p = kiln_embedded_fs + off;
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static bool have_image(void)
{
    return kiln_embedded_fs && memcmp(kiln_embedded_fs, "KFS1", 4) == 0;
}

static uint32_t field(uint32_t e, uint32_t k)
{
    return word(4 * (HDR_WORDS + ENT_WORDS * e + k));
}

uint32_t kfs_count(void) { return have_image() ? word(8) : 0; }
uint32_t kfs_npreopens(void) { return have_image() ? word(12) : 0; }
uint32_t kfs_kind(uint32_t e) { return field(e, 2); }

const char *kfs_name(uint32_t e, uint32_t *len)
{
    *len = field(e, 1);
    return (const char *)kiln_embedded_fs + field(e, 0);
}

uint32_t kfs_nchildren(uint32_t e)
{
    return kfs_kind(e) == KFS_DIR ? field(e, 5) : 0;
}

uint32_t kfs_child(uint32_t e, uint32_t i) { return field(e, 4) + i; }

uint32_t kfs_size(uint32_t e)
{
    return kfs_kind(e) == KFS_FILE ? field(e, 5) : 0;
}

const uint8_t *kfs_data(uint32_t e)
{
    return kiln_embedded_fs + field(e, 4);
}

size_t kfs_read(uint32_t e, uint64_t off, void *buf, size_t n)
{
    uint32_t size = kfs_size(e);
    if (off >= size)
        return 0;
    if (n > size - off)
        n = (size_t)(size - off);
    memcpy(buf, kfs_data(e) + off, n);
    return n;
}

/* The child of directory `dir` named name[0..n) (children are sorted). */
static bool lookup(uint32_t dir, const char *name, size_t n, uint32_t *out)
{
    uint32_t lo = 0, hi = kfs_nchildren(dir);
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, c = kfs_child(dir, mid), len;
        const char *s = kfs_name(c, &len);
        int cmp = memcmp(name, s, n < len ? n : len);
        if (cmp == 0)
            cmp = n < len ? -1 : n > len;
        if (cmp == 0) {
            *out = c;
            return true;
        }
        if (cmp < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

KfsErr kfs_resolve(uint32_t dir, const char *path, size_t len,
                   uint32_t *out)
{
    if (memchr(path, 0, len))
        return KFS_EINVAL;
    if (len == 0)
        return KFS_ENOENT;
    if (path[0] == '/')
        return KFS_EPERM;
    uint32_t cur = dir, depth = 0;
    for (size_t s = 0; s < len;) {
        size_t e = s;
        while (e < len && path[e] != '/')
            e++;
        size_t n = e - s;
        if (n == 0) {
            /* "a//b": nothing to do */
        } else if (kfs_kind(cur) != KFS_DIR) {
            return KFS_ENOTDIR;
        } else if (n == 1 && path[s] == '.') {
            /* "./a" */
        } else if (n == 2 && path[s] == '.' && path[s + 1] == '.') {
            if (depth == 0)
                return KFS_EPERM;
            cur = field(cur, 3);
            depth--;
        } else if (lookup(cur, path + s, n, &cur)) {
            depth++;
        } else {
            return KFS_ENOENT;
        }
        s = e + 1;
    }
    if (path[len - 1] == '/' && kfs_kind(cur) != KFS_DIR)
        return KFS_ENOTDIR;
    *out = cur;
    return KFS_OK;
}
