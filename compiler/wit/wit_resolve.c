/* WIT name resolution (WIT.md "Name resolution", "WIT Packages and
 * `use`"): interface paths (bare names, file-level `use` aliases,
 * `ns:pkg/name@version`), `use` of types between interfaces (in
 * dependency order, cycles rejected), every type name replaced by the
 * node it names, and validation: duplicates, undefined names, handles of
 * non-resources, `borrow` outside parameters, flags over 32 labels,
 * recursive types, gates in unversioned packages.  Packages come out in
 * dependency order; package cycles are rejected.  Worlds: wit_world.c. */
#include <string.h>

#include "wit/wit_internal.h"

/* A naming scope: an interface's or a world's types and functions. */
typedef struct Scope {
    WitType **types;
    size_t ntypes;
    WitFunc **funcs;
    size_t nfuncs;
} Scope;

typedef struct Resolver {
    WitCtx *c;
    WitPkgX **pkgs;
    size_t npkgs;
} Resolver;

static _Thread_local Resolver *R; /* the running resolution (per thread) */

static const char *pkg_text(Arena *a, const WitPackage *p)
{
    return p->version ? arena_printf(a, "%s:%s@%s", p->ns, p->name, p->version)
                      : arena_printf(a, "%s:%s", p->ns, p->name);
}

static void note_dep(WitPkgX *from, WitPkgX *to)
{
    if (from == to)
        return;
    for (size_t i = 0; i < from->ndeps; i++)
        if (from->deps[i] == to)
            return;
    WIT_PUSH(R->c->arena, from->deps, from->ndeps, to);
}

static WitPkgX *find_pkg(const WitPath *path)
{
    WitPkgX *found = NULL;
    int count = 0;
    for (size_t i = 0; i < R->npkgs; i++) {
        WitPackage *p = &R->pkgs[i]->pub;
        if (strcmp(p->ns, path->ns) || strcmp(p->name, path->pkg))
            continue;
        if (path->version &&
            (!p->version || strcmp(p->version, path->version)))
            continue;
        found = R->pkgs[i];
        count++;
    }
    if (count > 1) {
        wit_error(R->c, path->loc, "package `%s:%s` is ambiguous: give its "
                                   "version", path->ns, path->pkg);
        return NULL;
    }
    if (!found)
        wit_error(R->c, path->loc, "package `%s:%s%s%s` not found", path->ns,
                  path->pkg, path->version ? "@" : "",
                  path->version ? path->version : "");
    return found;
}

static WitInterface *iface_in(WitPackage *p, const char *name)
{
    for (size_t i = 0; i < p->ninterfaces; i++)
        if (!strcmp(p->interfaces[i]->name, name))
            return p->interfaces[i];
    return NULL;
}

WitWorld *wit_world_in(WitPackage *p, const char *name)
{
    for (size_t i = 0; i < p->nworlds; i++)
        if (!strcmp(p->worlds[i]->name, name))
            return p->worlds[i];
    return NULL;
}

/* The package a path names (its own package for a bare name). */
WitPkgX *wit_path_package(WitPkgX *self, const WitPath *path)
{
    if (!path->ns)
        return self;
    WitPkgX *p = find_pkg(path);
    if (p)
        note_dep(self, p);
    return p;
}

/* use-path of an interface, seen from `file` in package `self`. */
WitInterface *wit_lookup_iface(WitPkgX *self, WitSrcFile *file,
                               const WitPath *path)
{
    if (!path->ns && file) {
        for (size_t i = 0; i < file->nuses; i++) {
            WitTopUse *u = file->uses[i];
            const char *n = u->as ? u->as : u->path.name;
            if (!strcmp(n, path->name))
                return u->target;
        }
    }
    WitPkgX *p = wit_path_package(self, path);
    if (!p)
        return NULL;
    WitInterface *in = iface_in(&p->pub, path->name);
    if (!in) {
        if (!path->ns)
            wit_error(R->c, path->loc, "interface `%s` is not defined%s",
                      path->name, wit_world_in(&p->pub, path->name)
                                      ? " (it is a world)" : "");
        else
            wit_error(R->c, path->loc, "interface `%s` not found in package "
                                       "`%s`", path->name,
                      pkg_text(R->c->arena, &p->pub));
    }
    return in;
}

static void check_gate(WitPackage *p, const WitGate *g, WitLoc loc)
{
    if ((g->since || g->deprecated) && !p->version)
        wit_error(R->c, loc, "`@since` and `@deprecated` need a versioned "
                             "package (`package %s:%s@x.y.z;`)", p->ns,
                  p->name);
}

static WitType *scope_find(const Scope *s, const char *name)
{
    for (size_t i = 0; i < s->ntypes; i++)
        if (!strcmp(s->types[i]->name, name))
            return s->types[i];
    return NULL;
}

static bool scope_has_func(const Scope *s, const char *name)
{
    for (size_t i = 0; i < s->nfuncs; i++)
        if (!strcmp(s->funcs[i]->name, name))
            return true;
    return false;
}

/* Stands for a name already reported undefined: an unnamed resource,
 * so that no handle or cycle check complains about it again. */
static WitType *poison(WitLoc loc)
{
    WitType *t = arena_alloc(R->c->arena, sizeof *t);
    t->kind = WIT_RESOURCE;
    t->loc = loc;
    return t;
}

/* Replaces a WIT_REF in *slot by the node it names. */
static void resolve_ref(const Scope *s, WitType **slot)
{
    WitType *ref = *slot;
    WitType *t = scope_find(s, ref->name);
    if (!t) {
        wit_error(R->c, ref->loc, scope_has_func(s, ref->name)
                                      ? "`%s` is a function, not a type"
                                      : "undefined type `%s`", ref->name);
        *slot = poison(ref->loc);
        return;
    }
    if (ref->length == 1) { /* own<..> / borrow<..> */
        const WitType *d = wit_type_resolve(t);
        if (d && d->kind != WIT_RESOURCE)
            wit_error(R->c, ref->loc, "`%s` is not a resource, so it has no "
                                      "handles", ref->name);
    }
    *slot = t;
}

static void resolve_slot(const Scope *s, WitType **slot, bool in_param);

static void resolve_structure(const Scope *s, WitType *t, bool in_param)
{
    if (t->elem)
        resolve_slot(s, &t->elem, in_param);
    if (t->key)
        resolve_slot(s, &t->key, in_param);
    if (t->ok)
        resolve_slot(s, &t->ok, in_param);
    if (t->err)
        resolve_slot(s, &t->err, in_param);
    for (size_t i = 0; i < t->nelems; i++)
        resolve_slot(s, &t->elems[i], in_param);
}

static void resolve_slot(const Scope *s, WitType **slot, bool in_param)
{
    WitType *t = *slot;
    if (t->kind == WIT_REF) {
        resolve_ref(s, slot);
        return;
    }
    if (t->name) /* a definition already resolved in its own scope */
        return;
    if (t->kind == WIT_BORROW && !in_param)
        wit_error(R->c, t->loc, "`borrow` handles are only allowed in "
                                "function parameters");
    if (t->kind == WIT_BORROW && t->elem->kind != WIT_REF)
        return; /* a method's implicit self */
    resolve_structure(s, t, in_param);
}

static void dup_name(WitLoc loc, const char *what, const char *name,
                     WitLoc first)
{
    wit_error(R->c, loc, "%s `%s` is defined twice (first at line %u)", what,
              name, first.line);
}

static void resolve_func(const Scope *s, WitPackage *p, WitFunc *fn)
{
    check_gate(p, &fn->gate, fn->loc);
    for (size_t i = 0; i < fn->nparams; i++) {
        for (size_t j = 0; j < i; j++)
            if (!strcmp(fn->params[i].name, fn->params[j].name))
                dup_name(fn->params[i].loc, "parameter", fn->params[i].name,
                         fn->params[j].loc);
        resolve_slot(s, &fn->params[i].type, true);
    }
    if (fn->result && fn->result != fn->resource)
        resolve_slot(s, &fn->result, false);
}

/* A fallible constructor returns result<r> or result<r, E>. */
static void check_constructor(WitFunc *fn)
{
    if (fn->result == fn->resource)
        return;
    const WitType *r = fn->result;
    if (r->kind != WIT_RESULT || !r->ok ||
        wit_type_resolve(r->ok) != fn->resource)
        wit_error(R->c, r->loc, "a constructor's result must be `%s` or "
                                "`result<%s, E>`", fn->resource->name,
                  fn->resource->name);
}

static void resolve_resource(const Scope *s, WitPackage *p, WitType *t)
{
    bool ctor = false;
    for (size_t i = 0; i < t->nfuncs; i++) {
        WitFunc *fn = t->funcs[i];
        if (fn->kind == WIT_FUNC_CONSTRUCTOR) {
            if (ctor)
                wit_error(R->c, fn->loc, "resource `%s` has two constructors",
                          t->name);
            ctor = true;
        }
        for (size_t j = 0; j < i; j++)
            if (fn->kind != WIT_FUNC_CONSTRUCTOR &&
                !strcmp(t->funcs[j]->name, fn->name))
                dup_name(fn->loc, "function", fn->name, t->funcs[j]->loc);
        resolve_func(s, p, fn);
        if (fn->kind == WIT_FUNC_CONSTRUCTOR)
            check_constructor(fn);
    }
}

static void resolve_named(const Scope *s, WitPackage *p, WitType *t)
{
    check_gate(p, &t->gate, t->loc);
    if (t->use)
        return;
    if (t->kind == WIT_ALIAS) {
        resolve_slot(s, &t->elem, false);
        return;
    }
    for (size_t i = 0; i < t->nfields; i++) {
        for (size_t j = 0; j < i; j++)
            if (!strcmp(t->fields[i].name, t->fields[j].name))
                dup_name(t->fields[i].loc, "field", t->fields[i].name,
                         t->fields[j].loc);
        resolve_slot(s, &t->fields[i].type, false);
    }
    for (size_t i = 0; i < t->ncases; i++) {
        for (size_t j = 0; j < i; j++)
            if (!strcmp(t->cases[i].name, t->cases[j].name))
                dup_name(t->cases[i].loc, "case", t->cases[i].name,
                         t->cases[j].loc);
        if (t->cases[i].type)
            resolve_slot(s, &t->cases[i].type, false);
    }
    if (t->kind == WIT_FLAGS && t->ncases > 32)
        wit_error(R->c, t->cases[32].loc, "flags `%s` has %zu labels; at most "
                                          "32 are allowed", t->name, t->ncases);
    if (t->kind == WIT_RESOURCE)
        resolve_resource(s, p, t);
}

/* ---- recursive types: a named type may not contain itself ---- */

static bool reaches(const WitType *from, const WitType *target, int depth);

static bool reaches_child(const WitType *t, const WitType *target, int depth)
{
    if (!t)
        return false;
    if (t == target)
        return true;
    if (t->kind == WIT_RESOURCE || t->kind == WIT_BORROW)
        return false; /* handles point at resources, which hold no data */
    return reaches(t, target, depth + 1);
}

static bool reaches(const WitType *t, const WitType *target, int depth)
{
    if (depth > 200 || t->kind == WIT_REF)
        return depth > 200;
    if (reaches_child(t->elem, target, depth) ||
        reaches_child(t->key, target, depth) ||
        reaches_child(t->ok, target, depth) ||
        reaches_child(t->err, target, depth))
        return true;
    for (size_t i = 0; i < t->nelems; i++)
        if (reaches_child(t->elems[i], target, depth))
            return true;
    for (size_t i = 0; i < t->nfields; i++)
        if (reaches_child(t->fields[i].type, target, depth))
            return true;
    for (size_t i = 0; i < t->ncases; i++)
        if (reaches_child(t->cases[i].type, target, depth))
            return true;
    return false;
}

static void check_cycles(const Scope *s)
{
    for (size_t i = 0; i < s->ntypes; i++) {
        WitType *t = s->types[i];
        if (t->kind != WIT_RESOURCE && !t->use && reaches(t, t, 0)) {
            wit_error(R->c, t->loc, "type `%s` refers to itself", t->name);
            t->elem = NULL; /* break it so later walks end */
            t->nfields = t->ncases = 0;
        }
    }
}

/* ---- use ---- */

static void use_names(Scope *s, WitUse *u, WitInterface *from,
                      WitInterface *owner_i, WitWorld *owner_w)
{
    for (size_t i = 0; i < u->nnames; i++) {
        WitUseName *n = &u->names[i];
        WitType *def = NULL;
        for (size_t j = 0; from && j < from->ntypes && !def; j++)
            if (!strcmp(from->types[j]->name, n->name))
                def = from->types[j];
        if (from && !def) {
            bool fn = false;
            for (size_t j = 0; j < from->nfuncs; j++)
                fn |= !strcmp(from->funcs[j]->name, n->name);
            wit_error(R->c, n->loc, fn ? "`%s` is a function; only types can "
                                         "be used"
                                       : "type `%s` is not defined in the "
                                         "interface",
                      n->name);
        }
        WitType *a = arena_alloc(R->c->arena, sizeof *a);
        a->kind = WIT_ALIAS;
        a->name = n->as ? n->as : n->name;
        a->loc = n->loc;
        a->use = u;
        a->elem = def;
        a->iface = owner_i;
        a->world = owner_w;
        n->alias = a;
        if (!def)
            a->elem = poison(n->loc);
        WIT_PUSH(R->c->arena, s->types, s->ntypes, a);
    }
}

/* Resolves `use` statements into a scope that already lists nothing;
 * the scope's own types are appended after. */
static void resolve_uses(Scope *s, WitUse **uses, size_t n, WitPkgX *pkg,
                         WitSrcFile *file, WitInterface *owner_i,
                         WitWorld *owner_w)
{
    for (size_t i = 0; i < n; i++) {
        WitUseX *u = (WitUseX *)uses[i];
        check_gate(&pkg->pub, &u->pub.gate, u->pub.loc);
        WitInterface *from = wit_lookup_iface(pkg, file, &u->path);
        if (from && from == owner_i) {
            wit_error(R->c, u->path.loc, "interface `%s` uses itself",
                      from->name);
            from = NULL;
        } else if (from) {
            WitIfaceX *fx = (WitIfaceX *)from;
            if (fx->state == 1) {
                wit_error(R->c, u->path.loc, "interfaces `%s` and `%s` use "
                                             "each other (a cycle)",
                          owner_i ? owner_i->name : owner_w->name, from->name);
                from = NULL;
            } else {
                wit_resolve_iface(fx);
            }
        }
        u->pub.from = from;
        use_names(s, &u->pub, from, owner_i, owner_w);
    }
}

/* A name from a `use` that failed (already reported). */
static bool poisoned(const WitType *t)
{
    return t->use && !t->use->from;
}

static void check_scope_dups(const Scope *s)
{
    for (size_t i = 0; i < s->ntypes; i++)
        for (size_t j = 0; j < i && !poisoned(s->types[j]); j++)
            if (!strcmp(s->types[i]->name, s->types[j]->name)) {
                dup_name(s->types[i]->loc, "name", s->types[i]->name,
                         s->types[j]->loc);
                break;
            }
    for (size_t i = 0; i < s->nfuncs; i++) {
        if (scope_find(s, s->funcs[i]->name)) {
            dup_name(s->funcs[i]->loc, "name", s->funcs[i]->name,
                     scope_find(s, s->funcs[i]->name)->loc);
            continue;
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(s->funcs[i]->name, s->funcs[j]->name)) {
                dup_name(s->funcs[i]->loc, "name", s->funcs[i]->name,
                         s->funcs[j]->loc);
                break;
            }
    }
}

/* Resolves the named types and functions of an interface or a world
 * whose `use`s are already in the scope. */
static void resolve_scope(Scope *s, WitType **types, size_t ntypes,
                          WitFunc **funcs, size_t nfuncs, WitPackage *p)
{
    for (size_t i = 0; i < ntypes; i++)
        WIT_PUSH(R->c->arena, s->types, s->ntypes, types[i]);
    s->funcs = funcs;
    s->nfuncs = nfuncs;
    check_scope_dups(s);
    for (size_t i = 0; i < s->ntypes; i++)
        resolve_named(s, p, s->types[i]);
    for (size_t i = 0; i < nfuncs; i++)
        resolve_func(s, p, funcs[i]);
    check_cycles(s);
}

void wit_resolve_iface(WitIfaceX *ix)
{
    if (ix->state)
        return;
    ix->state = 1;
    WitInterface *in = &ix->pub;
    WitPkgX *pkg = (WitPkgX *)in->package;
    check_gate(in->package, &in->gate, in->loc);
    Scope s = {0};
    resolve_uses(&s, in->uses, in->nuses, pkg, ix->file, in, NULL);
    resolve_scope(&s, in->types, in->ntypes, in->funcs, in->nfuncs,
                  in->package);
    in->types = s.types;
    in->ntypes = s.ntypes;
    ix->state = 2;
}

/* A world's uses and types (as a scope); its items: wit_world.c. */
void wit_resolve_world_scope(WitWorldX *w)
{
    WitWorld *wd = &w->pub;
    WitPkgX *pkg = (WitPkgX *)wd->package;
    check_gate(wd->package, &wd->gate, wd->loc);
    Scope s = {0};
    resolve_uses(&s, wd->uses, wd->nuses, pkg, w->file, NULL, wd);
    resolve_scope(&s, wd->types, wd->ntypes, NULL, 0, wd->package);
    wd->types = s.types;
    wd->ntypes = s.ntypes;
    for (size_t i = 0; i < wd->nitems; i++) {
        WitWorldItem *it = wd->items[i];
        check_gate(wd->package, &it->gate, it->loc);
        if (it->kind == WIT_WORLD_FUNC)
            resolve_func(&s, wd->package, it->func);
    }
    for (size_t i = 0; i < wd->nincludes; i++)
        check_gate(wd->package, &wd->includes[i]->gate, wd->includes[i]->loc);
}

void wit_resolver_error_dup(WitLoc loc, const char *what, const char *name,
                            WitLoc first)
{
    dup_name(loc, what, name, first);
}

/* ---- packages ---- */

static void name_package(WitPkgX *px)
{
    WitPackage *p = &px->pub;
    Arena *a = R->c->arena;
    p->qualified = pkg_text(a, p);
    const char *v = p->version;
    for (size_t i = 0; i < p->ninterfaces; i++) {
        WitInterface *in = p->interfaces[i];
        in->qualified = v ? arena_printf(a, "%s:%s/%s@%s", p->ns, p->name,
                                         in->name, v)
                          : arena_printf(a, "%s:%s/%s", p->ns, p->name,
                                         in->name);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(p->interfaces[j]->name, in->name))
                dup_name(in->loc, "interface", in->name,
                         p->interfaces[j]->loc);
    }
    for (size_t i = 0; i < p->nworlds; i++) {
        WitWorld *w = p->worlds[i];
        w->qualified = v ? arena_printf(a, "%s:%s/%s@%s", p->ns, p->name,
                                        w->name, v)
                         : arena_printf(a, "%s:%s/%s", p->ns, p->name,
                                        w->name);
        const WitInterface *in = iface_in(p, w->name);
        const WitWorld *other = wit_world_in(p, w->name);
        if (in)
            dup_name(w->loc, "name", w->name, in->loc);
        else if (other != w)
            dup_name(w->loc, "world", w->name, other->loc);
    }
}

static void resolve_top_uses(WitPkgX *px)
{
    /* the file-level uses of every file that contributed an item */
    WitPackage *p = &px->pub;
    for (size_t i = 0; i < p->ninterfaces + p->nworlds; i++) {
        WitSrcFile *f = i < p->ninterfaces
                            ? ((WitIfaceX *)p->interfaces[i])->file
                            : ((WitWorldX *)p->worlds[i - p->ninterfaces])->file;
        for (size_t j = 0; j < f->nuses; j++) {
            WitTopUse *u = f->uses[j];
            if (u->target || u->path.loc.line == 0)
                continue;
            const char *n = u->as ? u->as : u->path.name;
            for (size_t k = 0; k < j; k++) {
                WitTopUse *o = f->uses[k];
                if (!strcmp(o->as ? o->as : o->path.name, n))
                    dup_name(u->loc, "name", n, o->loc);
            }
            u->target = wit_lookup_iface(px, NULL, &u->path);
            if (!u->target)
                u->path.loc.line = 0; /* reported once */
        }
    }
}

static void order_packages(WitPkgX *p, WitResolve *r)
{
    if (p->state == 2)
        return;
    if (p->state == 1) {
        wit_error(R->c, p->pub.loc, "package `%s` depends on itself (a "
                                    "cycle of packages)", p->pub.qualified);
        return;
    }
    p->state = 1;
    for (size_t i = 0; i < p->ndeps; i++)
        order_packages(p->deps[i], r);
    p->state = 2;
    WIT_PUSH(&r->arena, r->packages, r->npackages, &p->pub);
}

bool wit_resolve_all(WitCtx *c, WitPkgX **pkgs, size_t n, WitPkgX *root,
                     WitResolve *r)
{
    Resolver res = {c, pkgs, n};
    R = &res;
    for (size_t i = 0; i < n; i++)
        name_package(pkgs[i]);
    for (size_t i = 0; i < n; i++)
        resolve_top_uses(pkgs[i]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < pkgs[i]->pub.ninterfaces; j++)
            wit_resolve_iface((WitIfaceX *)pkgs[i]->pub.interfaces[j]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < pkgs[i]->pub.nworlds; j++)
            wit_resolve_world_scope((WitWorldX *)pkgs[i]->pub.worlds[j]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < pkgs[i]->pub.nworlds; j++)
            wit_resolve_world_items(c, (WitWorldX *)pkgs[i]->pub.worlds[j]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < pkgs[i]->pub.nworlds; j++)
            wit_world_elaborate(c, (WitWorldX *)pkgs[i]->pub.worlds[j]);
    for (size_t i = 0; i < n; i++)
        order_packages(pkgs[i], r);
    r->main = &root->pub;
    R = NULL;
    return c->errors == 0;
}
