/* The Canonical ABI for `kiln run --invoke` of components: WAVE values
 * (driver/wave.h) lowered into a component instance as a canon lift's
 * arguments and its result lifted back (CanonicalABI.md, "Flat
 * Lowering", "Storing", "Loading", "Flat Lifting"), with the host's
 * handle table.  Shared by invoke_component.c (the calls) and
 * invoke_abi.c (the values). */
#ifndef KILN_DRIVER_INVOKE_ABI_H
#define KILN_DRIVER_INVOKE_ABI_H

#include "bindgen/abi.h"
#include "component/plan.h"
#include "driver/wave.h"
#include "kiln_cm.h"

/* A handle the host holds: an own handle lifted out of a result. */
typedef struct InvHandle {
    uint32_t resource;      /* KilnComponentDesc.resources index */
    uint32_t rep;
    uint32_t comp_instance; /* the instance it was lifted from */
    bool live;
} InvHandle;

/* One --invoke session: the instance, the host's handles, and the call
 * being made. */
typedef struct InvSession {
    Arena *a;
    KilnComponentInst *ci;
    Plan plan;
    CmpFile *file;
    uint8_t *bytes;
    InvHandle *handles; /* #N is handles[N - 1] */
    size_t nhandles, cap_handles;
    /* the current call: an export, or `[resource-drop]r(#N)` (drop N) */
    uint32_t drop;
    const KilnLiftDesc *lift;
    KilnCanonCx cx;
    WitFunc fn;
    AbiSig sig;
    WaveVal *args;
    WaveVal result;
} InvSession;

/* The arguments as the core parameters (at most MAX_FLAT_PARAMS, or one
 * pointer to them stored as a tuple). */
void inv_lower_args(InvSession *iv, KilnValue *core);
/* The result from the core results (flat, or through the returned
 * pointer) into iv->result. */
void inv_lift_result(InvSession *iv, const KilnValue *res);
/* Every `#N` of an argument names a live host handle of the right
 * resource (a message in err otherwise). */
bool inv_check_handles(InvSession *iv, const WaveVal *v, char *err, size_t len);

#endif
