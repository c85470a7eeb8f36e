/* Table and reference instructions (spec 4.4.6 table instructions, 4.4.2
 * reference instructions).  table.get/set are inline (bounds check then
 * an access to table->elems, which may move on grow so it is reloaded);
 * the other table operations call the runtime helpers of kiln_rt.h.
 * References are pointers: ref.func is vm->funcs[i], null is NULL.
 */
#include "codegen/cg.h"

#include <stdlib.h>

static LLVMValueRef u32(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == f->m->t_i32)
        return v;
    return LLVMBuildTrunc(f->b, v, f->m->t_i32, "");
}

static LLVMValueRef u64(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == f->m->t_i64)
        return v;
    return LLVMBuildZExt(f->b, v, f->m->t_i64, "");
}

static bool table64(CgFunc *f, uint32_t t)
{
    return f->m->wm->tables[t].type.limits.is64;
}

/* A table64 index or length for the u32 runtime helpers: any value past
 * u32 is out of bounds of every table (sizes fit in u32). */
static LLVMValueRef checked_u32(CgFunc *f, LLVMValueRef v)
{
    if (LLVMTypeOf(v) == f->m->t_i64) {
        LLVMValueRef big = LLVMBuildICmp(
            f->b, LLVMIntUGT, v, LLVMConstInt(f->m->t_i64, UINT32_MAX, 0), "");
        cg_trap_if(f, big, KILN_TRAP_TABLE_OOB);
    }
    return u32(f, v);
}

/* Pointer to element `idx` of table `t`, after the bounds check. */
static LLVMValueRef elem_ptr(CgFunc *f, uint32_t t, LLVMValueRef idx)
{
    CgModule *m = f->m;
    LLVMValueRef tab = cg_table_ptr(f, t);
    LLVMValueRef size = cg_load_field(f, m->t_table, tab, 1, CG_TBAA_TABLE);
    idx = u64(f, idx);
    cg_trap_if(f, LLVMBuildICmp(f->b, LLVMIntUGE, idx, size, ""),
               KILN_TRAP_TABLE_OOB);
    LLVMValueRef elems = cg_load_field(f, m->t_table, tab, 0, CG_TBAA_TABLE);
    return LLVMBuildInBoundsGEP2(f->b, m->t_ptr, elems, &idx, 1, "");
}

static void table_get(CgFunc *f, uint32_t t)
{
    LLVMValueRef p = elem_ptr(f, t, cg_pop(f));
    LLVMValueRef v = LLVMBuildLoad2(f->b, f->m->t_ptr, p, "");
    cg_set_tbaa(f->m, v, CG_TBAA_ELEMS);
    cg_push(f, v);
}

static void table_set(CgFunc *f, uint32_t t)
{
    LLVMValueRef v = cg_pop(f);
    LLVMValueRef p = elem_ptr(f, t, cg_pop(f));
    cg_set_tbaa(f->m, LLVMBuildStore(f->b, v, p), CG_TBAA_ELEMS);
}

static void table_size(CgFunc *f, uint32_t t)
{
    LLVMValueRef s = cg_load_field(f, f->m->t_table, cg_table_ptr(f, t), 1,
                                   CG_TBAA_TABLE);
    cg_push(f, table64(f, t) ? s : u32(f, s));
}

static void table_grow(CgFunc *f, uint32_t t)
{
    CgModule *m = f->m;
    LLVMValueRef n = cg_pop(f), init = cg_pop(f);
    LLVMValueRef big = NULL;
    if (table64(f, t)) { /* growing by 2^32 or more always fails */
        big = LLVMBuildICmp(f->b, LLVMIntUGT, n,
                            LLVMConstInt(m->t_i64, UINT32_MAX, 0), "");
        n = LLVMBuildSelect(f->b, big, LLVMConstInt(m->t_i64, UINT32_MAX, 0),
                            n, "");
    }
    LLVMValueRef args[3] = {cg_table_ptr(f, t), init, u32(f, n)};
    LLVMValueRef r = cg_call_c(f, "kiln_rt_table_grow", m->t_i32, args, 3);
    if (big) {
        r = LLVMBuildSExt(f->b, r, m->t_i64, "");
        r = LLVMBuildSelect(f->b, big, LLVMConstAllOnes(m->t_i64), r, "");
    }
    cg_push(f, r);
}

static void table_fill(CgFunc *f, uint32_t t)
{
    LLVMValueRef n = cg_pop(f), val = cg_pop(f), i = cg_pop(f);
    LLVMValueRef args[4] = {cg_table_ptr(f, t), checked_u32(f, i), val,
                            checked_u32(f, n)};
    cg_call_c(f, "kiln_rt_table_fill", f->m->t_void, args, 4);
}

static void table_copy(CgFunc *f, uint32_t dt, uint32_t st)
{
    LLVMValueRef n = cg_pop(f), s = cg_pop(f), d = cg_pop(f);
    LLVMValueRef args[5] = {cg_table_ptr(f, dt), cg_table_ptr(f, st),
                            checked_u32(f, d), checked_u32(f, s),
                            checked_u32(f, n)};
    cg_call_c(f, "kiln_rt_table_copy", f->m->t_void, args, 5);
}

static void table_init(CgFunc *f, uint32_t seg, uint32_t t)
{
    CgModule *m = f->m;
    LLVMValueRef n = cg_pop(f), s = cg_pop(f), d = cg_pop(f);
    LLVMValueRef args[6] = {f->vm, LLVMConstInt(m->t_i32, t, 0),
                            LLVMConstInt(m->t_i32, seg, 0), checked_u32(f, d),
                            u32(f, s), u32(f, n)};
    cg_call_c(f, "kiln_rt_table_init", m->t_void, args, 6);
}

static void elem_drop(CgFunc *f, uint32_t seg)
{
    LLVMValueRef args[2] = {f->vm, LLVMConstInt(f->m->t_i32, seg, 0)};
    cg_call_c(f, "kiln_rt_elem_drop", f->m->t_void, args, 2);
}

CgResult cg_emit_table(CgFunc *f, const WasmInstr *in)
{
    uint32_t a = in->u.idx.a, b = in->u.idx.b;
    switch (in->op) {
    case WASM_OP_TABLE_GET: table_get(f, a); break;
    case WASM_OP_TABLE_SET: table_set(f, a); break;
    case WASM_OP_TABLE_SIZE: table_size(f, a); break;
    case WASM_OP_TABLE_GROW: table_grow(f, a); break;
    case WASM_OP_TABLE_FILL: table_fill(f, a); break;
    case WASM_OP_TABLE_COPY: table_copy(f, a, b); break;
    case WASM_OP_TABLE_INIT: table_init(f, a, b); break;
    case WASM_OP_ELEM_DROP: elem_drop(f, a); break;
    case WASM_OP_REF_NULL:
        cg_push(f, LLVMConstPointerNull(f->m->t_ptr));
        break;
    case WASM_OP_REF_IS_NULL:
        cg_push(f, LLVMBuildZExt(f->b, LLVMBuildIsNull(f->b, cg_pop(f), ""),
                                 f->m->t_i32, ""));
        break;
    case WASM_OP_REF_FUNC: cg_push(f, cg_funcref_ptr(f, a)); break;
    default: return CG_NOT_MINE;
    }
    return CG_OK;
}

/* ---- frozen tables ----
 * A table nothing can change after instantiation: defined here, funcref,
 * not exported, no initializer expression, no table.set / grow / fill /
 * init / copy into it in any function, and filled only by active
 * segments at i32.const offsets with functions defined here or nulls
 * (clang's function table).  Its contents are then known here, so
 * call_indirect reads a constant {call entry, type class} array: one
 * load between the index and the call, where the runtime table takes
 * three (element, funcref, entry) and the instance's type id a fourth.
 * Per type class it may read a plain array of call entries instead,
 * whose other-class and null elements are functions that only trap: no
 * class load, compare and branch per call (cg_frozen_class_table). */

/* Entries beyond which a table is not frozen (bounds the constant). */
#define FROZEN_MAX (1u << 16)
/* Entries of all class tables of a module together: each is a pointer
 * in read-only data, and a relocation for the loader at start-up. */
#define CLASS_TABLE_MAX (1u << 15)

typedef struct CgClassTable {
    uint32_t table, cls;
    LLVMValueRef g;
    struct CgClassTable *next;
} CgClassTable;

uint32_t cg_type_class(CgModule *m, uint32_t typeidx)
{
    const WasmModule *wm = m->wm;
    if (!m->type_classes) { /* once per module, not per call site */
        m->type_classes = arena_array(&m->arena, wm->ntypes + 1,
                                      sizeof *m->type_classes);
        for (uint32_t t = 0; t < wm->ntypes; t++) {
            uint32_t c = t;
            for (uint32_t i = 0; i < t && c == t; i++)
                if (m->type_classes[i] == i &&
                    wasm_functype_eq(&wm->types[i], &wm->types[t]))
                    c = i;
            m->type_classes[t] = c;
        }
    }
    return m->type_classes[typeidx];
}

/* Marks the tables some instruction of the module may write. */
static void mark_written(const WasmModule *wm, bool *written)
{
    for (uint32_t i = 0; i < wm->nfuncs; i++) {
        const WasmFunc *fn = &wm->funcs[i];
        for (uint32_t k = 0; !fn->imported && k < fn->ncode; k++) {
            const WasmInstr *in = &fn->code[k];
            switch (in->op) {
            case WASM_OP_TABLE_SET:
            case WASM_OP_TABLE_GROW:
            case WASM_OP_TABLE_FILL:
            case WASM_OP_TABLE_COPY: written[in->u.idx.a] = true; break;
            case WASM_OP_TABLE_INIT: written[in->u.idx.b] = true; break;
            default: break;
            }
        }
    }
    for (uint32_t i = 0; i < wm->nexports; i++)
        if (wm->exports[i].kind == WASM_EXTERN_TABLE)
            written[wm->exports[i].index] = true;
}

/* The function an element expression names: its index, CG_NULL_CLASS
 * for ref.null, or false when it is anything else (global.get) or an
 * imported function (whose funcref carries another instance). */
static bool elem_func(const WasmModule *wm, const WasmConstExpr *e,
                      uint32_t *func)
{
    if (e->count != 2)
        return false;
    if (e->code[0].op == WASM_OP_REF_NULL) {
        *func = CG_NULL_CLASS;
        return true;
    }
    if (e->code[0].op != WASM_OP_REF_FUNC)
        return false;
    *func = e->code[0].u.idx.a;
    return !wm->funcs[*func].imported;
}

/* The functions of table t after instantiation (CG_NULL_CLASS: null), in
 * the module's arena, or NULL when they are not known here. */
static uint32_t *frozen_contents(CgModule *m, uint32_t t)
{
    const WasmModule *wm = m->wm;
    const WasmTable *tab = &wm->tables[t];
    uint32_t n = (uint32_t)tab->type.limits.min;
    if (tab->imported || tab->has_init || tab->type.elem != WASM_FUNCREF ||
        tab->type.limits.is64 || tab->type.limits.min > FROZEN_MAX)
        return NULL;
    uint32_t *fns = arena_array(&m->arena, (size_t)n + 1, sizeof *fns);
    for (uint32_t i = 0; i < n; i++)
        fns[i] = CG_NULL_CLASS;
    for (uint32_t s = 0; s < wm->nelems; s++) {
        const WasmElemSegment *e = &wm->elems[s];
        if (e->mode != WASM_SEG_ACTIVE || e->table != t)
            continue;
        const WasmConstExpr *o = &e->offset;
        bool ok = o->count == 2 && o->code[0].op == WASM_OP_I32_CONST;
        uint32_t at = ok ? (uint32_t)o->code[0].u.i32 : 0;
        /* out of bounds: instantiation traps, nothing runs */
        ok = ok && at <= n && e->count <= n - at;
        for (uint32_t k = 0; ok && k < e->count; k++)
            ok = elem_func(wm, &e->items[k], &fns[at + k]);
        if (!ok)
            return NULL;
    }
    return fns;
}

/* What the funcref's `call` of function fn holds (cg_func_entries). */
static LLVMValueRef call_entry(CgModule *m, uint32_t fn)
{
    const CgFuncInfo *fi = &m->funcs[fn];
    return fi->call_fn ? fi->call_fn : fi->fn;
}

static LLVMValueRef build_frozen(CgModule *m, uint32_t t, const uint32_t *fns)
{
    const WasmModule *wm = m->wm;
    uint32_t n = (uint32_t)wm->tables[t].type.limits.min;
    LLVMTypeRef et = LLVMStructTypeInContext(
        m->ctx, (LLVMTypeRef[]){m->t_ptr, m->t_i32}, 2, 0);
    LLVMValueRef *v = arena_array(&m->arena, (size_t)n + 1, sizeof *v);
    for (uint32_t i = 0; i < n; i++) {
        LLVMValueRef entry = LLVMConstPointerNull(m->t_ptr);
        uint32_t cls = CG_NULL_CLASS;
        if (fns[i] != CG_NULL_CLASS) {
            entry = call_entry(m, fns[i]);
            cls = cg_type_class(m, wm->funcs[fns[i]].type);
        }
        LLVMValueRef f[2] = {entry, LLVMConstInt(m->t_i32, cls, 0)};
        v[i] = LLVMConstStructInContext(m->ctx, f, 2, 0);
    }
    return cg_private_const(m, LLVMConstArray2(et, v, n), "kiln.frozen");
}

LLVMValueRef cg_frozen_table(CgModule *m, uint32_t t, uint32_t *size)
{
    const WasmModule *wm = m->wm;
    if (!m->frozen_tables) {
        m->frozen_tables =
            arena_array(&m->arena, wm->ntables + 1, sizeof *m->frozen_tables);
        m->frozen_fns =
            arena_array(&m->arena, wm->ntables + 1, sizeof *m->frozen_fns);
        bool *written = calloc(wm->ntables + 1, sizeof *written);
        if (!written)
            kiln_oom();
        mark_written(wm, written);
        for (uint32_t i = 0; i < wm->ntables; i++) {
            m->frozen_fns[i] = written[i] ? NULL : frozen_contents(m, i);
            if (m->frozen_fns[i])
                m->frozen_tables[i] = build_frozen(m, i, m->frozen_fns[i]);
        }
        free(written);
    }
    *size = (uint32_t)wm->tables[t].type.limits.min;
    return m->frozen_tables[t];
}

LLVMValueRef cg_frozen_class_table(CgModule *m, uint32_t t, uint32_t cls,
                                   LLVMTypeRef ft)
{
    uint32_t n;
    if (!cg_frozen_table(m, t, &n))
        return NULL;
    for (const CgClassTable *ct = m->class_tables; ct; ct = ct->next)
        if (ct->table == t && ct->cls == cls)
            return ct->g;
    if (n > CLASS_TABLE_MAX - m->class_table_entries)
        return NULL;
    const WasmModule *wm = m->wm;
    const uint32_t *fns = m->frozen_fns[t];
    /* made on first use: [0] for nulls, [1] for other classes */
    LLVMValueRef trapping[2] = {NULL, NULL};
    LLVMValueRef *v = arena_array(&m->arena, (size_t)n + 1, sizeof *v);
    for (uint32_t i = 0; i < n; i++) {
        bool null = fns[i] == CG_NULL_CLASS;
        if (!null && cg_type_class(m, wm->funcs[fns[i]].type) == cls) {
            v[i] = call_entry(m, fns[i]);
            continue;
        }
        if (!trapping[!null])
            trapping[!null] = cg_trap_entry(
                m, ft, LLVMFastCallConv,
                null ? KILN_TRAP_UNINITIALIZED_ELEMENT : KILN_TRAP_INDIRECT_TYPE);
        v[i] = trapping[!null];
    }
    CgClassTable *ct = arena_alloc(&m->arena, sizeof *ct);
    *ct = (CgClassTable){t, cls,
                         cg_private_const(m, LLVMConstArray2(m->t_ptr, v, n),
                                          "kiln.frozen_class"),
                         m->class_tables};
    m->class_tables = ct;
    m->class_table_entries += n;
    return ct->g;
}
