/* Fannkuch-redux (n = 10, six rounds): permutation flipping, integer and
 * branchy. */
#include <stdio.h>
#include <stdlib.h>

static int fannkuch(int round)
{
    enum { n = 10 };
    int perm[n], perm1[n], count[n];
    int max_flips = 0, checksum = 0, r = n, permcount = 0;
    for (int i = 0; i < n; i++)
        perm1[i] = i;
    for (;;) {
        while (r != 1) {
            count[r - 1] = r;
            r--;
        }
        for (int i = 0; i < n; i++)
            perm[i] = (perm1[i] + round) % n;
        int flips = 0, k;
        while ((k = perm[0]) != 0) {
            for (int i = 0, j = k; i < j; i++, j--) {
                int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
            }
            flips++;
        }
        if (flips > max_flips)
            max_flips = flips;
        checksum += permcount % 2 == 0 ? flips : -flips;
        for (;;) {
            if (r == n) {
                return checksum * 100 + max_flips;
            }
            int p0 = perm1[0];
            for (int i = 0; i < r; i++)
                perm1[i] = perm1[i + 1];
            perm1[r] = p0;
            if (--count[r] > 0)
                break;
            r++;
        }
        permcount++;
    }
}

/* argv[1]: rounds (default 6; 1 for a quick check). */
int main(int argc, char **argv)
{
    int rounds = argc > 1 ? atoi(argv[1]) : 6;
    long total = 0;
    for (int round = 0; round < rounds; round++)
        total += fannkuch(round);
    printf("fannkuch checksum %ld\n", total);
    return 0;
}
