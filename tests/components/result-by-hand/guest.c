/* Hand-written guest for world kiln:res/checker (Component Model
 * CanonicalABI.md, "Flattening", "Alignment", "Element Size"):
 * result<u32, string> flattens to three i32s, more than MAX_FLAT_RESULTS (1),
 * so both directions pass it in memory.  Layout: discriminant u8 at 0,
 * payload at 4 (the largest case alignment): ok = u32 at 4; err = string
 * pointer at 4 and byte length at 8; 12 bytes in all.
 * - The import takes an extra i32: where to write the 12-byte result.
 * - The export returns the address of its 12-byte result, which stays valid
 *   until the host calls cabi_post_div. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint8_t is_err;
    uint32_t a; /* ok value, or error string pointer */
    uint32_t b; /* error string length */
} ResultU32String;

_Static_assert(sizeof(ResultU32String) == 12, "canonical ABI layout");
_Static_assert(offsetof(ResultU32String, a) == 4, "canonical ABI layout");

__attribute__((import_module("$root"), import_name("check")))
extern void res_import_check(uint32_t x, ResultU32String *ret);

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, size_t old_size, size_t align, size_t new_size)
{
    (void)old_size;
    if (new_size == 0)
        return (void *)align;
    void *p = realloc(old, new_size);
    if (!p)
        abort();
    return p;
}

static ResultU32String ret;
static int ret_owned; /* the error string came from cabi_realloc */

__attribute__((export_name("div")))
ResultU32String *res_export_div(uint32_t a, uint32_t b)
{
    ResultU32String c;
    res_import_check(b, &c);
    ret_owned = 0;
    if (c.is_err) {
        ret = c; /* pass the host's message on; freed after the call */
        ret_owned = c.b != 0;
    } else if (c.a == 0) {
        static const char msg[] = "division by zero";
        ret.is_err = 1;
        ret.a = (uint32_t)(uintptr_t)msg;
        ret.b = sizeof msg - 1;
    } else {
        ret.is_err = 0;
        ret.a = a / c.a;
    }
    return &ret;
}

__attribute__((export_name("cabi_post_div")))
void res_post_div(ResultU32String *r)
{
    if (r->is_err && ret_owned)
        free((void *)(uintptr_t)r->a);
}
