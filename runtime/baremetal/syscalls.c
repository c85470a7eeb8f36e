/* syscalls.c: the newlib system-call layer (newlib's "Syscalls" chapter:
 * _write, _read, _close, _lseek, _fstat, _isatty, _sbrk, _exit, _kill,
 * _getpid, _gettimeofday, _open) over the platform hooks, so that the
 * runtime's stdio (trap messages, fflush) reaches kiln_platform_write.
 * There is no file system: opening files fails with ENOENT.
 */
#include "kiln_platform.h"

#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>

extern char __kiln_heap_start[], __kiln_heap_end[];

int _write(int fd, const void *buf, size_t len)
{
    long n = kiln_platform_write(fd, buf, len);
    if (n < 0) {
        errno = EBADF;
        return -1;
    }
    return (int)n;
}

int _read(int fd, void *buf, size_t len)
{
    if (fd == 0)
        return 0; /* stdin is empty */
    errno = EBADF;
    return -1;
}

int _open(const char *path, int flags, int mode)
{
    errno = ENOENT;
    return -1;
}

int _close(int fd)
{
    return fd >= 0 && fd <= 2 ? 0 : (errno = EBADF, -1);
}

long _lseek(int fd, long off, int whence)
{
    errno = ESPIPE;
    return -1;
}

int _fstat(int fd, struct stat *st)
{
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd)
{
    return fd >= 0 && fd <= 2;
}

void *_sbrk(ptrdiff_t incr)
{
    static char *brk = __kiln_heap_start;
    if (incr > __kiln_heap_end - brk || incr < __kiln_heap_start - brk) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = brk;
    brk += incr;
    return old;
}

_Noreturn void _exit(int status)
{
    kiln_platform_exit(status);
}

int _kill(int pid, int sig)
{
    /* abort(): the conventional status of SIGABRT */
    kiln_platform_exit(128 + sig);
}

int _getpid(void)
{
    return 1;
}

int _gettimeofday(struct timeval *tv, void *tz)
{
    uint64_t ns = kiln_platform_wall_ns();
    tv->tv_sec = (time_t)(ns / 1000000000u);
    tv->tv_usec = (suseconds_t)(ns % 1000000000u / 1000u);
    return 0;
}
