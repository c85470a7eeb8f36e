/* clocks.c: wasi:clocks (WASI 0.2 wit/clocks): monotonic-clock (now,
 * resolution and pollables for an instant or a duration, in
 * nanoseconds of CLOCK_MONOTONIC), wall-clock (CLOCK_REALTIME as seconds
 * and nanoseconds since the Unix epoch) and the unstable timezone
 * interface, answered from the host's local time zone (TZ). */
#include <string.h>
#include <time.h>

#include "p2.h"
#include "wasi_clocks_monotonic_clock.h"
#include "wasi_clocks_timezone.h"
#include "wasi_clocks_wall_clock.h"

static uint64_t ns_of(const struct timespec *ts)
{
    return (uint64_t)ts->tv_sec * 1000000000u + (uint64_t)ts->tv_nsec;
}

uint64_t p2_monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ns_of(&ts);
}

void wasi_clocks_monotonic_clock_now(struct KilnCanonCx *cx, uint64_t *ret)
{
    (void)cx;
    *ret = p2_monotonic_now();
}

void wasi_clocks_monotonic_clock_resolution(struct KilnCanonCx *cx,
                                            uint64_t *ret)
{
    (void)cx;
    struct timespec ts;
    clock_getres(CLOCK_MONOTONIC, &ts);
    *ret = ns_of(&ts);
}

void wasi_clocks_monotonic_clock_subscribe_instant(
    struct KilnCanonCx *cx, uint64_t when, wasi_io_poll_pollable_t *ret)
{
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2_pollable_instant(when));
}

void wasi_clocks_monotonic_clock_subscribe_duration(
    struct KilnCanonCx *cx, uint64_t when, wasi_io_poll_pollable_t *ret)
{
    uint64_t now = p2_monotonic_now();
    uint64_t at = when > UINT64_MAX - now ? UINT64_MAX : now + when;
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable,
                           p2_pollable_instant(at));
}

static void datetime_of(const struct timespec *ts,
                        wasi_clocks_wall_clock_datetime_t *ret)
{
    /* Times before the epoch cannot be represented: they read as it. */
    if (ts->tv_sec < 0) {
        ret->seconds = 0;
        ret->nanoseconds = 0;
        return;
    }
    ret->seconds = (uint64_t)ts->tv_sec;
    ret->nanoseconds = (uint32_t)ts->tv_nsec;
}

void wasi_clocks_wall_clock_now(struct KilnCanonCx *cx,
                                wasi_clocks_wall_clock_datetime_t *ret)
{
    (void)cx;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    datetime_of(&ts, ret);
}

void wasi_clocks_wall_clock_resolution(struct KilnCanonCx *cx,
                                       wasi_clocks_wall_clock_datetime_t *ret)
{
    (void)cx;
    struct timespec ts;
    clock_getres(CLOCK_REALTIME, &ts);
    datetime_of(&ts, ret);
}

/* The local broken-down time at `when`; UTC when it cannot be had. */
static struct tm local_at(const wasi_clocks_wall_clock_datetime_t *when)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    /* Later than time_t reaches (32 bits on some targets): its last
     * second. */
    uint64_t max = sizeof(time_t) == 8 ? (uint64_t)INT64_MAX
                                       : (uint64_t)INT32_MAX;
    time_t t = (time_t)(when->seconds > max ? max : when->seconds);
    tzset();
    if (!localtime_r(&t, &tm)) {
        memset(&tm, 0, sizeof tm);
        tm.tm_zone = "UTC";
    }
    return tm;
}

void wasi_clocks_timezone_display(
    struct KilnCanonCx *cx, const wasi_clocks_wall_clock_datetime_t *when,
    wasi_clocks_timezone_timezone_display_t *ret)
{
    struct tm tm = local_at(when);
    const char *name = tm.tm_zone ? tm.tm_zone : "UTC";
    ret->utc_offset = (int32_t)tm.tm_gmtoff;
    ret->in_daylight_saving_time = tm.tm_isdst > 0;
    kiln_cx_store_string(cx, name, strlen(name), &ret->name.ptr,
                         &ret->name.len);
}

void wasi_clocks_timezone_utc_offset(
    struct KilnCanonCx *cx, const wasi_clocks_wall_clock_datetime_t *when,
    int32_t *ret)
{
    (void)cx;
    struct tm tm = local_at(when);
    *ret = (int32_t)tm.tm_gmtoff;
}
