/* Shared helpers of the WIT library: diagnostics with the source line and
 * a caret, arena arrays, the keyword list (WIT.md "Keywords") and the
 * semver check used for package versions and feature gates (Semantic
 * Versioning 2.0). */
#include <stdarg.h>
#include <string.h>

#include "wit/wit_internal.h"

bool wit_want_more(const WitCtx *c)
{
    return c->all_errors || c->errors == 0;
}

void wit_error(WitCtx *c, WitLoc loc, const char *fmt, ...)
{
    if (!wit_want_more(c)) {
        c->errors++;
        return;
    }
    c->errors++;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *text = NULL;
    size_t len = 0;
    for (size_t i = 0; i < c->nfiles; i++)
        if (c->files[i]->name == loc.file)
            text = wit_src_line(c->files[i], loc.line, &len);
    diag_at_line(c->diag, loc.file ? loc.file : "<wit>", loc.line, loc.col,
                 text, len, "%s", msg);
}

void *wit_grow(Arena *a, void *arr, size_t n, size_t elem)
{
    /* capacities are powers of two from 4, so n alone tells when full */
    if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
        return arr;
    size_t cap = n == 0 ? 4 : n * 2;
    void *fresh = arena_array(a, cap, elem);
    if (n)
        memcpy(fresh, arr, n * elem);
    return fresh;
}

static const char *const keywords[] = {
    "as", "async", "bool", "borrow", "char", "constructor", "enum",
    "export", "f32", "f64", "flags", "from", "func", "future", "import",
    "include", "interface", "list", "map", "option", "own", "package",
    "record", "resource", "result", "s16", "s32", "s64", "s8", "static",
    "stream", "string", "tuple", "type", "u16", "u32", "u64", "u8", "use",
    "variant", "with", "world", "error-context",
};

bool wit_is_keyword(const char *s, size_t len)
{
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        if (strlen(keywords[i]) == len && memcmp(keywords[i], s, len) == 0)
            return true;
    return false;
}

static bool is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static bool is_alnum_dash(char ch)
{
    return is_digit(ch) || (ch >= 'a' && ch <= 'z') ||
           (ch >= 'A' && ch <= 'Z') || ch == '-';
}

/* A numeric field: digits, no leading zero. */
static const char *semver_number(const char *s)
{
    if (!is_digit(*s))
        return NULL;
    if (*s == '0' && is_digit(s[1]))
        return NULL;
    while (is_digit(*s))
        s++;
    return s;
}

/* Dot-separated identifiers; numeric ones (pre-release only) without
 * leading zeros. */
static const char *semver_idents(const char *s, bool check_zero)
{
    for (;;) {
        const char *b = s;
        bool numeric = true;
        while (is_alnum_dash(*s)) {
            numeric &= is_digit(*s);
            s++;
        }
        if (s == b)
            return NULL;
        if (check_zero && numeric && *b == '0' && s - b > 1)
            return NULL;
        if (*s != '.')
            return s;
        s++;
    }
}

bool wit_valid_semver(const char *s)
{
    for (int i = 0; i < 3; i++) {
        s = semver_number(s);
        if (!s)
            return false;
        if (i < 2 && *s++ != '.')
            return false;
    }
    if (*s == '-' && !(s = semver_idents(s + 1, true)))
        return false;
    if (*s == '+' && !(s = semver_idents(s + 1, false)))
        return false;
    return *s == '\0';
}
