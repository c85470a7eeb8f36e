/* A trap on bare metal: its name on stderr and status 134, as on Linux. */
#include <stdio.h>

int main(void)
{
    volatile int zero = 0;
    printf("before\n");
    fflush(stdout);
    printf("%d\n", 7 / zero);
    return 0;
}
