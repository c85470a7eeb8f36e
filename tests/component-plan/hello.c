/* A C program made a component by `jco new --wasi-command`: the main
 * module, the preview1 adapter, the shim module with its indirect table
 * and the fixup module that fills it. */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    printf("hello from a component, %d argument(s)\n", argc);
    return 0;
}
