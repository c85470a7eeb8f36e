/* kiln_cm.h: the Component Model part of the contract between generated
 * code and libkilnrt (kiln_rt.h is the core part; both share
 * KILN_RT_ABI_VERSION).
 *
 * A compiled component is one object per core module (each defines a
 * KilnModuleDesc, kiln_rt.h) plus a KilnComponentDesc: the link plan as
 * data.  kiln_component_new() instantiates it statically: core instances
 * in plan order, each dynamic import bound to an item of an earlier core
 * instance.  Everything the Canonical ABI adds is compiled into the core
 * module that imports it (canon lower of a host function, a fused adapter
 * calling another component's lifted export, resource.new/drop/rep), as
 * an inlinable function that calls the helpers below.
 *
 * Generated code finds the component instance through the core instance
 * context: `vm->host` is the KilnComponentInst of every core instance of
 * a component (set before the core instance's init runs).  It reads
 * `ci->cores[p]` (p = a plan core-instance index) to reach another core
 * instance's memories and functions; every other field is the runtime's.
 *
 * Host functions (the WASI 0.2 implementation, headers generated from
 * wit/ by `kiln bindgen c --host-runtime`, docs/bindgen-c.md) take a
 * KilnCanonCx first: the lowering's options (memory, realloc, the
 * component instance whose handle table the guest's handles index).
 * Handles reach the host as the guest's handle indices; the host turns
 * them into its own objects with kiln_cx_borrow()/kiln_cx_take_own() and
 * returns new ones with kiln_cx_new_own().
 */
#ifndef KILN_CM_H
#define KILN_CM_H

#include "kiln_rt.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the component descriptor (emitted by the compiler) --------------- */

/* Where a dynamic import of a core instance comes from: item `index` of
 * kind `kind` (KilnExternKind) in the index space of core instance
 * `instance`, which comes earlier in plan order. */
typedef struct KilnCoreImportSrc {
    uint32_t instance;
    uint32_t kind;
    uint32_t index;
    uint32_t pad;
} KilnCoreImportSrc;

typedef struct KilnCoreInstDesc {
    const KilnModuleDesc *module;
    const KilnCoreImportSrc *imports; /* one per module->nimports, in order */
    uint32_t comp_instance;           /* the component instance it belongs to */
    uint32_t pad;
} KilnCoreInstDesc;

/* A C-ABI export entry of a core instance: desc->exports[export] of
 * core instance `instance` (its `entry`). */
typedef struct KilnCoreExportRef {
    uint32_t instance;
    uint32_t export_index;
} KilnCoreExportRef;

enum { KILN_NO_INDEX = 0xffffffffu };

/* A resource type of the plan.  Host resources (implemented by the
 * runtime: wasi:io/streams.input-stream, ...) have host_type set to their
 * KilnHostResource id + 1; guest resources (defined by a component with
 * `(type (resource (rep i32) (dtor f)))`) have host_type 0, the component
 * instance that defined them, and the destructor's core export (instance
 * KILN_NO_INDEX when there is none), called through its C-ABI entry (a
 * function without results, kiln_rt.h): void dtor(KilnVmctx *, int32_t rep,
 * KilnValue *results).  One row per resource type: guest resources are
 * told apart by row, host resources by host_type.  A host resource's row
 * also names the host's destructor (`drop`, the `<c_name>_drop` function
 * of the generated host header): the runtime calls it when the last own
 * handle goes, so an executable links the drops, and through them the
 * host interfaces, of the resources its component imports and no others.
 * NULL for guest rows (and, in hand-made descriptors, host rows whose
 * drop is left to a linked kiln_wasi_p2_drop). */
struct KilnComponentInst;
typedef struct KilnResourceDesc {
    const char *name; /* "wasi:io/streams#output-stream", or the guest's */
    uint32_t host_type;
    uint32_t comp_instance;
    KilnCoreExportRef dtor;
    void (*drop)(struct KilnComponentInst *ci, void *rep);
} KilnResourceDesc;

/* Canon options of a lift or lower, as the runtime needs them. */
typedef enum KilnStringEncoding {
    KILN_UTF8 = 0,
    KILN_UTF16 = 1,
    KILN_LATIN1_UTF16 = 2,
} KilnStringEncoding;

typedef struct KilnCanonOptsDesc {
    uint32_t comp_instance;  /* whose handle table and flags */
    uint32_t encoding;       /* KilnStringEncoding */
    uint32_t memory_instance, memory_index; /* KILN_NO_INDEX: none */
    KilnCoreExportRef realloc;     /* instance KILN_NO_INDEX: none */
    KilnCoreExportRef post_return; /* instance KILN_NO_INDEX: none */
} KilnCanonOptsDesc;

/* A function the root component exports (canon lift), for executables'
 * main (wasi:cli/run) and embedders (`kiln run --invoke`).  `name` is
 * "wasi:cli/run@0.2.3#run" for a function of an exported instance, the
 * plain name for a function exported directly.  The core function is a
 * C-ABI export entry; its flattened signature is `sig` (kiln_rt.h). */
typedef struct KilnLiftDesc {
    const char *name;
    const char *sig;
    KilnCoreExportRef core;
    KilnCanonOptsDesc opts;
} KilnLiftDesc;

typedef struct KilnComponentDesc {
    uint32_t abi_version; /* KILN_RT_ABI_VERSION */
    uint32_t ncores;
    uint32_t ncomp_instances;
    uint32_t nresources;
    uint32_t nexports;
    int32_t run_export; /* index in exports of wasi:cli/run's `run`, or -1 */
    const KilnCoreInstDesc *cores;
    const KilnResourceDesc *resources;
    const KilnLiftDesc *exports;
    /* per component instance: the instance that instantiated it, or
     * KILN_NO_INDEX for the root (CanonicalABI.md ComponentInstance.parent:
     * the entering set of a call) */
    const uint32_t *comp_parents;
} KilnComponentDesc;

/* ---- the component instance ------------------------------------------- */

typedef struct KilnComponentInst KilnComponentInst;
typedef struct KilnHandleTable KilnHandleTable;

/* Generated code reads `cores` only; the rest is private to the runtime
 * (runtime/component/). */
struct KilnComponentInst {
    const KilnComponentDesc *desc;
    KilnVmctx **cores;       /* by plan core-instance index */
    KilnHandleTable *tables; /* one per component instance */
    uint8_t *may_leave;      /* per component instance (CanonicalABI.md) */
    uint8_t *may_enter;      /* per component instance */
    void *wasi;              /* the WASI 0.2 host state (runtime/wasi_p2) */
    void *user;              /* free for embedders */
};

/* Creates the WASI 0.2 host state from `wasi` (may be NULL: no WASI) and
 * instantiates every core instance in plan order (their start functions
 * run).  Returns NULL with `err` filled on a link error or a trap, as
 * kiln_instance_new does. */
KilnComponentInst *kiln_component_new(const KilnComponentDesc *desc,
                                      const KilnWasiConfig *wasi,
                                      KilnTrapInfo *err);
void kiln_component_free(KilnComponentInst *ci);

/* main() of a compiled component executable: instantiates with WASI from
 * argv and the baked configuration, calls wasi:cli/run's `run`, and
 * returns the exit status: 0 for ok, 1 for err, the status given to
 * wasi:cli/exit, or 134 after printing a trap ("error: wasm trap: ..."). */
int kiln_component_main(int argc, char **argv, const KilnComponentDesc *desc,
                        const KilnWasiConfig *baked);
/* The same in-process for `kiln run` (cfg used as given). */
int kiln_component_run(const KilnComponentDesc *desc,
                       const KilnWasiConfig *cfg);

/* ---- what lowered functions call --------------------------------------- */

/* The context of one canon lower / lift call, built on the stack by the
 * generated adapter (fields in this order: generated code stores them). */
typedef struct KilnCanonCx {
    KilnComponentInst *ci;
    uint32_t comp_instance; /* whose handle table */
    uint32_t encoding;      /* KilnStringEncoding */
    KilnMemory *memory;     /* NULL: no memory option */
    KilnCoreExportRef realloc; /* instance KILN_NO_INDEX: none */
} KilnCanonCx;

/* realloc(0, 0, align, size) through the guest's realloc: returns the
 * guest address, trapping when it is misaligned or out of bounds. */
uint32_t kiln_cx_alloc(KilnCanonCx *cx, uint32_t size, uint32_t align);
/* A host pointer to guest bytes [addr, addr + len), trapping ("out of
 * bounds memory access") when they are not all in memory.  Valid until
 * the next call into the guest (realloc may grow the memory). */
void *kiln_cx_ptr(KilnCanonCx *cx, uint32_t addr, uint64_t len);
/* Allocates `len` bytes in guest memory, copies `src` there and returns
 * the guest address (strings and byte lists in host results). */
uint32_t kiln_cx_copy_out(KilnCanonCx *cx, const void *src, uint32_t len,
                          uint32_t align);
/* Stores a host string (UTF-8) as a string of the lowering's encoding:
 * writes the guest address and the encoded length (tagged for
 * latin1+utf16) to *ptr_out / *len_out. */
void kiln_cx_store_string(KilnCanonCx *cx, const char *s, size_t len,
                          uint32_t *ptr_out, uint32_t *len_out);

/* Lifts a string argument of a host call (load_string): checks bounds,
 * alignment and validity in cx's encoding (trapping as a lift must) and
 * returns it as UTF-8 with its byte length in *len_out: a view of guest
 * memory for utf8, else a transcoded copy.  Release it after the call
 * with kiln_cx_free_string (which does nothing for a view). */
const char *kiln_cx_lift_string(KilnCanonCx *cx, uint32_t ptr,
                                uint32_t tagged_len, uint32_t *len_out);
void kiln_cx_free_string(KilnCanonCx *cx, const char *s);

/* Handles of host resources.  `host_type` is a KilnHostResource id (see
 * runtime/wasi_p2/host_table.inc).  All trap ("unknown handle" ...) when
 * the handle is not a live handle of that type in cx's table. */
uint32_t kiln_cx_new_own(KilnCanonCx *cx, uint32_t host_type, void *rep);
void *kiln_cx_borrow(KilnCanonCx *cx, uint32_t host_type, uint32_t handle);
void *kiln_cx_take_own(KilnCanonCx *cx, uint32_t host_type, uint32_t handle);

/* canon resource.new / drop / rep, and the handle moves of fused adapters.
 * `resource` is a KilnComponentDesc.resources index; `inst` the component
 * instance whose table is used. */
uint32_t kiln_cm_resource_new(KilnComponentInst *ci, uint32_t inst,
                              uint32_t resource, uint32_t rep);
void kiln_cm_resource_drop(KilnComponentInst *ci, uint32_t inst,
                           uint32_t resource, uint32_t handle);
uint32_t kiln_cm_resource_rep(KilnComponentInst *ci, uint32_t inst,
                              uint32_t resource, uint32_t handle);
/* lift_own: removes an own handle and returns its rep; lift_borrow:
 * returns the rep of an own or borrow handle (counting a lend on own
 * handles until kiln_cm_call_end); lower_own: a new own handle in
 * `inst`'s table; lower_borrow: a new borrow handle valid until
 * kiln_cm_call_end (or the rep itself when `inst` owns the resource). */
uint32_t kiln_cm_lift_own(KilnComponentInst *ci, uint32_t inst,
                          uint32_t resource, uint32_t handle);
uint32_t kiln_cm_lift_borrow(KilnComponentInst *ci, uint32_t inst,
                             uint32_t resource, uint32_t handle);
uint32_t kiln_cm_lower_own(KilnComponentInst *ci, uint32_t inst,
                           uint32_t resource, uint32_t rep);
uint32_t kiln_cm_lower_borrow(KilnComponentInst *ci, uint32_t inst,
                              uint32_t resource, uint32_t rep);
/* Brackets a cross-component call (fused adapter or host-to-guest lift):
 * checks and clears the callee's may_enter (trap "cannot enter component
 * instance"), and at the end releases the call's lends, traps if a
 * borrow handle given to the callee was not dropped, and sets may_enter
 * again.  Returns a token for call_end.  Call it before lifting the
 * arguments (lift_borrow / lower_borrow belong to the innermost call in
 * progress) and end it after lowering the results (before or after
 * post-return: with may_leave cleared it cannot call out or drop).
 * `caller` is KILN_NO_INDEX for the host.  A trap leaves the calls in
 * progress open: the component instance can then only be freed. */
uint32_t kiln_cm_call_begin(KilnComponentInst *ci, uint32_t caller,
                            uint32_t callee);
void kiln_cm_call_end(KilnComponentInst *ci, uint32_t token);
/* Traps "cannot leave component instance" unless may_leave is set;
 * set_may_leave brackets realloc and post-return calls. */
void kiln_cm_check_leave(KilnComponentInst *ci, uint32_t inst);
void kiln_cm_set_may_leave(KilnComponentInst *ci, uint32_t inst, bool v);

/* Validation and transcoding helpers (trap on invalid input; every
 * Canonical ABI trap message is listed in runtime/component/trap.c). */
void kiln_cm_check_utf8(const uint8_t *p, uint32_t len);
void kiln_cm_check_utf16(const uint16_t *p, uint32_t units);
/* Copies a string between two memories, re-encoding it: reads `src_len`
 * (code units; tagged for latin1+utf16) at src in `from`'s encoding,
 * allocates with dst's realloc, writes *dst_ptr / *dst_len in `to`'s. */
void kiln_cm_transcode(KilnCanonCx *from, uint32_t src, uint32_t src_len,
                       KilnCanonCx *to, uint32_t *dst_ptr, uint32_t *dst_len);

/* Traps: a function imported with --unknown-imports=trap was called
 * (names it), or a Canonical ABI check failed. */
_Noreturn void kiln_cm_trap_unknown_import(const char *name);
_Noreturn void kiln_cm_trap(const char *message);

#ifdef __cplusplus
}
#endif
#endif
