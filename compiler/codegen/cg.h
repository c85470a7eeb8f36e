/* cg.h: the code generator's internal header (LLVM-C, LLVM 19).
 *
 * One CgModule holds the LLVM context, module, builder, the mirrored
 * kiln_rt.h types and one LLVM function per wasm function.  One CgFunc
 * holds the state of the function body being emitted: the operand stack
 * (LLVM values), the control stack (frames with their blocks and phi
 * nodes) and the locals (allocas, promoted by mem2reg).
 *
 * Instructions are dispatched by family (cg_func.c): each cg_emit_<family>
 * handles the opcodes of its file and returns CG_NOT_MINE for others.
 * Emitters pop their operands with cg_pop() and push results with
 * cg_push().  An instruction after which the rest of the block is dead
 * (br, return, unreachable, ...) sets f->dead; the dispatcher then skips
 * to the enclosing block's `else`/`end`.
 *
 * Value representation: i32/i64/f32/f64 as LLVM i32/i64/float/double,
 * v128 as <4 x i32> (m->t_v128; bitcast freely), funcref as a pointer to
 * KilnFuncRef, externref as an opaque pointer (both `ptr`, NULL = null).
 *
 * What generated code assumes of the runtime (loads marked invariant):
 * the vmctx fields and the pointer arrays they point to (memories,
 * tables, globals, funcs, type_ids) do not change after instantiation;
 * KilnFuncRef objects are immutable; a 32-bit memory's base never moves
 * in GUARD mode on 64-bit hosts; immutable globals are written only by
 * init.  table->elems/size and memory->size are reloaded after calls.
 *
 * Prototypes are grouped by the file that defines them.
 */
#ifndef KILN_CG_H
#define KILN_CG_H

#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "codegen/codegen.h"
#include "util/arena.h"

/* llvm::CallingConv::Tail (`tailcc`), missing from the C API's enum. */
#define CG_TAILCC 18u

/* Indices of KilnVmctx fields, in declaration order (kiln_rt.h). */
typedef enum CgVmField {
    CG_VM_DESC,
    CG_VM_STACK_LIMIT,
    CG_VM_MEMORIES,
    CG_VM_TABLES,
    CG_VM_GLOBALS,
    CG_VM_FUNCS,
    CG_VM_TYPE_IDS,
    CG_VM_DATAS,
    CG_VM_ELEMS,
    CG_VM_HOST,
    CG_VM_USER,
    CG_VM_MEM0_BASE,
    CG_VM_NFIELDS
} CgVmField;

/* TBAA classes: accesses of different classes never alias. */
typedef enum CgTbaa {
    CG_TBAA_LINEAR, /* linear memory bytes */
    CG_TBAA_VMCTX,  /* KilnVmctx fields and the arrays it points to */
    CG_TBAA_MEMORY, /* KilnMemory fields */
    CG_TBAA_TABLE,  /* KilnTable fields */
    CG_TBAA_ELEMS,  /* table elements */
    CG_TBAA_GLOBAL, /* KilnGlobal values */
    CG_TBAA_FUNCREF, /* KilnFuncRef fields */
    CG_TBAA_COUNT
} CgTbaa;

/* How a function index is bound. */
typedef enum CgFuncKind {
    CG_FUNC_DEFINED, /* a body in this module */
    CG_FUNC_HOST,    /* import bound to a runtime C function */
    CG_FUNC_DYNAMIC, /* import bound at instantiation (vm->funcs[i]) */
} CgFuncKind;

typedef struct CgFuncInfo {
    CgFuncKind kind;
    LLVMValueRef fn;      /* tailcc function (body or host thunk); NULL
                             for dynamic imports */
    LLVMValueRef host_fn; /* CG_FUNC_HOST: the C function */
    const char *name;     /* name-section name or NULL */
    unsigned cc;          /* fn's calling convention (cg_declare_functions) */
    /* KilnFuncRef entries when they are not fn (cg_module.c): a tailcc
     * thunk for `code`, a fastcc one for `call`; NULL otherwise. */
    LLVMValueRef code_fn, call_fn;
} CgFuncInfo;

typedef struct CgModule {
    const WasmModule *wm;
    const CgOptions *opts;
    Diag *diag;
    bool allow_dynamic;
    Arena arena; /* lives as long as the CgModule */

    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b;
    LLVMTargetMachineRef tm;
    LLVMTargetDataRef td;
    /* Convention of internal functions: tailcc, or fastcc on targets whose
     * LLVM back end lacks tailcc (RISC-V), where return_call is then a
     * plain `tail` call (not guaranteed). */
    unsigned cc;
    bool musttail_ok;
    bool sext_i32; /* C ABI wants i32 arguments sign-extended (RV64) */
    /* 32-bit ARM: LLVM 19's tailcc callee pops a stack-argument area
     * rounded up to 8 bytes, its caller re-reserves it rounded up to 16:
     * tailcc functions get trailing i32 pads that make it a multiple of
     * 16 (cg_module.c). */
    bool tail_pad16;

    /* scalar types */
    LLVMTypeRef t_void, t_i1, t_i8, t_i16, t_i32, t_i64, t_i128;
    LLVMTypeRef t_f32, t_f64, t_v128, t_ptr, t_intptr;
    /* mirrors of kiln_rt.h structs (cg_types.c) */
    LLVMTypeRef t_value, t_funcref, t_memory, t_table, t_global, t_vmctx;
    LLVMTypeRef t_seg, t_limits, t_import, t_export, t_funcdesc;
    LLVMTypeRef t_tabledesc, t_memdesc, t_globaldesc, t_moddesc, t_wasicfg;
    LLVMTypeRef t_preopen;

    LLVMTypeRef *fn_types; /* per type index: (ptr vm, params) */
    LLVMTypeRef *tail_types; /* the same for tailcc, with tail_pads i32s */
    uint8_t *tail_pads;
    CgFuncInfo *funcs;     /* per function index */
    /* cg_frozen_table, per table (NULL: not frozen); NULL until asked */
    LLVMValueRef *frozen_tables;
    uint32_t **frozen_fns; /* their functions (CG_NULL_CLASS: null) */
    /* cg_frozen_class_table's tables (a list), and the entries they hold */
    struct CgClassTable *class_tables;
    uint32_t class_table_entries;
    uint32_t *type_classes; /* cg_type_class, per type; NULL until asked */
    bool *import_dynamic;  /* per import: bound at instantiation */
    LLVMValueRef trap_fns[KILN_TRAP_COUNT];

    unsigned md_tbaa, md_invariant, md_prof;
    LLVMValueRef tbaa[CG_TBAA_COUNT];
    LLVMValueRef md_empty;     /* !{} for !invariant.load */
    LLVMValueRef md_unlikely;  /* branch_weights favouring the false edge */
    LLVMValueRef code_start, code_end; /* __start/__stop_kiln_text */

    /* Partitioned compilation (cg_part.c): this module holds the bodies
     * of the functions whose func_part entry is `part`; the others are
     * declared.  Partition 0 also holds host thunks, init, entries, the
     * descriptor and main.  nparts == 1: func_part NULL, internal
     * linkage; otherwise hidden symbols named after sym_prefix. */
    uint32_t part, nparts;
    const uint32_t *func_part;
    const char *sym_prefix;
} CgModule;

typedef enum CgFrameKind {
    CG_FRAME_FUNC,
    CG_FRAME_BLOCK,
    CG_FRAME_LOOP,
    CG_FRAME_IF,
} CgFrameKind;

/* How many validated addresses a block remembers (the oldest go). */
#define CG_VALID_ADDRS 16
/* Loop address sums (cg_sums.c): at most this many shadowed at once, and
 * this many i32 sums per block remembered with their i64 equals. */
#define CG_MAX_SUMS 16
#define CG_WIDE_SUMS 16

/* A sum x + (i << shift) of i32 locals a loop walks, and its shadow. */
typedef struct CgSum {
    uint32_t x, i, shift;
    LLVMValueRef w;   /* i64 alloca, == zext(x + (i << shift)) in the loop */
    LLVMValueRef sum; /* the i32 sum made in block generation sum_gen */
    uint32_t sum_gen;
} CgSum;

/* One entry of the control stack. */
typedef struct CgFrame {
    CgFrameKind kind;
    uint32_t nparams, nresults;
    const WasmValType *params, *results;
    unsigned height;            /* operand stack height below the params */
    LLVMBasicBlockRef br_bb;    /* target of br: end (block/if) or header */
    LLVMValueRef *br_phis;      /* phis at br_bb: label arity entries */
    LLVMBasicBlockRef end_bb;   /* continuation after `end` (not loop) */
    LLVMValueRef *end_phis;     /* nresults phis at end_bb */
    LLVMBasicBlockRef else_bb;  /* if: the false edge's block */
    LLVMValueRef *if_params;    /* if: param values, again for else */
    uint32_t else_at, end_at;   /* instruction indices (validator) */
    bool in_else;
    /* loop with a hidden trip counter (cg_control.c, counted loops):
     * the br_if at code index trip_br tests ++*trip_cnt != trip_n */
    LLVMValueRef trip_cnt, trip_n;
    uint32_t trip_br;
    unsigned sums_base; /* loop: f->nsums before its own sums */
} CgFrame;

typedef struct CgFunc {
    CgModule *m;
    LLVMBuilderRef b; /* == m->b */
    uint32_t index;   /* function index */
    const WasmFunc *wf;
    const WasmFuncType *type;
    LLVMValueRef fn;
    LLVMValueRef vm; /* first parameter */
    Arena *scratch;  /* reset after the function */

    /* locals: params then declared locals */
    uint32_t nlocals;
    LLVMValueRef *locals;     /* allocas */
    LLVMTypeRef *local_types;
    WasmValType *local_vt;

    LLVMValueRef *stack;
    unsigned sp;
    size_t stack_cap;
    CgFrame *frames;
    unsigned nframes;
    size_t frames_cap;
    bool dead; /* the rest of the current block is unreachable */

    LLVMBasicBlockRef entry_bb; /* allocas and cached invariant loads */
    LLVMValueRef entry_br;      /* entry_bb's terminator */
    LLVMBasicBlockRef trap_bb[KILN_TRAP_COUNT];
    /* caches of loads placed in entry_bb (NULL until first use) */
    LLVMValueRef vm_fields[CG_VM_NFIELDS];
    LLVMValueRef *mem_ptrs, *mem_bases, *table_ptrs, *global_ptrs;
    LLVMValueRef *table_elems, *type_ids;
    const WasmInstr *cur; /* instruction being emitted (diagnostics) */

    /* No-wrap facts (cg_memory.c), valid only inside fact_bb: i32 values
     * already used as a 32-bit memory address there, and the value each
     * local is known to hold (local_gen[i] == fact_gen).  Leaving the
     * block drops them, so every fact dominates where it is used. */
    LLVMBasicBlockRef fact_bb;
    uint32_t fact_gen;
    unsigned nvalid;
    LLVMValueRef valid_addrs[CG_VALID_ADDRS];
    LLVMValueRef *local_vals;
    uint32_t *local_gen;

    /* Loop address sums (cg_sums.c): the shadows of the enclosing loops,
     * and this block's i32 sums with their i64 values (wide_gen). */
    CgSum sums[CG_MAX_SUMS];
    unsigned nsums;
    uint32_t wide_gen;
    unsigned nwide;
    LLVMValueRef wide_sum[CG_WIDE_SUMS], wide_val[CG_WIDE_SUMS];
} CgFunc;

/* Result of a family emitter. */
typedef enum CgResult {
    CG_OK,
    CG_NOT_MINE, /* opcode of another family */
    CG_FAIL,     /* a diagnostic was reported */
} CgResult;

/* ---- cg_types.c --------------------------------------------------------- */
/* The LLVM context, module and builder of one CgModule (and its arena);
 * close also disposes the target machine cg_target_create made. */
void cg_module_open(CgModule *m, const char *name);
void cg_module_close(CgModule *m);
/* main(argc, argv) returning rt_main(argc, argv, desc, baked config of
 * opts->exe_config): kiln_rt_main or kiln_component_main. */
void cg_emit_main(CgModule *m, const char *rt_main, LLVMValueRef desc);
void cg_types_init(CgModule *m);
LLVMTypeRef cg_valtype(CgModule *m, WasmValType t);
/* LLVM return type for a result list: void, the type, or a struct. */
LLVMTypeRef cg_results_type(CgModule *m, const WasmValType *r, uint32_t n);
/* Functions with more than two results return through kiln_rt_results
 * (kiln_rt.h) and return void. */
static inline bool cg_results_in_area(uint32_t nresults)
{
    return nresults > 2;
}
/* Address of slot i of the thread's result area. */
LLVMValueRef cg_result_slot(CgModule *m, LLVMBuilderRef b, uint32_t i);
/* Stores/loads result i of a function that returns through the area. */
void cg_store_result(CgModule *m, LLVMBuilderRef b, LLVMValueRef v,
                     uint32_t i);
LLVMValueRef cg_load_result(CgModule *m, LLVMBuilderRef b, WasmValType t,
                            uint32_t i);
/* "params:results" signature string (kiln_rt.h letters), arena copy. */
const char *cg_sig_string(CgModule *m, const WasmFuncType *t);
/* "(i32, i32) -> i32" for diagnostics, arena copy. */
const char *cg_type_text(CgModule *m, const WasmFuncType *t);
/* Zero value of a wasm type (locals' initial value). */
LLVMValueRef cg_zero(CgModule *m, WasmValType t);

/* ---- cg_func.c ---------------------------------------------------------- */
bool cg_emit_function(CgModule *m, uint32_t index, Arena *scratch);
/* Starts emitting into `fn` (vmctx = param 0): an entry block for allocas
 * and cached loads, then a body block where the builder is left. */
void cg_func_begin(CgFunc *f, CgModule *m, LLVMValueRef fn, Arena *scratch);
/* Emits one instruction through the family dispatch. */
CgResult cg_emit_instr(CgFunc *f, const WasmInstr *in);
void cg_push(CgFunc *f, LLVMValueRef v);
LLVMValueRef cg_pop(CgFunc *f);
LLVMValueRef cg_peek(CgFunc *f, unsigned depth); /* 0 = top */
/* Unconditional trap: calls the kind's _Noreturn function and ends the
 * block with `unreachable`; the caller sets f->dead if needed. */
void cg_trap(CgFunc *f, KilnTrap kind);
/* Traps when `cond` (i1) is true, through the function's shared cold trap
 * block for `kind`; continues emitting in a fresh block. */
void cg_trap_if(CgFunc *f, LLVMValueRef cond, KilnTrap kind);
/* A private function of type ft in convention cc that only traps with
 * `kind`: what a constant call array holds where a call must trap. */
LLVMValueRef cg_trap_entry(CgModule *m, LLVMTypeRef ft, unsigned cc,
                          KilnTrap kind);
/* Marks a load as invariant (!invariant.load) and/or tags it with TBAA. */
void cg_set_tbaa(CgModule *m, LLVMValueRef inst, CgTbaa cls);
void cg_set_invariant(CgModule *m, LLVMValueRef load);
/* Loads a KilnVmctx field (cached in the entry block: they never change). */
LLVMValueRef cg_vm_field(CgFunc *f, CgVmField field);
/* Loads element i of a pointer array in the vmctx (memories, tables,
 * globals, funcs), cached in the entry block: a KilnMemory* etc. */
LLVMValueRef cg_memory_ptr(CgFunc *f, uint32_t memidx);
LLVMValueRef cg_table_ptr(CgFunc *f, uint32_t tableidx);
LLVMValueRef cg_global_ptr(CgFunc *f, uint32_t globalidx);
LLVMValueRef cg_funcref_ptr(CgFunc *f, uint32_t funcidx); /* KilnFuncRef* */
/* The runtime's canonical id of type typeidx (vmctx type_ids[typeidx]),
 * cached in the entry block: ids are fixed before any code runs. */
LLVMValueRef cg_type_id(CgFunc *f, uint32_t typeidx);
/* The elements array of a table whose declared maximum is its minimum,
 * cached in the entry block (it can neither grow nor move). */
LLVMValueRef cg_fixed_table_elems(CgFunc *f, uint32_t tableidx);
/* Calls an llvm intrinsic; `over` are its overloaded types. */
LLVMValueRef cg_intrinsic(CgFunc *f, const char *name, LLVMTypeRef *over,
                          unsigned nover, LLVMValueRef *args, unsigned nargs);
/* Calls (declaring on first use) a C function of the runtime whose
 * parameter types are those of `args`. */
LLVMValueRef cg_call_c(CgFunc *f, const char *name, LLVMTypeRef ret,
                       LLVMValueRef *args, unsigned nargs);
/* Marks the i32 parameters of a C call (and its callee's declaration)
 * signext where the target's C ABI requires it. */
void cg_c_abi_call(CgModule *m, LLVMValueRef call);
/* The same for a function this module defines for C callers. */
void cg_c_abi_define(CgModule *m, LLVMValueRef fn);
/* Load/store of a field of a mirrored struct through `ptr`. */
LLVMValueRef cg_load_field(CgFunc *f, LLVMTypeRef st, LLVMValueRef ptr,
                           unsigned field, CgTbaa cls);
LLVMValueRef cg_field_ptr(CgFunc *f, LLVMTypeRef st, LLVMValueRef ptr,
                          unsigned field);
/* Creates a block appended to the current function. */
LLVMBasicBlockRef cg_block(CgFunc *f, const char *name);
/* Label arity helpers for a block type. */
void cg_block_sig(CgModule *m, WasmBlockType bt, uint32_t *np,
                  const WasmValType **p, uint32_t *nr,
                  const WasmValType **r);
/* Reports "<file>:<offset>: error: ..." at the current instruction. */
CgResult cg_error(CgFunc *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- family emitters (one file each) ------------------------------------ */
CgResult cg_emit_control(CgFunc *f, const WasmInstr *in);  /* cg_control.c */
CgResult cg_emit_variable(CgFunc *f, const WasmInstr *in); /* cg_variable.c */
CgResult cg_emit_numeric(CgFunc *f, const WasmInstr *in);  /* cg_numeric.c */
CgResult cg_emit_float(CgFunc *f, const WasmInstr *in);    /* cg_float.c */
CgResult cg_emit_memory(CgFunc *f, const WasmInstr *in);   /* cg_memory.c */
CgResult cg_emit_call(CgFunc *f, const WasmInstr *in);     /* cg_call.c */
CgResult cg_emit_table(CgFunc *f, const WasmInstr *in);    /* cg_table.c */
/* A private constant global holding init (cg_module.c). */
LLVMValueRef cg_private_const(CgModule *m, LLVMValueRef init,
                              const char *name);
/* A table whose contents nothing can change after instantiation, as a
 * constant [size x {ptr call entry, i32 type class}] (cg_table.c says
 * when), or NULL.  *size gets its element count. */
LLVMValueRef cg_frozen_table(CgModule *m, uint32_t tableidx, uint32_t *size);
/* Frozen table t as a constant [size x ptr] of the call entries of
 * class cls's functions; an element of another class (or null) holds a
 * function of type ft that traps as call_indirect's type (or null)
 * check would (cg_trap_entry).  NULL when t is not frozen or the module's budget for these
 * tables (CLASS_TABLE_MAX entries) is spent. */
LLVMValueRef cg_frozen_class_table(CgModule *m, uint32_t t, uint32_t cls,
                                   LLVMTypeRef ft);
/* The type class cg_frozen_table gives functions of type typeidx: the
 * lowest type index of the same function type. */
uint32_t cg_type_class(CgModule *m, uint32_t typeidx);
#define CG_NULL_CLASS UINT32_MAX /* a null element's class */
CgResult cg_emit_bulk(CgFunc *f, const WasmInstr *in);     /* cg_bulk.c */
/* simd.c (the SIMD engineer's file): every 0xFD-prefixed instruction,
 * including v128 loads/stores and lanes.  Returns false after reporting a
 * diagnostic. */
bool cg_emit_simd(CgFunc *f, const WasmInstr *in);

/* ---- cg_control.c ------------------------------------------------------- */
/* Emits `ret` of the function's results taken from the operand stack. */
void cg_emit_return(CgFunc *f);
CgFrame *cg_push_frame(CgFunc *f, CgFrameKind kind, const WasmInstr *in);

/* ---- cg_memory.c -------------------------------------------------------- */
bool cg_mem_is64(CgModule *m, uint32_t memidx);
/* KilnMemory base pointer (invariant and hoisted in GUARD mode). */
LLVMValueRef cg_mem_base(CgFunc *f, uint32_t memidx);
/* Current size in bytes (i64). */
LLVMValueRef cg_mem_size(CgFunc *f, uint32_t memidx);
/* Address of a `width`-byte access at index + memarg offset, with the
 * bounds check the options require (traps memory_oob).  `index` is the
 * popped i32 (or i64 for memory64) operand.  Returns a `ptr`. */
LLVMValueRef cg_mem_addr(CgFunc *f, const WasmMemArg *ma, LLVMValueRef index,
                         unsigned width);
/* Checks that [addr, addr+len) lies in memory memidx (i64 operands). */
void cg_mem_check_range(CgFunc *f, uint32_t memidx, LLVMValueRef addr,
                        LLVMValueRef len);
/* No-wrap facts.  A 32-bit memory never exceeds 65535 pages (runtime
 * cap, memory.c), so an i32 `v` already used as an address in this block
 * satisfies zext(v) < 2^32 - 65536 and `v + c` cannot wrap for
 * 0 <= c < 65536.  cg_mem_addr records its index; the add asks. */
bool cg_addr_nowrap(CgFunc *f, LLVMValueRef v);
/* An address this block accessed of the form x + c0 (i32 add) with
 * c0 <= c < c0 + 65536, and *delta = c - c0: then x + c is the anchor
 * plus *delta, which cannot wrap (stencil rows x + 8180, x + 8184). */
LLVMValueRef cg_addr_anchor(CgFunc *f, LLVMValueRef x, uint64_t c,
                            uint64_t *delta);
/* The value local i holds in this block (NULL: unknown), and a record of
 * a new one (local.get/set/tee), so reads of one local share a value. */
LLVMValueRef cg_local_known(CgFunc *f, uint32_t i);
void cg_local_remember(CgFunc *f, uint32_t i, LLVMValueRef v);
/* The current block's fact generation (changes with every new block). */
uint32_t cg_facts_gen(CgFunc *f);
/* cg_trap_if's continuation block: only reached from the current one. */
void cg_facts_follow(CgFunc *f, LLVMBasicBlockRef from,
                     LLVMBasicBlockRef to);
/* Linear-memory load/store: alignment 1, linear-memory TBAA. */
LLVMValueRef cg_mem_load(CgFunc *f, LLVMTypeRef ty, LLVMValueRef ptr);
LLVMValueRef cg_mem_store(CgFunc *f, LLVMValueRef val, LLVMValueRef ptr);

/* ---- cg_sums.c ---------------------------------------------------------- */
/* Loop address sums (see the file): a loop over code[start..end) shadows
 * the address sums of i32 locals it writes; leaving it drops them. */
void cg_sums_enter_loop(CgFunc *f, CgFrame *fr, uint32_t start, uint32_t end);
void cg_sums_leave_loop(CgFunc *f, const CgFrame *fr);
/* Local l is about to hold v (before cg_local_remember). */
void cg_sums_local_written(CgFunc *f, uint32_t l, LLVMValueRef v);
/* i32.add a + b made r (operands as popped). */
void cg_sums_add(CgFunc *f, LLVMValueRef a, LLVMValueRef b, LLVMValueRef r);
/* The i64 equal of the i32 sum v made in this block, or NULL. */
LLVMValueRef cg_sums_wide(CgFunc *f, LLVMValueRef v);

/* ---- cg_call.c ---------------------------------------------------------- */
/* Calls function `funcidx` with `args` (vm first is added); returns the
 * LLVM result (void, value or struct). */
LLVMValueRef cg_call_func(CgFunc *f, uint32_t funcidx, LLVMValueRef *args,
                          bool tail);
/* Pushes the results of a call (unpacking a struct). */
void cg_push_results(CgFunc *f, LLVMValueRef r, const WasmFuncType *t);

/* ---- cg_import.c -------------------------------------------------------- */
/* Classifies every function import; false after reporting errors. */
bool cg_bind_imports(CgModule *m);
/* Emits the tailcc thunks of host-bound imports. */
void cg_emit_host_thunks(CgModule *m);
/* Whether import `i` (index into wm->imports) is a dynamic import. */
bool cg_import_is_dynamic(CgModule *m, uint32_t i);

/* ---- cg_init.c ---------------------------------------------------------- */
/* Emits `void init(KilnVmctx *)` (kiln_rt.h) and returns it. */
LLVMValueRef cg_emit_init(CgModule *m, Arena *scratch);
/* Emits a constant expression into the current function (vm given). */
LLVMValueRef cg_const_expr(CgFunc *f, const WasmConstExpr *e);

/* ---- cg_module.c -------------------------------------------------------- */
/* Declares one LLVM function per wasm function (names, attributes). */
void cg_declare_functions(CgModule *m);
LLVMValueRef cg_func_entries(CgModule *m); /* KilnModuleDesc.entries */
/* The LLVM type of a function of type `typeidx` in convention `cc`; *pads
 * receives how many undef i32 arguments follow the wasm ones. */
LLVMTypeRef cg_conv_type(CgModule *m, uint32_t typeidx, unsigned cc,
                         unsigned *pads);
/* Sets the attributes every generated function carries. */
void cg_function_attrs(CgModule *m, LLVMValueRef fn);
/* Emits the C-ABI entry of an exported function (kiln_rt.h). */
LLVMValueRef cg_emit_entry(CgModule *m, uint32_t funcidx, Arena *scratch);

/* ---- cg_desc.c ---------------------------------------------------------- */
/* Emits export entries, the descriptor and (exe_config) main. */
void cg_emit_descriptor(CgModule *m, LLVMValueRef init);

/* ---- cg_streams.c ------------------------------------------------------- */
/* Marks a GUARD-mode invariant memory-base load for cg_streams_split. */
void cg_streams_tag_base(CgModule *m, LLVMValueRef base_load);
/* Gives each address root its own opaque view of the base (before the
 * loop vectorizer), and puts the base back (after it). */
void cg_streams_split(CgModule *m);
void cg_streams_merge(CgModule *m);

/* ---- cg_target.c -------------------------------------------------------- */
bool cg_target_create(CgModule *m);
/* Verifies (debug), optimizes, dumps IR and writes the object. */
bool cg_target_emit(CgModule *m, const char *obj_path);

#endif
