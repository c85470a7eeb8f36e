/* Open-addressing hash table (linear probing, FNV-1a over string keys, 64-bit
 * integer keys mixed with a multiply-xorshift): inserts, lookups, deletes by
 * tombstone; random memory access and hashing. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CAP (1u << 21)

typedef struct { uint64_t key; uint32_t val; uint32_t state; } Slot; /* state 0 empty 1 full 2 dead */

static uint64_t mix(uint64_t k)
{
    k ^= k >> 33; k *= 0xff51afd7ed558ccdull; k ^= k >> 33; k *= 0xc4ceb9fe1a85ec53ull; k ^= k >> 33;
    return k;
}

static uint32_t fnv(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 16777619u;
    return h;
}

static Slot *find(Slot *t, uint64_t key, int insert)
{
    uint32_t i = (uint32_t)mix(key) & (CAP - 1);
    Slot *dead = NULL;
    for (;;) {
        Slot *s = &t[i];
        if (s->state == 0)
            return insert ? (dead ? dead : s) : NULL;
        if (s->state == 2) {
            if (!dead) dead = s;
        } else if (s->key == key)
            return s;
        i = (i + 1) & (CAP - 1);
    }
}

/* argv[1]: rounds of 1M operations (default 6; 1 for a quick check). */
int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 6;
    Slot *t = calloc(CAP, sizeof(Slot));
    uint64_t x = 88172645463325252ull;
    uint32_t found = 0, sum = 0, live = 0;
    char name[32];
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < 1000000; i++) {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            uint32_t id = (uint32_t)(x % 1500000u);
            int len = snprintf(name, sizeof name, "user-%u", id);
            uint64_t key = (uint64_t)fnv(name, (size_t)len) << 32 | id;
            switch (x >> 62) {
            case 0: case 1: {
                Slot *s = find(t, key, 1);
                if (s->state != 1) { s->state = 1; s->key = key; s->val = 0; live++; }
                s->val += (uint32_t)i;
                break;
            }
            case 2: {
                Slot *s = find(t, key, 0);
                if (s) { found++; sum += s->val; }
                break;
            }
            default: {
                Slot *s = find(t, key, 0);
                if (s) { s->state = 2; live--; }
            }
            }
        }
        /* Rebuild without tombstones so probe chains stay short. */
        Slot *n = calloc(CAP, sizeof(Slot));
        for (uint32_t i = 0; i < CAP; i++)
            if (t[i].state == 1)
                *find(n, t[i].key, 1) = t[i];
        free(t);
        t = n;
    }
    printf("hashtab checksum %u %u %08x\n", live, found, sum);
    return 0;
}
