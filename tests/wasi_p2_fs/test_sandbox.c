/* test_sandbox.c: no wasi:filesystem path leaves its directory.
 * Absolute paths, `..` above the descriptor, symlinks to absolute or
 * outside targets (directly, in the middle of a path, after a trailing
 * slash, through chains) all answer not-permitted, for every kind of
 * path method, and `outside/secret` next to the sandbox stays untouched;
 * `..` that stays inside is fine. */
#include "harness.h"

#include <string.h>

static const char *escapes[] = {
    "/etc/passwd", "/", "..", "../outside/secret", "a/../../outside/secret",
    "up/secret", "abs", "abs/passwd", "chain/secret", "up/", "sub/../../x",
    "sub/upup/secret",
};
#define NESC (sizeof escapes / sizeof escapes[0])

static void setup_links(uint32_t root)
{
    t_host_mkdir("sandbox/a");
    t_host_mkdir("sandbox/sub");
    t_host_symlink("../outside", "sandbox/up");
    t_host_symlink("/etc", "sandbox/abs");
    t_host_symlink("up", "sandbox/chain");
    t_host_symlink("../../outside", "sandbox/sub/upup");
    t_host_write("sandbox/a/ok", "ok");
    (void)root;
}

static void test_lookups(uint32_t root)
{
    for (size_t i = 0; i < NESC; i++) {
        const char *p = escapes[i];
        wasi_filesystem_types_descriptor_stat_t st;
        if (t_stat_at(root, FOLLOW, p, &st) != E_(NOT_PERMITTED)) {
            fprintf(stderr, "stat-at follow %s escaped\n", p);
            t_failures++;
        }
        int e = t_open(root, FOLLOW, p, 0, F_READ, NULL);
        if (e != E_(NOT_PERMITTED)) {
            fprintf(stderr, "open-at %s: %d\n", p, e);
            t_failures++;
        }
        wasi_filesystem_types_result_metadata_hash_value_error_code_t h;
        wasi_filesystem_types_descriptor_metadata_hash_at(
            t_cx, root, FOLLOW, (const uint8_t *)p, (uint32_t)strlen(p), &h);
        if (!h.is_err || h.val.err != E_(NOT_PERMITTED)) {
            fprintf(stderr, "metadata-hash-at %s escaped\n", p);
            t_failures++;
        }
    }
    /* A trailing slash makes even a non-following lookup expand the link
     * (POSIX), so it is checked like any other step. */
    T_EQ(t_open(root, 0, "up/", 0, F_READ, NULL), E_(NOT_PERMITTED));
    T_EQ(t_open(root, 0, "up/.", O_DIR_, F_READ, NULL), E_(NOT_PERMITTED));
    T_EQ(t_stat_at(root, 0, "up/", NULL), E_(NOT_PERMITTED));
    wasi_filesystem_types_result_void_error_code_t v;
    wasi_filesystem_types_descriptor_remove_directory_at(
        t_cx, root, (const uint8_t *)"up/", 3, &v);
    T_EQ(v.is_err, 1);
    T_TRUE(t_host_exists("outside/secret"));
    /* Without symlink-follow a final link is looked at, not followed. */
    wasi_filesystem_types_descriptor_stat_t st;
    T_EQ(t_stat_at(root, 0, "up", &st), OK);
    T_EQ(st.type, T_(SYMBOLIC_LINK));
    T_EQ(t_stat_at(root, 0, "up/secret", NULL), E_(NOT_PERMITTED));
    /* `..` inside the sandbox is fine. */
    T_EQ(t_stat_at(root, 0, "a/../a/ok", &st), OK);
    T_EQ(st.size, 2);
    uint32_t a;
    T_EQ(t_open(root, 0, "a", O_DIR_, F_READ, &a), OK);
    T_EQ(t_stat_at(a, 0, "../a/ok", NULL), E_(NOT_PERMITTED)); /* above a */
    T_EQ(t_stat_at(a, 0, "ok", NULL), OK);
    t_drop(a);
}

static void test_changes(uint32_t root)
{
    const char *targets[] = {"../outside/new", "/tmp/kiln-p2fs-new",
                             "up/new", "abs/new", "chain/new"};
    for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
        const char *p = targets[i];
        const uint8_t *u = (const uint8_t *)p;
        uint32_t n = (uint32_t)strlen(p);
        T_EQ(t_open(root, 0, p, O_CREATE_, F_WRITE, NULL), E_(NOT_PERMITTED));
        T_EQ(t_mkdir(root, p), E_(NOT_PERMITTED));
        wasi_filesystem_types_result_void_error_code_t r;
        wasi_filesystem_types_descriptor_symlink_at(
            t_cx, root, (const uint8_t *)"a", 1, u, n, &r);
        T_EQ(r.val.err, E_(NOT_PERMITTED));
        wasi_filesystem_types_descriptor_rename_at(
            t_cx, root, (const uint8_t *)"a/ok", 4, root, u, n, &r);
        T_EQ(r.val.err, E_(NOT_PERMITTED));
        wasi_filesystem_types_descriptor_link_at(
            t_cx, root, 0, (const uint8_t *)"a/ok", 4, root, u, n, &r);
        T_EQ(r.val.err, E_(NOT_PERMITTED));
        wasi_filesystem_types_descriptor_unlink_file_at(t_cx, root, u, n, &r);
        T_EQ(r.val.err, E_(NOT_PERMITTED));
        wasi_filesystem_types_descriptor_remove_directory_at(t_cx, root, u, n,
                                                             &r);
        T_EQ(r.val.err, E_(NOT_PERMITTED));
        wasi_filesystem_types_new_timestamp_t now = {
            .tag = WASI_FILESYSTEM_TYPES_NEW_TIMESTAMP_NOW};
        wasi_filesystem_types_descriptor_set_times_at(t_cx, root, FOLLOW, u, n,
                                                      &now, &now, &r);
        T_EQ(r.val.err, E_(NOT_PERMITTED));
    }
    /* Moving something out, or the secret in. */
    wasi_filesystem_types_result_void_error_code_t r;
    wasi_filesystem_types_descriptor_rename_at(
        t_cx, root, (const uint8_t *)"up/secret", 9, root,
        (const uint8_t *)"stolen", 6, &r);
    T_EQ(r.val.err, E_(NOT_PERMITTED));
    wasi_filesystem_types_descriptor_link_at(
        t_cx, root, FOLLOW, (const uint8_t *)"chain/secret", 12, root,
        (const uint8_t *)"stolen", 6, &r);
    T_EQ(r.val.err, E_(NOT_PERMITTED));
    T_STR(t_host_read("outside/secret"), "secret");
    T_TRUE(!t_host_exists("outside/new"));
    T_TRUE(!t_host_exists("sandbox/stolen"));
    /* Unlinking the escaping link itself is allowed (it is inside). */
    wasi_filesystem_types_descriptor_unlink_file_at(
        t_cx, root, (const uint8_t *)"chain", 5, &r);
    T_EQ(r.is_err, 0);
    T_TRUE(t_host_exists("outside/secret"));
}

static void test_links(uint32_t root)
{
    wasi_filesystem_types_result_void_error_code_t r;
    /* Absolute symlink targets are refused; relative ones that point
     * outside may be made, but never followed. */
    wasi_filesystem_types_descriptor_symlink_at(
        t_cx, root, (const uint8_t *)"/etc/passwd", 11,
        (const uint8_t *)"pw", 2, &r);
    T_EQ(r.val.err, E_(NOT_PERMITTED));
    T_TRUE(!t_host_exists("sandbox/pw"));
    wasi_filesystem_types_descriptor_symlink_at(
        t_cx, root, (const uint8_t *)"../outside/secret", 17,
        (const uint8_t *)"rel", 3, &r);
    T_EQ(r.is_err, 0);
    T_EQ(t_open(root, FOLLOW, "rel", 0, F_READ, NULL), E_(NOT_PERMITTED));
    /* readlink-at of an absolute link answers not-permitted (types.wit). */
    wasi_filesystem_types_result_string_error_code_t s;
    wasi_filesystem_types_descriptor_readlink_at(
        t_cx, root, (const uint8_t *)"abs", 3, &s);
    T_EQ(s.is_err, 1);
    T_EQ(s.val.err, E_(NOT_PERMITTED));
    wasi_filesystem_types_descriptor_readlink_at(
        t_cx, root, (const uint8_t *)"up/secret", 9, &s);
    T_EQ(s.val.err, E_(NOT_PERMITTED));
    /* A NUL inside a path is invalid, not a shorter path. */
    wasi_filesystem_types_result_descriptor_stat_error_code_t st;
    wasi_filesystem_types_descriptor_stat_at(
        t_cx, root, 0, (const uint8_t *)"a\0/etc", 6, &st);
    T_EQ(st.val.err, E_(INVALID));
}

int main(void)
{
    uint32_t root = t_setup("sandbox");
    setup_links(root);
    test_lookups(root);
    test_changes(root);
    test_links(root);
    return t_finish();
}
