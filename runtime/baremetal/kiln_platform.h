/* kiln_platform.h: the hooks a bare-metal program built by kiln calls
 * (the `embedded` profile, DESIGN.md "Profiles").  Every hook is a weak
 * symbol of the embedded runtime archive: the defaults use ARM
 * semihosting (a debugger or `qemu-system-arm -semihosting`); a firmware
 * for a real board overrides them by defining a function of the same name
 * (e.g. kiln_platform_write sending bytes to a UART).
 */
#ifndef KILN_PLATFORM_H
#define KILN_PLATFORM_H

#include <stddef.h>
#include <stdint.h>

/* Writes len bytes of stdout (fd 1) or stderr (fd 2); returns the number
 * written or -1.  Default: semihosting SYS_WRITE to ":tt". */
long kiln_platform_write(int fd, const void *buf, size_t len);

/* Ends the program with `status` (0 success).  Default: semihosting
 * SYS_EXIT_EXTENDED, so QEMU exits with the status; then a breakpoint
 * loop.  Must not return. */
_Noreturn void kiln_platform_exit(int status);

/* Nanoseconds of a monotonic clock.  Default: semihosting SYS_CLOCK
 * (centiseconds since start). */
uint64_t kiln_platform_monotonic_ns(void);

/* Nanoseconds since 1970-01-01 UTC.  Default: semihosting SYS_TIME
 * (seconds). */
uint64_t kiln_platform_wall_ns(void);

/* Fills buf with len random bytes; 0 on success.  The default is a
 * xorshift generator seeded from the clocks: NOT cryptographically
 * secure; real boards should override it with their TRNG. */
int kiln_platform_random(void *buf, size_t len);

#endif
