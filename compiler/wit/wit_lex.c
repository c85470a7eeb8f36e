/* The WIT lexer (WIT.md "Lexical structure"): whitespace, line comments,
 * nested block comments, `///` doc comments (collected and attached to
 * the next token), operators, integers, string literals, identifiers and
 * %-escaped explicit identifiers (kebab-case: words of [a-z][a-z0-9]* or
 * [A-Z][A-Z0-9]* joined by single dashes).  Versions are scanned on the
 * parser's request (wit_lex_version), since `1.0.0-rc.1` is not made of
 * ordinary tokens.  A lexical error jumps out of the file's parse. */
#include <stdarg.h>
#include <string.h>

#include "wit/wit_internal.h"

void wit_lex_init(WitLexer *lx, WitCtx *ctx, WitSrcFile *file, jmp_buf *fail)
{
    memset(lx, 0, sizeof *lx);
    lx->ctx = ctx;
    lx->file = file;
    lx->line = 1;
    lx->fail = fail;
}

const char *wit_src_line(const WitSrcFile *f, unsigned line, size_t *len)
{
    size_t i = 0;
    for (unsigned l = 1; l < line && i < f->len; i++)
        if (f->text[i] == '\n')
            l++;
    size_t e = i;
    while (e < f->len && f->text[e] != '\n' && f->text[e] != '\r')
        e++;
    *len = e - i;
    return f->text + i;
}

void wit_lex_fail(WitLexer *lx, unsigned line, unsigned col, const char *fmt,
                  ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    wit_error(lx->ctx, (WitLoc){lx->file->name, line, col}, "%s", msg);
    longjmp(*lx->fail, 1);
}

void wit_lex_seek(WitLexer *lx, size_t pos, unsigned line, unsigned col)
{
    lx->pos = pos;
    lx->line = line;
    lx->line_start = pos - (col - 1);
}

static unsigned col_of(const WitLexer *lx, size_t pos)
{
    return (unsigned)(pos - lx->line_start) + 1;
}

static int peek_at(const WitLexer *lx, size_t off)
{
    size_t p = lx->pos + off;
    return p < lx->file->len ? (unsigned char)lx->file->text[p] : -1;
}

static void advance(WitLexer *lx)
{
    if (lx->file->text[lx->pos] == '\n') {
        lx->line++;
        lx->line_start = lx->pos + 1;
    }
    lx->pos++;
}

static bool is_id_start(int ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static bool is_id_char(int ch)
{
    return is_id_start(ch) || (ch >= '0' && ch <= '9') || ch == '-';
}

bool wit_valid_kebab(const char *s, size_t len)
{
    size_t i = 0;
    for (;;) {
        if (i >= len || !is_id_start((unsigned char)s[i]))
            return false;
        bool upper = s[i] >= 'A' && s[i] <= 'Z';
        for (i++; i < len && s[i] != '-'; i++) {
            char ch = s[i];
            bool ok = (ch >= '0' && ch <= '9') ||
                      (upper ? ch >= 'A' && ch <= 'Z' : ch >= 'a' && ch <= 'z');
            if (!ok)
                return false;
        }
        if (i == len)
            return true;
        i++; /* the dash */
    }
}

/* Appends one `///` line to the pending docs. */
static void add_doc(WitLexer *lx, char **docs, size_t start, size_t end)
{
    size_t n = end - start;
    const char *t = lx->file->text + start;
    if (n && t[n - 1] == '\r')
        n--;
    if (!*docs) {
        *docs = arena_strndup(lx->ctx->arena, t, n);
        return;
    }
    *docs = arena_printf(lx->ctx->arena, "%s\n%.*s", *docs, (int)n, t);
}

static void skip_block_comment(WitLexer *lx)
{
    unsigned line = lx->line, col = col_of(lx, lx->pos);
    int depth = 0;
    while (lx->pos < lx->file->len) {
        if (peek_at(lx, 0) == '/' && peek_at(lx, 1) == '*') {
            depth++;
            advance(lx);
        } else if (peek_at(lx, 0) == '*' && peek_at(lx, 1) == '/') {
            advance(lx);
            advance(lx);
            if (--depth == 0)
                return;
            continue;
        }
        advance(lx);
    }
    wit_lex_fail(lx, line, col, "unterminated block comment");
}

/* Skips whitespace and comments, gathering `///` docs. */
static char *skip_space(WitLexer *lx)
{
    char *docs = NULL;
    for (;;) {
        int ch = peek_at(lx, 0);
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
            advance(lx);
        } else if (ch == '/' && peek_at(lx, 1) == '/') {
            size_t start = lx->pos;
            while (lx->pos < lx->file->len && lx->file->text[lx->pos] != '\n')
                lx->pos++;
            const char *t = lx->file->text + start;
            bool doc = lx->pos - start >= 3 && t[2] == '/' &&
                       (lx->pos - start == 3 || t[3] != '/');
            if (doc)
                add_doc(lx, &docs, start + 3, lx->pos);
        } else if (ch == '/' && peek_at(lx, 1) == '*') {
            skip_block_comment(lx);
        } else {
            return docs;
        }
    }
}

static WitToken make(WitLexer *lx, WitTok k, size_t start, unsigned line,
                     unsigned col)
{
    return (WitToken){.kind = k, .text = lx->file->text + start,
                      .len = lx->pos - start, .start = start, .end = lx->pos,
                      .line = line, .col = col};
}

static WitTok op_kind(int ch)
{
    switch (ch) {
    case '=': return TOK_EQ;
    case ',': return TOK_COMMA;
    case ':': return TOK_COLON;
    case ';': return TOK_SEMI;
    case '(': return TOK_LPAREN;
    case ')': return TOK_RPAREN;
    case '{': return TOK_LBRACE;
    case '}': return TOK_RBRACE;
    case '<': return TOK_LT;
    case '>': return TOK_GT;
    case '*': return TOK_STAR;
    case '/': return TOK_SLASH;
    case '.': return TOK_DOT;
    case '@': return TOK_AT;
    default: return TOK_ERROR;
    }
}

static WitToken lex_ident(WitLexer *lx, size_t start, unsigned line,
                          unsigned col, bool explicit)
{
    size_t b = lx->pos;
    while (is_id_char(peek_at(lx, 0)))
        lx->pos++;
    const char *t = lx->file->text + b;
    if (!wit_valid_kebab(t, lx->pos - b))
        wit_lex_fail(lx, line, col,
                     "identifier `%.*s` is not kebab-case (words of "
                     "lowercase or uppercase letters and digits joined by "
                     "single dashes)", (int)(lx->pos - start), t - (explicit ? 1 : 0));
    WitToken tok = make(lx, explicit ? TOK_EXPLICIT : TOK_ID, start, line, col);
    tok.text = t;
    tok.len = lx->pos - b;
    return tok;
}

static WitToken lex_string(WitLexer *lx, size_t start, unsigned line,
                           unsigned col)
{
    lx->pos++;
    while (peek_at(lx, 0) != '"') {
        int ch = peek_at(lx, 0);
        if (ch == -1 || ch == '\n')
            wit_lex_fail(lx, line, col, "unterminated string literal");
        if (ch == '\\' && peek_at(lx, 1) != -1)
            lx->pos++;
        lx->pos++;
    }
    lx->pos++;
    WitToken tok = make(lx, TOK_STRING, start, line, col);
    tok.text++;
    tok.len -= 2;
    return tok;
}

WitToken wit_lex_next(WitLexer *lx)
{
    char *docs = skip_space(lx);
    size_t start = lx->pos;
    unsigned line = lx->line, col = col_of(lx, start);
    int ch = peek_at(lx, 0);
    WitToken tok;
    if (ch == -1) {
        tok = make(lx, TOK_EOF, start, line, col);
    } else if (is_id_start(ch)) {
        tok = lex_ident(lx, start, line, col, false);
    } else if (ch == '%') {
        lx->pos++;
        if (!is_id_start(peek_at(lx, 0)))
            wit_lex_fail(lx, line, col, "expected an identifier after `%%`");
        tok = lex_ident(lx, start, line, col, true);
    } else if (ch >= '0' && ch <= '9') {
        while (peek_at(lx, 0) >= '0' && peek_at(lx, 0) <= '9')
            lx->pos++;
        tok = make(lx, TOK_INT, start, line, col);
    } else if (ch == '"') {
        tok = lex_string(lx, start, line, col);
    } else if (ch == '_' && !is_id_char(peek_at(lx, 1))) {
        lx->pos++;
        tok = make(lx, TOK_UNDERSCORE, start, line, col);
    } else if (ch == '-' && peek_at(lx, 1) == '>') {
        lx->pos += 2;
        tok = make(lx, TOK_ARROW, start, line, col);
    } else if (op_kind(ch) != TOK_ERROR) {
        lx->pos++;
        tok = make(lx, op_kind(ch), start, line, col);
    } else if (ch < 0x20 || ch == 0x7f) {
        wit_lex_fail(lx, line, col, "control character 0x%02x not allowed",
                     (unsigned)ch);
    } else {
        wit_lex_fail(lx, line, col, "unexpected character `%c`", ch < 0x80 ? ch : '?');
    }
    tok.docs = docs;
    return tok;
}

WitToken wit_lex_version(WitLexer *lx)
{
    size_t start = lx->pos;
    unsigned line = lx->line, col = col_of(lx, start);
    for (;;) {
        int ch = peek_at(lx, 0);
        if (is_id_char(ch) || ch == '.' || ch == '+')
            lx->pos++;
        else
            break;
    }
    /* a trailing `.` ends the version: `@1.0.0.{a}` in a use path */
    while (lx->pos > start && lx->file->text[lx->pos - 1] == '.')
        lx->pos--;
    return make(lx, TOK_INT, start, line, col);
}
