/* memory.grow against the --max-memory region of a bare-metal build: two
 * pages fit in 256 KiB (2 initial + 2), eight more do not. */
#include <stdio.h>

int main(void)
{
    long a = (long)__builtin_wasm_memory_grow(0, 2);
    long b = (long)__builtin_wasm_memory_grow(0, 8);
    printf("grow 2: %s\ngrow 8: %s\n", a < 0 ? "failed" : "ok",
           b < 0 ? "failed" : "ok");
    return 0;
}
