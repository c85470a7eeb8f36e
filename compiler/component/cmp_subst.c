/* Resource substitution (Explainer.md "Type Checking": type imports are
 * substituted by the supplied types at instantiation, and every
 * instantiation or import of an instance type yields fresh resource
 * types).  A type is copied only where something inside it changes, so
 * unrelated types keep their identity. */
#include "component/cmp_internal.h"

#include <string.h>

CmpType *cmp_resource_of(const CmpFile *f, const WitType *node)
{
    for (uint32_t i = f->nresources; i-- > 0;)
        if (f->resources[i]->val == node)
            return f->resources[i];
    return NULL;
}

bool cmp_scope_within(const CmpScope *inner, const CmpScope *outer)
{
    for (; inner; inner = inner->parent)
        if (inner == outer)
            return true;
    return false;
}

static const WitType *bound(const CmpMatch *m, const WitType *r)
{
    for (uint32_t i = 0; i < m->n; i++)
        if (m->binds[i].from == r)
            return m->binds[i].to;
    return NULL;
}

/* The resource `r` stands for after substitution. */
static WitType *subst_resource(CmpSubst *s, WitType *r)
{
    const WitType *b = bound(s->m, r);
    if (b)
        return (WitType *)b;
    CmpFile *f = s->m->f;
    CmpType *rt = cmp_resource_of(f, r);
    if (!rt || !s->fresh_in || !cmp_scope_within(rt->decl_scope, s->fresh_in))
        return r;
    CmpType *copy = arena_alloc(s->m->a, sizeof *copy);
    *copy = *rt;
    copy->origin = rt->origin ? rt->origin : rt;
    copy->val = arena_alloc(s->m->a, sizeof *copy->val);
    *copy->val = *rt->val;
    /* declared right here: now declared by the new scope; deeper (in a
     * nested type): stays there, still bindable against that type */
    if (rt->decl_scope == s->fresh_in)
        copy->decl_scope = s->new_scope;
    CmpType **slot = cmp_push(s->m->a, (void **)&f->resources, &f->nresources,
                              &f->cap_resources, sizeof *slot);
    *slot = copy;
    CmpBinding *bd = cmp_push(s->m->a, (void **)&s->m->binds, &s->m->n,
                              &s->m->cap, sizeof *bd);
    bd->from = r;
    bd->to = copy->val;
    return copy->val;
}

static WitType *subst_val(CmpSubst *s, WitType *t);

static WitType *clone(CmpSubst *s, const WitType *t)
{
    WitType *c = arena_alloc(s->m->a, sizeof *c);
    *c = *t;
    return c;
}

static WitType *subst_node(CmpSubst *s, WitType *t);

/* Each node is copied at most once per substitution, so that a type
 * shared by several uses (an exported alias and the functions naming it)
 * stays shared in the copy. */
static WitType *subst_val(CmpSubst *s, WitType *t)
{
    if (!t || t->kind == WIT_RESOURCE)
        return t ? subst_resource(s, t) : NULL;
    const WitType *sup = bound(s->m, t); /* a type import's supplied type */
    if (sup)
        return (WitType *)sup;
    for (uint32_t i = 0; i < s->nmemo; i++)
        if (s->memo[i].from == t)
            return (WitType *)s->memo[i].to;
    WitType *r = subst_node(s, t);
    CmpBinding *b = cmp_push(s->m->a, (void **)&s->memo, &s->nmemo,
                             &s->capmemo, sizeof *b);
    b->from = t;
    b->to = r;
    return r;
}

static WitType *subst_node(CmpSubst *s, WitType *t)
{
    switch (t->kind) {
    case WIT_RESOURCE:
        return subst_resource(s, t);
    case WIT_BORROW: case WIT_LIST: case WIT_OPTION: case WIT_STREAM:
    case WIT_FUTURE: case WIT_ALIAS: case WIT_MAP: {
        WitType *e = subst_val(s, t->elem);
        WitType *k = subst_val(s, t->key);
        if (e == t->elem && k == t->key)
            return t;
        WitType *c = clone(s, t);
        c->elem = e;
        c->key = k;
        return c;
    }
    case WIT_RESULT: {
        WitType *ok = subst_val(s, t->ok), *err = subst_val(s, t->err);
        if (ok == t->ok && err == t->err)
            return t;
        WitType *c = clone(s, t);
        c->ok = ok;
        c->err = err;
        return c;
    }
    case WIT_TUPLE: {
        WitType **elems = arena_array(s->m->a, t->nelems + 1, sizeof *elems);
        bool changed = false;
        for (size_t i = 0; i < t->nelems; i++) {
            elems[i] = subst_val(s, t->elems[i]);
            changed |= elems[i] != t->elems[i];
        }
        if (!changed)
            return t;
        WitType *c = clone(s, t);
        c->elems = elems;
        return c;
    }
    case WIT_RECORD: {
        WitField *fields = arena_array(s->m->a, t->nfields + 1,
                                       sizeof *fields);
        bool changed = false;
        for (size_t i = 0; i < t->nfields; i++) {
            fields[i] = t->fields[i];
            fields[i].type = subst_val(s, t->fields[i].type);
            changed |= fields[i].type != t->fields[i].type;
        }
        if (!changed)
            return t;
        WitType *c = clone(s, t);
        c->fields = fields;
        return c;
    }
    case WIT_VARIANT: {
        WitCase *cases = arena_array(s->m->a, t->ncases + 1, sizeof *cases);
        bool changed = false;
        for (size_t i = 0; i < t->ncases; i++) {
            cases[i] = t->cases[i];
            cases[i].type = subst_val(s, t->cases[i].type);
            changed |= cases[i].type != t->cases[i].type;
        }
        if (!changed)
            return t;
        WitType *c = clone(s, t);
        c->cases = cases;
        return c;
    }
    default:
        return t;
    }
}

static CmpExtern *subst_externs(CmpSubst *s, const CmpExtern *in, uint32_t n,
                                bool *changed)
{
    CmpExtern *out = arena_array(s->m->a, n + 1, sizeof *out);
    for (uint32_t i = 0; i < n; i++) {
        out[i] = in[i];
        if (in[i].type)
            out[i].type = cmp_subst_type(s, in[i].type);
        *changed |= out[i].type != in[i].type;
    }
    return out;
}

CmpType *cmp_subst_type(CmpSubst *s, CmpType *t)
{
    switch (t->kind) {
    case CMP_TYPE_VALUE: {
        WitType *v = subst_val(s, t->val);
        if (v == t->val)
            return t;
        CmpType *c = arena_alloc(s->m->a, sizeof *c);
        *c = *t;
        c->val = v;
        return c;
    }
    case CMP_TYPE_RESOURCE: {
        WitType *v = subst_resource(s, t->val);
        if (v == t->val)
            return t;
        CmpType *c = cmp_resource_of(s->m->f, v);
        if (!c)
            return t;
        if (t->named) { /* keep the name the resource was imported as */
            CmpType *w = arena_alloc(s->m->a, sizeof *w);
            *w = *c;
            w->named = subst_val(s, t->named);
            return w;
        }
        return c;
    }
    case CMP_TYPE_FUNC: {
        CmpParam *ps = arena_array(s->m->a, t->nparams + 1, sizeof *ps);
        bool changed = false;
        for (uint32_t i = 0; i < t->nparams; i++) {
            ps[i] = t->params[i];
            ps[i].type = subst_val(s, t->params[i].type);
            changed |= ps[i].type != t->params[i].type;
        }
        WitType *r = subst_val(s, t->result);
        if (!changed && r == t->result)
            return t;
        CmpType *c = arena_alloc(s->m->a, sizeof *c);
        *c = *t;
        c->params = ps;
        c->result = r;
        return c;
    }
    default: { /* component, instance */
        bool changed = false;
        CmpExtern *im = subst_externs(s, t->imports, t->nimports, &changed);
        CmpExtern *ex = subst_externs(s, t->exports, t->nexports, &changed);
        if (!changed)
            return t;
        CmpType *c = arena_alloc(s->m->a, sizeof *c);
        *c = *t;
        c->imports = im;
        c->exports = ex;
        return c;
    }
    }
}

CmpType *cmp_fresh_instance(CmpDecoder *d, CmpScope *s, CmpType *t)
{
    if (!t->scope)
        return t;
    CmpMatch m = {.a = d->a, .f = d->f};
    CmpSubst sub = {.m = &m, .fresh_in = t->scope, .new_scope = s};
    return cmp_subst_type(&sub, t);
}
