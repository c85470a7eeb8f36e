/* The WIT parser (WIT.md "Top-level items" through "Handles"): one file
 * into the model's nodes, with type names left as WIT_REF placeholders
 * and interface/world paths recorded for the resolver.  Each parse
 * function carries its grammar rule above it.  A syntax error reports
 * and jumps out of the file (the rest of the file is skipped); errors
 * that do not confuse the parser (bad gates, versions, empty types) are
 * reported and parsing goes on. */
#include <string.h>

#include "wit/wit_internal.h"

typedef struct Parser {
    WitCtx *c;
    Arena *a;
    WitSrcFile *f;  /* the file or nested block being read (its uses) */
    WitLexer lx;
    WitToken tok;
    jmp_buf fail;
} Parser;

/* What precedes an item: docs, gates, an external id. */
typedef struct Prefix {
    const char *docs;
    WitGate gate;
    const char *external_id;
    WitLoc loc; /* of the first token */
    bool any;   /* gates or external id written */
} Prefix;

static WitLoc here(const Parser *p)
{
    return (WitLoc){p->f->name, p->tok.line, p->tok.col};
}

static void next(Parser *p)
{
    p->tok = wit_lex_next(&p->lx);
}

static const char *tok_desc(const Parser *p)
{
    const WitToken *t = &p->tok;
    if (t->kind == TOK_EOF)
        return "end of file";
    if (t->kind == TOK_EXPLICIT)
        return arena_printf(p->a, "`%%%.*s`", (int)t->len, t->text);
    if (t->kind == TOK_STRING)
        return "a string";
    return arena_printf(p->a, "`%.*s`", (int)t->len, t->text);
}

static _Noreturn void fail_expected(Parser *p, const char *what)
{
    wit_lex_fail(&p->lx, p->tok.line, p->tok.col, "expected %s, found %s",
                 what, tok_desc(p));
}

static bool is_kw(const Parser *p, const char *kw)
{
    return p->tok.kind == TOK_ID && strlen(kw) == p->tok.len &&
           memcmp(p->tok.text, kw, p->tok.len) == 0;
}

static bool eat(Parser *p, WitTok k)
{
    if (p->tok.kind != k)
        return false;
    next(p);
    return true;
}

static bool eat_kw(Parser *p, const char *kw)
{
    if (!is_kw(p, kw))
        return false;
    next(p);
    return true;
}

static void expect(Parser *p, WitTok k, const char *what)
{
    if (!eat(p, k))
        fail_expected(p, what);
}

static void expect_kw(Parser *p, const char *kw)
{
    if (!eat_kw(p, kw))
        fail_expected(p, arena_printf(p->a, "`%s`", kw));
}

static bool at_id(const Parser *p)
{
    return p->tok.kind == TOK_EXPLICIT ||
           (p->tok.kind == TOK_ID && !wit_is_keyword(p->tok.text, p->tok.len));
}

/* id ::= label | '%' label  (a bare keyword is not an id) */
static const char *parse_id(Parser *p, const char *what)
{
    if (p->tok.kind == TOK_ID && wit_is_keyword(p->tok.text, p->tok.len))
        wit_lex_fail(&p->lx, p->tok.line, p->tok.col,
                     "expected %s, found keyword %s (write `%%%.*s` to use "
                     "it as a name)", what, tok_desc(p), (int)p->tok.len,
                     p->tok.text);
    if (!at_id(p))
        fail_expected(p, what);
    const char *s = arena_strndup(p->a, p->tok.text, p->tok.len);
    next(p);
    return s;
}

/* A version after `@` or `=`: rescanned from the lookahead's start. */
static const char *parse_version(Parser *p)
{
    if (p->tok.kind != TOK_INT)
        fail_expected(p, "a version");
    WitLoc loc = here(p);
    wit_lex_seek(&p->lx, p->tok.start, p->tok.line, p->tok.col);
    WitToken v = wit_lex_version(&p->lx);
    const char *s = arena_strndup(p->a, v.text, v.len);
    next(p);
    if (!wit_valid_semver(s))
        wit_error(p->c, loc, "invalid semver version `%s`", s);
    return s;
}

/* use-path ::= id | id ':' id '/' id ('@' valid-semver)? */
static void parse_path(Parser *p, WitPath *path)
{
    memset(path, 0, sizeof *path);
    path->loc = here(p);
    const char *first = parse_id(p, "an interface name");
    if (!eat(p, TOK_COLON)) {
        path->name = first;
        return;
    }
    path->ns = first;
    path->pkg = parse_id(p, "a package name");
    if (p->tok.kind == TOK_COLON)
        wit_lex_fail(&p->lx, p->tok.line, p->tok.col,
                     "nested namespaces are not supported");
    expect(p, TOK_SLASH, "`/` and an interface name");
    path->name = parse_id(p, "an interface name");
    if (p->tok.kind == TOK_SLASH)
        wit_lex_fail(&p->lx, p->tok.line, p->tok.col,
                     "nested packages are not supported");
    if (eat(p, TOK_AT))
        path->version = parse_version(p);
}

static WitType *new_type(Parser *p, WitTypeKind k, WitLoc loc)
{
    WitType *t = arena_alloc(p->a, sizeof *t);
    t->kind = k;
    t->loc = loc;
    return t;
}

static const struct {
    const char *name;
    WitTypeKind kind;
} prims[] = {
    {"bool", WIT_BOOL}, {"s8", WIT_S8},   {"u8", WIT_U8},
    {"s16", WIT_S16},   {"u16", WIT_U16}, {"s32", WIT_S32},
    {"u32", WIT_U32},   {"s64", WIT_S64}, {"u64", WIT_U64},
    {"f32", WIT_F32},   {"f64", WIT_F64}, {"char", WIT_CHAR},
    {"string", WIT_STRING}, {"error-context", WIT_ERROR_CONTEXT},
};

static WitType *parse_type(Parser *p);

static WitType *parse_angle1(Parser *p, WitType *t)
{
    expect(p, TOK_LT, "`<`");
    t->elem = parse_type(p);
    expect(p, TOK_GT, "`>`");
    return t;
}

/* list ::= 'list' '<' ty '>' | 'list' '<' ty ',' uint '>' */
static WitType *parse_list(Parser *p, WitType *t)
{
    expect(p, TOK_LT, "`<`");
    t->elem = parse_type(p);
    if (eat(p, TOK_COMMA)) {
        WitLoc loc = here(p);
        if (p->tok.kind != TOK_INT)
            fail_expected(p, "a list length");
        unsigned long long n = 0;
        for (size_t i = 0; i < p->tok.len && n <= UINT32_MAX; i++)
            n = n * 10 + (unsigned)(p->tok.text[i] - '0');
        if (n == 0 || n > UINT32_MAX || p->tok.text[0] == '0')
            wit_error(p->c, loc, "list length must be an integer from 1 "
                                 "to 4294967295 without leading zeros");
        t->length = (uint32_t)n;
        next(p);
    }
    expect(p, TOK_GT, "`>`");
    return t;
}

/* result ::= 'result' ('<' (ty | '_') (',' ty)? '>')? */
static WitType *parse_result(Parser *p, WitType *t)
{
    if (!eat(p, TOK_LT))
        return t;
    if (eat(p, TOK_UNDERSCORE)) {
        expect(p, TOK_COMMA, "`,` after `_`");
        t->err = parse_type(p);
    } else {
        t->ok = parse_type(p);
        if (eat(p, TOK_COMMA))
            t->err = parse_type(p);
    }
    expect(p, TOK_GT, "`>`");
    return t;
}

/* tuple ::= 'tuple' '<' ty (',' ty)* ','? '>' */
static WitType *parse_tuple(Parser *p, WitType *t)
{
    expect(p, TOK_LT, "`<`");
    if (p->tok.kind == TOK_GT)
        wit_error(p->c, here(p), "a tuple needs at least one type");
    while (p->tok.kind != TOK_GT) {
        WIT_PUSH(p->a, t->elems, t->nelems, parse_type(p));
        if (!eat(p, TOK_COMMA))
            break;
    }
    expect(p, TOK_GT, "`,` or `>`");
    return t;
}

/* map ::= 'map' '<' kt ',' ty '>' */
static WitType *parse_map(Parser *p, WitType *t)
{
    expect(p, TOK_LT, "`<`");
    t->key = parse_type(p);
    WitTypeKind k = t->key->kind;
    if (!(k <= WIT_STRING && k != WIT_F32 && k != WIT_F64))
        wit_error(p->c, t->key->loc, "map keys must be integers, `char`, "
                                     "`bool` or `string`");
    expect(p, TOK_COMMA, "`,`");
    t->elem = parse_type(p);
    expect(p, TOK_GT, "`>`");
    return t;
}

/* handle ::= id | 'own' '<' id '>' | 'borrow' '<' id '>' */
static WitType *parse_handle(Parser *p, WitType *t, bool own)
{
    expect(p, TOK_LT, "`<`");
    WitLoc loc = here(p);
    WitType *ref = new_type(p, WIT_REF, loc);
    ref->name = parse_id(p, "a resource name");
    ref->length = 1; /* must name a resource */
    expect(p, TOK_GT, "`>`");
    if (own)
        return ref;
    t->elem = ref;
    return t;
}

/* ty ::= primitive | tuple | list | option | result | map | handle
 *      | future | stream | id */
static WitType *parse_type(Parser *p)
{
    WitLoc loc = here(p);
    if (p->tok.kind == TOK_EXPLICIT) {
        WitType *t = new_type(p, WIT_REF, loc);
        t->name = parse_id(p, "a type");
        return t;
    }
    if (p->tok.kind != TOK_ID)
        fail_expected(p, "a type");
    for (size_t i = 0; i < sizeof prims / sizeof *prims; i++)
        if (eat_kw(p, prims[i].name))
            return new_type(p, prims[i].kind, loc);
    if (eat_kw(p, "list"))
        return parse_list(p, new_type(p, WIT_LIST, loc));
    if (eat_kw(p, "option"))
        return parse_angle1(p, new_type(p, WIT_OPTION, loc));
    if (eat_kw(p, "result"))
        return parse_result(p, new_type(p, WIT_RESULT, loc));
    if (eat_kw(p, "tuple"))
        return parse_tuple(p, new_type(p, WIT_TUPLE, loc));
    if (eat_kw(p, "map"))
        return parse_map(p, new_type(p, WIT_MAP, loc));
    if (eat_kw(p, "own"))
        return parse_handle(p, NULL, true);
    if (eat_kw(p, "borrow"))
        return parse_handle(p, new_type(p, WIT_BORROW, loc), false);
    bool fut = is_kw(p, "future");
    if (fut || is_kw(p, "stream")) {
        next(p);
        WitType *t = new_type(p, fut ? WIT_FUTURE : WIT_STREAM, loc);
        return p->tok.kind == TOK_LT ? parse_angle1(p, t) : t;
    }
    if (wit_is_keyword(p->tok.text, p->tok.len))
        fail_expected(p, "a type");
    WitType *t = new_type(p, WIT_REF, loc);
    t->name = parse_id(p, "a type");
    return t;
}

/* param-list ::= '(' (id ':' ty (',' id ':' ty)* ','?)? ')' */
static void parse_params(Parser *p, WitFunc *fn)
{
    expect(p, TOK_LPAREN, "`(`");
    while (p->tok.kind != TOK_RPAREN) {
        WitParam prm = {.loc = here(p)};
        prm.name = parse_id(p, "a parameter name");
        expect(p, TOK_COLON, "`:`");
        prm.type = parse_type(p);
        WIT_PUSH(p->a, fn->params, fn->nparams, prm);
        if (!eat(p, TOK_COMMA))
            break;
    }
    expect(p, TOK_RPAREN, "`,` or `)`");
}

/* func-type ::= 'async'? 'func' param-list ('->' ty)? */
static void parse_func_type(Parser *p, WitFunc *fn)
{
    fn->is_async = eat_kw(p, "async");
    expect_kw(p, "func");
    parse_params(p, fn);
    if (eat(p, TOK_ARROW)) {
        if (p->tok.kind == TOK_LPAREN)
            wit_lex_fail(&p->lx, p->tok.line, p->tok.col,
                         "named results are not part of WIT any more; "
                         "return one type (a tuple or a record)");
        fn->result = parse_type(p);
    }
}

static WitFunc *new_func(Parser *p, const Prefix *pre, WitFuncKind k)
{
    WitFunc *fn = arena_alloc(p->a, sizeof *fn);
    fn->kind = k;
    fn->docs = pre->docs;
    fn->gate = pre->gate;
    fn->external_id = pre->external_id;
    fn->loc = here(p);
    return fn;
}

/* gate-item ::= '@since' '(' 'version' '=' semver ')'
 *             | '@unstable' '(' 'feature' '=' id ')'
 *             | '@deprecated' '(' 'version' '=' semver ')'
 *             | '@external-id' '(' string ')' */
static void parse_gate_item(Parser *p, Prefix *pre)
{
    WitLoc loc = here(p);
    next(p); /* @ */
    if (p->tok.kind != TOK_ID)
        fail_expected(p, "`since`, `unstable`, `deprecated` or `external-id`");
    char name[24];
    snprintf(name, sizeof name, "%.*s", (int)p->tok.len, p->tok.text);
    next(p);
    expect(p, TOK_LPAREN, "`(`");
    const char **slot = NULL;
    bool dup = false;
    if (!strcmp(name, "external-id")) {
        if (p->tok.kind != TOK_STRING)
            fail_expected(p, "a string");
        slot = &pre->external_id;
        dup = *slot != NULL;
        if (!*slot)
            *slot = arena_strndup(p->a, p->tok.text, p->tok.len);
        next(p);
    } else if (!strcmp(name, "unstable")) {
        expect_kw(p, "feature");
        expect(p, TOK_EQ, "`=`");
        slot = &pre->gate.unstable;
        dup = *slot != NULL;
        const char *f = parse_id(p, "a feature name");
        if (!*slot)
            *slot = f;
    } else if (!strcmp(name, "since") || !strcmp(name, "deprecated")) {
        expect_kw(p, "version");
        expect(p, TOK_EQ, "`=`");
        slot = name[0] == 's' ? &pre->gate.since : &pre->gate.deprecated;
        dup = *slot != NULL;
        const char *v = parse_version(p);
        if (!*slot)
            *slot = v;
    } else {
        wit_lex_fail(&p->lx, loc.line, loc.col,
                     "unknown attribute `@%s` (expected @since, @unstable, "
                     "@deprecated or @external-id)", name);
    }
    expect(p, TOK_RPAREN, "`)`");
    if (pre->any && dup)
        wit_error(p->c, loc, "`@%s` written twice", name);
    pre->any = true;
}

static Prefix parse_prefix(Parser *p)
{
    Prefix pre = {.docs = p->tok.docs, .loc = here(p)};
    while (p->tok.kind == TOK_AT)
        parse_gate_item(p, &pre);
    if (pre.gate.since && pre.gate.unstable)
        wit_error(p->c, pre.loc, "an item cannot be both `@since` and "
                                 "`@unstable`");
    return pre;
}

static void no_external_id(Parser *p, const Prefix *pre)
{
    if (pre->external_id)
        wit_error(p->c, pre->loc, "`@external-id` is not allowed here");
}

static void no_prefix(Parser *p, const Prefix *pre, const char *what)
{
    if (pre->any)
        wit_error(p->c, pre->loc, "%s cannot be gated", what);
}

/* use-item ::= 'use' use-path '.' '{' id ('as' id)? (',' ...)* ','? '}' ';' */
static WitUse *parse_use(Parser *p, const Prefix *pre)
{
    WitUseX *u = arena_alloc(p->a, sizeof *u);
    u->pub.docs = pre->docs;
    u->pub.gate = pre->gate;
    u->pub.loc = pre->loc;
    no_external_id(p, pre);
    next(p); /* use */
    parse_path(p, &u->path);
    expect(p, TOK_DOT, "`.` and a list of names in braces");
    expect(p, TOK_LBRACE, "`{`");
    while (p->tok.kind != TOK_RBRACE) {
        WitUseName n = {.loc = here(p)};
        n.name = parse_id(p, "a type name");
        if (eat_kw(p, "as"))
            n.as = parse_id(p, "a name");
        WIT_PUSH(p->a, u->pub.names, u->pub.nnames, n);
        if (!eat(p, TOK_COMMA))
            break;
    }
    if (u->pub.nnames == 0)
        fail_expected(p, "a name");
    expect(p, TOK_RBRACE, "`,` or `}`");
    expect(p, TOK_SEMI, "`;`");
    return &u->pub;
}

static WitType *new_named(Parser *p, const Prefix *pre, WitTypeKind k)
{
    WitType *t = new_type(p, k, pre->loc);
    t->docs = pre->docs;
    t->gate = pre->gate;
    t->external_id = pre->external_id;
    next(p); /* the keyword */
    t->loc = here(p);
    t->name = parse_id(p, "a type name");
    return t;
}

/* Comma-separated cases in braces; payloads for variants. */
static void parse_cases(Parser *p, WitType *t, bool payload)
{
    expect(p, TOK_LBRACE, "`{`");
    while (p->tok.kind != TOK_RBRACE) {
        WitCase cs = {.docs = p->tok.docs, .loc = here(p)};
        cs.name = parse_id(p, "a case name");
        if (payload && eat(p, TOK_LPAREN)) {
            cs.type = parse_type(p);
            expect(p, TOK_RPAREN, "`)`");
        }
        WIT_PUSH(p->a, t->cases, t->ncases, cs);
        if (!eat(p, TOK_COMMA))
            break;
    }
    expect(p, TOK_RBRACE, "`,` or `}`");
}

/* record-item ::= 'record' id '{' id ':' ty (',' id ':' ty)* ','? '}' */
static void parse_fields(Parser *p, WitType *t)
{
    expect(p, TOK_LBRACE, "`{`");
    while (p->tok.kind != TOK_RBRACE) {
        WitField fd = {.docs = p->tok.docs, .loc = here(p)};
        fd.name = parse_id(p, "a field name");
        expect(p, TOK_COLON, "`:`");
        fd.type = parse_type(p);
        WIT_PUSH(p->a, t->fields, t->nfields, fd);
        if (!eat(p, TOK_COMMA))
            break;
    }
    expect(p, TOK_RBRACE, "`,` or `}`");
}

static void method_names(Parser *p, WitType *res, WitFunc *fn)
{
    static const char *const kinds[] = {"", "constructor", "method", "static"};
    if (fn->kind == WIT_FUNC_CONSTRUCTOR)
        fn->abi_name = arena_printf(p->a, "[constructor]%s", res->name);
    else
        fn->abi_name = arena_printf(p->a, "[%s]%s.%s", kinds[fn->kind],
                                    res->name, fn->name);
    fn->resource = res;
}

/* resource-method ::= id ':' func-type ';'
 *                   | id ':' 'static' func-type ';'
 *                   | 'constructor' param-list ('->' ty)? ';' */
static void parse_resource_item(Parser *p, WitType *res)
{
    Prefix pre = parse_prefix(p);
    WitFunc *fn;
    if (is_kw(p, "constructor")) {
        fn = new_func(p, &pre, WIT_FUNC_CONSTRUCTOR);
        fn->name = "constructor";
        next(p);
        parse_params(p, fn);
        fn->result = eat(p, TOK_ARROW) ? parse_type(p) : res;
    } else {
        fn = new_func(p, &pre, WIT_FUNC_METHOD);
        fn->name = parse_id(p, "a method name or `constructor`");
        expect(p, TOK_COLON, "`:`");
        if (eat_kw(p, "static")) {
            fn->kind = WIT_FUNC_STATIC;
            parse_func_type(p, fn);
        } else {
            /* the implicit `self: borrow<r>` comes first */
            WitParam self = {.name = "self", .loc = fn->loc};
            self.type = new_type(p, WIT_BORROW, fn->loc);
            self.type->elem = res;
            WIT_PUSH(p->a, fn->params, fn->nparams, self);
            parse_func_type(p, fn);
        }
    }
    method_names(p, res, fn);
    expect(p, TOK_SEMI, "`;`");
    WIT_PUSH(p->a, res->funcs, res->nfuncs, fn);
}

/* typedef-item ::= resource-item | variant-items | record-item
 *                | flags-items | enum-items | type-item */
static WitType *parse_typedef(Parser *p, const Prefix *pre)
{
    if (is_kw(p, "type")) {
        WitType *t = new_named(p, pre, WIT_ALIAS);
        expect(p, TOK_EQ, "`=`");
        t->elem = parse_type(p);
        expect(p, TOK_SEMI, "`;`");
        return t;
    }
    static const struct {
        const char *kw;
        WitTypeKind kind;
        const char *empty;
    } defs[] = {
        {"record", WIT_RECORD, "record `%s` needs at least one field"},
        {"variant", WIT_VARIANT, "variant `%s` needs at least one case"},
        {"enum", WIT_ENUM, "enum `%s` needs at least one case"},
        {"flags", WIT_FLAGS, "flags `%s` needs at least one label"},
    };
    for (size_t i = 0; i < sizeof defs / sizeof *defs; i++) {
        if (!is_kw(p, defs[i].kw))
            continue;
        WitType *t = new_named(p, pre, defs[i].kind);
        if (t->kind == WIT_RECORD)
            parse_fields(p, t);
        else
            parse_cases(p, t, t->kind == WIT_VARIANT);
        if (t->nfields + t->ncases == 0)
            wit_error(p->c, t->loc, defs[i].empty, t->name);
        return t;
    }
    if (!is_kw(p, "resource"))
        return NULL;
    WitType *t = new_named(p, pre, WIT_RESOURCE);
    if (eat(p, TOK_SEMI))
        return t;
    expect(p, TOK_LBRACE, "`;` or `{`");
    while (!eat(p, TOK_RBRACE))
        parse_resource_item(p, t);
    return t;
}

/* interface-items ::= gate (use-item | typedef-item | func-item)
 * func-item ::= id ':' func-type ';' */
static void parse_iface_items(Parser *p, WitInterface *in)
{
    expect(p, TOK_LBRACE, "`{`");
    while (!eat(p, TOK_RBRACE)) {
        Prefix pre = parse_prefix(p);
        if (is_kw(p, "use")) {
            WIT_PUSH(p->a, in->uses, in->nuses, parse_use(p, &pre));
            continue;
        }
        WitType *t = parse_typedef(p, &pre);
        if (t) {
            t->iface = in;
            WIT_PUSH(p->a, in->types, in->ntypes, t);
            continue;
        }
        if (!at_id(p))
            fail_expected(p, "`use`, a type definition, a function or `}`");
        WitFunc *fn = new_func(p, &pre, WIT_FUNC_FREESTANDING);
        fn->name = parse_id(p, "a function name");
        fn->abi_name = fn->name;
        expect(p, TOK_COLON, "`:`");
        parse_func_type(p, fn);
        expect(p, TOK_SEMI, "`;`");
        WIT_PUSH(p->a, in->funcs, in->nfuncs, fn);
    }
}

static WitIfaceX *new_iface(Parser *p, const Prefix *pre, WitPkgX *pkg)
{
    WitIfaceX *ix = arena_alloc(p->a, sizeof *ix);
    ix->file = p->f;
    ix->pub.package = &pkg->pub;
    ix->pub.docs = pre->docs;
    ix->pub.gate = pre->gate;
    ix->pub.loc = here(p);
    return ix;
}

/* Whether `id:` here starts a package path (`a:b/c`, lexed as one unit)
 * rather than a plain name followed by `:`. */
static bool path_follows(const Parser *p, size_t id_end)
{
    if (p->tok.kind != TOK_COLON || p->tok.start != id_end)
        return false;
    size_t after = p->tok.end;
    if (after >= p->f->len)
        return false;
    char ch = p->f->text[after];
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '%';
}

/* import-item ::= 'import' id ':' extern-type | 'import' use-path ';'
 * extern-type ::= func-type ';' | 'interface' '{' interface-items* '}'
 *               | use-path ';' */
static void parse_import_export(Parser *p, const Prefix *pre, WitWorldX *w,
                                WitPkgX *pkg)
{
    WitItemX *it = arena_alloc(p->a, sizeof *it);
    WitWorldItem *wi = &it->pub;
    wi->is_export = is_kw(p, "export");
    wi->docs = pre->docs;
    wi->gate = pre->gate;
    wi->external_id = pre->external_id;
    next(p);
    wi->loc = here(p);
    size_t id_end = p->tok.end;
    bool id_first = at_id(p);
    WitToken save = p->tok;
    if (id_first) {
        next(p);
        if (p->tok.kind == TOK_COLON && !path_follows(p, id_end)) {
            wi->named = true;
            wi->name = arena_strndup(p->a, save.text, save.len);
            next(p);
        } else {
            wit_lex_seek(&p->lx, save.start, save.line, save.col);
            next(p);
        }
    }
    if (wi->named && is_kw(p, "interface")) {
        Prefix none = {0};
        WitIfaceX *ix = new_iface(p, &none, pkg);
        ix->pub.world = &w->pub;
        next(p);
        parse_iface_items(p, &ix->pub);
        wi->kind = WIT_WORLD_INTERFACE;
        wi->iface = &ix->pub;
    } else if (wi->named && (is_kw(p, "func") || is_kw(p, "async"))) {
        WitFunc *fn = new_func(p, pre, WIT_FUNC_FREESTANDING);
        fn->name = wi->name;
        fn->abi_name = wi->name;
        parse_func_type(p, fn);
        expect(p, TOK_SEMI, "`;`");
        wi->kind = WIT_WORLD_FUNC;
        wi->func = fn;
    } else {
        parse_path(p, &it->path);
        it->by_path = true;
        wi->kind = WIT_WORLD_INTERFACE;
        expect(p, TOK_SEMI, "`;`");
    }
    WIT_PUSH(p->a, w->pub.items, w->pub.nitems, wi);
}

/* include-item ::= 'include' use-path ';'
 *                | 'include' use-path 'with' '{' id 'as' id (',' ...)* '}' */
static void parse_include(Parser *p, const Prefix *pre, WitWorldX *w)
{
    WitIncludeX *inc = arena_alloc(p->a, sizeof *inc);
    inc->pub.docs = pre->docs;
    inc->pub.gate = pre->gate;
    inc->pub.loc = pre->loc;
    no_external_id(p, pre);
    next(p);
    parse_path(p, &inc->path);
    if (eat_kw(p, "with")) {
        expect(p, TOK_LBRACE, "`{`");
        size_t n = 0;
        while (p->tok.kind != TOK_RBRACE) {
            WitLoc loc = here(p);
            const char *from = parse_id(p, "a name");
            expect_kw(p, "as");
            const char *to = parse_id(p, "a name");
            WIT_PUSH(p->a, inc->pub.with_from, n, from);
            n--;
            WIT_PUSH(p->a, inc->pub.with_to, n, to);
            n--;
            WIT_PUSH(p->a, inc->with_locs, n, loc);
            if (!eat(p, TOK_COMMA))
                break;
        }
        inc->pub.nwith = n;
        expect(p, TOK_RBRACE, "`,` or `}`");
        eat(p, TOK_SEMI); /* optional after the braces */
        WIT_PUSH(p->a, w->pub.includes, w->pub.nincludes, &inc->pub);
        return;
    }
    expect(p, TOK_SEMI, "`;`");
    WIT_PUSH(p->a, w->pub.includes, w->pub.nincludes, &inc->pub);
}

/* world-items ::= gate (export-item | import-item | use-item
 *                      | typedef-item | include-item) */
static void parse_world_items(Parser *p, WitWorldX *w, WitPkgX *pkg)
{
    expect(p, TOK_LBRACE, "`{`");
    while (!eat(p, TOK_RBRACE)) {
        Prefix pre = parse_prefix(p);
        if (is_kw(p, "import") || is_kw(p, "export")) {
            parse_import_export(p, &pre, w, pkg);
        } else if (is_kw(p, "use")) {
            WIT_PUSH(p->a, w->pub.uses, w->pub.nuses, parse_use(p, &pre));
        } else if (is_kw(p, "include")) {
            parse_include(p, &pre, w);
        } else {
            WitType *t = parse_typedef(p, &pre);
            if (!t)
                fail_expected(p, "`import`, `export`, `use`, `include`, a "
                                 "type definition or `}`");
            t->world = &w->pub;
            WIT_PUSH(p->a, w->pub.types, w->pub.ntypes, t);
        }
    }
}

/* package-decl ::= 'package' id ':' id ('@' valid-semver)? */
static void parse_pkg_name(Parser *p, WitPackage *pkg)
{
    next(p); /* package */
    pkg->loc = here(p);
    pkg->ns = parse_id(p, "a package namespace");
    expect(p, TOK_COLON, "`:`");
    pkg->name = parse_id(p, "a package name");
    if (p->tok.kind == TOK_COLON || p->tok.kind == TOK_SLASH)
        wit_lex_fail(&p->lx, p->tok.line, p->tok.col,
                     "nested namespaces and packages are not supported");
    if (eat(p, TOK_AT))
        pkg->version = parse_version(p);
}

/* toplevel-use-item ::= 'use' use-path ('as' id)? ';' */
static void parse_top_use(Parser *p, const Prefix *pre)
{
    no_prefix(p, pre, "a top-level `use`");
    WitTopUse *u = arena_alloc(p->a, sizeof *u);
    u->loc = here(p);
    next(p);
    parse_path(p, &u->path);
    if (eat_kw(p, "as"))
        u->as = parse_id(p, "a name");
    expect(p, TOK_SEMI, "`;`");
    WIT_PUSH(p->a, p->f->uses, p->f->nuses, u);
}

/* package-items ::= toplevel-use-item | interface-item | world-item */
static bool parse_package_item(Parser *p, WitPkgX *pkg, const Prefix *prefix)
{
    Prefix pre = *prefix;
    if (is_kw(p, "use")) {
        parse_top_use(p, &pre);
    } else if (is_kw(p, "interface")) {
        no_external_id(p, &pre);
        next(p);
        WitIfaceX *ix = new_iface(p, &pre, pkg);
        ix->pub.name = parse_id(p, "an interface name");
        parse_iface_items(p, &ix->pub);
        WIT_PUSH(p->a, pkg->pub.interfaces, pkg->pub.ninterfaces, &ix->pub);
    } else if (is_kw(p, "world")) {
        no_external_id(p, &pre);
        next(p);
        WitWorldX *wx = arena_alloc(p->a, sizeof *wx);
        wx->file = p->f;
        wx->pub.package = &pkg->pub;
        wx->pub.docs = pre.docs;
        wx->pub.gate = pre.gate;
        wx->pub.loc = here(p);
        wx->pub.name = parse_id(p, "a world name");
        parse_world_items(p, wx, pkg);
        WIT_PUSH(p->a, pkg->pub.worlds, pkg->pub.nworlds, &wx->pub);
    } else {
        return false;
    }
    return true;
}

/* nested-package-definition ::= package-decl '{' package-items* '}' */
static void parse_nested(Parser *p, WitParseOut *out, const Prefix *pre,
                         const WitPackage *decl, size_t start)
{
    WitPkgX *pkg = arena_alloc(p->a, sizeof *pkg);
    no_prefix(p, pre, "a package");
    pkg->pub = *decl;
    pkg->has_name = true;
    expect(p, TOK_LBRACE, "`{`");
    WitSrcFile *outer = p->f;
    WitSrcFile *scope = arena_alloc(p->a, sizeof *scope);
    *scope = (WitSrcFile){outer->name, outer->text, outer->len, NULL, 0};
    p->f = scope;
    while (!eat(p, TOK_RBRACE)) {
        Prefix item = parse_prefix(p);
        if (!parse_package_item(p, pkg, &item))
            fail_expected(p, "`use`, `interface`, `world` or `}`");
    }
    p->f = outer;
    pkg->src_text = outer->text + start;
    pkg->src_len = p->tok.start - start;
    WIT_PUSH(p->a, out->nested, out->nnested, pkg);
}

/* Rejects bidirectional overrides and control codes (WIT.md "Lexical
 * structure"), wherever they are, comments included. */
static bool check_chars(Parser *p)
{
    unsigned line = 1, col = 1;
    const unsigned char *s = (const unsigned char *)p->f->text;
    for (size_t i = 0; i < p->f->len; i++, col++) {
        unsigned ch = s[i];
        bool bidi = ch == 0xe2 && i + 2 < p->f->len &&
                    ((s[i + 1] == 0x80 && s[i + 2] >= 0xaa && s[i + 2] <= 0xae) ||
                     (s[i + 1] == 0x81 && s[i + 2] >= 0xa6 && s[i + 2] <= 0xa9));
        if (bidi || (ch < 0x20 && ch != '\n' && ch != '\r' && ch != '\t') ||
            ch == 0x7f) {
            wit_error(p->c, (WitLoc){p->f->name, line, col},
                      bidi ? "bidirectional override characters are not "
                             "allowed"
                           : "control character 0x%02x not allowed", ch);
            return false;
        }
        if (ch == '\n') {
            line++;
            col = 0;
        }
    }
    return true;
}

static void set_package_name(Parser *p, WitPkgX *into, const WitPackage *decl)
{
    if (!into->has_name) {
        into->pub.ns = decl->ns;
        into->pub.name = decl->name;
        into->pub.version = decl->version;
        into->pub.loc = decl->loc;
        into->pub.docs = decl->docs;
        into->has_name = true;
        return;
    }
    const WitPackage *a = &into->pub;
    bool same = !strcmp(a->ns, decl->ns) && !strcmp(a->name, decl->name) &&
                (a->version && decl->version ? !strcmp(a->version, decl->version)
                                             : a->version == decl->version);
    if (!same)
        wit_error(p->c, decl->loc,
                  "package `%s:%s%s%s` differs from `%s:%s%s%s` declared in "
                  "%s:%u", decl->ns, decl->name, decl->version ? "@" : "",
                  decl->version ? decl->version : "", a->ns, a->name,
                  a->version ? "@" : "", a->version ? a->version : "",
                  a->loc.file, a->loc.line);
    if (!into->pub.docs)
        into->pub.docs = decl->docs;
}

/* wit-file ::= (package-decl ';')? (package-items | nested-package-definition)* */
bool wit_parse_file(WitCtx *c, WitSrcFile *f, WitPkgX *into, WitParseOut *out)
{
    Parser *p = arena_alloc(c->arena, sizeof *p);
    p->c = c;
    p->a = c->arena;
    p->f = f;
    if (!check_chars(p))
        return false;
    wit_lex_init(&p->lx, c, f, &p->fail);
    if (setjmp(p->fail))
        return false;
    next(p);
    bool first = true;
    while (p->tok.kind != TOK_EOF) {
        Prefix pre = parse_prefix(p);
        if (is_kw(p, "package")) {
            WitPackage decl = {.docs = pre.docs};
            WitToken save = p->tok;
            parse_pkg_name(p, &decl);
            if (p->tok.kind == TOK_LBRACE) {
                parse_nested(p, out, &pre, &decl, save.start);
            } else {
                no_prefix(p, &pre, "a package");
                if (!first)
                    wit_error(p->c, decl.loc, "the package declaration must "
                                              "come first in the file");
                expect(p, TOK_SEMI, "`;` or `{`");
                set_package_name(p, into, &decl);
            }
        } else {
            if (!parse_package_item(p, into, &pre))
                fail_expected(p, "`package`, `use`, `interface` or `world`");
        }
        first = false;
    }
    out->top = into;
    return true;
}
