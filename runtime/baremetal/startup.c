/* startup.c: the vector table and reset handler of an ARMv7-M firmware
 * (Armv7-M Architecture Reference Manual, B1.5.3 "The vector table":
 * word 0 the initial main stack pointer, word 1 the reset handler, then
 * the exception handlers).  Reset copies .data from flash, zeroes .bss,
 * sets up thread-local storage, enables the FPU when there is one (CPACR,
 * B3.2.20), installs the linear-memory allocator and calls
 * main(1, {"app"}); main's result is the exit status.  A fault prints its
 * name and exits with status 134.  The linker script pulls this file in
 * (EXTERN(kiln_vectors)); a firmware with its own startup code leaves it
 * out.
 */
#include "kiln_platform.h"

#include <stdlib.h>
#include <string.h>

extern char __kiln_data_load[], __kiln_data_start[], __kiln_data_end[];
extern char __kiln_bss_start[], __kiln_bss_end[], __kiln_stack_top[];
extern char __kiln_tdata_start[], __kiln_tdata_end[], __kiln_tbss_end[];
extern char __kiln_tls_block[];

int main(int argc, char **argv);
void kiln_bm_alloc_init(void);
void __libc_init_array(void);

static void fault(const char *what)
{
    static const char pre[] = "error: ";
    kiln_platform_write(2, pre, sizeof pre - 1);
    kiln_platform_write(2, what, strlen(what));
    kiln_platform_write(2, "\n", 1);
    kiln_platform_exit(134);
}

static void hard_fault(void) { fault("hard fault"); }
static void mem_fault(void) { fault("memory management fault"); }
static void bus_fault(void) { fault("bus fault"); }
static void usage_fault(void) { fault("usage fault"); }
static void other_irq(void) { fault("unexpected interrupt"); }

_Noreturn void kiln_reset_handler(void)
{
    memcpy(__kiln_data_start, __kiln_data_load,
           (size_t)(__kiln_data_end - __kiln_data_start));
    memset(__kiln_bss_start, 0, (size_t)(__kiln_bss_end - __kiln_bss_start));
    size_t tdata = (size_t)(__kiln_tdata_end - __kiln_tdata_start);
    memcpy(__kiln_tls_block, __kiln_tdata_start, tdata);
    memset(__kiln_tls_block + tdata, 0,
           (size_t)(__kiln_tbss_end - __kiln_tdata_start) - tdata);
#if defined(__ARM_FP)
    /* CP10 and CP11 full access, before any floating-point instruction */
    *(volatile unsigned *)0xE000ED88 |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    kiln_bm_alloc_init();
    __libc_init_array();
    static char name[] = "app";
    static char *argv[] = {name, NULL};
    exit(main(1, argv));
}

typedef void (*Vector)(void);

/* 16 system exceptions and 32 interrupt lines (the MPS2 boards use
 * fewer; every one of them is unexpected here). */
__attribute__((section(".kiln_vectors"), used))
const Vector kiln_vectors[48] = {
    (Vector)__kiln_stack_top, (Vector)kiln_reset_handler,
    other_irq, hard_fault, mem_fault, bus_fault, usage_fault,
    [7 ... 47] = other_irq,
};
