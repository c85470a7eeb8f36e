/* Files, directories, arguments and the environment: pulls in most of the
 * preview1 adapter's filesystem and cli imports. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        printf("arg %d: %s\n", i, argv[i]);
    const char *home = getenv("HOME");
    printf("HOME=%s\n", home ? home : "(unset)");
    FILE *f = fopen("out.txt", "w");
    if (f) {
        fputs("data\n", f);
        fclose(f);
    }
    struct stat st;
    if (stat("out.txt", &st) == 0)
        printf("size %lld\n", (long long)st.st_size);
    DIR *d = opendir(".");
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
            if (strcmp(e->d_name, "out.txt") == 0)
                puts("found out.txt");
        closedir(d);
    }
    remove("out.txt");
    return argc > 5 ? 3 : 0;
}
