/* Component start-up: a C command whose printf reaches wasi:cli/stdout
 * through the preview 1 adapter (`jco new --wasi-command`). */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
