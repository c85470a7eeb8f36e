/* A C command using arguments, the environment, the clock and files:
 * wrapped by `jco new --wasi-command`, its world imports
 * wasi:cli/environment, wasi:clocks/wall-clock, wasi:filesystem/... */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
    const char *home = getenv("HOME");
    printf("%d %s %s %ld\n", argc, argv[0], home ? home : "-",
           (long)time(NULL));
    FILE *f = fopen("data.txt", "r");
    if (f)
        fclose(f);
    return 0;
}
