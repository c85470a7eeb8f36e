/* Names of the generated C API (docs/bindgen-c.md, "Names"): snake_case,
 * prefixed by the world and the interface; the registry of interfaces and
 * of already-declared types. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bindgen/bg.h"

void bg_init(Bg *g, Diag *diag, const char *world, bool host)
{
    memset(g, 0, sizeof *g);
    arena_init(&g->arena);
    g->diag = diag;
    g->host = host;
    g->world = world ? bg_snake(g, world) : NULL;
    g->strip = g->world;
}

void bg_doc(FILE *o, const char *docs, int indent)
{
    if (!docs)
        return;
    fprintf(o, "%*s/*", indent, "");
    bool start = true;
    for (const char *p = docs; *p; p++) {
        if (start && *p == ' ')
            continue;
        if (start)
            fputc(' ', o);
        start = false;
        if (*p == '\n') {
            fprintf(o, "\n%*s *", indent, "");
            start = true;
        } else if (*p == '*' && p[1] == '/') {
            fputs("* ", o);
        } else {
            fputc(*p, o);
        }
    }
    fputs(" */\n", o);
}

void bg_fini(Bg *g)
{
    free(g->ifaces);
    free(g->done);
    arena_free(&g->arena);
}

void bg_error(Bg *g, const WitLoc *loc, const char *fmt, ...)
{
    char buf[512], where[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (loc && loc->file)
        snprintf(where, sizeof where, "%s:%u:%u", loc->file, loc->line, loc->col);
    else
        snprintf(where, sizeof where, "kiln bindgen");
    diag_error(g->diag, where, "%s", buf);
    g->failed = true;
}

static bool is_c_keyword(const char *s)
{
    static const char *const kw[] = {
        "auto", "bool", "break", "case", "char", "const", "continue",
        "default", "do", "double", "else", "enum", "extern", "float", "for",
        "goto", "if", "inline", "int", "long", "register", "restrict",
        "return", "short", "signed", "sizeof", "static", "struct", "switch",
        "typedef", "union", "unsigned", "void", "volatile", "while", "true",
        "false", NULL};
    for (size_t i = 0; kw[i]; i++)
        if (!strcmp(kw[i], s))
            return true;
    return false;
}

/* kebab-case to snake_case; C keywords get a trailing underscore. */
char *bg_snake(Bg *g, const char *kebab)
{
    size_t n = strlen(kebab);
    char *s = arena_alloc(&g->arena, n + 2);
    for (size_t i = 0; i <= n; i++)
        s[i] = kebab[i] == '-' || kebab[i] == ':' || kebab[i] == '/' ||
                       kebab[i] == '.' || kebab[i] == '@'
                   ? '_'
                   : kebab[i];
    if (is_c_keyword(s))
        strcat(s, "_");
    return s;
}

char *bg_upper(Bg *g, const char *s)
{
    char *u = arena_strndup(&g->arena, s, strlen(s));
    for (char *p = u; *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return u;
}

void bg_add_iface(Bg *g, const WitInterface *i, const char *item, bool exported)
{
    for (size_t k = 0; k < g->nifaces; k++)
        if (g->ifaces[k].iface == i) {
            if (g->ifaces[k].exported != exported)
                bg_error(g, &i->loc, "interface `%s` is both imported and exported; "
                            "not supported by the C generator", item);
            return;
        }
    g->ifaces = kiln_grow(g->ifaces, &g->cap_ifaces, g->nifaces + 1,
                          sizeof *g->ifaces);
    const char *bare = i->name ? i->name : item;
    if (g->host && i->package) {
        char *cn = arena_printf(&g->arena, "%s_%s_%s", i->package->ns,
                                i->package->name, bare);
        for (char *c = cn; *c; c++)
            if (*c == '-' || *c == '.')
                *c = '_';
        g->ifaces[g->nifaces++] = (BgIfaceName){i, cn, item, exported};
        return;
    }
    const char *cname = arena_printf(&g->arena, "%s%s%s", g->world ? g->world : "",
                                     g->world ? "_" : "", bg_snake(g, bare));
    /* Two packages' interfaces of one name: qualify with the package. */
    for (size_t k = 0; k < g->nifaces; k++)
        if (!strcmp(g->ifaces[k].cname, cname) && i->package) {
            cname = arena_printf(&g->arena, "%s%s%s_%s", g->world ? g->world : "",
                                 g->world ? "_" : "", bg_snake(g, i->package->name),
                                 bg_snake(g, bare));
            break;
        }
    g->ifaces[g->nifaces++] = (BgIfaceName){i, cname, item, exported};
}

const BgIfaceName *bg_iface(Bg *g, const WitInterface *i)
{
    for (size_t k = 0; k < g->nifaces; k++)
        if (g->ifaces[k].iface == i)
            return &g->ifaces[k];
    /* Not a world item (host mode: another interface's header). */
    bg_add_iface(g, i, i->name ? i->name : "iface", false);
    return &g->ifaces[g->nifaces - 1];
}

const char *bg_scope(Bg *g, const WitType *t)
{
    if (t->iface)
        return bg_iface(g, t->iface)->cname;
    return g->world ? g->world : "kiln";
}

bool bg_resource_exported(Bg *g, const WitType *res)
{
    res = wit_type_resolve(res);
    return res->iface && bg_iface(g, res->iface)->exported;
}
