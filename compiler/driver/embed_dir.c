/* embed_dir.c: packs `--embed-dir HOST_DIR[::GUEST_PATH]` directories
 * into the read-only filesystem image of the bare-metal runtime (format
 * "KFS1", runtime/baremetal/embedfs.h, docs/architecture.md "Embedded
 * filesystem").  Regular files and directories are packed (symlinks are
 * followed; other file kinds are an error); every directory's children
 * are laid out contiguously in breadth-first order and sorted by name,
 * so the runtime looks names up by binary search.  The image is written
 * next to an assembly file that `.incbin`s it into .rodata, which the
 * link adds to the firmware (compiler/driver/targets.c). */
#include "embed_dir.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct Node {
    char *name;      /* entry name; a root's guest path */
    char *host;      /* host path */
    bool dir;
    uint64_t size;
    struct Node **kids;
    size_t nkids;
    uint32_t index, parent;
} Node;

typedef struct Spec {
    const char *host, *guest;
} Spec;

static Spec specs[16];
static size_t nspecs;
static char tmpdir[64];

enum { MAX_ENTRIES = 1u << 20, MAX_IMAGE = 0x7fffffffu };

bool kiln_embed_dir_add(const char *spec)
{
    const char *sep = strstr(spec, "::");
    if (nspecs == sizeof specs / sizeof *specs || spec[0] == 0 ||
        (sep && (sep == spec || sep[2] == 0)))
        return false;
    Spec s = {spec, spec};
    if (sep) {
        s.host = strndup(spec, (size_t)(sep - spec));
        s.guest = sep + 2;
    }
    specs[nspecs++] = s;
    return true;
}

size_t kiln_embed_dir_count(void) { return nspecs; }

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fputs("kiln: out of memory\n", stderr);
        exit(1);
    }
    return p;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((*(Node *const *)a)->name, (*(Node *const *)b)->name);
}

/* Reads the host tree under n->host. */
static bool scan(Node *n, char *err, size_t errlen)
{
    struct stat st;
    if (stat(n->host, &st) != 0) {
        snprintf(err, errlen, "--embed-dir: %s: %s", n->host, strerror(errno));
        return false;
    }
    if (S_ISREG(st.st_mode)) {
        n->size = (uint64_t)st.st_size;
        return true;
    }
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "--embed-dir: %s: neither a file nor a "
                 "directory", n->host);
        return false;
    }
    n->dir = true;
    DIR *d = opendir(n->host);
    if (!d) {
        snprintf(err, errlen, "--embed-dir: %s: %s", n->host, strerror(errno));
        return false;
    }
    size_t cap = 0;
    for (struct dirent *de; (de = readdir(d));) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (n->nkids == cap) {
            cap = cap ? 2 * cap : 8;
            n->kids = realloc(n->kids, cap * sizeof *n->kids);
            if (!n->kids)
                exit(1);
        }
        Node *k = xmalloc(sizeof *k);
        k->name = strdup(de->d_name);
        k->host = xmalloc(strlen(n->host) + strlen(de->d_name) + 2);
        sprintf(k->host, "%s/%s", n->host, de->d_name);
        n->kids[n->nkids++] = k;
    }
    closedir(d);
    if (n->nkids)
        qsort(n->kids, n->nkids, sizeof *n->kids, by_name);
    for (size_t i = 0; i < n->nkids; i++)
        if (!scan(n->kids[i], err, errlen))
            return false;
    return true;
}

static void put32(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t align8(uint64_t v) { return (v + 7) & ~(uint64_t)7; }

/* Breadth-first order: roots first, then each directory's children in a
 * row. */
static Node **layout(Node **roots, size_t nroots, size_t *count)
{
    size_t cap = 64, n = 0;
    Node **order = xmalloc(cap * sizeof *order);
    for (size_t i = 0; i < nroots; i++) {
        roots[i]->parent = (uint32_t)i;
        order[n++] = roots[i];
    }
    for (size_t q = 0; q < n && n < MAX_ENTRIES; q++) {
        Node *d = order[q];
        d->index = (uint32_t)q;
        for (size_t k = 0; k < d->nkids; k++) {
            if (n == cap)
                order = realloc(order, (cap *= 2) * sizeof *order);
            if (!order)
                exit(1);
            d->kids[k]->parent = (uint32_t)q;
            order[n++] = d->kids[k];
        }
    }
    for (size_t q = 0; q < n; q++)
        order[q]->index = (uint32_t)q;
    *count = n;
    return order;
}

static bool copy_file(FILE *out, const Node *n, char *err, size_t errlen)
{
    FILE *in = fopen(n->host, "rb");
    if (!in) {
        snprintf(err, errlen, "--embed-dir: %s: %s", n->host, strerror(errno));
        return false;
    }
    char buf[65536];
    uint64_t left = n->size;
    while (left) {
        size_t want = left < sizeof buf ? (size_t)left : sizeof buf;
        size_t got = fread(buf, 1, want, in);
        if (got != want) {
            fclose(in);
            snprintf(err, errlen, "--embed-dir: %s: changed while read",
                     n->host);
            return false;
        }
        fwrite(buf, 1, got, out);
        left -= got;
    }
    fclose(in);
    return true;
}

/* Writes the image: header, entries, names, data (8-byte aligned). */
static bool write_image(FILE *f, Node **order, size_t n, size_t nroots,
                        char *err, size_t errlen)
{
    uint64_t off = 24 + 24 * (uint64_t)n;
    uint64_t *name_off = xmalloc(n * sizeof *name_off);
    uint64_t *data_off = xmalloc(n * sizeof *data_off);
    for (size_t i = 0; i < n; i++) {
        name_off[i] = off;
        off += strlen(order[i]->name);
    }
    for (size_t i = 0; i < n; i++)
        if (!order[i]->dir) {
            off = align8(off);
            data_off[i] = off;
            off += order[i]->size;
        }
    off = align8(off);
    if (off > MAX_IMAGE) {
        snprintf(err, errlen, "--embed-dir: the files do not fit in an "
                 "image (%llu bytes)", (unsigned long long)off);
        return false;
    }
    uint8_t h[24] = {'K', 'F', 'S', '1'};
    put32(h + 4, off);
    put32(h + 8, n);
    put32(h + 12, nroots);
    fwrite(h, 1, sizeof h, f);
    for (size_t i = 0; i < n; i++) {
        const Node *e = order[i];
        uint8_t r[24];
        put32(r, name_off[i]);
        put32(r + 4, strlen(e->name));
        put32(r + 8, e->dir ? 3 : 4);
        put32(r + 12, e->parent);
        put32(r + 16, e->dir ? (e->nkids ? e->kids[0]->index : 0)
                             : data_off[i]);
        put32(r + 20, e->dir ? e->nkids : e->size);
        fwrite(r, 1, sizeof r, f);
    }
    uint64_t pos = 24 + 24 * (uint64_t)n;
    for (size_t i = 0; i < n; i++) {
        fputs(order[i]->name, f);
        pos += strlen(order[i]->name);
    }
    static const uint8_t zero[8];
    for (size_t i = 0; i < n; i++) {
        if (order[i]->dir)
            continue;
        fwrite(zero, 1, (size_t)(data_off[i] - pos), f);
        if (!copy_file(f, order[i], err, errlen))
            return false;
        pos = data_off[i] + order[i]->size;
    }
    fwrite(zero, 1, (size_t)(off - pos), f);
    free(name_off);
    free(data_off);
    return true;
}

static void cleanup(void)
{
    char p[96];
    snprintf(p, sizeof p, "%s/fs.bin", tmpdir);
    unlink(p);
    snprintf(p, sizeof p, "%s/fs.s", tmpdir);
    unlink(p);
    rmdir(tmpdir);
}

const char *kiln_embed_dir_pack(char *err, size_t errlen)
{
    static char asm_path[96];
    Node **roots = xmalloc(nspecs * sizeof *roots);
    for (size_t i = 0; i < nspecs; i++) {
        roots[i] = xmalloc(sizeof **roots);
        roots[i]->name = strdup(specs[i].guest);
        roots[i]->host = strdup(specs[i].host);
        if (!scan(roots[i], err, errlen))
            return NULL;
        if (!roots[i]->dir) {
            snprintf(err, errlen, "--embed-dir: %s: not a directory",
                     specs[i].host);
            return NULL;
        }
    }
    size_t n;
    Node **order = layout(roots, nspecs, &n);
    if (n >= MAX_ENTRIES) {
        snprintf(err, errlen, "--embed-dir: too many files");
        return NULL;
    }
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kiln-fs-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        snprintf(err, errlen, "--embed-dir: temporary directory: %s",
                 strerror(errno));
        return NULL;
    }
    atexit(cleanup);
    char bin[96];
    snprintf(bin, sizeof bin, "%s/fs.bin", tmpdir);
    snprintf(asm_path, sizeof asm_path, "%s/fs.s", tmpdir);
    FILE *f = fopen(bin, "wb");
    bool ok = f && write_image(f, order, n, nspecs, err, errlen);
    if (f && fclose(f) != 0)
        ok = false;
    FILE *a = ok ? fopen(asm_path, "w") : NULL;
    if (!a) {
        if (ok)
            snprintf(err, errlen, "--embed-dir: cannot write %s", asm_path);
        return NULL;
    }
    fprintf(a, "\t.section .rodata.kiln_embedded_fs,\"a\",%%progbits\n"
               "\t.balign 8\n\t.global kiln_embedded_fs\n"
               "\t.type kiln_embedded_fs, %%object\n"
               "kiln_embedded_fs:\n\t.incbin \"%s\"\n"
               "\t.size kiln_embedded_fs, . - kiln_embedded_fs\n", bin);
    if (fclose(a) != 0) {
        snprintf(err, errlen, "--embed-dir: cannot write %s", asm_path);
        return NULL;
    }
    return asm_path;
}

bool kiln_embed_dir_assemble(const char *cc, const char *mflags,
                             const char *asm_path, const char *obj,
                             char *err, size_t errlen)
{
    char flags[256];
    const char *argv[24];
    size_t n = 0;
    argv[n++] = cc;
    snprintf(flags, sizeof flags, "%s", mflags ? mflags : "");
    for (char *p = strtok(flags, " "); p && n < 18; p = strtok(NULL, " "))
        argv[n++] = p;
    argv[n++] = "-c";
    argv[n++] = asm_path;
    argv[n++] = "-o";
    argv[n++] = obj;
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        execvp(cc, (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0) {
        snprintf(err, errlen, "--embed-dir: %s could not assemble the "
                 "filesystem image into %s", cc, obj);
        return false;
    }
    return true;
}
