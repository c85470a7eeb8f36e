/* test_files.c: wasi:filesystem descriptors on files — preopens, open-at
 * flags, read / write, the three stream constructors, stat, set-size,
 * set-times, flags enforcement, metadata hashes, is-same-object and
 * filesystem-error-code. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_preopens(uint32_t root)
{
    /* A second call hands out fresh handles over the same directory. */
    wasi_filesystem_preopens_list_tuple2_wasi_filesystem_types_own_descriptor_string_t l;
    uint32_t before = t_allocs;
    wasi_filesystem_preopens_get_directories(t_cx, &l);
    T_EQ(l.len, 1);
    T_EQ(t_allocs - before, 2); /* the list, then its string */
    wasi_filesystem_preopens_tuple2_wasi_filesystem_types_own_descriptor_string_t e;
    memcpy(&e, t_guest(l.ptr, sizeof e), sizeof e);
    T_TRUE(e.f0 != root);
    T_STR(t_gstr(e.f1.ptr, e.f1.len), "/sandbox");
    T_TRUE(l.ptr < e.f1.ptr); /* list allocated before the string */
    wasi_filesystem_types_result_descriptor_type_error_code_t ty;
    wasi_filesystem_types_descriptor_get_type(t_cx, e.f0, &ty);
    T_EQ(ty.is_err, 0);
    T_EQ(ty.val.ok, T_(DIRECTORY));
    wasi_filesystem_types_result_descriptor_flags_error_code_t fl;
    wasi_filesystem_types_descriptor_get_flags(t_cx, e.f0, &fl);
    T_EQ(fl.val.ok, F_READ | F_MUTATE);
    bool same = false;
    wasi_filesystem_types_descriptor_is_same_object(t_cx, e.f0, root, &same);
    T_TRUE(same);
    t_drop(e.f0); /* the first handle still works */
    T_EQ(t_mkdir(root, "d0"), OK);
}

static void test_read_write(uint32_t root)
{
    uint32_t f;
    T_EQ(t_open(root, 0, "a.txt", O_CREATE_, F_READ | F_WRITE, &f), OK);
    T_EQ(t_write(f, "hello world", 0), OK);
    T_EQ(t_write(f, "W", 6), OK);
    T_STR(t_host_read("sandbox/a.txt"), "hello World");
    const char *data;
    bool eof;
    T_EQ(t_read(f, 5, 0, &data, &eof), OK);
    T_STR(data, "hello");
    T_EQ(eof, 0);
    T_EQ(t_read(f, 100, 6, &data, &eof), OK);
    T_STR(data, "World");
    T_EQ(eof, 1);
    T_EQ(t_read(f, 10, 1000, &data, &eof), OK);
    T_STR(data, "");
    T_EQ(eof, 1);
    /* Writing past the end extends the file with zeros. */
    T_EQ(t_write(f, "!", 12), OK);
    struct stat st;
    char p[512];
    snprintf(p, sizeof p, "%s/sandbox/a.txt", t_root);
    T_EQ(stat(p, &st), 0);
    T_EQ(st.st_size, 13);

    wasi_filesystem_types_result_descriptor_stat_error_code_t s;
    wasi_filesystem_types_descriptor_stat(t_cx, f, &s);
    T_EQ(s.is_err, 0);
    T_EQ(s.val.ok.type, T_(REGULAR_FILE));
    T_EQ(s.val.ok.size, 13);
    T_EQ(s.val.ok.link_count, 1);
    T_TRUE(s.val.ok.data_modification_timestamp.is_some);
    T_EQ(s.val.ok.data_modification_timestamp.val.seconds, st.st_mtim.tv_sec);
    T_EQ(s.val.ok.data_modification_timestamp.val.nanoseconds,
         st.st_mtim.tv_nsec);

    wasi_filesystem_types_result_void_error_code_t v;
    wasi_filesystem_types_descriptor_set_size(t_cx, f, 5, &v);
    T_EQ(v.is_err, 0);
    T_STR(t_host_read("sandbox/a.txt"), "hello");
    wasi_filesystem_types_descriptor_sync(t_cx, f, &v);
    T_EQ(v.is_err, 0);
    wasi_filesystem_types_descriptor_sync_data(t_cx, f, &v);
    T_EQ(v.is_err, 0);
    wasi_filesystem_types_descriptor_advise(
        t_cx, f, 0, 5, WASI_FILESYSTEM_TYPES_ADVICE_SEQUENTIAL, &v);
    T_EQ(v.is_err, 0);
    wasi_filesystem_types_result_descriptor_flags_error_code_t fl;
    wasi_filesystem_types_descriptor_get_flags(t_cx, f, &fl);
    T_EQ(fl.val.ok, F_READ | F_WRITE);
    t_drop(f);
}

static void test_open_flags(uint32_t root)
{
    t_host_write("sandbox/b.txt", "0123456789");
    T_EQ(t_open(root, 0, "b.txt", O_CREATE_ | O_EXCL_, F_WRITE, NULL), E_(EXIST));
    T_EQ(t_open(root, 0, "nope", 0, F_READ, NULL), E_(NO_ENTRY));
    T_EQ(t_open(root, 0, "b.txt", O_DIR_, F_READ, NULL), E_(NOT_DIRECTORY));
    T_EQ(t_open(root, 0, "d", O_CREATE_ | O_DIR_, F_READ, NULL), E_(INVALID));
    T_EQ(t_open(root, 0, "d0", 0, F_READ | F_WRITE, NULL), E_(IS_DIRECTORY));
    T_EQ(t_open(root, 0, "b.txt", O_TRUNC_, F_WRITE, NULL), OK);
    T_STR(t_host_read("sandbox/b.txt"), "");
    /* Directories inherit the parent's rights, whatever was asked. */
    uint32_t d;
    T_EQ(t_open(root, 0, "d0", O_DIR_, 0, &d), OK);
    wasi_filesystem_types_result_descriptor_flags_error_code_t fl;
    wasi_filesystem_types_descriptor_get_flags(t_cx, d, &fl);
    T_EQ(fl.val.ok, F_READ | F_MUTATE);
    T_EQ(t_open(d, 0, "inner", O_CREATE_, F_WRITE, NULL), OK);
    T_TRUE(t_host_exists("sandbox/d0/inner"));
    /* A file descriptor is no directory for *-at calls. */
    uint32_t f;
    T_EQ(t_open(root, 0, "b.txt", 0, F_READ, &f), OK);
    T_EQ(t_open(f, 0, "x", O_CREATE_, F_WRITE, NULL), E_(NOT_DIRECTORY));
    T_EQ(t_stat_at(f, 0, "x", NULL), E_(NOT_DIRECTORY));
    wasi_filesystem_types_result_own_directory_entry_stream_error_code_t rd;
    wasi_filesystem_types_descriptor_read_directory(t_cx, f, &rd);
    T_EQ(rd.is_err, 1);
    T_EQ(rd.val.err, E_(NOT_DIRECTORY));
    t_drop(f);
    /* Data calls on a directory. */
    const char *data;
    bool eof;
    T_EQ(t_read(d, 1, 0, &data, &eof), E_(BAD_DESCRIPTOR));
    T_EQ(t_write(d, "x", 0), E_(BAD_DESCRIPTOR));
    t_drop(d);
}

/* descriptor-flags are enforced: a read-only file refuses writes, a
 * write-only one reads, and a directory without mutate-directory refuses
 * every change with read-only (types.wit). */
static void test_rights(uint32_t root)
{
    t_host_write("sandbox/r.txt", "data");
    uint32_t ro, wo;
    T_EQ(t_open(root, 0, "r.txt", 0, F_READ, &ro), OK);
    T_EQ(t_write(ro, "x", 0), E_(BAD_DESCRIPTOR));
    wasi_filesystem_types_result_void_error_code_t v;
    wasi_filesystem_types_descriptor_set_size(t_cx, ro, 0, &v);
    T_EQ(v.val.err, E_(NOT_PERMITTED));
    wasi_filesystem_types_new_timestamp_t now = {
        .tag = WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NOW};
    wasi_filesystem_types_descriptor_set_times(t_cx, ro, &now, &now, &v);
    T_EQ(v.val.err, E_(NOT_PERMITTED));
    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t os;
    wasi_filesystem_types_descriptor_write_via_stream(t_cx, ro, 0, &os);
    T_EQ(os.is_err, 1);
    T_EQ(os.val.err, E_(BAD_DESCRIPTOR));
    wasi_filesystem_types_descriptor_append_via_stream(t_cx, ro, &os);
    T_EQ(os.val.err, E_(BAD_DESCRIPTOR));
    T_STR(t_host_read("sandbox/r.txt"), "data");

    T_EQ(t_open(root, 0, "r.txt", 0, F_WRITE, &wo), OK);
    const char *data;
    bool eof;
    T_EQ(t_read(wo, 1, 0, &data, &eof), E_(BAD_DESCRIPTOR));
    wasi_filesystem_types_result_wasi_io_streams_own_input_stream_error_code_t is;
    wasi_filesystem_types_descriptor_read_via_stream(t_cx, wo, 0, &is);
    T_EQ(is.is_err, 1);
    T_EQ(is.val.err, E_(BAD_DESCRIPTOR));
    t_drop(ro);
    t_drop(wo);

    /* A directory descriptor holding only `read`, as an embedder or a
     * future preopen option would make it. */
    int fd = openat(((P2Desc *)t_rep(HR_DESC, root))->fd, ".",
                    O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    uint32_t rdir = t_own(HR_DESC, p2fs_desc_new(fd, P2FS_DIR, F_READ));
    T_EQ(t_open(rdir, 0, "r.txt", 0, F_READ, NULL), OK);
    T_EQ(t_open(rdir, 0, "r.txt", 0, F_READ | F_WRITE, NULL), E_(READ_ONLY));
    T_EQ(t_open(rdir, 0, "r.txt", O_TRUNC_, F_READ, NULL), E_(READ_ONLY));
    T_EQ(t_open(rdir, 0, "new", O_CREATE_, F_READ, NULL), E_(READ_ONLY));
    T_EQ(t_open(rdir, 0, "d0", O_DIR_, F_READ | F_MUTATE, NULL), E_(READ_ONLY));
    T_EQ(t_mkdir(rdir, "nd"), E_(READ_ONLY));
    T_EQ(t_stat_at(rdir, 0, "r.txt", NULL), OK);
    wasi_filesystem_types_descriptor_set_times(t_cx, rdir, &now, &now, &v);
    T_EQ(v.val.err, E_(READ_ONLY));
    wasi_filesystem_types_descriptor_unlink_file_at(
        t_cx, rdir, (const uint8_t *)"r.txt", 5, &v);
    T_EQ(v.val.err, E_(READ_ONLY));
    T_TRUE(t_host_exists("sandbox/r.txt"));
    /* ... and rights only flow downwards: a subdirectory stays read-only. */
    uint32_t sub;
    T_EQ(t_open(rdir, 0, "d0", O_DIR_, F_READ, &sub), OK);
    wasi_filesystem_types_result_descriptor_flags_error_code_t fl;
    wasi_filesystem_types_descriptor_get_flags(t_cx, sub, &fl);
    T_EQ(fl.val.ok, F_READ);
    T_EQ(t_mkdir(sub, "nd"), E_(READ_ONLY));
    T_EQ(t_open(sub, 0, "inner", 0, F_WRITE, NULL), E_(READ_ONLY));
    t_drop(sub);
    t_drop(rdir);
    /* Without `read`, a directory cannot be listed. */
    fd = openat(((P2Desc *)t_rep(HR_DESC, root))->fd, ".",
                O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    uint32_t mdir = t_own(HR_DESC, p2fs_desc_new(fd, P2FS_DIR, F_MUTATE));
    wasi_filesystem_types_result_own_directory_entry_stream_error_code_t rd;
    wasi_filesystem_types_descriptor_read_directory(t_cx, mdir, &rd);
    T_EQ(rd.val.err, E_(NOT_PERMITTED));
    T_EQ(t_open(mdir, 0, "r.txt", 0, F_READ, NULL), E_(NOT_PERMITTED));
    t_drop(mdir);
}

static void test_streams(uint32_t root)
{
    t_host_write("sandbox/s.txt", "abcdef");
    uint32_t f;
    T_EQ(t_open(root, 0, "s.txt", 0, F_READ | F_WRITE, &f), OK);
    P2Desc *d = t_rep(HR_DESC, f);

    wasi_filesystem_types_result_wasi_io_streams_own_input_stream_error_code_t is;
    wasi_filesystem_types_descriptor_read_via_stream(t_cx, f, 2, &is);
    T_EQ(is.is_err, 0);
    T_Stream *in = t_rep(HR_IN, is.val.ok);
    T_TRUE(in->fd != d->fd && in->owns_fd && in->positional && !in->output);
    T_EQ(in->offset, 2);
    char buf[8] = {0};
    T_EQ(pread(in->fd, buf, 4, (off_t)in->offset), 4);
    T_STR(buf, "cdef");

    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t os;
    wasi_filesystem_types_descriptor_write_via_stream(t_cx, f, 1, &os);
    T_EQ(os.is_err, 0);
    T_Stream *out = t_rep(HR_OUT, os.val.ok);
    T_TRUE(out->output && out->positional && !out->append && out->owns_fd);
    T_EQ(out->offset, 1);
    T_EQ(pwrite(out->fd, "XY", 2, (off_t)out->offset), 2);
    T_STR(t_host_read("sandbox/s.txt"), "aXYdef");

    wasi_filesystem_types_descriptor_append_via_stream(t_cx, f, &os);
    T_EQ(os.is_err, 0);
    T_Stream *ap = t_rep(HR_OUT, os.val.ok);
    T_TRUE(ap->output && ap->append && ap->owns_fd);
    T_TRUE(fcntl(ap->fd, F_GETFL) & O_APPEND);
    T_EQ(write(ap->fd, "++", 2), 2);
    T_STR(t_host_read("sandbox/s.txt"), "aXYdef++");
    /* The descriptor's own positional writes still land where asked. */
    T_EQ(t_write(f, "A", 0), OK);
    T_STR(t_host_read("sandbox/s.txt"), "AXYdef++");
    /* Streams outlive the descriptor. */
    t_drop(f);
    T_EQ(write(ap->fd, "!", 1), 1);
    T_STR(t_host_read("sandbox/s.txt"), "AXYdef++!");
}

/* A FIFO has no offsets: its streams are not positional. */
static void test_fifo(uint32_t root)
{
    char p[512];
    snprintf(p, sizeof p, "%s/sandbox/fifo", t_root);
    T_EQ(mkfifo(p, 0600), 0);
    int w = open(p, O_RDWR | O_NONBLOCK | O_CLOEXEC); /* so open-at won't wait */
    uint32_t f;
    T_EQ(t_open(root, 0, "fifo", 0, F_READ | F_WRITE, &f), OK);
    wasi_filesystem_types_result_descriptor_type_error_code_t ty;
    wasi_filesystem_types_descriptor_get_type(t_cx, f, &ty);
    T_EQ(ty.val.ok, T_(FIFO));
    wasi_filesystem_types_result_wasi_io_streams_own_input_stream_error_code_t is;
    wasi_filesystem_types_descriptor_read_via_stream(t_cx, f, 0, &is);
    T_EQ(is.is_err, 0);
    T_Stream *in = t_rep(HR_IN, is.val.ok);
    T_EQ(in->positional, 0);
    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t os;
    wasi_filesystem_types_descriptor_append_via_stream(t_cx, f, &os);
    T_EQ(os.is_err, 0);
    T_Stream *out = t_rep(HR_OUT, os.val.ok);
    T_EQ(out->positional, 0);
    T_EQ(write(out->fd, "z", 1), 1);
    char c = 0;
    T_EQ(read(in->fd, &c, 1), 1);
    T_EQ(c, 'z');
    t_drop(is.val.ok);
    t_drop(os.val.ok);
    t_drop(f);
    close(w);
}

static void test_times(uint32_t root)
{
    uint32_t f;
    T_EQ(t_open(root, 0, "t.txt", O_CREATE_, F_WRITE, &f), OK);
    wasi_filesystem_types_new_timestamp_t a = {
        .tag = WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_TIMESTAMP,
        .val.timestamp = {.seconds = 1000000000, .nanoseconds = 123}};
    wasi_filesystem_types_new_timestamp_t m = {
        .tag = WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_TIMESTAMP,
        .val.timestamp = {.seconds = 1500000000, .nanoseconds = 456}};
    wasi_filesystem_types_new_timestamp_t keep = {
        .tag = WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NO_CHANGE};
    wasi_filesystem_types_result_void_error_code_t v;
    wasi_filesystem_types_descriptor_set_times(t_cx, f, &a, &m, &v);
    T_EQ(v.is_err, 0);
    wasi_filesystem_types_descriptor_stat_t st;
    T_EQ(t_stat_at(root, 0, "t.txt", &st), OK);
    T_EQ(st.data_access_timestamp.val.seconds, 1000000000);
    T_EQ(st.data_access_timestamp.val.nanoseconds, 123);
    T_EQ(st.data_modification_timestamp.val.seconds, 1500000000);
    T_EQ(st.data_modification_timestamp.val.nanoseconds, 456);
    /* set-times-at, leaving the access time alone. */
    m.val.timestamp.seconds = 1600000000;
    wasi_filesystem_types_descriptor_set_times_at(
        t_cx, root, 0, (const uint8_t *)"t.txt", 5, &keep, &m, &v);
    T_EQ(v.is_err, 0);
    T_EQ(t_stat_at(root, 0, "t.txt", &st), OK);
    T_EQ(st.data_access_timestamp.val.seconds, 1000000000);
    T_EQ(st.data_modification_timestamp.val.seconds, 1600000000);
    m.val.timestamp.nanoseconds = 1000000000;
    wasi_filesystem_types_descriptor_set_times(t_cx, f, &keep, &m, &v);
    T_EQ(v.is_err, 1);
    T_EQ(v.val.err, E_(INVALID));
    t_drop(f);
}

static void hash_of(uint32_t fd, wasi_filesystem_types_metadata_hash_value_t *h)
{
    wasi_filesystem_types_result_metadata_hash_value_error_code_t r;
    wasi_filesystem_types_descriptor_metadata_hash(t_cx, fd, &r);
    T_EQ(r.is_err, 0);
    *h = r.val.ok;
}

static int hash_at(uint32_t dir, uint8_t pf, const char *path,
                   wasi_filesystem_types_metadata_hash_value_t *h)
{
    wasi_filesystem_types_result_metadata_hash_value_error_code_t r;
    wasi_filesystem_types_descriptor_metadata_hash_at(
        t_cx, dir, pf, (const uint8_t *)path, (uint32_t)strlen(path), &r);
    if (r.is_err)
        return r.val.err;
    *h = r.val.ok;
    return OK;
}

static void test_identity(uint32_t root)
{
    t_host_write("sandbox/h1", "1");
    t_host_write("sandbox/h2", "2");
    t_host_symlink("h1", "sandbox/hl");
    uint32_t a, b, c;
    T_EQ(t_open(root, 0, "h1", 0, F_READ, &a), OK);
    T_EQ(t_open(root, 0, "h2", 0, F_READ, &b), OK);
    T_EQ(t_open(root, FOLLOW, "hl", 0, F_READ, &c), OK);
    wasi_filesystem_types_metadata_hash_value_t ha, hb, hc, x;
    hash_of(a, &ha);
    hash_of(b, &hb);
    hash_of(c, &hc);
    T_TRUE(ha.lower != hb.lower || ha.upper != hb.upper);
    T_TRUE(ha.lower == hc.lower && ha.upper == hc.upper);
    /* Not the identity: neither half is the raw inode number. */
    struct stat st;
    T_EQ(fstat(((P2Desc *)t_rep(HR_DESC, a))->fd, &st), 0);
    T_TRUE(ha.lower != (uint64_t)st.st_ino && ha.upper != (uint64_t)st.st_ino);
    T_EQ(hash_at(root, 0, "h1", &x), OK);
    T_TRUE(x.lower == ha.lower && x.upper == ha.upper);
    T_EQ(hash_at(root, FOLLOW, "hl", &x), OK);
    T_TRUE(x.lower == ha.lower && x.upper == ha.upper);
    T_EQ(hash_at(root, 0, "hl", &x), OK); /* the link itself */
    T_TRUE(x.lower != ha.lower || x.upper != ha.upper);
    T_EQ(hash_at(root, 0, "missing", &x), E_(NO_ENTRY));
    bool same;
    wasi_filesystem_types_descriptor_is_same_object(t_cx, a, c, &same);
    T_TRUE(same);
    wasi_filesystem_types_descriptor_is_same_object(t_cx, a, b, &same);
    T_EQ(same, 0);
    t_drop(a);
    t_drop(b);
    t_drop(c);
}

static void test_error_code(void)
{
    wasi_filesystem_types_option_error_code_t o;
    uint32_t e = t_own(HR_ERROR, p2_error_new(ENOSPC));
    wasi_filesystem_types_filesystem_error_code(t_cx, e, &o);
    T_EQ(o.is_some, 1);
    T_EQ(o.val, E_(INSUFFICIENT_SPACE));
    e = t_own(HR_ERROR, p2_error_new(0));
    wasi_filesystem_types_filesystem_error_code(t_cx, e, &o);
    T_EQ(o.is_some, 0);
    /* The enum order of types.wit. */
    T_EQ(p2fs_code(EACCES), 0);
    T_EQ(p2fs_code(EBADF), 3);
    T_EQ(p2fs_code(ENOENT), 20);
    T_EQ(p2fs_code(EPERM), 31);
    T_EQ(p2fs_code(EXDEV), 36);
    T_EQ(p2fs_code(E2BIG), E_(IO)); /* nothing closer */
}

/* Several preopens come in configuration order, named by guest_path or
 * else by the host path; none at all is an empty list. */
static void test_many_preopens(void)
{
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/sandbox", t_root);
    snprintf(b, sizeof b, "%s/outside", t_root);
    KilnPreopen pre[2] = {{.host_path = b, .guest_path = "/o"},
                          {.host_path = a, .guest_path = NULL}};
    KilnWasiConfig cfg = {.npreopens = 2, .preopens = pre};
    P2Host h = {0};
    char err[256];
    T_EQ(p2_fs_init(&h, &cfg, err, sizeof err), 1);
    P2Fs *old = t_swap_fs(h.fs);
    wasi_filesystem_preopens_list_tuple2_wasi_filesystem_types_own_descriptor_string_t l;
    wasi_filesystem_preopens_get_directories(t_cx, &l);
    T_EQ(l.len, 2);
    wasi_filesystem_preopens_tuple2_wasi_filesystem_types_own_descriptor_string_t e[2];
    memcpy(e, t_guest(l.ptr, sizeof e), sizeof e);
    T_STR(t_gstr(e[0].f1.ptr, e[0].f1.len), "/o");
    T_STR(t_gstr(e[1].f1.ptr, e[1].f1.len), a);
    wasi_filesystem_types_descriptor_stat_t st;
    T_EQ(t_stat_at(e[0].f0, 0, "secret", &st), OK);
    T_EQ(st.size, 6);
    T_EQ(t_stat_at(e[1].f0, 0, "secret", NULL), E_(NO_ENTRY));
    t_drop(e[0].f0);
    t_drop(e[1].f0);
    p2_fs_fini(&h);
    T_TRUE(h.fs == NULL);

    KilnWasiConfig none = {0};
    T_EQ(p2_fs_init(&h, &none, err, sizeof err), 1);
    t_swap_fs(h.fs);
    wasi_filesystem_preopens_get_directories(t_cx, &l);
    T_EQ(l.len, 0);
    p2_fs_fini(&h);
    t_swap_fs(old);
}

static void test_bad_preopen(void)
{
    /* The first one opens, the second fails: nothing stays open (the fd
     * count is checked at t_finish). */
    KilnPreopen pre[2] = {{.host_path = t_root, .guest_path = "ok"},
                          {.host_path = "/nonexistent/kiln-p2fs",
                           .guest_path = "x"}};
    KilnWasiConfig cfg = {.npreopens = 2, .preopens = pre};
    P2Host h = {0};
    char err[256] = "";
    T_EQ(p2_fs_init(&h, &cfg, err, sizeof err), 0);
    T_TRUE(strstr(err, "/nonexistent/kiln-p2fs") != NULL);
    T_TRUE(h.fs == NULL);
}

int main(void)
{
    uint32_t root = t_setup("files");
    test_preopens(root);
    test_read_write(root);
    test_open_flags(root);
    test_rights(root);
    test_streams(root);
    test_fifo(root);
    test_times(root);
    test_identity(root);
    test_error_code();
    test_many_preopens();
    test_bad_preopen();
    return t_finish();
}
