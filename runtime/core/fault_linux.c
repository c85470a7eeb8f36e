/* fault_linux.c: guard-page faults to wasm traps (Linux).
 *
 * One SIGSEGV/SIGBUS handler per process runs on a per-thread alternate
 * signal stack (so it works after a stack overflow).  A fault becomes a
 * trap only when the faulting PC is in registered generated code and the
 * faulting address is either inside a memory reservation (out of bounds
 * memory access) or just below this thread's stack (call stack
 * exhausted).  Anything else goes to the handler installed before ours
 * (AddressSanitizer's, a debugger's) or, without one, re-raises with the
 * default action.  Stack bounds come from pthread_getattr_np; for the main
 * thread glibc derives them from RLIMIT_STACK, the size the stack may grow
 * to on demand.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* pthread_getattr_np, REG_RIP */
#endif
#include "core.h"

#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

enum {
    ALT_STACK_SIZE = 256 * 1024,   /* the unwinder and ASan run here */
    HOST_MARGIN = 64 * 1024,       /* stack_limit headroom for host calls */
    STACK_GUARD_SPAN = 1024 * 1024 /* Linux's stack guard gap */
};

static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static pthread_key_t alt_key;
static struct sigaction prev_segv, prev_bus;
static uintptr_t page_size;
static _Thread_local bool thread_ready;
static _Thread_local uintptr_t stack_low;

#if defined(__x86_64__)
#define CONTEXT_PC(uc) ((uintptr_t)(uc)->uc_mcontext.gregs[REG_RIP])
#elif defined(__i386__)
#define CONTEXT_PC(uc) ((uintptr_t)(uc)->uc_mcontext.gregs[REG_EIP])
#elif defined(__aarch64__)
#define CONTEXT_PC(uc) ((uintptr_t)(uc)->uc_mcontext.pc)
#elif defined(__arm__)
#define CONTEXT_PC(uc) ((uintptr_t)(uc)->uc_mcontext.arm_pc)
#elif defined(__riscv)
#define CONTEXT_PC(uc) ((uintptr_t)(uc)->uc_mcontext.__gregs[REG_PC])
#else
#define CONTEXT_PC(uc) ((uintptr_t)0) /* no attribution: always chain */
#endif

static bool in_stack_guard(uintptr_t addr)
{
    return stack_low && addr < stack_low + page_size &&
           addr + STACK_GUARD_SPAN >= stack_low;
}

static void chain(int sig, siginfo_t *si, void *uc)
{
    struct sigaction *prev = sig == SIGBUS ? &prev_bus : &prev_segv;
    if (prev->sa_flags & SA_SIGINFO) {
        prev->sa_sigaction(sig, si, uc);
        return;
    }
    if (prev->sa_handler != SIG_DFL && prev->sa_handler != SIG_IGN) {
        prev->sa_handler(sig);
        return;
    }
    /* Default action: a real fault recurs when we return; a sent signal
     * must be raised again. */
    signal(sig, SIG_DFL);
    if (si->si_code <= 0)
        raise(sig);
}

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    uintptr_t pc = CONTEXT_PC((ucontext_t *)ctx);
    uintptr_t addr = (uintptr_t)si->si_addr;
    if (si->si_code > 0 && kiln_code_contains(pc)) {
        if (kiln_os_in_reservation(addr))
            kiln_trap_raise(KILN_TRAP_MEMORY_OOB, NULL, 0);
        if (in_stack_guard(addr))
            kiln_trap_raise(KILN_TRAP_STACK_EXHAUSTED, NULL, 0);
    }
    chain(sig, si, ctx);
}

/* Thread exit.  Only unmaps the stack while it is still the installed
 * one: a sanitizer's thread teardown may have released it already. */
static void free_alt_stack(void *stack)
{
    stack_t cur;
    if (sigaltstack(NULL, &cur) != 0 || cur.ss_sp != stack ||
        (cur.ss_flags & SS_DISABLE))
        return;
    stack_t ss = {.ss_flags = SS_DISABLE};
    sigaltstack(&ss, NULL);
    munmap(stack, ALT_STACK_SIZE);
}

static void install(void)
{
    page_size = (uintptr_t)sysconf(_SC_PAGESIZE);
    pthread_key_create(&alt_key, free_alt_stack);
    struct sigaction sa = {0};
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, &prev_segv);
    sigaction(SIGBUS, &sa, &prev_bus);
}

/* Keeps an alternate stack someone else (ASan) installed if big enough. */
static void setup_alt_stack(void)
{
    stack_t old;
    if (sigaltstack(NULL, &old) == 0 && !(old.ss_flags & SS_DISABLE) &&
        old.ss_size >= ALT_STACK_SIZE)
        return;
    void *mem = mmap(NULL, ALT_STACK_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return;
    stack_t ss = {.ss_sp = mem, .ss_size = ALT_STACK_SIZE};
    if (sigaltstack(&ss, NULL) != 0) {
        munmap(mem, ALT_STACK_SIZE);
        return;
    }
    pthread_setspecific(alt_key, mem);
}

static void find_stack(void)
{
    pthread_attr_t attr;
    void *addr;
    size_t size;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
        return;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0)
        stack_low = (uintptr_t)addr;
    pthread_attr_destroy(&attr);
}

void kiln_rt_init_thread(void)
{
    if (thread_ready)
        return;
    pthread_once(&install_once, install);
    find_stack();
    setup_alt_stack();
    thread_ready = true;
}

uintptr_t kiln_os_stack_limit(void)
{
    return stack_low ? stack_low + HOST_MARGIN : 0;
}
