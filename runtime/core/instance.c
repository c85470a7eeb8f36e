/* instance.c: module instantiation (spec 4.5.4) from a compiled
 * descriptor.  Allocates the KilnVmctx and its index spaces, binds dynamic
 * imports (link.c), creates the instance's own memories, tables and
 * globals, builds a KilnFuncRef per function, interns the type ids, sets
 * up passive segment state and the WASI host, registers the code range for
 * fault attribution, and finally runs the module's init (global and
 * element initializers, active segments, start function) under a guard.
 */
#include "core.h"
#include "wasi_p1/wasi_p1.h"

#include <string.h>

/* The vmctx generated code sees, followed by what only the runtime uses. */
typedef struct KilnInstance {
    KilnVmctx vm;
    KilnFuncRef *own_funcs;
    KilnCodeInfo *code;
    struct KilnInstance *next_zombie;
    bool host_borrowed; /* vm->host belongs to the caller (components) */
} KilnInstance;

/* Instances whose init trapped while their functions may be referenced
 * from imported tables or globals: kept until exit (see kiln_rt.h). */
static _Atomic(KilnInstance *) zombies;

static bool alloc_arrays(KilnVmctx *vm, const KilnModuleDesc *d)
{
    KilnInstance *inst = (KilnInstance *)vm;
    vm->memories = kiln_rt_alloc_array(d->nmemories, sizeof(KilnMemory *));
    vm->tables = kiln_rt_alloc_array(d->ntables, sizeof(KilnTable *));
    vm->globals = kiln_rt_alloc_array(d->nglobals, sizeof(KilnGlobal *));
    vm->funcs = kiln_rt_alloc_array(d->nfuncs, sizeof(KilnFuncRef *));
    vm->type_ids = kiln_rt_alloc_array(d->ntypes, sizeof(uint32_t));
    vm->datas = kiln_rt_alloc_array(d->ndatas, sizeof(KilnDataSeg));
    vm->elems = kiln_rt_alloc_array(d->nelems, sizeof(KilnElemSeg));
    inst->own_funcs = kiln_rt_alloc_array(d->nfuncs, sizeof(KilnFuncRef));
    return vm->memories && vm->tables && vm->globals && vm->funcs &&
           vm->type_ids && vm->datas && vm->elems && inst->own_funcs;
}

static bool intern_types(KilnVmctx *vm, const KilnModuleDesc *d)
{
    for (uint32_t i = 0; i < d->ntypes; i++)
        if (!(vm->type_ids[i] = kiln_rt_type_intern(d->types[i])))
            return false;
    return true;
}

/* Code compiled without bounds checks relies on guard pages for every
 * 32-bit memory; memory64 is always checked explicitly. */
static bool create_memories(KilnVmctx *vm, const KilnModuleDesc *d,
                            KilnTrapInfo *err)
{
    bool explicit = d->flags & KILN_DESC_EXPLICIT_BOUNDS;
    for (uint32_t i = 0; i < d->nmemories; i++) {
        const KilnLimitsDesc *l = &d->memories[i].limits;
        bool guard = !explicit && !l->is64;
        if (d->memories[i].imported ||
            (vm->memories[i] = kiln_mem_create(l->min, l->max, l->has_max,
                                               l->is64, guard)))
            continue;
        if (!l->is64 && l->min >= KILN_MAX_PAGES32) /* memory.c's cap */
            kiln_err_set(err, "memory %u: a minimum of %llu pages exceeds "
                              "kiln's limit of 65535 pages (4 GiB - 64 KiB) "
                              "for 32-bit memories",
                         i, (unsigned long long)l->min);
        else if (guard)
            kiln_err_set(err, "cannot create memory %u: out of memory, or "
                              "no room for its %llu-byte guard reservation "
                              "(code compiled without bounds checks needs "
                              "one)",
                         i, (unsigned long long)KILN_GUARD_RESERVATION);
        else
            kiln_err_set(err, "cannot allocate memory %u", i);
        return false;
    }
    return true;
}

static bool create_objects(KilnVmctx *vm, const KilnModuleDesc *d)
{
    for (uint32_t i = 0; i < d->ntables; i++) {
        const KilnTableDesc *t = &d->tables[i];
        if (!t->imported &&
            !(vm->tables[i] = kiln_table_new(t->elem_type, t->limits.min,
                                             t->limits.max,
                                             t->limits.has_max)))
            return false;
    }
    KilnValue zero;
    memset(&zero, 0, sizeof zero);
    for (uint32_t i = 0; i < d->nglobals; i++) {
        const KilnGlobalDesc *g = &d->globals[i];
        if (!g->imported &&
            !(vm->globals[i] = kiln_global_new(g->type, g->mut, zero)))
            return false;
    }
    return true;
}

/* Own and compile-time-bound functions; dynamic imports are bound. */
static bool build_funcs(KilnVmctx *vm, const KilnModuleDesc *d,
                        KilnTrapInfo *err)
{
    KilnInstance *inst = (KilnInstance *)vm;
    for (uint32_t i = 0; i < d->nfuncs; i++) {
        if (vm->funcs[i])
            continue;
        if (!d->funcs[i].code || d->funcs[i].type >= d->ntypes) {
            kiln_err_set(err, "malformed descriptor: function %u has no code",
                         i);
            return false;
        }
        const KilnFuncEntry *e = d->entries ? &d->entries[i] : NULL;
        void *code = d->funcs[i].code;
        inst->own_funcs[i] = (KilnFuncRef){
            e && e->code ? e->code : code, vm,
            vm->type_ids[d->funcs[i].type], 0, e && e->call ? e->call : code};
        vm->funcs[i] = &inst->own_funcs[i];
    }
    for (uint32_t i = 0; i < d->ndatas; i++)
        vm->datas[i] = (KilnDataSeg){d->datas[i].bytes, d->datas[i].len};
    return true;
}

static bool setup_wasi(KilnVmctx *vm, const KilnWasiConfig *wasi,
                       KilnTrapInfo *err)
{
    if (!wasi)
        return true;
    char msg[200] = "cannot set up WASI";
    vm->host = kiln_wasi_new(wasi, msg, sizeof msg);
    if (!vm->host)
        kiln_err_set(err, "%s", msg);
    return vm->host != NULL;
}

static bool setup(KilnVmctx *vm, const KilnExtern *imports,
                  const KilnWasiConfig *wasi, KilnTrapInfo *err)
{
    const KilnModuleDesc *d = vm->desc;
    KilnInstance *inst = (KilnInstance *)vm;
    if (!alloc_arrays(vm, d) || !intern_types(vm, d)) {
        kiln_err_set(err, "out of memory");
        return false;
    }
    if (!kiln_link_imports(vm, imports, err) || !build_funcs(vm, d, err))
        return false;
    if (!create_memories(vm, d, err))
        return false;
    /* guard-mode code reads memory 0's base from here (kiln_rt.h) */
    if (d->nmemories && kiln_mem_is_guarded(vm->memories[0]))
        vm->mem0_base = vm->memories[0]->base;
    if (!create_objects(vm, d)) {
        kiln_err_set(err, "cannot allocate the module's tables or globals");
        return false;
    }
    if (!(inst->code = kiln_code_register(d))) {
        kiln_err_set(err, "out of memory");
        return false;
    }
    vm->stack_limit = kiln_os_stack_limit();
    return setup_wasi(vm, wasi, err);
}

static void run_init(void *arg)
{
    KilnVmctx *vm = arg;
    vm->desc->init(vm);
}

static bool may_escape(const KilnModuleDesc *d)
{
    for (uint32_t i = 0; i < d->nimports; i++)
        if (d->imports[i].kind == KILN_EXTERN_TABLE ||
            d->imports[i].kind == KILN_EXTERN_GLOBAL)
            return true;
    return false;
}

static void discard_after_trap(KilnInstance *inst)
{
    if (may_escape(inst->vm.desc)) {
        inst->next_zombie = atomic_load(&zombies);
        while (!atomic_compare_exchange_weak(&zombies, &inst->next_zombie,
                                             inst))
            ;
        return;
    }
    kiln_instance_free(&inst->vm);
}

/* The common path: `host`, when given, is set before setup and init run
 * and is not the instance's to free (WASI is then not created). */
static KilnVmctx *instance_create(const KilnModuleDesc *desc,
                                  const KilnExtern *imports,
                                  const KilnWasiConfig *wasi, void *host,
                                  KilnTrapInfo *err)
{
    if (desc->abi_version != KILN_RT_ABI_VERSION) {
        kiln_err_set(err,
                     "module compiled for runtime ABI version %u, but this "
                     "runtime implements version %u: recompile it",
                     desc->abi_version, KILN_RT_ABI_VERSION);
        return NULL;
    }
    kiln_rt_init_thread();
    KilnInstance *inst = kiln_rt_alloc(sizeof *inst);
    if (!inst) {
        kiln_err_set(err, "out of memory");
        return NULL;
    }
    KilnVmctx *vm = &inst->vm;
    vm->desc = desc;
    vm->host = host;
    inst->host_borrowed = host != NULL;
    if (!setup(vm, imports, host ? NULL : wasi, err)) {
        kiln_instance_free(vm);
        return NULL;
    }
    KilnTrapInfo local;
    KilnTrapInfo *info = err ? err : &local;
    if (kiln_memimage_begin)
        kiln_memimage_begin(vm);
    bool trapped = desc->init && kiln_rt_call_guarded(run_init, vm, info);
    if (kiln_memimage_end && !kiln_memimage_end(vm, trapped) && !trapped) {
        kiln_err_set(err, "cannot restore memory after a memory image");
        kiln_instance_free(vm);
        return NULL;
    }
    if (trapped) {
        discard_after_trap(inst);
        return NULL;
    }
    return vm;
}

KilnVmctx *kiln_instance_new(const KilnModuleDesc *desc,
                             const KilnExtern *imports,
                             const KilnWasiConfig *wasi, KilnTrapInfo *err)
{
    return instance_create(desc, imports, wasi, NULL, err);
}

KilnVmctx *kiln_instance_new_with_host(const KilnModuleDesc *desc,
                                       const KilnExtern *imports, void *host,
                                       KilnTrapInfo *err)
{
    return instance_create(desc, imports, NULL, host, err);
}

void kiln_instance_free(KilnVmctx *vm)
{
    if (!vm)
        return;
    KilnInstance *inst = (KilnInstance *)vm;
    const KilnModuleDesc *d = vm->desc;
    kiln_code_unregister(inst->code);
    if (vm->host && !inst->host_borrowed)
        kiln_wasi_free(vm->host);
    for (uint32_t i = 0; vm->memories && i < d->nmemories; i++)
        if (!d->memories[i].imported)
            kiln_memory_free(vm->memories[i]);
    for (uint32_t i = 0; vm->tables && i < d->ntables; i++)
        if (!d->tables[i].imported)
            kiln_table_free(vm->tables[i]);
    for (uint32_t i = 0; vm->globals && i < d->nglobals; i++)
        if (!d->globals[i].imported)
            kiln_global_free(vm->globals[i]);
    for (uint32_t i = 0; vm->elems && i < d->nelems; i++)
        kiln_rt_free(vm->elems[i].items);
    kiln_rt_free(vm->memories);
    kiln_rt_free(vm->tables);
    kiln_rt_free(vm->globals);
    kiln_rt_free(vm->funcs);
    kiln_rt_free(vm->type_ids);
    kiln_rt_free(vm->datas);
    kiln_rt_free(vm->elems);
    kiln_rt_free(inst->own_funcs);
    kiln_rt_free(inst);
}

bool kiln_instance_export(KilnVmctx *vm, const char *name, size_t name_len,
                          KilnExtern *out)
{
    const KilnModuleDesc *d = vm->desc;
    for (uint32_t i = 0; i < d->nexports; i++) {
        const KilnExportDesc *e = &d->exports[i];
        if (e->name_len != name_len || memcmp(e->name, name, name_len))
            continue;
        out->kind = e->kind;
        switch ((KilnExternKind)e->kind) {
        case KILN_EXTERN_FUNC: out->u.func = vm->funcs[e->index]; break;
        case KILN_EXTERN_TABLE: out->u.table = vm->tables[e->index]; break;
        case KILN_EXTERN_MEMORY: out->u.memory = vm->memories[e->index]; break;
        case KILN_EXTERN_GLOBAL: out->u.global = vm->globals[e->index]; break;
        }
        return true;
    }
    return false;
}
