/* Shared state of the component decoder (cmp_decode.c, cmp_types.c,
 * cmp_names.c) and the validator (cmp_validate.c, cmp_match.c).  One
 * prefix per file group: cmp_. */
#ifndef KILN_COMPONENT_CMP_INTERNAL_H
#define KILN_COMPONENT_CMP_INTERNAL_H

#include "component/component.h"
#include "wasm/reader.h"

typedef struct CmpDecoder {
    WasmReader r;
    CmpFile *f;
    Arena *a;
    Diag *diag;
    /* deepest value type referenced while reading the current defined
     * value type, to bound nesting (the recursive walks over types) */
    uint32_t depth_seen;
} CmpDecoder;

/* Defined value types may nest at most this deep. */
#define CMP_MAX_TYPE_DEPTH 1000
/* Components, component types and instance types may nest at most this
 * deep (the decoder recurses into each). */
#define CMP_MAX_SCOPE_DEPTH 100
void cmp_check_scope_depth(CmpDecoder *d, const CmpScope *s, size_t at);

/* Appends one zeroed element to an arena-backed growable array. */
void *cmp_push(Arena *a, void **arr, uint32_t *n, uint32_t *cap, size_t elem);
#define CMP_PUSH(a, arr, n, cap) \
    ((__typeof__(arr))cmp_push((a), (void **)&(arr), &(n), &(cap), sizeof *(arr)))

/* Index spaces. */
uint32_t cmp_space_add(CmpDecoder *d, CmpScope *s, CmpSort sort,
                       const CmpEntry *e);
CmpEntry *cmp_space_get(CmpDecoder *d, CmpScope *s, CmpSort sort,
                        uint32_t idx, size_t at);
/* The `sort` of the binary format (0x00 core:sort | 0x01 func ...). */
CmpSort cmp_read_sort(CmpDecoder *d);
CmpSort cmp_read_core_sort(CmpDecoder *d);
CmpExternKind cmp_sort_extern(CmpSort s, bool *ok);

/* Types (cmp_types.c). */
WitType *cmp_read_valtype(CmpDecoder *d, CmpScope *s);
CmpType *cmp_read_deftype(CmpDecoder *d, CmpScope *s);
CmpCoreType *cmp_read_core_type(CmpDecoder *d, CmpScope *s);
/* externtype, adding the declared entity to `s` (unless s is NULL). */
void cmp_read_externtype(CmpDecoder *d, CmpScope *s, CmpExtern *e);
/* Adds the entity an extern describes to its sort's space in `s`. */
uint32_t cmp_add_extern(CmpDecoder *d, CmpScope *s, const CmpExtern *e,
                        CmpDefKind def, uint32_t def_index);
/* An alias (component alias or declarator alias) into `s`. */
void cmp_read_alias(CmpDecoder *d, CmpScope *s, CmpAlias *out, bool decl);
WitType *cmp_new_wit(CmpDecoder *d, WitTypeKind kind);
/* The type an import or export of a type names: value types become a
 * WIT_ALIAS named `name`, resources a copy carrying such an alias in
 * `named`; other types are returned as they are. */
CmpType *cmp_named_type(CmpDecoder *d, CmpType *t, const char *name);
/* The node a use of type `t` (a value type or resource) refers to. */
WitType *cmp_type_node(const CmpType *t);
CmpType *cmp_new_resource(CmpDecoder *d, CmpScope *s, const char *name,
                          bool abstract);
void cmp_core_extern_from_module(const WasmModule *m, WasmExternKind kind,
                                 uint32_t index, CmpCoreExtern *out);

/* Checks that the type of an import (export) uses nominal types only
 * through names introduced by preceding imports (or exports) of scope
 * `s`, then records the names `e` introduces. */
void cmp_check_visibility(CmpDecoder *d, CmpScope *s, const CmpExtern *e,
                          bool import);

/* Names (cmp_names.c). */
void cmp_read_extern_name(CmpDecoder *d, CmpName *n);
/* Reads a label literal and checks it is kebab-case. */
const char *cmp_read_label(CmpDecoder *d, const char *what);
bool cmp_label_valid(const char *s);
/* A full major.minor.patch semver (semver.org). */
bool cmp_semver_valid(const char *s);
/* Strongly-unique canonical form of a name (Explainer.md "Name
 * Uniqueness"), in `a`. */
const char *cmp_name_canonical(Arena *a, const CmpName *n);
/* Records a name in `names`/`n`, failing if not strongly-unique. */
void cmp_check_unique(CmpDecoder *d, const char ***names, uint32_t *n,
                      uint32_t *cap, const CmpName *name, const char *what);
void cmp_read_name_section(CmpDecoder *d, CmpComponent *c, size_t end);

/* Canonical ABI sizes (cmp_flat.c), `ptr` the pointer size in bytes. */
uint64_t cmp_alignment(const WitType *t, unsigned ptr);
uint64_t cmp_elem_size(const WitType *t, unsigned ptr);
/* True when a type refers to a resource anywhere inside it. */
bool cmp_type_has_resource(const CmpType *t);

/* Type matching (cmp_match.c).  Abstract resources of the expected side
 * bind to actual resources on first use, the substitution that
 * instantiation performs. */
typedef struct CmpBinding {
    const WitType *from, *to;
} CmpBinding;

typedef struct CmpMatch {
    CmpBinding *binds;
    uint32_t n, cap;
    Arena *a;
    CmpFile *f;
    /* Abstract resources declared inside this scope (the imports of the
     * component type being instantiated, the resources of an ascribed
     * type) bind on first use; all others must be identical. */
    const CmpScope *bind_scope;
    char why[200]; /* the first mismatch */
} CmpMatch;

/* Substitution (cmp_subst.c): copies a type replacing bound resources
 * (m->binds) and giving resources declared inside `fresh_in` fresh
 * copies declared in `new_scope`. */
typedef struct CmpSubst {
    CmpMatch *m;
    CmpBinding *memo; /* nodes already copied, so sharing is kept */
    uint32_t nmemo, capmemo;
    const CmpScope *fresh_in;
    CmpScope *new_scope;
} CmpSubst;

CmpType *cmp_subst_type(CmpSubst *s, CmpType *t);
bool cmp_scope_within(const CmpScope *inner, const CmpScope *outer);
/* A copy of instance type `t` with fresh resources for those it
 * declares, as each import or export of an instance type gets. */
CmpType *cmp_fresh_instance(CmpDecoder *d, CmpScope *s, CmpType *t);

bool cmp_match_extern(CmpMatch *m, const CmpExtern *actual,
                      const CmpExtern *expected);
bool cmp_match_valtype(CmpMatch *m, const WitType *actual,
                       const WitType *expected);
bool cmp_match_core_extern(const CmpCoreExtern *actual,
                           const CmpCoreExtern *expected, char *why,
                           size_t whylen);
void cmp_format_core_functype(char *buf, size_t len, const WasmFuncType *t);
/* True when `t` contains a borrow handle (transitively). */
bool cmp_has_borrow(const WitType *t);
/* True when `t` contains a string or a list (needs memory to lift/lower). */
bool cmp_needs_memory(const WitType *t);
bool cmp_has_resource(const WitType *t);
const char *cmp_extern_kind_name(CmpExternKind k);

#endif
