/* The WAVE printer (wasm-tools crates/wasm-wave/README.md): what
 * wasm-wave's writer writes for a value: options and results in explicit
 * form, records without their `none` fields, keywords as labels with
 * `%`, floats as the shortest decimal that reads back exactly, and
 * control and other unprintable characters as \u{..}; handles in kiln's
 * `#N` notation. */
#include "driver/wave.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "driver/invoke.h"

/* Characters written as \u{..} although not control characters, as
 * wasm-wave's writer does for what Rust does not call printable: the
 * Unicode space separators but U+0020, line and paragraph separators,
 * format characters, private use, noncharacters, and the common
 * combining (grapheme-extending) blocks.  A table of ranges, not all of
 * Unicode: unassigned code points print as themselves. */
static const uint32_t unprintable[][2] = {
    {0x00a0, 0x00a0}, {0x00ad, 0x00ad}, {0x0300, 0x036f},
    {0x0483, 0x0489}, {0x0600, 0x0605}, {0x061c, 0x061c},
    {0x06dd, 0x06dd}, {0x070f, 0x070f}, {0x1680, 0x1680},
    {0x180e, 0x180e}, {0x1ab0, 0x1aff}, {0x1dc0, 0x1dff},
    {0x2000, 0x200f}, {0x2028, 0x202f}, {0x205f, 0x2064},
    {0x2066, 0x206f}, {0x20d0, 0x20ff}, {0x3000, 0x3000},
    {0xd800, 0xf8ff}, {0xfdd0, 0xfdef}, {0xfe00, 0xfe0f},
    {0xfe20, 0xfe2f}, {0xfeff, 0xfeff}, {0xfff9, 0xfffb},
    {0xfffe, 0xffff}, {0x110bd, 0x110bd}, {0x1bca0, 0x1bca3},
    {0x1d173, 0x1d17a}, {0xe0001, 0xe0001}, {0xe0020, 0xe007f},
    {0xe0100, 0xe01ef}, {0xf0000, 0x10ffff},
};

static bool is_unprintable(uint32_t c)
{
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
        return true;
    if ((c & 0xfffe) == 0xfffe) /* noncharacters of every plane */
        return true;
    for (size_t i = 0; i < sizeof unprintable / sizeof *unprintable; i++)
        if (c >= unprintable[i][0] && c <= unprintable[i][1])
            return true;
    return false;
}

static void print_char(FILE *out, uint32_t c)
{
    switch (c) {
    case '\\': fputs("\\\\", out); return;
    case '"': fputs("\\\"", out); return;
    case '\'': fputs("\\'", out); return;
    case '\t': fputs("\\t", out); return;
    case '\n': fputs("\\n", out); return;
    case '\r': fputs("\\r", out); return;
    default: break;
    }
    if (is_unprintable(c)) {
        fprintf(out, "\\u{%" PRIx32 "}", c);
        return;
    }
    unsigned char o[4];
    fwrite(o, 1, wave_utf8_encode(c, o), out);
}

/* The scalar value of the UTF-8 sequence at s (valid UTF-8). */
static uint32_t utf8_next(const unsigned char **s, const unsigned char *end)
{
    uint32_t c = *(*s)++;
    int n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;
    if (n)
        c &= 0x3fu >> n;
    while (n-- > 0 && *s < end)
        c = (c << 6) | (*(*s)++ & 0x3f);
    return c;
}

static void print_float(FILE *out, const WaveVal *v)
{
    KilnValue kv;
    memset(&kv, 0, sizeof kv);
    char buf[KILN_VALUE_TEXT_MAX];
    bool wide = v->type->kind == WIT_F64;
    if (wide)
        kv.f64 = v->f64;
    else
        kv.f32 = v->f32;
    if (wide ? v->f64 != v->f64 : v->f32 != v->f32) {
        fputs("nan", out);
        return;
    }
    fputs(kiln_value_format(wide ? 'd' : 'f', &kv, buf, sizeof buf), out);
}

static void print_label(FILE *out, const char *s, bool escape_keywords)
{
    if (escape_keywords && wave_is_keyword(s, strlen(s)))
        fputc('%', out);
    fputs(s, out);
}

static void print_payload(FILE *out, const WaveVal *pv)
{
    if (!pv)
        return;
    fputc('(', out);
    wave_print(out, pv);
    fputc(')', out);
}

static void print_seq(FILE *out, const WaveVal *v, char open, char close)
{
    fputc(open, out);
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            fputs(", ", out);
        wave_print(out, &v->elems[i]);
    }
    fputc(close, out);
}

static void print_record(FILE *out, const WaveVal *v)
{
    fputc('{', out);
    bool first = true;
    for (size_t i = 0; i < v->len; i++) {
        const WaveVal *f = &v->elems[i];
        if (f->type->kind == WIT_OPTION && f->tag == 0)
            continue;
        if (!first)
            fputs(", ", out);
        first = false;
        fprintf(out, "%s: ", v->type->fields[i].name);
        wave_print(out, f);
    }
    if (first)
        fputc(':', out);
    fputc('}', out);
}

static void print_flags(FILE *out, const WaveVal *v)
{
    fputc('{', out);
    bool first = true;
    for (size_t i = 0; i < v->type->ncases && i < 32; i++) {
        if (!(v->flags & (1u << i)))
            continue;
        if (!first)
            fputs(", ", out);
        first = false;
        fputs(v->type->cases[i].name, out);
    }
    fputc('}', out);
}

void wave_print(FILE *out, const WaveVal *v)
{
    const WitType *t = v->type;
    switch (t->kind) {
    case WIT_BOOL: fputs(v->b ? "true" : "false", out); return;
    case WIT_S8: case WIT_S16: case WIT_S32: case WIT_S64:
        fprintf(out, "%" PRId64, v->s);
        return;
    case WIT_U8: case WIT_U16: case WIT_U32: case WIT_U64:
        fprintf(out, "%" PRIu64, v->u);
        return;
    case WIT_F32: case WIT_F64: print_float(out, v); return;
    case WIT_CHAR:
        fputc('\'', out);
        print_char(out, v->ch);
        fputc('\'', out);
        return;
    case WIT_STRING: {
        const unsigned char *s = (const unsigned char *)v->str;
        const unsigned char *end = s + v->len;
        fputc('"', out);
        while (s < end)
            print_char(out, utf8_next(&s, end));
        fputc('"', out);
        return;
    }
    case WIT_LIST: print_seq(out, v, '[', ']'); return;
    case WIT_TUPLE: print_seq(out, v, '(', ')'); return;
    case WIT_RECORD: print_record(out, v); return;
    case WIT_VARIANT:
        print_label(out, t->cases[v->tag].name, true);
        print_payload(out, v->payload);
        return;
    case WIT_ENUM: print_label(out, t->cases[v->tag].name, true); return;
    case WIT_OPTION:
        fputs(v->tag ? "some" : "none", out);
        print_payload(out, v->tag ? v->payload : NULL);
        return;
    case WIT_RESULT:
        fputs(v->tag ? "err" : "ok", out);
        print_payload(out, v->payload);
        return;
    case WIT_FLAGS: print_flags(out, v); return;
    case WIT_RESOURCE: case WIT_BORROW:
        fprintf(out, "#%" PRIu32, v->handle);
        return;
    default:
        fprintf(out, "<%s>", wit_type_kind_name(t->kind));
    }
}

char *wave_to_string(Arena *a, const WaveVal *v)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        kiln_oom();
    wave_print(m, v);
    fclose(m);
    char *s = arena_strndup(a, buf, len);
    free(buf);
    return s;
}
