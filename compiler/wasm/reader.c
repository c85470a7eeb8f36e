/* LEB128 integers, bytes and names of the binary format (spec 5.2.2
 * "Integers": at most ceil(N/7) bytes, and the unused bits of the last
 * byte must be zero, or copies of the sign bit for signed integers;
 * spec 5.2.4 "Names": UTF-8). */
#include "wasm/reader.h"

#include <stdarg.h>
#include <stdio.h>

void wasm_rd_fail(WasmReader *r, size_t offset, const char *fmt, ...)
{
    char msg[240];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_at(r->diag, r->path, offset, "%s", msg);
    longjmp(*r->fail, 1);
}

void wasm_rd_eof(WasmReader *r)
{
    if (!r->limited)
        wasm_rd_fail(r, r->size, "unexpected end");
    wasm_rd_fail(r, r->end, "unexpected end of section or function");
}

uint8_t wasm_rd_u8(WasmReader *r)
{
    if (r->pos >= r->end)
        wasm_rd_eof(r);
    return r->buf[r->pos++];
}

const uint8_t *wasm_rd_bytes(WasmReader *r, size_t n)
{
    if (n > r->end - r->pos) {
        r->pos = r->end;
        wasm_rd_eof(r);
    }
    const uint8_t *p = r->buf + r->pos;
    r->pos += n;
    return p;
}

/* Unsigned LEB128 of `bits` bits. */
static uint64_t rd_uleb(WasmReader *r, unsigned bits)
{
    uint64_t v = 0;
    unsigned maxbytes = (bits + 6) / 7;
    for (unsigned i = 0;; i++) {
        size_t at = r->pos;
        uint8_t b = wasm_rd_u8(r);
        if (i == maxbytes - 1) {
            if (b & 0x80)
                wasm_rd_fail(r, at, "integer representation too long");
            unsigned used = bits - 7 * i;
            if (used < 7 && (b >> used) != 0)
                wasm_rd_fail(r, at, "integer too large");
            return v | (uint64_t)b << (7 * i);
        }
        v |= (uint64_t)(b & 0x7f) << (7 * i);
        if (!(b & 0x80))
            return v;
    }
}

/* Signed LEB128 of `bits` bits. */
static int64_t rd_sleb(WasmReader *r, unsigned bits)
{
    uint64_t v = 0;
    unsigned maxbytes = (bits + 6) / 7;
    for (unsigned i = 0;; i++) {
        size_t at = r->pos;
        uint8_t b = wasm_rd_u8(r);
        unsigned shift = 7 * i;
        if (i == maxbytes - 1) {
            if (b & 0x80)
                wasm_rd_fail(r, at, "integer representation too long");
            unsigned used = bits - shift; /* 1..7 value bits here */
            if (used < 7) {
                /* bits above the sign bit must copy it */
                int sign = (b >> (used - 1)) & 1;
                uint8_t rest = (uint8_t)((b & 0x7f) >> used);
                uint8_t want = sign ? (uint8_t)(0x7f >> used) : 0;
                if (rest != want)
                    wasm_rd_fail(r, at, "integer too large");
            }
            v |= (uint64_t)(b & 0x7f) << shift;
            shift += 7;
            if (shift < 64 && (b & 0x40))
                v |= ~(uint64_t)0 << shift;
            return (int64_t)v;
        }
        v |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            shift += 7;
            if (shift < 64 && (b & 0x40))
                v |= ~(uint64_t)0 << shift;
            return (int64_t)v;
        }
    }
}

uint32_t wasm_rd_u32(WasmReader *r) { return (uint32_t)rd_uleb(r, 32); }
uint64_t wasm_rd_u64(WasmReader *r) { return rd_uleb(r, 64); }
int32_t wasm_rd_s32(WasmReader *r) { return (int32_t)rd_sleb(r, 32); }
int64_t wasm_rd_s33(WasmReader *r) { return rd_sleb(r, 33); }
int64_t wasm_rd_s64(WasmReader *r) { return rd_sleb(r, 64); }

uint32_t wasm_rd_count(WasmReader *r, size_t min_elem_size)
{
    uint32_t n = wasm_rd_u32(r);
    if (min_elem_size && (uint64_t)n * min_elem_size > r->end - r->pos) {
        r->pos = r->end;
        wasm_rd_eof(r);
    }
    return n;
}

bool wasm_utf8_valid(const uint8_t *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint8_t c = s[i];
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 1, cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2, cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3, cp = c & 0x07;
        } else {
            return false;
        }
        if (len - i <= n)
            return false;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        /* overlong forms, surrogates, beyond U+10FFFF */
        if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
            return false;
        i += n + 1;
    }
    return true;
}

WasmName wasm_rd_name(WasmReader *r, Arena *arena)
{
    uint32_t len = wasm_rd_u32(r);
    size_t at = r->pos;
    if (len > r->end - r->pos)
        wasm_rd_fail(r, at, "length out of bounds");
    const uint8_t *p = wasm_rd_bytes(r, len);
    if (!wasm_utf8_valid(p, len))
        wasm_rd_fail(r, at, "malformed UTF-8 encoding");
    WasmName name = {arena_strndup(arena, (const char *)p, len), len};
    return name;
}
