/* misc.c: args, environ, clocks, random, proc and sched calls of WASI
 * preview1.
 *
 * args_get / environ_get write an array of u32 pointers into a buffer of
 * NUL-terminated strings (sizes from *_sizes_get).  witx `clockid`:
 * realtime, monotonic, process and thread CPU time, in nanoseconds.
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "kw.h"

/* An instance made without WASI state has no arguments or variables. */
static struct KilnWasi *state(KilnVmctx *vm)
{
    static struct KilnWasi none;
    struct KilnWasi *w = kw_state(vm);
    return w ? w : &none;
}

static int32_t sizes(KilnVmctx *vm, char **v, uint32_t n, uint32_t count_out,
                     uint32_t size_out)
{
    uint64_t size = 0;
    for (uint32_t i = 0; i < n; i++)
        size += strlen(v[i]) + 1;
    if (size > UINT32_MAX)
        return KW_EOVERFLOW;
    if (!kw_mem(vm, count_out, 4) || !kw_mem(vm, size_out, 4))
        return KW_EFAULT;
    kw_put32(vm, count_out, n);
    return kw_put32(vm, size_out, (uint32_t)size);
}

static int32_t strings(KilnVmctx *vm, char **v, uint32_t n, uint32_t ptrs,
                       uint32_t buf)
{
    uint8_t *pv = kw_mem(vm, ptrs, (uint64_t)n * 4);
    if (!pv)
        return KW_EFAULT;
    uint32_t at = buf;
    for (uint32_t i = 0; i < n; i++) {
        size_t len = strlen(v[i]) + 1;
        uint8_t *dst = kw_mem(vm, at, len);
        if (!dst)
            return KW_EFAULT;
        memcpy(dst, v[i], len);
        kw_st32(pv + 4 * i, at);
        at += (uint32_t)len;
    }
    return 0;
}

int32_t kiln_wasi_p1_args_sizes_get(KilnVmctx *vm, int32_t argc_out,
                                    int32_t size_out)
{
    struct KilnWasi *w = state(vm);
    return sizes(vm, w->args, w->nargs, (uint32_t)argc_out,
                 (uint32_t)size_out);
}

int32_t kiln_wasi_p1_args_get(KilnVmctx *vm, int32_t argv, int32_t buf)
{
    struct KilnWasi *w = state(vm);
    return strings(vm, w->args, w->nargs, (uint32_t)argv, (uint32_t)buf);
}

int32_t kiln_wasi_p1_environ_sizes_get(KilnVmctx *vm, int32_t count_out,
                                       int32_t size_out)
{
    struct KilnWasi *w = state(vm);
    return sizes(vm, w->env, w->nenv, (uint32_t)count_out,
                 (uint32_t)size_out);
}

int32_t kiln_wasi_p1_environ_get(KilnVmctx *vm, int32_t env, int32_t buf)
{
    struct KilnWasi *w = state(vm);
    return strings(vm, w->env, w->nenv, (uint32_t)env, (uint32_t)buf);
}

static bool host_clock(int32_t id, clockid_t *out)
{
    static const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                    CLOCK_PROCESS_CPUTIME_ID,
                                    CLOCK_THREAD_CPUTIME_ID};
    if (id < 0 || id > 3)
        return false;
    *out = ids[id];
    return true;
}

int32_t kiln_wasi_p1_clock_res_get(KilnVmctx *vm, int32_t id, int32_t out)
{
    clockid_t c;
    struct timespec ts;
    if (!host_clock(id, &c))
        return KW_EINVAL;
    if (clock_getres(c, &ts) != 0)
        return kw_err();
    return kw_put64(vm, (uint32_t)out,
                    (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

int32_t kiln_wasi_p1_clock_time_get(KilnVmctx *vm, int32_t id,
                                    int64_t precision, int32_t out)
{
    clockid_t c;
    struct timespec ts;
    if (!host_clock(id, &c))
        return KW_EINVAL;
    if (clock_gettime(c, &ts) != 0)
        return kw_err();
    return kw_put64(vm, (uint32_t)out,
                    (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

int32_t kiln_wasi_p1_random_get(KilnVmctx *vm, int32_t buf, int32_t len)
{
    uint8_t *p = kw_mem(vm, (uint32_t)buf, (uint32_t)len);
    if (!p)
        return KW_EFAULT;
    size_t done = 0, n = (uint32_t)len;
    while (done < n) {
        ssize_t got = getrandom(p + done, n - done, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return kw_err();
        }
        done += (size_t)got;
    }
    return 0;
}

void kiln_wasi_p1_proc_exit(KilnVmctx *vm, int32_t status)
{
    kiln_rt_exit(status);
}

/* Raising signals in the host process is not offered to guests. */
int32_t kiln_wasi_p1_proc_raise(KilnVmctx *vm, int32_t sig)
{
    return KW_ENOTSUP;
}

int32_t kiln_wasi_p1_sched_yield(KilnVmctx *vm)
{
    sched_yield();
    return 0;
}
