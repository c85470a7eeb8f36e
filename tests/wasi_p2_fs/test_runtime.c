/* test_runtime.c: wasi:filesystem on the real component runtime and
 * wasi:io host (libkilnrt), through tests/wasi_p2's instance made by
 * kiln_component_new: preopens reach the filesystem through
 * KilnWasiConfig, the stream constructors hand out streams that
 * wasi:io/streams reads and writes, a failing stream's error answers
 * filesystem-error-code, names are lowered in the guest's string
 * encoding (UTF-16 here), and freeing the instance closes every host
 * descriptor the filesystem opened. */
#include "../wasi_p2/p2t.h"

#include <dirent.h>
#include <ftw.h>
#include <stdlib.h>
#include <unistd.h>

#include "wasi_filesystem_preopens.h"
#include "wasi_filesystem_types.h"
#include "wasi_io_streams.h"

static char root[256];

static int count_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    int n = 0;
    if (!d)
        return -1;
    while (readdir(d))
        n++;
    closedir(d);
    return n;
}

static const char *host_read(const char *rel)
{
    static char buf[256];
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    buf[0] = 0;
    FILE *f = fopen(p, "r");
    if (f) {
        buf[fread(buf, 1, sizeof buf - 1, f)] = 0;
        fclose(f);
    }
    return buf;
}

static uint32_t preopen(void)
{
    wasi_filesystem_preopens_list_tuple2_wasi_filesystem_types_own_descriptor_string_t l;
    wasi_filesystem_preopens_get_directories(&t_cx, &l);
    T_EQ(l.len, 1);
    uint32_t h = t_ld32(l.ptr);
    T_GUEST_STR(t_ld32(l.ptr + 4), t_ld32(l.ptr + 8), "/data");
    return h;
}

static uint32_t open_file(uint32_t dir, const char *path, uint8_t oflags,
                          uint8_t flags)
{
    wasi_filesystem_types_result_own_descriptor_error_code_t r;
    wasi_filesystem_types_descriptor_open_at(&t_cx, dir, 0,
                                             (const uint8_t *)path,
                                             (uint32_t)strlen(path), oflags,
                                             flags, &r);
    T_EQ(r.is_err, 0);
    return r.val.ok;
}

static void write_all(uint32_t out, const char *s,
                      wasi_io_streams_result_void_stream_error_t *r)
{
    wasi_io_streams_output_stream_blocking_write_and_flush(
        &t_cx, out, (const uint8_t *)s, (uint32_t)strlen(s), r);
}

static void test_streams(uint32_t dir)
{
    uint32_t f = open_file(dir, "s.txt", WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE,
                           WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ |
                               WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_WRITE);
    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t o;
    wasi_filesystem_types_descriptor_write_via_stream(&t_cx, f, 0, &o);
    T_EQ(o.is_err, 0);
    wasi_io_streams_result_void_stream_error_t w;
    write_all(o.val.ok, "hello", &w);
    T_EQ(w.is_err, 0);
    write_all(o.val.ok, " world", &w);
    T_EQ(w.is_err, 0);
    T_EQ(strcmp(host_read("s.txt"), "hello world"), 0);

    wasi_filesystem_types_result_wasi_io_streams_own_output_stream_error_code_t a;
    wasi_filesystem_types_descriptor_append_via_stream(&t_cx, f, &a);
    T_EQ(a.is_err, 0);
    write_all(a.val.ok, "!", &w);
    T_EQ(w.is_err, 0);
    /* The positional stream goes on where it was; append still appends. */
    write_all(o.val.ok, "W", &w);
    write_all(a.val.ok, "?", &w);
    T_EQ(strcmp(host_read("s.txt"), "hello worldW?"), 0);

    wasi_filesystem_types_result_wasi_io_streams_own_input_stream_error_code_t i;
    wasi_filesystem_types_descriptor_read_via_stream(&t_cx, f, 6, &i);
    T_EQ(i.is_err, 0);
    wasi_io_streams_result_list_u8_stream_error_t rd;
    wasi_io_streams_input_stream_blocking_read(&t_cx, i.val.ok, 100, &rd);
    T_EQ(rd.is_err, 0);
    T_GUEST_STR(rd.val.ok.ptr, rd.val.ok.len, "worldW?");
    wasi_io_streams_input_stream_blocking_read(&t_cx, i.val.ok, 100, &rd);
    T_EQ(rd.is_err, 1);
    T_EQ(rd.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_CLOSED);

    /* A write the host refuses: the stream error is a filesystem error. */
    wasi_filesystem_types_descriptor_write_via_stream(&t_cx, f,
                                                      (uint64_t)1 << 63, &o);
    T_EQ(o.is_err, 0);
    write_all(o.val.ok, "x", &w);
    T_EQ(w.is_err, 1);
    T_EQ(w.val.err.tag, WASI_IO_STREAMS_STREAM_ERROR_LAST_OPERATION_FAILED);
    if (w.is_err && w.val.err.tag == 0) {
        wasi_filesystem_types_option_error_code_t c;
        wasi_filesystem_types_filesystem_error_code(
            &t_cx, w.val.err.val.last_operation_failed, &c);
        T_EQ(c.is_some, 1);
        T_EQ(c.val, WASI_FILESYSTEM_TYPES_ERROR_CODE_INVALID);
    }
    /* The descriptor may go first: its streams keep working. */
    t_drop(KILN_HR_wasi_filesystem_types_descriptor, f);
    write_all(a.val.ok, "#", &w);
    T_EQ(w.is_err, 0);
    T_EQ(strcmp(host_read("s.txt"), "hello worldW?#"), 0);
}

/* UTF-16 guests get names in UTF-16 (code units, little-endian).  An
 * ASCII name: p2t.c's realloc takes only fresh allocations, and the
 * transcoder shrinks its worst-case buffer for anything else. */
static void test_utf16(uint32_t dir)
{
    char p[512];
    snprintf(p, sizeof p, "%s/Ab", root);
    FILE *fh = fopen(p, "w");
    if (fh)
        fclose(fh);
    t_cx.encoding = KILN_UTF16;
    wasi_filesystem_types_result_own_directory_entry_stream_error_code_t s;
    wasi_filesystem_types_descriptor_read_directory(&t_cx, dir, &s);
    T_EQ(s.is_err, 0);
    bool seen = false;
    for (int n = 0; n < 8; n++) {
        wasi_filesystem_types_result_option_directory_entry_error_code_t e;
        wasi_filesystem_types_directory_entry_stream_read_directory_entry(
            &t_cx, s.val.ok, &e);
        T_EQ(e.is_err, 0);
        if (e.is_err || !e.val.ok.is_some)
            break;
        const uint8_t *u = t_mem(e.val.ok.val.name.ptr);
        if (e.val.ok.val.name.len == 2 && u[0] == 'A' && u[1] == 0 &&
            u[2] == 'b' && u[3] == 0)
            seen = true;
    }
    T_TRUE(seen);
    t_cx.encoding = KILN_UTF8;
}

static int rm_one(const char *p, const struct stat *st, int flag,
                  struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p);
}

int main(void)
{
    int fds = count_fds();
    snprintf(root, sizeof root, "%s/kiln-p2fs-rt-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 2;
    }
    KilnPreopen pre = {.host_path = root, .guest_path = "/data"};
    KilnWasiConfig cfg = {.npreopens = 1, .preopens = &pre,
                          .stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1};
    t_setup(&cfg);
    uint32_t dir = preopen();
    test_streams(dir);
    test_utf16(dir);
    t_finish(); /* drops the live descriptors and streams */
    T_EQ(count_fds(), fds);
    /* No preopens: an empty list (realloc of 0 bytes, as the ABI does). */
    KilnWasiConfig none = {.stdin_fd = -1, .stdout_fd = -1, .stderr_fd = -1};
    t_setup(&none);
    wasi_filesystem_preopens_list_tuple2_wasi_filesystem_types_own_descriptor_string_t l;
    wasi_filesystem_preopens_get_directories(&t_cx, &l);
    T_EQ(l.len, 0);
    t_finish();
    nftw(root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
    return t_result();
}
