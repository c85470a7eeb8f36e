/* Static instantiation (Explainer.md "Instance Definitions", "Alias
 * Definitions", "Canonical Definitions"; shared/DESIGN.md "Plan").
 *
 * A frame is one component instance.  plan_run_frame() instantiates its
 * core and component instances in binary order (which is instantiation
 * order); plan_resolve() evaluates one index of one sort by following
 * the definition that made it (CmpEntry.def), once per frame.  Inline
 * bags and component instances vanish here: a core item always resolves
 * to an item of a real module instance or to the canon definition that
 * made it, whatever aliases, bags and component boundaries lie between.
 */
#include <string.h>

#include "component/plan_internal.h"

PlanVal *plan_new_val(PlanBuilder *b, CmpSort sort)
{
    PlanVal *v = arena_alloc(b->a, sizeof *v);
    v->sort = sort;
    v->core_inst = -1;
    v->resource = -1;
    return v;
}

PlanVal *plan_bag_get(const PlanBag *bag, const char *name)
{
    for (uint32_t i = 0; i < bag->n; i++)
        if (strcmp(bag->names[i], name) == 0)
            return bag->vals[i];
    return NULL;
}

static const CmpEntry *entry(PlanFrame *fr, CmpSort sort, uint32_t index)
{
    const CmpSpace *sp = &fr->c->scope.space[sort];
    KILN_ASSERT(index < sp->n);
    return &sp->items[index];
}

/* ---- core items ------------------------------------------------------- */

static bool name_is(WasmName n, const char *s, uint32_t len)
{
    return n.len == len && memcmp(n.str, s, len) == 0;
}

/* Export `name` of core instance value `ci` (the item, or what the bag
 * holds under that name). */
static PlanBinding core_export(PlanBuilder *b, const PlanVal *ci,
                               WasmName name, uint32_t offset)
{
    if (ci->core_inst < 0) {
        for (uint32_t i = 0; i < ci->bag->n; i++)
            if (strlen(ci->bag->names[i]) == name.len &&
                memcmp(ci->bag->names[i], name.str, name.len) == 0)
                return ci->bag->vals[i]->core;
        plan_fail(b, offset, "core instance has no export `%s`", name.str);
    }
    const PlanCoreInstance *pi = &b->p->instances[ci->core_inst];
    const WasmModule *m = b->p->modules[pi->module].module;
    for (uint32_t i = 0; i < m->nexports; i++) {
        const WasmExport *ex = &m->exports[i];
        if (name_is(ex->name, name.str, name.len))
            return (PlanBinding){
                .kind = PLAN_BIND_ITEM,
                .item = {(uint32_t)ci->core_inst, ex->kind, ex->index, i}};
    }
    plan_fail(b, offset, "core instance has no export `%s`", name.str);
}

static PlanItem core_item(PlanBuilder *b, PlanFrame *fr, CmpSort sort,
                          uint32_t index, uint32_t offset, const char *what)
{
    PlanVal *v = plan_resolve(b, fr, sort, index);
    if (v->core.kind != PLAN_BIND_ITEM)
        plan_fail(b, offset, "%s must be an item of a core module instance "
                  "(a lowered function is not supported here)", what);
    return v->core.item;
}

static PlanCanonOpts canon_opts(PlanBuilder *b, PlanFrame *fr,
                                const CmpCanon *cn)
{
    const CmpCanonOpts *o = &cn->opts;
    PlanCanonOpts r = {.encoding = o->encoding, .comp_instance = fr->ci};
    if (o->is_async || o->has_callback)
        plan_fail(b, cn->offset, "async canonical options are not supported "
                  "yet");
    if ((r.has_memory = o->has_memory))
        r.memory = core_item(b, fr, CMP_CORE_MEMORY, o->memory, cn->offset,
                             "a canon memory");
    if ((r.has_realloc = o->has_realloc))
        r.realloc = core_item(b, fr, CMP_CORE_FUNC, o->realloc, cn->offset,
                              "a canon realloc");
    if ((r.has_post_return = o->has_post_return))
        r.post_return = core_item(b, fr, CMP_CORE_FUNC, o->post_return,
                                  cn->offset, "a canon post-return");
    return r;
}

/* ---- canon definitions ------------------------------------------------- */

static PlanVal *canon_lift(PlanBuilder *b, PlanFrame *fr, const CmpCanon *cn)
{
    PlanVal *v = plan_new_val(b, CMP_FUNC);
    PlanFunc *fn = arena_alloc(b->a, sizeof *fn);
    fn->kind = PLAN_FUNC_LIFT;
    fn->type = entry(fr, CMP_FUNC, cn->result)->type;
    fn->callee = core_item(b, fr, CMP_CORE_FUNC, cn->func, cn->offset,
                           "a lifted function");
    fn->lift = canon_opts(b, fr, cn);
    v->func = fn;
    return v;
}

static PlanVal *canon_lower(PlanBuilder *b, PlanFrame *fr, const CmpCanon *cn)
{
    PlanVal *v = plan_new_val(b, CMP_CORE_FUNC);
    const PlanFunc *fn = plan_resolve(b, fr, CMP_FUNC, cn->func)->func;
    PlanBinding *bd = &v->core;
    bd->func = entry(fr, CMP_FUNC, cn->func)->type;
    bd->lower = canon_opts(b, fr, cn);
    switch (fn->kind) {
    case PLAN_FUNC_HOST:
        bd->kind = PLAN_BIND_HOST;
        bd->host = fn->host;
        bd->name = fn->name;
        break;
    case PLAN_FUNC_TRAP:
        bd->kind = PLAN_BIND_TRAP;
        bd->name = fn->name;
        break;
    case PLAN_FUNC_LIFT:
        bd->kind = PLAN_BIND_LIFTED;
        bd->callee = fn->callee;
        bd->lift = fn->lift;
        break;
    }
    return v;
}

static PlanVal *canon_resource(PlanBuilder *b, PlanFrame *fr,
                               const CmpCanon *cn)
{
    PlanVal *v = plan_new_val(b, CMP_CORE_FUNC);
    PlanVal *t = plan_resolve(b, fr, CMP_TYPE, cn->type);
    if (t->resource < 0)
        plan_fail(b, cn->offset, "canon resource built-in: type %u is not a "
                  "resource", cn->type);
    v->core.kind = cn->kind == CMP_CANON_RESOURCE_NEW ? PLAN_BIND_RESOURCE_NEW
                   : cn->kind == CMP_CANON_RESOURCE_DROP
                       ? PLAN_BIND_RESOURCE_DROP
                       : PLAN_BIND_RESOURCE_REP;
    v->core.resource = (uint32_t)t->resource;
    v->core.comp_instance = fr->ci;
    return v;
}

static PlanVal *canon(PlanBuilder *b, PlanFrame *fr, uint32_t k)
{
    const CmpCanon *cn = &fr->c->canons[k];
    switch (cn->kind) {
    case CMP_CANON_LIFT: return canon_lift(b, fr, cn);
    case CMP_CANON_LOWER: return canon_lower(b, fr, cn);
    case CMP_CANON_RESOURCE_NEW:
    case CMP_CANON_RESOURCE_DROP:
    case CMP_CANON_RESOURCE_REP: return canon_resource(b, fr, cn);
    default:
        plan_fail(b, cn->offset, "canonical built-in 0x%02x is not supported "
                  "yet", cn->opcode);
    }
}

/* ---- instances ---------------------------------------------------------- */

static uint32_t plan_module(PlanBuilder *b, const CmpCoreModule *cm)
{
    Plan *p = b->p;
    for (uint32_t i = 0; i < p->nmodules; i++)
        if (p->modules[i].module == cm->module)
            return i;
    PlanModule *m = PLAN_PUSH(b, p->modules, p->nmodules, b->cap_modules);
    m->module = cm->module;
    m->offset = cm->offset;
    return p->nmodules - 1;
}

static const PlanVal *core_arg(PlanBuilder *b, PlanFrame *fr,
                               const CmpCoreInstance *ci, WasmName module)
{
    for (uint32_t i = 0; i < ci->nargs; i++)
        if (name_is(ci->args[i].name, module.str, module.len))
            return plan_resolve(b, fr, CMP_CORE_INSTANCE, ci->args[i].instance);
    plan_fail(b, ci->offset, "core instantiation: no argument `%s`",
              module.str);
}

static PlanVal *core_instantiate(PlanBuilder *b, PlanFrame *fr, uint32_t k)
{
    const CmpCoreInstance *ci = &fr->c->core_instances[k];
    PlanVal *v = plan_new_val(b, CMP_CORE_INSTANCE);
    if (ci->inline_exports) {
        PlanBag *bag = arena_alloc(b->a, sizeof *bag);
        bag->n = ci->nexports;
        bag->names = arena_array(b->a, bag->n + 1, sizeof *bag->names);
        bag->vals = arena_array(b->a, bag->n + 1, sizeof *bag->vals);
        for (uint32_t i = 0; i < ci->nexports; i++) {
            bag->names[i] = ci->exports[i].name.str;
            bag->vals[i] = plan_resolve(b, fr, ci->exports[i].sort,
                                        ci->exports[i].index);
        }
        v->bag = bag;
        return v;
    }
    uint32_t mod = plan_resolve(b, fr, CMP_CORE_MODULE, ci->module)->module;
    const WasmModule *m = b->p->modules[mod].module;
    PlanBinding *imports = arena_array(b->a, m->nimports + 1, sizeof *imports);
    for (uint32_t i = 0; i < m->nimports; i++) {
        const WasmImport *im = &m->imports[i];
        imports[i] = core_export(b, core_arg(b, fr, ci, im->module), im->name,
                                 ci->offset);
        if (imports[i].kind != PLAN_BIND_ITEM && im->kind != WASM_EXTERN_FUNC)
            KILN_BUG("a canon function bound to a non-function import");
    }
    PlanCoreInstance *pi = PLAN_PUSH(b, b->p->instances, b->p->ninstances,
                                     b->cap_instances);
    pi->module = mod;
    pi->imports = imports;
    pi->comp_instance = fr->ci;
    v->core_inst = (int32_t)(b->p->ninstances - 1);
    return v;
}

static const char *index_name(const CmpComponent *c, CmpSort sort,
                              uint32_t index)
{
    const CmpNameMap *m = &c->names[sort];
    for (uint32_t i = 0; i < m->n; i++)
        if (m->names[i].index == index)
            return m->names[i].name;
    return NULL;
}

static uint32_t index_of_def(PlanFrame *fr, CmpSort sort, CmpDefKind def,
                             uint32_t k)
{
    const CmpSpace *sp = &fr->c->scope.space[sort];
    for (uint32_t i = 0; i < sp->n; i++)
        if (sp->items[i].def == def && sp->items[i].def_index == k)
            return i;
    KILN_BUG("definition %u has no index", k);
}

static PlanBag *bag_of_args(PlanBuilder *b, PlanFrame *fr, const CmpArg *args,
                            uint32_t n)
{
    PlanBag *bag = arena_alloc(b->a, sizeof *bag);
    bag->n = n;
    bag->names = arena_array(b->a, n + 1, sizeof *bag->names);
    bag->vals = arena_array(b->a, n + 1, sizeof *bag->vals);
    for (uint32_t i = 0; i < n; i++) {
        bag->names[i] = args[i].name.str;
        bag->vals[i] = plan_resolve(b, fr, args[i].sort, args[i].index);
    }
    return bag;
}

static PlanVal *instantiate(PlanBuilder *b, PlanFrame *fr, uint32_t k)
{
    const CmpInstance *in = &fr->c->instances[k];
    PlanVal *v = plan_new_val(b, CMP_INSTANCE);
    if (in->inline_exports) {
        v->bag = bag_of_args(b, fr, in->args, in->nargs);
        return v;
    }
    PlanVal *cv = plan_resolve(b, fr, CMP_COMPONENT, in->component);
    const PlanBag *args = bag_of_args(b, fr, in->args, in->nargs);
    uint32_t idx = index_of_def(fr, CMP_INSTANCE, CMP_DEF_INSTANCE, k);
    PlanFrame *child = plan_new_frame(b, cv->comp, cv->lex, (int32_t)fr->ci,
                                      index_name(fr->c, CMP_INSTANCE, idx),
                                      args);
    plan_run_frame(b, child);
    const CmpComponent *c = cv->comp;
    PlanBag *bag = arena_alloc(b->a, sizeof *bag);
    bag->n = c->nexports;
    bag->names = arena_array(b->a, bag->n + 1, sizeof *bag->names);
    bag->vals = arena_array(b->a, bag->n + 1, sizeof *bag->vals);
    for (uint32_t i = 0; i < c->nexports; i++) {
        bag->names[i] = c->exports[i].ext.name.str;
        bag->vals[i] = plan_resolve(b, child, c->exports[i].sort,
                                    c->exports[i].index);
    }
    v->bag = bag;
    return v;
}

/* ---- imports of nested components -------------------------------------- */

static CmpSort extern_sort(CmpExternKind k)
{
    switch (k) {
    case CMP_EXTERN_MODULE: return CMP_CORE_MODULE;
    case CMP_EXTERN_FUNC: return CMP_FUNC;
    case CMP_EXTERN_VALUE: return CMP_VALUE;
    case CMP_EXTERN_TYPE: return CMP_TYPE;
    case CMP_EXTERN_COMPONENT: return CMP_COMPONENT;
    default: return CMP_INSTANCE;
    }
}

/* Records which plan resources the resource types of an imported
 * instance type stand for in this frame. */
static void bind_instance_resources(PlanBuilder *b, PlanFrame *fr,
                                    const CmpType *it, const PlanBag *bag)
{
    for (uint32_t i = 0; i < it->nexports; i++) {
        const CmpExtern *e = &it->exports[i];
        PlanVal *v = plan_bag_get(bag, e->name.str);
        if (!v || !e->type)
            continue;
        if (e->kind == CMP_EXTERN_TYPE && e->type->kind == CMP_TYPE_RESOURCE &&
            v->resource >= 0)
            plan_add_ref(b, fr->ci, e->type->val, (uint32_t)v->resource);
        else if (e->kind == CMP_EXTERN_INSTANCE && v->bag)
            bind_instance_resources(b, fr, e->type, v->bag);
    }
}

static PlanVal *nested_import(PlanBuilder *b, PlanFrame *fr, uint32_t k)
{
    const CmpExtern *e = &fr->c->imports[k].ext;
    PlanVal *v = plan_bag_get(fr->args, e->name.str);
    if (!v || v->sort != extern_sort(e->kind))
        plan_fail(b, e->offset, "instantiation supplies no %s for import "
                  "`%s`", cmp_sort_name(extern_sort(e->kind)), e->name.str);
    return v;
}

/* ---- one index ------------------------------------------------------------ */

static PlanVal *alias(PlanBuilder *b, PlanFrame *fr, uint32_t k)
{
    const CmpAlias *al = &fr->c->aliases[k];
    switch (al->kind) {
    case CMP_ALIAS_CORE_EXPORT: {
        PlanVal *v = plan_new_val(b, al->sort);
        v->core = core_export(b,
                              plan_resolve(b, fr, CMP_CORE_INSTANCE,
                                           al->instance),
                              al->name, al->offset);
        return v;
    }
    case CMP_ALIAS_EXPORT: {
        PlanVal *in = plan_resolve(b, fr, CMP_INSTANCE, al->instance);
        PlanVal *v = plan_bag_get(in->bag, al->name.str);
        if (!v)
            plan_fail(b, al->offset, "instance has no export `%s`",
                      al->name.str);
        return v;
    }
    case CMP_ALIAS_OUTER: {
        PlanFrame *g = fr;
        for (uint32_t i = 0; i < al->count; i++) {
            if (!g->lex)
                plan_fail(b, al->offset, "outer alias beyond the root");
            g = g->lex;
        }
        return plan_resolve(b, g, al->sort, al->index);
    }
    }
    KILN_BUG("alias kind %d", al->kind);
}

static PlanVal *type_def(PlanBuilder *b, PlanFrame *fr, CmpSort sort,
                         uint32_t index, const CmpEntry *en)
{
    PlanVal *v = plan_new_val(b, sort);
    v->type = en->type;
    const CmpType *t = en->type;
    if (sort != CMP_TYPE || !t || t->kind != CMP_TYPE_RESOURCE ||
        t->is_abstract)
        return v;
    PlanResource r = {.host_type = -1, .comp_instance = fr->ci, .type = t};
    r.name = index_name(fr->c, CMP_TYPE, index);
    if (!r.name && t->val)
        r.name = t->val->name;
    if ((r.has_dtor = t->has_dtor))
        r.dtor = core_item(b, fr, CMP_CORE_FUNC, t->dtor, en->offset,
                           "a resource destructor");
    v->resource = (int32_t)plan_add_resource(b, &r);
    return v;
}

static PlanVal *evaluate(PlanBuilder *b, PlanFrame *fr, CmpSort sort,
                         uint32_t index)
{
    const CmpEntry *en = entry(fr, sort, index);
    const CmpComponent *c = fr->c;
    switch (en->def) {
    case CMP_DEF_IMPORT:
        return fr->args ? nested_import(b, fr, en->def_index)
                        : plan_root_import(b, fr, en->def_index);
    case CMP_DEF_EXPORT:
        return plan_resolve(b, fr, c->exports[en->def_index].sort,
                            c->exports[en->def_index].index);
    case CMP_DEF_ALIAS:
        return alias(b, fr, en->def_index);
    case CMP_DEF_CANON:
        return canon(b, fr, en->def_index);
    case CMP_DEF_CORE_MODULE: {
        PlanVal *v = plan_new_val(b, sort);
        v->module = plan_module(b, &c->modules[en->def_index]);
        return v;
    }
    case CMP_DEF_CORE_INSTANCE:
        return core_instantiate(b, fr, en->def_index);
    case CMP_DEF_COMPONENT: {
        PlanVal *v = plan_new_val(b, sort);
        v->comp = c->components[en->def_index];
        v->lex = fr;
        return v;
    }
    case CMP_DEF_INSTANCE:
        return instantiate(b, fr, en->def_index);
    case CMP_DEF_TYPE:
    case CMP_DEF_CORE_TYPE:
        return type_def(b, fr, sort, index, en);
    case CMP_DEF_START:
        plan_fail(b, en->offset, "component start functions are not "
                  "supported yet");
    case CMP_DEF_DECL:
        break;
    }
    KILN_BUG("index of definition kind %d in a component", en->def);
}

PlanVal *plan_resolve(PlanBuilder *b, PlanFrame *fr, CmpSort sort,
                      uint32_t index)
{
    if (sort == CMP_VALUE)
        plan_fail(b, entry(fr, sort, index)->offset,
                  "component values are not supported yet");
    PlanVal **slot = &fr->vals[sort][index];
    if (*slot)
        return *slot;
    PlanVal *v = evaluate(b, fr, sort, index);
    *slot = v;
    const CmpEntry *en = entry(fr, sort, index);
    if (sort == CMP_TYPE && v->resource >= 0 && en->type &&
        en->type->kind == CMP_TYPE_RESOURCE)
        plan_add_ref(b, fr->ci, en->type->val, (uint32_t)v->resource);
    if (sort == CMP_INSTANCE && en->type && v->bag)
        bind_instance_resources(b, fr, en->type, v->bag);
    return v;
}

PlanFrame *plan_new_frame(PlanBuilder *b, const CmpComponent *c,
                          PlanFrame *lex, int32_t parent, const char *name,
                          const PlanBag *args)
{
    PlanFrame *fr = arena_alloc(b->a, sizeof *fr);
    fr->c = c;
    fr->lex = lex;
    fr->args = args;
    for (int s = 0; s < CMP_NSORTS; s++)
        fr->vals[s] = arena_array(b->a, c->scope.space[s].n + 1,
                                  sizeof *fr->vals[s]);
    Plan *p = b->p;
    PlanCompInstance *ci = PLAN_PUSH(b, p->comp_instances, p->ncomp_instances,
                                     b->cap_comp_instances);
    ci->parent = parent;
    ci->name = name;
    fr->ci = p->ncomp_instances - 1;
    return fr;
}

/* Core and component instance definitions in binary order (the order of
 * their offsets), then every import and type, so that unused imports
 * are checked and every resource node is mapped. */
void plan_run_frame(PlanBuilder *b, PlanFrame *fr)
{
    const CmpComponent *c = fr->c;
    for (uint32_t i = 0; i < c->nimports; i++)
        plan_resolve(b, fr, extern_sort(c->imports[i].ext.kind),
                     c->imports[i].result);
    uint32_t i = 0, j = 0;
    while (i < c->ncore_instances || j < c->ninstances) {
        bool core = j >= c->ninstances ||
                    (i < c->ncore_instances &&
                     c->core_instances[i].offset < c->instances[j].offset);
        if (core) {
            plan_resolve(b, fr, CMP_CORE_INSTANCE,
                         index_of_def(fr, CMP_CORE_INSTANCE,
                                      CMP_DEF_CORE_INSTANCE, i));
            i++;
        } else {
            plan_resolve(b, fr, CMP_INSTANCE,
                         index_of_def(fr, CMP_INSTANCE, CMP_DEF_INSTANCE, j));
            j++;
        }
    }
    if (c->nstarts)
        plan_fail(b, c->starts[0].offset, "component start functions are not "
                  "supported yet");
    for (uint32_t t = 0; t < c->scope.space[CMP_TYPE].n; t++)
        plan_resolve(b, fr, CMP_TYPE, t);
}
