/* The WIT world of a decoded component (`kiln wit app.wasm`): the root
 * component's type (its imports and exports, Explainer.md "Import and
 * Export Definitions") read back as WIT (WIT.md), the inverse of how
 * component producers encode a world.
 *
 * Each import or export of an instance named `ns:pkg/iface@ver` becomes
 * interface `iface` of package `ns:pkg@ver`; a plain-named one an inline
 * interface of the world; functions and types under plain names stay in
 * the world.  Inside an instance type (or the world), each exported type
 * is one WIT definition:
 *  - `(sub resource)`, or `(eq r)` of a resource the component defines
 *    itself (wit-component's shim for exported interfaces) -> `resource
 *    name`, with the functions named `[constructor]name`,
 *    `[method]name.m`, `[static]name.m` as its members;
 *  - `(eq i)` where i names a type another interface defined (an outer
 *    alias of that interface's export) -> `use other.{name as local}`;
 *  - `(eq i)` of an anonymous record, variant, enum or flags -> that
 *    definition under the export's name; of anything else -> `type name
 *    = ...`.
 * Type references mostly need no translation: the decoder gives every
 * imported or exported type a named WIT_ALIAS node (a named resource
 * node for `(sub resource)`), and function types point at those, so the
 * printer writes them by name.  Inferred instance types (inline exports)
 * point at the defining nodes themselves; fix_refs rewrites those
 * references to the definitions made for them.
 */
#include "component/cmp_wit.h"

#include <stdlib.h>
#include <string.h>

/* Which WIT scope defined a decoded type node, under what name, and the
 * definition node made for it (NULL for the names a `use` brings in). */
typedef struct WitOwner {
    const WitType *node;
    WitInterface *iface; /* NULL: the world */
    const char *name;
    WitType *def;
} WitOwner;

/* Where definitions go: an interface, or the world when iface is NULL. */
typedef struct Target {
    WitInterface *iface;
    WitWorld *world;
} Target;

typedef struct Conv {
    const CmpFile *f;
    WitResolve *r;
    Arena *a;
    Diag *diag;
    WitWorld *world;
    WitOwner *owners;
    size_t nowners;
    bool failed;
} Conv;

/* Arena arrays grow by doubling from 4: a new copy when n is 0 or a
 * power of two of at least 4. */
static void *grow(Arena *a, void *arr, size_t n, size_t elem)
{
    if (n != 0 && (n < 4 || (n & (n - 1))))
        return arr;
    void *na = arena_array(a, n ? 2 * n : 4, elem);
    if (n)
        memcpy(na, arr, n * elem);
    return na;
}
#define PUSH(a, arr, n, val)                                                  \
    ((arr) = grow((a), (arr), (n), sizeof *(arr)), (arr)[(n)++] = (val))

static void conv_fail(Conv *c, uint32_t offset, const char *fmt,
                      const char *name)
{
    if (!c->failed)
        diag_at(c->diag, c->f->path, offset, fmt, name);
    c->failed = true;
}

static const WitOwner *owner_of(const Conv *c, const WitType *node)
{
    for (size_t i = 0; i < c->nowners; i++)
        if (c->owners[i].node == node)
            return &c->owners[i];
    return NULL;
}

static void add_owner(Conv *c, const WitType *node, Target t,
                      const char *name, WitType *def)
{
    WitOwner o = {node, t.iface, name, def};
    PUSH(c->a, c->owners, c->nowners, o);
}

/* ---- packages and interfaces ------------------------------------------- */

static bool same(const char *a, const char *b, size_t blen)
{
    return strlen(a) == blen && !strncmp(a, b, blen);
}

static WitPackage *package_get(Conv *c, const char *ns, size_t nslen,
                               const char *name, size_t namelen,
                               const char *version)
{
    for (size_t i = 0; i < c->r->npackages; i++) {
        WitPackage *p = c->r->packages[i];
        if (same(p->ns, ns, nslen) && same(p->name, name, namelen) &&
            (p->version ? version && !strcmp(p->version, version) : !version))
            return p;
    }
    WitPackage *p = arena_alloc(c->a, sizeof *p);
    p->ns = arena_strndup(c->a, ns, nslen);
    p->name = arena_strndup(c->a, name, namelen);
    p->version = version;
    p->qualified = version ? arena_printf(c->a, "%s:%s@%s", p->ns, p->name,
                                          version)
                           : arena_printf(c->a, "%s:%s", p->ns, p->name);
    PUSH(c->a, c->r->packages, c->r->npackages, p);
    return p;
}

/* The interface named `ns:pkg/iface@ver`, made on first use (*fresh). */
static WitInterface *iface_by_path(Conv *c, const CmpName *n, bool *fresh)
{
    const char *s = n->str;
    size_t len = n->len;
    const char *at = memchr(s, '@', len);
    size_t path_len = at ? (size_t)(at - s) : len;
    const char *colon = memchr(s, ':', path_len);
    const char *slash = colon ? memchr(colon, '/', path_len - (size_t)(colon - s))
                              : NULL;
    *fresh = false;
    if (!colon || !slash)
        return NULL;
    const char *version = at ? arena_strndup(c->a, at + 1, len - path_len - 1)
                             : NULL;
    WitPackage *p = package_get(c, s, (size_t)(colon - s), colon + 1,
                                (size_t)(slash - colon - 1), version);
    const char *iname = slash + 1;
    size_t ilen = path_len - (size_t)(iname - s);
    for (size_t i = 0; i < p->ninterfaces; i++)
        if (same(p->interfaces[i]->name, iname, ilen))
            return p->interfaces[i];
    WitInterface *in = arena_alloc(c->a, sizeof *in);
    in->name = arena_strndup(c->a, iname, ilen);
    in->qualified = arena_strndup(c->a, s, len);
    in->package = p;
    PUSH(c->a, p->interfaces, p->ninterfaces, in);
    *fresh = true;
    return in;
}

/* ---- types --------------------------------------------------------------- */

static void target_add_type(Conv *c, Target t, WitType *def)
{
    def->iface = t.iface;
    def->world = t.iface ? NULL : t.world;
    if (t.iface)
        PUSH(c->a, t.iface->types, t.iface->ntypes, def);
    else
        PUSH(c->a, t.world->types, t.world->ntypes, def);
}

/* `use from.{name as as}`, one `use` per interface used from. */
static void target_add_use(Conv *c, Target t, WitInterface *from,
                           const char *name, const char *as, WitType *alias)
{
    WitUse ***uses = t.iface ? &t.iface->uses : &t.world->uses;
    size_t *nuses = t.iface ? &t.iface->nuses : &t.world->nuses;
    WitUse *u = NULL;
    for (size_t i = 0; i < *nuses; i++)
        if ((*uses)[i]->from == from)
            u = (*uses)[i];
    if (!u) {
        u = arena_alloc(c->a, sizeof *u);
        u->from = from;
        *uses = grow(c->a, *uses, *nuses, sizeof **uses);
        (*uses)[(*nuses)++] = u;
    }
    WitUseName un = {.name = name, .as = as, .alias = alias};
    PUSH(c->a, u->names, u->nnames, un);
}

/* A name for a type another scope defined: a `use` when that scope is an
 * interface (a world's types cannot be used elsewhere). */
static bool type_used(Conv *c, Target t, const CmpExtern *e,
                      const WitOwner *o, WitType *alias)
{
    if (!o || o->iface == t.iface)
        return false;
    if (!o->iface) {
        conv_fail(c, e->offset, "type `%s` names a type of the world from "
                  "an interface, which WIT cannot express", e->name.str);
        return true;
    }
    target_add_use(c, t, o->iface, o->name,
                   strcmp(o->name, e->name.str) ? e->name.str : NULL, alias);
    add_owner(c, alias, t, e->name.str, NULL);
    return true;
}

static bool is_definition_kind(WitTypeKind k)
{
    return k == WIT_RECORD || k == WIT_VARIANT || k == WIT_ENUM ||
           k == WIT_FLAGS;
}

/* A resource: `(sub resource)` defines it; `(eq r)` uses or renames one. */
static void resource_export(Conv *c, Target t, const CmpExtern *e)
{
    const CmpType *ct = e->type;
    const char *name = e->name.str;
    const WitType *res = ct->val;
    const WitOwner *o = owner_of(c, res);
    if (!o) {
        /* `(sub resource)`, or `(eq r)` of a resource the component
         * defines itself: the definition */
        WitType *def = arena_alloc(c->a, sizeof *def);
        def->kind = WIT_RESOURCE;
        def->name = name;
        target_add_type(c, t, def);
        add_owner(c, res, t, name, def);
        if (ct->named)
            add_owner(c, ct->named, t, name, def);
        return;
    }
    if (type_used(c, t, e, o, ct->named))
        return;
    WitType *def = arena_alloc(c->a, sizeof *def);
    def->kind = WIT_ALIAS;
    def->name = name;
    def->elem = (WitType *)res;
    target_add_type(c, t, def);
    add_owner(c, ct->named, t, name, def);
}

/* An exported (or world-imported) type of a scope. */
static void type_export(Conv *c, Target t, const CmpExtern *e)
{
    const CmpType *ct = e->type;
    if (ct->kind == CMP_TYPE_RESOURCE) {
        resource_export(c, t, e);
        return;
    }
    if (ct->kind != CMP_TYPE_VALUE || !ct->val) {
        conv_fail(c, e->offset, "type `%s` is not a value type or resource, "
                  "which WIT cannot express", e->name.str);
        return;
    }
    /* `(eq i)` gives a named alias; an inferred instance type (inline
     * exports) the exported node itself */
    WitType *alias = ct->val->kind == WIT_ALIAS ? ct->val : NULL;
    const WitType *elem = alias ? alias->elem : ct->val;
    const WitOwner *o = owner_of(c, elem);
    if (alias && type_used(c, t, e, o, alias))
        return;
    WitType *def = arena_alloc(c->a, sizeof *def);
    if (!o && !elem->name && is_definition_kind(elem->kind)) {
        *def = *elem;
        add_owner(c, elem, t, e->name.str, def);
    } else {
        def->kind = WIT_ALIAS;
        def->elem = (WitType *)elem;
    }
    def->name = e->name.str;
    target_add_type(c, t, def);
    if (alias)
        add_owner(c, alias, t, e->name.str, def);
}

/* ---- functions ------------------------------------------------------------- */

static WitFunc *func_of(Conv *c, const CmpExtern *e)
{
    const CmpType *ft = e->type;
    WitFunc *fn = arena_alloc(c->a, sizeof *fn);
    fn->abi_name = e->name.str;
    fn->is_async = ft->is_async;
    fn->nparams = ft->nparams;
    fn->params = arena_array(c->a, ft->nparams ? ft->nparams : 1,
                             sizeof *fn->params);
    for (uint32_t i = 0; i < ft->nparams; i++) {
        fn->params[i].name = ft->params[i].name;
        fn->params[i].type = ft->params[i].type;
    }
    fn->result = ft->result;
    switch (e->name.kind) {
    case CMP_NAME_CONSTRUCTOR:
        fn->kind = WIT_FUNC_CONSTRUCTOR;
        fn->name = "constructor";
        break;
    case CMP_NAME_METHOD:
        fn->kind = WIT_FUNC_METHOD;
        fn->name = e->name.item;
        break;
    case CMP_NAME_STATIC:
        fn->kind = WIT_FUNC_STATIC;
        fn->name = e->name.item;
        break;
    default:
        fn->kind = WIT_FUNC_FREESTANDING;
        fn->name = e->name.str;
        break;
    }
    return fn;
}

/* The resource definition named `name` in scope t. */
static WitType *resource_in(Conv *c, Target t, const char *name)
{
    for (size_t i = c->nowners; i-- > 0;) {
        const WitOwner *o = &c->owners[i];
        if (o->iface == t.iface && o->def && o->def->kind == WIT_RESOURCE &&
            !strcmp(o->name, name) && (t.iface || o->def->world == t.world))
            return o->def;
    }
    return NULL;
}

/* A constructor's written result: the resource itself prints as none. */
static void ctor_result(WitFunc *fn, WitType *res, const WitType *decoded)
{
    const WitType *r = fn->result;
    while (r && r->kind == WIT_ALIAS)
        r = r->elem;
    if (r == decoded || (fn->result && fn->result->kind == WIT_ALIAS &&
                         fn->result->elem == decoded))
        fn->result = res;
}

/* Attaches a [constructor]/[method]/[static] function to its resource;
 * false when the scope has no such resource. */
static bool resource_func(Conv *c, Target t, WitFunc *fn, const CmpExtern *e)
{
    WitType *res = resource_in(c, t, e->name.resource);
    if (!res)
        return false;
    fn->resource = res;
    if (fn->kind == WIT_FUNC_CONSTRUCTOR) {
        for (size_t i = 0; i < c->nowners; i++)
            if (c->owners[i].def == res)
                ctor_result(fn, res, c->owners[i].node);
    }
    PUSH(c->a, res->funcs, res->nfuncs, fn);
    return true;
}

/* ---- scopes ---------------------------------------------------------------- */

/* The exports of an instance type, as the body of interface t.iface. */
static void fill_interface(Conv *c, Target t, const CmpType *it)
{
    for (uint32_t i = 0; i < it->nexports && !c->failed; i++) {
        const CmpExtern *e = &it->exports[i];
        if (e->kind == CMP_EXTERN_TYPE) {
            type_export(c, t, e);
        } else if (e->kind == CMP_EXTERN_FUNC) {
            WitFunc *fn = func_of(c, e);
            if (fn->kind == WIT_FUNC_FREESTANDING)
                PUSH(c->a, t.iface->funcs, t.iface->nfuncs, fn);
            else if (!resource_func(c, t, fn, e))
                conv_fail(c, e->offset, "function `%s` names a resource the "
                          "interface does not define", e->name.str);
        } else {
            conv_fail(c, e->offset, "instance export `%s` is not a function "
                      "or type, which WIT cannot express", e->name.str);
        }
    }
}

static WitWorldItem *world_item(Conv *c, const CmpExtern *e, bool is_export)
{
    WitWorldItem *it = arena_alloc(c->a, sizeof *it);
    it->is_export = is_export;
    it->name = e->name.str;
    PUSH(c->a, c->world->items, c->world->nitems, it);
    if (is_export)
        PUSH(c->a, c->world->exports, c->world->nexports, it);
    else
        PUSH(c->a, c->world->imports, c->world->nimports, it);
    return it;
}

static void instance_item(Conv *c, const CmpExtern *e, bool is_export)
{
    WitInterface *in;
    bool fresh = true;
    if (e->name.kind == CMP_NAME_INTERFACE) {
        in = iface_by_path(c, &e->name, &fresh);
        if (!in) {
            conv_fail(c, e->offset, "instance name `%s` is not a WIT "
                      "interface path", e->name.str);
            return;
        }
    } else {
        in = arena_alloc(c->a, sizeof *in);
        in->world = c->world;
        in->package = c->world->package;
    }
    if (fresh)
        fill_interface(c, (Target){in, c->world}, e->type);
    WitWorldItem *it = world_item(c, e, is_export);
    it->kind = WIT_WORLD_INTERFACE;
    it->iface = in;
    it->named = e->name.kind != CMP_NAME_INTERFACE;
}

static void func_item(Conv *c, const CmpExtern *e, bool is_export)
{
    if (e->name.kind == CMP_NAME_INTERFACE) {
        conv_fail(c, e->offset, "function `%s` has an interface name, which "
                  "WIT cannot express", e->name.str);
        return;
    }
    WitFunc *fn = func_of(c, e);
    Target t = {NULL, c->world};
    if (fn->kind != WIT_FUNC_FREESTANDING) {
        if (is_export || !resource_func(c, t, fn, e))
            conv_fail(c, e->offset, "function `%s` of a resource outside an "
                      "interface cannot be written as WIT", e->name.str);
        return;
    }
    WitWorldItem *it = world_item(c, e, is_export);
    it->kind = WIT_WORLD_FUNC;
    it->func = fn;
    it->named = true;
}

static void extern_item(Conv *c, const CmpExtern *e, bool is_export)
{
    switch (e->kind) {
    case CMP_EXTERN_INSTANCE:
        instance_item(c, e, is_export);
        return;
    case CMP_EXTERN_FUNC:
        func_item(c, e, is_export);
        return;
    case CMP_EXTERN_TYPE:
        if (!is_export) {
            type_export(c, (Target){NULL, c->world}, e);
            return;
        }
        conv_fail(c, e->offset, "component export `%s` is a type: WIT worlds "
                  "export only functions and interfaces", e->name.str);
        return;
    default:
        conv_fail(c, e->offset, "`%s` is a module, component or value, which "
                  "WIT cannot express", e->name.str);
    }
}

/* ---- references to definitions ------------------------------------------ */

/* Type references print by name: a reference to an anonymous definition
 * (an inferred instance type exports the defining node itself) becomes
 * a reference to the definition made for it; anonymous compound types
 * holding such references are copied.  A definition with no name here
 * cannot be written. */
static WitType *subst(Conv *c, WitType *t, const char *user)
{
    if (!t || t->name)
        return t;
    const WitOwner *o = owner_of(c, t);
    if (o && o->def)
        return o->def;
    if (is_definition_kind(t->kind) || t->kind == WIT_RESOURCE) {
        if (!c->failed)
            diag_error(c->diag, c->f->path, "`%s` uses a %s that has no name "
                       "there, which WIT cannot express", user,
                       wit_type_kind_name(t->kind));
        c->failed = true;
        return t;
    }
    WitType *elem = subst(c, t->elem, user), *key = subst(c, t->key, user);
    WitType *ok = subst(c, t->ok, user), *err = subst(c, t->err, user);
    bool changed = elem != t->elem || key != t->key || ok != t->ok ||
                   err != t->err;
    WitType **elems = t->elems;
    for (size_t i = 0; i < t->nelems; i++) {
        WitType *e = subst(c, t->elems[i], user);
        if (e != t->elems[i] && elems == t->elems) {
            elems = arena_array(c->a, t->nelems, sizeof *elems);
            memcpy(elems, t->elems, t->nelems * sizeof *elems);
        }
        elems[i] = e;
    }
    if (!changed && elems == t->elems)
        return t;
    WitType *n = arena_alloc(c->a, sizeof *n);
    *n = *t;
    n->elem = elem;
    n->key = key;
    n->ok = ok;
    n->err = err;
    n->elems = elems;
    return n;
}

static void fix_func(Conv *c, WitFunc *fn)
{
    WitParam *ps = arena_array(c->a, fn->nparams ? fn->nparams : 1,
                               sizeof *ps);
    for (size_t i = 0; i < fn->nparams; i++) {
        ps[i] = fn->params[i];
        ps[i].type = subst(c, ps[i].type, fn->abi_name);
    }
    fn->params = ps;
    fn->result = subst(c, fn->result, fn->abi_name);
}

static void fix_def(Conv *c, WitType *d)
{
    if (d->kind == WIT_ALIAS) {
        d->elem = subst(c, d->elem, d->name);
    } else if (d->kind == WIT_RECORD) {
        WitField *fs = arena_array(c->a, d->nfields, sizeof *fs);
        for (size_t i = 0; i < d->nfields; i++) {
            fs[i] = d->fields[i];
            fs[i].type = subst(c, fs[i].type, d->name);
        }
        d->fields = fs;
    } else if (d->kind == WIT_VARIANT) {
        WitCase *cs = arena_array(c->a, d->ncases, sizeof *cs);
        for (size_t i = 0; i < d->ncases; i++) {
            cs[i] = d->cases[i];
            cs[i].type = subst(c, cs[i].type, d->name);
        }
        d->cases = cs;
    }
    for (size_t i = 0; i < d->nfuncs; i++)
        fix_func(c, d->funcs[i]);
}

static void fix_scope(Conv *c, WitType **types, size_t ntypes,
                      WitFunc **funcs, size_t nfuncs)
{
    for (size_t i = 0; i < ntypes; i++)
        if (!types[i]->use)
            fix_def(c, types[i]);
    for (size_t i = 0; i < nfuncs; i++)
        fix_func(c, funcs[i]);
}

static void fix_refs(Conv *c)
{
    for (size_t p = 0; p < c->r->npackages; p++)
        for (size_t i = 0; i < c->r->packages[p]->ninterfaces; i++) {
            WitInterface *in = c->r->packages[p]->interfaces[i];
            fix_scope(c, in->types, in->ntypes, in->funcs, in->nfuncs);
        }
    WitWorld *w = c->world;
    fix_scope(c, w->types, w->ntypes, NULL, 0);
    for (size_t i = 0; i < w->nitems; i++) {
        WitWorldItem *it = w->items[i];
        if (it->kind == WIT_WORLD_FUNC)
            fix_func(c, it->func);
        else if (it->iface && !it->iface->name)
            fix_scope(c, it->iface->types, it->iface->ntypes,
                      it->iface->funcs, it->iface->nfuncs);
    }
}

/* Packages in dependency order (each after the packages its interfaces
 * use), otherwise in first-use order: the order the WIT loader gives
 * them, so printing, loading and printing again gives the same text. */
static void visit(Conv *c, WitPackage *p, WitPackage **out, size_t *n,
                  bool *done, bool *busy)
{
    size_t i = 0;
    while (c->r->packages[i] != p)
        i++;
    if (done[i] || busy[i])
        return;
    busy[i] = true;
    for (size_t k = 0; k < p->ninterfaces; k++) {
        const WitInterface *in = p->interfaces[k];
        for (size_t u = 0; u < in->nuses; u++)
            if (in->uses[u]->from->package != p)
                visit(c, in->uses[u]->from->package, out, n, done, busy);
    }
    done[i] = true;
    out[(*n)++] = p;
}

static void sort_packages(Conv *c)
{
    size_t np = c->r->npackages, n = 0;
    WitPackage **out = arena_array(c->a, np ? np : 1, sizeof *out);
    bool *done = arena_array(c->a, np ? np : 1, sizeof *done);
    bool *busy = arena_array(c->a, np ? np : 1, sizeof *busy);
    for (size_t i = 0; i < np; i++)
        visit(c, c->r->packages[i], out, &n, done, busy);
    if (n) /* no packages: packages is NULL */
        memcpy(c->r->packages, out, n * sizeof *out);
}

WitResolve *cmp_wit(const CmpFile *f, Diag *diag)
{
    WitResolve *r = calloc(1, sizeof *r);
    if (!r)
        kiln_oom();
    arena_init(&r->arena);
    Conv c = {.f = f, .r = r, .a = &r->arena, .diag = diag};
    WitPackage *root = arena_alloc(c.a, sizeof *root);
    root->ns = "root";
    root->name = "component";
    root->qualified = "root:component";
    WitWorld *w = arena_alloc(c.a, sizeof *w);
    w->name = "root";
    w->qualified = "root:component/root";
    w->package = root;
    PUSH(c.a, root->worlds, root->nworlds, w);
    c.world = w;
    const CmpType *ct = f->root->type;
    for (uint32_t i = 0; i < ct->nimports && !c.failed; i++)
        extern_item(&c, &ct->imports[i], false);
    for (uint32_t i = 0; i < ct->nexports && !c.failed; i++)
        extern_item(&c, &ct->exports[i], true);
    if (c.failed) {
        wit_free(r);
        return NULL;
    }
    fix_refs(&c);
    if (c.failed) {
        wit_free(r);
        return NULL;
    }
    sort_packages(&c);
    PUSH(c.a, r->packages, r->npackages, root);
    PUSH(c.a, r->roots, r->nroots, root);
    r->main = root;
    return r;
}

void cmp_wit_print(FILE *out, const WitResolve *r)
{
    wit_print_package(out, r->main);
    for (size_t i = 0; i < r->npackages; i++) {
        if (r->packages[i] == r->main)
            continue;
        fputc('\n', out);
        wit_print_package_nested(out, r->packages[i]);
    }
}
