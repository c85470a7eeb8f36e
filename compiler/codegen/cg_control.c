/* Control instructions (spec 4.4.8): block, loop, if/else, end, br,
 * br_if, br_table, return, unreachable, nop.
 *
 * Every label owns a basic block with one phi per value the label takes:
 * a block's or if's end block (its results), a loop's header (its
 * params).  A branch adds the top operand values as incoming values of
 * the target's phis; `end` continues in the end block with the phis as
 * the block's results.  Branches to the function's outermost label
 * return directly.
 */
#include <string.h>

#include "codegen/cg.h"

static LLVMValueRef *make_phis(CgFunc *f, LLVMBasicBlockRef bb,
                               const WasmValType *types, uint32_t n)
{
    LLVMValueRef *phis = arena_array(f->scratch, n + 1, sizeof *phis);
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
    LLVMPositionBuilderAtEnd(f->b, bb);
    for (uint32_t i = 0; i < n; i++)
        phis[i] = LLVMBuildPhi(f->b, cg_valtype(f->m, types[i]), "");
    LLVMPositionBuilderAtEnd(f->b, cur);
    return phis;
}

/* Adds the top `n` operands as incoming values of `phis` from the
 * current block (the caller emits the branch). */
static void add_incoming(CgFunc *f, LLVMValueRef *phis, uint32_t n)
{
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
    for (uint32_t i = 0; i < n; i++) {
        LLVMValueRef v = f->stack[f->sp - n + i];
        LLVMAddIncoming(phis[i], &v, &cur, 1);
    }
}

static uint32_t label_arity(const CgFrame *fr)
{
    return fr->kind == CG_FRAME_LOOP ? fr->nparams : fr->nresults;
}

CgFrame *cg_push_frame(CgFunc *f, CgFrameKind kind, const WasmInstr *in)
{
    f->frames = kiln_grow(f->frames, &f->frames_cap, f->nframes + 1,
                          sizeof *f->frames);
    CgFrame *fr = &f->frames[f->nframes++];
    memset(fr, 0, sizeof *fr);
    fr->kind = kind;
    if (kind == CG_FRAME_FUNC) {
        fr->nresults = f->type->nresults;
        fr->results = f->type->results;
        fr->end_at = f->wf->ncode - 1;
        return fr;
    }
    cg_block_sig(f->m, in->u.block.type, &fr->nparams, &fr->params,
                 &fr->nresults, &fr->results);
    fr->else_at = in->u.block.else_at;
    fr->end_at = in->u.block.end_at;
    fr->height = f->sp - fr->nparams;
    return fr;
}

void cg_emit_return(CgFunc *f)
{
    CgModule *m = f->m;
    uint32_t n = f->type->nresults;
    if (cg_results_in_area(n)) {
        for (uint32_t i = 0; i < n; i++)
            cg_store_result(m, f->b, f->stack[f->sp - n + i], i);
        LLVMBuildRetVoid(f->b);
    } else if (n == 0) {
        LLVMBuildRetVoid(f->b);
    } else if (n == 1) {
        LLVMBuildRet(f->b, cg_peek(f, 0));
    } else {
        LLVMTypeRef st = cg_results_type(m, f->type->results, n);
        LLVMValueRef agg = LLVMGetUndef(st);
        for (uint32_t i = 0; i < n; i++)
            agg = LLVMBuildInsertValue(f->b, agg, f->stack[f->sp - n + i], i,
                                       "");
        LLVMBuildRet(f->b, agg);
    }
}

/* Block that returns the current top values (for conditional branches
 * to the function label). */
static LLVMBasicBlockRef return_block(CgFunc *f)
{
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
    LLVMBasicBlockRef bb = cg_block(f, "ret");
    LLVMPositionBuilderAtEnd(f->b, bb);
    cg_emit_return(f);
    LLVMPositionBuilderAtEnd(f->b, cur);
    return bb;
}

/* The block a branch to `fr` jumps to, after adding phi incomings. */
static LLVMBasicBlockRef branch_target(CgFunc *f, CgFrame *fr,
                                       LLVMBasicBlockRef *ret_bb)
{
    if (fr->kind == CG_FRAME_FUNC) {
        if (!*ret_bb)
            *ret_bb = return_block(f);
        return *ret_bb;
    }
    add_incoming(f, fr->br_phis, label_arity(fr));
    return fr->br_bb;
}

static CgFrame *label(CgFunc *f, uint32_t depth)
{
    KILN_ASSERT(depth < f->nframes);
    return &f->frames[f->nframes - 1 - depth];
}

static void emit_br(CgFunc *f, uint32_t depth)
{
    CgFrame *fr = label(f, depth);
    if (fr->kind == CG_FRAME_FUNC) {
        cg_emit_return(f);
    } else {
        add_incoming(f, fr->br_phis, label_arity(fr));
        LLVMBuildBr(f->b, fr->br_bb);
    }
    f->dead = true;
}

static LLVMValueRef truth(CgFunc *f, LLVMValueRef c)
{
    return LLVMBuildICmp(f->b, LLVMIntNE, c, LLVMConstNull(LLVMTypeOf(c)), "");
}

static void emit_br_if(CgFunc *f, uint32_t depth)
{
    LLVMValueRef c = truth(f, cg_pop(f));
    CgFrame *lf = label(f, depth);
    if (lf->trip_cnt && f->cur == f->wf->code + lf->trip_br) {
        /* counted loop: the same exit, in a form SCEV can count */
        CgModule *m = f->m;
        LLVMValueRef n = LLVMBuildLoad2(f->b, m->t_i64, lf->trip_cnt, "");
        n = LLVMBuildAdd(f->b, n, LLVMConstInt(m->t_i64, 1, 0), "trip");
        LLVMSetNUW(n, 1);
        LLVMBuildStore(f->b, n, lf->trip_cnt);
        c = LLVMBuildICmp(f->b, LLVMIntNE, n, lf->trip_n, "");
    }
    LLVMBasicBlockRef ret_bb = NULL;
    LLVMBasicBlockRef target = branch_target(f, lf, &ret_bb);
    LLVMBasicBlockRef cont = cg_block(f, "br_if.cont");
    LLVMBasicBlockRef from = LLVMGetInsertBlock(f->b);
    LLVMBuildCondBr(f->b, c, target, cont);
    LLVMPositionBuilderAtEnd(f->b, cont);
    /* only the fall-through reaches cont: this block's facts hold there */
    cg_facts_follow(f, from, cont);
}

static void emit_br_table(CgFunc *f, const WasmInstr *in)
{
    const uint32_t *t = f->wf->br_targets + in->u.br_table.first;
    uint32_t n = in->u.br_table.count;
    LLVMValueRef idx = cg_pop(f);
    LLVMBasicBlockRef ret_bb = NULL;
    LLVMBasicBlockRef def = branch_target(f, label(f, t[n]), &ret_bb);
    LLVMValueRef sw = LLVMBuildSwitch(f->b, idx, def, n);
    for (uint32_t i = 0; i < n; i++) {
        /* phis get one incoming per edge, duplicates included */
        LLVMPositionBuilderBefore(f->b, sw);
        LLVMBasicBlockRef bb = branch_target(f, label(f, t[i]), &ret_bb);
        LLVMAddCase(sw, LLVMConstInt(f->m->t_i32, i, 0), bb);
    }
    f->dead = true;
}

/* ---- counted loops ----
 * clang's wasm keeps a C loop over an array as a byte offset and ends it
 * with `x = x + s; br_if (x != C)` (s the element size; `br_if x` when C
 * is 0).  When x starts at a value LLVM does not know, SCEV cannot count
 * the iterations (s would have to divide C - x0), and the loop vectorizer
 * gives up (bench lu).  At -O2 such a loop gets a hidden i64 counter.
 * With D = C - x0 (mod 2^32) and s = 2^a, x first equals C after
 * k = D >> a iterations if D is a multiple of s (2^(32-a) if D == 0),
 * and never otherwise; the exit test becomes ++cnt != N with N = k, or
 * UINT64_MAX for "never" (2^64 - 1 iterations: not reached in practice).
 * Only when x (and C, if a local) is written nowhere else in the loop
 * and no other branch goes back to its header. */
typedef struct CountedLoop {
    uint32_t x, s_log2, br_at;
    bool c_local;
    uint32_t c; /* the constant, or the local holding it */
} CountedLoop;

static bool is_op(const WasmInstr *in, WasmOp op)
{
    return in->op == op;
}

static bool find_counted_loop(const WasmFunc *wf, uint32_t start,
                              uint32_t end, CountedLoop *cl)
{
    const WasmInstr *c = wf->code;
    uint32_t pat; /* first instruction of the pattern */
    if (end < start + 6 || !is_op(&c[end - 1], WASM_OP_BR_IF) ||
        c[end - 1].u.idx.a != 0)
        return false;
    const WasmInstr *tee, *add, *step, *get;
    if (is_op(&c[end - 2], WASM_OP_LOCAL_TEE)) { /* br_if (x += s) */
        tee = &c[end - 2], add = &c[end - 3], step = &c[end - 4];
        get = &c[end - 5];
        cl->c_local = false, cl->c = 0;
        pat = end - 5;
    } else {
        if (end < start + 8 || !is_op(&c[end - 2], WASM_OP_I32_NE))
            return false;
        const WasmInstr *lim = &c[end - 3];
        if (is_op(lim, WASM_OP_I32_CONST))
            cl->c_local = false, cl->c = (uint32_t)lim->u.i32;
        else if (is_op(lim, WASM_OP_LOCAL_GET))
            cl->c_local = true, cl->c = lim->u.idx.a;
        else
            return false;
        tee = &c[end - 4], add = &c[end - 5], step = &c[end - 6];
        get = &c[end - 7];
        pat = end - 7;
    }
    if (!is_op(tee, WASM_OP_LOCAL_TEE) || !is_op(add, WASM_OP_I32_ADD) ||
        !is_op(step, WASM_OP_I32_CONST) || !is_op(get, WASM_OP_LOCAL_GET) ||
        get->u.idx.a != tee->u.idx.a || pat <= start)
        return false;
    uint32_t s = (uint32_t)step->u.i32;
    if (s < 2 || s > 65536 || (s & (s - 1))) /* step 1: SCEV counts it */
        return false;
    cl->x = tee->u.idx.a;
    cl->s_log2 = (uint32_t)__builtin_ctz(s);
    cl->br_at = end - 1;
    if (cl->c_local && cl->c == cl->x)
        return false;
    /* the rest of the body: no other write of x or C, no other branch
     * to this loop (label `depth` inside `depth` nested blocks) */
    uint32_t depth = 0;
    for (uint32_t i = start + 1; i < pat; i++) {
        const WasmInstr *in = &c[i];
        switch (in->op) {
        case WASM_OP_BLOCK:
        case WASM_OP_LOOP:
        case WASM_OP_IF: depth++; break;
        case WASM_OP_END: depth--; break;
        case WASM_OP_LOCAL_SET:
        case WASM_OP_LOCAL_TEE:
            if (in->u.idx.a == cl->x || (cl->c_local && in->u.idx.a == cl->c))
                return false;
            break;
        case WASM_OP_BR:
        case WASM_OP_BR_IF:
            if (in->u.idx.a == depth)
                return false;
            break;
        case WASM_OP_BR_TABLE: {
            const uint32_t *t = wf->br_targets + in->u.br_table.first;
            for (uint32_t k = 0; k <= in->u.br_table.count; k++)
                if (t[k] == depth)
                    return false;
            break;
        }
        default: break;
        }
    }
    return true;
}

/* In the loop's preheader: the counter and its limit N. */
static void start_counted_loop(CgFunc *f, CgFrame *fr, const CountedLoop *cl)
{
    CgModule *m = f->m;
    LLVMTypeRef i32 = m->t_i32, i64 = m->t_i64;
    LLVMValueRef x0 = LLVMBuildLoad2(f->b, i32, f->locals[cl->x], "");
    LLVMValueRef lim =
        cl->c_local ? LLVMBuildLoad2(f->b, i32, f->locals[cl->c], "")
                    : LLVMConstInt(i32, cl->c, 0);
    LLVMValueRef d = LLVMBuildSub(f->b, lim, x0, "");
    LLVMValueRef low = LLVMBuildAnd(
        f->b, d, LLVMConstInt(i32, (1u << cl->s_log2) - 1, 0), "");
    LLVMValueRef multiple =
        LLVMBuildICmp(f->b, LLVMIntEQ, low, LLVMConstNull(i32), "");
    LLVMValueRef k = LLVMBuildLShr(f->b, LLVMBuildZExt(f->b, d, i64, ""),
                                   LLVMConstInt(i64, cl->s_log2, 0), "");
    LLVMValueRef zero =
        LLVMBuildICmp(f->b, LLVMIntEQ, d, LLVMConstNull(i32), "");
    k = LLVMBuildSelect(f->b, zero,
                        LLVMConstInt(i64, 1ull << (32 - cl->s_log2), 0), k,
                        "");
    fr->trip_n = LLVMBuildSelect(f->b, multiple, k,
                                 LLVMConstAllOnes(i64), "trip.n");
    LLVMBasicBlockRef cur = LLVMGetInsertBlock(f->b);
    LLVMPositionBuilderBefore(f->b, f->entry_br);
    fr->trip_cnt = LLVMBuildAlloca(f->b, i64, "trip.cnt");
    LLVMPositionBuilderAtEnd(f->b, cur);
    LLVMBuildStore(f->b, LLVMConstNull(i64), fr->trip_cnt);
    fr->trip_br = cl->br_at;
}

static void emit_block(CgFunc *f, const WasmInstr *in, CgFrameKind kind)
{
    CgFrame *fr = cg_push_frame(f, kind, in);
    CountedLoop cl;
    if (kind == CG_FRAME_LOOP && fr->nparams == 0 &&
        f->m->opts->opt_level >= 2 &&
        find_counted_loop(f->wf, (uint32_t)(in - f->wf->code),
                          in->u.block.end_at, &cl))
        start_counted_loop(f, fr, &cl);
    if (kind == CG_FRAME_LOOP) {
        cg_sums_enter_loop(f, fr, (uint32_t)(in - f->wf->code),
                           in->u.block.end_at);
        LLVMBasicBlockRef hdr = cg_block(f, "loop");
        fr->br_bb = hdr;
        fr->br_phis = make_phis(f, hdr, fr->params, fr->nparams);
        add_incoming(f, fr->br_phis, fr->nparams);
        LLVMBuildBr(f->b, hdr);
        LLVMPositionBuilderAtEnd(f->b, hdr);
        for (uint32_t i = 0; i < fr->nparams; i++)
            f->stack[fr->height + i] = fr->br_phis[i];
        return;
    }
    fr->end_bb = cg_block(f, kind == CG_FRAME_IF ? "if.end" : "block.end");
    fr->end_phis = make_phis(f, fr->end_bb, fr->results, fr->nresults);
    fr->br_bb = fr->end_bb;
    fr->br_phis = fr->end_phis;
}

static void emit_if(CgFunc *f, const WasmInstr *in)
{
    LLVMValueRef c = truth(f, cg_pop(f));
    emit_block(f, in, CG_FRAME_IF);
    CgFrame *fr = &f->frames[f->nframes - 1];
    fr->if_params = arena_array(f->scratch, fr->nparams + 1,
                                sizeof *fr->if_params);
    memcpy(fr->if_params, f->stack + fr->height,
           fr->nparams * sizeof *fr->if_params);
    LLVMBasicBlockRef then_bb = cg_block(f, "then");
    fr->else_bb = cg_block(f, "else");
    LLVMBuildCondBr(f->b, c, then_bb, fr->else_bb);
    LLVMPositionBuilderAtEnd(f->b, then_bb);
}

/* Restarts the operand stack at the frame's height with `vals`. */
static void reset_stack(CgFunc *f, CgFrame *fr, LLVMValueRef *vals,
                        uint32_t n)
{
    f->sp = fr->height;
    for (uint32_t i = 0; i < n; i++)
        cg_push(f, vals[i]);
}

static void emit_else(CgFunc *f)
{
    CgFrame *fr = &f->frames[f->nframes - 1];
    if (!f->dead) {
        add_incoming(f, fr->end_phis, fr->nresults);
        LLVMBuildBr(f->b, fr->end_bb);
    }
    LLVMPositionBuilderAtEnd(f->b, fr->else_bb);
    fr->else_bb = NULL;
    fr->in_else = true;
    reset_stack(f, fr, fr->if_params, fr->nparams);
    f->dead = false;
}

static bool has_preds(LLVMBasicBlockRef bb)
{
    return LLVMGetFirstUse(LLVMBasicBlockAsValue(bb)) != NULL;
}

static void emit_end(CgFunc *f)
{
    CgFrame *fr = &f->frames[f->nframes - 1];
    switch (fr->kind) {
    case CG_FRAME_FUNC:
        if (!f->dead)
            cg_emit_return(f);
        f->nframes--;
        return;
    case CG_FRAME_LOOP:
        cg_sums_leave_loop(f, fr);
        f->nframes--; /* results simply stay on the stack */
        return;
    case CG_FRAME_BLOCK:
    case CG_FRAME_IF:
        break;
    }
    if (!f->dead) {
        add_incoming(f, fr->end_phis, fr->nresults);
        LLVMBuildBr(f->b, fr->end_bb);
    }
    if (fr->else_bb) { /* if without else: params pass through */
        LLVMPositionBuilderAtEnd(f->b, fr->else_bb);
        reset_stack(f, fr, fr->if_params, fr->nparams);
        add_incoming(f, fr->end_phis, fr->nresults);
        LLVMBuildBr(f->b, fr->end_bb);
    }
    f->nframes--;
    if (!has_preds(fr->end_bb)) {
        LLVMDeleteBasicBlock(fr->end_bb);
        f->dead = true;
        return;
    }
    LLVMPositionBuilderAtEnd(f->b, fr->end_bb);
    reset_stack(f, fr, fr->end_phis, fr->nresults);
    f->dead = false;
}

CgResult cg_emit_control(CgFunc *f, const WasmInstr *in)
{
    switch (in->op) {
    case WASM_OP_NOP: break;
    case WASM_OP_UNREACHABLE:
        cg_trap(f, KILN_TRAP_UNREACHABLE);
        f->dead = true;
        break;
    case WASM_OP_BLOCK: emit_block(f, in, CG_FRAME_BLOCK); break;
    case WASM_OP_LOOP: emit_block(f, in, CG_FRAME_LOOP); break;
    case WASM_OP_IF: emit_if(f, in); break;
    case WASM_OP_ELSE: emit_else(f); break;
    case WASM_OP_END: emit_end(f); break;
    case WASM_OP_BR: emit_br(f, in->u.idx.a); break;
    case WASM_OP_BR_IF: emit_br_if(f, in->u.idx.a); break;
    case WASM_OP_BR_TABLE: emit_br_table(f, in); break;
    case WASM_OP_RETURN:
        cg_emit_return(f);
        f->dead = true;
        break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}
