/* types.c: process-wide interning of function signatures (kiln_rt.h,
 * "params:results" strings) to dense ids, so call_indirect's type check
 * (spec 4.4.8 "call_indirect") compares one integer.  Ids start at 1: a
 * zeroed KilnFuncRef never matches.  A spin lock keeps it portable to
 * targets without pthreads; interning happens at instantiation only.
 */
#include "core.h"

#include <string.h>

typedef struct TypeSlot {
    char *sig;
    uint32_t hash, id;
} TypeSlot;

static TypeSlot *slots;
static uint32_t cap, count;
static atomic_flag lock = ATOMIC_FLAG_INIT;

static uint32_t hash_sig(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    return h;
}

static TypeSlot *probe(TypeSlot *tab, uint32_t n, const char *sig,
                       uint32_t h)
{
    for (uint32_t i = h & (n - 1);; i = (i + 1) & (n - 1))
        if (!tab[i].sig || (tab[i].hash == h && !strcmp(tab[i].sig, sig)))
            return &tab[i];
}

static bool grow(void)
{
    uint32_t ncap = cap ? cap * 2 : 64;
    TypeSlot *tab = kiln_rt_alloc_array(ncap, sizeof *tab);
    if (!tab)
        return false;
    for (uint32_t i = 0; i < cap; i++)
        if (slots[i].sig)
            *probe(tab, ncap, slots[i].sig, slots[i].hash) = slots[i];
    kiln_rt_free(slots);
    slots = tab;
    cap = ncap;
    return true;
}

/* Returns 0 when out of memory. */
uint32_t kiln_rt_type_intern(const char *sig)
{
    uint32_t h = hash_sig(sig), id = 0;
    kiln_spin_lock(&lock);
    if ((count + 1) * 2 > cap && !grow())
        goto out;
    TypeSlot *s = probe(slots, cap, sig, h);
    if (!s->sig) {
        size_t len = strlen(sig);
        char *copy = kiln_rt_alloc(len + 1);
        if (!copy)
            goto out;
        memcpy(copy, sig, len);
        *s = (TypeSlot){copy, h, ++count};
    }
    id = s->id;
out:
    kiln_spin_unlock(&lock);
    return id;
}
