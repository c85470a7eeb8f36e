/* tls.c: thread-local storage of the one thread, and the init hooks of
 * newlib (Run-time ABI for the Arm Architecture, 5.3.5 "Thread-local
 * storage": __aeabi_read_tp returns the thread pointer and may change
 * only r0; with the local-exec model a variable lives at tp + 8 + its
 * offset).  The linker script sets __kiln_tp 8 bytes below the TLS block
 * that the reset handler fills from .tdata and .tbss.
 */
__attribute__((naked)) void *__aeabi_read_tp(void)
{
    __asm__("ldr r0, =__kiln_tp\n\tbx lr");
}

/* newlib's __libc_init_array calls these (crti.o is not linked) */
void _init(void);
void _fini(void);

void _init(void)
{
}

void _fini(void)
{
}
