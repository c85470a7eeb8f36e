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
    LLVMBasicBlockRef ret_bb = NULL;
    LLVMBasicBlockRef target = branch_target(f, label(f, depth), &ret_bb);
    LLVMBasicBlockRef cont = cg_block(f, "br_if.cont");
    LLVMBuildCondBr(f->b, c, target, cont);
    LLVMPositionBuilderAtEnd(f->b, cont);
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

static void emit_block(CgFunc *f, const WasmInstr *in, CgFrameKind kind)
{
    CgFrame *fr = cg_push_frame(f, kind, in);
    if (kind == CG_FRAME_LOOP) {
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
