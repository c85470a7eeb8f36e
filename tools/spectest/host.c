/* The spec interpreter's `spectest` module, as far as it is not bound at
 * compile time (runtime/spectest.def has its functions): global_i32 and
 * global_i64 (666), global_f32 and global_f64 (666.6), table (10 funcref
 * elements, max 20) and memory (1 page, max 2).  One set per script
 * process, shared by every module that imports them, as in the reference
 * interpreter.
 *
 * Also the references standing for `ref.extern N` in scripts: one
 * runner-owned object per N, so equal numbers give equal pointers.
 */
#include <stdlib.h>
#include <string.h>

#include "spectest.h"

typedef struct HostObjects {
    KilnGlobal *g_i32, *g_i64, *g_f32, *g_f64;
    KilnTable *table;
    KilnMemory *memory;
} HostObjects;

static HostObjects host;

static void host_make(void)
{
    if (host.memory)
        return;
    host.g_i32 = kiln_global_new(KILN_I32, false, (KilnValue){ .i32 = 666 });
    host.g_i64 = kiln_global_new(KILN_I64, false, (KilnValue){ .i64 = 666 });
    host.g_f32 = kiln_global_new(KILN_F32, false, (KilnValue){ .f32 = 666.6f });
    host.g_f64 = kiln_global_new(KILN_F64, false, (KilnValue){ .f64 = 666.6 });
    host.table = kiln_table_new(KILN_FUNCREF, 10, 20, true);
    host.memory = kiln_memory_new(1, 2, true, false);
}

void st_host_reset(void)
{
    /* Earlier instances may still use the old objects: leave them be. */
    memset(&host, 0, sizeof host);
}

static bool name_is(const char *name, size_t len, const char *want)
{
    return len == strlen(want) && memcmp(name, want, len) == 0;
}

bool st_host_lookup(const char *name, size_t len, KilnExtern *out)
{
    host_make();
    static const struct { const char *name; size_t off; } globals[] = {
        { "global_i32", offsetof(HostObjects, g_i32) },
        { "global_i64", offsetof(HostObjects, g_i64) },
        { "global_f32", offsetof(HostObjects, g_f32) },
        { "global_f64", offsetof(HostObjects, g_f64) },
    };
    for (size_t i = 0; i < sizeof globals / sizeof globals[0]; i++)
        if (name_is(name, len, globals[i].name)) {
            out->kind = KILN_EXTERN_GLOBAL;
            memcpy(&out->u.global, (char *)&host + globals[i].off,
                   sizeof out->u.global);
            return out->u.global != NULL;
        }
    if (name_is(name, len, "table")) {
        out->kind = KILN_EXTERN_TABLE;
        out->u.table = host.table;
        return host.table != NULL;
    }
    if (name_is(name, len, "memory")) {
        out->kind = KILN_EXTERN_MEMORY;
        out->u.memory = host.memory;
        return host.memory != NULL;
    }
    return false;
}

typedef struct ExternRef {
    uint64_t n;
} ExternRef;

static ExternRef **refs;
static size_t nrefs, caprefs;

void *st_host_externref(uint64_t n)
{
    for (size_t i = 0; i < nrefs; i++)
        if (refs[i]->n == n)
            return refs[i];
    if (nrefs == caprefs) {
        caprefs = caprefs ? caprefs * 2 : 16;
        ExternRef **grown = realloc(refs, caprefs * sizeof *refs);
        if (!grown)
            abort();
        refs = grown;
    }
    ExternRef *r = malloc(sizeof *r);
    if (!r)
        abort();
    r->n = n;
    refs[nrefs++] = r;
    return r;
}

bool st_host_externref_number(const void *ref, uint64_t *n)
{
    for (size_t i = 0; ref && i < nrefs; i++)
        if (refs[i] == ref) {
            *n = refs[i]->n;
            return true;
        }
    return false;
}
