/* State shared by the module validator (validate.c, validate_const.c) and
 * the function body validator (validate_code.c, validate_ops.c). */
#ifndef KILN_WASM_VALIDATE_INTERNAL_H
#define KILN_WASM_VALIDATE_INTERNAL_H

#include <setjmp.h>

#include "wasm/module.h"

/* The operand stack holds value types; 0 is the spec's Unknown. */
enum { VAL_UNKNOWN = 0 };

typedef struct WasmCtrl {
    uint16_t op;         /* WASM_OP_BLOCK/LOOP/IF/ELSE; END for the body */
    bool unreachable;
    uint32_t height;     /* operand stack height at entry */
    const uint8_t *params, *results;
    uint32_t nparams, nresults;
    uint32_t at;         /* instruction index of the block's opening */
} WasmCtrl;

typedef struct WasmValidator {
    WasmModule *m;
    Diag *diag;
    jmp_buf fail;
    uint8_t *declared;   /* per function: may be named by ref.func */
    uint8_t **tbytes;    /* per type: params then results, as bytes */
    /* the function being checked */
    WasmFunc *f;
    uint8_t *locals;     /* parameters then locals */
    uint32_t nlocals;
    uint32_t pos;        /* index of the current instruction */
    uint8_t *vals;
    size_t nvals, vcap;
    WasmCtrl *ctrls;
    size_t nctrls, ccap;
    uint32_t max_stack;
    uint8_t *cstack;     /* constant expression stack */
    size_t cstack_cap;
} WasmValidator;

_Noreturn void wasm_val_fail(WasmValidator *v, uint64_t offset,
                             const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
const char *wasm_val_type_name(uint8_t t);
/* A one-element type list holding t, for blocks with one result. */
const uint8_t *wasm_val_single(uint8_t t);

/* validate_const.c */
void wasm_validate_const_expr(WasmValidator *v, const WasmConstExpr *e,
                              WasmValType want, uint32_t nglobals_visible,
                              uint64_t where);

/* validate_code.c */
void wasm_validate_func(WasmValidator *v, uint32_t funcidx);
void wasm_val_push(WasmValidator *v, uint8_t t);
uint8_t wasm_val_pop(WasmValidator *v);
uint8_t wasm_val_pop_expect(WasmValidator *v, uint8_t want);
void wasm_val_pop_list(WasmValidator *v, const uint8_t *ts, uint32_t n);
void wasm_val_push_list(WasmValidator *v, const uint8_t *ts, uint32_t n);
void wasm_val_unreachable(WasmValidator *v);
_Noreturn void wasm_val_fail_here(WasmValidator *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* validate_ops.c: the instructions typed by hand, by family */
void wasm_validate_control(WasmValidator *v, const WasmInstr *in);
void wasm_validate_variable(WasmValidator *v, const WasmInstr *in);
void wasm_validate_table(WasmValidator *v, const WasmInstr *in);
void wasm_validate_memory_misc(WasmValidator *v, const WasmInstr *in);
void wasm_validate_reference(WasmValidator *v, const WasmInstr *in);
/* Checks the memory index, alignment, offset and lane of a memory
 * instruction and returns its address type (i32 or i64). */
uint8_t wasm_validate_memarg(WasmValidator *v, const WasmInstr *in);
uint8_t wasm_val_memory_addr(WasmValidator *v, uint32_t memidx);

#endif
