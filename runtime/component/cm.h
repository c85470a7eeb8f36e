/* cm.h: internal interfaces of the component runtime (runtime/component/),
 * grouped by the file that defines them.  The contract with generated code
 * and the WASI 0.2 host is kiln_cm.h; this header is the runtime's own
 * state behind it: the per-component-instance handle tables
 * (CanonicalABI.md "Table State", "Resource State"), the stack of calls
 * in progress that borrow scopes and lends refer to ("Task", "Subtask"),
 * and the table that gives host objects 32-bit representations.
 */
#ifndef KILN_CM_INTERNAL_H
#define KILN_CM_INTERNAL_H

#include "kiln_cm.h"

#include <stdint.h>

/* CanonicalABI.md Table.MAX_LENGTH. */
#define CM_TABLE_MAX ((1u << 28) - 1)
/* CanonicalABI.md MAX_STRING_BYTE_LENGTH. */
#define CM_MAX_STRING_BYTES ((1u << 28) - 1)
/* utf16_tag of a 32-bit memory. */
#define CM_UTF16_TAG (1u << 31)

/* A handle's resource type: 0 marks a free slot; a guest resource is its
 * KilnComponentDesc.resources index + 1; a host resource is CM_HOST_KEY
 * with its KilnHostResource id (so two descriptor rows naming the same
 * host resource are the same type). */
#define CM_HOST_KEY 0x80000000u

/* One slot of a handle table (ResourceHandle).  Free slots chain through
 * `rep` (0 ends the list) so that the most recently freed index is
 * reused first, as the spec's free list pops. */
typedef struct CmHandle {
    uint32_t type;      /* 0: free */
    uint32_t rep;       /* guest rep, or host object id (hostobj.c) */
    uint32_t num_lends;
    uint32_t scope;     /* borrow: index + 1 of the call that lent it */
    uint8_t own;
} CmHandle;

struct KilnHandleTable {
    CmHandle *slots; /* slot 0 is reserved (never a valid handle) */
    uint32_t len, cap;
    uint32_t free_head;
};

/* A synchronous cross-component call in progress: both the callee's Task
 * (borrow handles lowered into it: num_borrows) and the caller's Subtask
 * (handles lent for borrow parameters: lends [lend_base, nlends)). */
typedef struct CmFrame {
    uint32_t caller, callee; /* caller KILN_NO_INDEX: the host */
    uint32_t num_borrows;
    uint32_t lend_base;
} CmFrame;

typedef struct CmLend {
    uint32_t inst, handle;
} CmLend;

/* A host object: what a host resource handle's rep stands for. */
typedef struct CmHostObj {
    void *ptr;      /* NULL: free slot */
    uint32_t type;  /* KilnHostResource id */
    uint32_t next_free;
} CmHostObj;

/* The component instance with the runtime's private state. */
typedef struct CmInst {
    KilnComponentInst pub;
    CmFrame *frames;
    uint32_t nframes, cap_frames;
    CmLend *lends;
    uint32_t nlends, cap_lends;
    CmHostObj *hobjs; /* index 0 unused */
    uint32_t nhobjs, cap_hobjs, hobj_free;
} CmInst;

static inline CmInst *cm_inst(KilnComponentInst *ci)
{
    return (CmInst *)ci;
}

/* ---- the WASI 0.2 host (runtime/wasi_p2/wasi_p2.h) ----------------------
 * Declared here rather than included: wasi_p2.h includes tables generated
 * in the build tree, which cross builds of the runtime do not see.  Weak,
 * so that an executable whose component imports nothing of WASI does not
 * pull the host out of libkilnrt.a (and a runtime built without it still
 * links): without it there is no host state and no host resource.
 * tests/runtime/test_cm_contract.c checks that these match wasi_p2.h. */
__attribute__((weak)) void *kiln_wasi_p2_new(const KilnWasiConfig *cfg,
                                             char *err, size_t errlen);
__attribute__((weak)) void kiln_wasi_p2_free(void *host);
__attribute__((weak)) void kiln_wasi_p2_drop(KilnComponentInst *ci,
                                             uint32_t host_type, void *rep);
__attribute__((weak)) const char *kiln_wasi_p2_resource_name(
    uint32_t host_type);

/* ---- trap.c ------------------------------------------------------------- */
/* kiln_cm_trap with a formatted message. */
_Noreturn void cm_trapf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* Traps "out of memory" when p is NULL. */
void *cm_check_alloc(void *p);
/* Grows *arr (elements of size `size`) to hold at least `need`. */
void cm_grow(void **arr, uint32_t *cap, uint32_t need, size_t size);

/* ---- handles.c ---------------------------------------------------------- */
void cm_tables_free(CmInst *c);
/* The type key of descriptor resource `resource`. */
uint32_t cm_resource_key(const KilnComponentInst *ci, uint32_t resource);
/* Runs the destructor of an own handle's resource (guest dtor, or the
 * host's drop). */
void cm_destroy(KilnComponentInst *ci, uint32_t inst, uint32_t key,
                uint32_t rep);

/* ---- hostobj.c ---------------------------------------------------------- */
uint32_t cm_hobj_add(CmInst *c, uint32_t host_type, void *ptr);
void *cm_hobj_get(CmInst *c, uint32_t id);
/* Frees the slot and returns the object (ownership goes to the caller). */
void *cm_hobj_take(CmInst *c, uint32_t id);
/* Drops every remaining host object, newest first (teardown). */
void cm_hobj_drop_all(CmInst *c);
/* Runs the host's destructor of a host object of type `host_type`: the
 * descriptor row's drop, else a linked kiln_wasi_p2_drop; traps when
 * there is neither unless `quiet` (teardown then leaves the object). */
void cm_hobj_destroy(KilnComponentInst *ci, uint32_t host_type, void *ptr,
                     bool quiet);

/* ---- calls.c ------------------------------------------------------------ */
/* The call in progress (NULL outside any): borrow scope of lowerings and
 * lend list of liftings. */
CmFrame *cm_top_frame(CmInst *c);
void cm_add_lend(CmInst *c, uint32_t inst, uint32_t handle);

/* ---- canon.c ------------------------------------------------------------ */
/* cx's realloc(old, old_size, align, new_size), with may_leave cleared
 * around it, checking alignment and bounds of the result. */
uint32_t cm_realloc(KilnCanonCx *cx, uint32_t old, uint32_t old_size,
                    uint32_t align, uint32_t new_size);
/* Guest memory of cx: traps unless [addr, addr + len) is in bounds. */
uint8_t *cm_mem(KilnCanonCx *cx, uint32_t addr, uint64_t len);
/* The C-ABI entry of a core export. */
void *cm_export_entry(KilnComponentInst *ci, KilnCoreExportRef ref,
                      KilnVmctx **vm);

#endif
