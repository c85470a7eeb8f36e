/* External visibility of named types (Binary.md, import and export
 * notes: "all resource types transitively used in the type of an export
 * are introduced by a preceding importdecl or exportdecl"; the
 * component-model test suite's external-visibility tests extend this to
 * records, variants, enums and flags): a nominal type may appear in the
 * type of an import only through a name given by a preceding import, and
 * in an export through one given by a preceding import or export, or by
 * the extern itself (an instance exporting a type and functions using
 * it).  Names are the WIT_ALIAS nodes that importing or exporting a type
 * creates, and abstract resources themselves. */
#include "component/cmp_internal.h"

typedef struct Visible {
    const WitType **set[3];
    uint32_t n[3];
    uint32_t local_cap;
} Visible;

static void introduce(CmpDecoder *d, const CmpExtern *e, const WitType ***arr,
                      uint32_t *n, uint32_t *cap)
{
    if (!e->type)
        return;
    if (e->kind == CMP_EXTERN_TYPE && (e->type->kind == CMP_TYPE_RESOURCE ||
                                       e->type->kind == CMP_TYPE_VALUE)) {
        const WitType **slot = cmp_push(d->a, (void **)arr, n, cap,
                                        sizeof *slot);
        *slot = cmp_type_node(e->type);
    } else if (e->kind == CMP_EXTERN_INSTANCE) {
        for (uint32_t i = 0; i < e->type->nexports; i++)
            introduce(d, &e->type->exports[i], arr, n, cap);
    }
}

/* A name is visible when it was given; a resource also when any visible
 * name stands for it (a handle may reach it through another path, e.g. a
 * nested instantiation's argument, than the export that named it). */
static bool is_visible(const Visible *v, const WitType *r)
{
    for (int k = 0; k < 3; k++)
        for (uint32_t i = 0; i < v->n[k]; i++)
            if (v->set[k][i] == r ||
                (r->kind == WIT_RESOURCE && wit_type_resolve(v->set[k][i]) == r))
                return true;
    return false;
}

static bool members_hidden(const Visible *v, const WitType *t, int depth);

/* A use of a type: nominal types (records, variants, enums, flags,
 * resources) must be used through a visible name (an alias made by an
 * import or export); structural ones are looked into. */
static bool val_hidden(const Visible *v, const WitType *t, int depth)
{
    if (!t || depth > 64)
        return false;
    switch (t->kind) {
    case WIT_ALIAS:
        return !is_visible(v, t) && val_hidden(v, t->elem, depth + 1);
    case WIT_RESOURCE: case WIT_RECORD: case WIT_VARIANT: case WIT_ENUM:
    case WIT_FLAGS:
        return !is_visible(v, t);
    case WIT_BORROW:
        return val_hidden(v, t->elem, depth + 1);
    default:
        return members_hidden(v, t, depth);
    }
}

/* The definition of a type: its members must be visible. */
static bool members_hidden(const Visible *v, const WitType *t, int depth)
{
    if (!t || depth > 64)
        return false;
    switch (t->kind) {
    case WIT_ALIAS: /* a name visible here was checked where it was given */
        return !is_visible(v, t) && members_hidden(v, t->elem, depth + 1);
    case WIT_LIST: case WIT_OPTION: case WIT_STREAM: case WIT_FUTURE:
    case WIT_BORROW:
        return val_hidden(v, t->elem, depth + 1);
    case WIT_MAP:
        return val_hidden(v, t->key, depth + 1) ||
               val_hidden(v, t->elem, depth + 1);
    case WIT_RESULT:
        return val_hidden(v, t->ok, depth + 1) ||
               val_hidden(v, t->err, depth + 1);
    case WIT_TUPLE:
        for (size_t i = 0; i < t->nelems; i++)
            if (val_hidden(v, t->elems[i], depth + 1))
                return true;
        return false;
    case WIT_RECORD:
        for (size_t i = 0; i < t->nfields; i++)
            if (val_hidden(v, t->fields[i].type, depth + 1))
                return true;
        return false;
    case WIT_VARIANT:
        for (size_t i = 0; i < t->ncases; i++)
            if (val_hidden(v, t->cases[i].type, depth + 1))
                return true;
        return false;
    default:
        return false;
    }
}

static bool type_hidden(const Visible *v, const CmpExtern *e)
{
    const CmpType *t = e->type;
    if (!t)
        return false;
    switch (t->kind) {
    case CMP_TYPE_VALUE:
        /* a type import or export: its own alias names it, what it is
         * defined as must be visible */
        if (e->kind == CMP_EXTERN_TYPE)
            return members_hidden(v, t->val->kind == WIT_ALIAS ? t->val->elem
                                                               : t->val, 0);
        return val_hidden(v, t->val, 0);
    case CMP_TYPE_FUNC:
        for (uint32_t i = 0; i < t->nparams; i++)
            if (val_hidden(v, t->params[i].type, 0))
                return true;
        return val_hidden(v, t->result, 0);
    case CMP_TYPE_INSTANCE:
        for (uint32_t i = 0; i < t->nexports; i++)
            if (type_hidden(v, &t->exports[i]))
                return true;
        return false;
    default: /* resources introduce themselves; component types bind
                their own */
        return false;
    }
}

void cmp_check_visibility(CmpDecoder *d, CmpScope *c, const CmpExtern *e,
                          bool import)
{
    /* instance types declare no names for the outside: unrestricted
     * (their users, the imports and exports of instances, are checked) */
    if (c->kind == CMP_SCOPE_INSTANCE_TYPE)
        return;
    Visible v = {{c->vis_imported, c->vis_exported, NULL},
                 {c->nvis_imported, import ? 0 : c->nvis_exported, 0}, 0};
    introduce(d, e, &v.set[2], &v.n[2], &v.local_cap);
    if (type_hidden(&v, e))
        wasm_rd_fail(&d->r, e->name.offset, "%s `%s` is not valid to be used "
                     "as %s: its type uses a record, variant, enum, flags "
                     "or resource type that no preceding import%s names",
                     cmp_extern_kind_name(e->kind), e->name.str,
                     import ? "an import" : "an export",
                     import ? "" : " or export");
    if (import)
        introduce(d, e, &c->vis_imported, &c->nvis_imported,
                  &c->cap_vis_imported);
    else
        introduce(d, e, &c->vis_exported, &c->nvis_exported,
                  &c->cap_vis_exported);
}

