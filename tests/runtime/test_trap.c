/* test_trap.c: trap guards: nesting (the innermost guard catches, outer
 * code continues), kiln_rt_exit inside a guard, the spec's trap messages,
 * and an unguarded trap or exit ending the process (status 134 and
 * "error: wasm trap: ..." on stderr; exit: its status). */
#include "kiln_rt.h"
#include "rt_test.h"

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int inner_result, after_inner;

static void trap_div(void *arg) { kiln_trap_int_div_zero(); }
static void do_exit(void *arg) { kiln_rt_exit(*(int *)arg); }
static void no_trap(void *arg) { *(int *)arg = 42; }

static void outer(void *arg)
{
    KilnTrapInfo info;
    inner_result = kiln_rt_call_guarded(trap_div, NULL, &info);
    CHECK(info.kind == KILN_TRAP_INT_DIV_ZERO);
    CHECK(!strcmp(info.message, "integer divide by zero"));
    after_inner = 1;
    kiln_trap_unreachable();
}

static void host_trap(void *arg) { kiln_trap_host("bad import called"); }

static void test_nesting(void)
{
    KilnTrapInfo info;
    CHECK(kiln_rt_call_guarded(outer, NULL, &info) == KILN_TRAP_UNREACHABLE);
    CHECK(inner_result == KILN_TRAP_INT_DIV_ZERO && after_inner == 1);
    CHECK(info.kind == KILN_TRAP_UNREACHABLE);
    CHECK(!strcmp(info.message, "unreachable"));
    int v = 0;
    CHECK(kiln_rt_call_guarded(no_trap, &v, &info) == KILN_TRAP_NONE);
    CHECK(v == 42 && info.kind == KILN_TRAP_NONE);
    int status = 3;
    CHECK(kiln_rt_call_guarded(do_exit, &status, &info) == KILN_TRAP_EXIT);
    CHECK(info.exit_status == 3);
    CHECK(kiln_rt_call_guarded(host_trap, NULL, &info) == KILN_TRAP_HOST);
    CHECK(!strcmp(info.message, "bad import called"));
    /* many sequential guarded traps do not leak guards */
    for (int i = 0; i < 10000; i++)
        if (kiln_rt_call_guarded(trap_div, NULL, NULL) !=
            KILN_TRAP_INT_DIV_ZERO)
            CHECK(!"lost a trap");
}

static void test_messages(void)
{
    static const struct { KilnTrap k; const char *m; } want[] = {
        {KILN_TRAP_UNREACHABLE, "unreachable"},
        {KILN_TRAP_INT_DIV_ZERO, "integer divide by zero"},
        {KILN_TRAP_INT_OVERFLOW, "integer overflow"},
        {KILN_TRAP_BAD_CONVERSION, "invalid conversion to integer"},
        {KILN_TRAP_MEMORY_OOB, "out of bounds memory access"},
        {KILN_TRAP_TABLE_OOB, "out of bounds table access"},
        {KILN_TRAP_UNDEFINED_ELEMENT, "undefined element"},
        {KILN_TRAP_UNINITIALIZED_ELEMENT, "uninitialized element"},
        {KILN_TRAP_INDIRECT_TYPE, "indirect call type mismatch"},
        {KILN_TRAP_NULL_REFERENCE, "null reference"},
        {KILN_TRAP_STACK_EXHAUSTED, "call stack exhausted"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        CHECK(!strcmp(kiln_trap_message(want[i].k), want[i].m));
    CHECK(kiln_trap_message((KilnTrap)999) != NULL);
}

/* Runs fn in a child with stderr captured; returns the wait status. */
static int in_child(void (*fn)(void), char *err, size_t cap)
{
    int fds[2];
    if (pipe(fds))
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        fn();
        _exit(99);
    }
    close(fds[1]);
    size_t n = 0;
    ssize_t r;
    while (n + 1 < cap && (r = read(fds[0], err + n, cap - n - 1)) > 0)
        n += (size_t)r;
    err[n] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    return status;
}

static void child_trap(void) { kiln_trap_table_oob(); }
static void child_exit(void) { kiln_rt_exit(17); }

static void test_unguarded(void)
{
    char err[1024];
    int st = in_child(child_trap, err, sizeof err);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 134);
    CHECK(!strncmp(err, "error: wasm trap: out of bounds table access\n",
                   45));
    st = in_child(child_exit, err, sizeof err);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 17 && err[0] == '\0');
}

int main(void)
{
    test_nesting();
    test_messages();
    test_unguarded();
    return TEST_RESULT();
}
