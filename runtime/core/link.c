/* link.c: binding dynamic imports at instantiation (spec 4.5.4
 * "instantiation", 4.5.2 "import matching").  A function matches when its
 * interned signature is the import's; a table or memory when its element
 * or index type is the same and its limits are a subtype of the import's
 * (current size >= declared min; when the import has a max, the object
 * has one too and it is <= the import's); a global when type and
 * mutability are equal.  Code compiled without bounds checks (guard mode)
 * also needs every imported 32-bit memory to carry a guard reservation.
 */
#include "core.h"

#include <stdarg.h>

void kiln_err_set(KilnTrapInfo *err, const char *fmt, ...)
{
    if (!err)
        return;
    va_list ap;
    va_start(ap, fmt);
    err->kind = KILN_TRAP_NONE;
    err->exit_status = 0;
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    err->backtrace[0] = '\0';
    va_end(ap);
}

static bool limits_match(const KilnLimitsDesc *want, uint64_t size,
                         bool has_max, uint64_t max)
{
    if (size < want->min)
        return false;
    return !want->has_max || (has_max && max <= want->max);
}

bool kiln_extern_matches(const KilnImportDesc *imp, const KilnExtern *ext)
{
    if (!ext || ext->kind != imp->kind || !ext->u.func)
        return false;
    switch ((KilnExternKind)imp->kind) {
    case KILN_EXTERN_FUNC:
        return ext->u.func->type_id == kiln_rt_type_intern(imp->sig);
    case KILN_EXTERN_TABLE: {
        const KilnTable *t = ext->u.table;
        return t->elem_type == imp->type &&
               limits_match(&imp->limits, t->size, t->has_max, t->max);
    }
    case KILN_EXTERN_MEMORY: {
        const KilnMemory *m = ext->u.memory;
        return m->is64 == imp->limits.is64 &&
               limits_match(&imp->limits, m->size / KILN_WASM_PAGE,
                            m->has_max, m->max_pages);
    }
    case KILN_EXTERN_GLOBAL:
        return ext->u.global->type == imp->type &&
               ext->u.global->mut == imp->mut;
    }
    return false;
}

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

static bool needs_guard(const KilnModuleDesc *d, const KilnExtern *ext)
{
    return ext->kind == KILN_EXTERN_MEMORY &&
           !(d->flags & KILN_DESC_EXPLICIT_BOUNDS) && !ext->u.memory->is64 &&
           !kiln_mem_is_guarded(ext->u.memory);
}

static void bind(KilnVmctx *vm, const KilnImportDesc *imp,
                 const KilnExtern *ext)
{
    switch ((KilnExternKind)imp->kind) {
    case KILN_EXTERN_FUNC: vm->funcs[imp->index] = ext->u.func; break;
    case KILN_EXTERN_TABLE: vm->tables[imp->index] = ext->u.table; break;
    case KILN_EXTERN_MEMORY: vm->memories[imp->index] = ext->u.memory; break;
    case KILN_EXTERN_GLOBAL: vm->globals[imp->index] = ext->u.global; break;
    }
}

bool kiln_link_imports(KilnVmctx *vm, const KilnExtern *imports,
                       KilnTrapInfo *err)
{
    const KilnModuleDesc *d = vm->desc;
    for (uint32_t i = 0; i < d->nimports; i++) {
        const KilnImportDesc *imp = &d->imports[i];
        const KilnExtern *ext = imports ? &imports[i] : NULL;
        int ml = (int)imp->module_len, nl = (int)imp->name_len;
        if (imp->index >= kind_count(d, imp->kind)) {
            kiln_err_set(err, "malformed descriptor: import `%.*s.%.*s`",
                         ml, imp->module, nl, imp->name);
            return false;
        }
        if (!ext || !ext->u.func) {
            kiln_err_set(err, "unknown import `%.*s.%.*s`", ml, imp->module,
                         nl, imp->name);
            return false;
        }
        if (!kiln_extern_matches(imp, ext)) {
            kiln_err_set(err, "incompatible import type for `%.*s.%.*s`", ml,
                         imp->module, nl, imp->name);
            return false;
        }
        if (needs_guard(d, ext)) {
            kiln_err_set(err,
                         "incompatible import type for `%.*s.%.*s`: code "
                         "compiled without bounds checks needs a memory "
                         "with guard pages",
                         ml, imp->module, nl, imp->name);
            return false;
        }
        bind(vm, imp, ext);
    }
    return true;
}
