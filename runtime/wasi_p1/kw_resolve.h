/* kw_resolve.h: capability-safe path resolution beneath a host directory
 * (resolve.c), shared by the preview1 host (kw.h) and the WASI 0.2
 * filesystem (runtime/wasi_p2/filesystem*.c).  It knows nothing of either
 * ABI: it takes a host directory descriptor and a path, and answers with
 * host errno values, which each host maps to its own error codes.
 */
#ifndef KILN_KW_RESOLVE_H
#define KILN_KW_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

/* What a final symlink means to the call (intermediate ones are always
 * expanded). */
typedef enum KwResolve {
    /* The entry itself (create, remove, rename, link/symlink targets): never
     * expanded; a trailing '/' is kept, and those host calls do not follow
     * a final link even then. */
    KW_RES_ENTRY,
    /* Lookup without following: only a trailing '/' expands the link, as
     * in POSIX lookup (the host would otherwise follow it unchecked). */
    KW_RES_LOOKUP,
    /* Lookup following a final link. */
    KW_RES_FOLLOW,
} KwResolve;

/* A path resolved to a host directory and one final component. */
typedef struct KwPath {
    int dir;      /* host directory descriptor */
    bool owned;   /* dir was opened by the resolver */
    char *name;   /* final component (may keep a trailing '/'), malloc'd */
} KwPath;

/* Resolves `path` (len bytes, not NUL-terminated) relative to host
 * directory `dir`.  Never leaves it: absolute paths, `..` above it and
 * symlinks pointing outside fail with EPERM; a NUL byte in the path with
 * EINVAL.  Returns 0 or a host errno. */
int kw_resolve_at(int dir, const char *path, size_t len, KwResolve mode,
                  KwPath *out);
void kw_path_done(KwPath *p);
/* A symlink named "x/" cannot be made: the host errno Unix callers expect
 * (EEXIST for a directory, ENOTDIR for another file, ENOENT for nothing),
 * or 0 when the name has no trailing slash. */
int kw_symlink_slash(const KwPath *rp);

#endif
