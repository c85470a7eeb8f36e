/* Names of the component model: kebab-case labels, import/export names
 * (Explainer.md "Import and Export Definitions": plain names with
 * [constructor]/[method]/[static] annotations, interface names
 * ns:pkg/iface@version, and the dependency forms url=<..>,
 * integrity=<..>, locked-dep=<..>, unlocked-dep=<..>), strong uniqueness
 * ("Name Uniqueness"), `nameattributes` (Binary.md) and the
 * `component-name` custom section (Binary.md "Name Section"). */
#include "component/cmp_internal.h"

#include <ctype.h>
#include <string.h>

static bool is_lower_alnum(char c) { return islower((unsigned char)c) || isdigit((unsigned char)c); }
static bool is_upper_alnum(char c) { return isupper((unsigned char)c) || isdigit((unsigned char)c); }

/* label ::= first-fragment ('-' fragment)*; a fragment is all-lowercase
 * (word) or all-uppercase (acronym); the first starts with a letter.
 * Checks s[0..len). */
static bool label_valid_n(const char *s, size_t len)
{
    if (len == 0 || !isalpha((unsigned char)s[0]))
        return false;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        bool upper = isupper((unsigned char)s[i]);
        while (i < len && s[i] != '-') {
            if (upper ? !is_upper_alnum(s[i]) : !is_lower_alnum(s[i]))
                return false;
            i++;
        }
        if (i == start)
            return false;
        if (i < len && ++i == len)
            return false; /* trailing '-' */
    }
    return true;
}

bool cmp_label_valid(const char *s) { return label_valid_n(s, strlen(s)); }

/* words ::= first-word ('-' word)*: lowercase only */
static bool words_valid_n(const char *s, size_t len)
{
    if (!label_valid_n(s, len))
        return false;
    for (size_t i = 0; i < len; i++)
        if (isupper((unsigned char)s[i]))
            return false;
    return true;
}

static bool num_valid(const char **p)
{
    const char *s = *p;
    if (!isdigit((unsigned char)*s))
        return false;
    if (*s == '0' && isdigit((unsigned char)s[1]))
        return false;
    while (isdigit((unsigned char)*s))
        s++;
    *p = s;
    return true;
}

static bool ident_chars(const char **p)
{
    const char *s = *p;
    while (isalnum((unsigned char)*s) || *s == '-' || *s == '.')
        s++;
    bool ok = s > *p;
    *p = s;
    return ok;
}

/* valid semver (semver.org), or a 🔗 canonversion: 1, 0.2, 0.0.1 */
static bool version_valid(const char *s)
{
    const char *p = s;
    int parts = 0;
    for (;;) {
        if (!num_valid(&p))
            return false;
        parts++;
        if (*p != '.' || parts == 3)
            break;
        p++;
    }
    if (parts < 3)
        return *p == 0;
    if (*p == '-') {
        p++;
        if (!ident_chars(&p))
            return false;
    }
    if (*p == '+') {
        p++;
        if (!ident_chars(&p))
            return false;
    }
    return *p == 0;
}

/* interfacename ::= words ':' words '/' label ('@' version)?
 * (nested namespaces and projections, 🪺, are not enabled) */
static bool interface_valid(Arena *a, CmpName *n)
{
    const char *s = n->str;
    const char *at = strchr(s, '@');
    size_t body = at ? (size_t)(at - s) : strlen(s);
    if (at) {
        if (!version_valid(at + 1))
            return false;
        n->version = at + 1;
    }
    const char *colon = memchr(s, ':', body);
    const char *slash = memchr(s, '/', body);
    if (!colon || !slash || slash < colon)
        return false;
    const char *end = s + body;
    if (memchr(colon + 1, ':', (size_t)(end - colon - 1)) ||
        memchr(slash + 1, '/', (size_t)(end - slash - 1)))
        return false;
    (void)a;
    return words_valid_n(s, (size_t)(colon - s)) &&
           words_valid_n(colon + 1, (size_t)(slash - colon - 1)) &&
           label_valid_n(slash + 1, (size_t)(end - slash - 1));
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* "[method]R.m" / "[static]R.m": two labels around one '.' */
static bool dotted(Arena *a, CmpName *n, const char *rest)
{
    const char *dot = strchr(rest, '.');
    if (!dot || !label_valid_n(rest, (size_t)(dot - rest)) ||
        !cmp_label_valid(dot + 1))
        return false;
    n->resource = arena_strndup(a, rest, (size_t)(dot - rest));
    n->item = dot + 1;
    return true;
}

static bool parse_name(Arena *a, CmpName *n)
{
    const char *s = n->str;
    if (strlen(s) != n->len)
        return false;
    if (starts(s, "[constructor]")) {
        n->kind = CMP_NAME_CONSTRUCTOR;
        n->resource = s + 13;
        return cmp_label_valid(n->resource);
    }
    if (starts(s, "[method]")) {
        n->kind = CMP_NAME_METHOD;
        return dotted(a, n, s + 8);
    }
    if (starts(s, "[static]")) {
        n->kind = CMP_NAME_STATIC;
        return dotted(a, n, s + 8);
    }
    static const char *deps[] = {"url=<", "integrity=<", "locked-dep=<",
                                 "unlocked-dep=<"};
    for (size_t i = 0; i < sizeof deps / sizeof *deps; i++)
        if (starts(s, deps[i])) {
            n->kind = CMP_NAME_DEP;
            return n->len > strlen(deps[i]) && s[n->len - 1] == '>';
        }
    if (strchr(s, ':')) {
        n->kind = CMP_NAME_INTERFACE;
        return interface_valid(a, n);
    }
    n->kind = CMP_NAME_PLAIN;
    return cmp_label_valid(s);
}

static const char *read_string(CmpDecoder *d)
{
    return wasm_rd_name(&d->r, d->a).str;
}

/* nameattributes ::= 0x00 len en | 0x01 len en | 0x02 len en vec(attribute)
 * attribute ::= 0x00 len interfacename | 0x01 len semversuffix
 *             | 0x02 name */
void cmp_read_extern_name(CmpDecoder *d, CmpName *n)
{
    memset(n, 0, sizeof *n);
    size_t at = d->r.pos;
    uint8_t form = wasm_rd_u8(&d->r);
    if (form > 2)
        wasm_rd_fail(&d->r, at, "malformed extern name prefix 0x%02x", form);
    n->offset = (uint32_t)d->r.pos;
    WasmName w = wasm_rd_name(&d->r, d->a);
    n->str = w.str;
    n->len = w.len;
    if (!parse_name(d->a, n))
        wasm_rd_fail(&d->r, n->offset, "`%s` is not a valid import or export "
                     "name (expected a kebab-case label, optionally "
                     "[constructor]/[method]/[static]-annotated, or "
                     "ns:pkg/interface@version)", n->str);
    if (form != 2)
        return;
    size_t cat = d->r.pos;
    uint32_t count = wasm_rd_count(&d->r, 2);
    bool seen[3] = {false, false, false};
    for (uint32_t i = 0; i < count; i++) {
        size_t kat = d->r.pos;
        uint8_t k = wasm_rd_u8(&d->r);
        if (k > 2)
            wasm_rd_fail(&d->r, kat, "malformed name attribute 0x%02x", k);
        if (seen[k])
            wasm_rd_fail(&d->r, kat, "duplicate name attribute");
        seen[k] = true;
        size_t vat = d->r.pos;
        const char *v = read_string(d);
        if (k == 0) {
            CmpName in = {.str = v, .len = (uint32_t)strlen(v)};
            if (!strchr(v, ':') || !interface_valid(d->a, &in))
                wasm_rd_fail(&d->r, vat, "`%s` is not a valid interface "
                             "name", v);
            n->implements = v;
        } else if (k == 1) {
            n->version_suffix = v;
        } else {
            n->external_id = v;
        }
    }
    (void)cat;
}

const char *cmp_read_label(CmpDecoder *d, const char *what)
{
    size_t at = d->r.pos;
    WasmName w = wasm_rd_name(&d->r, d->a);
    if (strlen(w.str) != w.len || !cmp_label_valid(w.str))
        wasm_rd_fail(&d->r, at, "`%s` is not a valid %s (labels are "
                     "kebab-case)", w.str, what);
    return w.str;
}

const char *cmp_name_canonical(Arena *a, const CmpName *n)
{
    const char *s = n->str;
    if (n->kind == CMP_NAME_METHOD || n->kind == CMP_NAME_STATIC) {
        if (strcasecmp(n->resource, n->item) == 0)
            s = n->item;
        else
            s = strchr(s, ']') + 1;
    }
    char *c = arena_strndup(a, s, strlen(s));
    for (char *p = c; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return c;
}

void cmp_check_unique(CmpDecoder *d, const char ***names, uint32_t *n,
                      uint32_t *cap, const CmpName *name, const char *what)
{
    const char *c = cmp_name_canonical(d->a, name);
    for (uint32_t i = 0; i < *n; i++)
        if (strcmp((*names)[i], c) == 0)
            wasm_rd_fail(&d->r, name->offset, "duplicate %s name `%s`", what,
                         name->str);
    const char **slot = cmp_push(d->a, (void **)names, n, cap, sizeof *slot);
    *slot = c;
}

/* ---- component-name custom section, read leniently ---- */

static void read_sort_names(CmpDecoder *d, CmpComponent *c)
{
    CmpSort sort = cmp_read_sort(d);
    uint32_t n = wasm_rd_count(&d->r, 2);
    CmpNameMap *map = &c->names[sort];
    map->names = arena_array(d->a, n, sizeof *map->names);
    map->n = 0;
    for (uint32_t i = 0; i < n; i++) {
        map->names[i].index = wasm_rd_u32(&d->r);
        map->names[i].name = read_string(d);
        map->n = i + 1;
    }
}

static void read_name_subsections(CmpDecoder *d, CmpComponent *c, size_t end)
{
    while (d->r.pos < end) {
        uint8_t id = wasm_rd_u8(&d->r);
        uint32_t size = wasm_rd_u32(&d->r);
        if (size > end - d->r.pos)
            wasm_rd_fail(&d->r, d->r.pos, "length out of bounds");
        size_t sub_end = d->r.pos + size;
        d->r.end = sub_end;
        if (id == 0)
            c->name = read_string(d);
        else if (id == 1)
            read_sort_names(d, c);
        d->r.pos = sub_end;
        d->r.end = end;
    }
}

/* A malformed name section is ignored (engines must not reject it):
 * read with silent diagnostics and a private unwinding point. */
void cmp_read_name_section(CmpDecoder *d, CmpComponent *c, size_t end)
{
    Diag quiet;
    diag_init(&quiet, NULL);
    jmp_buf fail;
    CmpDecoder sub = *d;
    sub.r.diag = &quiet;
    sub.r.fail = &fail;
    sub.r.end = end;
    if (setjmp(fail))
        return;
    read_name_subsections(&sub, c, end);
}
