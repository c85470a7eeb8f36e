/* The decoded form of a WebAssembly core module (binary format, spec
 * chapter 5; structure, chapter 2).
 *
 * wasm_decode() fills a WasmModule from bytes; wasm_validate() type-checks
 * it (spec chapter 3) and records what the code generator needs to know
 * (block result arities, the end/else position of every block).  All the
 * memory of a module lives in one arena, freed with wasm_module_free().
 *
 * Index spaces follow the spec: imported functions, tables, memories,
 * globals and tags come first in their arrays, flagged `imported`.
 */
#ifndef KILN_WASM_MODULE_H
#define KILN_WASM_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/diag.h"

/* One enumerator per row of opcodes.def, in table order. */
typedef enum WasmOp {
#define KILN_OP(id, name, prefix, code, imm, sig) WASM_OP_##id,
#include "wasm/opcodes.def"
#undef KILN_OP
    WASM_OP_COUNT
} WasmOp;

typedef enum WasmImmKind {
    IMM_NONE,
    IMM_BLOCK,         /* block type */
    IMM_LABEL,         /* label depth */
    IMM_BR_TABLE,      /* label vector + default */
    IMM_FUNC,          /* function index */
    IMM_CALL_INDIRECT, /* type index, table index */
    IMM_LOCAL,
    IMM_GLOBAL,
    IMM_TABLE,         /* table index */
    IMM_TABLE_COPY,    /* dst table, src table */
    IMM_TABLE_INIT,    /* elem index, table index */
    IMM_ELEM,          /* elem index */
    IMM_MEM,           /* memory index */
    IMM_MEM_COPY,      /* dst memory, src memory */
    IMM_MEM_INIT,      /* data index, memory index */
    IMM_DATA,          /* data index */
    IMM_MEMARG,        /* align, offset, memory index */
    IMM_MEMARG_LANE,   /* memarg + lane */
    IMM_LANE,          /* lane index */
    IMM_SHUFFLE,       /* 16 lane indices */
    IMM_I32,
    IMM_I64,
    IMM_F32,
    IMM_F64,
    IMM_V128,
    IMM_SELECT_T,      /* one value type */
    IMM_REFTYPE,       /* heap type of ref.null */
} WasmImmKind;

typedef struct WasmOpInfo {
    const char *name;   /* text format name */
    uint8_t prefix;     /* 0, 0xFC or 0xFD */
    uint32_t code;
    WasmImmKind imm;
    const char *sig;    /* "params:results", "" when typed by hand */
} WasmOpInfo;

extern const WasmOpInfo wasm_op_info[WASM_OP_COUNT];

/* Value types carry their binary encoding. */
typedef enum WasmValType {
    WASM_I32 = 0x7f,
    WASM_I64 = 0x7e,
    WASM_F32 = 0x7d,
    WASM_F64 = 0x7c,
    WASM_V128 = 0x7b,
    WASM_FUNCREF = 0x70,
    WASM_EXTERNREF = 0x6f,
} WasmValType;

static inline bool wasm_is_ref(WasmValType t)
{
    return t == WASM_FUNCREF || t == WASM_EXTERNREF;
}

const char *wasm_valtype_name(WasmValType t); /* "i32", ..., "funcref" */

typedef struct WasmFuncType {
    uint32_t nparams, nresults;
    WasmValType *params;  /* nparams entries, then nresults entries */
    WasmValType *results; /* points into the same block as params */
} WasmFuncType;

typedef struct WasmLimits {
    uint64_t min, max;
    bool has_max;
    bool is64;   /* memory64 / table64 index type */
    bool shared; /* threads: refused by the validator for now */
} WasmLimits;

typedef struct WasmTableType {
    WasmValType elem; /* WASM_FUNCREF or WASM_EXTERNREF */
    WasmLimits limits;
} WasmTableType;

typedef struct WasmGlobalType {
    WasmValType type;
    bool mut;
} WasmGlobalType;

typedef enum WasmExternKind {
    WASM_EXTERN_FUNC = 0,
    WASM_EXTERN_TABLE = 1,
    WASM_EXTERN_MEMORY = 2,
    WASM_EXTERN_GLOBAL = 3,
    WASM_EXTERN_TAG = 4,
} WasmExternKind;

/* A name from the binary: UTF-8, validated, NUL-terminated copy in the
 * module arena; len excludes the terminator (names may contain U+0000). */
typedef struct WasmName {
    const char *str;
    uint32_t len;
} WasmName;

/* Block type: empty, one value type, or a function type index. */
typedef struct WasmBlockType {
    uint8_t kind;    /* WASM_BLOCK_EMPTY / _VALUE / _TYPEIDX */
    uint8_t valtype; /* WasmValType when kind == WASM_BLOCK_VALUE */
    uint32_t typeidx;
} WasmBlockType;

enum { WASM_BLOCK_EMPTY, WASM_BLOCK_VALUE, WASM_BLOCK_TYPEIDX };

typedef struct WasmMemArg {
    uint64_t offset;
    uint32_t memidx;
    uint8_t align; /* log2 of the alignment hint; never used for codegen */
} WasmMemArg;

/* One decoded instruction.  `offset` is the byte offset of its opcode in
 * the input file, for diagnostics.  Which union member is live follows
 * wasm_op_info[op].imm. */
typedef struct WasmInstr {
    uint16_t op;  /* WasmOp */
    uint8_t lane; /* IMM_LANE, IMM_MEMARG_LANE */
    uint8_t pad;
    uint32_t offset;
    union {
        struct {
            uint32_t a, b;
        } idx; /* LABEL(a) FUNC(a) LOCAL GLOBAL TABLE ELEM MEM DATA(a);
                  CALL_INDIRECT(a=type,b=table) TABLE_COPY(a=dst,b=src)
                  TABLE_INIT(a=elem,b=table) MEM_COPY(a=dst,b=src)
                  MEM_INIT(a=data,b=mem) SELECT_T/REFTYPE(a=valtype);
                  SELECT_T(b=number of types, which the validator
                  requires to be 1) */
        struct {
            WasmBlockType type;
            /* Filled by the validator: index (in the function's instruction
             * array) of the matching `else` (0 if none) and `end`. */
            uint32_t else_at, end_at;
        } block;
        struct {
            uint32_t first; /* index into WasmFunc.br_targets */
            uint32_t count; /* labels, not counting the default, which is
                               br_targets[first + count] */
        } br_table;
        WasmMemArg mem; /* MEMARG, MEMARG_LANE */
        int32_t i32;
        int64_t i64;
        uint32_t f32; /* raw bits: NaN payloads are preserved */
        uint64_t f64;
        uint8_t v128[16]; /* V128 constant, or SHUFFLE lane indices */
    } u;
} WasmInstr;

/* A constant expression (global initializers, segment offsets and
 * element expressions): instructions up to and including the final end. */
typedef struct WasmConstExpr {
    WasmInstr *code;
    uint32_t count;
} WasmConstExpr;

typedef struct WasmImport {
    WasmName module, name;
    WasmExternKind kind;
    uint32_t index; /* index in the kind's index space */
    uint32_t offset;
} WasmImport;

typedef struct WasmExport {
    WasmName name;
    WasmExternKind kind;
    uint32_t index;
    uint32_t offset;
} WasmExport;

typedef struct WasmFunc {
    uint32_t type;       /* type index */
    bool imported;
    uint32_t import;     /* index into WasmModule.imports when imported */
    /* locals beyond the parameters, expanded one per local */
    uint32_t nlocals;
    WasmValType *locals;
    WasmInstr *code;     /* the body, ending with its final `end` */
    uint32_t ncode;
    uint32_t *br_targets;
    uint32_t nbr_targets;
    uint32_t body_offset; /* byte offset of the body (its size field) */
    uint32_t body_size;
    WasmName name;        /* from the name section; str NULL if none */
    uint32_t max_stack;   /* validator: deepest operand stack seen */
} WasmFunc;

typedef struct WasmTable {
    WasmTableType type;
    bool imported;
    uint32_t import;
    bool has_init;         /* table with an initializer expression */
    WasmConstExpr init;
    uint32_t offset;       /* byte offset of its definition, for diagnostics */
} WasmTable;

typedef struct WasmMemory {
    WasmLimits limits; /* in 64 KiB pages */
    bool imported;
    uint32_t import;
    uint32_t offset;   /* byte offset of its definition, for diagnostics */
} WasmMemory;

typedef struct WasmGlobal {
    WasmGlobalType type;
    bool imported;
    uint32_t import;
    WasmConstExpr init; /* empty when imported */
} WasmGlobal;

typedef struct WasmTag {
    uint32_t type; /* a function type with no results */
    bool imported;
    uint32_t import;
} WasmTag;

enum { WASM_SEG_ACTIVE, WASM_SEG_PASSIVE, WASM_SEG_DECLARATIVE };

typedef struct WasmElemSegment {
    uint8_t mode;
    WasmValType type;     /* funcref or externref */
    uint32_t table;       /* active only */
    WasmConstExpr offset; /* active only */
    uint32_t count;
    /* Each element as a constant expression.  Segments written as plain
     * function indices are decoded into `ref.func i; end` expressions, so
     * consumers see one form. */
    WasmConstExpr *items;
    uint32_t offset_in_file;
} WasmElemSegment;

typedef struct WasmDataSegment {
    uint8_t mode;         /* active or passive */
    uint32_t memory;
    WasmConstExpr offset;
    const uint8_t *bytes; /* points into the input */
    uint32_t len;
    uint32_t offset_in_file;
} WasmDataSegment;

/* Proposals that change what is valid, not just what is accepted: with
 * multi-memory off, a module has at most one memory and memory
 * instructions carry a zero byte where multi-memory has an index (the
 * Wasm 2.0 rules).  wasm_features_default() turns everything on. */
typedef struct WasmFeatures {
    bool multi_memory;
} WasmFeatures;

WasmFeatures wasm_features_default(void);

typedef struct WasmModule {
    Arena arena;
    WasmFeatures features; /* what the module was decoded with */
    const char *path;     /* for diagnostics */
    const uint8_t *bytes; /* the input; the module points into it */
    size_t size;

    WasmFuncType *types;
    uint32_t ntypes;
    WasmImport *imports;
    uint32_t nimports;
    WasmFunc *funcs;
    uint32_t nfuncs, nfunc_imports;
    WasmTable *tables;
    uint32_t ntables, ntable_imports;
    WasmMemory *memories;
    uint32_t nmemories, nmemory_imports;
    WasmGlobal *globals;
    uint32_t nglobals, nglobal_imports;
    WasmTag *tags;
    uint32_t ntags, ntag_imports;
    WasmExport *exports;
    uint32_t nexports;
    bool has_start;
    uint32_t start;
    uint32_t start_offset; /* byte offset of the start section's index */
    WasmElemSegment *elems;
    uint32_t nelems;
    WasmDataSegment *datas;
    uint32_t ndatas;
    bool has_data_count;
    uint32_t data_count;
    WasmName name; /* module name from the name section, if any */
} WasmModule;

/* Decodes `size` bytes (which must outlive the module).  On error reports
 * "<path>:<offset>: error: ..." through `diag` and returns NULL. */
WasmModule *wasm_decode(const char *path, const uint8_t *bytes, size_t size,
                        Diag *diag);
/* The same with chosen features. */
WasmModule *wasm_decode_with(const char *path, const uint8_t *bytes,
                             size_t size, const WasmFeatures *features,
                             Diag *diag);

/* Validates a decoded module; false after reporting the first error. */
bool wasm_validate(WasmModule *m, Diag *diag);

void wasm_module_free(WasmModule *m);

static inline const WasmFuncType *wasm_func_type(const WasmModule *m,
                                                 uint32_t funcidx)
{
    return &m->types[m->funcs[funcidx].type];
}

/* C.refs of the validation rules: functions named outside function
 * bodies (exports, global and table initializers, element segments), the
 * only ones ref.func may take and the only ones whose reference can leave
 * the module.  One byte per function index; free() it. */
uint8_t *wasm_declared_funcs(const WasmModule *m);

/* Whether two function types are the same: wasm 2.0 compares function
 * types structurally (imports, call_indirect). */
bool wasm_functype_eq(const WasmFuncType *a, const WasmFuncType *b);

#endif
