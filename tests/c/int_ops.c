/* Integer semantics the wasm-to-native compiler must keep: wrapping,
 * signed/unsigned division and remainder, shifts by large counts (masked
 * in wasm, written masked here), rotates, bit counts, sign extension,
 * 64-bit multiply and comparisons. */
#include <stdint.h>
#include <stdio.h>

static volatile int32_t s32[] = {0, 1, -1, 7, -7, INT32_MAX, INT32_MIN, 123456789};
static volatile int64_t s64[] = {0, 1, -1, 1000000007, -1000000007, INT64_MAX, INT64_MIN};

int main(void) {
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            int32_t a = s32[i], b = s32[j];
            if (b == 0 || (a == INT32_MIN && b == -1)) continue;
            printf("%d/%d=%d %%=%d u/=%u u%%=%u\n", a, b, a / b, a % b, (uint32_t)a / (uint32_t)b,
                   (uint32_t)a % (uint32_t)b);
        }
    for (int i = 0; i < 7; i++) {
        int64_t a = s64[i];
        uint64_t u = (uint64_t)a;
        printf("a=%lld a*3=%lld u>>7=%llu a>>63=%lld a/10=%lld a%%10=%lld\n", (long long)a,
               (long long)(int64_t)(u * 3), (unsigned long long)(u >> 7), (long long)(a >> 63),
               (long long)(a / 10), (long long)(a % 10));
    }
    for (unsigned k = 0; k < 40; k += 7) {
        uint32_t x = 0x80000001u;
        printf("shl %u: %08x shr %08x sar %08x rotl %08x\n", k, x << (k & 31), x >> (k & 31),
               (uint32_t)((int32_t)x >> (k & 31)), (x << (k & 31)) | (x >> ((32 - k) & 31)));
    }
    volatile uint32_t v32 = 0x00f0f000u;
    volatile uint64_t v64 = 0x0000100000000000ull;
    printf("clz %d ctz %d popcnt %d clzll %d ctzll %d popcountll %d\n", __builtin_clz(v32),
           __builtin_ctz(v32), __builtin_popcount(v32), __builtin_clzll(v64), __builtin_ctzll(v64),
           __builtin_popcountll(v64 - 1));
    volatile int32_t b = 0x1ff;
    printf("sext8 %d sext16 %d zext8 %u\n", (int8_t)b, (int16_t)(b << 7), (uint8_t)b);
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < 1000; i++) h = (h ^ (uint64_t)i) * 1099511628211ull;
    printf("fnv64 %016llx\n", (unsigned long long)h);
    unsigned __int128 wide = (unsigned __int128)UINT64_MAX * UINT64_MAX;
    printf("128-bit product hi %016llx lo %016llx\n", (unsigned long long)(wide >> 64),
           (unsigned long long)wide);
    int lt = 0;
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) lt += (s32[i] < s32[j]) + 2 * ((uint32_t)s32[i] < (uint32_t)s32[j]);
    printf("comparison tally %d\n", lt);
    return 0;
}
