/* core.h: internal interfaces of libkilnrt's core, grouped by the file that
 * defines them.  Nothing here is part of the ABI with generated code (that
 * is kiln_rt.h); every name still carries the kiln_ prefix because the
 * runtime is linked into every compiled program.
 */
#ifndef KILN_CORE_H
#define KILN_CORE_H

#include "kiln_rt.h"

#include <stdatomic.h>
#include <stdio.h>

/* 8 GiB and a page: every address an i32 base + u32 offset + access width
 * can form, so 32-bit memories in guard mode need no bounds checks. */
#define KILN_GUARD_RESERVATION ((uint64_t)8 << 30 | KILN_WASM_PAGE)
#define KILN_MAX_PAGES32 ((uint64_t)65536)
#define KILN_MAX_PAGES64 ((uint64_t)1 << 48)
#define KILN_BT_MAX 64

/* ---- alloc.c ------------------------------------------------------------ */
void *kiln_rt_alloc_array(size_t n, size_t size); /* zeroed; NULL on overflow */

/* ---- types.c ------------------------------------------------------------ */
/* (kiln_rt_type_intern is public) */

/* ---- registry.c: address ranges readable from a signal handler ---------- */
typedef struct KilnRange {
    _Atomic uintptr_t start, end;
    _Atomic(void *) tag;
} KilnRange;

enum { KILN_REG_CHUNK = 1024, KILN_REG_CHUNKS = 64 };

typedef struct KilnRangeSet {
    _Atomic(KilnRange *) chunks[KILN_REG_CHUNKS];
    _Atomic uint32_t nchunks;
    atomic_flag lock;
} KilnRangeSet;

/* Returns a slot id (>= 0) or -1 when out of memory or slots. */
int kiln_reg_add(KilnRangeSet *set, uintptr_t start, uintptr_t end,
                 void *tag);
void kiln_reg_remove(KilnRangeSet *set, int slot);
/* The slot of the range starting at start, or -1. */
int kiln_reg_slot_of(KilnRangeSet *set, uintptr_t start);
/* Async-signal-safe: the tag of a range holding addr, or NULL. */
void *kiln_reg_find(KilnRangeSet *set, uintptr_t addr);
void kiln_spin_lock(atomic_flag *lock);
void kiln_spin_unlock(atomic_flag *lock);

/* ---- memory.c ------------------------------------------------------------ */
/* guard: a 32-bit memory inside a KILN_GUARD_RESERVATION (NULL when the
 * platform cannot reserve one); otherwise a heap buffer that may move on
 * grow. */
KilnMemory *kiln_mem_create(uint64_t min_pages, uint64_t max_pages,
                            bool has_max, bool is64, bool guard);
bool kiln_mem_is_guarded(const KilnMemory *mem);

/* ---- backtrace.c: code registry and symbolization ------------------------ */
typedef struct KilnCodeInfo KilnCodeInfo;
/* Registers desc's code range for fault attribution and backtraces. */
KilnCodeInfo *kiln_code_register(const KilnModuleDesc *desc);
void kiln_code_unregister(KilnCodeInfo *info);
bool kiln_code_contains(uintptr_t pc);
/* Writes "    N: name\n" lines for the pcs in generated code. */
void kiln_bt_format(const uintptr_t *pcs, size_t n, char *buf, size_t cap);

/* ---- unwind.c ------------------------------------------------------------ */
/* Return addresses of the current stack (adjusted to lie inside the call
 * instruction); from a signal handler the unwinder continues through the
 * signal frame into the faulting function. */
size_t kiln_unwind_collect(uintptr_t *pcs, size_t max);

/* ---- trap.c ---------------------------------------------------------------- */
/* Raises a trap from a signal handler (pcs already collected) or from code. */
_Noreturn void kiln_trap_raise(KilnTrap kind, const char *message,
                               int status);
void kiln_trap_report(FILE *out, const KilnTrapInfo *info);

/* ---- run.c: shared by kiln_rt_run and kiln_component_run ------------------ */
/* The exit status of a finished run: 0 without a trap, the exit status
 * for KILN_TRAP_EXIT, else 134 after reporting the trap on stderr. */
int kiln_run_status(const KilnTrapInfo *info);
/* main()'s WASI configuration: argv and the host's std streams, the rest
 * (environment, preopens) baked in at build time. */
KilnWasiConfig kiln_run_config(int argc, char **argv,
                               const KilnWasiConfig *baked);

/* ---- instance.c / link.c ------------------------------------------------- */
/* kiln_instance_new for a core instance of a component: vm->host is
 * `host` (the KilnComponentInst) from before init runs, and is not freed
 * with the instance; no WASI preview1 state is made. */
KilnVmctx *kiln_instance_new_with_host(const KilnModuleDesc *desc,
                                       const KilnExtern *imports, void *host,
                                       KilnTrapInfo *err);
bool kiln_link_imports(KilnVmctx *vm, const KilnExtern *imports,
                       KilnTrapInfo *err);
void kiln_err_set(KilnTrapInfo *err, const char *fmt, ...);

/* ---- memimage.c: copy-on-write images of initialized memories ---------- */
/* Inert until kiln_memimage_enable, whose (strong) call from the server
 * links the file in; the hooks are weak, absent without memfd (bare
 * metal).  begin maps the image, if any, after the memories
 * exist and before init; write is called by memory.init after its bounds
 * check and says whether the bytes are already there; end follows init
 * (false: memory could not be restored after a diverging init). */
void kiln_memimage_enable(void);
__attribute__((weak)) void kiln_memimage_begin(KilnVmctx *vm);
__attribute__((weak)) bool kiln_memimage_write(KilnVmctx *vm, uint32_t mem,
                                               uint32_t seg, uint64_t dst,
                                               uint32_t src, uint32_t len);
__attribute__((weak)) bool kiln_memimage_end(KilnVmctx *vm, bool trapped);

/* ---- os_*.c: the platform layer ------------------------------------------ */
/* Reserves size bytes of inaccessible address space (NULL when the
 * platform cannot); commit makes [addr, addr+size) read-write. */
void *kiln_os_reserve(uint64_t size);
bool kiln_os_commit(void *addr, uint64_t size);
void kiln_os_release(void *addr, uint64_t size);
/* Async-signal-safe: is addr inside a live reservation? */
bool kiln_os_in_reservation(uintptr_t addr);

/* ---- fault_linux.c (os_none.c elsewhere) ----------------------------------- */
/* Lowest usable stack address of this thread plus a margin for host calls,
 * or 0 when unknown (kiln_rt_init_thread not called on this thread). */
uintptr_t kiln_os_stack_limit(void);

#endif
