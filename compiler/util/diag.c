/* Diagnostic printing: see diag.h for the formats. */
#include "util/diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(Diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

static void remember(Diag *d, uint64_t offset, const char *fmt, va_list ap)
{
    if (d->errors++ == 0) {
        vsnprintf(d->first, sizeof d->first, fmt, ap);
        d->first_offset = offset;
    }
}

void diag_at(Diag *d, const char *file, uint64_t offset, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    remember(d, offset, fmt, ap);
    va_end(ap);
    if (!d->out)
        return;
    fprintf(d->out, "%s:0x%llx: error: ", file ? file : "<input>",
            (unsigned long long)offset);
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    fputc('\n', d->out);
}

void diag_error(Diag *d, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    remember(d, 0, fmt, ap);
    va_end(ap);
    if (!d->out)
        return;
    if (file)
        fprintf(d->out, "%s: ", file);
    fputs("error: ", d->out);
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    fputc('\n', d->out);
}

void diag_at_line(Diag *d, const char *file, unsigned line, unsigned col,
                  const char *source_line, size_t source_len,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    remember(d, line, fmt, ap);
    va_end(ap);
    if (!d->out)
        return;
    fprintf(d->out, "%s:%u:%u: error: ", file, line, col);
    va_start(ap, fmt);
    vfprintf(d->out, fmt, ap);
    va_end(ap);
    fputc('\n', d->out);
    if (source_line) {
        fprintf(d->out, "  %.*s\n  ", (int)source_len, source_line);
        for (unsigned i = 1; i < col; i++)
            fputc(i - 1 < source_len && source_line[i - 1] == '\t' ? '\t' : ' ',
                  d->out);
        fputs("^\n", d->out);
    }
}

void kiln_oom(void)
{
    fputs("kiln: out of memory\n", stderr);
    exit(1);
}

void kiln_bug(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "kiln: internal error at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
