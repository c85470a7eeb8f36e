/* harness.c: the fake runtime behind the wasi:filesystem unit tests (see
 * harness.h): guest memory, handles, streams, errors and the host state,
 * plus shorthands for the calls the tests make most. */
#include "harness.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

KilnCanonCx *t_cx;
uint8_t *t_mem;
int t_failures;
char t_root[256];
uint32_t t_allocs;

static KilnCanonCx t_ctx;
static P2Host t_host;
static uint32_t t_top;
static int t_fds_before;

/* ---- the runtime's side ----------------------------------------------- */

_Noreturn void kiln_cm_trap(const char *message)
{
    fprintf(stderr, "trap: %s\n", message);
    abort();
}

P2Host *p2_host(KilnCanonCx *cx)
{
    (void)cx;
    return &t_host;
}

uint32_t kiln_cx_alloc(KilnCanonCx *cx, uint32_t size, uint32_t align)
{
    (void)cx;
    t_allocs++;
    uint32_t at = (t_top + align - 1) & ~(align - 1);
    if (at + (uint64_t)size > T_MEM_SIZE)
        kiln_cm_trap("guest out of memory");
    t_top = at + size;
    return at;
}

void *kiln_cx_ptr(KilnCanonCx *cx, uint32_t addr, uint64_t len)
{
    (void)cx;
    if (addr + len > T_MEM_SIZE)
        kiln_cm_trap("out of bounds memory access");
    return t_mem + addr;
}

uint32_t kiln_cx_copy_out(KilnCanonCx *cx, const void *src, uint32_t len,
                          uint32_t align)
{
    uint32_t at = kiln_cx_alloc(cx, len, align);
    memcpy(kiln_cx_ptr(cx, at, len), src, len);
    return at;
}

void kiln_cx_store_string(KilnCanonCx *cx, const char *s, size_t len,
                          uint32_t *ptr_out, uint32_t *len_out)
{
    *ptr_out = kiln_cx_copy_out(cx, s, (uint32_t)len, 1);
    *len_out = (uint32_t)len;
}

typedef struct Handle {
    uint32_t type;
    void *rep;
} Handle;
static Handle t_handles[4096];
static uint32_t t_nhandles = 1; /* 0 is never a handle */

uint32_t kiln_cx_new_own(KilnCanonCx *cx, uint32_t host_type, void *rep)
{
    (void)cx;
    if (!rep || t_nhandles == sizeof t_handles / sizeof t_handles[0])
        kiln_cm_trap("bad own handle");
    t_handles[t_nhandles] = (Handle){host_type, rep};
    return t_nhandles++;
}

void *kiln_cx_borrow(KilnCanonCx *cx, uint32_t host_type, uint32_t handle)
{
    (void)cx;
    if (handle == 0 || handle >= t_nhandles || !t_handles[handle].rep ||
        t_handles[handle].type != host_type)
        kiln_cm_trap("unknown handle index");
    return t_handles[handle].rep;
}

void *kiln_cx_take_own(KilnCanonCx *cx, uint32_t host_type, uint32_t handle)
{
    void *rep = kiln_cx_borrow(cx, host_type, handle);
    t_handles[handle].rep = NULL;
    return rep;
}

static void *stream_new(int fd, bool output, bool positional,
                        uint64_t offset, bool append, bool owns_fd)
{
    T_Stream *s = malloc(sizeof *s);
    if (s)
        *s = (T_Stream){.fd = fd, .output = output, .positional = positional,
                        .append = append, .owns_fd = owns_fd,
                        .offset = offset};
    return s;
}

void *p2_input_stream_fd(int fd, bool positional, uint64_t offset,
                         bool owns_fd)
{
    return stream_new(fd, false, positional, offset, false, owns_fd);
}

void *p2_output_stream_fd(int fd, bool positional, uint64_t offset,
                          bool append, bool owns_fd)
{
    return stream_new(fd, true, positional, offset, append, owns_fd);
}

void *p2_error_new(int errno_value)
{
    int *e = malloc(sizeof *e);
    if (e)
        *e = errno_value;
    return e;
}

int p2_error_errno(void *error_rep)
{
    return *(int *)error_rep;
}

void t_drop(uint32_t handle)
{
    Handle *h = &t_handles[handle];
    if (!h->rep)
        kiln_cm_trap("drop of a dead handle");
    if (h->type == HR_DESC)
        wasi_filesystem_types_descriptor_drop(NULL, h->rep);
    else if (h->type == HR_DIRSTREAM)
        wasi_filesystem_types_directory_entry_stream_drop(NULL, h->rep);
    else if (h->type == HR_IN || h->type == HR_OUT) {
        T_Stream *s = h->rep;
        if (s->owns_fd)
            close(s->fd);
        free(s);
    } else
        free(h->rep);
    h->rep = NULL;
}

uint32_t t_own(uint32_t type, void *rep)
{
    return kiln_cx_new_own(t_cx, type, rep);
}

void *t_rep(uint32_t type, uint32_t handle)
{
    return kiln_cx_borrow(t_cx, type, handle);
}

P2Fs *t_swap_fs(P2Fs *fs)
{
    P2Fs *old = t_host.fs;
    t_host.fs = fs;
    return old;
}

/* ---- guest memory ------------------------------------------------------ */

const uint8_t *t_guest(uint32_t ptr, uint32_t len)
{
    return kiln_cx_ptr(t_cx, ptr, len);
}

const char *t_gstr(uint32_t ptr, uint32_t len)
{
    static char buf[4096];
    if (len >= sizeof buf)
        kiln_cm_trap("test string too long");
    memcpy(buf, t_guest(ptr, len), len);
    buf[len] = 0;
    return buf;
}

/* ---- host files --------------------------------------------------------- */

static void path_of(char *out, size_t n, const char *rel)
{
    snprintf(out, n, "%s/%s", t_root, rel);
}

void t_host_write(const char *rel, const char *data)
{
    char p[512];
    path_of(p, sizeof p, rel);
    FILE *f = fopen(p, "w");
    if (!f) {
        perror(p);
        exit(2);
    }
    fputs(data, f);
    fclose(f);
}

void t_host_symlink(const char *target, const char *rel)
{
    char p[512];
    path_of(p, sizeof p, rel);
    if (symlink(target, p) != 0) {
        perror(p);
        exit(2);
    }
}

void t_host_mkdir(const char *rel)
{
    char p[512];
    path_of(p, sizeof p, rel);
    if (mkdir(p, 0777) != 0) {
        perror(p);
        exit(2);
    }
}

bool t_host_exists(const char *rel)
{
    char p[512];
    struct stat st;
    path_of(p, sizeof p, rel);
    return lstat(p, &st) == 0;
}

const char *t_host_read(const char *rel)
{
    static char buf[4096];
    char p[512];
    path_of(p, sizeof p, rel);
    buf[0] = 0;
    FILE *f = fopen(p, "r");
    if (f) {
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = 0;
        fclose(f);
    }
    return buf;
}

/* ---- set-up ------------------------------------------------------------- */

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    if (!d)
        return -1;
    int n = 0;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

uint32_t t_setup(const char *name)
{
    t_fds_before = count_fds();
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(t_root, sizeof t_root, "%s/kiln-p2fs-%s-XXXXXX", tmp, name);
    if (!mkdtemp(t_root)) {
        perror("mkdtemp");
        exit(2);
    }
    t_host_mkdir("sandbox");
    t_host_mkdir("outside");
    t_host_write("outside/secret", "secret");
    char sandbox[512];
    path_of(sandbox, sizeof sandbox, "sandbox");
    KilnPreopen pre = {.host_path = sandbox, .guest_path = "/sandbox"};
    KilnWasiConfig cfg = {.npreopens = 1, .preopens = &pre,
                          .stdin_fd = 0, .stdout_fd = 1, .stderr_fd = 2};
    char err[256];
    if (!p2_fs_init(&t_host, &cfg, err, sizeof err)) {
        fprintf(stderr, "p2_fs_init: %s\n", err);
        exit(2);
    }
    t_mem = calloc(1, T_MEM_SIZE);
    t_top = 16;
    t_ctx = (KilnCanonCx){.encoding = KILN_UTF8};
    t_cx = &t_ctx;
    wasi_filesystem_preopens_list_tuple2_wasi_filesystem_types_own_descriptor_string_t l;
    wasi_filesystem_preopens_get_directories(t_cx, &l);
    if (l.len != 1) {
        fprintf(stderr, "get-directories: %u preopens\n", l.len);
        exit(2);
    }
    uint32_t h;
    memcpy(&h, t_guest(l.ptr, 4), 4);
    return h;
}

static int rm_one(const char *p, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p);
}

int t_finish(void)
{
    for (uint32_t i = 1; i < t_nhandles; i++)
        if (t_handles[i].rep)
            t_drop(i);
    p2_fs_fini(&t_host);
    free(t_mem);
    int after = count_fds();
    if (after != t_fds_before) {
        fprintf(stderr, "host descriptors leaked: %d before, %d after\n",
                t_fds_before, after);
        t_failures++;
    }
    nftw(t_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    if (t_failures)
        fprintf(stderr, "%d failure(s)\n", t_failures);
    return t_failures ? 1 : 0;
}

/* ---- shorthands ------------------------------------------------------- */

int t_open(uint32_t dir, uint8_t pflags, const char *path, uint8_t oflags,
           uint8_t flags, uint32_t *out)
{
    wasi_filesystem_types_result_own_descriptor_error_code_t r;
    wasi_filesystem_types_descriptor_open_at(t_cx, dir, pflags,
                                             (const uint8_t *)path,
                                             (uint32_t)strlen(path), oflags,
                                             flags, &r);
    if (r.is_err)
        return r.val.err;
    if (out)
        *out = r.val.ok;
    else
        t_drop(r.val.ok);
    return OK;
}

int t_mkdir(uint32_t dir, const char *path)
{
    wasi_filesystem_types_result_void_error_code_t r;
    wasi_filesystem_types_descriptor_create_directory_at(
        t_cx, dir, (const uint8_t *)path, (uint32_t)strlen(path), &r);
    return r.is_err ? r.val.err : OK;
}

int t_stat_at(uint32_t dir, uint8_t pflags, const char *path,
              wasi_filesystem_types_descriptor_stat_t *st)
{
    wasi_filesystem_types_result_descriptor_stat_error_code_t r;
    wasi_filesystem_types_descriptor_stat_at(t_cx, dir, pflags,
                                             (const uint8_t *)path,
                                             (uint32_t)strlen(path), &r);
    if (r.is_err)
        return r.val.err;
    if (st)
        *st = r.val.ok;
    return OK;
}

int t_write(uint32_t fd, const char *data, uint64_t offset)
{
    wasi_filesystem_types_result_u64_error_code_t r;
    wasi_filesystem_types_descriptor_write(t_cx, fd, (const uint8_t *)data,
                                           (uint32_t)strlen(data), offset, &r);
    if (r.is_err)
        return r.val.err;
    T_EQ(r.val.ok, strlen(data));
    return OK;
}

int t_read(uint32_t fd, uint64_t len, uint64_t offset, const char **data,
           bool *eof)
{
    wasi_filesystem_types_result_tuple2_list_u8_bool_error_code_t r;
    wasi_filesystem_types_descriptor_read(t_cx, fd, len, offset, &r);
    if (r.is_err)
        return r.val.err;
    *data = t_gstr(r.val.ok.f0.ptr, r.val.ok.f0.len);
    *eof = r.val.ok.f1;
    return OK;
}
