/* trap.c: traps (spec 4.4 "trap") and the guards that catch them.
 *
 * Explicit checks in generated code call one no-return kiln_trap_<kind>
 * function each; the fault handler (fault_linux.c) turns guard-page faults
 * into the same traps.  A trap records its kind and a backtrace, then
 * unwinds with a long jump to the innermost guard of this thread
 * (kiln_rt_call_guarded, nestable: the guards form a linked list on the C
 * stack).  With no guard the process reports the trap and exits with 134.
 * kiln_rt_exit (WASI proc_exit) unwinds the same way with KILN_TRAP_EXIT.
 *
 * The jump does not save the signal mask (no syscall per guarded call):
 * the fault handler is installed with SA_NODEFER, so leaving it by a jump
 * leaves no signal blocked.
 *
 * The embedded profile (KILN_PROFILE_EMBEDDED) reports through the
 * kiln_platform_write hook without stdio (runtime/baremetal/bm_io.h): the
 * guest's output never sits in a stdio buffer there, so nothing flushes.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L /* sigsetjmp */
#endif
#include "core.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#ifdef KILN_PROFILE_EMBEDDED
#include "bm_io.h"
#define FLUSH_STDIO() ((void)0)
#define REPORT_STREAM NULL
#else
#define FLUSH_STDIO() (fflush(stdout), fflush(stderr))
#define REPORT_STREAM stderr
#endif

#if defined(__unix__) || defined(__APPLE__)
typedef sigjmp_buf KilnJmpBuf;
#define KILN_SETJMP(b) sigsetjmp(b, 0)
#define KILN_LONGJMP(b) siglongjmp(b, 1)
#else
typedef jmp_buf KilnJmpBuf;
#define KILN_SETJMP(b) setjmp(b)
#define KILN_LONGJMP(b) longjmp(b, 1)
#endif

typedef struct KilnGuard {
    KilnJmpBuf jb;
    struct KilnGuard *prev;
} KilnGuard;

/* The trap in flight on this thread. */
typedef struct TrapState {
    KilnTrap kind;
    int status;
    char message[256];
    uintptr_t pcs[KILN_BT_MAX];
    size_t npcs;
} TrapState;

_Alignas(16) _Thread_local KilnValue kiln_rt_results[KILN_MAX_AREA_RESULTS];

static _Thread_local KilnGuard *guard_top;
static _Thread_local TrapState trap_state;

static const char *const messages[KILN_TRAP_COUNT] = {
    [KILN_TRAP_NONE] = "no trap",
    [KILN_TRAP_UNREACHABLE] = "unreachable",
    [KILN_TRAP_INT_DIV_ZERO] = "integer divide by zero",
    [KILN_TRAP_INT_OVERFLOW] = "integer overflow",
    [KILN_TRAP_BAD_CONVERSION] = "invalid conversion to integer",
    [KILN_TRAP_MEMORY_OOB] = "out of bounds memory access",
    [KILN_TRAP_TABLE_OOB] = "out of bounds table access",
    [KILN_TRAP_UNDEFINED_ELEMENT] = "undefined element",
    [KILN_TRAP_UNINITIALIZED_ELEMENT] = "uninitialized element",
    [KILN_TRAP_INDIRECT_TYPE] = "indirect call type mismatch",
    [KILN_TRAP_NULL_REFERENCE] = "null reference",
    [KILN_TRAP_STACK_EXHAUSTED] = "call stack exhausted",
    [KILN_TRAP_UNALIGNED] = "unaligned atomic",
    [KILN_TRAP_HOST] = "host function failed",
    [KILN_TRAP_EXIT] = "exit",
};

const char *kiln_trap_message(KilnTrap kind)
{
    if ((unsigned)kind >= KILN_TRAP_COUNT)
        return "unknown trap";
    return messages[kind];
}

static void fill_info(KilnTrapInfo *info, const TrapState *t)
{
    info->kind = t->kind;
    info->exit_status = t->status;
    snprintf(info->message, sizeof info->message, "%s", t->message);
    kiln_bt_format(t->pcs, t->npcs, info->backtrace, sizeof info->backtrace);
}

#ifdef KILN_PROFILE_EMBEDDED
void kiln_trap_report(FILE *out, const KilnTrapInfo *info)
{
    (void)out; /* stderr: the only stream a trap goes to */
    kiln_bm_puts(2, "error: wasm trap: ", info->message, "\n",
                 info->backtrace, NULL);
}
#else
void kiln_trap_report(FILE *out, const KilnTrapInfo *info)
{
    fprintf(out, "error: wasm trap: %s\n%s", info->message, info->backtrace);
    fflush(out);
}
#endif

_Noreturn static void exit_process(int status)
{
    FLUSH_STDIO();
    exit(status);
}

_Noreturn void kiln_trap_raise(KilnTrap kind, const char *message,
                               int status)
{
    TrapState *t = &trap_state;
    t->kind = kind;
    t->status = status;
    snprintf(t->message, sizeof t->message, "%s",
             message ? message : kiln_trap_message(kind));
    t->npcs = kind == KILN_TRAP_EXIT ? 0
                                     : kiln_unwind_collect(t->pcs, KILN_BT_MAX);
    if (guard_top)
        KILN_LONGJMP(guard_top->jb);
    if (kind == KILN_TRAP_EXIT)
        exit_process(status);
    KilnTrapInfo info;
    fill_info(&info, t);
    FLUSH_STDIO();
    kiln_trap_report(REPORT_STREAM, &info);
    exit_process(134);
}

KilnTrap kiln_rt_call_guarded(void (*fn)(void *arg), void *arg,
                              KilnTrapInfo *info)
{
    KilnGuard g;
    kiln_rt_init_thread(); /* faults need this thread's alternate stack */
    g.prev = guard_top;
    if (KILN_SETJMP(g.jb)) {
        guard_top = g.prev;
        if (info)
            fill_info(info, &trap_state);
        return trap_state.kind;
    }
    guard_top = &g;
    fn(arg);
    guard_top = g.prev;
    if (info) {
        info->kind = KILN_TRAP_NONE;
        info->exit_status = 0;
        info->message[0] = info->backtrace[0] = '\0';
    }
    return KILN_TRAP_NONE;
}

_Noreturn void kiln_trap(KilnTrap kind)
{
    kiln_trap_raise(kind, NULL, 0);
}

_Noreturn void kiln_trap_host(const char *message)
{
    kiln_trap_raise(KILN_TRAP_HOST, message, 0);
}

_Noreturn void kiln_rt_exit(int status)
{
    kiln_trap_raise(KILN_TRAP_EXIT, NULL, status);
}

/* One distinct function per kind: the call site names the trap, and the
 * backtrace's first guest frame is the function that trapped. */
_Noreturn void kiln_trap_unreachable(void) { kiln_trap(KILN_TRAP_UNREACHABLE); }
_Noreturn void kiln_trap_int_div_zero(void) { kiln_trap(KILN_TRAP_INT_DIV_ZERO); }
_Noreturn void kiln_trap_int_overflow(void) { kiln_trap(KILN_TRAP_INT_OVERFLOW); }
_Noreturn void kiln_trap_bad_conversion(void) { kiln_trap(KILN_TRAP_BAD_CONVERSION); }
_Noreturn void kiln_trap_memory_oob(void) { kiln_trap(KILN_TRAP_MEMORY_OOB); }
_Noreturn void kiln_trap_table_oob(void) { kiln_trap(KILN_TRAP_TABLE_OOB); }
_Noreturn void kiln_trap_undefined_element(void) { kiln_trap(KILN_TRAP_UNDEFINED_ELEMENT); }
_Noreturn void kiln_trap_uninitialized_element(void) { kiln_trap(KILN_TRAP_UNINITIALIZED_ELEMENT); }
_Noreturn void kiln_trap_indirect_type(void) { kiln_trap(KILN_TRAP_INDIRECT_TYPE); }
_Noreturn void kiln_trap_null_reference(void) { kiln_trap(KILN_TRAP_NULL_REFERENCE); }
_Noreturn void kiln_trap_stack_exhausted(void) { kiln_trap(KILN_TRAP_STACK_EXHAUSTED); }
