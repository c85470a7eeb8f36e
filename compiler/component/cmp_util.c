/* Index spaces, sorts and growable arrays of the component decoder
 * (Binary.md "Instance Definitions": sort and core:sort encodings;
 * Explainer.md "Index Spaces"). */
#include "component/cmp_internal.h"

#include <string.h>

void *cmp_push(Arena *a, void **arr, uint32_t *n, uint32_t *cap, size_t elem)
{
    if (*n == *cap) {
        uint32_t ncap = *cap ? *cap * 2 : 8;
        void *p = arena_array(a, ncap, elem);
        if (*n)
            memcpy(p, *arr, (size_t)*n * elem);
        *arr = p;
        *cap = ncap;
    }
    char *slot = (char *)*arr + (size_t)(*n)++ * elem;
    memset(slot, 0, elem);
    return slot;
}

const char *cmp_sort_name(CmpSort s)
{
    static const char *names[CMP_NSORTS] = {
        "core func", "core table", "core memory", "core global", "core tag",
        "core type", "core module", "core instance", "func", "value", "type",
        "component", "instance",
    };
    return s < CMP_NSORTS ? names[s] : "?";
}

const char *cmp_extern_kind_name(CmpExternKind k)
{
    static const char *names[] = {"core module", "func", "value", "type",
                                  "component", "instance"};
    return k <= CMP_EXTERN_INSTANCE ? names[k] : "?";
}

CmpExternKind cmp_sort_extern(CmpSort s, bool *ok)
{
    *ok = true;
    switch (s) {
    case CMP_CORE_MODULE: return CMP_EXTERN_MODULE;
    case CMP_FUNC: return CMP_EXTERN_FUNC;
    case CMP_VALUE: return CMP_EXTERN_VALUE;
    case CMP_TYPE: return CMP_EXTERN_TYPE;
    case CMP_COMPONENT: return CMP_EXTERN_COMPONENT;
    case CMP_INSTANCE: return CMP_EXTERN_INSTANCE;
    default:
        *ok = false;
        return CMP_EXTERN_FUNC;
    }
}

uint32_t cmp_space_add(CmpDecoder *d, CmpScope *s, CmpSort sort,
                       const CmpEntry *e)
{
    CmpSpace *sp = &s->space[sort];
    if (sp->n == UINT32_MAX)
        wasm_rd_fail(&d->r, e->offset, "too many %s definitions",
                     cmp_sort_name(sort));
    CmpEntry *slot = CMP_PUSH(d->a, sp->items, sp->n, sp->cap);
    *slot = *e;
    return sp->n - 1;
}

CmpEntry *cmp_space_get(CmpDecoder *d, CmpScope *s, CmpSort sort,
                        uint32_t idx, size_t at)
{
    CmpSpace *sp = &s->space[sort];
    if (idx >= sp->n)
        wasm_rd_fail(&d->r, at, "unknown %s %u: index out of bounds (%u "
                     "defined)", cmp_sort_name(sort), idx, sp->n);
    return &sp->items[idx];
}

/* core:sort ::= 0x00 func | 0x01 table | 0x02 memory | 0x03 global
 *             | 0x04 tag | 0x10 type | 0x11 module | 0x12 instance */
CmpSort cmp_read_core_sort(CmpDecoder *d)
{
    size_t at = d->r.pos;
    uint8_t b = wasm_rd_u8(&d->r);
    if (b <= 0x04)
        return (CmpSort)b;
    if (b >= 0x10 && b <= 0x12)
        return (CmpSort)(CMP_CORE_TYPE + (b - 0x10));
    wasm_rd_fail(&d->r, at, "malformed core sort 0x%02x", b);
}

/* sort ::= 0x00 core:sort | 0x01 func | 0x02 value | 0x03 type
 *        | 0x04 component | 0x05 instance */
CmpSort cmp_read_sort(CmpDecoder *d)
{
    size_t at = d->r.pos;
    uint8_t b = wasm_rd_u8(&d->r);
    if (b == 0x00)
        return cmp_read_core_sort(d);
    if (b >= 0x01 && b <= 0x05)
        return (CmpSort)(CMP_FUNC + (b - 1));
    wasm_rd_fail(&d->r, at, "malformed sort 0x%02x", b);
}

bool cmp_is_component(const uint8_t *bytes, size_t size)
{
    return size >= 8 && memcmp(bytes, "\0asm", 4) == 0 && bytes[6] == 1 &&
           bytes[7] == 0;
}

void cmp_check_scope_depth(CmpDecoder *d, const CmpScope *s, size_t at)
{
    uint32_t depth = 0;
    for (; s; s = s->parent)
        depth++;
    if (depth >= CMP_MAX_SCOPE_DEPTH)
        wasm_rd_fail(&d->r, at, "components and component or instance types "
                     "nested too deep (more than %u levels)",
                     CMP_MAX_SCOPE_DEPTH);
}
