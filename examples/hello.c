/* The bundled example of the README's quick start: a WASI program that
 * prints a greeting, its arguments, and a small computation. */
#include <stdio.h>

static unsigned long long fib(unsigned n)
{
    unsigned long long a = 0, b = 1;
    while (n--) {
        unsigned long long t = a + b;
        a = b;
        b = t;
    }
    return a;
}

int main(int argc, char **argv)
{
    printf("Hello from WebAssembly, compiled to native code by kiln!\n");
    for (int i = 1; i < argc; i++)
        printf("arg %d: %s\n", i, argv[i]);
    printf("fib(50) = %llu\n", fib(50));
    return 0;
}
