/* Access streams: how LLVM's loop vectorizer is told apart the arrays
 * of one linear memory.
 *
 * Every wasm access is base + index into the same object, so LLVM's
 * LoopAccessAnalysis puts all of a loop's accesses into one dependence
 * set.  When two of them are at an unknown distance (c[j] += a * b[j]:
 * c and b are two arrays in one memory) its dependence check fails and
 * it falls back to run-time checks between every pair of pointers, the
 * pair c[j], c[j+1] of an unrolled loop included, which always overlap:
 * the vector loop is built and never runs.  Native code has two objects
 * there, and one run-time check between them.
 *
 * So before the loop vectorizer runs, every address base + root + c
 * (root: the index with constant additions stripped) of a root that is
 * written and accessed at two or more offsets gets the base through a
 * view of its own: an empty inline asm that returns its operand, which
 * LLVM cannot see through.  Accesses to one root stay one object
 * (c[j] and c[j+1]: known distance); the view and the base become
 * different objects, which LLVM may only assume to alias, and checks
 * at run time like native pointers.  Nothing is assumed that does not
 * hold: the views are the base.  After the vectorizer the views are
 * replaced by the base again (one register, as before).
 *
 * Every other root keeps the base: LLVM's pair checks on one object
 * fail only between two offsets of a written root, and every view is
 * one more loop-invariant register in the vectorizer's register
 * estimate, which then halves the interleave count (stencil, a view
 * per row: VF 4 x 1 instead of x 2, 1.09x -> 1.24x of native).
 *
 * Only GUARD-mode bases are split (the invariant base load of
 * cg_mem_base, tagged !kiln.membase): with explicit checks the base is
 * reloaded and the loops do not vectorize anyway. */
#include "codegen/cg.h"

#include <string.h>

/* Roots per function that are tracked; later roots keep the base (a
 * bound on the work in very large functions). */
#define STREAMS_MAX 64
/* Guarded memories per function whose bases are split. */
#define STREAM_BASES 8

static unsigned kind(CgModule *m, const char *name)
{
    return LLVMGetMDKindIDInContext(m->ctx, name, (unsigned)strlen(name));
}

void cg_streams_tag_base(CgModule *m, LLVMValueRef base_load)
{
    LLVMSetMetadata(base_load, kind(m, "kiln.membase"), m->md_empty);
}

static bool is_int_const(LLVMValueRef v)
{
    return LLVMIsAConstantInt(v) != NULL;
}

/* The index with zero extensions and constant additions stripped:
 * base + zext(x + 8) and base + zext(x) belong to one stream. */
static LLVMValueRef stream_root(LLVMValueRef v)
{
    for (;;) {
        if (!LLVMIsAInstruction(v))
            return v;
        LLVMOpcode op = LLVMGetInstructionOpcode(v);
        if (op == LLVMZExt) {
            v = LLVMGetOperand(v, 0);
            continue;
        }
        if (op == LLVMAdd || op == LLVMOr || op == LLVMSub) {
            LLVMValueRef a = LLVMGetOperand(v, 0), b = LLVMGetOperand(v, 1);
            if (is_int_const(b)) {
                v = a;
                continue;
            }
            if (is_int_const(a) && op != LLVMSub) {
                v = b;
                continue;
            }
        }
        return v;
    }
}

typedef struct Streams {
    LLVMValueRef roots[STREAMS_MAX], views[STREAMS_MAX];
    LLVMValueRef index[STREAMS_MAX]; /* the first address index seen */
    /* written through; accessed at two or more offsets */
    bool written[STREAMS_MAX], offsets[STREAMS_MAX];
    unsigned n;
} Streams;

static LLVMValueRef new_view(CgModule *m, LLVMValueRef base, unsigned idx)
{
    LLVMTypeRef p = LLVMTypeOf(base);
    /* "i": a distinct immediate per view, so no pass merges two views */
    LLVMTypeRef fty =
        LLVMFunctionType(p, (LLVMTypeRef[]){p, m->t_i32}, 2, 0);
    LLVMValueRef asm_ = LLVMGetInlineAsm(fty, "", 0, "=r,0,i", 6, 0, 0,
                                         LLVMInlineAsmDialectATT, 0);
    LLVMValueRef next = LLVMGetNextInstruction(base);
    LLVMPositionBuilderBefore(m->b, next);
    LLVMValueRef args[2] = {base, LLVMConstInt(m->t_i32, idx, 0)};
    LLVMValueRef c = LLVMBuildCall2(m->b, fty, asm_, args, 2, "");
    LLVMAddCallSiteAttribute(
        c, LLVMAttributeFunctionIndex,
        LLVMCreateEnumAttribute(m->ctx, LLVMGetEnumAttributeKindForName(
                                             "memory", 6), 0));
    LLVMAddCallSiteAttribute(
        c, LLVMAttributeFunctionIndex,
        LLVMCreateEnumAttribute(m->ctx, LLVMGetEnumAttributeKindForName(
                                             "nounwind", 8), 0));
    LLVMSetMetadata(c, kind(m, "kiln.view"), m->md_empty);
    return c;
}

/* Whether any user of the address writes memory through it: anything
 * but a load (stores, read-modify-write atomics, the bulk
 * memory calls) counts as a write. */
static bool writes_through(LLVMValueRef gep)
{
    for (LLVMUseRef u = LLVMGetFirstUse(gep); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);
        if (!LLVMIsALoadInst(user))
            return true;
    }
    return false;
}

/* The stream index of root (a new one if it has none; -1 when the
 * table is full and the root keeps the base). */
static int stream_of(Streams *s, LLVMValueRef root)
{
    for (unsigned i = 0; i < s->n; i++)
        if (s->roots[i] == root)
            return (int)i;
    if (s->n == STREAMS_MAX)
        return -1;
    s->roots[s->n] = root;
    s->views[s->n] = NULL;
    s->index[s->n] = NULL;
    s->written[s->n] = false;
    s->offsets[s->n] = false;
    return (int)s->n++;
}

/* Calls f on every address GEP base + index of fn whose base is one of
 * bases[0..nb) and whose index has a root that is not a constant. */
typedef void (*AddrFn)(CgModule *m, Streams *s, LLVMValueRef base,
                       LLVMValueRef gep, int stream);

static void each_address(CgModule *m, LLVMValueRef fn, LLVMValueRef *bases,
                         Streams *streams, unsigned nb, AddrFn f)
{
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb;
         bb = LLVMGetNextBasicBlock(bb))
        for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;
             i = LLVMGetNextInstruction(i)) {
            if (!LLVMIsAGetElementPtrInst(i) || LLVMGetNumOperands(i) != 2)
                continue;
            LLVMValueRef ptr = LLVMGetOperand(i, 0);
            for (unsigned b = 0; b < nb; b++)
                if (ptr == bases[b]) {
                    LLVMValueRef root = stream_root(LLVMGetOperand(i, 1));
                    if (!is_int_const(root))
                        f(m, &streams[b], ptr, i,
                          stream_of(&streams[b], root));
                    break;
                }
        }
}

static void note_writes(CgModule *m, Streams *s, LLVMValueRef base,
                        LLVMValueRef gep, int stream)
{
    (void)m, (void)base;
    if (stream < 0)
        return;
    if (writes_through(gep))
        s->written[stream] = true;
    /* early-cse has merged equal index expressions: another index is
     * another offset from the root */
    LLVMValueRef index = LLVMGetOperand(gep, 1);
    if (!s->index[stream])
        s->index[stream] = index;
    else if (s->index[stream] != index)
        s->offsets[stream] = true;
}

static void use_view(CgModule *m, Streams *s, LLVMValueRef base,
                     LLVMValueRef gep, int stream)
{
    if (stream < 0 || !s->written[stream] || !s->offsets[stream])
        return;
    if (!s->views[stream])
        s->views[stream] = new_view(m, base, (unsigned)stream);
    LLVMSetOperand(gep, 0, s->views[stream]);
}

static void split_function(CgModule *m, LLVMValueRef fn, unsigned k_base)
{
    if (LLVMIsDeclaration(fn))
        return;
    LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(fn);
    /* the tagged base loads (one per guarded memory; more than
     * STREAM_BASES keep the base) */
    LLVMValueRef bases[STREAM_BASES];
    Streams streams[STREAM_BASES];
    unsigned nb = 0;
    for (LLVMValueRef i = LLVMGetFirstInstruction(entry); i;
         i = LLVMGetNextInstruction(i))
        if (nb < STREAM_BASES && LLVMIsALoadInst(i) &&
            LLVMGetMetadata(i, k_base)) {
            streams[nb].n = 0;
            bases[nb++] = i;
        }
    if (!nb)
        return;
    /* first which roots are written, then the views */
    each_address(m, fn, bases, streams, nb, note_writes);
    each_address(m, fn, bases, streams, nb, use_view);
}

void cg_streams_split(CgModule *m)
{
    unsigned k = kind(m, "kiln.membase");
    for (LLVMValueRef fn = LLVMGetFirstFunction(m->mod); fn;
         fn = LLVMGetNextFunction(fn))
        split_function(m, fn, k);
}

void cg_streams_merge(CgModule *m)
{
    unsigned k = kind(m, "kiln.view");
    for (LLVMValueRef fn = LLVMGetFirstFunction(m->mod); fn;
         fn = LLVMGetNextFunction(fn)) {
        if (LLVMIsDeclaration(fn))
            continue;
        /* every block: a pass may have sunk a view out of the entry */
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb;
             bb = LLVMGetNextBasicBlock(bb))
            for (LLVMValueRef i = LLVMGetFirstInstruction(bb); i;) {
                LLVMValueRef next = LLVMGetNextInstruction(i);
                if (LLVMIsACallInst(i) && LLVMGetMetadata(i, k)) {
                    LLVMReplaceAllUsesWith(i, LLVMGetOperand(i, 0));
                    LLVMInstructionEraseFromParent(i);
                }
                i = next;
            }
    }
}
