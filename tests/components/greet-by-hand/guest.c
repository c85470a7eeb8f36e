/* Hand-written guest for world kiln:greet/greeter (Component Model
 * CanonicalABI.md, "Flattening" and "canon lift"/"canon lower"):
 * - importing `prefix: func() -> string` lowers the result into this
 *   module: the host calls cabi_realloc for the bytes and writes
 *   (pointer, length) to the return area whose address the guest passes;
 * - exporting `greet: func(name: string) -> string` receives (pointer,
 *   length) of bytes the host already copied in with cabi_realloc, and
 *   returns the address of a (pointer, length) pair, which stays valid until
 *   the host calls the post-return function.
 * Core names follow wit-component: interface imports come from module
 * "kiln:greet/host", exports are named "kiln:greet/api#greet", and the
 * post-return function is "cabi_post_" + the export name. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("kiln:greet/host"), import_name("prefix")))
extern void greet_import_prefix(uint32_t *ret_area);

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    (void)old_size;
    if (new_size == 0)
        return (void *)align;
    void *p = realloc(old, new_size); /* malloc aligns to 16: enough */
    if (!p)
        abort();
    return p;
}

static uint32_t ret_area[2]; /* one export call's result at a time */

__attribute__((export_name("kiln:greet/api#greet")))
uint32_t *greet_export_greet(char *name, size_t name_len)
{
    uint32_t pre[2];
    greet_import_prefix(pre);
    const char *pre_ptr = (const char *)(uintptr_t)pre[0];
    size_t pre_len = pre[1];

    size_t len = pre_len + 2 + name_len + 1;
    char *out = malloc(len);
    if (!out)
        abort();
    memcpy(out, pre_ptr, pre_len);
    memcpy(out + pre_len, ", ", 2);
    memcpy(out + pre_len + 2, name, name_len);
    out[len - 1] = '!';
    /* The guest owns both argument and imported result strings; an empty
     * one may carry any pointer (cabi_realloc was not necessarily called). */
    if (pre_len)
        free((void *)pre_ptr);
    if (name_len)
        free(name);
    ret_area[0] = (uint32_t)(uintptr_t)out;
    ret_area[1] = (uint32_t)len;
    return ret_area;
}

__attribute__((export_name("cabi_post_kiln:greet/api#greet")))
void greet_post_greet(uint32_t *area)
{
    free((void *)(uintptr_t)area[0]);
}

__attribute__((export_name("kiln:greet/api#byte-length")))
uint32_t greet_export_byte_length(char *s, size_t len)
{
    if (len)
        free(s);
    return (uint32_t)len;
}
