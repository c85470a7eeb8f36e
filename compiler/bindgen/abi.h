/* The Canonical ABI layout of WIT types (Component Model,
 * design/mvp/CanonicalABI.md: "Despecialization", "Alignment",
 * "Element Size", "Flattening", "Flat Lifting/Lowering" of variants).
 *
 * Memory layout is for wasm32 (pointers and lengths are 32-bit).  The
 * specialized types are despecialized on the fly: a tuple is a record
 * with unnamed fields, an enum a variant without payloads, option<T> the
 * variant {none, some(T)}, result<T, E> the variant {ok(T), error(E)}.
 * Handles (own, borrow) and the async handles (future, stream,
 * error-context) are i32.  map<K, V> is laid out as list<tuple<K, V>>.
 * A fixed-size list<T, N> is N consecutive T's.
 *
 * Used by `kiln bindgen c` and by the component adapters. */
#ifndef KILN_BINDGEN_ABI_H
#define KILN_BINDGEN_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "wit/wit.h"

#define ABI_MAX_FLAT_PARAMS 16
#define ABI_MAX_FLAT_RESULTS 1

/* Core value types of flattened values. */
typedef enum AbiCore { ABI_I32, ABI_I64, ABI_F32, ABI_F64 } AbiCore;

const char *abi_core_name(AbiCore c); /* "i32", ... */

/* The despecialized shape of a type (aliases followed). */
typedef enum AbiShape {
    ABI_SHAPE_SCALAR,  /* numbers, bool, char, handles: one core value */
    ABI_SHAPE_LIST,    /* string, list<T>, map: pointer + length */
    ABI_SHAPE_FIXED,   /* list<T, N> */
    ABI_SHAPE_RECORD,  /* record, tuple */
    ABI_SHAPE_VARIANT, /* variant, enum, option, result */
    ABI_SHAPE_FLAGS,
} AbiShape;

AbiShape abi_shape(const WitType *t);

/* Record and tuple fields in order (their types). */
size_t abi_record_nfields(const WitType *t);
const WitType *abi_record_field(const WitType *t, size_t i);

/* Variant-like cases: variant, enum (no payloads), option (none, some),
 * result (ok, error).  The payload is NULL for a case without one. */
size_t abi_variant_ncases(const WitType *t);
const WitType *abi_variant_payload(const WitType *t, size_t i);

/* Discriminant of a variant with n cases: 1, 2 or 4 bytes. */
uint32_t abi_discriminant_size(size_t ncases);
/* Flags with n labels: 0 labels 0 bytes, <= 8 one byte, <= 16 two, else
 * 4 per 32 labels. */
uint32_t abi_flags_size(size_t nlabels);

uint32_t abi_align(const WitType *t);
uint32_t abi_size(const WitType *t);
/* Offset of field i of a record or tuple. */
uint32_t abi_field_offset(const WitType *t, size_t i);
/* Offset of the payload of a variant-like type (after the discriminant,
 * aligned to the largest case alignment). */
uint32_t abi_payload_offset(const WitType *t);
uint32_t abi_align_to(uint32_t x, uint32_t align);

/* flatten_type: writes up to cap core types to out and returns how many
 * the type has (which may be more than cap). */
size_t abi_flatten(const WitType *t, AbiCore *out, size_t cap);
/* join for variant payload positions: equal stays, {i32, f32} is i32,
 * anything else i64. */
AbiCore abi_join(AbiCore a, AbiCore b);

/* How a variant case's flat value of type `have` sits in a payload slot of
 * joined type `slot` (lower_flat_variant; lift_flat_variant undoes it):
 * f32 as its bits in an i32, an i32 zero-extended to i64, f32 bits
 * zero-extended to i64, f64 bits as i64. */
typedef enum AbiCoerce {
    ABI_COERCE_NONE,
    ABI_COERCE_F32_BITS_I32,
    ABI_COERCE_I32_ZEXT_I64,
    ABI_COERCE_F32_BITS_I64,
    ABI_COERCE_F64_BITS_I64,
} AbiCoerce;
AbiCoerce abi_coerce(AbiCore have, AbiCore slot);

/* flatten_functype.  `lift` is the direction of a canon lift (a
 * component's export: results spill into a returned pointer), else canon
 * lower (an import: results spill into a pointer passed as the last
 * parameter).  Parameters spill into one i32 (a pointer to them laid out
 * as a tuple) above MAX_FLAT_PARAMS. */
typedef struct AbiSig {
    AbiCore *params;
    size_t nparams;
    AbiCore *results;
    size_t nresults;
    bool params_spilled;  /* params is [i32]: pointer to the tuple */
    bool results_spilled; /* result lives in memory */
    bool retptr;          /* lower: params end with the return pointer */
    size_t flat_params;   /* unspilled count of parameter values */
    size_t flat_results;  /* unspilled count of result values */
} AbiSig;

void abi_func_sig(const WitFunc *f, bool lift, Arena *a, AbiSig *out);

/* Layout of a function's parameters taken as one tuple (for spilling). */
uint32_t abi_params_size(const WitFunc *f);
uint32_t abi_params_align(const WitFunc *f);
uint32_t abi_param_offset(const WitFunc *f, size_t i);

/* A structural key of a function type, for checking that a component's
 * import has the type the runtime implements: parameter and result types
 * with record field, case and flag names, resources by name, aliases
 * followed ("(u32,string)->result<list<u8>,variant{a,b(u8)}>").  The
 * parameter names are left out, as type equality does.  malloc'ed. */
char *abi_func_key(WitType *const *params, size_t nparams,
                   const WitType *result);

#endif
