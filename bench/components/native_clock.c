/* Native equivalent of clock_now.c: 10 million clock_gettime(MONOTONIC). */
#include <stdint.h>
#include <stdio.h>

#ifndef CALLS
#define CALLS 10000000
#endif
#include <time.h>

static uint64_t now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(void)
{
    uint64_t prev = now(), moved = 0;
    for (int i = 0; i < CALLS; i++) {
        uint64_t t = now();
        moved += t != prev;
        prev = t;
    }
    printf("clock calls done (%llu moved)\n", (unsigned long long)moved);
    return 0;
}
