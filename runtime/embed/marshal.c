/* The Canonical ABI from the host's side for embedded components
 * (CanonicalABI.md: "Alignment", "Element Size", "Flattening", "Storing",
 * "Flat Lowering", "Loading", "Flat Lifting"): host C values of the
 * layout `kiln bindgen c` declares, lowered into a component instance's
 * memory or core arguments, and results lifted back into malloc'ed C
 * values.  Types arrive as the type strings of kiln_embed.h. */
#include "embed/marshal.h"

#include <stdlib.h>
#include <string.h>

/* ---- parsing and layout ---- */

static size_t align_to(size_t x, size_t a)
{
    return (x + a - 1) / a * a;
}

static size_t max_sz(size_t a, size_t b)
{
    return a > b ? a : b;
}

static uint32_t number(const char **s)
{
    uint32_t n = 0;
    while (**s >= '0' && **s <= '9')
        n = n * 10 + (uint32_t)(*(*s)++ - '0');
    if (**s == '.')
        (*s)++;
    return n;
}

static void add_flat(EmbType *t, const uint8_t *f, size_t n)
{
    t->flat = kiln_rt_realloc(t->flat, t->nflat + n + 1);
    if (!t->flat)
        kiln_cm_trap("out of memory");
    memcpy(t->flat + t->nflat, f, n);
    t->nflat += n;
}

static uint8_t join(uint8_t a, uint8_t b)
{
    if (a == b)
        return a;
    if ((a == EMB_I32 && b == EMB_F32) || (a == EMB_F32 && b == EMB_I32))
        return EMB_I32;
    return EMB_I64;
}

static void scalar(EmbType *t, size_t size, uint8_t flat)
{
    t->nat_size = t->nat_align = t->cm_size = t->cm_align = size;
    add_flat(t, &flat, 1);
}

/* Record-like layout of t->sub[0..n) (struct rules, both layouts). */
static void layout_record(EmbType *t)
{
    size_t ns = 0, na = 1, cs = 0, ca = 1;
    for (uint32_t i = 0; i < t->n; i++) {
        EmbType *f = t->sub[i];
        ns = align_to(ns, f->nat_align);
        cs = align_to(cs, f->cm_align);
        ns += f->nat_size;
        cs += f->cm_size;
        na = max_sz(na, f->nat_align);
        ca = max_sz(ca, f->cm_align);
        add_flat(t, f->flat, f->nflat);
    }
    t->nat_size = align_to(ns, na);
    t->nat_align = na;
    t->cm_size = align_to(cs, ca);
    t->cm_align = ca;
}

static size_t disc_size(uint32_t n)
{
    return n <= 256 ? 1 : n <= 65536 ? 2 : 4;
}

/* Variant-like: { discriminant; union of payloads } in both layouts. */
static void layout_variant(EmbType *t)
{
    size_t d = disc_size(t->n), ps = 0, pa = 1, cps = 0, cpa = 1;
    uint8_t i32 = EMB_I32;
    add_flat(t, &i32, 1);
    for (uint32_t i = 0; i < t->n; i++) {
        EmbType *c = t->sub[i];
        if (!c)
            continue;
        ps = max_sz(ps, c->nat_size);
        pa = max_sz(pa, c->nat_align);
        cps = max_sz(cps, c->cm_size);
        cpa = max_sz(cpa, c->cm_align);
        for (size_t k = 0; k < c->nflat; k++) {
            if (1 + k < t->nflat)
                t->flat[1 + k] = join(t->flat[1 + k], c->flat[k]);
            else
                add_flat(t, &c->flat[k], 1);
        }
    }
    t->nat_align = max_sz(d, pa);
    t->cm_align = max_sz(d, cpa);
    t->nat_size = align_to(align_to(d, pa) + ps, t->nat_align);
    t->cm_size = align_to(align_to(d, cpa) + cps, t->cm_align);
}

static size_t nat_payload(const EmbType *t)
{
    size_t pa = 1;
    for (uint32_t i = 0; i < t->n; i++)
        if (t->sub[i])
            pa = max_sz(pa, t->sub[i]->nat_align);
    return align_to(disc_size(t->n), pa);
}

static size_t cm_payload(const EmbType *t)
{
    size_t pa = 1;
    for (uint32_t i = 0; i < t->n; i++)
        if (t->sub[i])
            pa = max_sz(pa, t->sub[i]->cm_align);
    return align_to(disc_size(t->n), pa);
}

static EmbType *node(char kind, uint32_t n)
{
    EmbType *t = kiln_rt_alloc(sizeof *t);
    if (!t || !(t->sub = kiln_rt_alloc((n + 1) * sizeof *t->sub)))
        kiln_cm_trap("out of memory");
    t->kind = kind;
    t->n = n;
    return t;
}

EmbType *emb_parse(const char **s)
{
    char k = *(*s)++;
    EmbType *t;
    switch (k) {
    case 'b': case 'a': case 'A':
        t = node(k, 0); scalar(t, 1, EMB_I32); return t;
    case 'h': case 'H':
        t = node(k, 0); scalar(t, 2, EMB_I32); return t;
    case 'i': case 'I': case 'c':
        t = node(k, 0); scalar(t, 4, EMB_I32); return t;
    case 'f':
        t = node(k, 0); scalar(t, 4, EMB_F32); return t;
    case 'l': case 'L':
        t = node(k, 0); scalar(t, 8, EMB_I64); return t;
    case 'd':
        t = node(k, 0); scalar(t, 8, EMB_F64); return t;
    case 'w': case 'B':
        t = node(k, 0);
        t->res_len = number(s);
        t->res_name = *s;
        if (memchr(*s, 0, t->res_len)) {
            emb_free(t);
            return NULL;
        }
        *s += t->res_len;
        scalar(t, 4, EMB_I32);
        return t;
    case 's': case '*': {
        t = node(k, 1);
        if (k == '*' && !(t->sub[0] = emb_parse(s))) {
            emb_free(t);
            return NULL;
        }
        uint8_t f[2] = {EMB_I32, EMB_I32};
        add_flat(t, f, 2);
        t->nat_size = sizeof(void *) + sizeof(size_t);
        t->nat_align = sizeof(void *);
        t->cm_size = 8;
        t->cm_align = 4;
        return t;
    }
    case '[': case 'r': case 'v': case 'e': case 'o': case 'x': {
        uint32_t n = k == 'o' || k == 'x' ? 2 : number(s);
        t = node(k, k == '[' ? 1 : n);
        for (uint32_t i = 0; i < (k == '[' ? 1 : n) && k != 'e'; i++) {
            if ((k == 'v' || k == 'x') && **s == '_') {
                (*s)++;
                continue;
            }
            if (k == 'o' && i == 0)
                continue;
            if (!(t->sub[i] = emb_parse(s))) {
                emb_free(t);
                return NULL;
            }
        }
        if (k == '[') {
            EmbType *e = t->sub[0];
            t->nat_size = e->nat_size * n;
            t->cm_size = e->cm_size * n;
            t->nat_align = e->nat_align;
            t->cm_align = e->cm_align;
            for (uint32_t i = 0; i < n; i++)
                add_flat(t, e->flat, e->nflat);
            t->n = n;
        } else if (k == 'r') {
            layout_record(t);
        } else {
            layout_variant(t);
        }
        return t;
    }
    case 'g': {
        uint32_t n = number(s);
        t = node(k, n);
        size_t size = n == 0 ? 0 : n <= 8 ? 1 : n <= 16 ? 2 : 4 * ((n + 31) / 32);
        t->nat_size = t->cm_size = size;
        t->nat_align = t->cm_align = size > 4 ? 4 : size ? size : 1;
        uint8_t i32 = EMB_I32;
        for (uint32_t i = 0; i < (n + 31) / 32; i++)
            add_flat(t, &i32, 1);
        return t;
    }
    default:
        return NULL;
    }
}

void emb_free(EmbType *t)
{
    if (!t)
        return;
    uint32_t n = t->kind == '[' ? 1 : t->n;
    for (uint32_t i = 0; i < n && t->kind != 'e' && t->kind != 'g'; i++)
        emb_free(t->sub[i]);
    kiln_rt_free(t->sub);
    kiln_rt_free(t->flat);
    kiln_rt_free(t);
}

/* ---- allocations of lifted values ---- */

static _Thread_local struct {
    void **p;
    size_t n, cap;
} lifted;

static void *lift_alloc(size_t n, size_t size)
{
    if (lifted.n == lifted.cap) {
        size_t cap = lifted.cap ? 2 * lifted.cap : 16;
        void **p = kiln_rt_realloc(lifted.p, cap * sizeof *p);
        if (!p)
            kiln_cm_trap("out of memory");
        lifted.p = p;
        lifted.cap = cap;
    }
    void *m = calloc(n, size ? size : 1);
    if (!m)
        kiln_cm_trap("out of memory");
    lifted.p[lifted.n++] = m;
    return m;
}

void emb_lifted_release(bool free_them)
{
    for (size_t i = 0; free_them && i < lifted.n; i++)
        free(lifted.p[i]);
    kiln_rt_free(lifted.p);
    lifted.p = NULL;
    lifted.n = lifted.cap = 0;
}

/* Flat values of a variant's payload: on the stack unless many. */
typedef struct FlatBuf {
    KilnValue small[32];
    KilnValue *v;
} FlatBuf;

static KilnValue *flat_buf(FlatBuf *b, size_t n)
{
    memset(b->small, 0, sizeof b->small);
    b->v = n <= 32 ? b->small : kiln_rt_alloc(n * sizeof(KilnValue));
    if (!b->v)
        kiln_cm_trap("out of memory");
    return b->v;
}

static void flat_done(FlatBuf *b)
{
    if (b->v != b->small)
        kiln_rt_free(b->v);
}

/* ---- shared pieces ---- */

typedef struct HostSeq {
    void *ptr;
    size_t len;
} HostSeq;

static uint64_t read_uint(const void *p, size_t size)
{
    uint8_t b1; uint16_t b2; uint32_t b4; uint64_t b8;
    switch (size) {
    case 1: memcpy(&b1, p, 1); return b1;
    case 2: memcpy(&b2, p, 2); return b2;
    case 4: memcpy(&b4, p, 4); return b4;
    case 8: memcpy(&b8, p, 8); return b8;
    default: return 0;
    }
}

static void write_uint(void *p, size_t size, uint64_t v)
{
    uint8_t b1 = (uint8_t)v; uint16_t b2 = (uint16_t)v; uint32_t b4 = (uint32_t)v;
    switch (size) {
    case 1: memcpy(p, &b1, 1); break;
    case 2: memcpy(p, &b2, 2); break;
    case 4: memcpy(p, &b4, 4); break;
    case 8: memcpy(p, &v, 8); break;
    default: break;
    }
}

/* A host string or list stored into guest memory: address and length. */
static void lower_seq(KilnCanonCx *cx, const EmbType *t, const void *v,
                      uint32_t *ptr, uint32_t *len)
{
    HostSeq s;
    memcpy(&s, v, sizeof s);
    if (t->kind == 's') {
        kiln_cx_store_string(cx, s.ptr, s.len, ptr, len);
        return;
    }
    const EmbType *e = t->sub[0];
    if (s.len > UINT32_MAX || (e->cm_size && s.len > UINT32_MAX / e->cm_size))
        kiln_cm_trap("list too long");
    uint32_t base = kiln_cx_alloc(cx, (uint32_t)(s.len * e->cm_size),
                                  (uint32_t)e->cm_align);
    for (size_t i = 0; i < s.len; i++)
        emb_store(cx, e, (const uint8_t *)s.ptr + i * e->nat_size,
                  base + (uint32_t)(i * e->cm_size));
    *ptr = base;
    *len = (uint32_t)s.len;
}

static void lift_seq(KilnCanonCx *cx, const EmbType *t, uint32_t ptr,
                     uint32_t len, void *out)
{
    HostSeq s = {NULL, 0};
    if (t->kind == 's') {
        uint32_t n;
        const char *str = kiln_cx_lift_string(cx, ptr, len, &n);
        if (n) {
            s.ptr = lift_alloc(n, 1);
            memcpy(s.ptr, str, n);
        }
        s.len = n;
        kiln_cx_free_string(cx, str);
    } else {
        const EmbType *e = t->sub[0];
        if (ptr % e->cm_align)
            kiln_cm_trap("misaligned list pointer");
        kiln_cx_ptr(cx, ptr, (uint64_t)len * e->cm_size);
        if (len)
            s.ptr = lift_alloc(len, e->nat_size);
        s.len = len;
        for (uint32_t i = 0; i < len; i++)
            emb_load(cx, e, ptr + (uint32_t)(i * e->cm_size),
                     (uint8_t *)s.ptr + i * e->nat_size);
    }
    memcpy(out, &s, sizeof s);
}

static uint32_t check_char(uint64_t c)
{
    if (c >= 0x110000 || (c >= 0xd800 && c <= 0xdfff))
        kiln_cm_trap("invalid char");
    return (uint32_t)c;
}

static uint32_t check_case(const EmbType *t, uint64_t tag)
{
    if (tag >= t->n)
        kiln_cm_trap("invalid variant discriminant");
    return (uint32_t)tag;
}

/* ---- handles ---- */

bool emb_resolve(const KilnComponentDesc *d, uint32_t inst, EmbType *t)
{
    if (!t)
        return true;
    if (t->kind == 'w' || t->kind == 'B') {
        uint32_t found = KILN_NO_INDEX;
        for (uint32_t i = 0; i < d->nresources; i++) {
            const KilnResourceDesc *r = &d->resources[i];
            const char *n = r->name ? r->name : "";
            const char *hash = strrchr(n, '#');
            if (hash)
                n = hash + 1;
            if (r->host_type || strlen(n) != t->res_len ||
                memcmp(n, t->res_name, t->res_len) != 0)
                continue;
            if (found == KILN_NO_INDEX || r->comp_instance == inst)
                found = i;
        }
        t->resource = found;
        return found != KILN_NO_INDEX;
    }
    uint32_t n = t->kind == '[' ? 1 : t->kind == 'e' || t->kind == 'g' ? 0 : t->n;
    for (uint32_t i = 0; i < n; i++)
        if (!emb_resolve(d, inst, t->sub[i]))
            return false;
    return true;
}

bool emb_check_handles(const EmbHandles *hs, const EmbType *t, const void *v)
{
    const uint8_t *src = v;
    switch (t->kind) {
    case 'w': case 'B': {
        int32_t h;
        memcpy(&h, v, 4);
        return h > 0 && (size_t)h <= hs->n && hs->v[h - 1].live &&
               hs->v[h - 1].resource == t->resource;
    }
    case '*': {
        HostSeq sq;
        memcpy(&sq, v, sizeof sq);
        for (size_t i = 0; i < sq.len; i++)
            if (!emb_check_handles(hs, t->sub[0],
                                   (const uint8_t *)sq.ptr + i * t->sub[0]->nat_size))
                return false;
        return true;
    }
    case '[':
        for (uint32_t i = 0; i < t->n; i++)
            if (!emb_check_handles(hs, t->sub[0], src + i * t->sub[0]->nat_size))
                return false;
        return true;
    case 'r': {
        size_t no = 0;
        for (uint32_t i = 0; i < t->n; i++) {
            const EmbType *f = t->sub[i];
            no = align_to(no, f->nat_align);
            if (!emb_check_handles(hs, f, src + no))
                return false;
            no += f->nat_size;
        }
        return true;
    }
    case 'v': case 'o': case 'x': {
        uint64_t tag = read_uint(src, disc_size(t->n));
        return tag >= t->n || !t->sub[tag] ||
               emb_check_handles(hs, t->sub[tag], src + nat_payload(t));
    }
    default:
        return true;
    }
}

/* A host handle given as an argument: moved (own) or lent (borrow) into
 * the callee's table. */
static uint32_t lower_handle(KilnCanonCx *cx, const EmbType *t, const void *v)
{
    int32_t h;
    memcpy(&h, v, 4);
    EmbHandles *hs = emb_handles(cx);
    if (h <= 0 || (size_t)h > hs->n || !hs->v[h - 1].live ||
        hs->v[h - 1].resource != t->resource)
        kiln_cm_trap("unknown or dead host handle");
    EmbHandle *e = &hs->v[h - 1];
    if (t->kind == 'B')
        return kiln_cm_lower_borrow(cx->ci, cx->comp_instance, e->resource, e->rep);
    e->live = false;
    return kiln_cm_lower_own(cx->ci, cx->comp_instance, e->resource, e->rep);
}

/* An own handle in a result: taken out of the callee's table into the
 * host's. */
static int32_t lift_handle(KilnCanonCx *cx, const EmbType *t, uint32_t handle)
{
    if (t->kind != 'w')
        kiln_cm_trap("borrow handle in a result");
    uint32_t rep = kiln_cm_lift_own(cx->ci, cx->comp_instance, t->resource, handle);
    EmbHandles *hs = emb_handles(cx);
    if (hs->n == hs->cap) {
        size_t cap = hs->cap ? 2 * hs->cap : 16;
        EmbHandle *v = kiln_rt_realloc(hs->v, cap * sizeof *v);
        if (!v)
            kiln_cm_trap("out of memory");
        hs->v = v;
        hs->cap = cap;
    }
    hs->v[hs->n++] = (EmbHandle){t->resource, rep, cx->comp_instance, true};
    return (int32_t)hs->n;
}

/* ---- storing and loading ---- */

void emb_store(KilnCanonCx *cx, const EmbType *t, const void *v, uint32_t addr)
{
    const uint8_t *src = v;
    switch (t->kind) {
    case 'b': {
        uint8_t b = *(const bool *)v ? 1 : 0;
        memcpy(kiln_cx_ptr(cx, addr, 1), &b, 1);
        return;
    }
    case 's': case '*': {
        uint32_t pl[2];
        lower_seq(cx, t, v, &pl[0], &pl[1]);
        memcpy(kiln_cx_ptr(cx, addr, 8), pl, 8);
        return;
    }
    case '[':
        for (uint32_t i = 0; i < t->n; i++)
            emb_store(cx, t->sub[0], src + i * t->sub[0]->nat_size,
                      addr + (uint32_t)(i * t->sub[0]->cm_size));
        return;
    case 'r': {
        size_t no = 0, co = 0;
        for (uint32_t i = 0; i < t->n; i++) {
            const EmbType *f = t->sub[i];
            no = align_to(no, f->nat_align);
            co = align_to(co, f->cm_align);
            emb_store(cx, f, src + no, addr + (uint32_t)co);
            no += f->nat_size;
            co += f->cm_size;
        }
        return;
    }
    case 'v': case 'e': case 'o': case 'x': {
        size_t d = disc_size(t->n);
        uint32_t tag = check_case(t, read_uint(src, d));
        if (t->sub[tag])
            emb_store(cx, t->sub[tag], src + nat_payload(t),
                      addr + (uint32_t)cm_payload(t));
        write_uint(kiln_cx_ptr(cx, addr, d), d, tag);
        return;
    }
    case 'w': case 'B': {
        uint32_t h = lower_handle(cx, t, v);
        memcpy(kiln_cx_ptr(cx, addr, 4), &h, 4);
        return;
    }
    case 'c':
        check_char(read_uint(v, 4));
        /* fall through */
    default:
        if (t->cm_size)
            memcpy(kiln_cx_ptr(cx, addr, t->cm_size), v, t->cm_size);
        return;
    }
}

void emb_load(KilnCanonCx *cx, const EmbType *t, uint32_t addr, void *out)
{
    uint8_t *dst = out;
    if (addr % t->cm_align)
        kiln_cm_trap("misaligned pointer");
    switch (t->kind) {
    case 'b':
        *(bool *)out = *(const uint8_t *)kiln_cx_ptr(cx, addr, 1) != 0;
        return;
    case 's': case '*': {
        uint32_t pl[2];
        memcpy(pl, kiln_cx_ptr(cx, addr, 8), 8);
        lift_seq(cx, t, pl[0], pl[1], out);
        return;
    }
    case '[':
        for (uint32_t i = 0; i < t->n; i++)
            emb_load(cx, t->sub[0], addr + (uint32_t)(i * t->sub[0]->cm_size),
                     dst + i * t->sub[0]->nat_size);
        return;
    case 'r': {
        size_t no = 0, co = 0;
        for (uint32_t i = 0; i < t->n; i++) {
            const EmbType *f = t->sub[i];
            no = align_to(no, f->nat_align);
            co = align_to(co, f->cm_align);
            emb_load(cx, f, addr + (uint32_t)co, dst + no);
            no += f->nat_size;
            co += f->cm_size;
        }
        return;
    }
    case 'v': case 'e': case 'o': case 'x': {
        size_t d = disc_size(t->n);
        memset(out, 0, t->nat_size);
        uint32_t tag = check_case(t, read_uint(kiln_cx_ptr(cx, addr, d), d));
        write_uint(dst, d, tag);
        if (t->sub[tag])
            emb_load(cx, t->sub[tag], addr + (uint32_t)cm_payload(t),
                     dst + nat_payload(t));
        return;
    }
    case 'c': {
        uint32_t c = check_char(read_uint(kiln_cx_ptr(cx, addr, 4), 4));
        memcpy(out, &c, 4);
        return;
    }
    case 'w': case 'B': {
        int32_t h = lift_handle(cx, t, (uint32_t)read_uint(kiln_cx_ptr(cx, addr, 4), 4));
        memcpy(out, &h, 4);
        return;
    }
    default:
        if (t->cm_size)
            memcpy(out, kiln_cx_ptr(cx, addr, t->cm_size), t->cm_size);
        return;
    }
}

/* ---- flat lowering and lifting ---- */

static void scalar_flat(const EmbType *t, const void *v, KilnValue *out)
{
    memset(out, 0, sizeof *out);
    switch (t->kind) {
    case 'b': out->i32 = *(const bool *)v ? 1 : 0; break;
    case 'a': out->i32 = *(const int8_t *)v; break;
    case 'A': out->i32 = *(const uint8_t *)v; break;
    case 'h': out->i32 = *(const int16_t *)v; break;
    case 'H': out->i32 = *(const uint16_t *)v; break;
    case 'c': out->i32 = (int32_t)check_char(read_uint(v, 4)); break;
    case 'i': case 'I': memcpy(&out->i32, v, 4); break;
    case 'l': case 'L': memcpy(&out->i64, v, 8); break;
    case 'f': memcpy(&out->f32, v, 4); break;
    case 'd': memcpy(&out->f64, v, 8); break;
    default: break;
    }
}

/* A case's flat value `v` of type `have` in a payload slot of type `slot`
 * (lower_flat_variant's coercions), and back. */
static KilnValue coerce(KilnValue v, uint8_t have, uint8_t slot)
{
    KilnValue r;
    memset(&r, 0, sizeof r);
    if (have == slot)
        return v;
    uint32_t bits;
    if (have == EMB_F32) {
        memcpy(&bits, &v.f32, 4);
        if (slot == EMB_I32)
            r.i32 = (int32_t)bits;
        else
            r.i64 = (int64_t)(uint64_t)bits;
    } else if (have == EMB_I32) {
        r.i64 = (int64_t)(uint64_t)(uint32_t)v.i32;
    } else { /* f64 in i64 */
        memcpy(&r.i64, &v.f64, 8);
    }
    return r;
}

static KilnValue uncoerce(KilnValue v, uint8_t have, uint8_t slot)
{
    KilnValue r;
    memset(&r, 0, sizeof r);
    if (have == slot)
        return v;
    if (have == EMB_F32) {
        uint32_t bits = slot == EMB_I32 ? (uint32_t)v.i32 : (uint32_t)v.i64;
        memcpy(&r.f32, &bits, 4);
    } else if (have == EMB_I32) {
        r.i32 = (int32_t)(uint32_t)v.i64;
    } else {
        memcpy(&r.f64, &v.i64, 8);
    }
    return r;
}

void emb_lower_flat(KilnCanonCx *cx, const EmbType *t, const void *v,
                    KilnValue *out)
{
    const uint8_t *src = v;
    switch (t->kind) {
    case 's': case '*': {
        uint32_t p, l;
        lower_seq(cx, t, v, &p, &l);
        memset(out, 0, 2 * sizeof *out);
        out[0].i32 = (int32_t)p;
        out[1].i32 = (int32_t)l;
        return;
    }
    case '[':
        for (uint32_t i = 0; i < t->n; i++)
            emb_lower_flat(cx, t->sub[0], src + i * t->sub[0]->nat_size,
                           out + i * t->sub[0]->nflat);
        return;
    case 'r': {
        size_t no = 0, k = 0;
        for (uint32_t i = 0; i < t->n; i++) {
            const EmbType *f = t->sub[i];
            no = align_to(no, f->nat_align);
            emb_lower_flat(cx, f, src + no, out + k);
            no += f->nat_size;
            k += f->nflat;
        }
        return;
    }
    case 'v': case 'e': case 'o': case 'x': {
        memset(out, 0, t->nflat * sizeof *out);
        uint32_t tag = check_case(t, read_uint(src, disc_size(t->n)));
        out[0].i32 = (int32_t)tag;
        const EmbType *c = t->sub[tag];
        if (!c)
            return;
        FlatBuf fb;
        KilnValue *tmp = flat_buf(&fb, c->nflat);
        emb_lower_flat(cx, c, src + nat_payload(t), tmp);
        for (size_t k = 0; k < c->nflat; k++)
            out[1 + k] = coerce(tmp[k], c->flat[k], t->flat[1 + k]);
        flat_done(&fb);
        return;
    }
    case 'g':
        for (size_t k = 0; k < t->nflat; k++) {
            memset(&out[k], 0, sizeof out[k]);
            out[k].i32 = (int32_t)read_uint(src + 4 * k, t->nat_size < 4 ? t->nat_size : 4);
        }
        return;
    case 'w': case 'B':
        memset(out, 0, sizeof *out);
        out->i32 = (int32_t)lower_handle(cx, t, v);
        return;
    default:
        scalar_flat(t, v, out);
        return;
    }
}

void emb_lift_flat(KilnCanonCx *cx, const EmbType *t, const KilnValue *in,
                   void *out)
{
    uint8_t *dst = out;
    switch (t->kind) {
    case 'b': *(bool *)out = in->i32 != 0; return;
    case 'a': case 'A': write_uint(out, 1, (uint32_t)in->i32); return;
    case 'h': case 'H': write_uint(out, 2, (uint32_t)in->i32); return;
    case 'c': write_uint(out, 4, check_char((uint32_t)in->i32)); return;
    case 'i': case 'I': memcpy(out, &in->i32, 4); return;
    case 'l': case 'L': memcpy(out, &in->i64, 8); return;
    case 'f': memcpy(out, &in->f32, 4); return;
    case 'd': memcpy(out, &in->f64, 8); return;
    case 'w': case 'B': {
        int32_t h = lift_handle(cx, t, (uint32_t)in->i32);
        memcpy(out, &h, 4);
        return;
    }
    case 's': case '*':
        lift_seq(cx, t, (uint32_t)in[0].i32, (uint32_t)in[1].i32, out);
        return;
    case '[':
        for (uint32_t i = 0; i < t->n; i++)
            emb_lift_flat(cx, t->sub[0], in + i * t->sub[0]->nflat,
                          dst + i * t->sub[0]->nat_size);
        return;
    case 'r': {
        size_t no = 0, k = 0;
        for (uint32_t i = 0; i < t->n; i++) {
            const EmbType *f = t->sub[i];
            no = align_to(no, f->nat_align);
            emb_lift_flat(cx, f, in + k, dst + no);
            no += f->nat_size;
            k += f->nflat;
        }
        return;
    }
    case 'v': case 'e': case 'o': case 'x': {
        memset(out, 0, t->nat_size);
        uint32_t tag = check_case(t, (uint32_t)in[0].i32);
        write_uint(dst, disc_size(t->n), tag);
        const EmbType *c = t->sub[tag];
        if (!c)
            return;
        FlatBuf fb;
        KilnValue *tmp = flat_buf(&fb, c->nflat);
        for (size_t k = 0; k < c->nflat; k++)
            tmp[k] = uncoerce(in[1 + k], c->flat[k], t->flat[1 + k]);
        emb_lift_flat(cx, c, tmp, dst + nat_payload(t));
        flat_done(&fb);
        return;
    }
    case 'g':
        for (size_t k = 0; k < t->nflat; k++)
            write_uint(dst + 4 * k, t->nat_size < 4 ? t->nat_size : 4,
                       (uint32_t)in[k].i32);
        return;
    default:
        return;
    }
}
