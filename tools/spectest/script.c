/* The commands of a spec script, as wast2json writes them (the reference
 * interpreter's script language: module, register, action and the
 * assertions).  Each command is one test: it passes, fails with a reason,
 * or is skipped (text-format modules need a text parser kiln lacks).
 *
 * A module that fails to compile or instantiate stays in the registry
 * with its reason, so every later command that uses it fails with that
 * reason instead of running against a stale module.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/invoke.h"
#include "spectest.h"

typedef enum Outcome {
    OUT_PASS,
    OUT_PASS_NOTE, /* passed, but with another trap message */
    OUT_FAIL,
    OUT_SKIP,
    OUT_SKIP_TEXT,
} Outcome;

typedef struct Script {
    const StOptions *o;
    StCounts *c;
    const char *display;
    char dir[4096]; /* where the script's .wasm files are */
    StRegistry reg;
    char why[1024];  /* reason of the current command's failure or note */
} Script;

/* The outcome of an action. */
typedef struct ActionOut {
    bool trapped;
    KilnTrapInfo trap;
    char letters[64]; /* result types, NUL-terminated */
    KilnValue *results;
    size_t nresults;
} ActionOut;

static const char *json_str(const cJSON *j, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, key));
}

/* wast2json writes a NUL in a name as \u0000, where cJSON would cut the
 * string.  load_json escapes it first with U+0001 (which wast2json also
 * writes only as \u0001): \u0001 becomes 01 01 and \u0000 becomes 01 02;
 * json_name undoes that. */
static bool json_name(const cJSON *j, const char *key, char *buf, size_t cap,
                      size_t *len)
{
    const char *s = json_str(j, key);
    if (!s)
        return false;
    size_t n = 0;
    while (*s && n + 1 < cap) {
        if (s[0] == 1 && (s[1] == 1 || s[1] == 2)) {
            buf[n++] = s[1] == 1 ? 1 : 0;
            s += 2;
        } else {
            buf[n++] = *s++;
        }
    }
    buf[n] = '\0';
    *len = n;
    return *s == '\0';
}

/* A copy of the JSON text with U+0000 and U+0001 escaped (see json_name). */
static char *hide_nuls(const char *text, size_t len)
{
    char *out = malloc(2 * len + 1), *o = out;
    if (!out)
        abort();
    size_t slashes = 0; /* backslashes just before *p */
    for (const char *p = text; *p; p++) {
        if (slashes % 2 == 1 && strncmp(p, "u000", 4) == 0 &&
            (p[4] == '0' || p[4] == '1')) {
            o += sprintf(o, "u0001\\u000%c", p[4] == '0' ? '2' : '1');
            p += 4;
            slashes = 0;
            continue;
        }
        slashes = *p == '\\' ? slashes + 1 : 0;
        *o++ = *p;
    }
    *o = '\0';
    return out;
}

static Outcome fail(Script *s, const char *fmt, const char *a, const char *b)
{
    snprintf(s->why, sizeof s->why, fmt, a, b);
    return OUT_FAIL;
}

static void module_path(Script *s, const cJSON *cmd, char *out, size_t len)
{
    snprintf(out, len, "%s/%s", s->dir, json_str(cmd, "filename"));
}

static bool is_text_module(const cJSON *cmd)
{
    const char *t = json_str(cmd, "module_type");
    const char *f = json_str(cmd, "filename");
    size_t n = f ? strlen(f) : 0;
    return (t && strcmp(t, "text") == 0) ||
           (n > 4 && strcmp(f + n - 4, ".wat") == 0);
}

/* ---- the per-command watchdog --------------------------------------------- */

static volatile sig_atomic_t watchdog_armed;

/* Unwinds the hung guest code to the innermost trap guard (the invoke or
 * the instantiation in progress).  SA_NODEFER: the guard's longjmp does
 * not restore the signal mask, so SIGALRM must not stay blocked. */
static void watchdog_fire(int sig)
{
    if (watchdog_armed) {
        watchdog_armed = 0;
        kiln_trap_host("command timed out");
    }
}

void st_script_watchdog(const StOptions *o, bool on)
{
    static bool installed;
    if (!o->cmd_timeout || o->no_fork)
        return;
    if (!installed) {
        struct sigaction sa = { .sa_handler = watchdog_fire,
                                .sa_flags = SA_NODEFER };
        sigemptyset(&sa.sa_mask);
        sigaction(SIGALRM, &sa, NULL);
        installed = true;
    }
    watchdog_armed = on;
    alarm(on ? o->cmd_timeout : 0);
}

static bool is_timeout(const KilnTrapInfo *t)
{
    return t->kind == KILN_TRAP_HOST &&
           strcmp(t->message, "command timed out") == 0;
}

static const char *timeout_text(Script *s)
{
    static char buf[16];
    snprintf(buf, sizeof buf, "%u", s->o->cmd_timeout);
    return buf;
}

/* ---- actions ------------------------------------------------------------ */

static StModule *action_module(Script *s, const cJSON *action)
{
    const char *name = json_str(action, "module");
    StModule *m = st_mod_find(&s->reg, name);
    if (!m)
        fail(s, "no module%s%s defined", name ? " " : "", name ? name : "");
    else if (!m->vm)
        snprintf(s->why, sizeof s->why, "module of line %u unavailable: %s",
                 m->line, m->why);
    return m && m->vm ? m : NULL;
}

static char type_letter(uint32_t code)
{
    switch (code) {
    case KILN_I32: return 'i';
    case KILN_I64: return 'l';
    case KILN_F32: return 'f';
    case KILN_F64: return 'd';
    case KILN_V128: return 'v';
    case KILN_FUNCREF: return 'F';
    case KILN_EXTERNREF: return 'E';
    default: return '?';
    }
}

static bool action_get(Script *s, StModule *m, const char *field,
                       size_t flen, ActionOut *out)
{
    KilnExtern ext;
    if (!kiln_instance_export(m->vm, field, flen, &ext) ||
        ext.kind != KILN_EXTERN_GLOBAL) {
        fail(s, "no global export `%.200s`%s", field, "");
        return false;
    }
    out->results = calloc(1, sizeof *out->results);
    out->results[0] = ext.u.global->value;
    out->letters[0] = type_letter(ext.u.global->type);
    out->nresults = 1;
    return true;
}

static bool action_invoke(Script *s, StModule *m, const char *field,
                          size_t flen, const cJSON *args, ActionOut *out)
{
    const KilnExportDesc *e = st_mod_export(m->desc, field, flen);
    const char *ps, *rs;
    size_t np, nr;
    if (!e || e->kind != KILN_EXTERN_FUNC ||
        !kiln_sig_split(e->sig, &ps, &np, &rs, &nr) || nr >= sizeof out->letters) {
        fail(s, "no function export `%.200s`%s", field, "");
        return false;
    }
    if ((size_t)cJSON_GetArraySize(args) != np) {
        fail(s, "`%.200s` takes %.200s arguments", field, e->sig);
        return false;
    }
    KilnValue *argv = calloc(np + 1, sizeof *argv);
    for (size_t i = 0; i < np; i++) {
        char letter;
        if (!st_val_arg(cJSON_GetArrayItem(args, (int)i), &letter, &argv[i]) ||
            letter != ps[i]) {
            free(argv);
            fail(s, "argument %s does not fit `%s`",
                 cJSON_PrintUnformatted(cJSON_GetArrayItem(args, (int)i)),
                 e->sig);
            return false;
        }
    }
    memcpy(out->letters, rs, nr);
    out->letters[nr] = '\0';
    out->nresults = nr;
    out->results = calloc(nr + 1, sizeof *out->results);
    st_script_watchdog(s->o, true);
    out->trapped = !kiln_invoke(e, m->vm, argv, np, out->results, nr,
                                &out->trap);
    st_script_watchdog(s->o, false);
    free(argv);
    if (out->trapped && is_timeout(&out->trap)) {
        fail(s, "%s after %s s", out->trap.message, timeout_text(s));
        return false;
    }
    if (out->trapped && out->trap.kind == KILN_TRAP_NONE) {
        fail(s, "cannot invoke: %s%s", out->trap.message, "");
        return false;
    }
    return true;
}

/* Runs the action; false when it could not be run (s->why says why). */
static bool run_action(Script *s, const cJSON *action, ActionOut *out)
{
    memset(out, 0, sizeof *out);
    const char *type = json_str(action, "type");
    char field[4096];
    size_t flen;
    StModule *m = action_module(s, action);
    if (!m)
        return false;
    if (!type || !json_name(action, "field", field, sizeof field, &flen)) {
        fail(s, "malformed action%s%s", "", "");
        return false;
    }
    if (strcmp(type, "get") == 0)
        return action_get(s, m, field, flen, out);
    if (strcmp(type, "invoke") == 0)
        return action_invoke(s, m, field, flen,
                             cJSON_GetObjectItemCaseSensitive(action, "args"),
                             out);
    fail(s, "unknown action type `%s`%s", type, "");
    return false;
}

static void trap_text(const ActionOut *a, char *buf, size_t len)
{
    snprintf(buf, len, "trap: %s",
             a->trap.message[0] ? a->trap.message
                                : kiln_trap_message(a->trap.kind));
}

/* ---- commands --------------------------------------------------------------- */

static Outcome cmd_module(Script *s, const cJSON *cmd)
{
    StModule *m = st_mod_add(&s->reg, json_str(cmd, "name"),
                             s->c->line);
    if (is_text_module(cmd)) {
        snprintf(m->why, sizeof m->why, "text-format module");
        return OUT_SKIP_TEXT;
    }
    char path[8192];
    module_path(s, cmd, path, sizeof path);
    m->desc = st_mod_load(s->o, &s->reg, path, m->why, sizeof m->why);
    if (!m->desc)
        return fail(s, "compile failed: %s%s", m->why, "");
    KilnTrapInfo t;
    m->vm = st_mod_instantiate(s->o, &s->reg, m->desc, &t);
    if (!m->vm && is_timeout(&t)) {
        snprintf(m->why, sizeof m->why, "start function timed out");
        return fail(s, "%s after %s s", m->why, timeout_text(s));
    }
    if (!m->vm) {
        snprintf(m->why, sizeof m->why, "%s: %s",
                 t.kind == KILN_TRAP_NONE ? "link error" : "start trapped",
                 t.message[0] ? t.message : kiln_trap_message(t.kind));
        return fail(s, "instantiation failed: %s%s", m->why, "");
    }
    return OUT_PASS;
}

static Outcome cmd_register(Script *s, const cJSON *cmd)
{
    const char *name = json_str(cmd, "name");
    const char *as = json_str(cmd, "as");
    StModule *m = st_mod_find(&s->reg, name);
    if (!m || !as)
        return fail(s, "register: no module %s%s", name ? name : "", "");
    st_mod_register(&s->reg, as, m);
    if (!m->vm)
        return fail(s, "register: module of line %s unavailable: %s", "",
                    m->why);
    return OUT_SKIP; /* not a test of its own */
}

static Outcome cmd_action(Script *s, const cJSON *cmd)
{
    ActionOut a;
    char buf[512];
    if (!run_action(s, cJSON_GetObjectItemCaseSensitive(cmd, "action"), &a))
        return OUT_FAIL;
    free(a.results);
    if (a.trapped) {
        trap_text(&a, buf, sizeof buf);
        return fail(s, "unexpected %s%s", buf, "");
    }
    return OUT_PASS;
}

static Outcome compare_results(Script *s, const cJSON *expected,
                               const ActionOut *a)
{
    size_t n = (size_t)cJSON_GetArraySize(expected);
    if (n != a->nresults) {
        char want[32];
        snprintf(want, sizeof want, "%zu", n);
        return fail(s, "expected %s results, got `%s`", want, a->letters);
    }
    for (size_t i = 0; i < n; i++) {
        StExpect e;
        if (!st_val_expect(cJSON_GetArrayItem(expected, (int)i), &e))
            return fail(s, "cannot read expected value %s%s",
                        cJSON_PrintUnformatted(
                            cJSON_GetArrayItem(expected, (int)i)), "");
        if (!st_val_matches(&e, a->letters[i], &a->results[i])) {
            char got[256], want[256];
            st_val_show_actual(&e, a->letters[i], &a->results[i], got,
                               sizeof got);
            st_val_show_expect(&e, want, sizeof want);
            snprintf(s->why, sizeof s->why, "result %zu: got %s, expected %s",
                     i, got, want);
            return OUT_FAIL;
        }
    }
    return OUT_PASS;
}

static Outcome cmd_assert_return(Script *s, const cJSON *cmd)
{
    ActionOut a;
    char buf[512];
    if (!run_action(s, cJSON_GetObjectItemCaseSensitive(cmd, "action"), &a))
        return OUT_FAIL;
    Outcome r;
    if (a.trapped) {
        trap_text(&a, buf, sizeof buf);
        r = fail(s, "unexpected %s%s", buf, "");
    } else {
        r = compare_results(s, cJSON_GetObjectItemCaseSensitive(cmd, "expected"),
                            &a);
    }
    free(a.results);
    return r;
}

/* A trap happened: is it the expected one?  The spec asks only that the
 * expected text be a prefix of the message. */
static Outcome check_trap_text(Script *s, const cJSON *cmd, KilnTrap kind,
                               const char *message)
{
    const char *want = json_str(cmd, "text");
    const char *std = kiln_trap_message(kind);
    if (!want || (std && strncmp(std, want, strlen(want)) == 0) ||
        strncmp(message, want, strlen(want)) == 0)
        return OUT_PASS;
    snprintf(s->why, sizeof s->why, "trapped with `%s`, expected `%s`",
             message[0] ? message : std, want);
    return OUT_PASS_NOTE;
}

static Outcome cmd_assert_uninstantiable(Script *s, const cJSON *cmd);

static Outcome cmd_assert_trap(Script *s, const cJSON *cmd)
{
    if (json_str(cmd, "filename")) /* (assert_trap (module ...)) */
        return cmd_assert_uninstantiable(s, cmd);
    ActionOut a;
    if (!run_action(s, cJSON_GetObjectItemCaseSensitive(cmd, "action"), &a))
        return OUT_FAIL;
    free(a.results);
    if (!a.trapped)
        return fail(s, "returned, expected trap `%s`%s", json_str(cmd, "text"),
                    "");
    return check_trap_text(s, cmd, a.trap.kind, a.trap.message);
}

static Outcome cmd_assert_bad(Script *s, const cJSON *cmd)
{
    if (is_text_module(cmd))
        return OUT_SKIP_TEXT;
    char path[8192], why[320];
    module_path(s, cmd, path, sizeof path);
    if (st_mod_check(s->o, path, why, sizeof why))
        return fail(s, "module compiled, expected `%s`%s", json_str(cmd, "text"),
                    "");
    snprintf(s->why, sizeof s->why, "rejected with `%s`, expected `%s`", why,
             json_str(cmd, "text"));
    return OUT_PASS;
}

static Outcome cmd_assert_unlinkable(Script *s, const cJSON *cmd)
{
    if (is_text_module(cmd))
        return OUT_SKIP_TEXT;
    char path[8192], why[320];
    module_path(s, cmd, path, sizeof path);
    const KilnModuleDesc *desc = st_mod_load(s->o, &s->reg, path, why,
                                             sizeof why);
    if (!desc) {
        /* A compile-time bound import (spectest functions) of the wrong
         * type is refused by the compiler: still "unlinkable". */
        if (strstr(why, "import")) {
            snprintf(s->why, sizeof s->why, "refused at compile time: %s", why);
            return OUT_PASS_NOTE;
        }
        return fail(s, "compile failed: %s%s", why, "");
    }
    KilnTrapInfo t;
    KilnVmctx *vm = st_mod_instantiate(s->o, &s->reg, desc, &t);
    if (vm)
        return fail(s, "module linked, expected `%s`%s", json_str(cmd, "text"),
                    "");
    if (t.kind != KILN_TRAP_NONE)
        return fail(s, "instantiation trapped (%s), expected link error%s",
                    kiln_trap_message(t.kind), "");
    return OUT_PASS;
}

static Outcome cmd_assert_uninstantiable(Script *s, const cJSON *cmd)
{
    if (is_text_module(cmd))
        return OUT_SKIP_TEXT;
    char path[8192], why[320];
    module_path(s, cmd, path, sizeof path);
    const KilnModuleDesc *desc = st_mod_load(s->o, &s->reg, path, why,
                                             sizeof why);
    if (!desc)
        return fail(s, "compile failed: %s%s", why, "");
    KilnTrapInfo t;
    KilnVmctx *vm = st_mod_instantiate(s->o, &s->reg, desc, &t);
    if (!vm && is_timeout(&t))
        return fail(s, "start function timed out after %s s%s",
                    timeout_text(s), "");
    if (vm)
        return fail(s, "module instantiated, expected trap `%s`%s",
                    json_str(cmd, "text"), "");
    if (t.kind == KILN_TRAP_NONE)
        return fail(s, "link error (%s), expected trap%s", t.message, "");
    return check_trap_text(s, cmd, t.kind, t.message);
}

static Outcome cmd_assert_exhaustion(Script *s, const cJSON *cmd)
{
    ActionOut a;
    if (!run_action(s, cJSON_GetObjectItemCaseSensitive(cmd, "action"), &a))
        return OUT_FAIL;
    free(a.results);
    if (!a.trapped)
        return fail(s, "returned, expected stack exhaustion%s%s", "", "");
    return check_trap_text(s, cmd, a.trap.kind, a.trap.message);
}

static const struct {
    const char *type;
    Outcome (*run)(Script *s, const cJSON *cmd);
} commands[] = {
    { "module", cmd_module },
    { "register", cmd_register },
    { "action", cmd_action },
    { "assert_return", cmd_assert_return },
    { "assert_trap", cmd_assert_trap },
    { "assert_exhaustion", cmd_assert_exhaustion },
    { "assert_invalid", cmd_assert_bad },
    { "assert_malformed", cmd_assert_bad },
    { "assert_unlinkable", cmd_assert_unlinkable },
    { "assert_uninstantiable", cmd_assert_uninstantiable },
};

/* ---- the script ------------------------------------------------------------ */

static Outcome run_command(Script *s, const cJSON *cmd, const char *type)
{
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(type, commands[i].type) == 0)
            return commands[i].run(s, cmd);
    snprintf(s->why, sizeof s->why, "unknown command `%s`", type);
    return OUT_SKIP;
}

static void count(Script *s, const char *type, Outcome r)
{
    StCounts *c = s->c;
    switch (r) {
    case OUT_PASS: c->passed++; break;
    case OUT_PASS_NOTE:
        c->passed++;
        c->notes++;
        if (s->o->verbose)
            printf("%s:%u: note: %s: %s\n", s->display, c->line, type, s->why);
        break;
    case OUT_FAIL:
        c->failed++;
        printf("%s:%u: FAIL %s: %s\n", s->display, c->line, type, s->why);
        break;
    case OUT_SKIP:
        if (strcmp(type, "register") != 0) {
            c->skipped++;
            if (s->o->verbose)
                printf("%s:%u: skipped %s: %s\n", s->display, c->line, type,
                       s->why);
        }
        break;
    case OUT_SKIP_TEXT: c->skipped_text++; break;
    }
    if (s->o->verbose > 1 && (r == OUT_PASS))
        printf("%s:%u: ok %s\n", s->display, c->line, type);
    fflush(stdout);
}

static cJSON *load_json(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    cJSON *j = NULL;
    if (text && fread(text, 1, (size_t)n, f) == (size_t)n) {
        text[n] = '\0';
        char *clean = hide_nuls(text, (size_t)n);
        j = cJSON_Parse(clean);
        free(clean);
    }
    free(text);
    fclose(f);
    return j;
}

void st_script_run(const StOptions *o, const char *json_path,
                   const char *display, StCounts *c)
{
    Script s = { .o = o, .c = c, .display = display };
    st_host_reset();
    snprintf(s.dir, sizeof s.dir, "%s", json_path);
    char *slash = strrchr(s.dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(s.dir, sizeof s.dir, ".");
    cJSON *root = load_json(json_path);
    const cJSON *cmds = cJSON_GetObjectItemCaseSensitive(root, "commands");
    if (!cJSON_IsArray(cmds)) {
        printf("%s: FAIL: cannot read %s\n", display, json_path);
        c->failed++;
        cJSON_Delete(root);
        return;
    }
    c->total = (unsigned)cJSON_GetArraySize(cmds);
    const cJSON *cmd;
    cJSON_ArrayForEach(cmd, cmds) {
        const char *type = json_str(cmd, "type");
        const cJSON *line = cJSON_GetObjectItemCaseSensitive(cmd, "line");
        c->line = cJSON_IsNumber(line) ? (unsigned)line->valueint : 0;
        s.why[0] = '\0';
        count(&s, type ? type : "?", run_command(&s, cmd, type ? type : "?"));
        c->done++;
    }
    st_mod_free_all(&s.reg);
    cJSON_Delete(root);
}
