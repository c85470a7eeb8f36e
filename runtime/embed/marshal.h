/* Type strings of kiln_embed.h parsed into layout trees: the host C layout
 * and the Canonical ABI layout (CanonicalABI.md "Alignment", "Element
 * Size", "Flattening") of each node. */
#ifndef KILN_EMBED_MARSHAL_H
#define KILN_EMBED_MARSHAL_H

#include "kiln_cm.h"

enum { EMB_I32, EMB_I64, EMB_F32, EMB_F64 };

typedef struct EmbType {
    char kind;          /* the type string letter */
    uint32_t n;         /* fields, cases, labels, fixed length */
    struct EmbType **sub; /* fields / case payloads (NULL: none) / element */
    size_t nat_size, nat_align, cm_size, cm_align;
    uint8_t *flat;      /* core types (EMB_*) */
    size_t nflat;
    /* w (own) and B (borrow): the resource's name in the type string and
     * its KilnComponentDesc.resources index (emb_resolve) */
    const char *res_name;
    uint32_t res_len, resource;
} EmbType;

/* Host handles: what own handles lifted out of results became (the
 * host's table of an embedded instance, handle = index + 1). */
typedef struct EmbHandle {
    uint32_t resource, rep, comp_instance;
    bool live;
} EmbHandle;

typedef struct EmbHandles {
    EmbHandle *v;
    size_t n, cap;
} EmbHandles;

/* The host handle table of the instance a cx belongs to. */
EmbHandles *emb_handles(KilnCanonCx *cx);

/* Every handle in host value `v` of type `t` is a live host handle of
 * its resource (checked before a call, so that a bad handle is an error
 * of the call, not a trap that poisons the instance). */
bool emb_check_handles(const EmbHandles *hs, const EmbType *t, const void *v);

/* Sets `resource` of every handle node, preferring resources of
 * component instance `inst`; false when a name matches none. */
bool emb_resolve(const KilnComponentDesc *d, uint32_t inst, EmbType *t);

/* What lifting allocated during the current call on this thread: freed
 * when the call traps (emb_lifted_release(true)), so the partial result
 * does not leak; kept otherwise. */
void emb_lifted_release(bool free_them);

/* Parses a type string; NULL when it is malformed. */
EmbType *emb_parse(const char **s);
void emb_free(EmbType *t);

/* Lowering (host value -> guest), lifting (guest -> host value, malloc'ed
 * strings and lists), trapping as the Canonical ABI says. */
void emb_store(KilnCanonCx *cx, const EmbType *t, const void *v, uint32_t addr);
void emb_lower_flat(KilnCanonCx *cx, const EmbType *t, const void *v,
                    KilnValue *out);
void emb_load(KilnCanonCx *cx, const EmbType *t, uint32_t addr, void *out);
void emb_lift_flat(KilnCanonCx *cx, const EmbType *t, const KilnValue *in,
                   void *out);

#endif
