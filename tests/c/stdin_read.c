/* Reading stdin to the end: line, word and byte counts, a per-line
 * checksum and the lines printed in reverse order. */
//! stdin: stdin.txt
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *lines[256];
    int nlines = 0;
    size_t bytes = 0, words = 0;
    char buf[512];
    while (fgets(buf, sizeof buf, stdin)) {
        size_t len = strlen(buf);
        bytes += len;
        int in = 0;
        for (size_t i = 0; i < len; i++) {
            int sp = isspace((unsigned char)buf[i]);
            if (!sp && !in) words++;
            in = !sp;
        }
        if (nlines < 256) lines[nlines++] = strdup(buf);
    }
    printf("lines=%d words=%zu bytes=%zu eof=%d error=%d\n", nlines, words, bytes,
           feof(stdin) != 0, ferror(stdin) != 0);
    for (int i = nlines - 1; i >= 0; i--) {
        unsigned h = 5381;
        for (const char *p = lines[i]; *p; p++) h = h * 33 + (unsigned char)*p;
        printf("%3d %08x %s", i + 1, h, lines[i]);
        if (lines[i][strlen(lines[i]) - 1] != '\n') printf("\n");
        free(lines[i]);
    }
    printf("getchar after EOF: %d\n", getchar());
    return 0;
}
