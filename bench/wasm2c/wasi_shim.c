/* A minimal WASI preview 1 (wasi_snapshot_preview1) host for wabt 1.0.32's
 * wasm2c output, which has none: enough for the benchmark kernels (args,
 * environment sizes, clocks, fd_write to stdout/stderr, proc_exit, and
 * "not supported" answers for the rest libc asks at start-up).  The kernel's
 * module is generated with `wasm2c -n kmod`, hence the Z_kmod names. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kmod.h"

enum { WASI_ESUCCESS = 0, WASI_EBADF = 8, WASI_EINVAL = 28, WASI_ENOSYS = 52 };

struct Z_wasi_snapshot_preview1_instance_t {
    wasm_rt_memory_t *mem;
    int argc;
    char **argv;
};

typedef struct Z_wasi_snapshot_preview1_instance_t Wasi;

/* Guest memory access, bounds checked: a bad pointer from the guest is a
 * guest bug, reported as EINVAL rather than a host crash. */
static int in_bounds(Wasi *w, u64 ptr, u64 len)
{
    return ptr + len <= w->mem->size;
}

static void put32(Wasi *w, u32 ptr, u32 v)
{
    memcpy(w->mem->data + ptr, &v, 4);
}

static void put64(Wasi *w, u32 ptr, u64 v)
{
    memcpy(w->mem->data + ptr, &v, 8);
}

static u32 get32(Wasi *w, u32 ptr)
{
    u32 v;
    memcpy(&v, w->mem->data + ptr, 4);
    return v;
}

u32 Z_wasi_snapshot_preview1Z_args_sizes_get(Wasi *w, u32 argc_ptr, u32 size_ptr)
{
    if (!in_bounds(w, argc_ptr, 4) || !in_bounds(w, size_ptr, 4))
        return WASI_EINVAL;
    u32 size = 0;
    for (int i = 0; i < w->argc; i++)
        size += (u32)strlen(w->argv[i]) + 1;
    put32(w, argc_ptr, (u32)w->argc);
    put32(w, size_ptr, size);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_args_get(Wasi *w, u32 argv_ptr, u32 buf_ptr)
{
    for (int i = 0; i < w->argc; i++) {
        u32 n = (u32)strlen(w->argv[i]) + 1;
        if (!in_bounds(w, argv_ptr + 4u * (u32)i, 4) || !in_bounds(w, buf_ptr, n))
            return WASI_EINVAL;
        put32(w, argv_ptr + 4u * (u32)i, buf_ptr);
        memcpy(w->mem->data + buf_ptr, w->argv[i], n);
        buf_ptr += n;
    }
    return WASI_ESUCCESS;
}

/* The guest sees an empty environment. */
u32 Z_wasi_snapshot_preview1Z_environ_sizes_get(Wasi *w, u32 count_ptr, u32 size_ptr)
{
    if (!in_bounds(w, count_ptr, 4) || !in_bounds(w, size_ptr, 4))
        return WASI_EINVAL;
    put32(w, count_ptr, 0);
    put32(w, size_ptr, 0);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_environ_get(Wasi *w, u32 env_ptr, u32 buf_ptr)
{
    (void)w; (void)env_ptr; (void)buf_ptr;
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_clock_time_get(Wasi *w, u32 id, u64 precision, u32 out_ptr)
{
    (void)precision;
    struct timespec ts;
    clockid_t cid = id == 0 ? CLOCK_REALTIME : id == 1 ? CLOCK_MONOTONIC
                  : id == 2 ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID;
    if (id > 3)
        return WASI_EINVAL;
    if (!in_bounds(w, out_ptr, 8) || clock_gettime(cid, &ts) != 0)
        return WASI_EINVAL;
    put64(w, out_ptr, (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_write(Wasi *w, u32 fd, u32 iovs, u32 iovs_len, u32 nwritten_ptr)
{
    if (fd != 1 && fd != 2)
        return WASI_EBADF;
    if (!in_bounds(w, iovs, 8ull * iovs_len) || !in_bounds(w, nwritten_ptr, 4))
        return WASI_EINVAL;
    u32 total = 0;
    for (u32 i = 0; i < iovs_len; i++) {
        u32 buf = get32(w, iovs + 8 * i), len = get32(w, iovs + 8 * i + 4);
        if (!in_bounds(w, buf, len))
            return WASI_EINVAL;
        const u8 *p = w->mem->data + buf;
        while (len > 0) {
            ssize_t n = write((int)fd, p, len);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return WASI_EBADF;
            }
            p += n; len -= (u32)n; total += (u32)n;
        }
    }
    put32(w, nwritten_ptr, total);
    return WASI_ESUCCESS;
}

/* fdstat: stdin/stdout/stderr are character devices with no rights limits;
 * libc only asks to decide on line buffering. */
u32 Z_wasi_snapshot_preview1Z_fd_fdstat_get(Wasi *w, u32 fd, u32 out_ptr)
{
    if (fd > 2)
        return WASI_EBADF;
    if (!in_bounds(w, out_ptr, 24))
        return WASI_EINVAL;
    memset(w->mem->data + out_ptr, 0, 24);
    w->mem->data[out_ptr] = 2; /* filetype character_device */
    put64(w, out_ptr + 8, ~0ull);
    put64(w, out_ptr + 16, ~0ull);
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_seek(Wasi *w, u32 fd, u64 off, u32 whence, u32 out_ptr)
{
    (void)w; (void)off; (void)whence; (void)out_ptr;
    return fd <= 2 ? 70 /* ESPIPE */ : WASI_EBADF;
}

u32 Z_wasi_snapshot_preview1Z_fd_close(Wasi *w, u32 fd)
{
    (void)w; (void)fd;
    return WASI_ESUCCESS;
}

u32 Z_wasi_snapshot_preview1Z_fd_prestat_get(Wasi *w, u32 fd, u32 out_ptr)
{
    (void)w; (void)fd; (void)out_ptr;
    return WASI_EBADF; /* no preopened directories */
}

u32 Z_wasi_snapshot_preview1Z_fd_prestat_dir_name(Wasi *w, u32 fd, u32 path, u32 len)
{
    (void)w; (void)fd; (void)path; (void)len;
    return WASI_EBADF;
}

void Z_wasi_snapshot_preview1Z_proc_exit(Wasi *w, u32 code)
{
    (void)w;
    fflush(stdout);
    _exit((int)code);
}

int main(int argc, char **argv)
{
    static Z_kmod_instance_t inst;
    Wasi wasi = {&inst.w2c_memory, argc, argv};
    wasm_rt_init();
    Z_kmod_init_module();
    Z_kmod_instantiate(&inst, &wasi);
    Z_kmodZ__start(&inst);
    Z_kmod_free(&inst);
    wasm_rt_free();
    return 0;
}
