/* The component descriptor (runtime/kiln_cm.h KilnComponentDesc): the
 * link plan (compiler/component/plan.h) as constant data.  Core instance
 * i is the object compiled with desc_symbol "kiln_core_<i>"; its dynamic
 * imports are exactly the plan's PLAN_BIND_ITEM bindings, in import order
 * (cg_desc.c lists them the same way).  Executables also get main(),
 * which calls kiln_component_main() (kiln_serve_main() for a proxy
 * component) with the baked WASI configuration.  Host resource rows name
 * the host's drop function, so only imported interfaces are linked.
 */
#include <stdio.h>
#include <string.h>

#include "codegen/cg.h"
#include "component/plan.h"
#include "kiln_cm.h"

typedef struct CompTypes {
    LLVMTypeRef import_src, core_inst, export_ref, resource, opts, lift, desc;
} CompTypes;

static LLVMTypeRef comp_struct(CgModule *m, const char *name, LLVMTypeRef *f,
                               unsigned n)
{
    LLVMTypeRef t = LLVMStructCreateNamed(m->ctx, name);
    LLVMStructSetBody(t, f, n, 0);
    return t;
}

static void comp_types(CgModule *m, CompTypes *t)
{
    LLVMTypeRef p = m->t_ptr, i32 = m->t_i32;
    t->import_src = comp_struct(m, "KilnCoreImportSrc",
                                (LLVMTypeRef[]){i32, i32, i32, i32}, 4);
    t->core_inst = comp_struct(m, "KilnCoreInstDesc",
                               (LLVMTypeRef[]){p, p, i32, i32}, 4);
    t->export_ref = comp_struct(m, "KilnCoreExportRef",
                                (LLVMTypeRef[]){i32, i32}, 2);
    t->resource = comp_struct(m, "KilnResourceDesc",
                              (LLVMTypeRef[]){p, i32, i32, t->export_ref, p},
                              5);
    t->opts = comp_struct(m, "KilnCanonOptsDesc",
                          (LLVMTypeRef[]){i32, i32, i32, i32, t->export_ref,
                                          t->export_ref},
                          6);
    t->lift = comp_struct(m, "KilnLiftDesc",
                          (LLVMTypeRef[]){p, p, t->export_ref, t->opts}, 4);
    t->desc = comp_struct(m, "KilnComponentDesc",
                          (LLVMTypeRef[]){i32, i32, i32, i32, i32, i32, p, p, p,
                                          p},
                          10);
#ifndef NDEBUG
    LLVMTargetDataRef td = m->td;
    if (LLVMABISizeOfType(td, t->core_inst) != sizeof(KilnCoreInstDesc) ||
        LLVMABISizeOfType(td, t->resource) != sizeof(KilnResourceDesc) ||
        LLVMABISizeOfType(td, t->lift) != sizeof(KilnLiftDesc) ||
        LLVMABISizeOfType(td, t->desc) != sizeof(KilnComponentDesc))
        if (!m->opts->triple)
            KILN_BUG("component descriptor layout differs from kiln_cm.h");
#endif
}

static LLVMValueRef u32(CgModule *m, uint64_t v)
{
    return LLVMConstInt(m->t_i32, v, 0);
}

static LLVMValueRef str(CgModule *m, const char *s)
{
    if (!s)
        return LLVMConstPointerNull(m->t_ptr);
    return cg_private_const(
        m, LLVMConstStringInContext(m->ctx, s, strlen(s), 0), ".str");
}

static LLVMValueRef array(CgModule *m, LLVMTypeRef elt, LLVMValueRef *v,
                          uint32_t n, const char *name)
{
    if (n == 0)
        return LLVMConstPointerNull(m->t_ptr);
    return cg_private_const(m, LLVMConstArray2(elt, v, n), name);
}

static LLVMValueRef export_ref(CgModule *m, const CompTypes *t, bool has,
                               const PlanItem *it)
{
    LLVMValueRef f[2] = {u32(m, has ? it->instance : KILN_NO_INDEX),
                         u32(m, has ? it->export_index : KILN_NO_INDEX)};
    return LLVMConstNamedStruct(t->export_ref, f, 2);
}

static LLVMValueRef canon_opts(CgModule *m, const CompTypes *t,
                               const PlanCanonOpts *o)
{
    static const uint32_t enc[] = {[CMP_UTF8] = KILN_UTF8,
                                   [CMP_UTF16] = KILN_UTF16,
                                   [CMP_LATIN1_UTF16] = KILN_LATIN1_UTF16};
    LLVMValueRef f[6] = {
        u32(m, o->comp_instance), u32(m, enc[o->encoding]),
        u32(m, o->has_memory ? o->memory.instance : KILN_NO_INDEX),
        u32(m, o->has_memory ? o->memory.index : KILN_NO_INDEX),
        export_ref(m, t, o->has_realloc, &o->realloc),
        export_ref(m, t, o->has_post_return, &o->post_return)};
    return LLVMConstNamedStruct(t->opts, f, 6);
}

/* The symbol prefix: "app" when opts->desc_symbol is "app_component_desc"
 * (--emit lib), else "kiln". */
static const char *lib_prefix(CgModule *m)
{
    const char *d = m->opts->desc_symbol, *suffix = "_component_desc";
    size_t n = d ? strlen(d) : 0, k = strlen(suffix);
    if (n <= k || strcmp(d + n - k, suffix) != 0)
        return "kiln";
    return arena_printf(&m->arena, "%.*s", (int)(n - k), d);
}

/* --emit lib: a reference to the symbol only a runtime of the same ABI
 * defines, so a library from another kiln fails to link with its name. */
static void abi_reference(CgModule *m)
{
    LLVMValueRef abi =
        LLVMAddGlobal(m->mod, m->t_i32, KILN_RT_ABI_SYMBOL_NAME);
    const char *pre = lib_prefix(m);
    char *ref = arena_printf(&m->arena, "%s_abi_ref", pre);
    LLVMValueRef g = LLVMAddGlobal(m->mod, LLVMTypeOf(abi), ref);
    LLVMSetInitializer(g, abi);
    LLVMSetGlobalConstant(g, 1);
    LLVMSetVisibility(g, LLVMHiddenVisibility);
}

/* KilnCoreInstDesc of instance i, with its KilnCoreImportSrc rows. */
static LLVMValueRef core_instance(CgModule *m, const CompTypes *t,
                                  const Plan *p, uint32_t i)
{
    const PlanCoreInstance *ci = &p->instances[i];
    const WasmModule *wm = p->modules[ci->module].module;
    LLVMValueRef *rows = arena_array(&m->arena, wm->nimports + 1, sizeof *rows);
    uint32_t n = 0;
    for (uint32_t k = 0; k < wm->nimports; k++) {
        const PlanBinding *b = &ci->imports[k];
        if (b->kind != PLAN_BIND_ITEM)
            continue;
        LLVMValueRef f[4] = {u32(m, b->item.instance), u32(m, b->item.kind),
                             u32(m, b->item.index), u32(m, 0)};
        rows[n++] = LLVMConstNamedStruct(t->import_src, f, 4);
    }
    char sym[192];
    snprintf(sym, sizeof sym, "%s_core_%u", lib_prefix(m), i);
    LLVMValueRef desc = LLVMAddGlobal(m->mod, m->t_moddesc, sym);
    LLVMSetGlobalConstant(desc, 1);
    LLVMValueRef f[4] = {desc, array(m, t->import_src, rows, n, "kiln.imports"),
                         u32(m, ci->comp_instance), u32(m, 0)};
    return LLVMConstNamedStruct(t->core_inst, f, 4);
}

/* C names of the host resources by host id (the planner's copy of the
 * runtime's host table, in the same row order as plan_host.c). */
static const char *const host_resource_cnames[] = {
#define KILN_HOST_RESOURCE(c_name, iface, resource) #c_name,
#define KILN_HOST_FUNC(c_name, iface, abi_name, type_key)
#include "component/plan_host_table.inc"
#undef KILN_HOST_FUNC
#undef KILN_HOST_RESOURCE
};

/* The host's destructor of host resource `host_type`: a reference to
 * `<c_name>_drop` (runtime/kiln_cm.h KilnResourceDesc.drop), which links
 * the implementation of that resource's interface; NULL for guest rows. */
static LLVMValueRef host_drop(CgModule *m, int32_t host_type)
{
    size_t n = sizeof host_resource_cnames / sizeof *host_resource_cnames;
    if (host_type < 0 || (size_t)host_type >= n)
        return LLVMConstPointerNull(m->t_ptr);
    char *name =
        arena_printf(&m->arena, "%s_drop", host_resource_cnames[host_type]);
    LLVMValueRef f = LLVMGetNamedFunction(m->mod, name);
    if (!f) {
        LLVMTypeRef ft = LLVMFunctionType(
            LLVMVoidTypeInContext(m->ctx),
            (LLVMTypeRef[]){m->t_ptr, m->t_ptr}, 2, 0);
        f = LLVMAddFunction(m->mod, name, ft);
    }
    return f;
}

static LLVMValueRef resources(CgModule *m, const CompTypes *t, const Plan *p)
{
    LLVMValueRef *v = arena_array(&m->arena, p->nresources + 1, sizeof *v);
    for (uint32_t i = 0; i < p->nresources; i++) {
        const PlanResource *r = &p->resources[i];
        LLVMValueRef f[5] = {str(m, r->name),
                             u32(m, r->host_type >= 0 ? (uint32_t)r->host_type + 1 : 0),
                             u32(m, r->comp_instance),
                             export_ref(m, t, r->has_dtor, &r->dtor),
                             host_drop(m, r->host_type)};
        v[i] = LLVMConstNamedStruct(t->resource, f, 5);
    }
    return array(m, t->resource, v, p->nresources, "kiln.resources");
}

static LLVMValueRef exports(CgModule *m, const CompTypes *t, const Plan *p)
{
    LLVMValueRef *v = arena_array(&m->arena, p->nexports + 1, sizeof *v);
    for (uint32_t i = 0; i < p->nexports; i++) {
        const PlanExport *e = &p->exports[i];
        const WasmModule *wm =
            p->modules[p->instances[e->core.instance].module].module;
        const WasmFuncType *ft = &wm->types[wm->funcs[e->core.index].type];
        LLVMValueRef f[4] = {str(m, e->name), str(m, cg_sig_string(m, ft)),
                             export_ref(m, t, true, &e->core),
                             canon_opts(m, t, &e->lift)};
        v[i] = LLVMConstNamedStruct(t->lift, f, 4);
    }
    return array(m, t->lift, v, p->nexports, "kiln.exports");
}

/* A wasi:http/proxy component (no wasi:cli/run, exports
 * incoming-handler's handle): its main() is the server's
 * (runtime/serve/serve.h kiln_serve_main), named only here so that other
 * programs do not link the server. */
static bool serves(const Plan *p)
{
    static const char pre[] = "wasi:http/incoming-handler@";
    if (p->run_export >= 0)
        return false;
    for (uint32_t i = 0; i < p->nexports; i++) {
        const char *n = p->exports[i].name;
        size_t len = n ? strlen(n) : 0;
        if (len > sizeof pre + 7 && strncmp(n, pre, sizeof pre - 1) == 0 &&
            strcmp(n + len - 7, "#handle") == 0)
            return true;
    }
    return false;
}

static void emit_component_desc(CgModule *m, const Plan *p)
{
    CompTypes t;
    comp_types(m, &t);
    LLVMValueRef *cores = arena_array(&m->arena, p->ninstances + 1, sizeof *cores);
    for (uint32_t i = 0; i < p->ninstances; i++)
        cores[i] = core_instance(m, &t, p, i);
    LLVMValueRef *parents =
        arena_array(&m->arena, p->ncomp_instances + 1, sizeof *parents);
    for (uint32_t i = 0; i < p->ncomp_instances; i++)
        parents[i] = u32(m, p->comp_instances[i].parent < 0
                                ? KILN_NO_INDEX
                                : (uint32_t)p->comp_instances[i].parent);
    LLVMValueRef f[10] = {
        u32(m, KILN_RT_ABI_VERSION), u32(m, p->ninstances),
        u32(m, p->ncomp_instances), u32(m, p->nresources), u32(m, p->nexports),
        u32(m, (uint32_t)p->run_export),
        array(m, t.core_inst, cores, p->ninstances, "kiln.cores"),
        resources(m, &t, p), exports(m, &t, p),
        array(m, m->t_i32, parents, p->ncomp_instances, "kiln.parents")};
    char *sym = arena_printf(&m->arena, "%s_component_desc", lib_prefix(m));
    LLVMValueRef desc = LLVMAddGlobal(m->mod, t.desc, sym);
    if (strcmp(lib_prefix(m), "kiln") != 0)
        abi_reference(m);
    LLVMSetInitializer(desc, LLVMConstNamedStruct(t.desc, f, 10));
    LLVMSetGlobalConstant(desc, 1);
    if (m->opts->exe_config)
        cg_emit_main(m, serves(p) ? "kiln_serve_main" : "kiln_component_main",
                     desc);
}

bool cg_compile_component(const Plan *plan, const CgOptions *opts,
                          const char *obj_path, Diag *diag)
{
    WasmModule empty = {0};
    empty.path = "component";
    CgModule cm = {0}, *m = &cm;
    m->wm = &empty;
    m->opts = opts;
    m->diag = diag;
    m->nparts = 1;
    cg_module_open(m, "kiln component");
    bool ok = cg_target_create(m);
    if (ok) {
        cg_types_init(m);
        emit_component_desc(m, plan);
        ok = cg_target_emit(m, obj_path);
    }
    cg_module_close(m);
    return ok;
}
