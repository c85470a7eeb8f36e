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

static bool version_valid_as(const char *s, bool strict);

/* valid semver (semver.org), or a 🔗 canonversion: 1, 0.2, 0.0.1 */
static bool version_valid(const char *s)
{
    return version_valid_as(s, false);
}

bool cmp_semver_valid(const char *s)
{
    return version_valid_as(s, true);
}

/* strict: full major.minor.patch semver only */
static bool version_valid_as(const char *s, bool strict)
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
        return !strict && *p == 0;
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

/* ---- dependency names (wasm-tools' forms, import only):
 * locked-dep=<ns:pkg(@semver)?>(,integrity=<h>)?
 * unlocked-dep=<ns:pkg(@{range})?>   range: `*` or `>=v`, `<v`, `>=v <v`
 * url=<u>(,integrity=<h>)?            u without `<` and `>`
 * integrity=<h>                       h: (sha256|sha384|sha512)-base64,
 *                                     space separated ---- */

/* The text between `<` at *p and the next `>`; advances past it. */
static bool bracketed(const char **p, const char **b, size_t *len)
{
    if (**p != '<')
        return false;
    const char *e = strchr(*p + 1, '>');
    if (!e)
        return false;
    *b = *p + 1;
    *len = (size_t)(e - *b);
    *p = e + 1;
    return true;
}

static bool pkg_valid(const char *s, size_t len)
{
    const char *c = memchr(s, ':', len);
    return c && words_valid_n(s, (size_t)(c - s)) &&
           words_valid_n(c + 1, len - (size_t)(c + 1 - s));
}

static bool semver_n(const char *s, size_t len)
{
    char buf[128];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    return version_valid_as(buf, true);
}

static bool range_valid(const char *s, size_t len)
{
    if (len == 1 && s[0] == '*')
        return true;
    const char *end = s + len;
    bool any = false;
    if (len >= 2 && s[0] == '>' && s[1] == '=') {
        const char *sp = memchr(s, ' ', len);
        const char *ve = sp ? sp : end;
        if (!semver_n(s + 2, (size_t)(ve - s - 2)))
            return false;
        s = sp ? sp + 1 : end;
        any = true;
    }
    if (s < end) {
        if (*s != '<' || !semver_n(s + 1, (size_t)(end - s - 1)))
            return false;
        any = true;
    }
    return any;
}

static bool base64_valid(const char *s, size_t len)
{
    size_t pad = 0;
    if (len == 0 || len % 4)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '=') {
            pad++;
            continue;
        }
        if (pad || !(isalnum((unsigned char)c) || c == '+' || c == '/'))
            return false;
    }
    return pad <= 2;
}

static bool integrity_valid(const char *s, size_t len)
{
    const char *end = s + len;
    if (len == 0)
        return false;
    while (s < end) {
        const char *sp = memchr(s, ' ', (size_t)(end - s));
        const char *he = sp ? sp : end;
        const char *dash = memchr(s, '-', (size_t)(he - s));
        if (!dash)
            return false;
        size_t alen = (size_t)(dash - s);
        if (!((alen == 6 && (!strncmp(s, "sha256", 6) ||
                             !strncmp(s, "sha384", 6) ||
                             !strncmp(s, "sha512", 6)))))
            return false;
        if (!base64_valid(dash + 1, (size_t)(he - dash - 1)))
            return false;
        s = sp ? sp + 1 : end;
    }
    return true;
}

/* an optional `,integrity=<...>` ending the name */
static bool integrity_tail(const char *p)
{
    if (!*p)
        return true;
    const char *b;
    size_t len;
    return starts(p, ",integrity=") && (p += 11, bracketed(&p, &b, &len)) &&
           !*p && integrity_valid(b, len);
}

static bool dep_name_valid(const char *s)
{
    const char *p, *b;
    size_t len;
    if (starts(s, "integrity=")) {
        p = s + 10;
        return bracketed(&p, &b, &len) && !*p && integrity_valid(b, len);
    }
    if (starts(s, "url=")) {
        p = s + 4;
        return bracketed(&p, &b, &len) && !memchr(b, '<', len) &&
               integrity_tail(p);
    }
    bool locked = starts(s, "locked-dep=");
    p = s + (locked ? 11 : 13);
    if (!bracketed(&p, &b, &len))
        return false;
    const char *at = memchr(b, '@', len);
    size_t plen = at ? (size_t)(at - b) : len;
    if (!pkg_valid(b, plen))
        return false;
    if (at) {
        const char *v = at + 1;
        size_t vlen = len - plen - 1;
        if (locked ? !semver_n(v, vlen)
                   : !(vlen >= 2 && v[0] == '{' && v[vlen - 1] == '}' &&
                       range_valid(v + 1, vlen - 2)))
            return false;
    }
    return locked ? integrity_tail(p) : !*p;
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
    if (starts(s, "url=<") || starts(s, "integrity=<") ||
        starts(s, "locked-dep=<") || starts(s, "unlocked-dep=<")) {
        n->kind = CMP_NAME_DEP;
        return dep_name_valid(s);
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
