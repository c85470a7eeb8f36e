/* instance.c: instantiating a compiled component (shared/DESIGN.md,
 * "Plan": the component instantiated statically).  The descriptor lists
 * the core instances in instantiation order; each one's dynamic imports
 * name items of earlier core instances (the shim / fixup-module tables
 * included), so instantiation is a loop.  Every core instance's vm->host
 * is the component instance, set before its init (start function) runs,
 * which may already call lowered imports.  The component instance holds
 * one handle table and one pair of may_enter / may_leave flags per
 * component instance of the plan (CanonicalABI.md "Component
 * Instances"), and the WASI 0.2 host state.
 */
#include "cm.h"
#include "core/core.h"

#include <string.h>

static uint32_t kind_count(const KilnModuleDesc *d, uint32_t kind)
{
    switch (kind) {
    case KILN_EXTERN_FUNC: return d->nfuncs;
    case KILN_EXTERN_TABLE: return d->ntables;
    case KILN_EXTERN_MEMORY: return d->nmemories;
    case KILN_EXTERN_GLOBAL: return d->nglobals;
    }
    return 0;
}

/* The item `src` names, or false when the descriptor is malformed. */
static bool import_item(KilnComponentInst *ci, uint32_t self,
                        const KilnCoreImportSrc *src, KilnExtern *out)
{
    if (src->instance >= self || !ci->cores[src->instance])
        return false;
    KilnVmctx *vm = ci->cores[src->instance];
    if (src->index >= kind_count(vm->desc, src->kind))
        return false;
    out->kind = src->kind;
    switch ((KilnExternKind)src->kind) {
    case KILN_EXTERN_FUNC: out->u.func = vm->funcs[src->index]; break;
    case KILN_EXTERN_TABLE: out->u.table = vm->tables[src->index]; break;
    case KILN_EXTERN_MEMORY: out->u.memory = vm->memories[src->index]; break;
    case KILN_EXTERN_GLOBAL: out->u.global = vm->globals[src->index]; break;
    }
    return true;
}

static bool instantiate_core(KilnComponentInst *ci, uint32_t i,
                             KilnTrapInfo *err)
{
    const KilnCoreInstDesc *cd = &ci->desc->cores[i];
    const KilnModuleDesc *m = cd->module;
    KilnExtern *ext = kiln_rt_alloc_array(m->nimports ? m->nimports : 1,
                                          sizeof(KilnExtern));
    if (!ext) {
        kiln_err_set(err, "out of memory");
        return false;
    }
    for (uint32_t j = 0; j < m->nimports; j++) {
        if (!cd->imports || !import_item(ci, i, &cd->imports[j], &ext[j])) {
            kiln_err_set(err,
                         "malformed component descriptor: import %u of core "
                         "instance %u names no item of an earlier instance",
                         j, i);
            kiln_rt_free(ext);
            return false;
        }
    }
    ci->cores[i] = kiln_instance_new_with_host(m, ext, ci, err);
    kiln_rt_free(ext);
    return ci->cores[i] != NULL;
}

static bool check_desc(const KilnComponentDesc *d, KilnTrapInfo *err)
{
    if (d->abi_version != KILN_RT_ABI_VERSION) {
        kiln_err_set(err,
                     "component compiled for runtime ABI version %u, but "
                     "this runtime implements version %u: recompile it",
                     d->abi_version, KILN_RT_ABI_VERSION);
        return false;
    }
    for (uint32_t i = 0; i < d->ncores; i++)
        if (!d->cores[i].module ||
            d->cores[i].comp_instance >= d->ncomp_instances) {
            kiln_err_set(err, "malformed component descriptor: core "
                              "instance %u",
                         i);
            return false;
        }
    return true;
}

static bool alloc_state(CmInst *c, const KilnComponentDesc *d)
{
    KilnComponentInst *ci = &c->pub;
    ci->desc = d;
    uint32_t n = d->ncomp_instances;
    ci->cores = kiln_rt_alloc_array(d->ncores + 1, sizeof(KilnVmctx *));
    ci->tables = kiln_rt_alloc_array(n + 1, sizeof(KilnHandleTable));
    ci->may_leave = kiln_rt_alloc(n + 1);
    ci->may_enter = kiln_rt_alloc(n + 1);
    if (!ci->cores || !ci->tables || !ci->may_leave || !ci->may_enter)
        return false;
    memset(ci->may_leave, 1, n);
    memset(ci->may_enter, 1, n);
    return true;
}

static bool setup_wasi(KilnComponentInst *ci, const KilnWasiConfig *wasi,
                       KilnTrapInfo *err)
{
    /* A static link pulls the WASI 0.2 host in only when the component
     * imports some of it: without it there is nothing to set up. */
    if (!wasi || !kiln_wasi_p2_new)
        return true;
    char msg[200] = "cannot set up WASI";
    ci->wasi = kiln_wasi_p2_new(wasi, msg, sizeof msg);
    if (!ci->wasi)
        kiln_err_set(err, "%s", msg);
    return ci->wasi != NULL;
}

KilnComponentInst *kiln_component_new(const KilnComponentDesc *desc,
                                      const KilnWasiConfig *wasi,
                                      KilnTrapInfo *err)
{
    if (!check_desc(desc, err))
        return NULL;
    kiln_rt_init_thread();
    CmInst *c = kiln_rt_alloc(sizeof *c);
    if (!c || !alloc_state(c, desc)) {
        kiln_err_set(err, "out of memory");
        kiln_component_free(c ? &c->pub : NULL);
        return NULL;
    }
    KilnComponentInst *ci = &c->pub;
    if (!setup_wasi(ci, wasi, err)) {
        kiln_component_free(ci);
        return NULL;
    }
    for (uint32_t i = 0; i < desc->ncores; i++) {
        if (!instantiate_core(ci, i, err)) {
            kiln_component_free(ci);
            return NULL;
        }
    }
    return ci;
}

void kiln_component_free(KilnComponentInst *ci)
{
    if (!ci)
        return;
    CmInst *c = cm_inst(ci);
    cm_hobj_drop_all(c);
    for (uint32_t i = ci->desc->ncores; ci->cores && i-- > 0;)
        kiln_instance_free(ci->cores[i]);
    if (ci->wasi && kiln_wasi_p2_free)
        kiln_wasi_p2_free(ci->wasi);
    cm_tables_free(c);
    kiln_rt_free(c->frames);
    kiln_rt_free(c->lends);
    kiln_rt_free(ci->cores);
    kiln_rt_free(ci->tables);
    kiln_rt_free(ci->may_leave);
    kiln_rt_free(ci->may_enter);
    kiln_rt_free(c);
}
