/* simd.h: shared helpers of the SIMD code generator (simd*.c).
 *
 * A v128 lives on the operand stack as <4 x i32> (m->t_v128).  Each
 * instruction reinterprets it in the lane shape it works on (spec 4.2.1,
 * "vector shapes"): simd_pop() pops and bitcasts to the shape's vector
 * type, simd_push() bitcasts back.  Bitcasts are free in LLVM; the
 * backend never sees them as instructions.
 *
 * Each family emitter returns CG_NOT_MINE for opcodes of other families;
 * cg_emit_simd (simd.c) tries them in turn.
 */
#ifndef KILN_SIMD_H
#define KILN_SIMD_H

#include "codegen/cg.h"

/* The six lane shapes. */
typedef enum SimdShape {
    SIMD_I8,
    SIMD_I16,
    SIMD_I32,
    SIMD_I64,
    SIMD_F32,
    SIMD_F64,
} SimdShape;

/* ---- simd.c ------------------------------------------------------------- */
unsigned simd_lanes(SimdShape s);
LLVMTypeRef simd_lane_type(CgModule *m, SimdShape s);
LLVMTypeRef simd_vec_type(CgModule *m, SimdShape s);
/* The integer shape with the same lane width (F32 -> I32, F64 -> I64). */
SimdShape simd_int_shape(SimdShape s);
LLVMValueRef simd_as(CgFunc *f, LLVMValueRef v, SimdShape s);
LLVMValueRef simd_pop(CgFunc *f, SimdShape s);
void simd_push(CgFunc *f, LLVMValueRef v);
/* Constant vector of `n` lanes of integer type `lt` all equal to `x`. */
LLVMValueRef simd_const_splat(LLVMTypeRef lt, unsigned n, uint64_t x);
/* Constant float vector of type vt, all lanes x. */
LLVMValueRef simd_fconst_splat(LLVMTypeRef vt, double x);
/* Broadcast of a scalar to an n-lane vector (insertelement+shuffle). */
LLVMValueRef simd_splat(CgFunc *f, LLVMValueRef scalar, unsigned n);
/* shufflevector(a, b, idx[0..n)); b may be NULL (poison). */
LLVMValueRef simd_shuffle(CgFunc *f, LLVMValueRef a, LLVMValueRef b,
                          const unsigned *idx, unsigned n);
/* Lanes [k*n/2, (k+1)*n/2) of an n-lane vector: k=0 low, k=1 high. */
LLVMValueRef simd_half(CgFunc *f, LLVMValueRef v, bool high);
/* Even (odd=false) or odd lanes of an n-lane vector. */
LLVMValueRef simd_evens(CgFunc *f, LLVMValueRef v, bool odd);
/* Concatenation of two equal vectors. */
LLVMValueRef simd_concat(CgFunc *f, LLVMValueRef a, LLVMValueRef b);
/* Vector of the same lane count with lanes of `bits` bits (int) */
LLVMTypeRef simd_resize(CgModule *m, LLVMValueRef v, unsigned bits);
/* Intrinsic overloaded on the type of args[0]. */
LLVMValueRef simd_intr(CgFunc *f, const char *name, LLVMValueRef *args,
                       unsigned nargs);

/* Whether the target triple starts with `arch` ("aarch64", ...). */
bool simd_is_arch(CgModule *m, const char *arch);
/* Whether the target is x86-64 (SSE2 at least). */
bool simd_is_x86(CgModule *m);
/* Whether the x86-64 target surely has `feature` ("ssse3", "sse4.1"):
 * named in the feature string (-mcpu=native) or implied by an
 * x86-64-vN level.  Other named CPUs answer false (safe, slower). */
bool simd_x86_feature(CgModule *m, const char *feature);

/* ---- family emitters ---------------------------------------------------- */
CgResult simd_emit_mem(CgFunc *f, const WasmInstr *in);   /* simd_mem.c */
CgResult simd_emit_lane(CgFunc *f, const WasmInstr *in);  /* simd_lane.c */
CgResult simd_emit_bits(CgFunc *f, const WasmInstr *in);  /* simd_bits.c */
CgResult simd_emit_cmp(CgFunc *f, const WasmInstr *in);   /* simd_cmp.c */
CgResult simd_emit_int(CgFunc *f, const WasmInstr *in);   /* simd_int.c */
CgResult simd_emit_widen(CgFunc *f, const WasmInstr *in); /* simd_widen.c */
CgResult simd_emit_float(CgFunc *f, const WasmInstr *in); /* simd_float.c */
CgResult simd_emit_conv(CgFunc *f, const WasmInstr *in);  /* simd_conv.c */

#endif
