/* The main() a firmware project writes around an object of `kiln build
 * --emit obj` (bare-metal targets): run the module (kiln_module_desc) or,
 * with FW_COMPONENT, the command component (kiln_component_desc) with
 * WASI from argv and no baked configuration.  With FW_HOOK it also
 * overrides the weak kiln_platform_write, as a board sending stdout to a
 * UART would: this one upper-cases letters and writes each byte with
 * semihosting SYS_WRITEC (0x03), which QEMU shows on its stderr: the
 * test sees the override. */
#include <stddef.h>

#include "../../runtime/baremetal/kiln_platform.h"
#include "kiln_cm.h"
#include "kiln_rt.h"

#ifdef FW_HOOK
long kiln_platform_write(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    for (size_t i = 0; i < len; i++) {
        char c = p[i] >= 'a' && p[i] <= 'z' ? (char)(p[i] - 32) : p[i];
        register long r0 __asm__("r0") = 0x03;
        register const char *r1 __asm__("r1") = &c;
        __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    }
    return (long)len;
}
#endif

int main(int argc, char **argv);

#ifdef FW_COMPONENT
extern const KilnComponentDesc kiln_component_desc;

int main(int argc, char **argv)
{
    return kiln_component_main(argc, argv, &kiln_component_desc, NULL);
}
#else
extern const KilnModuleDesc kiln_module_desc;

int main(int argc, char **argv)
{
    return kiln_rt_main(argc, argv, &kiln_module_desc, NULL);
}
#endif
