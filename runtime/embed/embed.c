/* Embedded component instances (kiln_embed.h): instantiation with the
 * host's WASI configuration, calls of lifted exports from C
 * (CanonicalABI.md "canon lift" from the host's side: call_begin, lower
 * the arguments, call, lift the result, call_end, post-return), and
 * poisoning after a trap. */
#include "embed/kiln_embed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed/marshal.h"

const uint32_t KILN_RT_ABI_SYMBOL = KILN_RT_ABI_VERSION;

/* A KilnEmbedFunc as this instance calls it. */
typedef struct EmbPrepared {
    const KilnEmbedFunc *f;
    const KilnLiftDesc *lift;
    EmbType *params, *result;
} EmbPrepared;

struct KilnEmbed {
    KilnComponentInst *ci;
    EmbPrepared *prepared;
    size_t nprepared;
    bool poisoned;
    KilnTrapInfo trap;
    void *user;
    EmbHandles handles; /* own handles the host holds */
};

EmbHandles *emb_handles(KilnCanonCx *cx)
{
    return &((KilnEmbed *)cx->ci->user)->handles;
}

KilnEmbed *kiln_embed_new(const KilnComponentDesc *desc,
                          const KilnWasiConfig *wasi, KilnTrapInfo *err)
{
    if (desc->abi_version != KILN_RT_ABI_VERSION) {
        if (err) {
            memset(err, 0, sizeof *err);
            snprintf(err->message, sizeof err->message,
                     "component compiled for runtime ABI %u, this runtime "
                     "has ABI %u", desc->abi_version, KILN_RT_ABI_VERSION);
        }
        return NULL;
    }
    KilnEmbed *e = kiln_rt_alloc(sizeof *e);
    if (!e)
        return NULL;
    KilnTrapInfo local;
    e->ci = kiln_component_new(desc, wasi, err ? err : &local);
    if (!e->ci) {
        kiln_rt_free(e);
        return NULL;
    }
    e->ci->user = e;
    return e;
}

void kiln_embed_free(KilnEmbed *e)
{
    if (!e)
        return;
    kiln_component_free(e->ci);
    kiln_rt_free(e->handles.v);
    for (size_t i = 0; i < e->nprepared; i++) {
        emb_free(e->prepared[i].params);
        emb_free(e->prepared[i].result);
    }
    kiln_rt_free(e->prepared);
    kiln_rt_free(e);
}

const KilnTrapInfo *kiln_embed_error(const KilnEmbed *e)
{
    return &e->trap;
}

bool kiln_embed_poisoned(const KilnEmbed *e)
{
    return e->poisoned;
}

void kiln_embed_set_user(KilnEmbed *e, void *user)
{
    e->user = user;
}

void *kiln_embed_user(const KilnEmbed *e)
{
    return e->user;
}

KilnEmbed *kiln_embed_of(const KilnCanonCx *cx)
{
    return cx->ci->user;
}

/* "ns:pkg/iface@1.2.3#f" names the same export as "ns:pkg/iface@1.2.4#f"
 * or "ns:pkg/iface#f": versions are left out of the comparison. */
static bool name_eq(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    const char *ha = strchr(a, '#'), *hb = strchr(b, '#');
    if (!ha || !hb || strcmp(ha, hb) != 0)
        return false;
    const char *va = memchr(a, '@', (size_t)(ha - a));
    const char *vb = memchr(b, '@', (size_t)(hb - b));
    size_t la = (size_t)((va ? va : ha) - a), lb = (size_t)((vb ? vb : hb) - b);
    return la == lb && memcmp(a, b, la) == 0;
}

typedef struct Call {
    KilnEmbed *e;
    const KilnEmbedFunc *f;
    const KilnLiftDesc *lift;
    const EmbType *params, *result;
    const void *const *args;
    void *out;
} Call;

static void call_guarded(void *arg)
{
    Call *c = arg;
    KilnComponentInst *ci = c->e->ci;
    const KilnLiftDesc *l = c->lift;
    KilnCanonCx cx = {.ci = ci, .comp_instance = l->opts.comp_instance,
                      .encoding = l->opts.encoding,
                      .realloc = l->opts.realloc};
    if (l->opts.memory_instance != KILN_NO_INDEX)
        cx.memory = ci->cores[l->opts.memory_instance]
                        ->memories[l->opts.memory_index];
    uint32_t token = kiln_cm_call_begin(ci, KILN_NO_INDEX, cx.comp_instance);

    /* the arguments: flat, or stored as a tuple past 16 core values */
    size_t nflat = c->params->nflat;
    KilnValue args[17], res[2];
    memset(args, 0, sizeof args);
    memset(res, 0, sizeof res);
    if (nflat <= 16) {
        size_t k = 0;
        for (uint32_t i = 0; i < c->params->n; i++) {
            const EmbType *p = c->params->sub[i];
            emb_lower_flat(&cx, p, c->args[i], args + k);
            k += p->nflat;
        }
    } else {
        uint32_t base = kiln_cx_alloc(&cx, (uint32_t)c->params->cm_size,
                                      (uint32_t)c->params->cm_align);
        size_t co = 0;
        for (uint32_t i = 0; i < c->params->n; i++) {
            const EmbType *p = c->params->sub[i];
            co = (co + p->cm_align - 1) / p->cm_align * p->cm_align;
            emb_store(&cx, p, c->args[i], base + (uint32_t)co);
            co += p->cm_size;
        }
        args[0].i32 = (int32_t)base;
    }

    const KilnCoreExportRef *r = &l->core;
    void *entry = ci->desc->cores[r->instance].module->exports[r->export_index].entry;
    c->f->call(entry, ci->cores[r->instance], args, res);

    if (c->result) {
        if (c->result->nflat <= 1)
            emb_lift_flat(&cx, c->result, res, c->out);
        else
            emb_load(&cx, c->result, (uint32_t)res[0].i32, c->out);
    }
    kiln_cm_call_end(ci, token);
    if (l->opts.post_return.instance != KILN_NO_INDEX) {
        const KilnCoreExportRef *p = &l->opts.post_return;
        void *pe = ci->desc->cores[p->instance].module->exports[p->export_index].entry;
        KilnValue none[1];
        kiln_cm_set_may_leave(ci, cx.comp_instance, false);
        c->f->post(pe, ci->cores[p->instance], res, none);
        kiln_cm_set_may_leave(ci, cx.comp_instance, true);
    }
}

static bool fail(KilnEmbed *e, const char *fmt, const char *name)
{
    memset(&e->trap, 0, sizeof e->trap);
    snprintf(e->trap.message, sizeof e->trap.message, fmt, name);
    return false;
}

/* The export and parsed types of a KilnEmbedFunc, found on its first
 * call on this instance (NULL after reporting through e->trap). */
static const EmbPrepared *prepare(KilnEmbed *e, const KilnEmbedFunc *f)
{
    for (size_t i = 0; i < e->nprepared; i++)
        if (e->prepared[i].f == f)
            return &e->prepared[i];
    const KilnComponentDesc *d = e->ci->desc;
    const KilnLiftDesc *lift = NULL;
    for (uint32_t i = 0; i < d->nexports && !lift; i++)
        if (name_eq(d->exports[i].name, f->name))
            lift = &d->exports[i];
    if (!lift) {
        fail(e, "the component exports no function `%s`", f->name);
        return NULL;
    }
    if (strcmp(lift->sig, f->sig) != 0) {
        fail(e, "export `%s` has another core signature than the bindings "
             "expect (bindings from another WIT?)", f->name);
        return NULL;
    }
    const char *ps = f->params, *rs = f->result;
    EmbPrepared p = {.f = f, .lift = lift};
    p.params = emb_parse(&ps);
    p.result = rs ? emb_parse(&rs) : NULL;
    const char *why = NULL;
    if (!p.params || p.params->kind != 'r' || (rs && !p.result))
        why = "malformed type string for `%s`";
    else if (!emb_resolve(d, lift->opts.comp_instance, p.params) ||
             !emb_resolve(d, lift->opts.comp_instance, p.result))
        why = "a resource of `%s` is not one the component defines";
    EmbPrepared *v = why ? NULL
                         : kiln_rt_realloc(e->prepared,
                                           (e->nprepared + 1) * sizeof *v);
    if (!v) {
        emb_free(p.params);
        emb_free(p.result);
        fail(e, why ? why : "out of memory preparing `%s`", f->name);
        return NULL;
    }
    e->prepared = v;
    v[e->nprepared] = p;
    return &v[e->nprepared++];
}

bool kiln_embed_call(KilnEmbed *e, const KilnEmbedFunc *f,
                     const void *const *args, void *result)
{
    if (e->poisoned)
        return false; /* e->trap still says why */
    const EmbPrepared *p = prepare(e, f);
    if (!p)
        return false;
    for (uint32_t i = 0; i < p->params->n; i++)
        if (!emb_check_handles(&e->handles, p->params->sub[i], args[i]))
            return fail(e, "`%s`: an argument is not a live handle of its "
                        "resource", f->name);
    Call c = {.e = e, .f = f, .lift = p->lift, .params = p->params,
              .result = p->result, .args = args, .out = result};
    kiln_rt_init_thread();
    KilnTrap t = kiln_rt_call_guarded(call_guarded, &c, &e->trap);
    emb_lifted_release(t != KILN_TRAP_NONE);
    if (t != KILN_TRAP_NONE) {
        if (result && c.result)
            memset(result, 0, c.result->nat_size); /* its memory is freed */
        e->poisoned = true;
        return false;
    }
    return true;
}

typedef struct Drop {
    KilnEmbed *e;
    EmbHandle *h;
} Drop;

/* resource.drop of a host handle: back into the instance it came from,
 * dropped there (its destructor runs). */
static void drop_guarded(void *arg)
{
    Drop *d = arg;
    EmbHandle *h = d->h;
    h->live = false;
    uint32_t g = kiln_cm_lower_own(d->e->ci, h->comp_instance, h->resource,
                                   h->rep);
    kiln_cm_resource_drop(d->e->ci, h->comp_instance, h->resource, g);
}

bool kiln_embed_drop(KilnEmbed *e, int32_t handle)
{
    if (e->poisoned)
        return false;
    if (handle <= 0 || (size_t)handle > e->handles.n ||
        !e->handles.v[handle - 1].live) {
        char n[16];
        snprintf(n, sizeof n, "%d", (int)handle);
        return fail(e, "drop of an unknown or dead host handle %s", n);
    }
    Drop d = {e, &e->handles.v[handle - 1]};
    kiln_rt_init_thread();
    if (kiln_rt_call_guarded(drop_guarded, &d, &e->trap) != KILN_TRAP_NONE) {
        e->poisoned = true;
        return false;
    }
    return true;
}
