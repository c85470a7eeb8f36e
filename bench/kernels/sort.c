/* Sorting 32-bit keys: an introsort-like quicksort (median of three,
 * insertion sort below 16) and a bottom-up merge sort of records, both
 * checked: branchy compares and data-dependent memory traffic. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { uint32_t key, val; } Rec;

static void insertion(uint32_t *a, long n)
{
    for (long i = 1; i < n; i++) {
        uint32_t v = a[i];
        long j = i - 1;
        while (j >= 0 && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static void quick(uint32_t *a, long n)
{
    while (n > 16) {
        uint32_t x = a[0], y = a[n / 2], z = a[n - 1];
        uint32_t p = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y));
        long i = 0, j = n - 1;
        for (;;) {
            while (a[i] < p) i++;
            while (a[j] > p) j--;
            if (i >= j) break;
            uint32_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++; j--;
        }
        /* Recurse on the smaller part, loop on the larger. */
        if (j + 1 < n - j - 1) {
            quick(a, j + 1);
            a += j + 1; n -= j + 1;
        } else {
            quick(a + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion(a, n);
}

static void merge_sort(Rec *a, Rec *tmp, long n)
{
    for (long w = 1; w < n; w *= 2) {
        for (long lo = 0; lo < n; lo += 2 * w) {
            long mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            long i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[j].key < a[i].key ? a[j++] : a[i++];
            while (i < mid) tmp[k++] = a[i++];
            while (j < hi) tmp[k++] = a[j++];
        }
        Rec *t = a; a = tmp; tmp = t;
        memcpy(tmp, a, sizeof(Rec) * (size_t)n); /* keep the result in both */
    }
}

/* argv[1]: rounds of 1M keys each way (default 8; 1 for a quick check). */
int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 8;
    long n = 1 << 20;
    uint32_t *a = malloc(sizeof(uint32_t) * (size_t)n);
    Rec *r = malloc(sizeof(Rec) * (size_t)n), *t = malloc(sizeof(Rec) * (size_t)n);
    uint32_t x = 12345, sum = 0;
    for (int round = 0; round < rounds; round++) {
        for (long i = 0; i < n; i++) {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5;
            a[i] = round & 1 ? x % 1000u : x;
            r[i].key = x >> 12;
            r[i].val = (uint32_t)i;
        }
        quick(a, n);
        merge_sort(r, t, n);
        for (long i = 1; i < n; i++)
            if (a[i - 1] > a[i] || r[i - 1].key > r[i].key) {
                printf("sort: not sorted at %ld\n", i);
                return 1;
            }
        for (long i = 0; i < n; i += 997)
            sum = sum * 31u + a[i] + r[i].val;
    }
    printf("sort checksum %08x\n", sum);
    return 0;
}
