/* semihost.c: ARM semihosting (Arm "Semihosting for AArch32 and AArch64",
 * version 2.0: operations SYS_OPEN 0x01, SYS_WRITE 0x05, SYS_CLOCK 0x10,
 * SYS_TIME 0x11, SYS_EXIT 0x18, SYS_EXIT_EXTENDED 0x20; on M-profile the
 * trap instruction is `bkpt 0xab`, operation in r0, argument block in r1)
 * and the weak default platform hooks of kiln_platform.h built on it.
 */
#include "kiln_platform.h"

#include <string.h>

enum {
    SYS_OPEN = 0x01,
    SYS_WRITE = 0x05,
    SYS_CLOCK = 0x10,
    SYS_TIME = 0x11,
    SYS_EXIT = 0x18,
    SYS_EXIT_EXTENDED = 0x20,
    ADP_STOPPED_APPLICATION_EXIT = 0x20026,
};

static long semihost(long op, void *arg)
{
    register long r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* ":tt" opened for writing is the debugger's stdout; in append mode its
 * stderr (semihosting spec, SYS_OPEN). */
static long tt_handle(int fd)
{
    static long handles[3] = {-1, -1, -1};
    if (handles[fd] < 0) {
        long block[3] = {(long)":tt", fd == 2 ? 8 : 4, 3};
        handles[fd] = semihost(SYS_OPEN, block);
    }
    return handles[fd];
}

__attribute__((weak)) long kiln_platform_write(int fd, const void *buf,
                                               size_t len)
{
    if (fd != 1 && fd != 2)
        return -1;
    long h = tt_handle(fd);
    if (h < 0)
        return -1;
    long block[3] = {h, (long)buf, (long)len};
    /* SYS_WRITE returns the number of bytes NOT written */
    long left = semihost(SYS_WRITE, block);
    return left < 0 ? -1 : (long)len - left;
}

__attribute__((weak)) _Noreturn void kiln_platform_exit(int status)
{
    long block[2] = {ADP_STOPPED_APPLICATION_EXIT, status};
    semihost(SYS_EXIT_EXTENDED, block);
    /* a debugger without the extension: plain SYS_EXIT (status lost) */
    semihost(SYS_EXIT, (void *)(long)ADP_STOPPED_APPLICATION_EXIT);
    for (;;)
        __asm__ volatile("bkpt 0");
}

__attribute__((weak)) uint64_t kiln_platform_monotonic_ns(void)
{
    long cs = semihost(SYS_CLOCK, NULL);
    return cs < 0 ? 0 : (uint64_t)cs * 10000000u;
}

__attribute__((weak)) uint64_t kiln_platform_wall_ns(void)
{
    long s = semihost(SYS_TIME, NULL);
    return s < 0 ? 0 : (uint64_t)(unsigned long)s * 1000000000u;
}

__attribute__((weak)) int kiln_platform_random(void *buf, size_t len)
{
    static uint64_t x;
    if (!x)
        x = (kiln_platform_wall_ns() ^ 0x9e3779b97f4a7c15u) | 1;
    uint8_t *p = buf;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        p[i] = (uint8_t)(x >> 32);
    }
    return 0;
}
