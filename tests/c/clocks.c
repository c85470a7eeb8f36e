/* Clocks: only facts that hold on every run are printed.  Monotonic time
 * never goes back and advances across a sleep; realtime is after 2020;
 * resolutions are positive; time() agrees with CLOCK_REALTIME. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static int64_t ns(clockid_t id) {
    struct timespec ts;
    if (clock_gettime(id, &ts) != 0) return -1;
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(void) {
    int64_t prev = ns(CLOCK_MONOTONIC), back = 0;
    for (int i = 0; i < 10000; i++) {
        int64_t now = ns(CLOCK_MONOTONIC);
        if (now < prev) back++;
        prev = now;
    }
    printf("monotonic went backwards %lld times\n", (long long)back);
    int64_t before = ns(CLOCK_MONOTONIC);
    struct timespec req = {0, 20 * 1000 * 1000};
    int rc = nanosleep(&req, NULL);
    int64_t slept = ns(CLOCK_MONOTONIC) - before;
    /* The reference (Node's uvwasi) arms a millisecond libuv timer from a
     * loop clock floored to the millisecond, so it may wake up to 1 ms early;
     * kiln's exact bound is tested in tests/wasi_p2/test_poll_clocks.c. */
    printf("nanosleep rc=%d, slept at least 18ms: %s\n", rc, slept >= 18000000 ? "yes" : "no");
    int64_t real = ns(CLOCK_REALTIME);
    printf("realtime after 2020-01-01: %s\n", real / 1000000000 > 1577836800 ? "yes" : "no");
    printf("realtime before 2100-01-01: %s\n", real / 1000000000 < 4102444800LL ? "yes" : "no");
    time_t t = time(NULL);
    printf("time() within 5s of realtime: %s\n",
           (t - real / 1000000000) <= 5 && (real / 1000000000 - t) <= 5 ? "yes" : "no");
    struct timespec res;
    printf("monotonic res > 0: %s\n",
           clock_getres(CLOCK_MONOTONIC, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0) ? "yes" : "no");
    printf("realtime res > 0: %s\n",
           clock_getres(CLOCK_REALTIME, &res) == 0 && (res.tv_sec > 0 || res.tv_nsec > 0) ? "yes" : "no");
    struct tm tm;
    time_t fixed = 1700000000;
    gmtime_r(&fixed, &tm);
    char buf[64];
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    printf("gmtime(1700000000) = %s\n", buf);
    return 0;
}
