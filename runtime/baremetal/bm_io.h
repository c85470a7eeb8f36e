/* bm_io.h: messages of the embedded profile (DESIGN.md "Profiles")
 * without newlib's stdio: the runtime's error and trap lines go straight
 * to the kiln_platform_write hook, and runtime/cross/build_rt.py renames
 * snprintf and vsnprintf to the small formatter below in every embedded
 * runtime source (conversions %s %.*s %c %d %u %x %p with the l, ll and z
 * length modifiers: all the runtime's messages use).  Firmware code keeps
 * newlib's printf.
 */
#ifndef KILN_BM_IO_H
#define KILN_BM_IO_H

#include <stdarg.h>
#include <stddef.h>

/* Writes the NUL-terminated strings of the NULL-terminated list to fd. */
void kiln_bm_puts(int fd, const char *s, ...);

/* C11 7.21.6.12 vsnprintf for the conversions above. */
int kiln_bm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap);
int kiln_bm_snprintf(char *buf, size_t cap, const char *fmt, ...);

#endif
