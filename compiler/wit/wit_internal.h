/* Internal interfaces of the WIT library: the lexer's tokens, the parse
 * state, and the source-level wrappers the parser builds around the
 * public model nodes (each wrapper begins with the public struct, so a
 * pointer to one is a pointer to the other).  Prototypes are grouped by
 * the file that defines them. */
#ifndef KILN_WIT_INTERNAL_H
#define KILN_WIT_INTERNAL_H

#include <setjmp.h>

#include "wit/wit.h"

/* A placeholder for a type named in the source, replaced by the named
 * node during resolution (never visible in a resolved model). */
#define WIT_REF ((WitTypeKind)100)

/* ---- wit_ctx.c: shared state, errors, arrays ---- */

/* A source file kept for diagnostics and its file-scoped `use`s. */
typedef struct WitSrcFile {
    const char *name;
    const char *text;
    size_t len;
    struct WitTopUse **uses;
    size_t nuses;
} WitSrcFile;

typedef struct WitCtx {
    Arena *arena;
    Diag *diag;
    bool all_errors;
    unsigned errors;
    WitSrcFile **files; /* every file read, to show source lines */
    size_t nfiles;
} WitCtx;

void wit_error(WitCtx *c, WitLoc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Whether diagnostics are still wanted (all-errors mode or none yet). */
bool wit_want_more(const WitCtx *c);
/* Grows an arena array of n elements so that element n fits. */
void *wit_grow(Arena *a, void *arr, size_t n, size_t elem);
#define WIT_PUSH(a, arr, n, val)                                              \
    ((arr) = wit_grow((a), (arr), (n), sizeof *(arr)), (arr)[(n)++] = (val))
bool wit_is_keyword(const char *s, size_t len);
/* Semver 2.0 check of the text. */
bool wit_valid_semver(const char *s);

/* ---- wit_lex.c ---- */

typedef enum WitTok {
    TOK_EOF,
    TOK_ID,       /* identifier, text without the `%` */
    TOK_EXPLICIT, /* %identifier */
    TOK_INT,
    TOK_STRING,   /* "...", text without the quotes */
    TOK_UNDERSCORE,
    TOK_EQ, TOK_COMMA, TOK_COLON, TOK_SEMI, TOK_LPAREN, TOK_RPAREN,
    TOK_LBRACE, TOK_RBRACE, TOK_LT, TOK_GT, TOK_STAR, TOK_ARROW,
    TOK_SLASH, TOK_DOT, TOK_AT,
    TOK_ERROR,
} WitTok;

typedef struct WitToken {
    WitTok kind;
    const char *text; /* in the source */
    size_t len;
    size_t start, end; /* byte offsets */
    unsigned line, col;
    const char *docs; /* `///` lines right before the token, or NULL */
} WitToken;

typedef struct WitLexer {
    WitCtx *ctx;
    WitSrcFile *file;
    size_t pos;
    unsigned line;
    size_t line_start;
    jmp_buf *fail; /* where a syntax error jumps */
} WitLexer;

void wit_lex_init(WitLexer *lx, WitCtx *ctx, WitSrcFile *file, jmp_buf *fail);
WitToken wit_lex_next(WitLexer *lx);
/* Rewinds to byte offset `pos` (on line `line`, col `col`). */
void wit_lex_seek(WitLexer *lx, size_t pos, unsigned line, unsigned col);
/* Scans a version (semver characters) starting at the current position. */
WitToken wit_lex_version(WitLexer *lx);
_Noreturn void wit_lex_fail(WitLexer *lx, unsigned line, unsigned col,
                            const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Source line text (for carets). */
const char *wit_src_line(const WitSrcFile *f, unsigned line, size_t *len);
/* Checks that a name is kebab-case. */
bool wit_valid_kebab(const char *s, size_t len);

/* ---- wit_parse.c: the source-level structures ---- */

/* `ns:pkg/name@version`, or a bare `name` (ns == NULL). */
typedef struct WitPath {
    const char *ns, *pkg, *name, *version;
    WitLoc loc;
} WitPath;

typedef struct WitTopUse {
    WitPath path;
    const char *as;
    WitLoc loc;
    WitInterface *target;
} WitTopUse;

typedef struct WitUseX {
    WitUse pub;
    WitPath path;
} WitUseX;

typedef struct WitItemX {
    WitWorldItem pub;
    WitPath path; /* imports and exports of an interface by path */
    bool by_path;
} WitItemX;

typedef struct WitIncludeX {
    WitInclude pub;
    WitPath path;
    WitLoc *with_locs;
} WitIncludeX;

typedef struct WitIfaceX {
    WitInterface pub;
    WitSrcFile *file;
    int state; /* 0 new, 1 resolving, 2 done */
} WitIfaceX;

typedef struct WitWorldX {
    WitWorld pub;
    WitSrcFile *file;
    int state;
} WitWorldX;

/* A package as parsed: its files or nested block. */
typedef struct WitPkgX {
    WitPackage pub;
    bool has_name;
    const char *src_text; /* what defined it, to compare duplicates */
    size_t src_len;
    struct WitPkgX *dup_of;
    struct WitPkgX **deps;
    size_t ndeps;
    int state;
} WitPkgX;

typedef struct WitParseOut {
    WitPkgX *top;      /* the file's own package (name may be missing) */
    WitPkgX **nested;  /* `package a:b { }` blocks */
    size_t nnested;
} WitParseOut;

/* Parses one file; its top items go into `into` (shared by all files of
 * a folder).  False on a syntax error (reported). */
bool wit_parse_file(WitCtx *c, WitSrcFile *f, WitPkgX *into,
                    WitParseOut *out);

/* ---- wit_resolve.c ---- */

/* Resolves the parsed packages; fills r (packages, main). */
bool wit_resolve_all(WitCtx *c, WitPkgX **pkgs, size_t n, WitPkgX *root,
                     WitResolve *r);
/* The following work while wit_resolve_all runs (for wit_world.c). */
/* The interface a use-path names, seen from `file` in package `self`. */
WitInterface *wit_lookup_iface(WitPkgX *self, WitSrcFile *file,
                               const WitPath *path);
/* The package a path names (self for a bare name); records the edge. */
WitPkgX *wit_path_package(WitPkgX *self, const WitPath *path);
WitWorld *wit_world_in(WitPackage *p, const char *name);
void wit_resolve_iface(WitIfaceX *ix);
void wit_resolve_world_scope(WitWorldX *w);
void wit_resolver_error_dup(WitLoc loc, const char *what, const char *name,
                            WitLoc first);

/* ---- wit_world.c ---- */
void wit_resolve_world_items(WitCtx *c, WitWorldX *w);
void wit_world_elaborate(WitCtx *c, WitWorldX *w);

#endif
