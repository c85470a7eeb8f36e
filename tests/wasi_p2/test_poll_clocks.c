/* test_poll_clocks.c: wasi:io/poll over clock pollables (an empty list
 * traps; ready positions reported in order; waiting until the nearest
 * instant), wasi:clocks (monotonic, wall, resolution, timezone from TZ),
 * wasi:random (lengths, insecure-seed fixed per instance) and the host
 * state's resource names. */
#include "p2t.h"

#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "wasi_clocks_monotonic_clock.h"
#include "wasi_clocks_timezone.h"
#include "wasi_clocks_wall_clock.h"
#include "wasi_io_poll.h"
#include "wasi_io_streams.h"
#include "wasi_random_insecure.h"
#include "wasi_random_insecure_seed.h"
#include "wasi_random_random.h"

static uint64_t now_ns(void)
{
    uint64_t t;
    wasi_clocks_monotonic_clock_now(&t_cx, &t);
    return t;
}

static uint32_t after(uint64_t ns)
{
    uint32_t p;
    wasi_clocks_monotonic_clock_subscribe_duration(&t_cx, ns, &p);
    return p;
}

static void do_poll_empty(void *arg)
{
    (void)arg;
    wasi_io_poll_list_u32_t r;
    wasi_io_poll_poll(&t_cx, NULL, 0, &r);
}

static void test_poll(void)
{
    T_EQ(t_guard(do_poll_empty, NULL), KILN_TRAP_HOST);
    T_TRUE(strstr(t_trap_message, "empty") != NULL);

    /* Instants 200 ms and 1.5 s away; checks that need the machine to
     * keep up are made only when it did (the tests share busy cores). */
    const uint64_t ms = 1000000u;
    uint64_t t0 = now_ns();
    uint32_t far = after(60000 * ms), near = after(1500 * ms),
             past = after(0);
    uint32_t at;
    wasi_clocks_monotonic_clock_subscribe_instant(&t_cx, t0 + 200 * ms, &at);
    bool ready = true;
    wasi_io_poll_pollable_ready(&t_cx, near, &ready);
    T_EQ(ready, 0);
    wasi_io_poll_pollable_ready(&t_cx, past, &ready);
    T_EQ(ready, 1);

    /* Ready now: `past`, at position 2; nothing waits. */
    uint32_t list[4] = {far, near, past, at};
    wasi_io_poll_list_u32_t r;
    wasi_io_poll_poll(&t_cx, list, 4, &r);
    T_TRUE(r.len >= 1);
    T_EQ(t_ld32(r.ptr), 2);
    if (now_ns() - t0 < 200 * ms)
        T_EQ(r.len, 1);

    /* Without it: waits for `at`, position 2. */
    uint32_t two[3] = {far, near, at};
    wasi_io_poll_poll(&t_cx, two, 3, &r);
    uint64_t waited = now_ns() - t0;
    T_TRUE(waited >= 200 * ms);
    T_TRUE(r.len >= 1);
    T_EQ(t_ld32(r.ptr + 4 * (r.len - 1)), 2);
    if (waited < 1500 * ms)
        T_EQ(r.len, 1);
    wasi_io_poll_pollable_block(&t_cx, near);
    T_TRUE(now_ns() - t0 >= 1500 * ms);
    T_TRUE(now_ns() - t0 < 30000 * ms);
    /* Both ready, the same pollable twice: every position, in order. */
    uint32_t dup[3] = {near, far, near};
    wasi_io_poll_poll(&t_cx, dup, 3, &r);
    T_EQ(r.len, 2);
    T_EQ(t_ld32(r.ptr), 0);
    T_EQ(t_ld32(r.ptr + 4), 2);
    uint32_t all[4] = {far, near, past, at};
    for (int i = 0; i < 4; i++)
        t_drop(KILN_HR_wasi_io_poll_pollable, all[i]);
    /* A duration that would overflow the clock never fires. */
    uint32_t never = after(UINT64_MAX);
    wasi_io_poll_pollable_ready(&t_cx, never, &ready);
    T_EQ(ready, 0);
    t_drop(KILN_HR_wasi_io_poll_pollable, never);
}

/* An fd pollable next to instants: whichever is ready first. */
static void test_poll_fd(void)
{
    int p[2];
    t_pipe(p);
    uint32_t in = kiln_cx_new_own(&t_cx, KILN_HR_wasi_io_streams_input_stream,
                                  p2_input_stream_fd(p[0], false, 0, false));
    uint32_t readable;
    wasi_io_streams_input_stream_subscribe(&t_cx, in, &readable);
    uint64_t t0 = now_ns();
    uint32_t soon = after(20000000u), list[2] = {readable, soon};
    wasi_io_poll_list_u32_t r;
    wasi_io_poll_poll(&t_cx, list, 2, &r);
    T_EQ(r.len, 1);
    T_EQ(t_ld32(r.ptr), 1);
    T_TRUE(now_ns() - t0 >= 20000000u);
    t_drop(KILN_HR_wasi_io_poll_pollable, soon);
    uint32_t later = after(60ull * 1000000000u);
    list[1] = later;
    T_EQ(write(p[1], "x", 1), 1);
    wasi_io_poll_poll(&t_cx, list, 2, &r);
    T_EQ(r.len, 1);
    T_EQ(t_ld32(r.ptr), 0);
    T_TRUE(now_ns() - t0 < 30000000000ull);
    t_drop(KILN_HR_wasi_io_poll_pollable, later);
    t_drop(KILN_HR_wasi_io_poll_pollable, readable);
    t_drop(KILN_HR_wasi_io_streams_input_stream, in);
    close(p[0]);
    close(p[1]);
}

static void test_clocks(void)
{
    uint64_t a = now_ns(), b = now_ns(), res;
    T_TRUE(b >= a);
    wasi_clocks_monotonic_clock_resolution(&t_cx, &res);
    T_TRUE(res > 0 && res <= 1000000000u);
    wasi_clocks_wall_clock_datetime_t w;
    wasi_clocks_wall_clock_now(&t_cx, &w);
    uint64_t host = (uint64_t)time(NULL);
    T_TRUE(w.seconds + 2 >= host && w.seconds <= host + 2);
    T_TRUE(w.nanoseconds < 1000000000u);
    wasi_clocks_wall_clock_resolution(&t_cx, &w);
    T_TRUE(w.seconds == 0 && w.nanoseconds > 0);
}

/* POSIX TZ strings need no zone database. */
static void test_timezone(void)
{
    wasi_clocks_wall_clock_datetime_t when = {1700000000u, 0};
    wasi_clocks_timezone_timezone_display_t d;
    int32_t off;
    setenv("TZ", "UTC0", 1);
    wasi_clocks_timezone_display(&t_cx, &when, &d);
    T_EQ(d.utc_offset, 0);
    T_GUEST_STR(d.name.ptr, d.name.len, "UTC");
    T_EQ(d.in_daylight_saving_time, 0);
    setenv("TZ", "XYZ-3", 1); /* 3 hours east of UTC */
    wasi_clocks_timezone_utc_offset(&t_cx, &when, &off);
    T_EQ(off, 3 * 3600);
    /* Beyond what the host's time functions reach: UTC. */
    wasi_clocks_wall_clock_datetime_t never = {UINT64_MAX, 0};
    wasi_clocks_timezone_display(&t_cx, &never, &d);
    T_EQ(d.utc_offset, 0);
    T_GUEST_STR(d.name.ptr, d.name.len, "UTC");
    /* Summer time in July 2023 with a rule: UTC-5, UTC-4 in summer. */
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    when.seconds = 1689000000u; /* 2023-07-10 */
    wasi_clocks_timezone_display(&t_cx, &when, &d);
    T_EQ(d.utc_offset, -4 * 3600);
    T_GUEST_STR(d.name.ptr, d.name.len, "EDT");
    T_EQ(d.in_daylight_saving_time, 1);
    unsetenv("TZ");
}

static void test_random(void)
{
    uint32_t before = t_allocated();
    wasi_random_random_list_u8_t r;
    wasi_random_random_get_random_bytes(&t_cx, 64, &r);
    T_EQ(r.len, 64);
    T_EQ(t_allocated() - before, 64); /* written in place, no copy */
    int nonzero = 0;
    for (int i = 0; i < 64; i++)
        nonzero += t_mem(r.ptr)[i] != 0;
    T_TRUE(nonzero > 32);
    wasi_random_insecure_list_u8_t ir;
    wasi_random_insecure_get_insecure_random_bytes(&t_cx, 0, &ir);
    T_EQ(ir.len, 0);
    wasi_random_insecure_get_insecure_random_bytes(&t_cx, 5, &ir);
    T_EQ(ir.len, 5);
    uint64_t x, y;
    wasi_random_random_get_random_u64(&t_cx, &x);
    wasi_random_random_get_random_u64(&t_cx, &y);
    T_TRUE(x != y);
    wasi_random_insecure_get_insecure_random_u64(&t_cx, &x);
    wasi_random_insecure_get_insecure_random_u64(&t_cx, &y);
    T_TRUE(x != y);
    wasi_random_insecure_seed_tuple2_u64_u64_t s1, s2;
    wasi_random_insecure_seed_insecure_seed(&t_cx, &s1);
    wasi_random_insecure_seed_insecure_seed(&t_cx, &s2);
    T_TRUE(s1.f0 == s2.f0 && s1.f1 == s2.f1);
    T_TRUE(s1.f0 != 0 || s1.f1 != 0);
}

static void do_huge_random(void *arg)
{
    (void)arg;
    wasi_random_random_list_u8_t r;
    wasi_random_random_get_random_bytes(&t_cx, 1ull << 33, &r);
}

static void test_host(void)
{
    T_TRUE(strcmp(kiln_wasi_p2_resource_name(
                      KILN_HR_wasi_io_streams_output_stream),
                  "wasi:io/streams#output-stream") == 0);
    T_TRUE(strcmp(kiln_wasi_p2_resource_name(KILN_HR_wasi_io_poll_pollable),
                  "wasi:io/poll#pollable") == 0);
    T_TRUE(strcmp(kiln_wasi_p2_resource_name(KILN_HR_COUNT), "?") == 0);
    T_EQ(t_guard(do_huge_random, NULL), KILN_TRAP_HOST);
    /* A host made from no configuration has no arguments and closed
     * stdio. */
    char err[64];
    P2Host *h = kiln_wasi_p2_new(NULL, err, sizeof err);
    T_TRUE(h && h->argc == 0 && h->envc == 0 && h->stdout_fd == -1);
    kiln_wasi_p2_free(h);
}

int main(void)
{
    KilnWasiConfig cfg = {0, NULL, 0, NULL, 0, NULL, -1, -1, -1, 0, 0, NULL};
    t_setup(&cfg);
    test_poll();
    test_poll_fd();
    test_clocks();
    test_timezone();
    test_random();
    test_host();
    t_finish();
    return t_result();
}
