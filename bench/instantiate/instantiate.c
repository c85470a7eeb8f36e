/* instantiate.c: time to make (and free) one instance of a module whose
 * active data segments fill `size` bytes, as the proxy server does per
 * request (spec 4.5.4 instantiate), with and without the copy-on-write
 * memory image of runtime/core/memimage.c.  Each instance also writes one
 * byte in every STRIDE-th page of its data (default 16), as a handler
 * touching some of its state would.
 *
 *   instantiate SIZE_KIB ROUNDS ITERS image|copy [STRIDE]
 *
 * prints the median over ROUNDS of the mean ns per instance over ITERS. */
#include "kiln_rt.h"
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint8_t *seg;
static uint32_t seg_len;

static void init(KilnVmctx *vm)
{
    kiln_rt_memory_init(vm, 0, 0, 1024, 0, seg_len);
    kiln_rt_data_drop(vm, 0);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 6) {
        fprintf(stderr, "usage: instantiate SIZE_KIB ROUNDS ITERS image|copy "
                        "[STRIDE]\n");
        return 2;
    }
    uint32_t stride = argc == 6 ? (uint32_t)atoi(argv[5]) : 16;
    stride = stride ? stride * 4096 : 4096;
    seg_len = (uint32_t)atoi(argv[1]) * 1024u;
    int rounds = atoi(argv[2]), iters = atoi(argv[3]);
    if (strcmp(argv[4], "image") == 0)
        kiln_memimage_enable();
    seg = malloc(seg_len ? seg_len : 1);
    for (uint32_t i = 0; i < seg_len; i++)
        seg[i] = (uint8_t)(i * 13 + 1);
    uint64_t pages = (seg_len + 1024 + 65535) / 65536 + 16;
    KilnMemoryDesc mem = {0, 0, {pages, 0, 0, 0}};
    KilnSegDesc data = {seg, seg_len};
    static const char code[1];
    KilnModuleDesc d = {
        .abi_version = KILN_RT_ABI_VERSION, .flags = KILN_DESC_NO_START,
        .nmemories = 1, .memories = &mem, .ndatas = 1, .datas = &data,
        .init = init, .code_start = code, .code_end = code + 1,
    };
    uint64_t *t = malloc(sizeof *t * (size_t)rounds);
    unsigned sink = 0;
    for (int r = -1; r < rounds; r++) { /* round -1 warms up (records) */
        uint64_t start = now_ns();
        for (int i = 0; i < iters; i++) {
            KilnTrapInfo err;
            KilnVmctx *vm = kiln_instance_new(&d, NULL, NULL, &err);
            if (!vm) {
                fprintf(stderr, "instantiate: %s\n", err.message);
                return 1;
            }
            uint8_t *m = vm->memories[0]->base;
            for (uint32_t off = 1024; off < 1024 + seg_len; off += stride)
                m[off]++;
            sink += m[1024];
            kiln_instance_free(vm);
        }
        if (r >= 0)
            t[r] = (now_ns() - start) / (uint64_t)iters;
    }
    qsort(t, (size_t)rounds, sizeof *t, cmp);
    printf("%u KiB %s: %llu ns per instance (median of %d rounds of %d)%s\n",
           seg_len / 1024, argv[4], (unsigned long long)t[rounds / 2], rounds,
           iters, sink == 1 ? " " : "");
    return 0;
}
