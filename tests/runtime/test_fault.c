/* test_fault.c: guard-page faults to traps.  A hand-made descriptor's
 * code range covers the "guest" functions below (section kiln_test_code);
 * faults they take on a memory's guard region become "out of bounds
 * memory access", overflowing the stack becomes "call stack exhausted"
 * (main thread and a small-stack thread), with a backtrace naming the
 * guest functions.  Faults outside guest code, or on addresses that are
 * neither guard region, are not traps: the process dies of the signal (or
 * AddressSanitizer reports it). */
#include "kiln_rt.h"
#include "rt_test.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define FAR_OFFSET (((uint64_t)4 << 30) + 5) /* 4 GiB + 5: guard region */

TEST_GUEST_CODE static int guest_oob(KilnVmctx *vm)
{
    volatile uint8_t *p = vm->memories[0]->base + FAR_OFFSET;
    return *p;
}

TEST_GUEST_CODE static int guest_entry(KilnVmctx *vm)
{
    int r = guest_oob(vm);
    __asm__ volatile("" ::: "memory"); /* keep it a real call */
    return r + 1;
}

static volatile int never = -1; /* the recursion has no base case */

TEST_GUEST_CODE static int guest_deep(KilnVmctx *vm, int n)
{
    volatile char frame[256];
    if (n == never)
        return 0;
    frame[0] = (char)n;
    int r = guest_deep(vm, n + 1);
    return r + frame[0];
}

static volatile uintptr_t low_address = 16;

TEST_GUEST_CODE static int guest_null(KilnVmctx *vm)
{
    volatile int *p = (volatile int *)low_address;
    return *p;
}

TEST_GUEST_CODE static int guest_unnamed(KilnVmctx *vm)
{
    if (vm)
        kiln_trap_unreachable();
    return 0;
}

TEST_GUEST_CODE static int guest_calls_unnamed(KilnVmctx *vm)
{
    int r = guest_unnamed(vm);
    __asm__ volatile("" ::: "memory");
    return r + 1;
}

/* A C-ABI export entry: lives in the code range, but is no wasm function
 * and must not appear in backtraces. */
TEST_GUEST_CODE static void entry_of_entry(KilnVmctx *vm, KilnValue *res)
{
    res[0].i32 = guest_entry(vm);
    __asm__ volatile("" ::: "memory");
}

/* A host function: not in the code range. */
__attribute__((noinline)) static int host_oob(KilnVmctx *vm)
{
    volatile uint8_t *p = vm->memories[0]->base + FAR_OFFSET;
    return *p;
}

static const char *const types[] = {"i:i"};
static const KilnFuncDesc funcs[] = {
    {(void *)guest_oob, "guest_oob", 0, 0},
    {(void *)guest_entry, "guest_entry", 0, 0},
    {(void *)guest_deep, "guest_deep", 0, 0},
    {(void *)guest_null, NULL, 0, 0},
    {(void *)guest_unnamed, NULL, 0, 0},
    {(void *)guest_calls_unnamed, "caller", 0, 0},
};
static const KilnMemoryDesc mems[] = {{0, 0, {1, 1, 1, 0}}};
static const KilnExportDesc exports[] = {
    {"entry", 5, KILN_EXTERN_FUNC, 1, 0, "i:i", (void *)entry_of_entry}};
static const KilnModuleDesc desc = {
    .abi_version = KILN_RT_ABI_VERSION,
    .ntypes = 1, .types = types,
    .nfuncs = 6, .funcs = funcs,
    .nmemories = 1, .memories = mems,
    .nexports = 1, .exports = exports,
    .code_start = __start_kiln_test_code,
    .code_end = __stop_kiln_test_code,
};

static KilnVmctx *vm;

static void call_entry(void *arg) { guest_entry(vm); }
static void call_export(void *arg)
{
    KilnValue r[1];
    entry_of_entry(vm, r);
}
static void call_deep(void *arg) { guest_deep(vm, 0); }
static void call_unnamed(void *arg) { guest_calls_unnamed(vm); }

/* Explicit traps: the first guest frame is the caller of kiln_trap_*;
 * functions without a name print as func[index]. */
static void test_explicit_backtrace(void)
{
    KilnTrapInfo info;
    CHECK(kiln_rt_call_guarded(call_unnamed, NULL, &info) ==
          KILN_TRAP_UNREACHABLE);
    CHECK(!strcmp(info.backtrace, "    0: func[4]\n    1: caller\n"));
}

static void test_memory_fault(void)
{
    KilnTrapInfo info;
    CHECK(kiln_rt_call_guarded(call_entry, NULL, &info) ==
          KILN_TRAP_MEMORY_OOB);
    CHECK(!strcmp(info.message, "out of bounds memory access"));
    CHECK(!strncmp(info.backtrace,
                   "    0: guest_oob\n    1: guest_entry\n", 36));
    CHECK(kiln_rt_call_guarded(call_export, NULL, &info) ==
          KILN_TRAP_MEMORY_OOB);
    CHECK(!strcmp(info.backtrace, "    0: guest_oob\n    1: guest_entry\n"));
    /* the handler stays usable */
    CHECK(kiln_rt_call_guarded(call_entry, NULL, NULL) ==
          KILN_TRAP_MEMORY_OOB);
}

static void test_stack_overflow(void)
{
    KilnTrapInfo info;
    CHECK(kiln_rt_call_guarded(call_deep, NULL, &info) ==
          KILN_TRAP_STACK_EXHAUSTED);
    CHECK(!strcmp(info.message, "call stack exhausted"));
    CHECK(!strncmp(info.backtrace, "    0: guest_deep\n", 18));
    CHECK(kiln_rt_call_guarded(call_deep, NULL, NULL) ==
          KILN_TRAP_STACK_EXHAUSTED);
    CHECK(vm->stack_limit != 0);
}

static void *thread_main(void *arg)
{
    kiln_rt_init_thread();
    KilnTrap *out = arg;
    out[0] = kiln_rt_call_guarded(call_deep, NULL, NULL);
    out[1] = kiln_rt_call_guarded(call_entry, NULL, NULL);
    return NULL;
}

static void test_thread(void)
{
    for (int round = 0; round < 20; round++) { /* threads come and go */
        pthread_t th;
        KilnTrap out[2] = {KILN_TRAP_NONE, KILN_TRAP_NONE};
        CHECK(pthread_create(&th, NULL, thread_main, out) == 0);
        pthread_join(th, NULL);
        CHECK(out[0] == KILN_TRAP_STACK_EXHAUSTED);
        CHECK(out[1] == KILN_TRAP_MEMORY_OOB);
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 512 * 1024);
    pthread_t th;
    KilnTrap out[2] = {KILN_TRAP_NONE, KILN_TRAP_NONE};
    CHECK(pthread_create(&th, &attr, thread_main, out) == 0);
    pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
    CHECK(out[0] == KILN_TRAP_STACK_EXHAUSTED);
    CHECK(out[1] == KILN_TRAP_MEMORY_OOB);
}

static int child_status(void (*fn)(void))
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = dup(2);
        close(2); /* keep sanitizer reports out of the test log */
        (void)devnull;
        fn();
        _exit(0);
    }
    int st;
    waitpid(pid, &st, 0);
    return st;
}

static void child_host_fault(void) { host_oob(vm); }
static void child_null_fault(void) { guest_null(vm); }
static void child_unguarded_trap(void) { guest_entry(vm); }

static bool died_of_fault(int st)
{
    if (WIFSIGNALED(st))
        return WTERMSIG(st) == SIGSEGV || WTERMSIG(st) == SIGBUS;
    return WIFEXITED(st) && WEXITSTATUS(st) != 0 && WEXITSTATUS(st) != 134;
}

static void test_not_traps(void)
{
    CHECK(died_of_fault(child_status(child_host_fault)));
    CHECK(died_of_fault(child_status(child_null_fault)));
    int st = child_status(child_unguarded_trap);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 134);
}

int main(void)
{
    KilnTrapInfo err;
    vm = kiln_instance_new(&desc, NULL, NULL, &err);
    CHECK(vm != NULL);
    if (!vm) {
        fprintf(stderr, "instantiation failed: %s\n", err.message);
        return 1;
    }
    test_memory_fault();
    test_stack_overflow();
    test_explicit_backtrace();
    test_thread();
    test_not_traps();
    kiln_instance_free(vm);
    return TEST_RESULT();
}
