/* Canonical ABI values as LLVM IR (CanonicalABI.md "Loading", "Storing",
 * "Flat Lifting", "Flat Lowering"): the per-type walkers shared by the
 * host and fused adapters, and the helpers they use (places in guest or
 * host memory, bounds checks, traps, realloc, calls into other core
 * instances).
 *
 * The walkers follow despecialize(): tuples are records, enums, options
 * and results are variants (bindgen/abi.h).  Every check the spec's
 * load/lift makes is made where a value leaves its producer
 * (canon_load_checked, canon_copy): bool is 0 or 1, char a Unicode scalar
 * value, discriminants in range, flags masked to their labels, strings
 * and lists aligned, in bounds, under the length limits and (strings)
 * well encoded.  Floats pass through unchanged: CanonicalABI.md lets an
 * implementation keep the original NaN instead of canonicalizing it on
 * lift and scrambling it on lower ("Storing", maybe_scramble_nan32).
 */
#include <string.h>

#include "codegen/canon.h"

/* MAX_STRING_BYTE_LENGTH and MAX_LIST_BYTE_LENGTH */
#define CANON_MAX_BYTES ((1u << 28) - 1)
#define CANON_UTF16_TAG 0x80000000u

/* ---- basics ---- */

void canon_begin(Canon *c, CgModule *m, LLVMValueRef fn, Arena *scratch)
{
    c->m = m;
    c->plan = m->opts->plan;
    cg_func_begin(&c->f, m, fn, scratch);
    c->ci = cg_vm_field(&c->f, CG_VM_HOST);
}

LLVMValueRef canon_i32(Canon *c, uint64_t v)
{
    return LLVMConstInt(c->m->t_i32, v, 0);
}

LLVMValueRef canon_i64(Canon *c, uint64_t v)
{
    return LLVMConstInt(c->m->t_i64, v, 0);
}

LLVMValueRef canon_cstr(Canon *c, const char *s)
{
    CgModule *m = c->m;
    LLVMValueRef init = LLVMConstStringInContext(m->ctx, s, strlen(s), 0);
    LLVMValueRef g = LLVMAddGlobal(m->mod, LLVMTypeOf(init), ".canon.str");
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetLinkage(g, LLVMPrivateLinkage);
    LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
    return g;
}

static void fn_attr(CgModule *m, LLVMValueRef fn, const char *name)
{
    unsigned k = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMAddAttributeAtIndex(fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(m->ctx, k, 0));
}

void canon_trap_if(Canon *c, LLVMValueRef cond, const char *msg)
{
    CgModule *m = c->m;
    LLVMValueRef fn = LLVMGetNamedFunction(m->mod, "kiln_cm_trap");
    if (!fn) {
        LLVMTypeRef ft = LLVMFunctionType(m->t_void, &m->t_ptr, 1, 0);
        fn = LLVMAddFunction(m->mod, "kiln_cm_trap", ft);
        fn_attr(m, fn, "noreturn");
        fn_attr(m, fn, "cold");
        fn_attr(m, fn, "nounwind");
    }
    LLVMBasicBlockRef bad = cg_block(&c->f, "canon.trap");
    LLVMBasicBlockRef ok = cg_block(&c->f, "canon.ok");
    LLVMValueRef br = LLVMBuildCondBr(m->b, cond, bad, ok);
    LLVMSetMetadata(br, m->md_prof, m->md_unlikely);
    LLVMPositionBuilderAtEnd(m->b, bad);
    LLVMValueRef s = canon_cstr(c, msg);
    LLVMBuildCall2(m->b, LLVMGlobalGetValueType(fn), fn, &s, 1, "");
    LLVMBuildUnreachable(m->b);
    LLVMPositionBuilderAtEnd(m->b, ok);
}

LLVMValueRef canon_call(Canon *c, const char *name, LLVMTypeRef ret,
                        LLVMValueRef *args, unsigned n)
{
    return cg_call_c(&c->f, name, ret, args, n);
}

void canon_zeroext(Canon *c, LLVMValueRef call, unsigned arg, bool sign)
{
    const char *n = sign ? "signext" : "zeroext";
    LLVMAttributeRef a = LLVMCreateEnumAttribute(
        c->m->ctx, LLVMGetEnumAttributeKindForName(n, 7), 0);
    LLVMAddCallSiteAttribute(call, arg + 1, a);
    LLVMValueRef fn = LLVMGetCalledValue(call);
    if (LLVMIsAFunction(fn))
        LLVMAddAttributeAtIndex(fn, arg + 1, a);
}

/* A void helper whose last argument is a C bool (i1 zeroext). */
static void canon_call_bool(Canon *c, const char *name, LLVMValueRef *args,
                            unsigned n)
{
    canon_zeroext(c, canon_call(c, name, c->m->t_void, args, n), n - 1,
                  false);
}

static LLVMValueRef load_inv(Canon *c, LLVMTypeRef ty, LLVMValueRef p)
{
    LLVMValueRef v = LLVMBuildLoad2(c->m->b, ty, p, "");
    cg_set_tbaa(c->m, v, CG_TBAA_VMCTX);
    cg_set_invariant(c->m, v);
    return v;
}

static LLVMValueRef elem_ptr(Canon *c, LLVMValueRef arr, uint32_t i)
{
    LLVMValueRef idx = canon_i32(c, i);
    return LLVMBuildInBoundsGEP2(c->m->b, c->m->t_ptr, arr, &idx, 1, "");
}

/* ci->cores: the second pointer of KilnComponentInst (kiln_cm.h). */
LLVMValueRef canon_core_vm(Canon *c, uint32_t inst)
{
    LLVMValueRef pcores = elem_ptr(c, c->ci, 1);
    LLVMValueRef cores = load_inv(c, c->m->t_ptr, pcores);
    return load_inv(c, c->m->t_ptr, elem_ptr(c, cores, inst));
}

static LLVMValueRef vm_array(Canon *c, LLVMValueRef vm, CgVmField field,
                             uint32_t i)
{
    CgModule *m = c->m;
    LLVMValueRef p = LLVMBuildStructGEP2(m->b, m->t_vmctx, vm, field, "");
    LLVMValueRef arr = load_inv(c, m->t_ptr, p);
    return load_inv(c, m->t_ptr, elem_ptr(c, arr, i));
}

LLVMValueRef canon_memory(Canon *c, const PlanItem *mem)
{
    return vm_array(c, canon_core_vm(c, mem->instance), CG_VM_MEMORIES,
                    mem->index);
}

const WasmFuncType *canon_core_type(Canon *c, const PlanItem *it)
{
    const Plan *p = c->plan;
    const WasmModule *wm = p->modules[p->instances[it->instance].module].module;
    return wasm_func_type(wm, it->index);
}

LLVMValueRef canon_call_core(Canon *c, const PlanItem *it,
                             const WasmFuncType *t, LLVMValueRef *args)
{
    CgModule *m = c->m;
    LLVMValueRef fr =
        vm_array(c, canon_core_vm(c, it->instance), CG_VM_FUNCS, it->index);
    LLVMValueRef code = load_inv(c, m->t_ptr, fr);
    LLVMValueRef vm = load_inv(c, m->t_ptr, elem_ptr(c, fr, 1));
    LLVMTypeRef ps[64];
    KILN_ASSERT(t->nparams < 64);
    ps[0] = m->t_ptr;
    for (uint32_t i = 0; i < t->nparams; i++)
        ps[i + 1] = cg_valtype(m, t->params[i]);
    LLVMTypeRef ft = LLVMFunctionType(
        cg_results_type(m, t->results, t->nresults), ps, t->nparams + 1, 0);
    args[0] = vm;
    LLVMValueRef r = LLVMBuildCall2(m->b, ft, code, args, t->nparams + 1, "");
    LLVMSetInstructionCallConv(r, m->cc);
    LLVMSetTailCallKind(r, LLVMTailCallKindNoTail);
    return r;
}

/* ---- places ---- */

CanonPlace canon_temp(Canon *c, uint32_t size, uint32_t align)
{
    CgModule *m = c->m;
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(m->b);
    LLVMPositionBuilderBefore(m->b, c->f.entry_br);
    LLVMTypeRef ty = LLVMArrayType2(m->t_i8, size ? size : 1);
    LLVMValueRef a = LLVMBuildAlloca(m->b, ty, "canon.tmp");
    LLVMSetAlignment(a, align < 8 ? 8 : align);
    LLVMPositionBuilderAtEnd(m->b, cur);
    return (CanonPlace){NULL, a, canon_i32(c, 0)};
}

CanonPlace canon_guest(LLVMValueRef mem, LLVMValueRef off)
{
    return (CanonPlace){mem, NULL, off};
}

CanonPlace canon_at(Canon *c, CanonPlace p, uint32_t add)
{
    if (add)
        p.off = LLVMBuildAdd(c->m->b, p.off, canon_i32(c, add), "");
    return p;
}

/* KilnMemory base: reloaded at every use, since a realloc call may grow
 * (and, with explicit bounds checks, move) the memory. */
static LLVMValueRef mem_base(Canon *c, LLVMValueRef mem)
{
    return cg_load_field(&c->f, c->m->t_memory, mem, 0, CG_TBAA_MEMORY);
}

static LLVMValueRef mem_size(Canon *c, LLVMValueRef mem)
{
    return cg_load_field(&c->f, c->m->t_memory, mem, 1, CG_TBAA_MEMORY);
}

LLVMValueRef canon_ptr(Canon *c, CanonPlace p)
{
    CgModule *m = c->m;
    LLVMValueRef base = p.mem ? mem_base(c, p.mem) : p.host;
    LLVMValueRef off = LLVMBuildZExt(m->b, p.off, m->t_i64, "");
    return LLVMBuildInBoundsGEP2(m->b, m->t_i8, base, &off, 1, "");
}

static LLVMValueRef load(Canon *c, LLVMTypeRef ty, CanonPlace p)
{
    LLVMValueRef v = LLVMBuildLoad2(c->m->b, ty, canon_ptr(c, p), "");
    LLVMSetAlignment(v, 1);
    if (p.mem)
        cg_set_tbaa(c->m, v, CG_TBAA_LINEAR);
    return v;
}

static void store(Canon *c, LLVMValueRef v, CanonPlace p)
{
    LLVMValueRef s = LLVMBuildStore(c->m->b, v, canon_ptr(c, p));
    LLVMSetAlignment(s, 1);
    if (p.mem)
        cg_set_tbaa(c->m, s, CG_TBAA_LINEAR);
}

void canon_check_range(Canon *c, LLVMValueRef mem, LLVMValueRef ptr,
                       LLVMValueRef len64, uint32_t align)
{
    LLVMBuilderRef b = c->m->b;
    if (align > 1) {
        LLVMValueRef low = LLVMBuildAnd(b, ptr, canon_i32(c, align - 1), "");
        canon_trap_if(c, LLVMBuildICmp(b, LLVMIntNE, low, canon_i32(c, 0), ""),
                      "unaligned pointer");
    }
    LLVMValueRef end = LLVMBuildAdd(
        b, LLVMBuildZExt(b, ptr, c->m->t_i64, ""), len64, "");
    canon_trap_if(c, LLVMBuildICmp(b, LLVMIntUGT, end, mem_size(c, mem), ""),
                  "out of bounds memory access");
}

/* ---- realloc ---- */

LLVMValueRef canon_alloc(Canon *c, CanonSide *side, LLVMValueRef size,
                         uint32_t align)
{
    const PlanCanonOpts *o = side->opts;
    KILN_ASSERT(o->has_realloc && side->mem);
    LLVMValueRef sl[3] = {c->ci, canon_i32(c, o->comp_instance),
                          LLVMConstInt(c->m->t_i1, 0, 0)};
    canon_call_bool(c, "kiln_cm_set_may_leave", sl, 3);
    LLVMValueRef args[5] = {NULL, canon_i32(c, 0), canon_i32(c, 0),
                            canon_i32(c, align), size};
    LLVMValueRef p = canon_call_core(c, &o->realloc,
                                     canon_core_type(c, &o->realloc), args);
    sl[2] = LLVMConstInt(c->m->t_i1, 1, 0);
    canon_call_bool(c, "kiln_cm_set_may_leave", sl, 3);
    canon_check_range(c, side->mem, p,
                      LLVMBuildZExt(c->m->b, size, c->m->t_i64, ""), align);
    return p;
}

/* ---- flat values ---- */

LLVMTypeRef canon_core_type_llvm(Canon *c, AbiCore t)
{
    switch (t) {
    case ABI_I32: return c->m->t_i32;
    case ABI_I64: return c->m->t_i64;
    case ABI_F32: return c->m->t_f32;
    case ABI_F64: return c->m->t_f64;
    }
    return c->m->t_i32;
}

/* lift_flat_variant's CoerceValueIter: a value of joined type `have`
 * read as `want`. */
LLVMValueRef canon_flat_next(Canon *c, CanonFlat *it, AbiCore want)
{
    KILN_ASSERT(it->i < it->n);
    LLVMBuilderRef b = c->m->b;
    AbiCore have = it->have[it->i];
    LLVMValueRef v = it->v[it->i++];
    if (have == want)
        return v;
    if (have == ABI_I64 && want != ABI_F64)
        v = LLVMBuildTrunc(b, v, c->m->t_i32, "");
    return LLVMBuildBitCast(b, v, canon_core_type_llvm(c, want), "");
}

/* lower_flat_variant: a value of type `have` in a slot of type `slot`. */
static LLVMValueRef coerce_out(Canon *c, LLVMValueRef v, AbiCore have,
                               AbiCore slot)
{
    LLVMBuilderRef b = c->m->b;
    switch (abi_coerce(have, slot)) {
    case ABI_COERCE_NONE: return v;
    case ABI_COERCE_F32_BITS_I32: return LLVMBuildBitCast(b, v, c->m->t_i32, "");
    case ABI_COERCE_I32_ZEXT_I64: return LLVMBuildZExt(b, v, c->m->t_i64, "");
    case ABI_COERCE_F32_BITS_I64:
        return LLVMBuildZExt(b, LLVMBuildBitCast(b, v, c->m->t_i32, ""),
                             c->m->t_i64, "");
    case ABI_COERCE_F64_BITS_I64: return LLVMBuildBitCast(b, v, c->m->t_i64, "");
    }
    return v;
}

/* ---- scalars ---- */

static bool is_handle(WitTypeKind k)
{
    return k == WIT_RESOURCE || k == WIT_BORROW || k == WIT_ERROR_CONTEXT ||
           k == WIT_FUTURE || k == WIT_STREAM;
}

LLVMTypeRef canon_scalar_type(Canon *c, const WitType *t)
{
    CgModule *m = c->m;
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_BOOL: case WIT_S8: case WIT_U8: return m->t_i8;
    case WIT_S16: case WIT_U16: return m->t_i16;
    case WIT_S64: case WIT_U64: return m->t_i64;
    case WIT_F32: return m->t_f32;
    case WIT_F64: return m->t_f64;
    case WIT_ENUM:
        return LLVMIntTypeInContext(m->ctx,
                                    8 * abi_discriminant_size(t->ncases));
    case WIT_FLAGS:
        return LLVMIntTypeInContext(m->ctx, 8 * abi_flags_size(t->ncases));
    default: return m->t_i32;
    }
}

static bool is_signed(WitTypeKind k)
{
    return k == WIT_S8 || k == WIT_S16 || k == WIT_S32 || k == WIT_S64;
}

/* The core type a scalar flattens to. */
static AbiCore scalar_core(const WitType *t)
{
    AbiCore out[1];
    abi_flatten(t, out, 1);
    return out[0];
}

/* Lifting's checks on a scalar in its memory type. */
static LLVMValueRef check_scalar(Canon *c, const WitType *t, LLVMValueRef v)
{
    LLVMBuilderRef b = c->m->b;
    t = wit_type_resolve(t);
    LLVMTypeRef ty = LLVMTypeOf(v);
    switch (t->kind) {
    case WIT_BOOL:
        return LLVMBuildZExt(
            b, LLVMBuildICmp(b, LLVMIntNE, v, LLVMConstInt(ty, 0, 0), ""), ty,
            "");
    case WIT_CHAR: {
        LLVMValueRef big = LLVMBuildICmp(b, LLVMIntUGE, v,
                                         canon_i32(c, 0x110000), "");
        LLVMValueRef sur = LLVMBuildICmp(
            b, LLVMIntULT,
            LLVMBuildSub(b, v, canon_i32(c, 0xd800), ""), canon_i32(c, 0x800),
            "");
        canon_trap_if(c, LLVMBuildOr(b, big, sur, ""), "invalid char");
        return v;
    }
    case WIT_ENUM:
        canon_trap_if(c, LLVMBuildICmp(b, LLVMIntUGE, v,
                                       LLVMConstInt(ty, t->ncases, 0), ""),
                      "invalid variant discriminant");
        return v;
    case WIT_FLAGS: {
        uint64_t mask = t->ncases >= 64 ? ~0ull : (1ull << t->ncases) - 1;
        return LLVMBuildAnd(b, v, LLVMConstInt(ty, mask, 0), "");
    }
    default: return v;
    }
}

LLVMValueRef canon_load_checked(Canon *c, const WitType *t, CanonPlace p)
{
    return check_scalar(c, t, load(c, canon_scalar_type(c, t), p));
}

/* A flat core value as the scalar's memory type (lift_flat). */
static LLVMValueRef from_core(Canon *c, const WitType *t, LLVMValueRef v)
{
    LLVMBuilderRef b = c->m->b;
    LLVMTypeRef ty = canon_scalar_type(c, t);
    if (wit_type_resolve(t)->kind == WIT_BOOL)
        return LLVMBuildZExt(
            b, LLVMBuildICmp(b, LLVMIntNE, v, canon_i32(c, 0), ""), ty, "");
    if (LLVMTypeOf(v) == ty)
        return v;
    return LLVMBuildTrunc(b, v, ty, "");
}

/* A scalar in its memory type as its flat core value (lower_flat). */
static LLVMValueRef to_core(Canon *c, const WitType *t, LLVMValueRef v)
{
    LLVMTypeRef want = canon_core_type_llvm(c, scalar_core(t));
    if (LLVMTypeOf(v) == want)
        return v;
    if (is_signed(wit_type_resolve(t)->kind))
        return LLVMBuildSExt(c->m->b, v, want, "");
    return LLVMBuildZExt(c->m->b, v, want, "");
}

/* ---- store_flat / load_flat ---- */

static size_t flat_count(const WitType *t)
{
    return abi_flatten(t, NULL, 0);
}

static AbiCore *flat_types(Canon *c, const WitType *t, size_t *n)
{
    *n = flat_count(t);
    AbiCore *out = arena_array(c->f.scratch, *n + 1, sizeof *out);
    abi_flatten(t, out, *n);
    return out;
}

/* Checks a discriminant (i32) against the case count. */
static void check_disc(Canon *c, LLVMValueRef d, size_t ncases)
{
    canon_trap_if(c, LLVMBuildICmp(c->m->b, LLVMIntUGE, d,
                                   canon_i32(c, ncases), ""),
                  "invalid variant discriminant");
}

static LLVMTypeRef disc_type(Canon *c, size_t ncases)
{
    return LLVMIntTypeInContext(c->m->ctx, 8 * abi_discriminant_size(ncases));
}

static void store_flat_variant(Canon *c, const WitType *t, CanonFlat *it,
                               CanonPlace dst)
{
    LLVMBuilderRef b = c->m->b;
    size_t ncases = abi_variant_ncases(t), nf;
    AbiCore *ft = flat_types(c, t, &nf);
    LLVMValueRef d = canon_flat_next(c, it, ABI_I32);
    check_disc(c, d, ncases);
    store(c, LLVMBuildTrunc(b, d, disc_type(c, ncases), ""), dst);
    /* the payload slots, read through the outer iterator's coercions */
    LLVMValueRef *slots = arena_array(c->f.scratch, nf, sizeof *slots);
    for (size_t j = 1; j < nf; j++)
        slots[j - 1] = canon_flat_next(c, it, ft[j]);
    LLVMBasicBlockRef join = cg_block(&c->f, "variant.end");
    LLVMValueRef sw = LLVMBuildSwitch(b, d, join, (unsigned)ncases);
    CanonPlace pay = canon_at(c, dst, abi_payload_offset(t));
    for (size_t k = 0; k < ncases; k++) {
        const WitType *p = abi_variant_payload(t, k);
        if (!p)
            continue;
        LLVMBasicBlockRef bb = cg_block(&c->f, "variant.case");
        LLVMAddCase(sw, canon_i32(c, k), bb);
        LLVMPositionBuilderAtEnd(b, bb);
        CanonFlat sub = {slots, ft + 1, nf - 1, 0};
        canon_store_flat(c, p, &sub, pay);
        LLVMBuildBr(b, join);
    }
    LLVMPositionBuilderAtEnd(b, join);
}

void canon_store_flat(Canon *c, const WitType *t, CanonFlat *it,
                      CanonPlace dst)
{
    t = wit_type_resolve(t);
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS: {
        LLVMValueRef v = canon_flat_next(c, it, scalar_core(t));
        store(c, from_core(c, t, v), dst);
        return;
    }
    case ABI_SHAPE_LIST:
        store(c, canon_flat_next(c, it, ABI_I32), dst);
        store(c, canon_flat_next(c, it, ABI_I32), canon_at(c, dst, 4));
        return;
    case ABI_SHAPE_FIXED:
        for (uint32_t k = 0; k < t->length; k++)
            canon_store_flat(c, t->elem, it,
                             canon_at(c, dst, k * abi_size(t->elem)));
        return;
    case ABI_SHAPE_RECORD:
        for (size_t k = 0; k < abi_record_nfields(t); k++)
            canon_store_flat(c, abi_record_field(t, k), it,
                             canon_at(c, dst, abi_field_offset(t, k)));
        return;
    case ABI_SHAPE_VARIANT:
        store_flat_variant(c, t, it, dst);
        return;
    }
}

static size_t load_flat_variant(Canon *c, const WitType *t, CanonPlace src,
                                LLVMValueRef *out)
{
    CgModule *m = c->m;
    LLVMBuilderRef b = m->b;
    size_t ncases = abi_variant_ncases(t), nf;
    AbiCore *ft = flat_types(c, t, &nf);
    LLVMValueRef d =
        LLVMBuildZExt(b, load(c, disc_type(c, ncases), src), m->t_i32, "");
    out[0] = d;
    if (nf == 1)
        return 1;
    CanonPlace pay = canon_at(c, src, abi_payload_offset(t));
    LLVMBasicBlockRef bad = cg_block(&c->f, "variant.bad");
    LLVMBasicBlockRef join = cg_block(&c->f, "variant.end");
    LLVMValueRef sw = LLVMBuildSwitch(b, d, bad, (unsigned)ncases);
    LLVMValueRef *inc = arena_array(c->f.scratch, ncases * nf, sizeof *inc);
    LLVMBasicBlockRef *from = arena_array(c->f.scratch, ncases, sizeof *from);
    for (size_t k = 0; k < ncases; k++) {
        LLVMBasicBlockRef bb = cg_block(&c->f, "variant.case");
        LLVMAddCase(sw, canon_i32(c, k), bb);
        LLVMPositionBuilderAtEnd(b, bb);
        LLVMValueRef *row = inc + k * nf;
        const WitType *p = abi_variant_payload(t, k);
        size_t np = 0;
        AbiCore *pt = NULL;
        if (p) {
            pt = flat_types(c, p, &np);
            canon_load_flat(c, p, pay, row + 1);
        }
        for (size_t j = 1; j < nf; j++)
            row[j] = j - 1 < np ? coerce_out(c, row[j], pt[j - 1], ft[j])
                                : LLVMConstNull(canon_core_type_llvm(c, ft[j]));
        from[k] = LLVMGetInsertBlock(b);
        LLVMBuildBr(b, join);
    }
    LLVMPositionBuilderAtEnd(b, bad);
    canon_trap_if(c, LLVMConstInt(m->t_i1, 1, 0), "invalid variant discriminant");
    LLVMBuildUnreachable(b);
    LLVMPositionBuilderAtEnd(b, join);
    for (size_t j = 1; j < nf; j++) {
        LLVMValueRef phi = LLVMBuildPhi(b, canon_core_type_llvm(c, ft[j]), "");
        for (size_t k = 0; k < ncases; k++)
            LLVMAddIncoming(phi, &inc[k * nf + j], &from[k], 1);
        out[j] = phi;
    }
    return nf;
}

static size_t load_flat(Canon *c, const WitType *t, CanonPlace src,
                        LLVMValueRef *out)
{
    t = wit_type_resolve(t);
    size_t n = 0;
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS:
        out[0] = to_core(c, t, load(c, canon_scalar_type(c, t), src));
        return 1;
    case ABI_SHAPE_LIST:
        out[0] = load(c, c->m->t_i32, src);
        out[1] = load(c, c->m->t_i32, canon_at(c, src, 4));
        return 2;
    case ABI_SHAPE_FIXED:
        for (uint32_t k = 0; k < t->length; k++)
            n += load_flat(c, t->elem, canon_at(c, src, k * abi_size(t->elem)),
                           out + n);
        return n;
    case ABI_SHAPE_RECORD:
        for (size_t k = 0; k < abi_record_nfields(t); k++)
            n += load_flat(c, abi_record_field(t, k),
                           canon_at(c, src, abi_field_offset(t, k)), out + n);
        return n;
    case ABI_SHAPE_VARIANT:
        return load_flat_variant(c, t, src, out);
    }
    return 0;
}

void canon_load_flat(Canon *c, const WitType *t, CanonPlace src,
                     LLVMValueRef *out)
{
    load_flat(c, t, src, out);
}

/* ---- checks of strings and lists ---- */

static LLVMValueRef gt_limit(Canon *c, LLVMValueRef bytes64)
{
    return LLVMBuildICmp(c->m->b, LLVMIntUGT, bytes64,
                         canon_i64(c, CANON_MAX_BYTES), "");
}

/* Checks one encoding's range and contents: `units` code units of
 * `unit` bytes each. */
static void check_encoded(Canon *c, LLVMValueRef mem, LLVMValueRef ptr,
                          LLVMValueRef units, unsigned unit, uint32_t align,
                          const char *validator)
{
    CgModule *m = c->m;
    LLVMValueRef bytes = LLVMBuildMul(
        m->b, LLVMBuildZExt(m->b, units, m->t_i64, ""), canon_i64(c, unit), "");
    canon_trap_if(c, gt_limit(c, bytes), "string too long");
    canon_check_range(c, mem, ptr, bytes, align);
    if (validator) {
        LLVMValueRef args[2] = {canon_ptr(c, canon_guest(mem, ptr)), units};
        canon_call(c, validator, m->t_void, args, 2);
    }
}

void canon_check_string(Canon *c, CanonSide *from, LLVMValueRef ptr,
                        LLVMValueRef units)
{
    CgModule *m = c->m;
    LLVMBuilderRef b = m->b;
    switch (from->opts->encoding) {
    case CMP_UTF8:
        check_encoded(c, from->mem, ptr, units, 1, 1, "kiln_cm_check_utf8");
        return;
    case CMP_UTF16:
        check_encoded(c, from->mem, ptr, units, 2, 2, "kiln_cm_check_utf16");
        return;
    case CMP_LATIN1_UTF16: {
        LLVMValueRef tag = LLVMBuildAnd(b, units, canon_i32(c, CANON_UTF16_TAG), "");
        LLVMValueRef is16 = LLVMBuildICmp(b, LLVMIntNE, tag, canon_i32(c, 0), "");
        LLVMBasicBlockRef u16 = cg_block(&c->f, "str.utf16");
        LLVMBasicBlockRef l1 = cg_block(&c->f, "str.latin1");
        LLVMBasicBlockRef end = cg_block(&c->f, "str.end");
        LLVMBuildCondBr(b, is16, u16, l1);
        LLVMPositionBuilderAtEnd(b, u16);
        LLVMValueRef n16 = LLVMBuildXor(b, units, canon_i32(c, CANON_UTF16_TAG), "");
        check_encoded(c, from->mem, ptr, n16, 2, 2, "kiln_cm_check_utf16");
        LLVMBuildBr(b, end);
        LLVMPositionBuilderAtEnd(b, l1);
        check_encoded(c, from->mem, ptr, units, 1, 2, NULL);
        LLVMBuildBr(b, end);
        LLVMPositionBuilderAtEnd(b, end);
        return;
    }
    }
}

void canon_check_list(Canon *c, LLVMValueRef mem, const WitType *elem,
                      LLVMValueRef ptr, LLVMValueRef n)
{
    CgModule *m = c->m;
    LLVMValueRef bytes =
        LLVMBuildMul(m->b, LLVMBuildZExt(m->b, n, m->t_i64, ""),
                     canon_i64(c, abi_size(elem)), "");
    canon_trap_if(c, gt_limit(c, bytes), "list too long");
    canon_check_range(c, mem, ptr, bytes, abi_align(elem));
}

/* ---- copies between sides ---- */

/* True when a value of t is the same bytes on both sides with no check
 * to make (lists of such elements are copied with memcpy). */
static bool is_plain(const WitType *t)
{
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_S8: case WIT_U8: case WIT_S16: case WIT_U16: case WIT_S32:
    case WIT_U32: case WIT_S64: case WIT_U64: case WIT_F32: case WIT_F64:
        return true;
    case WIT_LIST:
        return t->length && is_plain(t->elem);
    case WIT_TUPLE:
    case WIT_RECORD:
        for (size_t k = 0; k < abi_record_nfields(t); k++)
            if (!is_plain(abi_record_field(t, k)))
                return false;
        return true;
    default:
        return false;
    }
}

/* The plan resource of a handle type: as the lowering or the lifting
 * component instance sees it (the function type is one of theirs). */
uint32_t canon_resource_index(Canon *c, const WitType *res, uint32_t inst_a,
                              uint32_t inst_b)
{
    int32_t r = plan_resource_of(c->plan, inst_a, res);
    if (r < 0)
        r = plan_resource_of(c->plan, inst_b, res);
    if (r >= 0)
        return (uint32_t)r;
    res = wit_type_resolve(res);
    if (res->kind == WIT_BORROW)
        res = wit_type_resolve(res->elem);
    const Plan *p = c->plan;
    for (uint32_t i = 0; i < p->nresources; i++)
        for (const CmpType *rt = p->resources[i].type; rt; rt = rt->origin)
            if (rt->val == res)
                return i;
    return UINT32_MAX;
}

/* A KilnCanonCx for a side on the stack (kiln_cm.h, fields in order). */
static LLVMValueRef side_cx(Canon *c, CanonSide *s)
{
    CgModule *m = c->m;
    LLVMTypeRef fs[6] = {m->t_ptr, m->t_i32, m->t_i32,
                         m->t_ptr, m->t_i32, m->t_i32};
    LLVMTypeRef st = LLVMStructTypeInContext(m->ctx, fs, 6, 0);
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(m->b);
    LLVMPositionBuilderBefore(m->b, c->f.entry_br);
    LLVMValueRef cx = LLVMBuildAlloca(m->b, st, "canon.cx");
    LLVMPositionBuilderAtEnd(m->b, cur);
    const PlanCanonOpts *o = s->opts;
    LLVMValueRef v[6] = {
        c->ci,
        canon_i32(c, o->comp_instance),
        canon_i32(c, o->encoding),
        s->mem ? s->mem : LLVMConstPointerNull(m->t_ptr),
        canon_i32(c, o->has_realloc ? o->realloc.instance : KILN_NO_INDEX),
        canon_i32(c, o->has_realloc ? o->realloc.export_index : KILN_NO_INDEX),
    };
    for (unsigned i = 0; i < 6; i++)
        LLVMBuildStore(m->b, v[i], LLVMBuildStructGEP2(m->b, st, cx, i, ""));
    return cx;
}

LLVMValueRef canon_side_cx(Canon *c, CanonSide *s)
{
    return side_cx(c, s);
}

static void copy_handle(Canon *c, const WitType *t, CanonSide *from,
                        CanonPlace src, CanonSide *to, CanonPlace dst)
{
    LLVMValueRef h = load(c, c->m->t_i32, src);
    bool borrow = t->kind == WIT_BORROW;
    if (from->host || to->host || (t->kind != WIT_RESOURCE && !borrow)) {
        /* host calls take the guest's handle index (kiln_cx_*) */
        store(c, h, dst);
        return;
    }
    uint32_t res = canon_resource_index(c, t, from->opts->comp_instance,
                                        to->opts->comp_instance);
    if (res == UINT32_MAX) {
        canon_trap_if(c, LLVMConstInt(c->m->t_i1, 1, 0),
                      "handle of an unknown resource type");
        store(c, h, dst);
        return;
    }
    LLVMValueRef a[4] = {c->ci, canon_i32(c, from->opts->comp_instance),
                         canon_i32(c, res), h};
    LLVMValueRef rep = canon_call(
        c, borrow ? "kiln_cm_lift_borrow" : "kiln_cm_lift_own", c->m->t_i32,
        a, 4);
    a[1] = canon_i32(c, to->opts->comp_instance);
    a[3] = rep;
    store(c, canon_call(c, borrow ? "kiln_cm_lower_borrow" : "kiln_cm_lower_own",
                        c->m->t_i32, a, 4),
          dst);
}

static void copy_string(Canon *c, CanonSide *from, CanonPlace src,
                        CanonSide *to, CanonPlace dst)
{
    CgModule *m = c->m;
    LLVMValueRef ptr = load(c, m->t_i32, src);
    LLVMValueRef len = load(c, m->t_i32, canon_at(c, src, 4));
    canon_check_string(c, from, ptr, len);
    if (to->host) {
        store(c, ptr, dst);
        store(c, len, canon_at(c, dst, 4));
        return;
    }
    CanonPlace out = canon_temp(c, 8, 4);
    LLVMValueRef a[6] = {side_cx(c, from), ptr, len, side_cx(c, to),
                         canon_ptr(c, out), canon_ptr(c, canon_at(c, out, 4))};
    canon_call(c, "kiln_cm_transcode", m->t_void, a, 6);
    store(c, load(c, m->t_i32, out), dst);
    store(c, load(c, m->t_i32, canon_at(c, out, 4)), canon_at(c, dst, 4));
}

static void copy_list(Canon *c, const WitType *elem, CanonSide *from,
                      CanonPlace src, CanonSide *to, CanonPlace dst)
{
    CgModule *m = c->m;
    LLVMBuilderRef b = m->b;
    LLVMValueRef ptr = load(c, m->t_i32, src);
    LLVMValueRef n = load(c, m->t_i32, canon_at(c, src, 4));
    canon_check_list(c, from->mem, elem, ptr, n);
    if (to->host) {
        store(c, ptr, dst);
        store(c, n, canon_at(c, dst, 4));
        return;
    }
    uint32_t esize = abi_size(elem);
    LLVMValueRef bytes = LLVMBuildMul(b, n, canon_i32(c, esize), "");
    LLVMValueRef out = canon_alloc(c, to, bytes, abi_align(elem));
    if (is_plain(elem)) {
        LLVMValueRef d = canon_ptr(c, canon_guest(to->mem, out));
        LLVMValueRef s = canon_ptr(c, canon_guest(from->mem, ptr));
        LLVMBuildMemCpy(b, d, 1, s, 1, LLVMBuildZExt(b, bytes, m->t_i64, ""));
    } else {
        /* for (i = 0; i != n; i++) copy element i */
        LLVMBasicBlockRef pre = LLVMGetInsertBlock(b);
        LLVMBasicBlockRef head = cg_block(&c->f, "list.head");
        LLVMBasicBlockRef body = cg_block(&c->f, "list.body");
        LLVMBasicBlockRef done = cg_block(&c->f, "list.done");
        LLVMBuildBr(b, head);
        LLVMPositionBuilderAtEnd(b, head);
        LLVMValueRef i = LLVMBuildPhi(b, m->t_i32, "i");
        LLVMValueRef zero = canon_i32(c, 0);
        LLVMAddIncoming(i, &zero, &pre, 1);
        LLVMBuildCondBr(b, LLVMBuildICmp(b, LLVMIntEQ, i, n, ""), done, body);
        LLVMPositionBuilderAtEnd(b, body);
        LLVMValueRef off = LLVMBuildMul(b, i, canon_i32(c, esize), "");
        canon_copy(c, elem, from,
                   canon_guest(from->mem, LLVMBuildAdd(b, ptr, off, "")), to,
                   canon_guest(to->mem, LLVMBuildAdd(b, out, off, "")));
        LLVMValueRef next = LLVMBuildAdd(b, i, canon_i32(c, 1), "");
        LLVMBasicBlockRef last = LLVMGetInsertBlock(b);
        LLVMAddIncoming(i, &next, &last, 1);
        LLVMBuildBr(b, head);
        LLVMPositionBuilderAtEnd(b, done);
    }
    store(c, out, dst);
    store(c, n, canon_at(c, dst, 4));
}

static void copy_variant(Canon *c, const WitType *t, CanonSide *from,
                         CanonPlace src, CanonSide *to, CanonPlace dst)
{
    LLVMBuilderRef b = c->m->b;
    size_t ncases = abi_variant_ncases(t);
    LLVMTypeRef dt = disc_type(c, ncases);
    LLVMValueRef d = LLVMBuildZExt(b, load(c, dt, src), c->m->t_i32, "");
    check_disc(c, d, ncases);
    store(c, LLVMBuildTrunc(b, d, dt, ""), dst);
    uint32_t po = abi_payload_offset(t);
    LLVMBasicBlockRef join = cg_block(&c->f, "variant.end");
    LLVMValueRef sw = LLVMBuildSwitch(b, d, join, (unsigned)ncases);
    for (size_t k = 0; k < ncases; k++) {
        const WitType *p = abi_variant_payload(t, k);
        if (!p)
            continue;
        LLVMBasicBlockRef bb = cg_block(&c->f, "variant.case");
        LLVMAddCase(sw, canon_i32(c, k), bb);
        LLVMPositionBuilderAtEnd(b, bb);
        canon_copy(c, p, from, canon_at(c, src, po), to, canon_at(c, dst, po));
        LLVMBuildBr(b, join);
    }
    LLVMPositionBuilderAtEnd(b, join);
}

void canon_copy(Canon *c, const WitType *t, CanonSide *from, CanonPlace src,
                CanonSide *to, CanonPlace dst)
{
    t = wit_type_resolve(t);
    if (is_handle(t->kind)) {
        copy_handle(c, t, from, src, to, dst);
        return;
    }
    switch (abi_shape(t)) {
    case ABI_SHAPE_SCALAR:
    case ABI_SHAPE_FLAGS:
        store(c, canon_load_checked(c, t, src), dst);
        return;
    case ABI_SHAPE_LIST:
        if (t->kind == WIT_STRING) {
            copy_string(c, from, src, to, dst);
        } else if (t->kind == WIT_MAP) {
            WitType *kv[2] = {t->key, t->elem};
            WitType tuple = {.kind = WIT_TUPLE, .elems = kv, .nelems = 2};
            copy_list(c, &tuple, from, src, to, dst);
        } else {
            copy_list(c, t->elem, from, src, to, dst);
        }
        return;
    case ABI_SHAPE_FIXED:
        for (uint32_t k = 0; k < t->length; k++) {
            uint32_t o = k * abi_size(t->elem);
            canon_copy(c, t->elem, from, canon_at(c, src, o), to,
                       canon_at(c, dst, o));
        }
        return;
    case ABI_SHAPE_RECORD:
        for (size_t k = 0; k < abi_record_nfields(t); k++) {
            uint32_t o = abi_field_offset(t, k);
            canon_copy(c, abi_record_field(t, k), from, canon_at(c, src, o), to,
                       canon_at(c, dst, o));
        }
        return;
    case ABI_SHAPE_VARIANT:
        copy_variant(c, t, from, src, to, dst);
        return;
    }
}
