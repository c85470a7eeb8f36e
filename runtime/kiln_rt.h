/* kiln_rt.h: the contract between code kiln generates and libkilnrt.
 *
 * A compiled core module is an object file that defines one constant
 * KilnModuleDesc (its layout below) and the functions it points to.  The
 * runtime instantiates a descriptor into a KilnVmctx, the context every
 * generated function takes as its first argument; embedders (the driver's
 * `kiln run`, the spec-test runner, executables' main) use the API at the
 * end of this file.  The layout of every struct here is read by generated
 * code: the code generator mirrors them field by field (for the target's
 * pointer size), so any change must bump KILN_RT_ABI_VERSION.
 *
 * Conventions of generated code
 *  - Internal wasm functions use LLVM's `tailcc` convention (guaranteed
 *    tail calls): ret f(KilnVmctx *vm, params...); several results come back
 *    as an LLVM struct.  KilnFuncRef.code always points at such a function.
 *    KilnFuncRef.call is the same function's entry for ordinary (non-tail)
 *    calls in LLVM's `fastcc` (the C convention's registers, but a tailcc
 *    callee on x86-64 pops 8 bytes the caller must re-reserve at every
 *    call site).  On targets without tailcc both are the same fastcc code.
 *  - Every export gets a C-ABI entry (KilnExportDesc.entry):
 *        R entry(KilnVmctx *vm, P1 p1, ...)
 *    with i32/i64/f32/f64 as int32_t/int64_t/float/double, references as
 *    void *, and v128 parameters as `const void *` to 16 bytes.  With exactly
 *    one non-v128 result it is returned; otherwise the entry returns void and
 *    takes a last parameter `KilnValue *results` that receives the results
 *    (none, several, or v128) in order.
 *  - Host imports bound at compile time (wasi_snapshot_preview1, spectest
 *    functions) are direct C calls: int32_t kiln_wasi_p1_fd_write(
 *    KilnVmctx *vm, int32_t, ...).  Other imports are bound at
 *    instantiation through KilnExtern values.
 *  - Traps: each explicit check calls one of the _Noreturn kiln_trap_*
 *    functions below.  Faults on guard pages are turned into traps by the
 *    runtime's signal handler when the faulting PC is in generated code.
 */
#ifndef KILN_RT_H
#define KILN_RT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KILN_RT_ABI 3
#define KILN_RT_ABI_VERSION ((uint32_t)KILN_RT_ABI)
/* kiln_rt_abi_v<KILN_RT_ABI>: defined by the runtime (runtime/embed),
 * referenced by every --emit lib library (cg_component.c), so that a
 * library linked with another ABI's runtime fails at link time. */
#define KILN_RT_ABI_PASTE_(n) kiln_rt_abi_v##n
#define KILN_RT_ABI_PASTE(n) KILN_RT_ABI_PASTE_(n)
#define KILN_RT_ABI_SYMBOL KILN_RT_ABI_PASTE(KILN_RT_ABI)
#define KILN_RT_ABI_QUOTE_(s) #s
#define KILN_RT_ABI_QUOTE(s) KILN_RT_ABI_QUOTE_(s)
#define KILN_RT_ABI_SYMBOL_NAME KILN_RT_ABI_QUOTE(KILN_RT_ABI_SYMBOL)
#define KILN_WASM_PAGE 65536u

/* ---- values ---------------------------------------------------------- */

typedef union KilnValue {
    int32_t i32;
    int64_t i64;
    float f32;
    double f64;
    uint8_t v128[16];
    void *ref; /* KilnFuncRef * for funcref, opaque for externref; NULL is null */
} KilnValue;

/* Value type codes, as in the binary format. */
enum {
    KILN_I32 = 0x7f,
    KILN_I64 = 0x7e,
    KILN_F32 = 0x7d,
    KILN_F64 = 0x7c,
    KILN_V128 = 0x7b,
    KILN_FUNCREF = 0x70,
    KILN_EXTERNREF = 0x6f,
};

/* Function signatures travel as strings "params:results", one letter per
 * value: i=i32 l=i64 f=f32 d=f64 v=v128 F=funcref E=externref.
 * Two functions have the same type exactly when their strings are equal;
 * kiln_rt_type_intern() maps a string to a process-wide id so that indirect
 * calls compare one integer. */
uint32_t kiln_rt_type_intern(const char *sig);

/* ---- runtime objects ---------------------------------------------------- */

struct KilnVmctx;

typedef struct KilnFuncRef {
    void *code;              /* tailcc: ret code(KilnVmctx *vmctx, params...) */
    struct KilnVmctx *vmctx; /* the instance the function belongs to */
    uint32_t type_id;        /* kiln_rt_type_intern() of its signature */
    uint32_t pad;
    void *call; /* fastcc: the same function for call / call_indirect */
} KilnFuncRef;

typedef struct KilnMemory {
    uint8_t *base;      /* never moves while reserved != 0 */
    uint64_t size;      /* accessible bytes (pages * 64 KiB) */
    uint64_t max_pages; /* declared maximum, or the index type's limit */
    uint64_t reserved;  /* bytes of address space reserved at base;
                           0 when the memory is malloc'd (explicit checks) */
    uint32_t is64;
    uint32_t has_max;   /* a maximum was declared (import matching) */
} KilnMemory;

typedef struct KilnTable {
    void **elems;  /* KilnFuncRef * or externref per element */
    uint64_t size;
    uint64_t max;  /* declared maximum, or UINT32_MAX */
    uint32_t elem_type; /* KILN_FUNCREF or KILN_EXTERNREF */
    uint32_t has_max;   /* a maximum was declared (import matching) */
} KilnTable;

typedef struct KilnGlobal {
    KilnValue value;
    uint32_t type; /* value type code */
    uint32_t mut;
} KilnGlobal;

/* A passive segment's state; dropping sets len/count to 0. */
typedef struct KilnDataSeg {
    const uint8_t *bytes;
    uint64_t len;
} KilnDataSeg;

typedef struct KilnElemSeg {
    void **items; /* evaluated references, filled by the module's init */
    uint64_t count;
} KilnElemSeg;

/* The instance context.  Generated code reads these fields directly. */
typedef struct KilnVmctx {
    const struct KilnModuleDesc *desc;
    uintptr_t stack_limit;  /* prologue checks: trap if sp < stack_limit */
    KilnMemory **memories;  /* by memory index (imports first) */
    KilnTable **tables;     /* by table index */
    KilnGlobal **globals;   /* by global index */
    KilnFuncRef **funcs;    /* by function index */
    uint32_t *type_ids;     /* interned id per type index */
    KilnDataSeg *datas;     /* by data segment index */
    KilnElemSeg *elems;     /* by element segment index */
    void *host;             /* the WASI host state (KilnWasi *) */
    void *user;             /* free for embedders */
    uint8_t *mem0_base;     /* memory 0's base when guarded (it never
                               moves): one load for generated code, not
                               three through memories[0]; else NULL */
} KilnVmctx;

/* ---- the module descriptor (emitted by the compiler) ------------------ */

typedef enum KilnExternKind {
    KILN_EXTERN_FUNC = 0,
    KILN_EXTERN_TABLE = 1,
    KILN_EXTERN_MEMORY = 2,
    KILN_EXTERN_GLOBAL = 3,
} KilnExternKind;

typedef struct KilnLimitsDesc {
    uint64_t min, max; /* max valid when has_max */
    uint32_t has_max;
    uint32_t is64;
} KilnLimitsDesc;

typedef struct KilnImportDesc {
    const char *module; /* NUL-terminated; names with NULs keep their length */
    const char *name;
    uint32_t module_len, name_len;
    uint32_t kind;      /* KilnExternKind */
    uint32_t index;     /* index in the kind's index space */
    const char *sig;    /* func: signature string */
    uint32_t type;      /* table: elem type; global: value type */
    uint32_t mut;       /* global */
    KilnLimitsDesc limits; /* table, memory */
} KilnImportDesc;

typedef struct KilnExportDesc {
    const char *name;
    uint32_t name_len;
    uint32_t kind;   /* KilnExternKind */
    uint32_t index;
    uint32_t pad;
    const char *sig; /* func: signature string */
    void *entry;     /* func: the C-ABI entry (see top of file) */
} KilnExportDesc;

typedef struct KilnFuncDesc {
    void *code;       /* tailcc code; NULL for dynamic (instantiation) imports */
    const char *name; /* from the name section, or NULL */
    uint32_t type;    /* type index */
    uint32_t pad;
} KilnFuncDesc;

/* The two entries a function's KilnFuncRef gets (code, call) when they
 * differ from KilnFuncDesc.code, which is the body (backtraces). */
typedef struct KilnFuncEntry {
    void *code; /* tailcc, or NULL: KilnFuncDesc.code */
    void *call; /* fastcc, or NULL: KilnFuncDesc.code */
} KilnFuncEntry;

typedef struct KilnTableDesc {
    uint32_t elem_type;
    uint32_t imported;
    KilnLimitsDesc limits;
} KilnTableDesc;

typedef struct KilnMemoryDesc {
    uint32_t imported;
    uint32_t pad;
    KilnLimitsDesc limits; /* pages */
} KilnMemoryDesc;

typedef struct KilnGlobalDesc {
    uint32_t type;
    uint32_t mut;
    uint32_t imported;
    uint32_t pad;
} KilnGlobalDesc;

typedef struct KilnSegDesc {
    const uint8_t *bytes; /* data: the segment's bytes */
    uint64_t len;         /* data: byte length; elem: element count */
} KilnSegDesc;

enum {
    KILN_DESC_EXPLICIT_BOUNDS = 1u << 0, /* compiled with explicit checks */
    KILN_DESC_PROLOGUE_STACK = 1u << 1,  /* compiled with prologue checks */
    /* init runs no guest code (no start function): its only writes to
     * memory are the active data segments (runtime/core/memimage.c) */
    KILN_DESC_NO_START = 1u << 2,
};

typedef struct KilnModuleDesc {
    uint32_t abi_version; /* KILN_RT_ABI_VERSION at compile time */
    uint32_t flags;       /* KILN_DESC_* */
    const char *name;     /* module name (name section) or NULL */

    uint32_t ntypes, nimports, nexports, nfuncs;
    uint32_t ntables, nmemories, nglobals, ndatas, nelems;
    uint32_t pad;
    const char *const *types; /* signature string per type index */
    const KilnImportDesc *imports; /* dynamic imports only, in import order */
    const KilnExportDesc *exports;
    const KilnFuncDesc *funcs;
    const KilnTableDesc *tables;
    const KilnMemoryDesc *memories;
    const KilnGlobalDesc *globals;
    const KilnSegDesc *datas;
    const KilnSegDesc *elems;

    /* Evaluates global initializers and element items, applies active
     * segments (trapping on bounds) and runs the start function. */
    void (*init)(KilnVmctx *vm);
    /* Generated code lies in [code_start, code_end) (fault attribution). */
    const void *code_start;
    const void *code_end;
    /* Per function, or NULL when every entry is KilnFuncDesc.code. */
    const KilnFuncEntry *entries;
} KilnModuleDesc;

/* ---- multi-value results ------------------------------------------------ */

/* A wasm function with more than two results returns them all through
 * this per-thread area (slot i holds result i) and returns void; callers
 * read them right after the call.  Results that come back in registers
 * could not be guaranteed tail calls (LLVM demotes large struct returns to
 * a hidden pointer, which `musttail` refuses), so this keeps every
 * `return_call` a real tail call. */
#define KILN_MAX_AREA_RESULTS 1024u
extern _Thread_local KilnValue kiln_rt_results[KILN_MAX_AREA_RESULTS];

/* ---- traps -------------------------------------------------------------- */

typedef enum KilnTrap {
    KILN_TRAP_NONE = 0,
    KILN_TRAP_UNREACHABLE,        /* "unreachable" */
    KILN_TRAP_INT_DIV_ZERO,       /* "integer divide by zero" */
    KILN_TRAP_INT_OVERFLOW,       /* "integer overflow" */
    KILN_TRAP_BAD_CONVERSION,     /* "invalid conversion to integer" */
    KILN_TRAP_MEMORY_OOB,         /* "out of bounds memory access" */
    KILN_TRAP_TABLE_OOB,          /* "out of bounds table access" */
    KILN_TRAP_UNDEFINED_ELEMENT,  /* call_indirect index past the table */
    KILN_TRAP_UNINITIALIZED_ELEMENT, /* call_indirect on a null entry */
    KILN_TRAP_INDIRECT_TYPE,      /* "indirect call type mismatch" */
    KILN_TRAP_NULL_REFERENCE,     /* "null reference" */
    KILN_TRAP_STACK_EXHAUSTED,    /* "call stack exhausted" */
    KILN_TRAP_UNALIGNED,          /* "unaligned atomic" (reserved) */
    KILN_TRAP_HOST,               /* a host function failed */
    KILN_TRAP_EXIT,               /* not a trap: proc_exit unwinding */
    KILN_TRAP_COUNT
} KilnTrap;

_Noreturn void kiln_trap_unreachable(void);
_Noreturn void kiln_trap_int_div_zero(void);
_Noreturn void kiln_trap_int_overflow(void);
_Noreturn void kiln_trap_bad_conversion(void);
_Noreturn void kiln_trap_memory_oob(void);
_Noreturn void kiln_trap_table_oob(void);
_Noreturn void kiln_trap_undefined_element(void);
_Noreturn void kiln_trap_uninitialized_element(void);
_Noreturn void kiln_trap_indirect_type(void);
_Noreturn void kiln_trap_null_reference(void);
_Noreturn void kiln_trap_stack_exhausted(void);
_Noreturn void kiln_trap(KilnTrap kind);
/* A host function failed: traps with KILN_TRAP_HOST and this message. */
_Noreturn void kiln_trap_host(const char *message);
/* Ends the guest with an exit status (WASI proc_exit, cli exit). */
_Noreturn void kiln_rt_exit(int status);

const char *kiln_trap_message(KilnTrap kind);

/* ---- helpers called by generated code ----------------------------------- */

/* memory.grow: previous size in pages, or -1. */
int64_t kiln_rt_memory_grow(KilnMemory *mem, uint64_t delta_pages);
/* Bulk memory and table operations; each traps on out-of-bounds. */
void kiln_rt_memory_init(KilnVmctx *vm, uint32_t mem, uint32_t seg,
                         uint64_t dst, uint32_t src, uint32_t len);
void kiln_rt_data_drop(KilnVmctx *vm, uint32_t seg);
void kiln_rt_memory_copy(KilnMemory *dst_mem, KilnMemory *src_mem,
                         uint64_t dst, uint64_t src, uint64_t len);
void kiln_rt_memory_fill(KilnMemory *mem, uint64_t dst, uint32_t val,
                         uint64_t len);
void kiln_rt_table_init(KilnVmctx *vm, uint32_t table, uint32_t seg,
                        uint32_t dst, uint32_t src, uint32_t len);
void kiln_rt_elem_drop(KilnVmctx *vm, uint32_t seg);
void kiln_rt_table_copy(KilnTable *dst_tab, KilnTable *src_tab, uint32_t dst,
                        uint32_t src, uint32_t len);
/* table.grow: previous size, or -1. */
int32_t kiln_rt_table_grow(KilnTable *tab, void *init, uint32_t delta);
void kiln_rt_table_fill(KilnTable *tab, uint32_t dst, void *val, uint32_t len);
/* Allocates the items array of element segment `seg` (count from the
 * descriptor) before init fills it. */
void **kiln_rt_elem_items(KilnVmctx *vm, uint32_t seg);

/* ---- embedding API ------------------------------------------------------ */

/* A value bound to a dynamic import, or read from an export. */
typedef struct KilnExtern {
    uint32_t kind; /* KilnExternKind */
    union {
        KilnFuncRef *func;
        KilnTable *table;
        KilnMemory *memory;
        KilnGlobal *global;
    } u;
} KilnExtern;

/* WASI preview1 configuration of an instance. */
typedef struct KilnPreopen {
    const char *host_path;
    const char *guest_path;
} KilnPreopen;

typedef struct KilnWasiConfig {
    int argc;
    const char *const *argv;
    int envc;
    const char *const *envp; /* "KEY=VALUE" */
    int npreopens;
    const KilnPreopen *preopens;
    int stdin_fd, stdout_fd, stderr_fd; /* host fds; -1 closes the stream */
    /* wasi:sockets capabilities, all off unless granted (docs/components.md,
     * `kiln run --inherit-network`, `--allow-ip-name-lookup`,
     * `--allow-tcp`, `--allow-udp`): KILN_NET_* bits, and allow-list rules
     * "tcp:HOST:PORT" / "udp:HOST:PORT" (HOST an IPv4 address, [IPv6] or
     * *; PORT a number, a range N-M or *) checked on bind, connect and
     * send. */
    int net_flags;
    int nnet_allow;
    const char *const *net_allow;
} KilnWasiConfig;

#define KILN_NET_INHERIT 1u     /* every address, and name lookups */
#define KILN_NET_NAME_LOOKUP 2u /* wasi:sockets/ip-name-lookup */

typedef struct KilnTrapInfo {
    KilnTrap kind;
    int exit_status; /* KILN_TRAP_EXIT */
    char message[256];
    char backtrace[2048]; /* "    0: func_name\n    1: ..." */
} KilnTrapInfo;

/* Creates an instance: memories, tables and globals are made per the
 * descriptor, dynamic imports bound from `imports` (one per
 * desc->nimports entry, in order), then desc->init runs under a trap
 * guard.  Returns NULL with `err` filled when linking fails (err->kind
 * KILN_TRAP_NONE, message says why: "incompatible import type for `m.n`",
 * "unknown import `m.n`", ...) or init traps (err->kind set).  After a
 * trap in init the instance is freed, unless it imports a table or a
 * global: then its functions may already be stored in objects that outlive
 * it (spec: segments applied before the trap stay), so it is kept alive
 * until exit.  `wasi` may be NULL for modules without WASI imports.
 * Objects an instance creates (memories, tables, globals) live until
 * kiln_instance_free of that instance. */
KilnVmctx *kiln_instance_new(const KilnModuleDesc *desc,
                             const KilnExtern *imports,
                             const KilnWasiConfig *wasi, KilnTrapInfo *err);
void kiln_instance_free(KilnVmctx *vm);
bool kiln_instance_export(KilnVmctx *vm, const char *name, size_t name_len,
                          KilnExtern *out);
/* Does `ext` satisfy import `imp` (spec "import matching")? */
bool kiln_extern_matches(const KilnImportDesc *imp, const KilnExtern *ext);

/* Standalone objects, for hosts that provide imports (spectest). */
KilnMemory *kiln_memory_new(uint64_t min_pages, uint64_t max_pages,
                            bool has_max, bool is64);
KilnTable *kiln_table_new(uint32_t elem_type, uint64_t min, uint64_t max,
                          bool has_max);
KilnGlobal *kiln_global_new(uint32_t type, bool mut, KilnValue init);
void kiln_memory_free(KilnMemory *mem);
void kiln_table_free(KilnTable *tab);
void kiln_global_free(KilnGlobal *glob);

/* Every allocation of the runtime goes through one hook (Lua style):
 * fn(ud, ptr, size) reallocates ptr to size bytes, frees it when size is 0
 * (returning NULL), and returns NULL on failure.  NULL restores malloc. */
typedef void *(*KilnAllocFn)(void *ud, void *ptr, size_t size);
void kiln_rt_set_allocator(KilnAllocFn fn, void *ud);
void *kiln_rt_alloc(size_t size);   /* zero-filled */
void *kiln_rt_realloc(void *ptr, size_t size);
void kiln_rt_free(void *ptr);

/* Runs fn(arg) with a trap guard (nestable, per thread).  Returns
 * KILN_TRAP_NONE, or the trap that unwound it (info filled when given). */
KilnTrap kiln_rt_call_guarded(void (*fn)(void *arg), void *arg,
                              KilnTrapInfo *info);

/* Installs the fault handler and alternate signal stack for this thread
 * (idempotent; kiln_instance_new calls it). */
void kiln_rt_init_thread(void);

/* main() of a compiled executable: instantiates with WASI from argv and the
 * given baked-in configuration, runs `_start`, and returns the exit status
 * (0, proc_exit's status, or 134 after printing a trap). */
int kiln_rt_main(int argc, char **argv, const KilnModuleDesc *desc,
                 const KilnWasiConfig *baked);
/* The same, in-process, for `kiln run`: `cfg` is used as given (NULL: no
 * WASI).  Link errors print "error: <message>" and return 1; traps print
 * "error: wasm trap: <message>" and a backtrace to stderr and return 134. */
int kiln_rt_run(const KilnModuleDesc *desc, const KilnWasiConfig *cfg);

#ifdef __cplusplus
}
#endif
#endif
