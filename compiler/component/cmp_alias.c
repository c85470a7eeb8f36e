/* Alias definitions (Binary.md "Alias Definitions"): export aliases of
 * component instances, core export aliases of core instances, and outer
 * aliases counting enclosing scopes (components, component types and
 * instance types), with the declarator restrictions (only types and
 * instances by export, only types and core types by outer alias) and no
 * resource-referring type aliased across a component boundary. */
#include "component/cmp_internal.h"

#include <string.h>

static bool extern_has_sort(CmpExternKind k, CmpSort s)
{
    bool ok;
    return cmp_sort_extern(s, &ok) == k && ok;
}

static const CmpExtern *find_export(const CmpType *it, const char *name)
{
    for (uint32_t i = 0; i < it->nexports; i++)
        if (strcmp(it->exports[i].name.str, name) == 0)
            return &it->exports[i];
    return NULL;
}

static void alias_export(CmpDecoder *d, CmpScope *s, CmpAlias *a, size_t iat,
                         size_t nat)
{
    CmpType *it = cmp_space_get(d, s, CMP_INSTANCE, a->instance, iat)->type;
    const CmpExtern *ex = find_export(it, a->name.str);
    if (!ex)
        wasm_rd_fail(&d->r, nat, "instance %u has no export named `%s`",
                     a->instance, a->name.str);
    if (!extern_has_sort(ex->kind, a->sort))
        wasm_rd_fail(&d->r, nat, "export `%s` of instance %u is a %s, not a "
                     "%s", a->name.str, a->instance,
                     cmp_extern_kind_name(ex->kind), cmp_sort_name(a->sort));
    CmpExtern copy = *ex;
    copy.offset = a->offset;
    cmp_add_extern(d, s, &copy, CMP_DEF_ALIAS,
                   s->kind == CMP_SCOPE_COMPONENT ? s->component->naliases - 1 : 0);
}

static void alias_core_export(CmpDecoder *d, CmpScope *s, CmpAlias *a,
                              size_t iat, size_t nat)
{
    CmpCoreType *it = cmp_space_get(d, s, CMP_CORE_INSTANCE, a->instance, iat)
                          ->core_type;
    const CmpCoreExport *ex = NULL;
    for (uint32_t i = 0; i < it->nexports && !ex; i++)
        if (strcmp(it->exports[i].name.str, a->name.str) == 0)
            ex = &it->exports[i];
    if (!ex)
        wasm_rd_fail(&d->r, nat, "core instance %u has no export named `%s`",
                     a->instance, a->name.str);
    if ((CmpSort)ex->type.kind != a->sort)
        wasm_rd_fail(&d->r, nat, "export `%s` of core instance %u is a %s, "
                     "not a %s", a->name.str, a->instance,
                     cmp_sort_name((CmpSort)ex->type.kind),
                     cmp_sort_name(a->sort));
    CmpEntry e = {.def = CMP_DEF_ALIAS, .def_index = s->component->naliases - 1,
                  .offset = a->offset, .core = ex->type};
    cmp_space_add(d, s, a->sort, &e);
}

static void alias_outer(CmpDecoder *d, CmpScope *s, CmpAlias *a, bool decl,
                        size_t cat, size_t iat)
{
    bool ok = a->sort == CMP_TYPE || a->sort == CMP_CORE_TYPE ||
              (!decl && (a->sort == CMP_COMPONENT ||
                         a->sort == CMP_CORE_MODULE));
    if (!ok)
        wasm_rd_fail(&d->r, a->offset, "outer aliases of sort %s are not "
                     "allowed%s", cmp_sort_name(a->sort),
                     decl ? " in type declarations" : "");
    CmpScope *target = s;
    bool crosses_component = false;
    for (uint32_t j = 0; j < a->count && target; j++) {
        if (target->kind == CMP_SCOPE_COMPONENT)
            crosses_component = true;
        target = target->parent;
    }
    if (!target)
        wasm_rd_fail(&d->r, cat, "outer alias count %u exceeds the number of "
                     "enclosing scopes", a->count);
    CmpEntry *src = cmp_space_get(d, target, a->sort, a->index, iat);
    if (crosses_component && a->sort == CMP_TYPE && src->type &&
        cmp_type_has_resource(src->type))
        wasm_rd_fail(&d->r, iat, "outer alias of type %u refers to a resource "
                     "type across a component boundary", a->index);
    /* in a type declaration, a type from an enclosing scope is named
     * there: uses of it need no import or export here */
    if (decl && a->sort == CMP_TYPE &&
        (src->type->kind == CMP_TYPE_VALUE ||
         src->type->kind == CMP_TYPE_RESOURCE)) {
        const WitType **slot = cmp_push(d->a, (void **)&s->vis_imported,
                                        &s->nvis_imported,
                                        &s->cap_vis_imported, sizeof *slot);
        *slot = cmp_type_node(src->type);
    }
    CmpEntry e = *src;
    e.def = decl ? CMP_DEF_DECL : CMP_DEF_ALIAS;
    e.def_index = decl ? 0 : s->component->naliases - 1;
    e.offset = a->offset;
    cmp_space_add(d, s, a->sort, &e);
}

/* alias ::= sort 0x00 i n | sort 0x01 i n | sort 0x02 ct idx */
void cmp_read_alias(CmpDecoder *d, CmpScope *s, CmpAlias *a, bool decl)
{
    memset(a, 0, sizeof *a);
    a->offset = (uint32_t)d->r.pos;
    a->sort = cmp_read_sort(d);
    size_t kat = d->r.pos;
    uint8_t k = wasm_rd_u8(&d->r);
    if (k == 0x00 || k == 0x01) {
        a->kind = k == 0 ? CMP_ALIAS_EXPORT : CMP_ALIAS_CORE_EXPORT;
        if (decl && (k == 1 || (a->sort != CMP_TYPE &&
                                a->sort != CMP_INSTANCE)))
            wasm_rd_fail(&d->r, a->offset, "export aliases in type "
                         "declarations may only alias types and instances");
        if (k == 0 && cmp_sort_is_core(a->sort) && a->sort != CMP_CORE_MODULE)
            wasm_rd_fail(&d->r, a->offset, "export aliases of component "
                         "instances cannot have sort %s",
                         cmp_sort_name(a->sort));
        if (k == 1 && (a->sort > CMP_CORE_TAG))
            wasm_rd_fail(&d->r, a->offset, "core export aliases must be of a "
                         "core func, table, memory, global or tag");
        size_t iat = d->r.pos;
        a->instance = wasm_rd_u32(&d->r);
        size_t nat = d->r.pos;
        a->name = wasm_rd_name(&d->r, d->a);
        if (k == 0)
            alias_export(d, s, a, iat, nat);
        else
            alias_core_export(d, s, a, iat, nat);
    } else if (k == 0x02) {
        a->kind = CMP_ALIAS_OUTER;
        size_t cat = d->r.pos;
        a->count = wasm_rd_u32(&d->r);
        size_t iat = d->r.pos;
        a->index = wasm_rd_u32(&d->r);
        alias_outer(d, s, a, decl, cat, iat);
    } else {
        wasm_rd_fail(&d->r, kat, "malformed alias target 0x%02x", k);
    }
}

