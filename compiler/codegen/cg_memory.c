/* Memory instructions (spec 4.4.7): loads, stores, memory.size and
 * memory.grow, plus the effective-address helper shared with simd.c.
 *
 * GUARD mode, 32-bit memory: base + zext(index) + offset with no check;
 * the runtime reserves 8 GiB + a page so every such address lands in the
 * reservation, and the base never moves (hoisted invariant load).
 * EXPLICIT mode and every memory64 access: trap unless
 * index + offset + width <= size, computed without overflow.
 * Alignment hints are ignored: every access has alignment 1.
 *
 * No-wrap facts: the runtime caps 32-bit memories at 65535 pages, so an
 * index that an access used without trapping is below 2^32 - 65536 and
 * adding a constant under 65536 to it cannot wrap (i32.add gets `nuw`,
 * which lets LLVM see zext(v + c) == zext(v) + c in address sums).
 */
#include "codegen/cg.h"

bool cg_mem_is64(CgModule *m, uint32_t memidx)
{
    return m->wm->memories[memidx].limits.is64;
}

/* Whether accesses to memidx need no explicit check. */
static bool guarded(CgModule *m, uint32_t memidx)
{
    return m->opts->bounds == CG_BOUNDS_GUARD && !cg_mem_is64(m, memidx) &&
           LLVMPointerSize(m->td) == 8;
}

LLVMValueRef cg_mem_base(CgFunc *f, uint32_t memidx)
{
    CgModule *m = f->m;
    if (!guarded(m, memidx))
        return cg_load_field(f, m->t_memory, cg_memory_ptr(f, memidx), 0,
                             CG_TBAA_MEMORY);
    if (f->mem_bases[memidx])
        return f->mem_bases[memidx];
    if (memidx == 0) { /* vm->mem0_base: one load, not three */
        LLVMValueRef base = cg_vm_field(f, CG_VM_MEM0_BASE);
        cg_streams_tag_base(m, base);
        return f->mem_bases[0] = base;
    }
    LLVMValueRef mem = cg_memory_ptr(f, memidx);
    /* the base never moves: load it once, in the entry block */
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
    LLVMPositionBuilderBefore(f->b, f->entry_br);
    LLVMValueRef base = cg_load_field(f, m->t_memory, mem, 0, CG_TBAA_MEMORY);
    cg_set_invariant(m, base);
    cg_streams_tag_base(m, base);
    LLVMPositionBuilderAtEnd(f->b, cur);
    return f->mem_bases[memidx] = base;
}

LLVMValueRef cg_mem_size(CgFunc *f, uint32_t memidx)
{
    return cg_load_field(f, f->m->t_memory, cg_memory_ptr(f, memidx), 1,
                         CG_TBAA_MEMORY);
}

static LLVMValueRef to_i64(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == f->m->t_i64)
        return v;
    return LLVMBuildZExt(f->b, v, f->m->t_i64, "");
}

/* oob = size < ow || idx > size - ow, with ow = offset + width (a
 * constant; when it overflows u64 every access traps). */
static void check(CgFunc *f, uint32_t memidx, LLVMValueRef idx, uint64_t off,
                  unsigned width)
{
    CgModule *m = f->m;
    uint64_t ow = off + width;
    if (ow < off) {
        cg_trap_if(f, LLVMConstInt(m->t_i1, 1, 0), KILN_TRAP_MEMORY_OOB);
        return;
    }
    LLVMValueRef size = cg_mem_size(f, memidx);
    LLVMValueRef owv = LLVMConstInt(m->t_i64, ow, 0);
    LLVMValueRef small = LLVMBuildICmp(f->b, LLVMIntULT, size, owv, "");
    LLVMValueRef lim = LLVMBuildSub(f->b, size, owv, "");
    LLVMValueRef past = LLVMBuildICmp(f->b, LLVMIntUGT, idx, lim, "");
    cg_trap_if(f, LLVMBuildOr(f->b, small, past, ""), KILN_TRAP_MEMORY_OOB);
}

/* Facts hold only in the block that made them: a new block starts a new
 * generation (locals) and an empty address set. */
static void facts_sync(CgFunc *f)
{
    LLVMBasicBlockRef bb = LLVMGetInsertBlock(f->b);
    if (bb == f->fact_bb)
        return;
    f->fact_bb = bb;
    f->fact_gen++;
    f->nvalid = 0;
}

uint32_t cg_facts_gen(CgFunc *f)
{
    facts_sync(f);
    return f->fact_gen;
}

void cg_facts_follow(CgFunc *f, LLVMBasicBlockRef from, LLVMBasicBlockRef to)
{
    if (f->fact_bb == from)
        f->fact_bb = to;
}

static void addr_validated(CgFunc *f, LLVMValueRef v)
{
    facts_sync(f);
    if (cg_addr_nowrap(f, v))
        return;
    f->valid_addrs[f->nvalid++ % CG_VALID_ADDRS] = v;
}

bool cg_addr_nowrap(CgFunc *f, LLVMValueRef v)
{
    facts_sync(f);
    unsigned n = f->nvalid < CG_VALID_ADDRS ? f->nvalid : CG_VALID_ADDRS;
    for (unsigned i = 0; i < n; i++)
        if (f->valid_addrs[i] == v)
            return true;
    return false;
}

LLVMValueRef cg_addr_anchor(CgFunc *f, LLVMValueRef x, uint64_t c,
                            uint64_t *delta)
{
    facts_sync(f);
    unsigned n = f->nvalid < CG_VALID_ADDRS ? f->nvalid : CG_VALID_ADDRS;
    for (unsigned i = 0; i < n; i++) {
        LLVMValueRef v = f->valid_addrs[i];
        if (!LLVMIsAInstruction(v) || LLVMGetInstructionOpcode(v) != LLVMAdd ||
            LLVMGetOperand(v, 0) != x ||
            !LLVMIsAConstantInt(LLVMGetOperand(v, 1)))
            continue;
        uint64_t c0 = LLVMConstIntGetZExtValue(LLVMGetOperand(v, 1));
        if (c0 <= c && c - c0 < 65536) {
            *delta = c - c0;
            return v;
        }
    }
    return NULL;
}

LLVMValueRef cg_local_known(CgFunc *f, uint32_t i)
{
    facts_sync(f);
    if (!f->local_gen || f->local_gen[i] != f->fact_gen)
        return NULL;
    return f->local_vals[i];
}

void cg_local_remember(CgFunc *f, uint32_t i, LLVMValueRef v)
{
    facts_sync(f);
    if (!f->local_gen)
        return;
    f->local_vals[i] = v;
    f->local_gen[i] = f->fact_gen;
}

/* The i64 index of an access: zext(x +nuw c) is emitted as zext(x) + c,
 * the same value, whose SCEV keeps the constant distance to accesses at
 * x (LLVM folds neither form into the other). */
static LLVMValueRef index_i64(CgFunc *f, LLVMValueRef v)
{
    LLVMValueRef w = cg_sums_wide(f, v);
    if (w)
        return w;
    if (!LLVMIsAInstruction(v) || LLVMGetInstructionOpcode(v) != LLVMAdd ||
        !LLVMGetNUW(v) || LLVMTypeOf(v) != f->m->t_i32)
        return to_i64(f, v);
    LLVMValueRef x = LLVMGetOperand(v, 0), c = LLVMGetOperand(v, 1);
    if (LLVMIsAConstantInt(x)) {
        LLVMValueRef t = x;
        x = c, c = t;
    }
    if (!LLVMIsAConstantInt(c))
        return to_i64(f, v);
    LLVMValueRef wx = cg_sums_wide(f, x);
    LLVMValueRef r = LLVMBuildAdd(f->b, wx ? wx : to_i64(f, x),
                                  to_i64(f, c), "");
    LLVMSetNUW(r, 1);
    LLVMSetNSW(r, 1);
    return r;
}

LLVMValueRef cg_mem_addr(CgFunc *f, const WasmMemArg *ma, LLVMValueRef index,
                         unsigned width)
{
    CgModule *m = f->m;
    LLVMValueRef idx = index_i64(f, index);
    if (!guarded(m, ma->memidx))
        check(f, ma->memidx, idx, ma->offset, width);
    LLVMValueRef base = cg_mem_base(f, ma->memidx);
    LLVMValueRef ea = idx;
    if (ma->offset) {
        ea = LLVMBuildAdd(f->b, idx, LLVMConstInt(m->t_i64, ma->offset, 0), "");
        if (guarded(m, ma->memidx)) /* < 2^33: cannot wrap */
            LLVMSetNUW(ea, 1);
    }
    if (m->t_intptr != m->t_i64)
        ea = LLVMBuildTrunc(f->b, ea, m->t_intptr, "");
    LLVMValueRef p = LLVMBuildInBoundsGEP2(f->b, m->t_i8, base, &ea, 1, "");
    /* after the check's branch: the access is next in this block */
    if (!cg_mem_is64(m, ma->memidx))
        addr_validated(f, index);
    return p;
}

void cg_mem_check_range(CgFunc *f, uint32_t memidx, LLVMValueRef addr,
                        LLVMValueRef len)
{
    CgModule *m = f->m;
    LLVMValueRef a = LLVMBuildZExt(f->b, to_i64(f, addr), m->t_i128, "");
    LLVMValueRef l = LLVMBuildZExt(f->b, to_i64(f, len), m->t_i128, "");
    LLVMValueRef size =
        LLVMBuildZExt(f->b, cg_mem_size(f, memidx), m->t_i128, "");
    LLVMValueRef end = LLVMBuildAdd(f->b, a, l, "");
    cg_trap_if(f, LLVMBuildICmp(f->b, LLVMIntUGT, end, size, ""),
               KILN_TRAP_MEMORY_OOB);
}

LLVMValueRef cg_mem_load(CgFunc *f, LLVMTypeRef ty, LLVMValueRef ptr)
{
    LLVMValueRef v = LLVMBuildLoad2(f->b, ty, ptr, "");
    LLVMSetAlignment(v, 1);
    cg_set_tbaa(f->m, v, CG_TBAA_LINEAR);
    return v;
}

LLVMValueRef cg_mem_store(CgFunc *f, LLVMValueRef val, LLVMValueRef ptr)
{
    LLVMValueRef s = LLVMBuildStore(f->b, val, ptr);
    LLVMSetAlignment(s, 1);
    cg_set_tbaa(f->m, s, CG_TBAA_LINEAR);
    return s;
}

/* A load: `mem` is the accessed type, `res` the pushed type. */
static void load(CgFunc *f, const WasmInstr *in, LLVMTypeRef mem,
                 LLVMTypeRef res, bool sign)
{
    unsigned width = (unsigned)LLVMABISizeOfType(f->m->td, mem);
    LLVMValueRef p = cg_mem_addr(f, &in->u.mem, cg_pop(f), width);
    LLVMValueRef v = cg_mem_load(f, mem, p);
    if (mem != res)
        v = sign ? LLVMBuildSExt(f->b, v, res, "")
                 : LLVMBuildZExt(f->b, v, res, "");
    cg_push(f, v);
}

static void store(CgFunc *f, const WasmInstr *in, LLVMTypeRef mem)
{
    LLVMValueRef v = cg_pop(f);
    unsigned width = (unsigned)LLVMABISizeOfType(f->m->td, mem);
    LLVMValueRef p = cg_mem_addr(f, &in->u.mem, cg_pop(f), width);
    if (LLVMTypeOf(v) != mem)
        v = LLVMBuildTrunc(f->b, v, mem, "");
    cg_mem_store(f, v, p);
}

static void memory_size(CgFunc *f, uint32_t memidx)
{
    CgModule *m = f->m;
    LLVMValueRef pages = LLVMBuildLShr(f->b, cg_mem_size(f, memidx),
                                       LLVMConstInt(m->t_i64, 16, 0), "");
    if (!cg_mem_is64(m, memidx))
        pages = LLVMBuildTrunc(f->b, pages, m->t_i32, "");
    cg_push(f, pages);
}

static void memory_grow(CgFunc *f, uint32_t memidx)
{
    CgModule *m = f->m;
    LLVMValueRef delta = to_i64(f, cg_pop(f));
    LLVMValueRef args[2] = {cg_memory_ptr(f, memidx), delta};
    LLVMValueRef r = cg_call_c(f, "kiln_rt_memory_grow", m->t_i64, args, 2);
    if (!cg_mem_is64(m, memidx))
        r = LLVMBuildTrunc(f->b, r, m->t_i32, "");
    cg_push(f, r);
}

CgResult cg_emit_memory(CgFunc *f, const WasmInstr *in)
{
    CgModule *m = f->m;
    LLVMTypeRef i8 = m->t_i8, i16 = m->t_i16, i32 = m->t_i32, i64 = m->t_i64;
    switch (in->op) {
    case WASM_OP_I32_LOAD: load(f, in, i32, i32, false); break;
    case WASM_OP_I64_LOAD: load(f, in, i64, i64, false); break;
    case WASM_OP_F32_LOAD: load(f, in, m->t_f32, m->t_f32, false); break;
    case WASM_OP_F64_LOAD: load(f, in, m->t_f64, m->t_f64, false); break;
    case WASM_OP_I32_LOAD8_S: load(f, in, i8, i32, true); break;
    case WASM_OP_I32_LOAD8_U: load(f, in, i8, i32, false); break;
    case WASM_OP_I32_LOAD16_S: load(f, in, i16, i32, true); break;
    case WASM_OP_I32_LOAD16_U: load(f, in, i16, i32, false); break;
    case WASM_OP_I64_LOAD8_S: load(f, in, i8, i64, true); break;
    case WASM_OP_I64_LOAD8_U: load(f, in, i8, i64, false); break;
    case WASM_OP_I64_LOAD16_S: load(f, in, i16, i64, true); break;
    case WASM_OP_I64_LOAD16_U: load(f, in, i16, i64, false); break;
    case WASM_OP_I64_LOAD32_S: load(f, in, i32, i64, true); break;
    case WASM_OP_I64_LOAD32_U: load(f, in, i32, i64, false); break;
    case WASM_OP_I32_STORE: store(f, in, i32); break;
    case WASM_OP_I64_STORE: store(f, in, i64); break;
    case WASM_OP_F32_STORE: store(f, in, m->t_f32); break;
    case WASM_OP_F64_STORE: store(f, in, m->t_f64); break;
    case WASM_OP_I32_STORE8:
    case WASM_OP_I64_STORE8: store(f, in, i8); break;
    case WASM_OP_I32_STORE16:
    case WASM_OP_I64_STORE16: store(f, in, i16); break;
    case WASM_OP_I64_STORE32: store(f, in, i32); break;
    case WASM_OP_MEMORY_SIZE: memory_size(f, in->u.idx.a); break;
    case WASM_OP_MEMORY_GROW: memory_grow(f, in->u.idx.a); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
