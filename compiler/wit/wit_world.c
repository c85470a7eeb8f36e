/* Worlds (WIT.md "WIT Worlds", "Union of Worlds with `include`", "Name
 * Conflicts and `with`", "Transitive imports and worlds"): imports and
 * exports resolved to interfaces, name conflicts, `include` resolved and
 * merged with its renames, and the resolved import/export lists where
 * interfaces whose types are used come in as implicit imports. */
#include <string.h>

#include "wit/wit_internal.h"

static WitWorld *lookup_world(WitCtx *c, WitWorldX *w, const WitPath *path)
{
    WitPkgX *p = wit_path_package((WitPkgX *)w->pub.package, path);
    if (!p)
        return NULL;
    WitWorld *found = wit_world_in(&p->pub, path->name);
    if (!found)
        wit_error(c, path->loc, "world `%s` is not defined%s%s", path->name,
                  path->ns ? " in package " : "",
                  path->ns ? p->pub.qualified : "");
    return found;
}

/* Whether two items occupy the same name (kebab names, or the same
 * interface imported by path). */
static WitWorldItem *find_item(WitWorldItem **items, size_t n,
                               const WitWorldItem *it)
{
    for (size_t i = 0; i < n; i++)
        if (items[i]->name && it->name && !strcmp(items[i]->name, it->name))
            return items[i];
    return NULL;
}

void wit_resolve_world_items(WitCtx *c, WitWorldX *w)
{
    WitWorld *wd = &w->pub;
    for (size_t i = 0; i < wd->nitems; i++) {
        WitItemX *it = (WitItemX *)wd->items[i];
        WitWorldItem *wi = &it->pub;
        if (it->by_path) {
            wi->iface = wit_lookup_iface((WitPkgX *)wd->package, w->file,
                                         &it->path);
            if (wi->iface)
                wit_resolve_iface((WitIfaceX *)wi->iface);
            if (!wi->named)
                wi->name = wi->iface ? wi->iface->qualified : NULL;
        } else if (wi->kind == WIT_WORLD_INTERFACE) {
            wit_resolve_iface((WitIfaceX *)wi->iface);
        }
        /* names: imports share theirs with the world's types */
        for (size_t j = 0; !wi->is_export && j < wd->ntypes && wi->name; j++)
            if (!strcmp(wd->types[j]->name, wi->name))
                wit_resolver_error_dup(wi->loc, "import", wi->name,
                                       wd->types[j]->loc);
        for (size_t j = 0; j < i; j++) {
            WitWorldItem *o = wd->items[j];
            if (o->is_export == wi->is_export && o->name && wi->name &&
                !strcmp(o->name, wi->name)) {
                wit_resolver_error_dup(wi->loc,
                                       wi->is_export ? "export" : "import",
                                       wi->name, o->loc);
                break;
            }
        }
    }
    for (size_t i = 0; i < wd->nincludes; i++) {
        WitIncludeX *inc = (WitIncludeX *)wd->includes[i];
        inc->pub.world = lookup_world(c, w, &inc->path);
        if (inc->pub.world == wd) {
            wit_error(c, inc->path.loc, "world `%s` includes itself",
                      wd->name);
            inc->pub.world = NULL;
        }
    }
}

/* The resolved lists under construction. */
typedef struct Lists {
    WitCtx *c;
    WitWorld *w;
    WitWorldItem **imports;
    size_t nimports;
    WitWorldItem **exports;
    size_t nexports;
} Lists;

static bool has_iface(WitWorldItem **items, size_t n, const WitInterface *in)
{
    for (size_t i = 0; i < n; i++)
        if (items[i]->kind == WIT_WORLD_INTERFACE && items[i]->iface == in &&
            !items[i]->named)
            return true;
    return false;
}

static void add_import_deps(Lists *l, const WitInterface *in, WitLoc loc);

static void add_implicit(Lists *l, WitInterface *dep, WitLoc loc)
{
    if (!dep || !dep->qualified || has_iface(l->imports, l->nimports, dep))
        return;
    add_import_deps(l, dep, loc);
    WitWorldItem *it = arena_alloc(l->c->arena, sizeof *it);
    it->kind = WIT_WORLD_INTERFACE;
    it->name = dep->qualified;
    it->iface = dep;
    it->implicit = true;
    it->loc = loc;
    WIT_PUSH(l->c->arena, l->imports, l->nimports, it);
}

/* Imports every interface whose types `in` uses, deepest first. */
static void add_import_deps(Lists *l, const WitInterface *in, WitLoc loc)
{
    for (size_t i = 0; in && i < in->nuses; i++)
        add_implicit(l, in->uses[i]->from, loc);
}

/* Adds an item, deduplicating interfaces imported by path and reporting
 * other name clashes at `where`. */
static void add_item(Lists *l, WitWorldItem *it, WitLoc where,
                     const WitWorld *from)
{
    WitWorldItem ***items = it->is_export ? &l->exports : &l->imports;
    size_t *n = it->is_export ? &l->nexports : &l->nimports;
    if (it->kind == WIT_WORLD_INTERFACE && !it->named && it->iface &&
        has_iface(*items, *n, it->iface))
        return;
    WitWorldItem *o = find_item(*items, *n, it);
    if (o) {
        if (from)
            wit_error(l->c, where, "%s `%s` of world `%s` clashes with an "
                                   "%s of the same name (rename it with "
                                   "`with { %s as ... }`)",
                      it->is_export ? "export" : "import", it->name,
                      from->name, it->is_export ? "export" : "import",
                      it->name);
        return;
    }
    WIT_PUSH(l->c->arena, *items, *n, it);
}

static void add_own(Lists *l, WitWorldX *w)
{
    WitWorld *wd = &w->pub;
    for (size_t i = 0; i < wd->ntypes; i++) {
        WitType *t = wd->types[i];
        if (t->use)
            add_implicit(l, t->use->from, t->loc);
        WitWorldItem *it = arena_alloc(l->c->arena, sizeof *it);
        it->kind = WIT_WORLD_TYPE;
        it->name = t->name;
        it->type = t;
        it->docs = t->docs;
        it->gate = t->gate;
        it->loc = t->loc;
        add_item(l, it, t->loc, NULL);
    }
    for (size_t i = 0; i < wd->nitems; i++) {
        WitWorldItem *it = wd->items[i];
        if (!it->is_export && it->kind == WIT_WORLD_INTERFACE)
            add_import_deps(l, it->iface, it->loc);
        add_item(l, it, it->loc, NULL);
    }
}

static bool plain_name(const WitWorldItem *it)
{
    return it->named || it->kind != WIT_WORLD_INTERFACE;
}

static const char *renamed(const WitInclude *inc, const WitWorldItem *it,
                           bool *used)
{
    for (size_t i = 0; plain_name(it) && i < inc->nwith; i++)
        if (!strcmp(inc->with_from[i], it->name)) {
            used[i] = true;
            return inc->with_to[i];
        }
    return it->name;
}

static void add_included(Lists *l, WitIncludeX *inc)
{
    WitWorld *from = inc->pub.world;
    if (!from)
        return;
    bool *used = arena_array(l->c->arena, inc->pub.nwith + 1, sizeof *used);
    for (int pass = 0; pass < 2; pass++) {
        WitWorldItem **items = pass ? from->exports : from->imports;
        size_t n = pass ? from->nexports : from->nimports;
        for (size_t i = 0; i < n; i++) {
            WitWorldItem *it = arena_alloc(l->c->arena, sizeof *it);
            *it = *items[i];
            it->name = renamed(&inc->pub, items[i], used);
            if (it->kind == WIT_WORLD_FUNC && it->name != items[i]->name) {
                /* the function takes the new name, for generators */
                WitFunc *fn = arena_alloc(l->c->arena, sizeof *fn);
                *fn = *it->func;
                fn->name = fn->abi_name = it->name;
                it->func = fn;
            }
            add_item(l, it, inc->pub.loc, from);
        }
    }
    for (size_t i = 0; i < inc->pub.nwith; i++)
        if (!used[i])
            wit_error(l->c, inc->with_locs[i], "`%s` is not an import or "
                                               "export of world `%s`",
                      inc->pub.with_from[i], from->name);
}

/* Interfaces an export needs but the world does not export come in as
 * imports. */
static void add_export_deps(Lists *l)
{
    for (size_t i = 0; i < l->nexports; i++) {
        WitWorldItem *e = l->exports[i];
        if (e->kind != WIT_WORLD_INTERFACE || !e->iface)
            continue;
        for (size_t j = 0; j < e->iface->nuses; j++) {
            WitInterface *dep = e->iface->uses[j]->from;
            if (dep && !has_iface(l->exports, l->nexports, dep))
                add_implicit(l, dep, e->loc);
        }
    }
}

void wit_world_elaborate(WitCtx *c, WitWorldX *w)
{
    if (w->state == 2)
        return;
    if (w->state == 1) {
        wit_error(c, w->pub.loc, "world `%s` includes itself through other "
                                 "worlds", w->pub.name);
        return;
    }
    w->state = 1;
    for (size_t i = 0; i < w->pub.nincludes; i++)
        if (w->pub.includes[i]->world)
            wit_world_elaborate(c, (WitWorldX *)w->pub.includes[i]->world);
    Lists l = {.c = c, .w = &w->pub};
    add_own(&l, w);
    for (size_t i = 0; i < w->pub.nincludes; i++)
        add_included(&l, (WitIncludeX *)w->pub.includes[i]);
    add_export_deps(&l);
    w->pub.imports = l.imports;
    w->pub.nimports = l.nimports;
    w->pub.exports = l.exports;
    w->pub.nexports = l.nexports;
    w->state = 2;
}
