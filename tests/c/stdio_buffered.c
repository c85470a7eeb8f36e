/* Buffered stdio over WASI files: fopen modes, fprintf/fscanf, fgets,
 * fread/fwrite of binary data, fseek/ftell/rewind, ungetc, setvbuf,
 * fdopen of a raw descriptor, and a large fully buffered stdout. */
//! dir: fs /sandbox
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    FILE *f = fopen("/sandbox/table.txt", "w");
    for (int i = 1; i <= 20; i++) fprintf(f, "%d %d %.3f %s\n", i, i * i, 1.0 / i, i % 2 ? "odd" : "even");
    printf("ftell after writing: %ld\n", ftell(f));
    fclose(f);

    f = fopen("/sandbox/table.txt", "r");
    int a, b, sum = 0;
    double c, csum = 0;
    char word[16];
    while (fscanf(f, "%d %d %lf %15s", &a, &b, &c, word) == 4) { sum += b; csum += c; }
    printf("sum of squares %d, harmonic %.6f, last word %s\n", sum, csum, word);
    rewind(f);
    char line[64];
    fgets(line, sizeof line, f);
    printf("first line again: %s", line);
    fseek(f, -11, SEEK_END);
    fgets(line, sizeof line, f);
    printf("near the end: %s", line);
    fseek(f, 0, SEEK_SET);
    int ch = fgetc(f);
    ungetc('#', f);
    fgets(line, sizeof line, f);
    printf("first char %c, after ungetc: %s", ch, line);
    fclose(f);

    f = fopen("/sandbox/bin.dat", "wb+");
    double vals[100];
    for (int i = 0; i < 100; i++) vals[i] = i * 0.25 - 3;
    printf("fwrite %zu\n", fwrite(vals, sizeof vals[0], 100, f));
    fseek(f, 50 * (long)sizeof(double), SEEK_SET);
    double back[10];
    printf("fread %zu: %g %g\n", fread(back, sizeof back[0], 10, f), back[0], back[9]);
    printf("fread at EOF %zu, feof %d\n", (fseek(f, 0, SEEK_END), fread(back, 8, 1, f)), feof(f) != 0);
    fclose(f);

    f = fopen("/sandbox/hello.txt", "a+");
    fputs("appended line\n", f);
    rewind(f);
    while (fgets(line, sizeof line, f)) printf("a+: %s", line);
    fclose(f);

    int fd = open("/sandbox/raw.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    f = fdopen(fd, "w+");
    printf("fdopen: %s\n", f ? "ok" : "failed");
    static char vbuf[64];
    setvbuf(f, vbuf, _IOFBF, sizeof vbuf);
    for (int i = 0; i < 50; i++) fprintf(f, "[%02d]", i);
    fflush(f);
    printf("raw size via lseek: %ld\n", (long)lseek(fd, 0, SEEK_END));
    fclose(f);

    f = fopen("/sandbox/missing/x.txt", "r");
    printf("fopen missing: %s\n", f ? "opened?!" : "NULL");
    f = fopen("/sandbox/hello.txt", "r");
    printf("fputs to read-only stream: %d, ferror %d\n", fputs("x", f) == EOF, ferror(f) != 0);
    fclose(f);

    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    unsigned long h = 0;
    for (int i = 0; i < 5000; i++) {
        printf("row %04d: %08lx\n", i, h);
        h = h * 31 + (unsigned long)i;
    }
    puts("done");
    return 0;
}
