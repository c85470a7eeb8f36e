/* The WAVE parser (wasm-tools crates/wasm-wave/README.md) over WIT types,
 * driven by the expected type (so `{` is a record or flags, a bare word
 * an enum case or a flat option payload, as the type says).  Parse
 * errors longjmp to the entry point with a message naming the column.
 * The printer is wave_print.c. */
#include "driver/wave.h"

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct Wp {
    Arena *a;
    const char *s;
    size_t pos, len;
    char *err;
    size_t errlen;
    jmp_buf fail;
} Wp;

/* ---- errors -------------------------------------------------------------- */

/* "at column C" (characters, 1-based), with the line when text spans
 * several. */
static void where(const Wp *p, size_t at, char *buf, size_t len)
{
    unsigned line = 1, col = 1;
    bool multi = memchr(p->s, '\n', p->len) != NULL;
    for (size_t i = 0; i < at && i < p->len; i++) {
        if (p->s[i] == '\n') {
            line++;
            col = 1;
        } else if (((unsigned char)p->s[i] & 0xc0) != 0x80) {
            col++;
        }
    }
    if (multi)
        snprintf(buf, len, "at line %u, column %u", line, col);
    else
        snprintf(buf, len, "at column %u", col);
}

static _Noreturn void wp_fail(Wp *p, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static _Noreturn void wp_fail(Wp *p, size_t at, const char *fmt, ...)
{
    char msg[WAVE_ERR_MAX], loc[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    where(p, at, loc, sizeof loc);
    if (p->err && p->errlen)
        snprintf(p->err, p->errlen, "%s %s", msg, loc);
    longjmp(p->fail, 1);
}

/* ---- tokens -------------------------------------------------------------- */

static int peek(const Wp *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

/* Whitespace and `//` comments between tokens. */
static void skip_ws(Wp *p)
{
    while (p->pos < p->len) {
        char c = p->s[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            p->pos++;
        } else if (c == '/' && p->pos + 1 < p->len && p->s[p->pos + 1] == '/') {
            while (p->pos < p->len && p->s[p->pos] != '\n')
                p->pos++;
        } else {
            break;
        }
    }
}

static bool accept(Wp *p, char c)
{
    skip_ws(p);
    if (peek(p) != (unsigned char)c)
        return false;
    p->pos++;
    return true;
}

static void expect(Wp *p, char c)
{
    if (!accept(p, c))
        wp_fail(p, p->pos, "expected `%c`", c);
}

static bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* A label or keyword: [%]word(-word)*, words of letters and digits
 * starting with a letter.  *explicit says whether `%` was written. */
typedef struct Word {
    const char *s;
    size_t len, at;
    bool explicit;
} Word;

static bool read_word(Wp *p, Word *w)
{
    skip_ws(p);
    size_t at = p->pos;
    w->at = at;
    w->explicit = peek(p) == '%';
    if (w->explicit)
        p->pos++;
    if (!is_alpha(peek(p))) {
        p->pos = at;
        return false;
    }
    w->s = p->s + p->pos;
    while (is_alpha(peek(p)) || is_digit(peek(p)) ||
           (peek(p) == '-' && p->pos + 1 < p->len &&
            is_alpha((unsigned char)p->s[p->pos + 1])))
        p->pos++;
    w->len = (size_t)(p->s + p->pos - w->s);
    return true;
}

static bool word_is(const Word *w, const char *kw)
{
    return !w->explicit && strlen(kw) == w->len && !strncmp(w->s, kw, w->len);
}

static const char *const keywords[] = {"true", "false", "inf", "nan",
                                       "some", "none", "ok", "err"};

bool wave_is_keyword(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strlen(keywords[i]) == len && !strncmp(keywords[i], s, len))
            return true;
    return false;
}

/* A keyword if the next word is one (consumed), else nothing consumed. */
static bool accept_keyword(Wp *p, const char *kw)
{
    size_t save = p->pos;
    Word w;
    if (read_word(p, &w) && word_is(&w, kw))
        return true;
    p->pos = save;
    return false;
}

/* The case of `t` the next label names (a `%` is needed for keywords). */
static uint32_t read_case(Wp *p, const WitType *t, const char *what)
{
    Word w;
    if (!read_word(p, &w))
        wp_fail(p, p->pos, "expected %s case", what);
    if (!w.explicit && wave_is_keyword(w.s, w.len))
        wp_fail(p, w.at, "`%.*s` is a keyword: write the case as `%%%.*s`",
                (int)w.len, w.s, (int)w.len, w.s);
    for (size_t i = 0; i < t->ncases; i++)
        if (strlen(t->cases[i].name) == w.len &&
            !strncmp(t->cases[i].name, w.s, w.len))
            return (uint32_t)i;
    wp_fail(p, w.at, "unknown %s case `%.*s`", what, (int)w.len, w.s);
}

/* ---- numbers ------------------------------------------------------------- */

/* [-]digits as sign and magnitude. */
static size_t read_integer(Wp *p, bool *neg, uint64_t *mag)
{
    skip_ws(p);
    size_t at = p->pos;
    *neg = accept(p, '-');
    if (!is_digit(peek(p)))
        wp_fail(p, at, "expected an integer");
    errno = 0;
    char *end;
    *mag = strtoull(p->s + p->pos, &end, 10);
    p->pos = (size_t)(end - p->s);
    if (errno == ERANGE)
        wp_fail(p, at, "integer out of range");
    if (is_alpha(peek(p)) || peek(p) == '.')
        wp_fail(p, at, "expected an integer");
    return at;
}

static void parse_int(Wp *p, WaveVal *v)
{
    static const uint64_t umax[] = {
        [WIT_U8] = UINT8_MAX, [WIT_U16] = UINT16_MAX,
        [WIT_U32] = UINT32_MAX, [WIT_U64] = UINT64_MAX,
        [WIT_S8] = INT8_MAX, [WIT_S16] = INT16_MAX,
        [WIT_S32] = INT32_MAX, [WIT_S64] = INT64_MAX,
    };
    WitTypeKind k = v->type->kind;
    bool neg;
    uint64_t mag;
    size_t at = read_integer(p, &neg, &mag);
    bool is_signed = k == WIT_S8 || k == WIT_S16 || k == WIT_S32 ||
                     k == WIT_S64;
    uint64_t lim = umax[k] + (neg && is_signed ? 1 : 0);
    if ((neg && !is_signed && mag) || mag > lim)
        wp_fail(p, at, "integer out of range for %s", wit_type_kind_name(k));
    if (is_signed)
        v->s = neg ? (int64_t)(0 - mag) : (int64_t)mag;
    else
        v->u = mag;
}

/* A JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static size_t json_number_len(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i >= n || !is_digit(s[i]))
        return 0;
    if (s[i] == '0')
        i++;
    else
        while (i < n && is_digit(s[i]))
            i++;
    if (i < n && s[i] == '.') {
        if (i + 1 >= n || !is_digit(s[i + 1]))
            return 0;
        for (i++; i < n && is_digit(s[i]); i++) {
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        if (j < n && (s[j] == '+' || s[j] == '-'))
            j++;
        if (j >= n || !is_digit(s[j]))
            return 0;
        for (i = j; i < n && is_digit(s[i]); i++) {
        }
    }
    return i;
}

static void parse_float(Wp *p, WaveVal *v)
{
    bool wide = v->type->kind == WIT_F64;
    skip_ws(p);
    size_t at = p->pos;
    double d;
    bool neg = peek(p) == '-';
    if (neg)
        p->pos++;
    Word w;
    if (read_word(p, &w) && (word_is(&w, "inf") || (!neg && word_is(&w, "nan")))) {
        d = word_is(&w, "nan") ? __builtin_nan("") : neg ? -__builtin_inf()
                                                          : __builtin_inf();
    } else {
        p->pos = at;
        size_t n = json_number_len(p->s + at, p->len - at);
        if (!n || is_alpha((unsigned char)p->s[at + n]) || p->s[at + n] == '.')
            wp_fail(p, at, "expected a number, `nan`, `inf` or `-inf`");
        char buf[128];
        if (n >= sizeof buf)
            wp_fail(p, at, "number too long");
        memcpy(buf, p->s + at, n);
        buf[n] = 0;
        p->pos = at + n;
        if (!wide) {
            v->f32 = strtof(buf, NULL);
            return;
        }
        d = strtod(buf, NULL);
    }
    if (wide)
        v->f64 = d;
    else
        v->f32 = (float)d;
}

/* ---- chars and strings ----------------------------------------------------- */

static int hex_val(int c)
{
    if (is_digit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool is_scalar(uint32_t c)
{
    return c < 0xd800 || (c > 0xdfff && c <= 0x10ffff);
}

/* One UTF-8 encoded scalar value at p->pos. */
static uint32_t read_utf8(Wp *p)
{
    size_t at = p->pos;
    const unsigned char *s = (const unsigned char *)p->s + at;
    size_t left = p->len - at;
    uint32_t c = s[0];
    size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
             : (c & 0xf8) == 0xf0 ? 4 : 0;
    if (!n || n > left)
        wp_fail(p, at, "invalid UTF-8");
    if (n > 1)
        c &= 0x3fu >> (n - 1);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            wp_fail(p, at, "invalid UTF-8");
        c = (c << 6) | (s[i] & 0x3f);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[n] || !is_scalar(c))
        wp_fail(p, at, "invalid UTF-8");
    p->pos += n;
    return c;
}

/* An escape after `\`: \' \" \\ \t \n \r \u{hex}. */
static uint32_t read_escape(Wp *p)
{
    size_t at = p->pos - 1;
    int c = peek(p);
    p->pos++;
    switch (c) {
    case '\'': return '\'';
    case '"': return '"';
    case '\\': return '\\';
    case 't': return '\t';
    case 'n': return '\n';
    case 'r': return '\r';
    case 'u': break;
    default: wp_fail(p, at, "unknown escape");
    }
    if (peek(p) != '{')
        wp_fail(p, at, "expected `{` after `\\u`");
    p->pos++;
    uint32_t v = 0;
    int digits = 0;
    while (hex_val(peek(p)) >= 0) {
        if (++digits > 6)
            wp_fail(p, at, "too many digits in `\\u{...}`");
        v = v * 16 + (uint32_t)hex_val(peek(p));
        p->pos++;
    }
    if (!digits || peek(p) != '}')
        wp_fail(p, at, "expected hex digits and `}` in `\\u{...}`");
    p->pos++;
    if (!is_scalar(v))
        wp_fail(p, at, "`\\u{%" PRIx32 "}` is not a Unicode scalar value", v);
    return v;
}

/* One char of a quoted char or string; `quote` must be escaped, and so
 * must a newline. */
static uint32_t read_char_in(Wp *p, char quote)
{
    int c = peek(p);
    if (c < 0)
        wp_fail(p, p->pos, "unterminated %s", quote == '"' ? "string" : "char");
    if (c == '\\') {
        p->pos++;
        return read_escape(p);
    }
    if (c == '\n' || c == '\r')
        wp_fail(p, p->pos, "a line break must be written `\\n` here");
    if (c == quote)
        wp_fail(p, p->pos, "`%c` must be escaped here", quote);
    return read_utf8(p);
}

size_t wave_utf8_encode(uint32_t c, unsigned char *o)
{
    if (c < 0x80) {
        o[0] = (unsigned char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (unsigned char)(0xc0 | (c >> 6));
        o[1] = (unsigned char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (unsigned char)(0xe0 | (c >> 12));
        o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
        o[2] = (unsigned char)(0x80 | (c & 0x3f));
        return 3;
    }
    o[0] = (unsigned char)(0xf0 | (c >> 18));
    o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
    o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
    o[3] = (unsigned char)(0x80 | (c & 0x3f));
    return 4;
}

/* A string being decoded, in the arena (a parse error longjmps past any
 * cleanup, so nothing is malloc'd). */
typedef struct Buf {
    Arena *a;
    char *s;
    size_t n, cap;
} Buf;

static void buf_put(Buf *b, uint32_t c)
{
    if (b->n + 5 > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 64;
        char *s = arena_alloc(b->a, cap);
        if (b->n)
            memcpy(s, b->s, b->n);
        b->s = s;
        b->cap = cap;
    }
    b->n += wave_utf8_encode(c, (unsigned char *)b->s + b->n);
}

static void parse_char(Wp *p, WaveVal *v)
{
    expect(p, '\'');
    if (peek(p) == '\'' && (p->pos + 1 >= p->len || p->s[p->pos + 1] != '\''))
        wp_fail(p, p->pos, "empty char");
    v->ch = read_char_in(p, '\'');
    if (peek(p) != '\'')
        wp_fail(p, p->pos, "expected `'` (a char holds one character)");
    p->pos++;
}

static bool at_triple_quote(const Wp *p, size_t i)
{
    return i + 3 <= p->len && !memcmp(p->s + i, "\"\"\"", 3);
}

/* The indent of a multi-line string: the spaces before the closing
 * `"""`, which starts a line; *end receives the offset of that line. */
static size_t multiline_end(Wp *p, size_t start, size_t *end)
{
    size_t line = start;
    for (;;) {
        size_t i = line;
        while (i < p->len && p->s[i] == ' ')
            i++;
        if (at_triple_quote(p, i)) {
            *end = line;
            return i - line;
        }
        const char *nl = memchr(p->s + line, '\n', p->len - line);
        if (!nl)
            wp_fail(p, start - 4, "unterminated multi-line string");
        line = (size_t)(nl - p->s) + 1;
    }
}

/* """<line break> lines <line break> spaces""" : lines dedented by the
 * closing delimiter's indent, joined by \n. */
static void parse_multiline(Wp *p, Buf *b)
{
    size_t at = p->pos;
    p->pos += 3;
    if (peek(p) == '\r')
        p->pos++;
    if (peek(p) != '\n')
        wp_fail(p, at, "a multi-line string starts with `\"\"\"` and a line break");
    p->pos++;
    size_t end;
    size_t indent = multiline_end(p, p->pos, &end);
    bool first = true;
    while (p->pos < end) {
        if (!first)
            buf_put(b, '\n');
        first = false;
        for (size_t i = 0; i < indent; i++) {
            if (peek(p) != ' ') {
                if (peek(p) == '\n' || peek(p) == '\r')
                    break;
                wp_fail(p, p->pos, "line indented less than the closing `\"\"\"`");
            }
            p->pos++;
        }
        while (peek(p) != '\n' && !(peek(p) == '\r' && p->pos + 1 < p->len &&
                                    p->s[p->pos + 1] == '\n')) {
            if (at_triple_quote(p, p->pos))
                wp_fail(p, p->pos, "`\"\"\"` must be broken up with `\\\"` "
                        "inside a multi-line string");
            if (peek(p) == '\\') {
                p->pos++;
                buf_put(b, read_escape(p));
            } else {
                buf_put(b, read_utf8(p));
            }
        }
        p->pos += peek(p) == '\r' ? 2 : 1;
    }
    p->pos = end;
    while (peek(p) == ' ')
        p->pos++;
    p->pos += 3;
}

static void parse_string(Wp *p, WaveVal *v)
{
    skip_ws(p);
    if (peek(p) != '"')
        wp_fail(p, p->pos, "expected a string");
    Buf b = {p->a, NULL, 0, 0};
    if (at_triple_quote(p, p->pos)) {
        parse_multiline(p, &b);
    } else {
        p->pos++;
        while (peek(p) != '"')
            buf_put(&b, read_char_in(p, '"'));
        p->pos++;
    }
    v->str = arena_strndup(p->a, b.s ? b.s : "", b.n);
    v->len = b.n;
}

/* ---- compound values ---------------------------------------------------------- */

static void parse_value(Wp *p, const WitType *t, WaveVal *v);

static bool is_opt_or_result(const WitType *t)
{
    t = wit_type_resolve(t);
    return t->kind == WIT_OPTION || t->kind == WIT_RESULT;
}

/* [v, ...] with a trailing comma allowed. */
static void parse_list(Wp *p, WaveVal *v)
{
    skip_ws(p);
    size_t at = p->pos;
    expect(p, '[');
    WaveVal *items = NULL;
    size_t n = 0, cap = 0;
    while (!accept(p, ']')) {
        if (n == cap) {
            cap = cap ? 2 * cap : 8;
            WaveVal *more = arena_array(p->a, cap, sizeof *more);
            if (n)
                memcpy(more, items, n * sizeof *items);
            items = more;
        }
        parse_value(p, v->type->elem, &items[n++]);
        if (!accept(p, ',')) {
            skip_ws(p);
            if (peek(p) != ']')
                wp_fail(p, p->pos, "expected `,` or `]`");
        }
    }
    if (v->type->length && n != v->type->length)
        wp_fail(p, at, "expected a list of %u elements, found %zu",
                (unsigned)v->type->length, n);
    v->elems = n ? items : arena_array(p->a, 1, sizeof *items);
    v->len = n;
}

static void parse_tuple(Wp *p, WaveVal *v)
{
    expect(p, '(');
    size_t n = v->type->nelems;
    v->elems = arena_array(p->a, n ? n : 1, sizeof *v->elems);
    v->len = n;
    for (size_t i = 0; i < n; i++) {
        parse_value(p, v->type->elems[i], &v->elems[i]);
        if (i + 1 < n)
            expect(p, ',');
    }
    accept(p, ',');
    skip_ws(p);
    if (peek(p) != ')')
        wp_fail(p, p->pos, "expected `)` after the %zu elements of the tuple", n);
    p->pos++;
}

static void set_none(WaveVal *v, const WitType *t)
{
    memset(v, 0, sizeof *v);
    v->type = wit_type_resolve(t);
    v->tag = 0;
}

/* {field: v, ...} in any order; option fields may be left out; `{:}`. */
static void parse_record(Wp *p, WaveVal *v)
{
    const WitType *t = v->type;
    skip_ws(p);
    size_t open = p->pos;
    expect(p, '{');
    v->len = t->nfields;
    v->elems = arena_array(p->a, t->nfields ? t->nfields : 1, sizeof *v->elems);
    bool *seen = arena_array(p->a, t->nfields ? t->nfields : 1, sizeof *seen);
    if (accept(p, ':')) {
        expect(p, '}');
    } else {
        while (!accept(p, '}')) {
            Word w;
            if (!read_word(p, &w))
                wp_fail(p, p->pos, "expected a field name or `}`");
            size_t i = 0;
            while (i < t->nfields && !(strlen(t->fields[i].name) == w.len &&
                                       !strncmp(t->fields[i].name, w.s, w.len)))
                i++;
            if (i == t->nfields)
                wp_fail(p, w.at, "unknown field `%.*s`", (int)w.len, w.s);
            if (seen[i])
                wp_fail(p, w.at, "field `%.*s` given twice", (int)w.len, w.s);
            seen[i] = true;
            expect(p, ':');
            parse_value(p, t->fields[i].type, &v->elems[i]);
            if (!accept(p, ',')) {
                skip_ws(p);
                if (peek(p) != '}')
                    wp_fail(p, p->pos, "expected `,` or `}`");
            }
        }
    }
    for (size_t i = 0; i < t->nfields; i++) {
        if (seen[i])
            continue;
        if (wit_type_resolve(t->fields[i].type)->kind != WIT_OPTION)
            wp_fail(p, open, "missing field `%s`", t->fields[i].name);
        set_none(&v->elems[i], t->fields[i].type);
    }
}

/* case or case(payload) */
static void parse_variant(Wp *p, WaveVal *v)
{
    const WitType *t = v->type;
    v->tag = read_case(p, t, "variant");
    const WitType *pt = t->cases[v->tag].type;
    if (!pt) {
        skip_ws(p);
        if (peek(p) == '(')
            wp_fail(p, p->pos, "case `%s` has no payload", t->cases[v->tag].name);
        return;
    }
    skip_ws(p);
    if (peek(p) != '(')
        wp_fail(p, p->pos, "expected `(` and the payload of case `%s`",
                t->cases[v->tag].name);
    p->pos++;
    v->payload = arena_alloc(p->a, sizeof *v->payload);
    parse_value(p, pt, v->payload);
    expect(p, ')');
}

static WaveVal *paren_payload(Wp *p, const WitType *t)
{
    expect(p, '(');
    WaveVal *pv = arena_alloc(p->a, sizeof *pv);
    parse_value(p, t, pv);
    expect(p, ')');
    return pv;
}

/* some(v) | none | v (when v is no option or result) */
static void parse_option(Wp *p, WaveVal *v)
{
    const WitType *et = v->type->elem;
    if (accept_keyword(p, "none")) {
        v->tag = 0;
        return;
    }
    v->tag = 1;
    if (accept_keyword(p, "some")) {
        v->payload = paren_payload(p, et);
        return;
    }
    if (is_opt_or_result(et))
        wp_fail(p, p->pos, "expected `some(...)` or `none`");
    v->payload = arena_alloc(p->a, sizeof *v->payload);
    parse_value(p, et, v->payload);
}

/* ok | ok(v) | err | err(e) | v */
static void parse_result(Wp *p, WaveVal *v)
{
    const WitType *t = v->type;
    bool ok = accept_keyword(p, "ok");
    if (ok || accept_keyword(p, "err")) {
        v->tag = ok ? 0 : 1;
        const WitType *pt = ok ? t->ok : t->err;
        skip_ws(p);
        if (pt)
            v->payload = paren_payload(p, pt);
        else if (peek(p) == '(')
            wp_fail(p, p->pos, "`%s` of this result has no payload",
                    ok ? "ok" : "err");
        return;
    }
    if (!t->ok || is_opt_or_result(t->ok))
        wp_fail(p, p->pos, "expected `ok` or `err`");
    v->tag = 0;
    v->payload = arena_alloc(p->a, sizeof *v->payload);
    parse_value(p, t->ok, v->payload);
}

/* {a, b} in any order */
static void parse_flags(Wp *p, WaveVal *v)
{
    expect(p, '{');
    while (!accept(p, '}')) {
        Word w;
        if (!read_word(p, &w))
            wp_fail(p, p->pos, "expected a flag name or `}`");
        size_t i = 0;
        while (i < v->type->ncases &&
               !(strlen(v->type->cases[i].name) == w.len &&
                 !strncmp(v->type->cases[i].name, w.s, w.len)))
            i++;
        if (i == v->type->ncases)
            wp_fail(p, w.at, "unknown flag `%.*s`", (int)w.len, w.s);
        if (v->flags & (1u << i))
            wp_fail(p, w.at, "flag `%.*s` given twice", (int)w.len, w.s);
        v->flags |= 1u << i;
        if (!accept(p, ',')) {
            skip_ws(p);
            if (peek(p) != '}')
                wp_fail(p, p->pos, "expected `,` or `}`");
        }
    }
}

/* kiln's handle notation: #index */
static void parse_handle(Wp *p, WaveVal *v)
{
    skip_ws(p);
    size_t at = p->pos;
    if (peek(p) != '#')
        wp_fail(p, at, "expected a handle (`#` and its index)");
    p->pos++;
    if (!is_digit(peek(p)))
        wp_fail(p, at, "expected a handle (`#` and its index)");
    bool neg;
    uint64_t mag;
    read_integer(p, &neg, &mag);
    if (mag > UINT32_MAX)
        wp_fail(p, at, "handle index out of range");
    v->handle = (uint32_t)mag;
}

static void parse_value(Wp *p, const WitType *t, WaveVal *v)
{
    memset(v, 0, sizeof *v);
    t = wit_type_resolve(t);
    v->type = t;
    skip_ws(p);
    switch (t->kind) {
    case WIT_BOOL: {
        Word w;
        if (!read_word(p, &w) || !(word_is(&w, "true") || word_is(&w, "false")))
            wp_fail(p, p->pos, "expected `true` or `false`");
        v->b = word_is(&w, "true");
        return;
    }
    case WIT_S8: case WIT_U8: case WIT_S16: case WIT_U16:
    case WIT_S32: case WIT_U32: case WIT_S64: case WIT_U64:
        parse_int(p, v);
        return;
    case WIT_F32: case WIT_F64: parse_float(p, v); return;
    case WIT_CHAR: parse_char(p, v); return;
    case WIT_STRING: parse_string(p, v); return;
    case WIT_LIST: parse_list(p, v); return;
    case WIT_TUPLE: parse_tuple(p, v); return;
    case WIT_RECORD: parse_record(p, v); return;
    case WIT_VARIANT: parse_variant(p, v); return;
    case WIT_ENUM: v->tag = read_case(p, t, "enum"); return;
    case WIT_OPTION: parse_option(p, v); return;
    case WIT_RESULT: parse_result(p, v); return;
    case WIT_FLAGS: parse_flags(p, v); return;
    case WIT_RESOURCE: case WIT_BORROW: parse_handle(p, v); return;
    default:
        wp_fail(p, p->pos, "values of type `%s` cannot be written",
                wit_type_kind_name(t->kind));
    }
}

static void wp_init(Wp *p, Arena *a, const char *text, char *err,
                    size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->a = a;
    p->s = text;
    p->len = strlen(text);
    p->err = err;
    p->errlen = errlen;
}

bool wave_parse(Arena *a, const WitType *t, const char *text, WaveVal *out,
                char *err, size_t errlen)
{
    Wp p;
    wp_init(&p, a, text, err, errlen);
    if (setjmp(p.fail))
        return false;
    parse_value(&p, t, out);
    skip_ws(&p);
    if (p.pos != p.len)
        wp_fail(&p, p.pos, "unexpected text after the value");
    return true;
}

bool wave_call_name(Arena *a, const char *text, size_t at, const char **name,
                    size_t *args_at, char *err, size_t errlen)
{
    Wp p;
    wp_init(&p, a, text, err, errlen);
    p.pos = at;
    if (setjmp(p.fail))
        return false;
    skip_ws(&p);
    size_t start = p.pos;
    const char *paren = strchr(text + start, '(');
    if (!paren)
        wp_fail(&p, p.len, "expected `(` after the function name");
    size_t end = (size_t)(paren - text);
    while (end > start && strchr(" \t\r\n", text[end - 1]))
        end--;
    if (end == start)
        wp_fail(&p, start, "expected a function name");
    *name = arena_strndup(a, text + start, end - start);
    *args_at = (size_t)(paren - text) + 1;
    return true;
}

bool wave_parse_args(Arena *a, const char *text, size_t args_at,
                     const WitType *const *params, size_t nparams,
                     WaveVal *out, size_t *end, char *err, size_t errlen)
{
    Wp p;
    wp_init(&p, a, text, err, errlen);
    p.pos = args_at;
    if (setjmp(p.fail))
        return false;
    size_t n = 0;
    while (!accept(&p, ')')) {
        if (n == nparams)
            wp_fail(&p, p.pos, "too many arguments (the function takes %zu)",
                    nparams);
        parse_value(&p, params[n], &out[n]);
        n++;
        if (!accept(&p, ',')) {
            skip_ws(&p);
            if (peek(&p) != ')')
                wp_fail(&p, p.pos, "expected `,` or `)`");
        }
    }
    size_t close = p.pos - 1;
    if (end) {
        *end = p.pos;
    } else {
        skip_ws(&p);
        if (p.pos != p.len)
            wp_fail(&p, p.pos, "unexpected text after the call");
    }
    for (; n < nparams; n++) {
        if (wit_type_resolve(params[n])->kind != WIT_OPTION)
            wp_fail(&p, close, "missing argument %zu (the function takes %zu)",
                    n + 1, nparams);
        set_none(&out[n], params[n]);
    }
    return true;
}

size_t wave_skip_space(const char *text, size_t at)
{
    Wp p;
    wp_init(&p, NULL, text, NULL, 0);
    p.pos = at;
    skip_ws(&p);
    return p.pos;
}
