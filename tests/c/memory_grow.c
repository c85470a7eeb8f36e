/* memory.size / memory.grow directly: growth returns the old size, fresh
 * pages read as zero, the last byte of the memory is usable, and a grow
 * past the 4 GiB limit fails with -1. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
    size_t start = __builtin_wasm_memory_size(0);
    printf("initial pages > 0: %s\n", start > 0 ? "yes" : "no");
    size_t old = __builtin_wasm_memory_grow(0, 10);
    printf("grow 10 returned old size: %s\n", old == start ? "yes" : "no");
    printf("size grew by %zu\n", __builtin_wasm_memory_size(0) - start);
    volatile unsigned char *base = (unsigned char *)(uintptr_t)(start * 65536);
    unsigned nonzero = 0;
    for (size_t i = 0; i < 10 * 65536; i++) nonzero += base[i] != 0;
    printf("nonzero bytes in new pages: %u\n", nonzero);
    for (size_t i = 0; i < 10 * 65536; i += 4096) base[i] = (unsigned char)(i >> 12);
    unsigned sum = 0;
    for (size_t i = 0; i < 10 * 65536; i += 4096) sum += base[i];
    printf("written and read back: %u\n", sum);
    size_t now = __builtin_wasm_memory_size(0);
    volatile unsigned char *last = (unsigned char *)(uintptr_t)(now * 65536 - 1);
    *last = 0xab;
    printf("last byte: %02x\n", *last);
    printf("grow by 65536 pages: %ld\n", (long)(intptr_t)__builtin_wasm_memory_grow(0, 65536));
    printf("grow by 0 returns current size: %s\n", __builtin_wasm_memory_grow(0, 0) == now ? "yes" : "no");
    size_t big = __builtin_wasm_memory_grow(0, 1024); /* 64 MiB */
    printf("grow by 1024 pages ok: %s\n", big == now ? "yes" : "no");
    volatile unsigned char *far = (unsigned char *)(uintptr_t)((now + 1023) * 65536 + 65535);
    *far = 7;
    printf("byte at the end of the 64 MiB: %u\n", *far);
    return 0;
}
