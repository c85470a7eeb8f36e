/* The link plan (shared/DESIGN.md "Plan"; Explainer.md "Instance
 * Definitions" and "Import and Export Definitions"): the root component
 * instantiated statically by plan_eval.c against the runtime's imports
 * (plan_import.c), then its exports collected: each exported function,
 * or function of an exported instance ("iface#func"), must be one some
 * component instance lifts.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "component/plan_internal.h"

_Noreturn void plan_fail(PlanBuilder *b, uint32_t offset, const char *fmt,
                         ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    diag_at(b->diag, b->f->path, offset, "%s", msg);
    longjmp(b->fail, 1);
}

/* Growth inside the plan's arena (the old block is simply left there). */
void *plan_push(PlanBuilder *b, void **arr, uint32_t *n, uint32_t *cap,
                size_t elem)
{
    if (*n == *cap) {
        uint32_t ncap = *cap ? *cap * 2 : 8;
        void *a = arena_array(b->a, ncap, elem);
        if (*n)
            memcpy(a, *arr, (size_t)*n * elem);
        *arr = a;
        *cap = ncap;
    }
    char *slot = (char *)*arr + (size_t)(*n)++ * elem;
    memset(slot, 0, elem);
    return slot;
}

uint32_t plan_add_resource(PlanBuilder *b, const PlanResource *r)
{
    Plan *p = b->p;
    PlanResource *slot = PLAN_PUSH(b, p->resources, p->nresources,
                                   b->cap_resources);
    *slot = *r;
    return p->nresources - 1;
}

/* One plan resource per host resource, however many imports name it
 * (wasi:io/streams@0.2.0 and @0.2.3 alike). */
int32_t plan_host_resource_index(PlanBuilder *b, int32_t host_type,
                                 const char *iface, const char *name,
                                 const CmpType *t)
{
    int32_t *slot = &b->host_resources[host_type];
    if (*slot < 0) {
        PlanResource r = {.host_type = host_type, .comp_instance = 0,
                          .type = t};
        r.name = arena_printf(b->a, "%s#%s", iface, name);
        *slot = (int32_t)plan_add_resource(b, &r);
    }
    return *slot;
}

void plan_add_ref(PlanBuilder *b, uint32_t ci, const WitType *node,
                  uint32_t resource)
{
    Plan *p = b->p;
    for (uint32_t i = 0; i < p->nresource_refs; i++)
        if (p->resource_refs[i].comp_instance == ci &&
            p->resource_refs[i].node == node)
            return;
    PlanResourceRef *r = PLAN_PUSH(b, p->resource_refs, p->nresource_refs,
                                   b->cap_refs);
    r->comp_instance = ci;
    r->node = node;
    r->resource = resource;
}

int32_t plan_resource_of(const Plan *p, uint32_t comp_instance,
                         const WitType *t)
{
    if (!t)
        return -1;
    t = wit_type_resolve(t);
    if (t->kind == WIT_BORROW)
        t = wit_type_resolve(t->elem);
    for (uint32_t i = 0; i < p->nresource_refs; i++)
        if (p->resource_refs[i].comp_instance == comp_instance &&
            p->resource_refs[i].node == t)
            return (int32_t)p->resource_refs[i].resource;
    return -1;
}

/* ---- exports ------------------------------------------------------------- */

static void add_export(PlanBuilder *b, const char *name, const PlanVal *v,
                       uint32_t offset)
{
    const PlanFunc *fn = v->func;
    if (fn->kind != PLAN_FUNC_LIFT)
        plan_fail(b, offset, "export `%s` re-exports an import: not "
                  "supported yet", name);
    Plan *p = b->p;
    PlanExport *ex = PLAN_PUSH(b, p->exports, p->nexports, b->cap_exports);
    ex->name = name;
    ex->func = fn->type;
    ex->core = fn->callee;
    ex->lift = fn->lift;
    const char *run = strstr(name, "#run");
    if (strncmp(name, "wasi:cli/run@0.2.", 17) == 0 && run &&
        run[4] == '\0' && p->run_export < 0)
        p->run_export = (int32_t)(p->nexports - 1);
}

static void instance_exports(PlanBuilder *b, const char *prefix,
                             const PlanBag *bag, uint32_t offset)
{
    for (uint32_t i = 0; i < bag->n; i++) {
        const PlanVal *v = bag->vals[i];
        const char *name = arena_printf(b->a, "%s#%s", prefix, bag->names[i]);
        if (v->sort == CMP_FUNC)
            add_export(b, name, v, offset);
        else if (v->sort == CMP_INSTANCE)
            instance_exports(b, name, v->bag, offset);
    }
}

static void root_exports(PlanBuilder *b, PlanFrame *root)
{
    const CmpComponent *c = root->c;
    for (uint32_t i = 0; i < c->nexports; i++) {
        const CmpExport *ex = &c->exports[i];
        const PlanVal *v = plan_resolve(b, root, ex->sort, ex->index);
        if (ex->sort == CMP_FUNC)
            add_export(b, ex->ext.name.str, v, ex->ext.offset);
        else if (ex->sort == CMP_INSTANCE)
            instance_exports(b, ex->ext.name.str, v->bag, ex->ext.offset);
    }
}

/* Every handle type in the function types the plan hands to codegen
 * names a plan resource for the component instance that sees it
 * (plan_resource_of); a hole here would be a planner bug. */
static void check_handles(PlanBuilder *b, uint32_t ci, const WitType *t,
                          uint32_t offset, int depth)
{
    if (!t || depth > 64)
        return;
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_RESOURCE:
    case WIT_BORROW:
        if (plan_resource_of(b->p, ci, t) < 0)
            KILN_BUG("plan: a handle type at 0x%x has no resource in "
                     "component instance %u", offset, ci);
        return;
    case WIT_RECORD:
        for (size_t i = 0; i < t->nfields; i++)
            check_handles(b, ci, t->fields[i].type, offset, depth + 1);
        return;
    case WIT_VARIANT:
        for (size_t i = 0; i < t->ncases; i++)
            check_handles(b, ci, t->cases[i].type, offset, depth + 1);
        return;
    case WIT_TUPLE:
        for (size_t i = 0; i < t->nelems; i++)
            check_handles(b, ci, t->elems[i], offset, depth + 1);
        return;
    case WIT_RESULT:
        check_handles(b, ci, t->ok, offset, depth + 1);
        check_handles(b, ci, t->err, offset, depth + 1);
        return;
    case WIT_LIST:
    case WIT_OPTION:
    case WIT_MAP:
        check_handles(b, ci, t->key, offset, depth + 1);
        check_handles(b, ci, t->elem, offset, depth + 1);
        return;
    default:
        return;
    }
}

static void check_func(PlanBuilder *b, uint32_t ci, const CmpType *ft)
{
    if (!ft)
        return;
    for (uint32_t i = 0; i < ft->nparams; i++)
        check_handles(b, ci, ft->params[i].type, ft->offset, 0);
    check_handles(b, ci, ft->result, ft->offset, 0);
}

static void check_plan(PlanBuilder *b)
{
    const Plan *p = b->p;
    for (uint32_t i = 0; i < p->ninstances; i++) {
        const PlanCoreInstance *pi = &p->instances[i];
        uint32_t n = p->modules[pi->module].module->nimports;
        for (uint32_t k = 0; k < n; k++) {
            const PlanBinding *bd = &pi->imports[k];
            if (bd->kind == PLAN_BIND_HOST || bd->kind == PLAN_BIND_LIFTED ||
                bd->kind == PLAN_BIND_TRAP)
                check_func(b, bd->lower.comp_instance, bd->func);
        }
    }
    for (uint32_t i = 0; i < p->nexports; i++)
        check_func(b, p->exports[i].lift.comp_instance, p->exports[i].func);
}

bool plan_build(const CmpFile *f, const PlanOptions *opts, Plan *out,
                Diag *diag)
{
    static const PlanOptions none = {0};
    memset(out, 0, sizeof *out);
    arena_init(&out->arena);
    out->run_export = -1;
    PlanBuilder b = {.f = f, .opts = opts ? opts : &none, .p = out,
                     .diag = diag, .a = &out->arena};
    uint32_t nhost = plan_host_nresources();
    b.host_resources = arena_array(b.a, nhost + 1, sizeof *b.host_resources);
    for (uint32_t i = 0; i < nhost; i++)
        b.host_resources[i] = -1;
    if (setjmp(b.fail)) {
        plan_free(out);
        return false;
    }
    PlanFrame *root = plan_new_frame(&b, f->root, NULL, -1, f->root->name,
                                     NULL);
    plan_run_frame(&b, root);
    root_exports(&b, root);
    check_plan(&b);
    return true;
}

void plan_free(Plan *p)
{
    if (!p)
        return;
    arena_free(&p->arena);
    memset(p, 0, sizeof *p);
    p->run_export = -1;
}
