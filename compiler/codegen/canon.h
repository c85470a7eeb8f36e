/* canon.h: the Canonical ABI adapters of the code generator
 * (Component Model design/mvp/CanonicalABI.md, "Canonical Definitions").
 *
 * When a core module is compiled as an instance of a link plan
 * (CgOptions.plan), every import the plan does not bind to another core
 * instance becomes an adapter function in this module: canon lower of a
 * runtime host function (canon_host.c), a fused adapter into another
 * component instance (canon_fused.c), a resource built-in or a trap
 * (canon_host.c).  Adapters are internal, always-inline functions with the
 * import's core signature and the C calling convention of host imports
 * (CgFuncInfo.host_fn), so calls from guest code inline them.
 *
 * Values move through places in Canonical ABI layout (canon_flat.c,
 * canon_copy.c, helpers in canon_util.c):
 * a parameter list is first stored as the tuple of its parameters (or
 * found spilled in guest memory), then copied with every check the spec's
 * lifting performs into where the callee wants it.  Stack temporaries are
 * promoted to registers by LLVM, so no copy survives for scalars.
 */
#ifndef KILN_CG_CANON_H
#define KILN_CG_CANON_H

#include "bindgen/abi.h"
#include "codegen/cg.h"
#include "component/plan.h"
#include "kiln_cm.h"

/* One side of a lift or lower: the canon options, and the KilnMemory *
 * its pointers refer to (NULL: no memory option, or the host side). */
typedef struct CanonSide {
    const PlanCanonOpts *opts;
    LLVMValueRef mem;
    bool host; /* the runtime's C function: strings and lists stay views */
} CanonSide;

/* Where a value in Canonical ABI layout is: guest memory `mem` at byte
 * offset `off` (i32), or host memory `host` + off when mem is NULL. */
typedef struct CanonPlace {
    LLVMValueRef mem;
    LLVMValueRef host;
    LLVMValueRef off;
} CanonPlace;

/* Flat core values being consumed; `have` are their core types (the
 * joined types inside a variant payload: canon_flat_next coerces). */
typedef struct CanonFlat {
    LLVMValueRef *v;
    const AbiCore *have;
    size_t n, i;
} CanonFlat;

/* An adapter being emitted. */
typedef struct Canon {
    CgFunc f; /* builder, function, entry block */
    CgModule *m;
    const Plan *plan;
    LLVMValueRef ci; /* KilnComponentInst * (vm->host) */
} Canon;

/* ---- canon_util.c ------------------------------------------------------- */
void canon_begin(Canon *c, CgModule *m, LLVMValueRef fn, Arena *scratch);
LLVMValueRef canon_i32(Canon *c, uint64_t v);
LLVMValueRef canon_i64(Canon *c, uint64_t v);
/* A private constant C string. */
LLVMValueRef canon_cstr(Canon *c, const char *s);
/* Traps with `msg` (kiln_cm_trap) when cond (i1) holds. */
void canon_trap_if(Canon *c, LLVMValueRef cond, const char *msg);
/* Calls a runtime helper (declared from the argument types). */
LLVMValueRef canon_call(Canon *c, const char *name, LLVMTypeRef ret,
                        LLVMValueRef *args, unsigned n);
/* Marks C argument `arg` of a call zeroext (or signext). */
void canon_zeroext(Canon *c, LLVMValueRef call, unsigned arg, bool sign);
/* A KilnCanonCx for a side, on the stack (kiln_cm.h). */
LLVMValueRef canon_side_cx(Canon *c, CanonSide *s);
/* ci->cores[inst] (KilnVmctx *) and its memory / function `index`. */
LLVMValueRef canon_core_vm(Canon *c, uint32_t inst);
LLVMValueRef canon_memory(Canon *c, const PlanItem *mem);
/* Calls core function `it` of another core instance through its
 * KilnFuncRef (tailcc with its vmctx); `type` is its core type. */
LLVMValueRef canon_call_core(Canon *c, const PlanItem *it,
                             const WasmFuncType *type, LLVMValueRef *args);
const WasmFuncType *canon_core_type(Canon *c, const PlanItem *it);
/* A stack temporary of `size` bytes aligned to `align`, as a place. */
CanonPlace canon_temp(Canon *c, uint32_t size, uint32_t align);
CanonPlace canon_guest(LLVMValueRef mem, LLVMValueRef off);
CanonPlace canon_at(Canon *c, CanonPlace p, uint32_t add);
LLVMValueRef canon_ptr(Canon *c, CanonPlace p);
/* Traps unless [ptr, ptr + len) is in `mem` and ptr is aligned. */
void canon_check_range(Canon *c, LLVMValueRef mem, LLVMValueRef ptr,
                       LLVMValueRef len64, uint32_t align);
/* realloc(0, 0, align, size) of `side` (may_leave cleared around it),
 * checked for alignment and bounds: the guest address. */
LLVMValueRef canon_alloc(Canon *c, CanonSide *side, LLVMValueRef size,
                         uint32_t align);

/* Unaligned loads and stores at a place (linear-memory TBAA in guests). */
LLVMValueRef canon_load(Canon *c, LLVMTypeRef ty, CanonPlace p);
void canon_store(Canon *c, LLVMValueRef v, CanonPlace p);

/* The Plan.resources index of a handle type (own or borrow) as component
 * instance inst_a or else inst_b sees it; UINT32_MAX when unknown. */
uint32_t canon_resource_index(Canon *c, const WitType *res, uint32_t inst_a,
                              uint32_t inst_b);

/* ---- canon_flat.c ------------------------------------------------------- */
LLVMValueRef canon_flat_next(Canon *c, CanonFlat *it, AbiCore want);
LLVMTypeRef canon_core_type_llvm(Canon *c, AbiCore t);
/* The LLVM type of a scalar in memory (bool i8, char i32, enum and
 * flags their integer, handles i32). */
LLVMTypeRef canon_scalar_type(Canon *c, const WitType *t);
/* Loads a scalar and applies lifting's checks: bool 0/1, char a Unicode
 * scalar value, enum discriminant in range, flags masked to labels. */
LLVMValueRef canon_load_checked(Canon *c, const WitType *t, CanonPlace p);
/* Stores flat values `it` of type t at dst (lower_flat's inverse, with
 * the discriminant check lift_flat_variant makes). */
void canon_store_flat(Canon *c, const WitType *t, CanonFlat *it,
                      CanonPlace dst);
/* Loads the flat values of a (checked) value: out gets abi_flatten(t). */
void canon_load_flat(Canon *c, const WitType *t, CanonPlace src,
                     LLVMValueRef *out);
bool canon_is_handle(WitTypeKind k); /* own, borrow, async handles */
/* The discriminant's integer type, and its range check (i32 d). */
LLVMTypeRef canon_disc_type(Canon *c, size_t ncases);
void canon_check_disc(Canon *c, LLVMValueRef d, size_t ncases);

/* ---- canon_copy.c ------------------------------------------------------- */
/* Copies a value from one side to the other with every check of load:
 * strings and lists are checked (and stay views when `to` is the host)
 * or copied into to's memory through its realloc, transcoded between
 * encodings; handles move between the sides' tables. */
void canon_copy(Canon *c, const WitType *t, CanonSide *from, CanonPlace src,
                CanonSide *to, CanonPlace dst);
/* A string [ptr, ptr+units) of `from`: checks alignment, bounds, length
 * limit and encoding (utf8 / utf16). */
void canon_check_string(Canon *c, CanonSide *from, LLVMValueRef ptr,
                        LLVMValueRef units);
/* A list of n elements of type elem: length limit, alignment, bounds. */
void canon_check_list(Canon *c, LLVMValueRef mem, const WitType *elem,
                      LLVMValueRef ptr, LLVMValueRef n);
/* ---- canon_host.c ------------------------------------------------------- */
/* Binds import `i` per the plan (every kind but PLAN_BIND_ITEM): builds
 * the adapter and makes function `funcidx` a host call of it. */
bool canon_bind_import(CgModule *m, uint32_t i, const PlanBinding *b);
/* The parameters of a component function type as one tuple type. */
WitType *canon_params_tuple(Canon *c, const CmpType *ft);
/* The parameter tuple `tup` of an adapter's own core parameters: the
 * spilled tuple in side's memory (checked), or the flat parameters
 * stored into a stack temporary. */
CanonPlace canon_params_place(Canon *c, const WitType *tup, CanonSide *side,
                              bool spilled);
/* The adapter function: internal, always-inline, C convention, type
 * (ptr vm, core params...) -> core result. */
LLVMValueRef canon_adapter_fn(CgModule *m, uint32_t funcidx,
                              const char *what);

/* ---- canon_fused.c ------------------------------------------------------ */
void canon_emit_fused(Canon *c, const PlanBinding *b,
                      const WasmFuncType *ft);

#endif
