/* Loop address sums (-O2).
 *
 * clang's wasm walks an array as `base + j`: two i32 locals added for each
 * access, one of them stepped by a constant (`j = j + 16`).  The access
 * uses zext(base + j), and since the i32 sum may wrap, LLVM keeps it as an
 * i32 recomputed and zero-extended every iteration: an index register and
 * an `lea` per array where native code steps one 64-bit pointer.
 *
 * A loop that adds two i32 locals x and i, one of which it steps by a
 * constant 0 < c < 65536, gets an i64 shadow w of the pair, set to
 * zext(x + i) on entry and kept equal to it at every write of x or i
 * inside the loop:
 *  - a step `i = i + c` adds c to w when this block already accessed
 *    memory at the sum x + i: that index is below 2^32 - 65536 (the
 *    32-bit memory cap, cg_memory.c), so the new sum does not wrap;
 *  - any other write recomputes w = zext(x + i) from the new value.
 * An access at the sum then uses w as its 64-bit index, an affine
 * recurrence SCEV follows; the i32 sum stays for every other use.
 * KILN_NO_SUMS=1 turns the shadows off (A/B runs).
 */
#include "codegen/cg.h"

#include <stdlib.h>

static bool is_op(const WasmInstr *in, WasmOp op)
{
    return in->op == op;
}

/* `local.get i; i32.const c; i32.add; local.set/tee i`, 0 < c < 65536,
 * starting at code[k]. */
static bool is_step(const WasmInstr *c, uint32_t k, uint32_t end,
                    uint32_t *local)
{
    if (k + 3 >= end || !is_op(&c[k], WASM_OP_LOCAL_GET) ||
        !is_op(&c[k + 1], WASM_OP_I32_CONST) ||
        !is_op(&c[k + 2], WASM_OP_I32_ADD) ||
        (!is_op(&c[k + 3], WASM_OP_LOCAL_SET) &&
         !is_op(&c[k + 3], WASM_OP_LOCAL_TEE)) ||
        c[k + 3].u.idx.a != c[k].u.idx.a)
        return false;
    uint32_t s = (uint32_t)c[k + 1].u.i32;
    if (s == 0 || s >= 65536)
        return false;
    *local = c[k].u.idx.a;
    return true;
}

static bool active(const CgFunc *f, uint32_t a, uint32_t b)
{
    for (unsigned k = 0; k < f->nsums; k++)
        if ((f->sums[k].x == a && f->sums[k].i == b) ||
            (f->sums[k].x == b && f->sums[k].i == a))
            return true;
    return false;
}

static LLVMValueRef local_value(CgFunc *f, uint32_t i)
{
    LLVMValueRef v = cg_local_known(f, i);
    return v ? v : LLVMBuildLoad2(f->b, f->m->t_i32, f->locals[i], "");
}

static void store_sum(CgFunc *f, const CgSum *s, LLVMValueRef x,
                      LLVMValueRef i)
{
    LLVMValueRef sum = LLVMBuildAdd(f->b, x, i, "");
    LLVMBuildStore(f->b, LLVMBuildZExt(f->b, sum, f->m->t_i64, ""), s->w);
}

void cg_sums_enter_loop(CgFunc *f, CgFrame *fr, uint32_t start, uint32_t end)
{
    fr->sums_base = f->nsums;
    if (f->m->opts->opt_level < 2 || !f->m->wm->nmemories ||
        getenv("KILN_NO_SUMS"))
        return;
    const WasmInstr *c = f->wf->code;
    /* the locals this loop steps (a short list: loops step few) */
    uint32_t stepped[8];
    unsigned nstepped = 0;
    for (uint32_t k = start + 1; k < end && nstepped < 8; k++) {
        uint32_t l;
        if (is_step(c, k, end, &l) && f->local_types[l] == f->m->t_i32)
            stepped[nstepped++] = l;
    }
    if (!nstepped)
        return;
    for (uint32_t k = start + 1; k + 2 < end && f->nsums < CG_MAX_SUMS; k++) {
        if (!is_op(&c[k], WASM_OP_LOCAL_GET) ||
            !is_op(&c[k + 1], WASM_OP_LOCAL_GET) ||
            !is_op(&c[k + 2], WASM_OP_I32_ADD))
            continue;
        uint32_t a = c[k].u.idx.a, b = c[k + 1].u.idx.a;
        if (a == b || f->local_types[a] != f->m->t_i32 ||
            f->local_types[b] != f->m->t_i32 || active(f, a, b))
            continue;
        bool walks = false;
        for (unsigned s = 0; s < nstepped; s++)
            walks |= stepped[s] == a || stepped[s] == b;
        if (!walks)
            continue;
        CgSum *s = &f->sums[f->nsums++];
        *s = (CgSum){.x = a, .i = b};
        LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
        LLVMPositionBuilderBefore(f->b, f->entry_br);
        s->w = LLVMBuildAlloca(f->b, f->m->t_i64, "sum.w");
        LLVMPositionBuilderAtEnd(f->b, cur);
        store_sum(f, s, local_value(f, a), local_value(f, b));
    }
}

void cg_sums_leave_loop(CgFunc *f, const CgFrame *fr)
{
    f->nsums = fr->sums_base;
}

/* The sum this block last made of s (NULL: none since x or i changed). */
static LLVMValueRef block_sum(CgFunc *f, const CgSum *s)
{
    return s->sum && s->sum_gen == cg_facts_gen(f) ? s->sum : NULL;
}

void cg_sums_local_written(CgFunc *f, uint32_t l, LLVMValueRef v)
{
    for (unsigned k = 0; k < f->nsums; k++) {
        CgSum *s = &f->sums[k];
        if (s->x != l && s->i != l)
            continue;
        uint32_t other = s->x == l ? s->i : s->x;
        LLVMValueRef sum = block_sum(f, s), old = cg_local_known(f, l);
        s->sum = NULL;
        if (LLVMTypeOf(v) != f->m->t_i32)
            continue; /* not a value of the local: cannot happen */
        /* v == old + c, and old + other was accessed here: w += c */
        if (sum && old && cg_addr_nowrap(f, sum) && LLVMIsAInstruction(v) &&
            LLVMGetInstructionOpcode(v) == LLVMAdd &&
            LLVMGetOperand(v, 0) == old &&
            LLVMIsAConstantInt(LLVMGetOperand(v, 1)) &&
            LLVMConstIntGetZExtValue(LLVMGetOperand(v, 1)) < 65536) {
            LLVMValueRef w = LLVMBuildLoad2(f->b, f->m->t_i64, s->w, "");
            LLVMValueRef step = LLVMBuildZExt(f->b, LLVMGetOperand(v, 1),
                                              f->m->t_i64, "");
            w = LLVMBuildAdd(f->b, w, step, "sum.step");
            LLVMSetNUW(w, 1);
            LLVMSetNSW(w, 1);
            LLVMBuildStore(f->b, w, s->w);
        } else {
            store_sum(f, s, v, local_value(f, other));
        }
    }
}

void cg_sums_add(CgFunc *f, LLVMValueRef a, LLVMValueRef b, LLVMValueRef r)
{
    uint32_t gen = cg_facts_gen(f);
    for (unsigned k = 0; k < f->nsums; k++) {
        CgSum *s = &f->sums[k];
        LLVMValueRef x = cg_local_known(f, s->x), i = cg_local_known(f, s->i);
        if (!x || !i || !((a == x && b == i) || (a == i && b == x)))
            continue;
        s->sum = r;
        s->sum_gen = gen;
        if (f->wide_gen != gen)
            f->wide_gen = gen, f->nwide = 0;
        unsigned slot = f->nwide++ % CG_WIDE_SUMS;
        f->wide_sum[slot] = r;
        f->wide_val[slot] = LLVMBuildLoad2(f->b, f->m->t_i64, s->w, "sum");
        return;
    }
}

LLVMValueRef cg_sums_wide(CgFunc *f, LLVMValueRef v)
{
    if (!f->nwide || f->wide_gen != cg_facts_gen(f))
        return NULL;
    unsigned n = f->nwide < CG_WIDE_SUMS ? f->nwide : CG_WIDE_SUMS;
    for (unsigned k = 0; k < n; k++)
        if (f->wide_sum[k] == v)
            return f->wide_val[k];
    return NULL;
}
