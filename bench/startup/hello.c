/* Start-up benchmark: the smallest useful program, printed through stdio. */
#include <stdio.h>

int main(void)
{
    printf("hello, world\n");
    return 0;
}
