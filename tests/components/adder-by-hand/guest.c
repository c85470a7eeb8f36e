/* Hand-written guest for world kiln:adder/adder, with the canonical ABI glue
 * spelled out (Component Model CanonicalABI.md, "Flattening"): a string
 * parameter of an import flattens to (i32 pointer, i32 length) in the
 * guest's memory; u32 parameters and results are plain i32.  The names
 * follow wit-component's core-module conventions: root-level imports come
 * from module "$root", root-level exports keep their WIT name.
 *
 * It proves the build-and-run pipeline before `kiln bindgen c` exists. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("$root"), import_name("log")))
extern void adder_import_log(const char *ptr, size_t len);

/* Lowering a string or list into the guest (not needed by this world, but
 * wit-component expects every guest with a memory to offer it). */
__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    (void)old_size;
    (void)align; /* malloc's alignment (16) covers every WIT type */
    if (new_size == 0)
        return (void *)align;
    void *p = realloc(old, new_size);
    if (!p)
        abort();
    return p;
}

static void log_str(const char *s)
{
    adder_import_log(s, strlen(s));
}

__attribute__((export_name("add")))
uint32_t adder_export_add(uint32_t a, uint32_t b)
{
    char msg[64];
    snprintf(msg, sizeof msg, "add(%u, %u) \xe2\x86\x92 %u", (unsigned)a,
             (unsigned)b, (unsigned)(a + b));
    log_str(msg);
    return a + b;
}
