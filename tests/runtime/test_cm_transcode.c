/* test_cm_transcode.c: strings across components (CanonicalABI.md
 * load_string_from_range and the store_string cases): every pair of
 * source encoding (utf8, utf16, latin1+utf16 as Latin-1, latin1+utf16 as
 * tagged UTF-16) and destination encoding (utf8, utf16, latin1+utf16),
 * on ASCII, Latin-1, BMP and astral strings; the exact realloc calls the
 * spec makes (sizes, alignments, old pointers, may_leave cleared); the
 * host's kiln_cx_store_string and kiln_cx_lift_string; UTF-8 / UTF-16
 * validation; and the traps
 * for invalid strings, misaligned and out-of-bounds pointers, too-long
 * strings and bad realloc results. */
#include "cm_fixture.h"

#include <stdlib.h>

enum { SRC_UTF8, SRC_UTF16, SRC_LATIN1, SRC_TAGGED16 };
static const char *const src_names[] = {"utf8", "utf16", "latin1",
                                        "latin1+utf16/utf16"};
static const char *const dst_names[] = {"utf8", "utf16", "latin1+utf16"};

/* ---- an independent encoder / decoder (the oracle) ---- */

static uint32_t enc_utf8(const uint32_t *cp, uint32_t n, uint8_t *out)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = cp[i];
        if (c < 0x80) {
            out[k++] = (uint8_t)c;
        } else if (c < 0x800) {
            out[k++] = (uint8_t)(0xc0 | c >> 6);
            out[k++] = (uint8_t)(0x80 | (c & 63));
        } else if (c < 0x10000) {
            out[k++] = (uint8_t)(0xe0 | c >> 12);
            out[k++] = (uint8_t)(0x80 | (c >> 6 & 63));
            out[k++] = (uint8_t)(0x80 | (c & 63));
        } else {
            out[k++] = (uint8_t)(0xf0 | c >> 18);
            out[k++] = (uint8_t)(0x80 | (c >> 12 & 63));
            out[k++] = (uint8_t)(0x80 | (c >> 6 & 63));
            out[k++] = (uint8_t)(0x80 | (c & 63));
        }
    }
    return k;
}

/* UTF-16LE bytes; returns code units. */
static uint32_t enc_utf16(const uint32_t *cp, uint32_t n, uint8_t *out)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = cp[i];
        uint32_t u[2] = {c, 0}, m = 1;
        if (c >= 0x10000) {
            u[0] = 0xd800 | ((c - 0x10000) >> 10);
            u[1] = 0xdc00 | ((c - 0x10000) & 0x3ff);
            m = 2;
        }
        for (uint32_t j = 0; j < m; j++) {
            out[2 * k] = (uint8_t)u[j];
            out[2 * k + 1] = (uint8_t)(u[j] >> 8);
            k++;
        }
    }
    return k;
}

static bool all_below(const uint32_t *cp, uint32_t n, uint32_t lim)
{
    for (uint32_t i = 0; i < n; i++)
        if (cp[i] >= lim)
            return false;
    return true;
}

/* ---- the test strings ---- */
typedef struct TStr {
    const char *name;
    uint32_t cp[400];
    uint32_t n;
} TStr;

static TStr strs[7];
static int nstrs;

static void add_str(const char *name, const uint32_t *cp, uint32_t n)
{
    TStr *s = &strs[nstrs++];
    s->name = name;
    if (n)
        memcpy(s->cp, cp, n * sizeof *cp);
    s->n = n;
}

static void make_strs(void)
{
    add_str("empty", NULL, 0);
    add_str("ascii", (uint32_t[]){'h', 'e', 'l', 'l', 'o'}, 5);
    add_str("latin1", (uint32_t[]){'h', 0xe9, 'l', 0xff, 0x80, 'o'}, 6);
    add_str("bmp", (uint32_t[]){'a', 'b', 0x20ac, 'c', 0xe9}, 5);
    add_str("astral", (uint32_t[]){'x', 0x1f600, 'y', 0x10ffff}, 4);
    add_str("mixed-first", (uint32_t[]){0xff, 0x20ac, 0x1f600, 'a', 0}, 5);
    uint32_t big[400];
    for (uint32_t i = 0; i < 400; i++)
        big[i] = i < 300 ? 'a' + i % 26 : i % 3 ? 0xe0 + i % 16 : 0x3b1;
    add_str("long", big, 400);
}

/* ---- the expected realloc calls (old_size, align, new_size) ---- */
typedef struct Exp {
    uint32_t old_size, align, new_size;
} Exp;

static int expect_calls(const TStr *s, int src, int dst, Exp *e,
                        uint32_t *len_out)
{
    uint8_t tmp[2000];
    uint32_t u8 = enc_utf8(s->cp, s->n, tmp);
    uint32_t u16 = enc_utf16(s->cp, s->n, tmp);
    uint32_t n = src == SRC_UTF8 ? u8 : src == SRC_LATIN1 ? s->n : u16;
    int k = 0;
    if (dst == KILN_UTF8) {
        *len_out = u8;
        if (src == SRC_UTF8) {
            e[k++] = (Exp){0, 1, n};
            return k;
        }
        uint32_t worst = src == SRC_LATIN1 ? 2 * n : 3 * n;
        e[k++] = (Exp){0, 1, n};
        if (all_below(s->cp, s->n, 0x80))
            return k;
        e[k++] = (Exp){n, 1, worst};
        if (worst > u8)
            e[k++] = (Exp){worst, 1, u8};
        return k;
    }
    if (dst == KILN_UTF16) {
        *len_out = u16;
        if (src == SRC_UTF8) {
            e[k++] = (Exp){0, 2, 2 * n};
            if (2 * u16 < 2 * n)
                e[k++] = (Exp){2 * n, 2, 2 * u16};
            return k;
        }
        e[k++] = (Exp){0, 2, 2 * n};
        return k;
    }
    bool latin1 = all_below(s->cp, s->n, 0x100);
    *len_out = latin1 ? s->n : u16 | 0x80000000u;
    if (src == SRC_LATIN1) {
        e[k++] = (Exp){0, 2, n};
    } else if (src == SRC_TAGGED16) {
        e[k++] = (Exp){0, 2, 2 * n};
        if (latin1)
            e[k++] = (Exp){2 * n, 1, n};
    } else {
        e[k++] = (Exp){0, 2, n};
        if (latin1) {
            if (s->n < n)
                e[k++] = (Exp){n, 2, s->n};
        } else {
            e[k++] = (Exp){n, 2, 2 * n};
            if (2 * n > 2 * u16)
                e[k++] = (Exp){2 * n, 2, 2 * u16};
        }
    }
    return k;
}

/* The destination's bytes as expected. */
static uint32_t expect_bytes(const TStr *s, int dst, uint8_t *out)
{
    if (dst == KILN_UTF8)
        return enc_utf8(s->cp, s->n, out);
    if (dst == KILN_UTF16 || !all_below(s->cp, s->n, 0x100))
        return 2 * enc_utf16(s->cp, s->n, out);
    for (uint32_t i = 0; i < s->n; i++)
        out[i] = (uint8_t)s->cp[i];
    return s->n;
}

/* Writes s in encoding `src` at A's address 256; returns the length
 * argument (code units, tagged). */
static uint32_t put_source(KilnCanonCx *a, const TStr *s, int src)
{
    uint8_t *m = a->memory->base + 256;
    switch (src) {
    case SRC_UTF8: return enc_utf8(s->cp, s->n, m);
    case SRC_UTF16: return enc_utf16(s->cp, s->n, m);
    case SRC_LATIN1:
        for (uint32_t i = 0; i < s->n; i++)
            m[i] = (uint8_t)s->cp[i];
        return s->n;
    default: return enc_utf16(s->cp, s->n, m) | 0x80000000u;
    }
}

static const uint32_t src_enc_of[] = {KILN_UTF8, KILN_UTF16,
                                      KILN_LATIN1_UTF16, KILN_LATIN1_UTF16};

static int npairs, nlifts;

/* Checks the stored result and the realloc calls on B's side. */
static void check_store(const char *what, KilnComponentInst *ci,
                        const TStr *s, int src, int dst, uint32_t ptr,
                        uint32_t len)
{
    Exp e[8];
    uint32_t want_len;
    int ne = expect_calls(s, src, dst, e, &want_len);
    uint8_t want[2000];
    uint32_t nb = expect_bytes(s, dst, want);
    bool ok = len == want_len &&
              !memcmp(ci->cores[1]->memories[0]->base + ptr, want, nb);
    ok = ok && nrealloc == ne;
    uint32_t prev = 0;
    for (int i = 0; ok && i < ne; i++) {
        ReallocCall *r = &realloc_log[i];
        ok = r->vm == ci->cores[1] && r->old == prev &&
             r->old_size == e[i].old_size && r->align == e[i].align &&
             r->new_size == e[i].new_size && r->may_leave == 0;
        prev = r->ret;
    }
    ok = ok && ptr == prev && ci->may_leave[1] == 1;
    if (!ok) {
        fprintf(stderr, "%s %s: %s -> %s: len %#x (want %#x), %d reallocs "
                        "(want %d)\n",
                what, s->name, src_names[src], dst_names[dst], len,
                want_len, nrealloc, ne);
        for (int i = 0; i < nrealloc; i++)
            fprintf(stderr, "    realloc(%u, %u, %u, %u) = %u\n",
                    realloc_log[i].old, realloc_log[i].old_size,
                    realloc_log[i].align, realloc_log[i].new_size,
                    realloc_log[i].ret);
    }
    CHECK(ok);
    npairs++;
}

static void test_pairs(void)
{
    for (int si = 0; si < nstrs; si++) {
        const TStr *s = &strs[si];
        for (int src = 0; src < 4; src++) {
            if (src == SRC_LATIN1 && !all_below(s->cp, s->n, 0x100))
                continue;
            for (int dst = 0; dst < 3; dst++) {
                KilnComponentInst *ci = fx_new();
                KilnCanonCx a = fx_cx(ci, 0, src_enc_of[src]);
                KilnCanonCx b = fx_cx(ci, 1, (uint32_t)dst);
                uint32_t len = put_source(&a, s, src);
                uint32_t p = 0, l = 0;
                kiln_cm_transcode(&a, 256, len, &b, &p, &l);
                check_store("transcode", ci, s, src, dst, p, l);
                kiln_component_free(ci);
            }
        }
        /* host call arguments: UTF-8, a view when already UTF-8 */
        for (int src = 0; src < 4; src++) {
            if (src == SRC_LATIN1 && !all_below(s->cp, s->n, 0x100))
                continue;
            KilnComponentInst *ci = fx_new();
            KilnCanonCx a = fx_cx(ci, 0, src_enc_of[src]);
            uint32_t len = put_source(&a, s, src), n = 0;
            const char *u = kiln_cx_lift_string(&a, 256, len, &n);
            uint8_t want[2000];
            uint32_t wn = enc_utf8(s->cp, s->n, want);
            bool view = (const uint8_t *)u == a.memory->base + 256;
            if (n != wn || memcmp(u, want, wn) || view != (src == SRC_UTF8)) {
                fprintf(stderr, "lift_string %s from %s\n", s->name,
                        src_names[src]);
                CHECK(false);
            }
            kiln_cx_free_string(&a, u);
            CHECK(nrealloc == 0);
            kiln_component_free(ci);
            nlifts++;
        }
        /* the host's strings are UTF-8 */
        for (int dst = 0; dst < 3; dst++) {
            KilnComponentInst *ci = fx_new();
            KilnCanonCx b = fx_cx(ci, 1, (uint32_t)dst);
            char host[2000];
            uint32_t n = enc_utf8(s->cp, s->n, (uint8_t *)host);
            uint32_t p = 0, l = 0;
            kiln_cx_store_string(&b, host, n, &p, &l);
            check_store("store_string", ci, s, SRC_UTF8, dst, p, l);
            kiln_component_free(ci);
        }
    }
}

/* Transcoding within one memory (a host call's argument re-encoded into
 * the guest's own memory) while every realloc grows that memory: the
 * heap buffer behind it moves, and the source must be re-read there. */
static void test_moving_memory(void)
{
    int checked = 0, moved = 0;
    for (int si = 0; si < nstrs; si++) {
        const TStr *s = &strs[si];
        for (int src = 0; src < 4; src++) {
            if (src == SRC_LATIN1 && !all_below(s->cp, s->n, 0x100))
                continue;
            for (int dst = 0; dst < 3; dst++) {
                KilnComponentInst *ci = fx_new();
                KilnCanonCx a = fx_cx(ci, 0, src_enc_of[src]);
                KilnCanonCx a2 = fx_cx(ci, 0, (uint32_t)dst);
                uint32_t len = put_source(&a, s, src), p = 0, l = 0;
                const uint8_t *base = a.memory->base;
                realloc_mode = 3;
                kiln_cm_transcode(&a, 256, len, &a2, &p, &l);
                realloc_mode = 0;
                moved += a.memory->base != base;
                uint8_t want[2000];
                uint32_t nb = expect_bytes(s, dst, want);
                Exp e[8];
                uint32_t want_len;
                int ne = expect_calls(s, src, dst, e, &want_len);
                bool ok = l == want_len && nrealloc == ne &&
                          !memcmp(a2.memory->base + p, want, nb);
                if (!ok)
                    fprintf(stderr, "moving memory: %s %s -> %s\n", s->name,
                            src_names[src], dst_names[dst]);
                CHECK(ok);
                checked++;
                kiln_component_free(ci);
            }
        }
    }
    CHECK(checked == 7 * 3 * 3 + 3 * 3);
    fprintf(stderr, "moving memory: %d of %d moved\n", moved, checked);
}

/* ---- invalid input ---- */
static KilnComponentInst *tci;
static KilnCanonCx ta, tb;
static uint32_t t_ptr, t_len;
static const uint8_t *t_bytes;
static uint32_t t_nbytes;

static void do_transcode(void *arg)
{
    (void)arg;
    memcpy(ta.memory->base + 256, t_bytes, t_nbytes);
    uint32_t p, l;
    kiln_cm_transcode(&ta, t_ptr, t_len, &tb, &p, &l);
}

static bool transcode_traps(uint32_t src_enc, const void *bytes,
                            uint32_t nbytes, uint32_t ptr, uint32_t len,
                            const char *want)
{
    ta = fx_cx(tci, 0, src_enc);
    tb = fx_cx(tci, 1, KILN_UTF8);
    t_bytes = bytes, t_nbytes = nbytes, t_ptr = ptr, t_len = len;
    nrealloc = 0;
    bool ok = traps_with(do_transcode, NULL, want);
    return ok && nrealloc == 0; /* validated before allocating */
}

static void do_lift(void *arg)
{
    (void)arg;
    memcpy(ta.memory->base + 256, t_bytes, t_nbytes);
    uint32_t n;
    kiln_cx_free_string(&ta, kiln_cx_lift_string(&ta, t_ptr, t_len, &n));
}

static bool lift_traps(uint32_t src_enc, const void *bytes, uint32_t nbytes,
                       uint32_t ptr, uint32_t len, const char *want)
{
    ta = fx_cx(tci, 0, src_enc);
    t_bytes = bytes, t_nbytes = nbytes, t_ptr = ptr, t_len = len;
    return traps_with(do_lift, NULL, want);
}

#define BAD8(...)                                                          \
    transcode_traps(KILN_UTF8, (const uint8_t[]){__VA_ARGS__},             \
                    sizeof((const uint8_t[]){__VA_ARGS__}), 256,           \
                    sizeof((const uint8_t[]){__VA_ARGS__}),                \
                    "invalid UTF-8 string")
#define BAD16(...)                                                         \
    transcode_traps(KILN_UTF16, (const uint8_t[]){__VA_ARGS__},            \
                    sizeof((const uint8_t[]){__VA_ARGS__}), 256,           \
                    sizeof((const uint8_t[]){__VA_ARGS__}) / 2,            \
                    "invalid UTF-16 string")

static void test_invalid(void)
{
    tci = fx_new();
    CHECK(BAD8(0x80));                   /* lone continuation */
    CHECK(BAD8('a', 0xc0, 0x80));        /* overlong NUL */
    CHECK(BAD8(0xc1, 0xbf));             /* overlong */
    CHECK(BAD8(0xe0, 0x80, 0x80));       /* overlong 3-byte */
    CHECK(BAD8(0xed, 0xa0, 0x80));       /* surrogate U+D800 */
    CHECK(BAD8(0xed, 0xbf, 0xbf));       /* surrogate U+DFFF */
    CHECK(BAD8(0xf0, 0x80, 0x80, 0x80)); /* overlong 4-byte */
    CHECK(BAD8(0xf4, 0x90, 0x80, 0x80)); /* past U+10FFFF */
    CHECK(BAD8(0xf5, 0x80, 0x80, 0x80));
    CHECK(BAD8(0xff));
    CHECK(BAD8('a', 0xe2, 0x82));        /* truncated */
    CHECK(BAD8(0xe2, 0x82, 'a'));
    CHECK(BAD16(0x00, 0xd8));             /* high surrogate at the end */
    CHECK(BAD16(0x00, 0xdc, 'a', 0));     /* lone low surrogate */
    CHECK(BAD16(0x00, 0xd8, 'a', 0));     /* high then not low */
    CHECK(BAD16(0x00, 0xd8, 0x00, 0xd8)); /* high then high */
    CHECK(transcode_traps(KILN_LATIN1_UTF16, (const uint8_t[]){0, 0xdc}, 2,
                          256, 1 | 0x80000000u, "invalid UTF-16 string"));
    CHECK(lift_traps(KILN_UTF8, (const uint8_t[]){0xed, 0xa0, 0x80}, 3, 256,
                     3, "invalid UTF-8 string"));
    CHECK(lift_traps(KILN_UTF16, (const uint8_t[]){0x00, 0xdc}, 2, 256, 1,
                     "invalid UTF-16 string"));
    CHECK(lift_traps(KILN_UTF16, (const uint8_t[]){0, 0}, 0, 255, 1,
                     "misaligned string pointer"));
    CHECK(lift_traps(KILN_UTF8, (const uint8_t[]){0, 0}, 0, 65000, 600,
                     "string out of bounds"));
    /* Latin-1 is never invalid */
    uint8_t ff = 0xff;
    ta = fx_cx(tci, 0, KILN_LATIN1_UTF16);
    tb = fx_cx(tci, 1, KILN_UTF8);
    t_bytes = &ff, t_nbytes = 1, t_ptr = 256, t_len = 1;
    CHECK(kiln_rt_call_guarded(do_transcode, NULL, NULL) == KILN_TRAP_NONE);

    /* limits, alignment, bounds (load_string_from_range order) */
    uint8_t z[2] = {0, 0};
    CHECK(transcode_traps(KILN_UTF8, z, 0, 0, 1u << 28, "string too long"));
    CHECK(transcode_traps(KILN_UTF16, z, 0, 0, 1u << 27,
                          "string too long (268435456 bytes)"));
    CHECK(transcode_traps(KILN_UTF16, z, 0, 257, 1, "misaligned string"));
    CHECK(transcode_traps(KILN_LATIN1_UTF16, z, 0, 257, 1,
                          "misaligned string"));
    CHECK(transcode_traps(KILN_UTF8, z, 0, 65535, 2,
                          "string out of bounds (0xffff + 2 bytes"));
    CHECK(transcode_traps(KILN_UTF16, z, 0, 65534, 2, "out of bounds"));
    CHECK(transcode_traps(KILN_UTF8, z, 0, 0xffffffffu, 1, "out of bounds"));
    /* right at the end is fine */
    ta = fx_cx(tci, 0, KILN_UTF8);
    t_bytes = z, t_nbytes = 0, t_ptr = 65535, t_len = 1;
    CHECK(kiln_rt_call_guarded(do_transcode, NULL, NULL) == KILN_TRAP_NONE);
    kiln_component_free(tci);
}

static void do_check8(void *a) { kiln_cm_check_utf8(t_bytes, *(uint32_t *)a); }
static void do_check16(void *a)
{
    uint16_t u[8];
    memcpy(u, t_bytes, 2 * *(uint32_t *)a);
    kiln_cm_check_utf16(u, *(uint32_t *)a);
}

static bool valid8(const char *s)
{
    uint32_t n = (uint32_t)strlen(s);
    t_bytes = (const uint8_t *)s;
    return kiln_rt_call_guarded(do_check8, &n, NULL) == KILN_TRAP_NONE;
}

static void test_validation(void)
{
    CHECK(valid8(""));
    CHECK(valid8("plain"));
    CHECK(valid8("\xc2\x80\xdf\xbf"));           /* U+0080, U+07FF */
    CHECK(valid8("\xe0\xa0\x80\xef\xbf\xbf"));   /* U+0800, U+FFFF */
    CHECK(valid8("\xed\x9f\xbf\xee\x80\x80"));   /* around surrogates */
    CHECK(valid8("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf")); /* U+10000..10FFFF */
    CHECK(!valid8("\xc2"));
    CHECK(!valid8("\xed\xa0\x80"));
    CHECK(!valid8("\xf4\x90\x80\x80"));
    /* past whole ASCII words, and inside one */
    CHECK(valid8("abcdefghijklmnop\xc3\xa9" "abcdefgh\xf0\x9f\x98\x80" "xyz"));
    CHECK(!valid8("abcdefghijklmnop\xff"));
    CHECK(!valid8("abcdefgh\xed" "abcdefgh"));
    CHECK(!valid8("abc\x80" "defghijklmnop"));
    uint32_t n = 3;
    t_bytes = (const uint8_t *)"\x3d\xd8\x00\xde\x41\x00"; /* U+1F600 'A' */
    CHECK(kiln_rt_call_guarded(do_check16, &n, NULL) == KILN_TRAP_NONE);
    n = 1;
    t_bytes = (const uint8_t *)"\x3d\xd8";
    KilnTrapInfo info;
    CHECK(kiln_rt_call_guarded(do_check16, &n, &info) == KILN_TRAP_HOST &&
          !strcmp(info.message, "invalid UTF-16 string"));
}

/* ---- allocation helpers and their traps ---- */
static KilnCanonCx acx;
static void do_alloc(void *a) { kiln_cx_alloc(&acx, 8, *(uint32_t *)a); }
static void do_ptr(void *a) { kiln_cx_ptr(&acx, *(uint32_t *)a, 2); }
static void do_host_bad(void *a)
{
    (void)a;
    uint32_t p, l;
    kiln_cx_store_string(&acx, "a\xff", 2, &p, &l);
}
static void do_no_realloc(void *a)
{
    (void)a;
    KilnCanonCx c = acx;
    c.realloc.instance = KILN_NO_INDEX;
    kiln_cx_alloc(&c, 1, 1);
}

static void test_alloc(void)
{
    KilnComponentInst *ci = fx_new();
    acx = fx_cx(ci, 0, KILN_UTF8);
    uint32_t p = kiln_cx_alloc(&acx, 10, 8);
    CHECK(p % 8 == 0 && nrealloc == 1 && realloc_log[0].new_size == 10 &&
          realloc_log[0].align == 8 && realloc_log[0].old == 0 &&
          realloc_log[0].may_leave == 0 && ci->may_leave[0] == 1);
    uint32_t q = kiln_cx_copy_out(&acx, "abcdef", 6, 1);
    CHECK(!memcmp(kiln_cx_ptr(&acx, q, 6), "abcdef", 6));
    CHECK(kiln_cx_ptr(&acx, 65534, 2) == acx.memory->base + 65534);
    uint32_t bad = 65535;
    CHECK(traps_with(do_ptr, &bad, "out of bounds memory access"));
    bad = 0xffffffffu;
    CHECK(traps_with(do_ptr, &bad, "out of bounds memory access"));
    uint32_t align = 4;
    realloc_mode = 1;
    CHECK(traps_with(do_alloc, &align,
                     "realloc returned a misaligned pointer"));
    realloc_mode = 2;
    align = 1;
    CHECK(traps_with(do_alloc, &align,
                     "realloc returned an out-of-bounds pointer"));
    realloc_mode = 0;
    CHECK(traps_with(do_host_bad, NULL, "host string is not valid UTF-8"));
    CHECK(traps_with(do_no_realloc, NULL, "no realloc option"));
    kiln_component_free(ci);
}

int main(void)
{
    kiln_rt_init_thread();
    make_strs();
    test_pairs();
    fprintf(stderr, "%d encoding pairs checked\n", npairs);
    CHECK(npairs == 7 * 3 * 3 + 3 * 3 + 7 * 3); /* latin1 only when it fits */
    CHECK(nlifts == 7 * 3 + 3);
    test_moving_memory();
    test_invalid();
    test_validation();
    test_alloc();
    return TEST_RESULT();
}
