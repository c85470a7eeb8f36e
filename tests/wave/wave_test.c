/* WAVE parser and printer (compiler/driver/wave.c): each row parses a
 * text as a value of a type from types.wit and prints it back; the
 * printed text must be the expected canonical form (and parse again to
 * the same text), or parsing must fail with the expected message.
 *
 *   wave-test types.wit
 */
#include <stdio.h>
#include <string.h>

#include "driver/wave.h"
#include "wit/wit.h"

typedef struct Row {
    const char *type;
    const char *text;
    const char *want; /* NULL: the text itself; "!msg": this error */
} Row;

static const Row rows[] = {
    /* bools and integers */
    {"t-bool", "true", NULL},
    {"t-bool", " false ", "false"},
    {"t-bool", "1", "!expected `true` or `false` at column 1"},
    {"t-s8", "-128", NULL},
    {"t-s8", "127", NULL},
    {"t-s8", "128", "!integer out of range for s8 at column 1"},
    {"t-s8", "-129", "!integer out of range for s8 at column 1"},
    {"t-u8", "255", NULL},
    {"t-u8", "-1", "!integer out of range for u8 at column 1"},
    {"t-u8", "-0", "0"},
    {"t-s16", "-32768", NULL},
    {"t-u16", "65535", NULL},
    {"t-u16", "65536", "!integer out of range for u16 at column 1"},
    {"t-s32", "-2147483648", NULL},
    {"t-u32", "4294967295", NULL},
    {"t-s64", "-9223372036854775808", NULL},
    {"t-s64", "9223372036854775808", "!integer out of range for s64 at column 1"},
    {"t-u64", "18446744073709551615", NULL},
    {"t-u64", "18446744073709551616", "!integer out of range at column 1"},
    {"t-u32", "1.5", "!expected an integer at column 1"},
    {"t-u32", "0x10", "!expected an integer at column 1"},
    /* floats */
    {"t-f32", "3.14", NULL},
    {"t-f32", "1e3", "1000"},
    {"t-f32", "-0", NULL},
    {"t-f32", "nan", NULL},
    {"t-f32", "inf", NULL},
    {"t-f32", "-inf", NULL},
    {"t-f64", "6.022e+23", "602200000000000000000000"},
    {"t-f64", "0.1", NULL},
    {"t-f64", "1e-7", "0.0000001"},
    {"t-f64", "1e21", "1000000000000000000000"},
    {"t-f64", "1.", "!expected a number, `nan`, `inf` or `-inf` at column 1"},
    {"t-f64", "-nan", "!expected a number, `nan`, `inf` or `-inf` at column 1"},
    {"t-f64", "NaN", "!expected a number, `nan`, `inf` or `-inf` at column 1"},
    /* chars */
    {"t-char", "'x'", NULL},
    {"t-char", "'\xe2\x98\x83'", NULL},
    {"t-char", "'\\''", NULL},
    {"t-char", "'\"'", "'\\\"'"},
    {"t-char", "'\\u{0}'", NULL},
    {"t-char", "'\\u{1F44B}'", "'\xf0\x9f\x91\x8b'"},
    {"t-char", "'\\u{7f}'", NULL},
    {"t-char", "'\\u{a0}'", NULL},
    {"t-char", "'\\u{301}'", NULL},
    {"t-char", "'\\u{feff}'", NULL},
    {"t-char", "'\\u{10ffff}'", NULL},
    {"t-char", "'\\u{e9}'", "'\xc3\xa9'"},
    {"t-char", "'\\t'", NULL},
    {"t-char", "'\\u{d800}'",
     "!`\\u{d800}` is not a Unicode scalar value at column 2"},
    {"t-char", "'ab'", "!expected `'` (a char holds one character) at column 3"},
    {"t-char", "''", "!empty char at column 2"},
    {"t-char", "'''", "!`'` must be escaped here at column 2"},
    {"t-char", "'\\q'", "!unknown escape at column 2"},
    /* strings */
    {"t-string", "\"abc\\t123\"", NULL},
    {"t-string", "\"\"", NULL},
    {"t-string", "\"\xf0\x9f\x91\x8b Hello\"", NULL},
    {"t-string", "\"it's \\\"q\\\" \\\\ \\n\"", "\"it\\'s \\\"q\\\" \\\\ \\n\""},
    {"t-string", "\"\\u{48}\\u{1b}\"", "\"H\\u{1b}\""},
    {"t-string", "\"open", "!unterminated string at column 6"},
    {"t-string", "\"a\nb\"", "!a line break must be written `\\n` here at line 1, column 3"},
    {"t-string", "\"\"\"\nA single line\n\"\"\"", "\"A single line\""},
    {"t-string", "\"\"\"\n    Indentation determined\n      by ending delimiter\n  \"\"\"",
     "\"  Indentation determined\\n    by ending delimiter\""},
    {"t-string", "\"\"\"\n  two \"quoted\"\n  lines\\r\n  \"\"\"",
     "\"two \\\"quoted\\\"\\nlines\\r\""},
    {"t-string", "\"\"\"x\"\"\"",
     "!a multi-line string starts with `\"\"\"` and a line break at column 1"},
    {"t-string", "\"\xff\"", "!invalid UTF-8 at column 2"},
    /* lists and tuples */
    {"t-list", "[1, 2, 3]", NULL},
    {"t-list", "[]", NULL},
    {"t-list", "[ 1 ,2, ]", "[1, 2]"},
    {"t-list", "[1 2]", "!expected `,` or `]` at column 4"},
    {"t-list", "[1, 2", "!expected `,` or `]` at column 6"},
    {"t-strings", "[[\"a\", \"b\"], [], [\"c\"]]", NULL},
    {"t-fixed", "[1, 2, 3]", NULL},
    {"t-fixed", "[1, 2]", "!expected a list of 3 elements, found 2 at column 1"},
    {"t-tuple", "(123, \"abc\")", NULL},
    {"t-tuple", "(1, \"x\",)", "(1, \"x\")"},
    {"t-tuple", "(1)", "!expected `,` at column 3"},
    {"t-tuple", "(1, \"x\", 2)", "!expected `)` after the 2 elements of the tuple at column 10"},
    /* records */
    {"point", "{x: 1, y: -2}", NULL},
    {"point", "{y: -2, x: 1,}", "{x: 1, y: -2}"},
    {"point", "{x: 1}", "!missing field `y` at column 1"},
    {"point", "{x: 1, z: 2}", "!unknown field `z` at column 8"},
    {"point", "{x: 1, x: 2}", "!field `x` given twice at column 8"},
    {"example", "{must-have: 123}", NULL},
    {"example", "{must-have: 123, optional: none,}", "{must-have: 123}"},
    {"example", "{must-have: 1, optional: some(2)}", NULL},
    {"example", "{must-have: 1, optional: 2}", "{must-have: 1, optional: some(2)}"},
    {"all-optional", "{:}", NULL},
    {"all-optional", "{optional: none}", "{:}"},
    /* variants and enums */
    {"response", "empty", NULL},
    {"response", "body([79, 75])", NULL},
    {"response", "%err(\"oops\")", NULL},
    {"response", "err(\"oops\")",
     "!`err` is a keyword: write the case as `%err` at column 1"},
    {"response", "body", "!expected `(` and the payload of case `body` at column 5"},
    {"response", "empty(1)", "!case `empty` has no payload at column 6"},
    {"response", "full", "!unknown variant case `full` at column 1"},
    {"status", "%ok", NULL},
    {"status", "not-found", NULL},
    {"status", "%not-found", "not-found"},
    /* options */
    {"t-option", "some(1)", NULL},
    {"t-option", "1", "some(1)"},
    {"t-option", "none", NULL},
    {"t-option-option", "some(none)", NULL},
    {"t-option-option", "some(some(3))", NULL},
    {"t-option-option", "3", "!expected `some(...)` or `none` at column 1"},
    {"t-option-point", "{x: 0, y: 0}", "some({x: 0, y: 0})"},
    /* results */
    {"t-result", "ok(1)", NULL},
    {"t-result", "1", "ok(1)"},
    {"t-result", "err", NULL},
    {"t-result", "err(1)", "!`err` of this result has no payload at column 4"},
    {"t-result-err", "ok", NULL},
    {"t-result-err", "err(\"oops\")", NULL},
    {"t-result-err", "\"x\"", "!expected `ok` or `err` at column 1"},
    {"t-result-unit", "ok", NULL},
    {"t-result-unit", "err", NULL},
    {"t-result-both", "\"flat ok\"", "ok(\"flat ok\")"},
    {"t-result-both", "err(not-found)", NULL},
    {"t-result-option", "ok(some(1))", NULL},
    {"t-result-option", "none", "!expected `ok` or `err` at column 1"},
    /* flags */
    {"perms", "{read, write}", NULL},
    {"perms", "{}", NULL},
    {"perms", "{exec, read,}", "{read, exec}"},
    {"perms", "{read, run}", "!unknown flag `run` at column 8"},
    {"perms", "{read, read}", "!flag `read` given twice at column 8"},
    /* handles (kiln's notation) */
    {"t-own", "#3", NULL},
    {"t-borrow", "#0", NULL},
    {"t-own", "3", "!expected a handle (`#` and its index) at column 1"},
    /* whitespace and comments between tokens */
    {"t-list", "[1, // one\n 2]", "[1, 2]"},
    {"t-u8", "1 2", "!unexpected text after the value at column 3"},
};

/* A named type of the interface; "t-borrow" is the parameter of `take`
 * (borrow handles exist only as parameters). */
static const WitType *type_named(const WitInterface *in, const char *name)
{
    if (!strcmp(name, "t-borrow"))
        return in->nfuncs ? in->funcs[0]->params[0].type : NULL;
    for (size_t i = 0; i < in->ntypes; i++)
        if (!strcmp(in->types[i]->name, name))
            return in->types[i];
    return NULL;
}

static int check_row(const WitInterface *in, const Row *r, Arena *a)
{
    const WitType *t = type_named(in, r->type);
    if (!t) {
        printf("FAIL: no type `%s`\n", r->type);
        return 1;
    }
    char err[WAVE_ERR_MAX] = "";
    WaveVal v;
    bool ok = wave_parse(a, t, r->text, &v, err, sizeof err);
    if (r->want && r->want[0] == '!') {
        if (ok || strcmp(err, r->want + 1) != 0) {
            printf("FAIL: %s `%s`: expected error `%s`, got %s`%s`\n",
                   r->type, r->text, r->want + 1, ok ? "success " : "",
                   ok ? wave_to_string(a, &v) : err);
            return 1;
        }
        return 0;
    }
    if (!ok) {
        printf("FAIL: %s `%s`: %s\n", r->type, r->text, err);
        return 1;
    }
    const char *want = r->want ? r->want : r->text;
    char *got = wave_to_string(a, &v);
    if (strcmp(got, want) != 0) {
        printf("FAIL: %s `%s`: printed `%s`, expected `%s`\n", r->type,
               r->text, got, want);
        return 1;
    }
    /* the printed form is canonical: it reads back and prints the same */
    WaveVal again;
    if (!wave_parse(a, t, got, &again, err, sizeof err) ||
        strcmp(wave_to_string(a, &again), got) != 0) {
        printf("FAIL: %s `%s` does not read back\n", r->type, got);
        return 1;
    }
    return 0;
}

/* Calls: the name, trailing options left out, arity errors. */
static int check_calls(const WitInterface *in, Arena *a)
{
    int fails = 0;
    const WitType *params[] = {type_named(in, "t-u8"),
                               type_named(in, "t-string"),
                               type_named(in, "t-option")};
    struct {
        const char *text, *want;
    } calls[] = {
        {"f(1, \"a\", some(2))", "f: 1 \"a\" some(2)"},
        {" [method]counter.get ( 1, \"a\" )", "[method]counter.get: 1 \"a\" none"},
        {"wasi:cli/run@0.2.3#run(1,\"\",)", "wasi:cli/run@0.2.3#run: 1 \"\" none"},
        {"f(1)", "!missing argument 2 (the function takes 3) at column 4"},
        {"f(1, \"a\", 2, 3)", "!too many arguments (the function takes 3) at column 14"},
        {"f(1, \"a\" 2)", "!expected `,` or `)` at column 10"},
        {"f(1, \"a\") x", "!unexpected text after the call at column 11"},
        {"f", "!expected `(` after the function name at column 2"},
        {"(1)", "!expected a function name at column 1"},
    };
    /* two calls in one text: the first ends after its `)` */
    {
        const char *two = "f(1, \"a\"); g(2, \"b\", none)";
        char err[WAVE_ERR_MAX] = "";
        const char *name;
        size_t at, end = 0;
        WaveVal args[3];
        if (!wave_call_name(a, two, 0, &name, &at, err, sizeof err) ||
            !wave_parse_args(a, two, at, params, 3, args, &end, err,
                             sizeof err) ||
            end != 9 || !wave_call_name(a, two, wave_skip_space(two, end + 1),
                                        &name, &at, err, sizeof err) ||
            strcmp(name, "g") != 0 ||
            !wave_parse_args(a, two, at, params, 3, args, NULL, err,
                             sizeof err)) {
            printf("FAIL: two calls: %s (end %zu)\n", err, end);
            fails++;
        }
    }
    for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
        char err[WAVE_ERR_MAX] = "", got[512];
        const char *name;
        size_t at;
        WaveVal args[3];
        if (!wave_call_name(a, calls[i].text, 0, &name, &at, err, sizeof err) ||
            !wave_parse_args(a, calls[i].text, at, params, 3, args, NULL, err,
                             sizeof err)) {
            snprintf(got, sizeof got, "!%s", err);
        } else {
            snprintf(got, sizeof got, "%s: %s %s %s", name,
                     wave_to_string(a, &args[0]), wave_to_string(a, &args[1]),
                     wave_to_string(a, &args[2]));
        }
        if (strcmp(got, calls[i].want) != 0) {
            printf("FAIL: call `%s`: got `%s`, expected `%s`\n", calls[i].text,
                   got, calls[i].want);
            fails++;
        }
    }
    return fails;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: wave-test types.wit\n");
        return 2;
    }
    Diag diag;
    diag_init(&diag, stderr);
    WitResolve *r = wit_load_file(argv[1], &diag);
    if (!r)
        return 1;
    const WitInterface *in = wit_find_interface(r, "types");
    if (!in) {
        printf("FAIL: no interface `types`\n");
        return 1;
    }
    Arena a;
    arena_init(&a);
    int fails = 0;
    size_t n = sizeof rows / sizeof *rows;
    for (size_t i = 0; i < n; i++)
        fails += check_row(in, &rows[i], &a);
    fails += check_calls(in, &a);
    printf("%zu values, %d failures\n", n, fails);
    arena_free(&a);
    wit_free(r);
    return fails ? 1 : 0;
}
