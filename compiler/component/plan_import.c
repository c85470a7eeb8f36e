/* The root component's imports, bound to the runtime (shared/DESIGN.md,
 * "WASI 0.2 host"; Explainer.md "Import and Export Definitions").
 *
 * An instance import named `ns:pkg/iface@0.2.x` binds to the runtime's
 * implementation of `ns:pkg/iface` (any 0.2.x version): each function it
 * exports to the host function of the same name, whose type must have
 * the same abi_func_key, and each abstract resource to the host resource
 * of the same name.  A resource an export names through `(eq ...)` is
 * the one named earlier (wasi:cli/stdout's output-stream is
 * wasi:io/streams').  What the runtime does not implement is refused with
 * the import's full name, or becomes a trap with --unknown-imports=trap;
 * a wrong function type is refused either way.
 */
#include <stdlib.h>
#include <string.h>

#include "bindgen/abi.h"
#include "component/plan_internal.h"

/* The interface an instance import stands for: its name, or for a plain
 * name with an `implements` attribute ([implements=<wasi:cli/stdout@
 * 0.2.0>]label, Explainer.md "Import and Export Definitions") that. */
static const char *iface_name(const CmpName *n)
{
    if (n->kind == CMP_NAME_INTERFACE)
        return n->str;
    return n->kind == CMP_NAME_PLAIN ? n->implements : NULL;
}

/* "wasi:io/streams@0.2.3" -> "wasi:io/streams" */
static const char *iface_of(PlanBuilder *b, const char *name)
{
    if (!name)
        return NULL;
    const char *at = strchr(name, '@');
    return at ? arena_strndup(b->a, name, (size_t)(at - name)) : name;
}

/* Any 0.2.x binds to the runtime's 0.2 (no version: the same). */
static bool version_ok(const char *name)
{
    const char *at = name ? strchr(name, '@') : NULL;
    return !at || strncmp(at + 1, "0.2.", 4) == 0;
}

static char *func_key(const CmpType *ft)
{
    WitType **params = calloc(ft->nparams + 1, sizeof *params);
    if (!params)
        kiln_oom();
    for (uint32_t i = 0; i < ft->nparams; i++)
        params[i] = ft->params[i].type;
    char *key = abi_func_key(params, ft->nparams, ft->result);
    free(params);
    return key;
}

/* kebab, ':', '/', '.' -> '_' (the host C ABI's names, bg_snake) */
static void snake(char *s)
{
    for (; *s; s++)
        if (*s == '-' || *s == ':' || *s == '/' || *s == '.' || *s == '@')
            *s = '_';
}

/* --emit lib: a function the embedding host implements, named by the host
 * C ABI rule (bindgen_host_func_name): "[method]r.m" of ns:pkg/i is
 * ns_pkg_i_r_m, "[constructor]r" ns_pkg_i_r_new; a function imported
 * alone <prefix>_<name>. */
static const PlanHostFunc *embed_func(PlanBuilder *b, const char *iface,
                                      const char *name)
{
    PlanHostFunc *h = arena_alloc(b->a, sizeof *h);
    const char *f = name;
    bool ctor = strncmp(f, "[constructor]", 13) == 0;
    if (ctor)
        f += 13;
    else if (*f == '[' && strchr(f, ']'))
        f = strchr(f, ']') + 1;
    char *scope = arena_printf(b->a, "%s", iface ? iface : b->opts->embed_prefix);
    char *fn = arena_printf(b->a, "%s%s", f, ctor ? "_new" : "");
    snake(scope);
    snake(fn);
    h->c_name = arena_printf(b->a, "%s_%s", scope, fn);
    h->iface = iface;
    h->abi_name = name;
    h->type_key = "";
    return h;
}

/* A function `name` of interface `iface` (NULL: nothing the runtime
 * knows), imported under the full name `full`. */
static PlanFunc *import_func(PlanBuilder *b, const char *iface,
                             const char *embed_iface, const char *name,
                             const CmpType *type, const char *full,
                             uint32_t offset)
{
    PlanFunc *fn = arena_alloc(b->a, sizeof *fn);
    fn->type = type;
    fn->name = full;
    const PlanHostFunc *h = iface ? plan_host_func(iface, name) : NULL;
    if (!h && b->opts->embed_prefix) {
        fn->kind = PLAN_FUNC_HOST;
        fn->host = embed_func(b, embed_iface, name);
        return fn;
    }
    if (!h) {
        if (!b->opts->unknown_imports_trap)
            plan_fail(b, offset, "unknown import `%s`", full);
        fn->kind = PLAN_FUNC_TRAP;
        return fn;
    }
    char *key = func_key(type);
    if (strcmp(key, h->type_key) != 0) {
        char *k = arena_printf(b->a, "%s", key);
        free(key);
        plan_fail(b, offset, "import `%s` has type `%s`, but the runtime "
                  "implements `%s`", full, k, h->type_key);
    }
    free(key);
    fn->kind = PLAN_FUNC_HOST;
    fn->host = h;
    return fn;
}

/* The plan resource of an imported resource type `t` named `name` in
 * interface `iface` (NULL: unknown to the runtime).  A resource the
 * runtime lacks is refused by the caller only where nothing else names
 * the import: the functions that use it come with their full names. */
static int32_t import_resource(PlanBuilder *b, const char *iface,
                               const char *name, const CmpType *t,
                               const char *shown, bool *unknown)
{
    int32_t r = plan_resource_of(b->p, 0, t->val);
    if (r >= 0)
        return r; /* (eq ...) to a resource imported before */
    int32_t h = iface ? plan_host_resource(iface, name) : -1;
    if (h >= 0) {
        r = plan_host_resource_index(b, h, iface, name, t);
    } else {
        *unknown = true;
        PlanResource res = {.name = shown, .host_type = -1,
                            .comp_instance = 0, .type = t};
        r = (int32_t)plan_add_resource(b, &res);
    }
    plan_add_ref(b, 0, t->val, (uint32_t)r);
    return r;
}

static PlanVal *type_val(PlanBuilder *b, const char *iface, const CmpExtern *e,
                         const char *shown, bool *unknown)
{
    PlanVal *v = plan_new_val(b, CMP_TYPE);
    v->type = e->type;
    if (e->type && e->type->kind == CMP_TYPE_RESOURCE)
        v->resource = import_resource(b, iface, e->name.str, e->type, shown,
                                      unknown);
    return v;
}

static PlanVal *import_instance(PlanBuilder *b, const CmpImport *im)
{
    const CmpName *n = &im->ext.name;
    uint32_t off = im->ext.offset;
    const char *iface = iface_of(b, iface_name(n));
    bool known = iface && plan_host_knows(iface);
    if (known && !version_ok(iface_name(n))) {
        if (!b->opts->unknown_imports_trap)
            plan_fail(b, off, "unsupported version of import `%s`%s%s%s: "
                      "kiln implements WASI 0.2.x", n->str,
                      n->implements ? " (implements `" : "",
                      n->implements ? n->implements : "",
                      n->implements ? "`)" : "");
        known = false;
    }
    /* the resource names: "wasi:io/streams#input-stream" */
    const char *shown_iface = iface ? iface : n->str;
    const char *embed_iface = iface ? iface : n->str;
    if (!known)
        iface = NULL;
    bool unknown = false;
    const CmpType *it = im->ext.type;
    PlanBag *bag = arena_alloc(b->a, sizeof *bag);
    bag->n = it->nexports;
    bag->names = arena_array(b->a, bag->n + 1, sizeof *bag->names);
    bag->vals = arena_array(b->a, bag->n + 1, sizeof *bag->vals);
    for (uint32_t i = 0; i < it->nexports; i++) {
        const CmpExtern *e = &it->exports[i];
        const char *full = arena_printf(b->a, "%s#%s", n->str, e->name.str);
        bag->names[i] = e->name.str;
        if (e->kind == CMP_EXTERN_FUNC) {
            bag->vals[i] = plan_new_val(b, CMP_FUNC);
            bag->vals[i]->func = import_func(b, iface, embed_iface,
                                             e->name.str, e->type, full, off);
        } else if (e->kind == CMP_EXTERN_TYPE) {
            const char *shown = arena_printf(b->a, "%s#%s", shown_iface,
                                             e->name.str);
            bag->vals[i] = type_val(b, iface, e, shown, &unknown);
            if (unknown && b->opts->embed_prefix)
                plan_fail(b, off, "import `%s`: resources of the embedding "
                          "host are not supported", full);
            if (unknown && known && !b->opts->unknown_imports_trap)
                plan_fail(b, off, "unknown import `%s`", full);
        } else {
            plan_fail(b, off, "import `%s`: only functions and types are "
                      "supported in imported instances", full);
        }
    }
    /* nothing the runtime knows, and no function named it */
    if (!known && !b->opts->unknown_imports_trap && !b->opts->embed_prefix)
        plan_fail(b, off, "unknown import `%s`", n->str);
    PlanVal *v = plan_new_val(b, CMP_INSTANCE);
    v->bag = bag;
    return v;
}

PlanVal *plan_root_import(PlanBuilder *b, PlanFrame *fr, uint32_t k)
{
    const CmpImport *im = &fr->c->imports[k];
    const CmpExtern *e = &im->ext;
    switch (e->kind) {
    case CMP_EXTERN_INSTANCE:
        return import_instance(b, im);
    case CMP_EXTERN_FUNC: {
        PlanVal *v = plan_new_val(b, CMP_FUNC);
        v->func = import_func(b, NULL, NULL, e->name.str, e->type,
                              e->name.str, e->offset);
        return v;
    }
    case CMP_EXTERN_TYPE:
        if (!e->sub_resource) /* (eq i): the type it names */
            return plan_resolve(b, fr, CMP_TYPE, e->type_index);
    {
        bool unknown = false;
        PlanVal *v = type_val(b, NULL, e, e->name.str, &unknown);
        if (unknown && !b->opts->unknown_imports_trap)
            plan_fail(b, e->offset, "unknown import `%s`", e->name.str);
        return v;
    }
    default:
        plan_fail(b, e->offset, "import `%s`: importing a %s is not "
                  "supported (kiln implements WASI 0.2 imports)", e->name.str,
                  e->kind == CMP_EXTERN_MODULE ? "core module"
                  : e->kind == CMP_EXTERN_COMPONENT ? "component" : "value");
    }
}
