/* Hello world through wasi-libc: the smallest command component. */
#include <stdio.h>

int main(void)
{
    printf("hello from a component\n");
    return 0;
}
