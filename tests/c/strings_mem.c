/* string.h and stdlib.h utilities: memcpy/memmove overlap, memset,
 * comparisons, searching, tokenizing, conversions, qsort and bsearch. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b) {
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}
static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void) {
    char buf[64] = "0123456789abcdef";
    memmove(buf + 4, buf, 10);
    printf("memmove fwd: %s\n", buf);
    memmove(buf, buf + 6, 10);
    printf("memmove back: %s\n", buf);
    memset(buf, '-', 5);
    printf("memset: %s\n", buf);
    char big[1000], big2[1000];
    for (int i = 0; i < 1000; i++) big[i] = (char)(i * 31);
    memcpy(big2, big, sizeof big);
    printf("memcmp equal: %d, after change: %d\n", memcmp(big, big2, 1000) == 0,
           (big2[999]++, memcmp(big, big2, 1000) < 0));
    printf("strlen %zu strcmp %d %d %d strncmp %d\n", strlen("kiln compiler"),
           strcmp("abc", "abd") < 0, strcmp("b", "a") > 0, strcmp("same", "same"),
           strncmp("prefix-one", "prefix-two", 7));
    printf("strchr %s strrchr %s strstr %s\n", strchr("a/b/c", '/'),
           strrchr("a/b/c", '/'), strstr("needle in haystack", "hay"));
    char toks[] = "  alpha,beta;;gamma  delta,";
    int n = 0;
    for (char *t = strtok(toks, " ,;"); t; t = strtok(NULL, " ,;"))
        printf("tok%d=%s ", n++, t);
    printf("\n");
    char dst[32];
    strcpy(dst, "foo");
    strcat(dst, "bar");
    strncat(dst, "bazqux", 3);
    printf("strcat: %s\n", dst);
    char *end;
    printf("strtol %ld %ld %ld; strtoul %lu; atoi %d\n", strtol("-12345", NULL, 10),
           strtol("ff", NULL, 16), strtol("0777", &end, 0), strtoul("4294967295", NULL, 10),
           atoi("  42xyz"));
    printf("strtod %.6f %.3e\n", strtod("3.5e2", NULL), strtod("-0.000125", NULL));
    int upper = 0;
    for (const char *p = "Hello, World 123"; *p; p++) upper += isupper((unsigned char)*p);
    printf("isupper count %d toupper %c tolower %c\n", upper, toupper('q'), tolower('Q'));

    int arr[2000];
    unsigned s = 7;
    for (int i = 0; i < 2000; i++) { s = s * 1664525u + 1013904223u; arr[i] = (int)(s % 100000) - 50000; }
    qsort(arr, 2000, sizeof arr[0], cmp_int);
    int sorted = 1;
    for (int i = 1; i < 2000; i++) sorted &= arr[i - 1] <= arr[i];
    printf("qsort ints sorted=%d min=%d max=%d median=%d\n", sorted, arr[0], arr[1999], arr[1000]);
    int key = arr[1234];
    int *hit = bsearch(&key, arr, 2000, sizeof arr[0], cmp_int);
    printf("bsearch found=%d value=%d\n", hit != NULL, hit ? *hit : 0);
    const char *words[] = {"pear", "apple", "fig", "banana", "cherry", "date", "elderberry", "apricot"};
    qsort(words, 8, sizeof words[0], cmp_str);
    for (int i = 0; i < 8; i++) printf("%s%s", words[i], i == 7 ? "\n" : " ");
    char *dup = strdup("duplicated");
    printf("strdup %s %zu\n", dup, strspn(dup, "dup"));
    free(dup);
    return 0;
}
