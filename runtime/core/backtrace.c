/* backtrace.c: which code is guest code, and which function a PC is in.
 *
 * Every instance registers its descriptor's [code_start, code_end) range
 * with the sorted entry addresses of its functions (KilnFuncDesc.code).
 * The fault handler asks whether a faulting PC is guest code; trap reports
 * map return addresses to function names: a PC belongs to the nearest
 * function start at or below it.  Names come from the name section, or
 * are written func[N] after the function index.  The export entries and
 * the init function also live in the range: their starts are recorded so
 * that their frames are left out instead of counted as the wasm function
 * just below them.
 *
 * The embedded profile collects no backtraces (baremetal/unwind_none.c):
 * it registers the code range only, with no table of function starts (no
 * heap for it, no qsort in the image).
 */
#include "core.h"

#include <stdlib.h>

typedef struct FuncStart {
    uintptr_t addr;
    uint32_t index; /* NOT_WASM: an entry or init, not a wasm function */
} FuncStart;

#define NOT_WASM UINT32_MAX

struct KilnCodeInfo {
    const KilnModuleDesc *desc;
    int slot;
    uint32_t n;
    FuncStart *starts;
};

static KilnRangeSet code_set;

#ifndef KILN_PROFILE_EMBEDDED
static int cmp_start(const void *a, const void *b)
{
    uintptr_t x = ((const FuncStart *)a)->addr;
    uintptr_t y = ((const FuncStart *)b)->addr;
    return x < y ? -1 : x > y;
}

static bool in_code(const KilnModuleDesc *d, uintptr_t pc)
{
    return pc >= (uintptr_t)d->code_start && pc < (uintptr_t)d->code_end;
}

static void add_start(KilnCodeInfo *info, uintptr_t addr, uint32_t index)
{
    if (addr && in_code(info->desc, addr))
        info->starts[info->n++] = (FuncStart){addr, index};
}
#endif

KilnCodeInfo *kiln_code_register(const KilnModuleDesc *desc)
{
    KilnCodeInfo *info = kiln_rt_alloc(sizeof *info);
    if (!info)
        return NULL;
    info->desc = desc;
    info->slot = -1;
    info->n = 0;
    info->starts = NULL;
#ifndef KILN_PROFILE_EMBEDDED
    size_t cap = (size_t)desc->nfuncs + desc->nexports + 1;
    info->starts = kiln_rt_alloc_array(cap, sizeof(FuncStart));
    if (!info->starts) {
        kiln_rt_free(info);
        return NULL;
    }
    for (uint32_t i = 0; i < desc->nfuncs; i++)
        add_start(info, (uintptr_t)desc->funcs[i].code, i);
    for (uint32_t i = 0; i < desc->nexports; i++)
        add_start(info, (uintptr_t)desc->exports[i].entry, NOT_WASM);
    add_start(info, (uintptr_t)desc->init, NOT_WASM);
    qsort(info->starts, info->n, sizeof(FuncStart), cmp_start);
#endif
    if (desc->code_start < desc->code_end) {
        info->slot = kiln_reg_add(&code_set, (uintptr_t)desc->code_start,
                                  (uintptr_t)desc->code_end, info);
        if (info->slot < 0) {
            kiln_code_unregister(info);
            return NULL;
        }
    }
    return info;
}

void kiln_code_unregister(KilnCodeInfo *info)
{
    if (!info)
        return;
    kiln_reg_remove(&code_set, info->slot);
    kiln_rt_free(info->starts);
    kiln_rt_free(info);
}

bool kiln_code_contains(uintptr_t pc)
{
    return kiln_reg_find(&code_set, pc) != NULL;
}

#ifdef KILN_PROFILE_EMBEDDED
void kiln_bt_format(const uintptr_t *pcs, size_t n, char *buf, size_t cap)
{
    if (cap) /* no frames are ever collected there */
        buf[0] = '\0';
}
#else
/* The last function start at or below pc, or NULL. */
static const FuncStart *start_at(const KilnCodeInfo *info, uintptr_t pc)
{
    uint32_t lo = 0, hi = info->n;
    while (lo < hi) { /* first start above pc */
        uint32_t mid = lo + (hi - lo) / 2;
        if (info->starts[mid].addr <= pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &info->starts[lo - 1] : NULL;
}

/* A component's core modules are compiled into one object, so several
 * descriptors register the same range: the one with the closest function
 * start at or below pc holds it. */
static const KilnCodeInfo *info_at(uintptr_t pc, const FuncStart **fs)
{
    const KilnCodeInfo *best = NULL;
    *fs = NULL;
    uint32_t n = atomic_load(&code_set.nchunks);
    for (uint32_t c = 0; c < n; c++) {
        KilnRange *chunk = atomic_load(&code_set.chunks[c]);
        for (int i = 0; i < KILN_REG_CHUNK; i++) {
            uintptr_t s = atomic_load(&chunk[i].start);
            if (!s || pc < s || pc >= atomic_load(&chunk[i].end))
                continue;
            const KilnCodeInfo *info = atomic_load(&chunk[i].tag);
            const FuncStart *f = info ? start_at(info, pc) : NULL;
            if (!best || (f && (!*fs || f->addr > (*fs)->addr))) {
                best = info;
                *fs = f;
            }
        }
    }
    return best;
}

static int name_frame(char *buf, size_t cap, size_t k, uintptr_t pc)
{
    const FuncStart *fs;
    const KilnCodeInfo *info = info_at(pc, &fs);
    if (!info)
        return -1;
    if (fs && fs->index == NOT_WASM)
        return -1;
    if (!fs)
        return snprintf(buf, cap, "    %zu: <unknown>\n", k);
    const char *name = info->desc->funcs[fs->index].name;
    if (name)
        return snprintf(buf, cap, "    %zu: %s\n", k, name);
    return snprintf(buf, cap, "    %zu: func[%u]\n", k, fs->index);
}

void kiln_bt_format(const uintptr_t *pcs, size_t n, char *buf, size_t cap)
{
    size_t used = 0, k = 0;
    if (cap)
        buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < cap; i++) {
        int w = name_frame(buf + used, cap - used, k, pcs[i]);
        if (w < 0)
            continue;
        k++;
        used += (size_t)w < cap - used ? (size_t)w : cap - used - 1;
    }
}
#endif
