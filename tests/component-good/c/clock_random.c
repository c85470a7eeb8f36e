/* Clocks, random bytes, stdin and exit codes: the remaining adapter
 * imports (wall and monotonic clocks, random, poll). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>

int main(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    time_t now = time(NULL);
    unsigned char buf[8];
    if (getentropy(buf, sizeof buf) != 0)
        return 2;
    char line[64];
    if (fgets(line, sizeof line, stdin))
        printf("read %s", line);
    printf("time ok: %d\n", now > 0);
    usleep(1000);
    exit(0);
}
