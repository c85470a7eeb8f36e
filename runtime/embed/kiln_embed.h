/* kiln_embed.h: a compiled component as a library of a native C program
 * (`kiln build app.wasm --emit lib`, docs/embedding.md).
 *
 * A KilnEmbed is one instance of the component (its own memories, handle
 * tables and WASI state).  One thread at a time may use an instance;
 * different instances run on different threads at once.  A trap during a
 * call comes back as `false` with the trap (kind, message, backtrace) in
 * kiln_embed_error(); the instance is then poisoned: every later call
 * fails at once, and it can only be freed.
 *
 * The typed API (`kiln bindgen c --host`) calls kiln_embed_call() with a
 * KilnEmbedFunc per export: the Canonical ABI (CanonicalABI.md, "canon
 * lift" seen from the host: lower the arguments, call, lift the result,
 * post-return) is done here, driven by a type string per function:
 *   b bool, a s8, A u8, h s16, H u16, i s32, I u32, l s64, L u64,
 *   f f32, d f64, c char, s string, *T list<T>, [N.T list<T, N>,
 *   rN.T1..TN record or tuple, vN.C1..CN variant (C a type or `_`),
 *   eN. enum, gN. flags, oT option<T>, xCC result, wN.NAME own<NAME>,
 *   BN.NAME borrow<NAME> (N: the length of the resource's NAME).
 * Handles are the host's: own handles a call returns are taken out of the
 * component into the instance's host table (1, 2, ...); given back as an
 * own argument they move into the component, as a borrow they are lent
 * for the call.
 * Host values have the C layout of `kiln bindgen c` (docs/bindgen-c.md:
 * strings and lists as { T *ptr; size_t len; }, variants { tag; union }).
 * Lifted strings and lists are malloc'ed (free them with the generated
 * _free functions). */
#ifndef KILN_EMBED_H
#define KILN_EMBED_H

#include "kiln_cm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* kiln_rt_abi_v<N>, defined by the runtime of ABI N only: libraries made
 * with --emit lib reference it, so linking one with another runtime fails
 * naming it. */
extern const uint32_t KILN_RT_ABI_SYMBOL;

typedef struct KilnEmbed KilnEmbed;

/* Instantiates `desc` (a library's <lib>_component_desc) with WASI as
 * `wasi` says (NULL: WASI off: any WASI call traps).  NULL with `err`
 * filled on a link error or a trap during instantiation. */
KilnEmbed *kiln_embed_new(const KilnComponentDesc *desc,
                          const KilnWasiConfig *wasi, KilnTrapInfo *err);
void kiln_embed_free(KilnEmbed *e);
/* The trap that poisoned the instance (kind KILN_TRAP_NONE: none). */
const KilnTrapInfo *kiln_embed_error(const KilnEmbed *e);
bool kiln_embed_poisoned(const KilnEmbed *e);
/* A pointer for the host, reachable from imports implemented in C. */
void kiln_embed_set_user(KilnEmbed *e, void *user);
void *kiln_embed_user(const KilnEmbed *e);
/* In an import implemented in C: the instance calling it. */
KilnEmbed *kiln_embed_of(const KilnCanonCx *cx);

/* Calls the core function `entry` with the flat arguments `args` and
 * stores its result (if any) in results[0]; generated with the exact C
 * signature of the lifted core function. */
typedef void (*KilnEmbedThunk)(void *entry, KilnVmctx *vm, KilnValue *args,
                               KilnValue *results);

typedef struct KilnEmbedFunc {
    const char *name;   /* "ns:pkg/iface@1.0.0#f", or "f" */
    const char *params; /* type string of the parameters as a tuple */
    const char *result; /* type string, or NULL */
    const char *sig;    /* the lifted core function's signature "ii:i" */
    KilnEmbedThunk call;
    KilnEmbedThunk post; /* calls post-return with the flat results */
} KilnEmbedFunc;

/* args[k] points at parameter k; *result receives the result.  False
 * when the instance is poisoned, the export is missing, or the call
 * trapped (kiln_embed_error says which). */
bool kiln_embed_call(KilnEmbed *e, const KilnEmbedFunc *f,
                     const void *const *args, void *result);

/* Drops an own handle the host holds (a resource a call returned): the
 * component's destructor runs.  Handles the host still holds when the
 * instance is freed are not dropped. */
bool kiln_embed_drop(KilnEmbed *e, int32_t handle);

#ifdef __cplusplus
}
#endif
#endif
