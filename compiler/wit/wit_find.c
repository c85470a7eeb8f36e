/* Lookups in a resolved WIT model (WIT.md "Specifying a World": a bare
 * name selects in the root package, `ns:pkg/name[@version]` anywhere),
 * and small helpers on type nodes. */
#include <string.h>

#include "wit/wit_internal.h"

/* Splits "ns:pkg/name@ver" (or "ns:pkg@ver" when want_item is false). */
typedef struct Spec {
    char ns[128], pkg[128], item[128], ver[128];
    bool qualified;
} Spec;

static bool split(const char *s, Spec *sp, bool want_item)
{
    memset(sp, 0, sizeof *sp);
    const char *colon = strchr(s, ':');
    if (!colon) {
        snprintf(sp->item, sizeof sp->item, "%s", s);
        return want_item;
    }
    sp->qualified = true;
    snprintf(sp->ns, sizeof sp->ns, "%.*s", (int)(colon - s), s);
    const char *rest = colon + 1;
    const char *at = strchr(rest, '@');
    const char *slash = strchr(rest, '/');
    if (at && slash && slash > at)
        return false;
    const char *pkg_end = slash ? slash : at ? at : rest + strlen(rest);
    snprintf(sp->pkg, sizeof sp->pkg, "%.*s", (int)(pkg_end - rest), rest);
    if (slash) {
        const char *item_end = at ? at : slash + strlen(slash);
        snprintf(sp->item, sizeof sp->item, "%.*s",
                 (int)(item_end - slash - 1), slash + 1);
    }
    if (at)
        snprintf(sp->ver, sizeof sp->ver, "%s", at + 1);
    return want_item == (slash != NULL);
}

static WitPackage *pkg_of(const WitResolve *r, const Spec *sp)
{
    WitPackage *found = NULL;
    for (size_t i = 0; i < r->npackages; i++) {
        WitPackage *p = r->packages[i];
        if (strcmp(p->ns, sp->ns) || strcmp(p->name, sp->pkg))
            continue;
        if (sp->ver[0] && (!p->version || strcmp(p->version, sp->ver)))
            continue;
        if (found)
            return NULL; /* ambiguous without a version */
        found = p;
    }
    return found;
}

WitPackage *wit_find_package(const WitResolve *r, const char *spec)
{
    Spec sp;
    if (!split(spec, &sp, false))
        return NULL;
    return pkg_of(r, &sp);
}

WitWorld *wit_find_world(const WitResolve *r, const char *spec)
{
    if (!spec)
        return r->main->nworlds == 1 ? r->main->worlds[0] : NULL;
    Spec sp;
    if (!split(spec, &sp, true))
        return NULL;
    WitPackage *p = sp.qualified ? pkg_of(r, &sp) : r->main;
    for (size_t i = 0; p && i < p->nworlds; i++)
        if (!strcmp(p->worlds[i]->name, sp.item))
            return p->worlds[i];
    return NULL;
}

WitInterface *wit_find_interface(const WitResolve *r, const char *spec)
{
    Spec sp;
    if (!spec || !split(spec, &sp, true))
        return NULL;
    WitPackage *p = sp.qualified ? pkg_of(r, &sp) : r->main;
    for (size_t i = 0; p && i < p->ninterfaces; i++)
        if (!strcmp(p->interfaces[i]->name, sp.item))
            return p->interfaces[i];
    return NULL;
}

const WitType *wit_type_resolve(const WitType *t)
{
    for (int guard = 0; t && t->kind == WIT_ALIAS && guard < 1000; guard++)
        t = t->elem;
    return t;
}

const char *wit_type_kind_name(WitTypeKind k)
{
    static const char *const names[] = {
        "bool", "s8", "u8", "s16", "u16", "s32", "u32", "s64", "u64",
        "f32", "f64", "char", "string", "error-context", "list", "map",
        "option", "result", "tuple", "borrow", "future", "stream", "record",
        "variant", "enum", "flags", "resource", "type",
    };
    return (size_t)k < sizeof names / sizeof *names ? names[k] : "?";
}
