/* test_paths.c: wasi:filesystem path methods inside the sandbox —
 * directory streams, create/remove-directory-at, unlink-file-at,
 * rename-at, link-at, symlink-at, readlink-at, stat-at with and without
 * symlink-follow, and paths through symlinked directories. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static int vcall(int which, uint32_t dir, const char *path)
{
    wasi_filesystem_types_result_void_error_code_t r;
    const uint8_t *p = (const uint8_t *)path;
    uint32_t n = (uint32_t)strlen(path);
    if (which == 0)
        wasi_filesystem_types_descriptor_remove_directory_at(t_cx, dir, p, n, &r);
    else
        wasi_filesystem_types_descriptor_unlink_file_at(t_cx, dir, p, n, &r);
    return r.is_err ? r.val.err : OK;
}
#define t_rmdir(d, p) vcall(0, d, p)
#define t_unlink(d, p) vcall(1, d, p)

static int t_rename(uint32_t a, const char *pa, uint32_t b, const char *pb)
{
    wasi_filesystem_types_result_void_error_code_t r;
    wasi_filesystem_types_descriptor_rename_at(
        t_cx, a, (const uint8_t *)pa, (uint32_t)strlen(pa), b,
        (const uint8_t *)pb, (uint32_t)strlen(pb), &r);
    return r.is_err ? r.val.err : OK;
}

static int t_link(uint32_t a, uint8_t pf, const char *pa, uint32_t b,
                  const char *pb)
{
    wasi_filesystem_types_result_void_error_code_t r;
    wasi_filesystem_types_descriptor_link_at(
        t_cx, a, pf, (const uint8_t *)pa, (uint32_t)strlen(pa), b,
        (const uint8_t *)pb, (uint32_t)strlen(pb), &r);
    return r.is_err ? r.val.err : OK;
}

static int t_symlink(uint32_t d, const char *target, const char *path)
{
    wasi_filesystem_types_result_void_error_code_t r;
    wasi_filesystem_types_descriptor_symlink_at(
        t_cx, d, (const uint8_t *)target, (uint32_t)strlen(target),
        (const uint8_t *)path, (uint32_t)strlen(path), &r);
    return r.is_err ? r.val.err : OK;
}

static int t_readlink(uint32_t d, const char *path, const char **out)
{
    wasi_filesystem_types_result_string_error_code_t r;
    wasi_filesystem_types_descriptor_readlink_at(
        t_cx, d, (const uint8_t *)path, (uint32_t)strlen(path), &r);
    if (r.is_err)
        return r.val.err;
    *out = t_gstr(r.val.ok.ptr, r.val.ok.len);
    return OK;
}

/* Reads a directory stream to its end: "name:type " in name order. */
static const char *list_dir(uint32_t dir)
{
    static char out[1024];
    wasi_filesystem_types_result_own_directory_entry_stream_error_code_t rd;
    wasi_filesystem_types_descriptor_read_directory(t_cx, dir, &rd);
    T_EQ(rd.is_err, 0);
    char names[32][64];
    int n = 0;
    for (;;) {
        wasi_filesystem_types_result_option_directory_entry_error_code_t e;
        wasi_filesystem_types_directory_entry_stream_read_directory_entry(
            t_cx, rd.val.ok, &e);
        T_EQ(e.is_err, 0);
        if (e.is_err || !e.val.ok.is_some || n == 32)
            break;
        snprintf(names[n++], sizeof names[0], "%s:%u ",
                 t_gstr(e.val.ok.val.name.ptr, e.val.ok.val.name.len),
                 e.val.ok.val.type);
    }
    /* At the end it stays at the end. */
    wasi_filesystem_types_result_option_directory_entry_error_code_t e;
    wasi_filesystem_types_directory_entry_stream_read_directory_entry(
        t_cx, rd.val.ok, &e);
    T_EQ(e.val.ok.is_some, 0);
    t_drop(rd.val.ok);
    qsort(names, (size_t)n, sizeof names[0],
          (int (*)(const void *, const void *))strcmp);
    out[0] = 0;
    for (int i = 0; i < n; i++)
        strcat(out, names[i]);
    return out;
}

static void test_readdir(uint32_t root)
{
    T_STR(list_dir(root), "");
    t_host_write("sandbox/f", "x");
    t_host_mkdir("sandbox/dir");
    t_host_symlink("f", "sandbox/lnk");
    t_host_write("sandbox/dir/inner", "y");
    /* 3 directory, 5 symbolic-link, 6 regular-file */
    T_STR(list_dir(root), "dir:3 f:6 lnk:5 ");
    uint32_t d;
    T_EQ(t_open(root, 0, "dir", O_DIR_, F_READ, &d), OK);
    T_STR(list_dir(d), "inner:6 ");
    /* Two streams of one directory are independent. */
    T_STR(list_dir(d), "inner:6 ");
    t_drop(d);
}

static void test_dirs(uint32_t root)
{
    T_EQ(t_mkdir(root, "m"), OK);
    T_EQ(t_mkdir(root, "m"), E_(EXIST));
    T_EQ(t_mkdir(root, "m/n/"), OK);
    T_EQ(t_mkdir(root, "nope/n"), E_(NO_ENTRY));
    wasi_filesystem_types_descriptor_stat_t st;
    T_EQ(t_stat_at(root, 0, "m/n", &st), OK);
    T_EQ(st.type, T_(DIRECTORY));
    T_EQ(t_rmdir(root, "m"), E_(NOT_EMPTY));
    T_EQ(t_rmdir(root, "m/n"), OK);
    T_EQ(t_rmdir(root, "m/."), E_(INVALID)); /* as rmdir(2) */
    T_EQ(t_rmdir(root, "m/"), OK);
    T_TRUE(!t_host_exists("sandbox/m"));
    t_host_write("sandbox/u", "u");
    T_EQ(t_rmdir(root, "u"), E_(NOT_DIRECTORY));
    T_EQ(t_unlink(root, "u/"), E_(NOT_DIRECTORY));
    T_EQ(t_unlink(root, "u"), OK);
    T_EQ(t_unlink(root, "u"), E_(NO_ENTRY));
    T_TRUE(!t_host_exists("sandbox/u"));
    T_EQ(t_stat_at(root, 0, "", NULL), E_(NO_ENTRY));
    T_EQ(t_stat_at(root, 0, ".", &st), OK);
    T_EQ(st.type, T_(DIRECTORY));
}

static void test_rename_link(uint32_t root)
{
    t_host_write("sandbox/r1", "r1");
    T_EQ(t_mkdir(root, "rd"), OK);
    uint32_t rd;
    T_EQ(t_open(root, 0, "rd", O_DIR_, 0, &rd), OK);
    T_EQ(t_rename(root, "r1", rd, "r2"), OK);
    T_STR(t_host_read("sandbox/rd/r2"), "r1");
    T_TRUE(!t_host_exists("sandbox/r1"));
    T_EQ(t_rename(root, "r1", rd, "r3"), E_(NO_ENTRY));
    T_EQ(t_link(rd, 0, "r2", root, "hard"), OK);
    wasi_filesystem_types_descriptor_stat_t st;
    T_EQ(t_stat_at(root, 0, "hard", &st), OK);
    T_EQ(st.link_count, 2);
    T_EQ(t_link(rd, 0, "r2", root, "hard"), E_(EXIST));
    /* link-at with symlink-follow links the target, not the link. */
    T_EQ(t_symlink(root, "hard", "soft"), OK);
    T_EQ(t_link(root, FOLLOW, "soft", root, "hard2"), OK);
    T_EQ(t_stat_at(root, 0, "hard2", &st), OK);
    T_EQ(st.type, T_(REGULAR_FILE));
    T_EQ(st.link_count, 3);
    t_drop(rd);
}

static void test_symlinks(uint32_t root)
{
    t_host_write("sandbox/target", "tt");
    T_EQ(t_symlink(root, "target", "sl"), OK);
    const char *s;
    T_EQ(t_readlink(root, "sl", &s), OK);
    T_STR(s, "target");
    T_EQ(t_readlink(root, "target", &s), E_(INVALID));
    T_EQ(t_symlink(root, "target", "sl"), E_(EXIST));
    T_EQ(t_symlink(root, "x", "target/"), E_(NOT_DIRECTORY));
    T_EQ(t_symlink(root, "x", "missing/"), E_(NO_ENTRY));
    wasi_filesystem_types_descriptor_stat_t st;
    T_EQ(t_stat_at(root, 0, "sl", &st), OK);
    T_EQ(st.type, T_(SYMBOLIC_LINK));
    T_EQ(t_stat_at(root, FOLLOW, "sl", &st), OK);
    T_EQ(st.type, T_(REGULAR_FILE));
    T_EQ(st.size, 2);
    /* open-at without symlink-follow does not open through a final link. */
    T_EQ(t_open(root, 0, "sl", 0, F_READ, NULL), E_(LOOP));
    uint32_t f;
    T_EQ(t_open(root, FOLLOW, "sl", 0, F_READ, &f), OK);
    const char *data;
    bool eof;
    T_EQ(t_read(f, 10, 0, &data, &eof), OK);
    T_STR(data, "tt");
    t_drop(f);
    /* Links in the middle of a path are followed, inside the sandbox. */
    T_EQ(t_mkdir(root, "real"), OK);
    t_host_write("sandbox/real/in", "in");
    T_EQ(t_symlink(root, "real", "alias"), OK);
    T_EQ(t_stat_at(root, 0, "alias/in", &st), OK);
    T_EQ(st.size, 2);
    T_EQ(t_stat_at(root, 0, "alias/", &st), OK); /* trailing slash follows */
    T_EQ(st.type, T_(DIRECTORY));
    /* Removing a link removes the link, not its target. */
    T_EQ(t_unlink(root, "alias"), OK);
    T_TRUE(t_host_exists("sandbox/real/in"));
    /* Loops end with `loop`. */
    T_EQ(t_symlink(root, "loop2", "loop1"), OK);
    T_EQ(t_symlink(root, "loop1", "loop2"), OK);
    T_EQ(t_stat_at(root, FOLLOW, "loop1", NULL), E_(LOOP));
    T_EQ(t_open(root, FOLLOW, "loop1", 0, F_READ, NULL), E_(LOOP));
    /* A dangling link can be created and read. */
    T_EQ(t_symlink(root, "nowhere", "dangle"), OK);
    T_EQ(t_readlink(root, "dangle", &s), OK);
    T_STR(s, "nowhere");
    T_EQ(t_stat_at(root, FOLLOW, "dangle", NULL), E_(NO_ENTRY));
    /* O_CREAT|O_EXCL through a dangling link does not create its target. */
    T_EQ(t_open(root, FOLLOW, "dangle", O_CREATE_ | O_EXCL_, F_WRITE, NULL),
         E_(EXIST));
    T_TRUE(!t_host_exists("sandbox/nowhere"));
}

/* Host names that are not UTF-8 cannot be WIT strings. */
static void test_bad_names(uint32_t root)
{
    T_EQ(p2fs_utf8("plain", 5), 1);
    T_EQ(p2fs_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9), 1);
    T_EQ(p2fs_utf8("\xff", 1), 0);
    T_EQ(p2fs_utf8("\xc0\xaf", 2), 0);         /* overlong */
    T_EQ(p2fs_utf8("\xed\xa0\x80", 3), 0);     /* surrogate */
    T_EQ(p2fs_utf8("\xf4\x90\x80\x80", 4), 0); /* past U+10FFFF */
    T_EQ(p2fs_utf8("\xe2\x82", 2), 0);         /* cut short */
    T_EQ(t_mkdir(root, "bad"), OK);
    t_host_write("sandbox/bad/\xff", "x");
    t_host_symlink("\xfe", "sandbox/bad/ln");
    uint32_t d;
    T_EQ(t_open(root, 0, "bad", O_DIR_, F_READ, &d), OK);
    wasi_filesystem_types_result_own_directory_entry_stream_error_code_t rd;
    wasi_filesystem_types_descriptor_read_directory(t_cx, d, &rd);
    int errors = 0, names = 0;
    for (int i = 0; i < 4; i++) {
        wasi_filesystem_types_result_option_directory_entry_error_code_t e;
        wasi_filesystem_types_directory_entry_stream_read_directory_entry(
            t_cx, rd.val.ok, &e);
        if (e.is_err) {
            T_EQ(e.val.err, E_(ILLEGAL_BYTE_SEQUENCE));
            errors++;
        } else if (e.val.ok.is_some) {
            T_STR(t_gstr(e.val.ok.val.name.ptr, e.val.ok.val.name.len), "ln");
            names++;
        }
    }
    T_EQ(errors, 1);
    T_EQ(names, 1);
    const char *s;
    T_EQ(t_readlink(d, "ln", &s), E_(ILLEGAL_BYTE_SEQUENCE));
}

int main(void)
{
    uint32_t root = t_setup("paths");
    test_readdir(root);
    test_dirs(root);
    test_rename_link(root);
    test_symlinks(root);
    test_bad_names(root);
    return t_finish();
}
