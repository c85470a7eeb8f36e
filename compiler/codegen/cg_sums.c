/* Loop address sums (-O2).
 *
 * clang's wasm walks an array as `base + j` or `base + (i << k)`: two i32
 * locals combined at each access, one of them stepped by the loop
 * (`j = j + 16`).  The access uses zext of that i32 sum, and since the sum
 * may wrap, LLVM keeps it as an i32 recomputed and zero-extended every
 * iteration: an index register and an `lea` per array where native code
 * steps a 64-bit pointer.
 *
 * A loop that adds x + (i << k) (k <= 4; k = 0 is x + i in either order)
 * and steps x or i by a constant gets an i64 shadow w of the sum, set to
 * zext(x + (i << k)) on entry and kept equal to it at every write of x or
 * i inside the loop:
 *  - a write `i = i + d`, d a constant below 65536 >> k, adds d << k to w
 *    when this block already accessed memory at the old sum: that index
 *    is below 2^32 - 65536 (the 32-bit memory cap, cg_memory.c), so the
 *    new sum cannot wrap; likewise `x = x + d` with d below 65536;
 *  - any other write recomputes w from the new value.
 * An access at the sum then uses w as its 64-bit index, an affine
 * recurrence SCEV follows; the i32 sum stays for every other use.
 * KILN_NO_SUMS=1 turns the shadows off (A/B runs).
 */
#include "codegen/cg.h"

#include <stdlib.h>

#define MAX_SHIFT 4

static bool is_op(const WasmInstr *in, WasmOp op)
{
    return in->op == op;
}

static bool is_get(const WasmInstr *in)
{
    return in->op == WASM_OP_LOCAL_GET;
}

/* A sum x + (i << k) starting at code[at]: `get x; get i; add` (k = 0),
 * `get x; get i; const k; shl; add` or `get i; const k; shl; get x; add`. */
static bool match_sum(const WasmInstr *c, uint32_t at, uint32_t end,
                      CgSum *s)
{
    if (at + 2 < end && is_get(&c[at]) && is_get(&c[at + 1]) &&
        is_op(&c[at + 2], WASM_OP_I32_ADD)) {
        *s = (CgSum){.x = c[at].u.idx.a, .i = c[at + 1].u.idx.a};
        return true;
    }
    const WasmInstr *k;
    if (at + 4 < end && is_get(&c[at]) && is_get(&c[at + 1]) &&
        is_op(k = &c[at + 2], WASM_OP_I32_CONST) &&
        is_op(&c[at + 3], WASM_OP_I32_SHL) &&
        is_op(&c[at + 4], WASM_OP_I32_ADD))
        *s = (CgSum){.x = c[at].u.idx.a, .i = c[at + 1].u.idx.a};
    else if (at + 4 < end && is_get(&c[at]) &&
             is_op(k = &c[at + 1], WASM_OP_I32_CONST) &&
             is_op(&c[at + 2], WASM_OP_I32_SHL) && is_get(&c[at + 3]) &&
             is_op(&c[at + 4], WASM_OP_I32_ADD))
        *s = (CgSum){.x = c[at + 3].u.idx.a, .i = c[at].u.idx.a};
    else
        return false;
    if ((uint32_t)k->u.i32 == 0 || (uint32_t)k->u.i32 > MAX_SHIFT)
        return false;
    s->shift = (uint32_t)k->u.i32;
    return true;
}

/* Whether code[k] is `get l; const c; add; set/tee l`: a constant step
 * of local l. */
static bool is_step(const WasmInstr *c, uint32_t k, uint32_t end,
                    uint32_t *l)
{
    if (k + 3 >= end || !is_get(&c[k]) ||
        !is_op(&c[k + 1], WASM_OP_I32_CONST) ||
        !is_op(&c[k + 2], WASM_OP_I32_ADD) ||
        (!is_op(&c[k + 3], WASM_OP_LOCAL_SET) &&
         !is_op(&c[k + 3], WASM_OP_LOCAL_TEE)) ||
        c[k + 3].u.idx.a != c[k].u.idx.a)
        return false;
    *l = c[k].u.idx.a;
    return true;
}

static bool listed(const uint32_t *ls, unsigned n, uint32_t l)
{
    for (unsigned k = 0; k < n; k++)
        if (ls[k] == l)
            return true;
    return false;
}

static bool same_sum(const CgSum *a, const CgSum *b)
{
    if (a->shift != b->shift)
        return false;
    return (a->x == b->x && a->i == b->i) ||
           (!a->shift && a->x == b->i && a->i == b->x);
}

static LLVMValueRef local_value(CgFunc *f, uint32_t l)
{
    LLVMValueRef v = cg_local_known(f, l);
    return v ? v : LLVMBuildLoad2(f->b, f->m->t_i32, f->locals[l], "");
}

static LLVMValueRef scaled(CgFunc *f, LLVMValueRef v, uint32_t shift)
{
    if (!shift)
        return v;
    return LLVMBuildShl(f->b, v, LLVMConstInt(LLVMTypeOf(v), shift, 0), "");
}

static void store_sum(CgFunc *f, const CgSum *s, LLVMValueRef x,
                      LLVMValueRef i)
{
    LLVMValueRef sum = LLVMBuildAdd(f->b, x, scaled(f, i, s->shift), "");
    LLVMBuildStore(f->b, LLVMBuildZExt(f->b, sum, f->m->t_i64, ""), s->w);
}

/* One pass over the loop's own code, not that of loops nested in it: a
 * sum is shadowed by the loop that steps it, so that an outer loop's
 * shadow does not add work to inner loops that only move its locals by
 * data (a merge's `i += a < b`, where a recomputed shadow measured
 * slower). */
void cg_sums_enter_loop(CgFunc *f, CgFrame *fr, uint32_t start, uint32_t end)
{
    fr->sums_base = f->nsums;
    if (f->m->opts->opt_level < 2 || !f->m->wm->nmemories ||
        getenv("KILN_NO_SUMS"))
        return;
    const WasmInstr *c = f->wf->code;
    CgSum found[CG_MAX_SUMS];
    uint32_t stepped[CG_MAX_SUMS];
    unsigned nfound = 0, nstepped = 0;
    uint32_t depth = 0, nested_at = UINT32_MAX; /* depth of a nested loop */
    for (uint32_t k = start + 1; k < end; k++) {
        switch (c[k].op) {
        case WASM_OP_LOOP:
            if (nested_at == UINT32_MAX)
                nested_at = depth;
            depth++;
            continue;
        case WASM_OP_BLOCK:
        case WASM_OP_IF: depth++; continue;
        case WASM_OP_END:
            if (--depth == nested_at)
                nested_at = UINT32_MAX;
            continue;
        default: break;
        }
        if (nested_at != UINT32_MAX)
            continue;
        uint32_t l;
        CgSum s;
        if (is_step(c, k, end, &l)) {
            if (nstepped < CG_MAX_SUMS && !listed(stepped, nstepped, l))
                stepped[nstepped++] = l;
        } else if (nfound < CG_MAX_SUMS && match_sum(c, k, end, &s) &&
                   s.x != s.i && f->local_types[s.x] == f->m->t_i32 &&
                   f->local_types[s.i] == f->m->t_i32) {
            found[nfound++] = s;
        }
    }
    for (unsigned k = 0; k < nfound && f->nsums < CG_MAX_SUMS; k++) {
        CgSum s = found[k];
        bool known = false;
        for (unsigned j = 0; j < f->nsums && !known; j++)
            known = same_sum(&f->sums[j], &s);
        if (known || (!listed(stepped, nstepped, s.x) &&
                      !listed(stepped, nstepped, s.i)))
            continue;
        LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
        LLVMPositionBuilderBefore(f->b, f->entry_br);
        s.w = LLVMBuildAlloca(f->b, f->m->t_i64, "sum.w");
        LLVMPositionBuilderAtEnd(f->b, cur);
        f->sums[f->nsums++] = s;
        store_sum(f, &s, local_value(f, s.x), local_value(f, s.i));
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

/* v == old + d with a constant 0 < d < limit: d, else NULL. */
static LLVMValueRef step_of(LLVMValueRef v, LLVMValueRef old, uint64_t limit)
{
    if (!old || !LLVMIsAInstruction(v) ||
        LLVMGetInstructionOpcode(v) != LLVMAdd || LLVMGetOperand(v, 0) != old)
        return NULL;
    LLVMValueRef d = LLVMGetOperand(v, 1);
    if (!LLVMIsAConstantInt(d) || LLVMConstIntGetZExtValue(d) >= limit)
        return NULL;
    return d;
}

void cg_sums_local_written(CgFunc *f, uint32_t l, LLVMValueRef v)
{
    for (unsigned k = 0; k < f->nsums; k++) {
        CgSum *s = &f->sums[k];
        if (s->x != l && s->i != l)
            continue;
        LLVMValueRef sum = block_sum(f, s);
        s->sum = NULL;
        uint32_t shift = s->i == l ? s->shift : 0;
        LLVMValueRef d =
            sum && cg_addr_nowrap(f, sum)
                ? step_of(v, cg_local_known(f, l), 65536u >> shift)
                : NULL;
        if (d) { /* the old sum was accessed: w += d << shift */
            LLVMValueRef w = LLVMBuildLoad2(f->b, f->m->t_i64, s->w, "");
            LLVMValueRef step =
                scaled(f, LLVMBuildZExt(f->b, d, f->m->t_i64, ""), shift);
            w = LLVMBuildAdd(f->b, w, step, "sum.step");
            LLVMSetNUW(w, 1);
            LLVMSetNSW(w, 1);
            LLVMBuildStore(f->b, w, s->w);
        } else if (s->x == l) {
            store_sum(f, s, v, local_value(f, s->i));
        } else {
            store_sum(f, s, local_value(f, s->x), v);
        }
    }
}

/* Whether `v` is i << shift for the value i. */
static bool is_scaled(LLVMValueRef v, LLVMValueRef i, uint32_t shift)
{
    if (!shift)
        return v == i;
    return LLVMIsAInstruction(v) && LLVMGetInstructionOpcode(v) == LLVMShl &&
           LLVMGetOperand(v, 0) == i &&
           LLVMIsAConstantInt(LLVMGetOperand(v, 1)) &&
           LLVMConstIntGetZExtValue(LLVMGetOperand(v, 1)) == shift;
}

void cg_sums_add(CgFunc *f, LLVMValueRef a, LLVMValueRef b, LLVMValueRef r)
{
    uint32_t gen = cg_facts_gen(f);
    for (unsigned k = 0; k < f->nsums; k++) {
        CgSum *s = &f->sums[k];
        LLVMValueRef x = cg_local_known(f, s->x), i = cg_local_known(f, s->i);
        if (!x || !i ||
            !((a == x && is_scaled(b, i, s->shift)) ||
              (b == x && is_scaled(a, i, s->shift))))
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
