/* random_get through getentropy and arc4random: bytes come back and are
 * not all equal; two draws differ.  The values themselves are not printed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    unsigned char a[256], b[256];
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    printf("getentropy rc=%d\n", getentropy(a, sizeof a));
    printf("getentropy rc=%d\n", getentropy(b, sizeof b));
    int all_equal = 1;
    for (int i = 1; i < 256; i++) all_equal &= a[i] == a[0];
    printf("bytes all equal: %s\n", all_equal ? "yes" : "no");
    printf("two draws identical: %s\n", memcmp(a, b, sizeof a) == 0 ? "yes" : "no");
    int distinct = 0, seen[256] = {0};
    for (int i = 0; i < 256; i++) if (!seen[a[i]]++) distinct++;
    printf("more than 64 distinct byte values: %s\n", distinct > 64 ? "yes" : "no");
    uint32_t r[16];
    for (int i = 0; i < 16; i++) r[i] = arc4random();
    int same = 1;
    for (int i = 1; i < 16; i++) same &= r[i] == r[0];
    printf("arc4random all equal: %s\n", same ? "yes" : "no");
    printf("arc4random_uniform(10) < 10: %s\n", arc4random_uniform(10) < 10 ? "yes" : "no");
    printf("getentropy zero length rc=%d\n", getentropy(a, 0));
    return 0;
}
