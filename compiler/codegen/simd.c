/* SIMD instructions (0xFD prefix; spec 4.4.3 "vector instructions", the
 * fixed-width SIMD proposal): the entry point cg_emit_simd, which tries
 * each family emitter in turn, and the lane-shape helpers they share.
 * The families live in simd_mem.c (loads/stores), simd_lane.c (const,
 * shuffle, swizzle, splat, lanes), simd_bits.c (bitwise, tests, masks),
 * simd_cmp.c (comparisons), simd_int.c (lane-wise integer arithmetic),
 * simd_widen.c (narrowing/widening), simd_float.c (float arithmetic and
 * rounding) and simd_conv.c (conversions).
 */
#include <string.h>

#include "codegen/simd.h"

unsigned simd_lanes(SimdShape s)
{
    static const unsigned n[] = {16, 8, 4, 2, 4, 2};
    return n[s];
}

LLVMTypeRef simd_lane_type(CgModule *m, SimdShape s)
{
    switch (s) {
    case SIMD_I8: return m->t_i8;
    case SIMD_I16: return m->t_i16;
    case SIMD_I32: return m->t_i32;
    case SIMD_I64: return m->t_i64;
    case SIMD_F32: return m->t_f32;
    case SIMD_F64: return m->t_f64;
    }
    KILN_BUG("bad SIMD shape %d", (int)s);
}

LLVMTypeRef simd_vec_type(CgModule *m, SimdShape s)
{
    return LLVMVectorType(simd_lane_type(m, s), simd_lanes(s));
}

SimdShape simd_int_shape(SimdShape s)
{
    return s == SIMD_F32 ? SIMD_I32 : s == SIMD_F64 ? SIMD_I64 : s;
}

LLVMValueRef simd_as(CgFunc *f, LLVMValueRef v, SimdShape s)
{
    LLVMTypeRef t = simd_vec_type(f->m, s);
    return LLVMTypeOf(v) == t ? v : LLVMBuildBitCast(f->b, v, t, "");
}

LLVMValueRef simd_pop(CgFunc *f, SimdShape s)
{
    return simd_as(f, cg_pop(f), s);
}

void simd_push(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) != f->m->t_v128)
        v = LLVMBuildBitCast(f->b, v, f->m->t_v128, "");
    cg_push(f, v);
}

LLVMValueRef simd_const_splat(LLVMTypeRef lt, unsigned n, uint64_t x)
{
    LLVMValueRef lanes[16];
    KILN_ASSERT(n <= 16);
    for (unsigned i = 0; i < n; i++)
        lanes[i] = LLVMConstInt(lt, x, 0);
    return LLVMConstVector(lanes, n);
}

LLVMValueRef simd_fconst_splat(LLVMTypeRef vt, double x)
{
    LLVMValueRef lanes[4];
    unsigned n = LLVMGetVectorSize(vt);
    KILN_ASSERT(n <= 4);
    for (unsigned i = 0; i < n; i++)
        lanes[i] = LLVMConstReal(LLVMGetElementType(vt), x);
    return LLVMConstVector(lanes, n);
}

LLVMValueRef simd_splat(CgFunc *f, LLVMValueRef scalar, unsigned n)
{
    LLVMTypeRef vt = LLVMVectorType(LLVMTypeOf(scalar), n);
    LLVMValueRef zero = LLVMConstInt(f->m->t_i32, 0, 0);
    LLVMValueRef v =
        LLVMBuildInsertElement(f->b, LLVMGetPoison(vt), scalar, zero, "");
    unsigned idx[16] = {0};
    return simd_shuffle(f, v, NULL, idx, n);
}

LLVMValueRef simd_shuffle(CgFunc *f, LLVMValueRef a, LLVMValueRef b,
                          const unsigned *idx, unsigned n)
{
    LLVMValueRef mask[32];
    KILN_ASSERT(n <= 32);
    for (unsigned i = 0; i < n; i++)
        mask[i] = LLVMConstInt(f->m->t_i32, idx[i], 0);
    if (!b)
        b = LLVMGetPoison(LLVMTypeOf(a));
    return LLVMBuildShuffleVector(f->b, a, b, LLVMConstVector(mask, n), "");
}

LLVMValueRef simd_half(CgFunc *f, LLVMValueRef v, bool high)
{
    unsigned n = LLVMGetVectorSize(LLVMTypeOf(v)) / 2, idx[16];
    for (unsigned i = 0; i < n; i++)
        idx[i] = i + (high ? n : 0);
    return simd_shuffle(f, v, NULL, idx, n);
}

LLVMValueRef simd_evens(CgFunc *f, LLVMValueRef v, bool odd)
{
    unsigned n = LLVMGetVectorSize(LLVMTypeOf(v)) / 2, idx[16];
    for (unsigned i = 0; i < n; i++)
        idx[i] = 2 * i + odd;
    return simd_shuffle(f, v, NULL, idx, n);
}

LLVMValueRef simd_concat(CgFunc *f, LLVMValueRef a, LLVMValueRef b)
{
    unsigned n = 2 * LLVMGetVectorSize(LLVMTypeOf(a)), idx[32];
    for (unsigned i = 0; i < n; i++)
        idx[i] = i;
    return simd_shuffle(f, a, b, idx, n);
}

LLVMTypeRef simd_resize(CgModule *m, LLVMValueRef v, unsigned bits)
{
    return LLVMVectorType(LLVMIntTypeInContext(m->ctx, bits),
                          LLVMGetVectorSize(LLVMTypeOf(v)));
}

LLVMValueRef simd_intr(CgFunc *f, const char *name, LLVMValueRef *args,
                       unsigned nargs)
{
    LLVMTypeRef t = LLVMTypeOf(args[0]);
    return cg_intrinsic(f, name, &t, 1, args, nargs);
}

bool simd_is_arch(CgModule *m, const char *arch)
{
    char *triple = LLVMGetTargetMachineTriple(m->tm);
    bool is = strncmp(triple, arch, strlen(arch)) == 0;
    LLVMDisposeMessage(triple);
    return is;
}

bool simd_is_x86(CgModule *m)
{
    return simd_is_arch(m, "x86_64");
}

bool simd_x86_feature(CgModule *m, const char *feature)
{
    if (!simd_is_x86(m))
        return false;
    char *cpu = LLVMGetTargetMachineCPU(m->tm);
    char *fs = LLVMGetTargetMachineFeatureString(m->tm);
    size_t n = strlen(feature);
    bool has = false;
    for (const char *p = fs; (p = strstr(p, feature)) != NULL; p += n)
        if (p > fs && p[-1] == '+' && (p[n] == ',' || p[n] == 0))
            has = true;
    /* the x86-64 micro-architecture levels 2+ include SSSE3 and SSE4.1 */
    if (strncmp(cpu, "x86-64-v", 8) == 0 &&
        (strcmp(feature, "ssse3") == 0 || strcmp(feature, "sse4.1") == 0))
        has = true;
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(fs);
    return has;
}

bool cg_emit_simd(CgFunc *f, const WasmInstr *in)
{
    static CgResult (*const families[])(CgFunc *, const WasmInstr *) = {
        simd_emit_mem, simd_emit_lane,  simd_emit_bits,  simd_emit_cmp,
        simd_emit_int, simd_emit_widen, simd_emit_float, simd_emit_conv,
    };
    for (size_t i = 0; i < sizeof families / sizeof *families; i++) {
        CgResult r = families[i](f, in);
        if (r != CG_NOT_MINE)
            return r == CG_OK;
    }
    cg_error(f, "SIMD instruction `%s` is not supported by the code "
                "generator", wasm_op_info[in->op].name);
    return false;
}
