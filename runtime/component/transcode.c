/* transcode.c: strings across the component boundary (CanonicalABI.md
 * "Loading": load_string_from_range; "Storing": store_string_into_range
 * and its cases store_string_copy, store_utf16_to_utf8,
 * store_latin1_to_utf8, store_utf8_to_utf16,
 * store_string_to_latin1_or_utf16,
 * store_probably_utf16_to_latin1_or_utf16).
 *
 * A string is read once to validate it (the spec decodes it on load and
 * traps on invalid UTF-8 / UTF-16), then stored in the destination's
 * encoding following the spec's allocation strategy exactly: the same
 * realloc calls with the same sizes and alignments, in the same order,
 * since a guest can observe them.  Sources are guest memory (another
 * component's, through its KilnCanonCx) or host bytes (UTF-8); code units
 * in guest memory are little-endian and read byte by byte.
 */
#include "cm.h"

#include <string.h>

typedef enum Simple { ENC_UTF8, ENC_UTF16, ENC_LATIN1 } Simple;

typedef struct Src {
    KilnCanonCx *cx;     /* guest memory holding it, or NULL */
    const uint8_t *host; /* host bytes when cx is NULL */
    uint32_t addr;
    Simple enc;
    uint32_t units; /* code units: bytes for UTF-8 and Latin-1 */
} Src;

typedef struct Stored {
    uint32_t ptr, len; /* len: code units, tagged for latin1+utf16 */
} Stored;

/* Re-read after every realloc: a memory without guard pages may move. */
static const uint8_t *src_bytes(const Src *s)
{
    return s->cx ? s->cx->memory->base + s->addr : s->host;
}

static uint32_t rd16(const uint8_t *b, uint32_t unit)
{
    return (uint32_t)b[2 * unit] | (uint32_t)b[2 * unit + 1] << 8;
}

static bool is_cont(uint8_t c)
{
    return (c & 0xc0) == 0x80;
}

/* ---- validation -------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (n bytes left), or 0. */
static uint32_t utf8_seq(const uint8_t *p, uint32_t n)
{
    uint8_t c = p[0];
    if (c < 0x80)
        return 1;
    uint8_t lo = 0x80, hi = 0xbf; /* range of the second byte */
    uint32_t len;
    if (c >= 0xc2 && c <= 0xdf)
        len = 2;
    else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0)
            lo = 0xa0; /* no overlongs */
        if (c == 0xed)
            hi = 0x9f; /* no surrogates */
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0)
            lo = 0x90;
        if (c == 0xf4)
            hi = 0x8f; /* nothing past U+10FFFF */
    } else
        return 0;
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (uint32_t i = 2; i < len; i++)
        if (!is_cont(p[i]))
            return 0;
    return len;
}

static bool utf8_valid(const uint8_t *p, uint32_t len)
{
    uint32_t i = 0;
    while (i < len) {
        uint64_t w;
        if (len - i >= 8 && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080u))) {
            i += 8; /* eight ASCII bytes */
            continue;
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t n = utf8_seq(p + i, len - i);
        if (!n)
            return false;
        i += n;
    }
    return true;
}

static bool utf16_valid(const uint8_t *b, uint32_t units)
{
    for (uint32_t i = 0; i < units; i++) {
        uint32_t u = rd16(b, i);
        if (u < 0xd800 || u > 0xdfff)
            continue;
        if (u > 0xdbff || i + 1 >= units)
            return false;
        uint32_t v = rd16(b, ++i);
        if (v < 0xdc00 || v > 0xdfff)
            return false;
    }
    return true;
}

void kiln_cm_check_utf8(const uint8_t *p, uint32_t len)
{
    if (!utf8_valid(p, len))
        kiln_cm_trap("invalid UTF-8 string");
}

void kiln_cm_check_utf16(const uint16_t *p, uint32_t units)
{
    if (!utf16_valid((const uint8_t *)p, units))
        kiln_cm_trap("invalid UTF-16 string");
}

/* ---- code points ------------------------------------------------------- */

/* The code point at unit *i, advancing *i.  The source was validated;
 * should it have changed since, anything malformed reads as U+FFFD and
 * never produces more output than the worst cases below allow. */
static uint32_t next_cp(const uint8_t *b, Simple enc, uint32_t units,
                        uint32_t *i)
{
    uint32_t k = *i;
    if (enc == ENC_LATIN1) {
        *i = k + 1;
        return b[k];
    }
    if (enc == ENC_UTF16) {
        uint32_t u = rd16(b, k);
        *i = k + 1;
        if (u >= 0xd800 && u <= 0xdbff && k + 1 < units) {
            uint32_t v = rd16(b, k + 1);
            if (v >= 0xdc00 && v <= 0xdfff) {
                *i = k + 2;
                return 0x10000 + ((u - 0xd800) << 10) + (v - 0xdc00);
            }
        }
        return u >= 0xd800 && u <= 0xdfff ? 0xfffd : u;
    }
    uint32_t n = utf8_seq(b + k, units - k);
    if (!n) {
        *i = k + 1;
        return 0xfffd;
    }
    *i = k + n;
    uint32_t c = b[k];
    if (n == 1)
        return c;
    c &= 0x7f >> n;
    for (uint32_t j = 1; j < n; j++)
        c = c << 6 | (b[k + j] & 0x3f);
    return c;
}

static uint32_t put_utf8(uint8_t *d, uint32_t c)
{
    if (c < 0x80) {
        d[0] = (uint8_t)c;
        return 1;
    }
    if (c < 0x800) {
        d[0] = (uint8_t)(0xc0 | c >> 6);
        d[1] = (uint8_t)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        d[0] = (uint8_t)(0xe0 | c >> 12);
        d[1] = (uint8_t)(0x80 | (c >> 6 & 0x3f));
        d[2] = (uint8_t)(0x80 | (c & 0x3f));
        return 3;
    }
    d[0] = (uint8_t)(0xf0 | c >> 18);
    d[1] = (uint8_t)(0x80 | (c >> 12 & 0x3f));
    d[2] = (uint8_t)(0x80 | (c >> 6 & 0x3f));
    d[3] = (uint8_t)(0x80 | (c & 0x3f));
    return 4;
}

/* Writes c as UTF-16LE; returns the bytes written. */
static uint32_t put_utf16(uint8_t *d, uint32_t c)
{
    if (c < 0x10000) {
        d[0] = (uint8_t)c;
        d[1] = (uint8_t)(c >> 8);
        return 2;
    }
    c -= 0x10000;
    uint32_t hi = 0xd800 + (c >> 10), lo = 0xdc00 + (c & 0x3ff);
    d[0] = (uint8_t)hi;
    d[1] = (uint8_t)(hi >> 8);
    d[2] = (uint8_t)lo;
    d[3] = (uint8_t)(lo >> 8);
    return 4;
}

/* Encodes the rest of s from unit *i into d[*out, cap). */
static void encode_rest(const Src *s, uint32_t i, uint8_t *d, uint32_t *out,
                        uint32_t cap, bool utf16)
{
    const uint8_t *b = src_bytes(s);
    uint8_t tmp[4];
    while (i < s->units) {
        uint32_t c = next_cp(b, s->enc, s->units, &i);
        uint32_t n = utf16 ? put_utf16(tmp, c) : put_utf8(tmp, c);
        if (*out + n > cap)
            kiln_cm_trap("string grew past its worst case (internal error)");
        memcpy(d + *out, tmp, n);
        *out += n;
    }
}

/* ---- the store cases --------------------------------------------------- */

/* store_string_copy: the size is exact; Latin-1 into UTF-16 inflates. */
static Stored store_copy(KilnCanonCx *cx, const Src *s, uint32_t unit_size,
                         uint32_t align)
{
    uint32_t len = unit_size * s->units;
    uint32_t p = cm_realloc(cx, 0, 0, align, len);
    uint8_t *d = cm_mem(cx, p, len);
    const uint8_t *b = src_bytes(s);
    if (s->enc == ENC_LATIN1 && unit_size == 2) {
        for (uint32_t i = 0; i < s->units; i++) {
            d[2 * i] = b[i];
            d[2 * i + 1] = 0;
        }
    } else if (len) {
        memcpy(d, b, len);
    }
    return (Stored){p, s->units};
}

/* store_string_to_utf8: optimistic ASCII, then worst case and shrink. */
static Stored store_to_utf8(KilnCanonCx *cx, const Src *s, uint32_t worst)
{
    uint32_t n = s->units;
    uint32_t p = cm_realloc(cx, 0, 0, 1, n);
    uint8_t *d = cm_mem(cx, p, n);
    const uint8_t *b = src_bytes(s);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t u = s->enc == ENC_UTF16 ? rd16(b, i) : b[i];
        if (u < 0x80) {
            d[i] = (uint8_t)u;
            continue;
        }
        p = cm_realloc(cx, p, n, 1, worst);
        uint32_t out = i;
        encode_rest(s, i, cm_mem(cx, p, worst), &out, worst, false);
        if (worst > out)
            p = cm_realloc(cx, p, worst, 1, out);
        return (Stored){p, out};
    }
    return (Stored){p, n};
}

/* store_utf8_to_utf16: worst case first, shrink at the end. */
static Stored store_utf8_to_utf16(KilnCanonCx *cx, const Src *s)
{
    uint32_t worst = 2 * s->units;
    uint32_t p = cm_realloc(cx, 0, 0, 2, worst);
    uint32_t out = 0;
    encode_rest(s, 0, cm_mem(cx, p, worst), &out, worst, true);
    if (out < worst)
        p = cm_realloc(cx, p, worst, 2, out);
    return (Stored){p, out / 2};
}

/* store_string_to_latin1_or_utf16: optimistic Latin-1; the first code
 * point past U+00FF inflates what was copied, in place, to UTF-16. */
static Stored store_to_latin1_or_utf16(KilnCanonCx *cx, const Src *s)
{
    uint32_t n = s->units;
    uint32_t p = cm_realloc(cx, 0, 0, 2, n);
    uint8_t *d = cm_mem(cx, p, n);
    const uint8_t *b = src_bytes(s);
    uint32_t dl = 0;
    for (uint32_t i = 0; i < n;) {
        uint32_t at = i;
        uint32_t c = next_cp(b, s->enc, n, &i);
        if (c < 0x100) {
            d[dl++] = (uint8_t)c;
            continue;
        }
        uint32_t worst = 2 * n;
        p = cm_realloc(cx, p, n, 2, worst);
        d = cm_mem(cx, p, worst);
        for (uint32_t j = dl; j-- > 0;) {
            d[2 * j] = d[j];
            d[2 * j + 1] = 0;
        }
        uint32_t out = 2 * dl;
        encode_rest(s, at, d, &out, worst, true);
        if (worst > out)
            p = cm_realloc(cx, p, worst, 2, out);
        return (Stored){p, out / 2 | CM_UTF16_TAG};
    }
    if (dl < n)
        p = cm_realloc(cx, p, n, 2, dl);
    return (Stored){p, dl};
}

/* store_probably_utf16_to_latin1_or_utf16: UTF-16 copy, deflated to
 * Latin-1 when every code point fits. */
static Stored store_probably_utf16(KilnCanonCx *cx, const Src *s)
{
    uint32_t n = s->units, bytes = 2 * n;
    uint32_t p = cm_realloc(cx, 0, 0, 2, bytes);
    uint8_t *d = cm_mem(cx, p, bytes);
    if (bytes)
        memcpy(d, src_bytes(s), bytes);
    for (uint32_t i = 0; i < n; i++)
        if (rd16(d, i) >= 0x100)
            return (Stored){p, n | CM_UTF16_TAG};
    for (uint32_t i = 0; i < n; i++)
        d[i] = d[2 * i];
    p = cm_realloc(cx, p, bytes, 1, n);
    return (Stored){p, n};
}

/* store_string_into_range: the case analysis.  `src_encoding` is the
 * source's declared encoding (s->enc its simple one). */
static Stored store(KilnCanonCx *cx, const Src *s, uint32_t src_encoding)
{
    switch ((KilnStringEncoding)cx->encoding) {
    case KILN_UTF8:
        if (s->enc == ENC_UTF8)
            return store_copy(cx, s, 1, 1);
        return store_to_utf8(cx, s, s->enc == ENC_UTF16 ? 3 * s->units
                                                        : 2 * s->units);
    case KILN_UTF16:
        if (s->enc == ENC_UTF8)
            return store_utf8_to_utf16(cx, s);
        return store_copy(cx, s, 2, 2);
    case KILN_LATIN1_UTF16:
        if (src_encoding != KILN_LATIN1_UTF16)
            return store_to_latin1_or_utf16(cx, s);
        if (s->enc == ENC_LATIN1)
            return store_copy(cx, s, 1, 2);
        return store_probably_utf16(cx, s);
    }
    cm_trapf("unknown string encoding %u (malformed descriptor)",
             cx->encoding);
}

/* ---- entry points ------------------------------------------------------ */

/* load_string_from_range: limits, alignment, bounds, then validity. */
static Src load(KilnCanonCx *from, uint32_t ptr, uint32_t tagged)
{
    Src s = {from, NULL, ptr, ENC_UTF8, tagged};
    uint32_t align = 1;
    uint64_t bytes = tagged;
    switch ((KilnStringEncoding)from->encoding) {
    case KILN_UTF8:
        break;
    case KILN_UTF16:
        s.enc = ENC_UTF16;
        align = 2;
        bytes = 2 * (uint64_t)tagged;
        break;
    case KILN_LATIN1_UTF16:
        align = 2;
        if (tagged & CM_UTF16_TAG) {
            s.enc = ENC_UTF16;
            s.units = tagged ^ CM_UTF16_TAG;
            bytes = 2 * (uint64_t)s.units;
        } else {
            s.enc = ENC_LATIN1;
        }
        break;
    default:
        cm_trapf("unknown string encoding %u (malformed descriptor)",
                 from->encoding);
    }
    if (bytes > CM_MAX_STRING_BYTES)
        cm_trapf("string too long (%llu bytes)", (unsigned long long)bytes);
    if (ptr % align)
        cm_trapf("misaligned string pointer (0x%x)", ptr);
    if (!from->memory)
        kiln_cm_trap("no memory option to reach guest memory through");
    if (ptr + bytes > from->memory->size)
        cm_trapf("string out of bounds (0x%x + %llu bytes, memory size %llu)",
                 ptr, (unsigned long long)bytes,
                 (unsigned long long)from->memory->size);
    const uint8_t *b = src_bytes(&s);
    if (s.enc == ENC_UTF8 && !utf8_valid(b, s.units))
        kiln_cm_trap("invalid UTF-8 string");
    if (s.enc == ENC_UTF16 && !utf16_valid(b, s.units))
        kiln_cm_trap("invalid UTF-16 string");
    return s;
}

void kiln_cm_transcode(KilnCanonCx *from, uint32_t src, uint32_t src_len,
                       KilnCanonCx *to, uint32_t *dst_ptr, uint32_t *dst_len)
{
    Src s = load(from, src, src_len);
    Stored r = store(to, &s, from->encoding);
    *dst_ptr = r.ptr;
    *dst_len = r.len;
}

void kiln_cx_store_string(KilnCanonCx *cx, const char *str, size_t len,
                          uint32_t *ptr_out, uint32_t *len_out)
{
    if (len > CM_MAX_STRING_BYTES)
        cm_trapf("string too long (%zu bytes)", len);
    const uint8_t *b = (const uint8_t *)str;
    if (!utf8_valid(b, (uint32_t)len))
        kiln_cm_trap("host string is not valid UTF-8");
    Src s = {NULL, b, 0, ENC_UTF8, (uint32_t)len};
    Stored r = store(cx, &s, KILN_UTF8);
    *ptr_out = r.ptr;
    *len_out = r.len;
}

/* A host call's string argument: the guest's bytes when they are UTF-8,
 * else a UTF-8 copy (Latin-1: at most 2 bytes a unit; UTF-16: 3). */
const char *kiln_cx_lift_string(KilnCanonCx *cx, uint32_t ptr,
                                uint32_t tagged_len, uint32_t *len_out)
{
    Src s = load(cx, ptr, tagged_len);
    if (s.enc == ENC_UTF8) {
        *len_out = s.units;
        return (const char *)src_bytes(&s);
    }
    uint32_t worst = (s.enc == ENC_LATIN1 ? 2 : 3) * s.units;
    uint8_t *d = cm_check_alloc(kiln_rt_alloc((size_t)worst + 1));
    uint32_t out = 0;
    encode_rest(&s, 0, d, &out, worst, false);
    d[out] = '\0';
    *len_out = out;
    return (const char *)d;
}

void kiln_cx_free_string(KilnCanonCx *cx, const char *s)
{
    const uint8_t *p = (const uint8_t *)s;
    KilnMemory *m = cx->memory;
    if (!p || (m && p >= m->base && p <= m->base + m->size))
        return; /* a view of guest memory */
    kiln_rt_free((void *)p);
}
