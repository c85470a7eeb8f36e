/* A C command made a component by `jco new --wasi-command`: --invoke
 * calls its wasi:cli/run export directly. */
#include <stdio.h>

int main(void)
{
    puts("hello from C");
    return 0;
}
