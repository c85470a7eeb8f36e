/* wasi_p2.c: the WASI 0.2 host of the embedded profile (the
 * wasi:cli/command world of wit/, host C ABI of docs/bindgen-c.md;
 * replaces runtime/wasi_p2/).  stdout and stderr are output streams onto
 * kiln_platform_write, stdin an input stream at end of file, and input
 * streams of files of --embed-dir (wasi_p2_fs.c); the environment and
 * arguments are empty lists and there are no terminals; clocks and
 * random come from the platform hooks; pollables are ready at once, or
 * at a monotonic instant (busy wait).  The other functions of the host
 * table (sockets, http, ...) are generated stubs that trap
 * (runtime/cross/build_rt.py): no guest can obtain a resource they
 * would act on.
 */
#include <stdio.h>
#include <string.h>

#include "kiln_cm.h"
#include "kiln_platform.h"
#include "wasi_cli_environment.h"
#include "wasi_cli_exit.h"
#include "wasi_cli_stderr.h"
#include "wasi_cli_stdin.h"
#include "wasi_cli_stdout.h"
#include "wasi_cli_terminal_stderr.h"
#include "wasi_cli_terminal_stdin.h"
#include "wasi_cli_terminal_stdout.h"
#include "wasi_clocks_monotonic_clock.h"
#include "wasi_clocks_wall_clock.h"
#include "wasi_io_poll.h"
#include "wasi_io_streams.h"
#include "wasi_p2.h"
#include "wasi_p2_fs.h"
#include "wasi_random_insecure.h"
#include "wasi_random_insecure_seed.h"
#include "wasi_random_random.h"

/* the largest write check-write grants (streams.wit: at least 1) */
enum { WRITE_BUDGET = 4096 };

typedef BmStream Stream;

static Stream streams[3] = {{0, 0, 0}, {1, 0, 0}, {2, 0, 0}};

typedef struct Pollable {
    uint64_t deadline; /* monotonic ns; 0: ready now */
} Pollable;

void *kiln_wasi_p2_new(const KilnWasiConfig *cfg, char *err, size_t errlen)
{
    static int state;
    return &state;
}

void kiln_wasi_p2_free(void *host)
{
}

/* The std streams are static: nothing to free (the descriptor names
 * these drops, kiln_cm.h KilnResourceDesc.drop). */
void wasi_io_streams_input_stream_drop(struct KilnComponentInst *ci,
                                       void *rep)
{
    if (((Stream *)rep)->fd < 0) /* a file's (wasi_p2_fs.c) */
        kiln_rt_free(rep);
}

void wasi_io_streams_output_stream_drop(struct KilnComponentInst *ci,
                                        void *rep)
{
}

const char *kiln_wasi_p2_resource_name(uint32_t host_type)
{
    static const char *const names[] = {
#define KILN_HOST_RESOURCE(c_name, iface, name) iface "#" name,
#define KILN_HOST_FUNC(c_name, iface, abi_name, key)
#include "host_table.inc"
#undef KILN_HOST_RESOURCE
#undef KILN_HOST_FUNC
    };
    return host_type < KILN_HR_COUNT ? names[host_type] : "?";
}

/* ---- wasi:cli ---- */

void wasi_cli_environment_get_environment(
    struct KilnCanonCx *cx, wasi_cli_environment_list_tuple2_string_string_t *ret)
{
    ret->ptr = kiln_cx_alloc(cx, 0, 4);
    ret->len = 0;
}

void wasi_cli_environment_get_arguments(
    struct KilnCanonCx *cx, wasi_cli_environment_list_string_t *ret)
{
    ret->ptr = kiln_cx_alloc(cx, 0, 4);
    ret->len = 0;
}

void wasi_cli_environment_initial_cwd(struct KilnCanonCx *cx,
                                      wasi_cli_environment_option_string_t *ret)
{
    ret->is_some = false;
}

void wasi_cli_exit_exit(struct KilnCanonCx *cx,
                        const wasi_cli_exit_result_void_void_t *status)
{
    kiln_rt_exit(status->is_err ? 1 : 0);
}

void wasi_cli_exit_exit_with_code(struct KilnCanonCx *cx, uint8_t status_code)
{
    kiln_rt_exit(status_code);
}

void wasi_cli_stdin_get_stdin(struct KilnCanonCx *cx,
                              wasi_io_streams_input_stream_t *ret)
{
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_input_stream,
                           &streams[0]);
}

void wasi_cli_stdout_get_stdout(struct KilnCanonCx *cx,
                                wasi_io_streams_output_stream_t *ret)
{
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_output_stream,
                           &streams[1]);
}

void wasi_cli_stderr_get_stderr(struct KilnCanonCx *cx,
                                wasi_io_streams_output_stream_t *ret)
{
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_io_streams_output_stream,
                           &streams[2]);
}

void wasi_cli_terminal_stdin_get_terminal_stdin(
    struct KilnCanonCx *cx,
    wasi_cli_terminal_stdin_option_wasi_cli_terminal_input_own_terminal_input_t *ret)
{
    ret->is_some = false;
}

void wasi_cli_terminal_stdout_get_terminal_stdout(
    struct KilnCanonCx *cx,
    wasi_cli_terminal_stdout_option_wasi_cli_terminal_output_own_terminal_output_t *ret)
{
    ret->is_some = false;
}

void wasi_cli_terminal_stderr_get_terminal_stderr(
    struct KilnCanonCx *cx,
    wasi_cli_terminal_stderr_option_wasi_cli_terminal_output_own_terminal_output_t *ret)
{
    ret->is_some = false;
}

/* ---- wasi:io/streams ---- */

static Stream *output(KilnCanonCx *cx, uint32_t handle)
{
    return kiln_cx_borrow(cx, KILN_HR_wasi_io_streams_output_stream, handle);
}

static void closed(wasi_io_streams_stream_error_t *e)
{
    e->tag = WASI_IO_STREAMS_STREAM_ERROR_CLOSED;
}

void wasi_io_streams_input_stream_read(
    struct KilnCanonCx *cx, wasi_io_streams_input_stream_t self, uint64_t len,
    wasi_io_streams_result_list_u8_stream_error_t *ret)
{
    Stream *s = kiln_cx_borrow(cx, KILN_HR_wasi_io_streams_input_stream, self);
    if (s->fd < 0 && bm_file_stream_read(cx, s, len, ret))
        return;
    ret->is_err = true; /* stdin and a file's end */
    closed(&ret->val.err);
}

void wasi_io_streams_input_stream_blocking_read(
    struct KilnCanonCx *cx, wasi_io_streams_input_stream_t self, uint64_t len,
    wasi_io_streams_result_list_u8_stream_error_t *ret)
{
    wasi_io_streams_input_stream_read(cx, self, len, ret);
}

void wasi_io_streams_output_stream_check_write(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_streams_result_u64_stream_error_t *ret)
{
    output(cx, self);
    ret->is_err = false;
    ret->val.ok = WRITE_BUDGET;
}

static void put(KilnCanonCx *cx, uint32_t self, const uint8_t *p,
                uint64_t len, wasi_io_streams_result_void_stream_error_t *ret)
{
    static const uint8_t zeroes[256];
    Stream *s = output(cx, self);
    if (len > WRITE_BUDGET)
        kiln_cm_trap("wasi:io/streams: write of more than check-write "
                     "allowed");
    ret->is_err = false;
    while (len > 0) {
        size_t n = p || len < sizeof zeroes ? (size_t)len : sizeof zeroes;
        long done = kiln_platform_write(s->fd, p ? p : zeroes, n);
        if (done <= 0) {
            ret->is_err = true;
            closed(&ret->val.err);
            return;
        }
        if (p)
            p += done;
        len -= (uint64_t)done;
    }
}

void wasi_io_streams_output_stream_write(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    const uint8_t *contents_ptr, uint32_t contents_len,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    put(cx, self, contents_ptr, contents_len, ret);
}

void wasi_io_streams_output_stream_blocking_write_and_flush(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    const uint8_t *contents_ptr, uint32_t contents_len,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    put(cx, self, contents_ptr, contents_len, ret);
}

void wasi_io_streams_output_stream_write_zeroes(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self, uint64_t len,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    put(cx, self, NULL, len, ret);
}

void wasi_io_streams_output_stream_blocking_write_zeroes_and_flush(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self, uint64_t len,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    put(cx, self, NULL, len, ret);
}

/* Writes reach the platform before they return: nothing to flush. */
void wasi_io_streams_output_stream_flush(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    output(cx, self);
    ret->is_err = false;
}

void wasi_io_streams_output_stream_blocking_flush(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_streams_result_void_stream_error_t *ret)
{
    output(cx, self);
    ret->is_err = false;
}

/* ---- wasi:io/poll and pollables ---- */

static uint32_t new_pollable(KilnCanonCx *cx, uint64_t deadline)
{
    Pollable *p = kiln_rt_alloc(sizeof *p);
    if (!p)
        kiln_cm_trap("wasi:io/poll: out of memory");
    p->deadline = deadline;
    return kiln_cx_new_own(cx, KILN_HR_wasi_io_poll_pollable, p);
}

static bool is_ready(const Pollable *p)
{
    return kiln_platform_monotonic_ns() >= p->deadline;
}

void wasi_io_streams_input_stream_subscribe(
    struct KilnCanonCx *cx, wasi_io_streams_input_stream_t self,
    wasi_io_poll_pollable_t *ret)
{
    kiln_cx_borrow(cx, KILN_HR_wasi_io_streams_input_stream, self);
    *ret = new_pollable(cx, 0);
}

void wasi_io_streams_output_stream_subscribe(
    struct KilnCanonCx *cx, wasi_io_streams_output_stream_t self,
    wasi_io_poll_pollable_t *ret)
{
    output(cx, self);
    *ret = new_pollable(cx, 0);
}

void wasi_io_poll_pollable_drop(struct KilnComponentInst *ci, void *rep)
{
    kiln_rt_free(rep);
}

void wasi_io_poll_pollable_ready(struct KilnCanonCx *cx,
                                 wasi_io_poll_pollable_t self, bool *ret)
{
    *ret = is_ready(kiln_cx_borrow(cx, KILN_HR_wasi_io_poll_pollable, self));
}

void wasi_io_poll_pollable_block(struct KilnCanonCx *cx,
                                 wasi_io_poll_pollable_t self)
{
    Pollable *p = kiln_cx_borrow(cx, KILN_HR_wasi_io_poll_pollable, self);
    while (!is_ready(p))
        ;
}

void wasi_io_poll_poll(struct KilnCanonCx *cx,
                       const wasi_io_poll_pollable_t *in_ptr, uint32_t in_len,
                       wasi_io_poll_list_u32_t *ret)
{
    if (in_len == 0)
        kiln_cm_trap("wasi:io/poll: poll of an empty list");
    Pollable **ps = kiln_rt_alloc((size_t)in_len * sizeof *ps);
    if (!ps)
        kiln_cm_trap("wasi:io/poll: out of memory");
    uint64_t first = UINT64_MAX;
    for (uint32_t i = 0; i < in_len; i++) {
        ps[i] = kiln_cx_borrow(cx, KILN_HR_wasi_io_poll_pollable, in_ptr[i]);
        if (ps[i]->deadline < first)
            first = ps[i]->deadline;
    }
    while (kiln_platform_monotonic_ns() < first)
        ;
    uint32_t n = 0;
    for (uint32_t i = 0; i < in_len; i++)
        n += is_ready(ps[i]);
    uint32_t list = kiln_cx_alloc(cx, n * 4, 4);
    uint8_t *out = kiln_cx_ptr(cx, list, (uint64_t)n * 4);
    for (uint32_t i = 0, k = 0; i < in_len; i++)
        if (is_ready(ps[i]) && k < n) {
            memcpy(out + 4 * k, &i, 4);
            k++;
        }
    kiln_rt_free(ps);
    ret->ptr = list;
    ret->len = n;
}

/* ---- wasi:clocks ---- */

void wasi_clocks_monotonic_clock_now(struct KilnCanonCx *cx, uint64_t *ret)
{
    *ret = kiln_platform_monotonic_ns();
}

void wasi_clocks_monotonic_clock_resolution(struct KilnCanonCx *cx,
                                            uint64_t *ret)
{
    *ret = 1000;
}

void wasi_clocks_monotonic_clock_subscribe_instant(struct KilnCanonCx *cx,
                                                   uint64_t when,
                                                   wasi_io_poll_pollable_t *ret)
{
    *ret = new_pollable(cx, when);
}

void wasi_clocks_monotonic_clock_subscribe_duration(
    struct KilnCanonCx *cx, uint64_t when, wasi_io_poll_pollable_t *ret)
{
    uint64_t now = kiln_platform_monotonic_ns();
    *ret = new_pollable(cx, when > UINT64_MAX - now ? UINT64_MAX : now + when);
}

void wasi_clocks_wall_clock_now(struct KilnCanonCx *cx,
                                wasi_clocks_wall_clock_datetime_t *ret)
{
    uint64_t ns = kiln_platform_wall_ns();
    ret->seconds = ns / 1000000000u;
    ret->nanoseconds = (uint32_t)(ns % 1000000000u);
}

void wasi_clocks_wall_clock_resolution(struct KilnCanonCx *cx,
                                       wasi_clocks_wall_clock_datetime_t *ret)
{
    ret->seconds = 0;
    ret->nanoseconds = 1000;
}

/* ---- wasi:random ---- */

static uint32_t random_list(KilnCanonCx *cx, uint64_t len)
{
    if (len > UINT32_MAX)
        kiln_cm_trap("wasi:random: too many bytes requested");
    uint32_t list = kiln_cx_alloc(cx, (uint32_t)len, 1);
    if (kiln_platform_random(kiln_cx_ptr(cx, list, len), (size_t)len))
        kiln_cm_trap("wasi:random: the platform has no randomness");
    return list;
}

static uint64_t random_u64(void)
{
    uint64_t v;
    if (kiln_platform_random(&v, sizeof v))
        kiln_cm_trap("wasi:random: the platform has no randomness");
    return v;
}

void wasi_random_random_get_random_bytes(struct KilnCanonCx *cx, uint64_t len,
                                         wasi_random_random_list_u8_t *ret)
{
    ret->ptr = random_list(cx, len);
    ret->len = (uint32_t)len;
}

void wasi_random_random_get_random_u64(struct KilnCanonCx *cx, uint64_t *ret)
{
    *ret = random_u64();
}

void wasi_random_insecure_get_insecure_random_bytes(
    struct KilnCanonCx *cx, uint64_t len, wasi_random_insecure_list_u8_t *ret)
{
    ret->ptr = random_list(cx, len);
    ret->len = (uint32_t)len;
}

void wasi_random_insecure_get_insecure_random_u64(struct KilnCanonCx *cx,
                                                  uint64_t *ret)
{
    *ret = random_u64();
}

void wasi_random_insecure_seed_insecure_seed(
    struct KilnCanonCx *cx, wasi_random_insecure_seed_tuple2_u64_u64_t *ret)
{
    ret->f0 = random_u64();
    ret->f1 = random_u64();
}
