/* WASI preview 1 inside the module, for interpreters without WASI (Debian's
 * wabt 1.0.32 wasm-interp is built without it).  Linked into a kernel with
 * -nostartfiles, it defines the __wasi_* calls wasi-libc makes, so the
 * module imports nothing: stdout and stderr are hashed (FNV-1a, 32-bit)
 * instead of written, and the one export `bench_main` runs the kernel's
 * main with argv[1] = BENCH_SCALE (when defined) and returns the hash of
 * its output, which `wasm-interp --run-all-exports` prints.  bench/run.py
 * compares it with the hash of native clang's output. */
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>

extern void __wasm_call_ctors(void);
int main(int argc, char **argv);

static uint32_t hash = 2166136261u;

__wasi_errno_t __wasi_fd_write(__wasi_fd_t fd, const __wasi_ciovec_t *iovs, size_t iovs_len, __wasi_size_t *nwritten)
{
    if (fd != 1 && fd != 2)
        return __WASI_ERRNO_BADF;
    size_t total = 0;
    for (size_t i = 0; i < iovs_len; i++) {
        if (fd == 1)
            for (size_t k = 0; k < iovs[i].buf_len; k++)
                hash = (hash ^ iovs[i].buf[k]) * 16777619u;
        total += iovs[i].buf_len;
    }
    *nwritten = (__wasi_size_t)total;
    return 0;
}

__wasi_errno_t __wasi_fd_fdstat_get(__wasi_fd_t fd, __wasi_fdstat_t *st)
{
    if (fd > 2)
        return __WASI_ERRNO_BADF;
    memset(st, 0, sizeof *st);
    st->fs_filetype = __WASI_FILETYPE_CHARACTER_DEVICE;
    st->fs_rights_base = st->fs_rights_inheriting = ~0ull;
    return 0;
}

__wasi_errno_t __wasi_fd_seek(__wasi_fd_t fd, __wasi_filedelta_t off, __wasi_whence_t whence, __wasi_filesize_t *out)
{
    (void)fd; (void)off; (void)whence; (void)out;
    return __WASI_ERRNO_SPIPE;
}

__wasi_errno_t __wasi_fd_close(__wasi_fd_t fd)
{
    (void)fd;
    return 0;
}

/* Kernels return from main; exit() would end up here and traps (the run
 * then fails, as it should: no hash is printed). */
_Noreturn void __wasi_proc_exit(__wasi_exitcode_t code)
{
    (void)code;
    __builtin_trap();
}

__attribute__((export_name("bench_main"))) uint32_t bench_main(void)
{
#ifdef BENCH_SCALE
    char *argv[] = {"kernel", BENCH_SCALE, NULL};
#else
    char *argv[] = {"kernel", NULL};
#endif
    __wasm_call_ctors();
    int code = main(sizeof argv / sizeof argv[0] - 1, argv);
    fflush(stdout);
    return code == 0 ? hash : 0;
}
