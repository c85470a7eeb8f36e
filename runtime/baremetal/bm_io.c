/* bm_io.c: the embedded profile's formatter and message writer (bm_io.h):
 * a subset of C11 7.21.6.1 fprintf conversions, enough for the runtime's
 * own messages, in a few hundred bytes instead of newlib's stdio.
 */
#include "bm_io.h"
#include "kiln_platform.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

void kiln_bm_puts(int fd, const char *s, ...)
{
    va_list ap;
    va_start(ap, s);
    for (; s; s = va_arg(ap, const char *))
        kiln_platform_write(fd, s, strlen(s));
    va_end(ap);
}

typedef struct Out {
    char *buf;
    size_t cap, len;
} Out;

static void put(Out *o, char c)
{
    if (o->len + 1 < o->cap)
        o->buf[o->len] = c;
    o->len++;
}

static void put_num(Out *o, unsigned long long v, unsigned base, bool neg)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        put(o, '-');
    while (n)
        put(o, tmp[--n]);
}

int kiln_bm_vsnprintf(char *buf, size_t cap, const char *fmt, va_list ap)
{
    Out o = {buf, cap, 0};
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            put(&o, *p);
            continue;
        }
        int prec = -1, lng = 0;
        if (p[1] == '.' && p[2] == '*') {
            prec = va_arg(ap, int);
            p += 2;
        }
        for (; p[1] == 'l' || p[1] == 'z'; p++)
            lng += p[1] == 'z' ? (sizeof(size_t) > sizeof(int)) : 1;
        char c = *++p;
        if (c == 's') {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            for (int i = 0; s[i] && (prec < 0 || i < prec); i++)
                put(&o, s[i]);
        } else if (c == 'c') {
            put(&o, (char)va_arg(ap, int));
        } else if (c == 'd' || c == 'i') {
            long long v = lng >= 2 ? va_arg(ap, long long)
                          : lng ? va_arg(ap, long) : va_arg(ap, int);
            put_num(&o, v < 0 ? 0ull - (unsigned long long)v
                              : (unsigned long long)v, 10, v < 0);
        } else if (c == 'u' || c == 'x') {
            unsigned long long v = lng >= 2 ? va_arg(ap, unsigned long long)
                                   : lng ? va_arg(ap, unsigned long)
                                         : va_arg(ap, unsigned);
            put_num(&o, v, c == 'x' ? 16 : 10, false);
        } else if (c == 'p') {
            put(&o, '0');
            put(&o, 'x');
            put_num(&o, (uintptr_t)va_arg(ap, void *), 16, false);
        } else if (c == '%') {
            put(&o, '%');
        } else { /* not a conversion the runtime uses: shown as is */
            put(&o, '%');
            if (!c)
                break;
            put(&o, c);
        }
    }
    if (cap)
        buf[o.len < cap ? o.len : cap - 1] = '\0';
    return (int)o.len;
}

int kiln_bm_snprintf(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = kiln_bm_vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
    return n;
}
