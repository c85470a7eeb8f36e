/* Hand-written command guest for world kiln:hello/app: main() runs when the
 * host calls wasi:cli/run.run (exported by the preview1 command adapter);
 * printf reaches the host's stdout through the adapter and wasi:cli/stdout.
 * The import flattens a string to (pointer, length), CanonicalABI.md
 * "Flattening"; root-level imports come from module "$root". */
#include <stdio.h>
#include <string.h>

__attribute__((import_module("$root"), import_name("log")))
extern void app_import_log(const char *ptr, size_t len);

int main(int argc, char **argv)
{
    (void)argv;
    const char *msg = "hello from main";
    app_import_log(msg, strlen(msg));
    printf("printf: argc=%d\n", argc);
    fflush(stdout);
    return 0;
}
