/* Heap: many small blocks, large blocks that force memory.grow, realloc
 * growth and shrink keeping contents, free and reuse. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t rng = 12345;
static uint32_t next(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }

int main(void) {
    enum { N = 20000 };
    static unsigned char *blocks[N];
    static size_t sizes[N];
    unsigned long sum = 0;
    for (int i = 0; i < N; i++) {
        sizes[i] = 1 + next() % 300;
        blocks[i] = malloc(sizes[i]);
        if (!blocks[i]) { puts("small malloc failed"); return 1; }
        memset(blocks[i], i & 0xff, sizes[i]);
    }
    for (int i = 0; i < N; i += 2) { free(blocks[i]); blocks[i] = NULL; }
    for (int i = 0; i < N; i += 2) {
        sizes[i] = 1 + next() % 500;
        blocks[i] = malloc(sizes[i]);
        memset(blocks[i], (i * 7) & 0xff, sizes[i]);
    }
    for (int i = 0; i < N; i++)
        for (size_t j = 0; j < sizes[i]; j++) sum += blocks[i][j];
    printf("small blocks: %d, checksum %lu\n", N, sum);
    for (int i = 0; i < N; i++) free(blocks[i]);

    /* Large blocks: 4 x 8 MiB, touched at every page. */
    unsigned char *big[4];
    for (int k = 0; k < 4; k++) {
        big[k] = malloc(8u << 20);
        if (!big[k]) { puts("large malloc failed"); return 1; }
        for (size_t off = 0; off < (8u << 20); off += 4096) big[k][off] = (unsigned char)(k + off / 4096);
    }
    sum = 0;
    for (int k = 0; k < 4; k++)
        for (size_t off = 0; off < (8u << 20); off += 4096) sum += big[k][off];
    printf("large blocks: 4 x 8 MiB, page checksum %lu\n", sum);
    for (int k = 0; k < 4; k++) free(big[k]);

    /* realloc growth keeps the prefix. */
    size_t cap = 16;
    uint32_t *v = malloc(cap * sizeof *v);
    for (uint32_t i = 0; i < 1000000; i++) {
        if (i == cap) {
            cap *= 2;
            v = realloc(v, cap * sizeof *v);
            if (!v) { puts("realloc failed"); return 1; }
        }
        v[i] = i * 2654435761u;
    }
    uint32_t x = 0;
    for (uint32_t i = 0; i < 1000000; i++) x ^= v[i] + i;
    printf("realloc grown to %zu entries, xor %08x\n", cap, x);
    v = realloc(v, 10 * sizeof *v);
    printf("shrunk: %u %u %u\n", v[0], v[1], v[9]);
    free(v);
    void *z = calloc(1000, 1000);
    unsigned nz = 0;
    for (size_t i = 0; i < 1000000; i++) nz += ((unsigned char *)z)[i] != 0;
    printf("calloc nonzero bytes: %u\n", nz);
    free(z);
    printf("malloc(0) then free: ok\n");
    free(malloc(0));
    return 0;
}
