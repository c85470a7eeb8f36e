/* argc/argv: arguments with spaces, empty strings, UTF-8 and dashes.
 * argv[0] is not printed: kiln and node may name the program differently. */
//! args: one "two words" "" --flag=value ünïcødé 'quote"d' 7
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
    printf("argc=%d\n", argc);
    printf("argv[0] present: %s\n", argv[0] ? "yes" : "no");
    size_t total = 0;
    for (int i = 1; i < argc; i++) {
        printf("argv[%d]=[%s] len=%zu\n", i, argv[i], strlen(argv[i]));
        total += strlen(argv[i]);
    }
    printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
    printf("total length %zu\n", total);
    return 0;
}
