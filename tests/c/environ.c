/* Environment variables: getenv on given names, a missing name, and the
 * full environ list sorted (the guest must see exactly what --env gave). */
//! env: KILN_A=alpha KILN_B="with space" EMPTY= EQ=a=b=c PATH=/guest/bin
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;

static int cmp(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void) {
    const char *names[] = {"KILN_A", "KILN_B", "EMPTY", "EQ", "PATH", "MISSING"};
    for (int i = 0; i < 6; i++) {
        const char *v = getenv(names[i]);
        printf("%s -> %s%s%s\n", names[i], v ? "[" : "", v ? v : "(unset)", v ? "]" : "");
    }
    int n = 0;
    while (environ[n]) n++;
    char **copy = malloc((size_t)n * sizeof *copy);
    for (int i = 0; i < n; i++) copy[i] = environ[i];
    qsort(copy, (size_t)n, sizeof *copy, cmp);
    printf("environ has %d entries\n", n);
    for (int i = 0; i < n; i++) printf("  %s\n", copy[i]);
    setenv("KILN_NEW", "set-inside", 1);
    unsetenv("KILN_A");
    printf("after setenv/unsetenv: KILN_NEW=%s KILN_A=%s\n", getenv("KILN_NEW"),
           getenv("KILN_A") ? getenv("KILN_A") : "(unset)");
    free(copy);
    return 0;
}
