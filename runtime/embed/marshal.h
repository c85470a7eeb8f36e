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
} EmbType;

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
