/* CRC-32 (IEEE 802.3, reflected, slicing-by-4 tables) over a pseudo-random
 * buffer: table lookups, shifts, sequential memory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint32_t tab[4][256];

static void init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
        tab[0][i] = c;
    }
    for (int i = 0; i < 256; i++)
        for (int t = 1; t < 4; t++)
            tab[t][i] = (tab[t - 1][i] >> 8) ^ tab[0][tab[t - 1][i] & 0xff];
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t n)
{
    crc = ~crc;
    for (; n >= 4; n -= 4, p += 4) {
        crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        crc = tab[3][crc & 0xff] ^ tab[2][crc >> 8 & 0xff] ^ tab[1][crc >> 16 & 0xff] ^ tab[0][crc >> 24];
    }
    while (n--)
        crc = tab[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* argv[1]: passes over a 4 MiB buffer (default 400; 1 for a quick check). */
int main(int argc, char **argv)
{
    int passes = argc > 1 ? atoi(argv[1]) : 400;
    size_t n = 4u << 20;
    uint8_t *buf = malloc(n);
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < n; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        buf[i] = (uint8_t)(x >> 3);
    }
    init();
    uint32_t crc = 0, mix = 0;
    for (int i = 0; i < passes; i++) {
        crc = crc32(crc, buf + (i & 7), n - 8);
        mix = mix * 31u + crc;
    }
    printf("crc32 checksum %08x %08x\n", crc, mix);
    return 0;
}
