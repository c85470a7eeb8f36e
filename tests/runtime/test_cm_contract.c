/* test_cm_contract.c: compile-time checks of the component runtime
 * contract.  kiln_cm.h's structs are mirrored field by field by the code
 * generator (compiler/codegen/cg_component.c) and KilnCanonCx is built on
 * the stack by generated adapters, so their layout is pinned here for the
 * target's pointer size; the runtime's private declarations of the WASI
 * 0.2 host (runtime/component/cm.h) must agree with wasi_p2.h, which is
 * included here next to them (a mismatch is a compile error). */
#include "kiln_cm.h"
#include "wasi_p2.h"
#include "component/cm.h"

#include <stddef.h>
#include <stdio.h>

#define P sizeof(void *)

_Static_assert(sizeof(KilnCoreImportSrc) == 16, "KilnCoreImportSrc");
_Static_assert(offsetof(KilnCoreInstDesc, comp_instance) == 2 * P,
               "KilnCoreInstDesc");
_Static_assert(sizeof(KilnCoreInstDesc) == 2 * P + 8, "KilnCoreInstDesc");
_Static_assert(sizeof(KilnCoreExportRef) == 8, "KilnCoreExportRef");
_Static_assert(offsetof(KilnResourceDesc, host_type) == P &&
                   offsetof(KilnResourceDesc, dtor) == P + 8 &&
                   offsetof(KilnResourceDesc, drop) == P + 16 &&
                   sizeof(KilnResourceDesc) == (P == 8 ? 32 : 24),
               "KilnResourceDesc");
_Static_assert(offsetof(KilnCanonOptsDesc, realloc) == 16 &&
                   offsetof(KilnCanonOptsDesc, post_return) == 24 &&
                   sizeof(KilnCanonOptsDesc) == 32,
               "KilnCanonOptsDesc");
_Static_assert(offsetof(KilnLiftDesc, core) == 2 * P &&
                   offsetof(KilnLiftDesc, opts) == 2 * P + 8 &&
                   sizeof(KilnLiftDesc) == 2 * P + 40,
               "KilnLiftDesc");
_Static_assert(offsetof(KilnComponentDesc, run_export) == 20 &&
                   offsetof(KilnComponentDesc, cores) == 24 &&
                   offsetof(KilnComponentDesc, exports) == 24 + 2 * P &&
                   offsetof(KilnComponentDesc, comp_parents) == 24 + 3 * P &&
                   sizeof(KilnComponentDesc) == 24 + 4 * P,
               "KilnComponentDesc");
/* generated code reads cores (first after desc) and builds KilnCanonCx */
_Static_assert(offsetof(KilnComponentInst, cores) == P, "KilnComponentInst");
_Static_assert(offsetof(KilnCanonCx, comp_instance) == P &&
                   offsetof(KilnCanonCx, encoding) == P + 4 &&
                   offsetof(KilnCanonCx, memory) == P + 8 &&
                   offsetof(KilnCanonCx, realloc) == 2 * P + 8 &&
                   sizeof(KilnCanonCx) == 2 * P + 16,
               "KilnCanonCx");
_Static_assert(KILN_UTF8 == 0 && KILN_UTF16 == 1 && KILN_LATIN1_UTF16 == 2,
               "KilnStringEncoding");
_Static_assert(KILN_NO_INDEX == 0xffffffffu, "KILN_NO_INDEX");
/* handles keep the spec's 2^28 - 1 limit and the 32-bit utf16 tag */
_Static_assert(CM_TABLE_MAX == 268435455u && CM_UTF16_TAG == 0x80000000u,
               "limits");
/* host resource ids fit beside the host bit of a handle's type key */
_Static_assert(KILN_HR_COUNT < CM_HOST_KEY, "host resource ids");

/* The entry points exist with the contract's types. */
static void *const api[] = {
    (void *)kiln_component_new,  (void *)kiln_component_free,
    (void *)kiln_component_main, (void *)kiln_component_run,
    (void *)kiln_cx_alloc,       (void *)kiln_cx_ptr,
    (void *)kiln_cx_copy_out,    (void *)kiln_cx_store_string,
    (void *)kiln_cx_new_own,     (void *)kiln_cx_borrow,
    (void *)kiln_cx_take_own,    (void *)kiln_cm_resource_new,
    (void *)kiln_cm_resource_drop, (void *)kiln_cm_resource_rep,
    (void *)kiln_cm_lift_own,    (void *)kiln_cm_lift_borrow,
    (void *)kiln_cm_lower_own,   (void *)kiln_cm_lower_borrow,
    (void *)kiln_cm_call_begin,  (void *)kiln_cm_call_end,
    (void *)kiln_cm_check_leave, (void *)kiln_cm_set_may_leave,
    (void *)kiln_cm_check_utf8,  (void *)kiln_cm_check_utf16,
    (void *)kiln_cm_transcode,   (void *)kiln_cm_trap_unknown_import,
    (void *)kiln_cm_trap,
};

int main(void)
{
    for (size_t i = 0; i < sizeof api / sizeof api[0]; i++)
        if (!api[i]) {
            fprintf(stderr, "entry %zu missing\n", i);
            return 1;
        }
    return 0;
}
