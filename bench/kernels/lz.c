/* LZ77-style compressor (hash of 4 bytes, single candidate, greedy matches,
 * byte-oriented tokens) and its decompressor over generated text; branchy
 * byte-level code with unaligned loads. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HBITS 15

static uint32_t load32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* Token: a control byte (high nibble literal count, low nibble match length
 * - 4, 15 means "more follows"), the literals, then a 16-bit offset. */
static size_t put_len(uint8_t *o, size_t n)
{
    size_t k = 0;
    for (; n >= 255; n -= 255)
        o[k++] = 255;
    o[k++] = (uint8_t)n;
    return k;
}

static size_t compress(const uint8_t *in, size_t n, uint8_t *out, uint32_t *ht)
{
    memset(ht, 0, sizeof(uint32_t) << HBITS);
    size_t i = 0, anchor = 0, o = 0;
    while (i + 12 < n) {
        uint32_t v = load32(in + i);
        uint32_t h = (v * 2654435761u) >> (32 - HBITS);
        size_t cand = ht[h];
        ht[h] = (uint32_t)i;
        if (cand >= i || i - cand > 65535 || load32(in + cand) != v) {
            i++;
            continue;
        }
        size_t len = 4;
        while (i + len < n - 5 && in[cand + len] == in[i + len])
            len++;
        size_t lit = i - anchor;
        uint8_t *ctl = out + o++;
        *ctl = (uint8_t)((lit < 15 ? lit : 15) << 4 | (len - 4 < 15 ? len - 4 : 15));
        if (lit >= 15)
            o += put_len(out + o, lit - 15);
        memcpy(out + o, in + anchor, lit);
        o += lit;
        out[o++] = (uint8_t)(i - cand);
        out[o++] = (uint8_t)((i - cand) >> 8);
        if (len - 4 >= 15)
            o += put_len(out + o, len - 4 - 15);
        i += len;
        anchor = i;
    }
    size_t lit = n - anchor;
    out[o++] = (uint8_t)((lit < 15 ? lit : 15) << 4);
    if (lit >= 15)
        o += put_len(out + o, lit - 15);
    memcpy(out + o, in + anchor, lit);
    return o + lit;
}

static size_t get_len(const uint8_t *in, size_t *p)
{
    size_t n = 0, b;
    do {
        b = in[(*p)++];
        n += b;
    } while (b == 255);
    return n;
}

static size_t decompress(const uint8_t *in, size_t n, uint8_t *out)
{
    size_t p = 0, o = 0;
    for (;;) {
        uint8_t c = in[p++];
        size_t lit = c >> 4;
        if (lit == 15)
            lit += get_len(in, &p);
        memcpy(out + o, in + p, lit);
        o += lit;
        p += lit;
        if (p >= n)
            return o;
        size_t off = (size_t)in[p] | (size_t)in[p + 1] << 8;
        p += 2;
        size_t len = (c & 15u) + 4;
        if (len == 19)
            len += get_len(in, &p);
        for (size_t k = 0; k < len; k++, o++)
            out[o] = out[o - off];
    }
}

/* argv[1]: compress+decompress rounds over 8 MiB (default 30; 1 for a quick check). */
int main(int argc, char **argv)
{
    static const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ",
                                  "wasm ", "kiln ", "native ", "code ", "\n", "compiler ", "of ", "a "};
    int rounds = argc > 1 ? atoi(argv[1]) : 30;
    size_t n = 8u << 20;
    uint8_t *in = malloc(n), *out = malloc(n + n / 8 + 64), *back = malloc(n + 64);
    uint32_t *ht = malloc(sizeof(uint32_t) << HBITS);
    uint32_t x = 7;
    size_t i = 0;
    while (i < n) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        const char *w = words[x & 15];
        if (x >> 28 == 0) {
            in[i++] = (uint8_t)('0' + (x >> 8) % 10);
            continue;
        }
        for (; *w && i < n; w++)
            in[i++] = (uint8_t)*w;
    }
    uint32_t sum = 0;
    size_t clen = 0;
    for (int r = 0; r < rounds; r++) {
        in[(size_t)r * 7919 % n] ^= (uint8_t)r;
        clen = compress(in, n, out, ht);
        size_t dlen = decompress(out, clen, back);
        if (dlen != n || memcmp(in, back, n) != 0) {
            printf("lz round trip FAILED in round %d\n", r);
            return 1;
        }
        for (size_t k = 0; k < clen; k += 61)
            sum = sum * 33u + out[k];
    }
    printf("lz checksum %zu %08x\n", clen, sum);
    return 0;
}
