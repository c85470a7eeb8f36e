/* Unit test of the Canonical ABI layout module (compiler/bindgen/abi.c):
 * sizes, alignments, payload offsets and flattenings of the types in
 * abi/abi.wit, and function signatures, against values computed by hand
 * from CanonicalABI.md ("Alignment", "Element Size", "Flattening");
 * and the host C ABI rule's argument kinds and names (docs/bindgen-c.md). */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "bindgen/abi.h"
#include "bindgen/bindgen.h"
#include "wit/wit.h"

static int failures;

static const WitType *find(const WitInterface *i, const char *name)
{
    for (size_t k = 0; k < i->ntypes; k++)
        if (!strcmp(i->types[k]->name, name))
            return i->types[k];
    fprintf(stderr, "no type %s\n", name);
    failures++;
    return NULL;
}

static const WitFunc *func(const WitInterface *i, const char *name)
{
    for (size_t k = 0; k < i->nfuncs; k++)
        if (!strcmp(i->funcs[k]->name, name))
            return i->funcs[k];
    return NULL;
}

/* flat: one letter per core value: i = i32, I = i64, f = f32, F = f64. */
static void flat_text(const AbiCore *c, size_t n, char *out)
{
    static const char letters[] = "iIfF";
    for (size_t k = 0; k < n; k++)
        out[k] = letters[c[k]];
    out[n] = 0;
}

static void check(const WitInterface *i, const char *name, uint32_t size, uint32_t align,
                  const char *flat)
{
    const WitType *t = find(i, name);
    if (!t)
        return;
    AbiCore c[64];
    size_t n = abi_flatten(t, c, 64);
    char got[80];
    flat_text(c, n < 64 ? n : 64, got);
    if (abi_size(t) != size || abi_align(t) != align || strcmp(got, flat)) {
        fprintf(stderr, "%s: size %u align %u flat %s; want %u %u %s\n", name, abi_size(t),
                abi_align(t), got, size, align, flat);
        failures++;
    }
}

static void check_u32(const char *what, uint32_t got, uint32_t want)
{
    if (got != want) {
        fprintf(stderr, "%s: %u, want %u\n", what, got, want);
        failures++;
    }
}

static void check_name(char *got, const char *want)
{
    if (strcmp(got, want)) {
        fprintf(stderr, "name %s, want %s\n", got, want);
        failures++;
    }
    free(got);
}

static void check_sig(const WitInterface *i, const char *name, bool lift,
                      const char *params, const char *results)
{
    const WitFunc *f = func(i, name);
    Arena a;
    arena_init(&a);
    AbiSig s;
    abi_func_sig(f, lift, &a, &s);
    char p[64], r[8];
    flat_text(s.params, s.nparams, p);
    flat_text(s.results, s.nresults, r);
    if (strcmp(p, params) || strcmp(r, results)) {
        fprintf(stderr, "%s (%s): (%s) -> (%s); want (%s) -> (%s)\n", name,
                lift ? "lift" : "lower", p, r, params, results);
        failures++;
    }
    arena_free(&a);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: abi_test DIR\n");
        return 2;
    }
    Diag diag;
    diag_init(&diag, stderr);
    WitResolve *r = wit_load_dir(argv[1], &diag);
    if (!r)
        return 1;
    const WitInterface *i = wit_find_interface(r, "t");
    /* record r1 { u8, u32, u16 }: offsets 0, 4, 8; 10 rounded to 12. */
    check(i, "r1", 12, 4, "iii");
    check_u32("r1.c offset", abi_field_offset(find(i, "r1"), 2), 8);
    check(i, "r2", 16, 8, "iI");
    check(i, "r3", 16, 8, "iiF");
    /* tuple<u8, u16, u8>: offsets 0, 2, 4; 5 rounded to 6. */
    check(i, "t1", 6, 2, "iii");
    /* discriminant u8, payload at 8 (u64 alignment), 8 bytes. */
    check(i, "v1", 16, 8, "iI");
    check_u32("v1 payload offset", abi_payload_offset(find(i, "v1")), 8);
    check(i, "v2", 8, 4, "ii");  /* join(f32, i32) = i32 */
    check(i, "v3", 16, 8, "iI"); /* join(f32, f64) = i64 */
    check(i, "v4", 8, 4, "if");  /* a single case keeps f32 */
    /* cases [f32, i64] and [f64, f32] join to [i64, i64]; the payloads
     * are 16 and 12 bytes, at offset 8. */
    check(i, "v5", 24, 8, "iII");
    check(i, "e3", 1, 1, "i");
    check(i, "e257", 2, 2, "i"); /* more than 256 cases: u16 */
    check(i, "g1", 1, 1, "i");
    check(i, "g8", 1, 1, "i");
    check(i, "g9", 2, 2, "i");
    check(i, "g16", 2, 2, "i");
    check(i, "g17", 4, 4, "i");
    check(i, "g32", 4, 4, "i");
    check(i, "o1", 2, 1, "ii");
    check(i, "o2", 16, 8, "iI");
    check(i, "o3", 3, 1, "iii"); /* some(some(x)): u8 tag, u8 tag, u8 */
    check(i, "rs0", 1, 1, "i");
    /* ok string [i32, i32], err u64 [i64]: [i64, i32] after the tag. */
    check(i, "rs1", 16, 8, "iIi");
    check(i, "rs2", 8, 4, "if");
    check(i, "s", 8, 4, "ii");
    check(i, "l1", 8, 4, "ii");
    check(i, "c", 4, 4, "i");
    check(i, "b", 1, 1, "i");
    check(i, "h", 4, 4, "i");
    check(i, "fix", 6, 2, "iii");
    /* r2 (16, align 8) at 0, v5 (24) at 16, list at 40: 48. */
    check(i, "big", 48, 8, "iIiIIii");
    check(i, "m", 8, 4, "ii"); /* map<K, V>: list<tuple<K, V>> */
    /* list<string, 2> (16) at 0, map at 16, option<list<..>> (12) at 24. */
    check(i, "holder", 36, 4, "iiiiiiiii");
    check_u32("discriminant(256)", abi_discriminant_size(256), 1);
    check_u32("discriminant(257)", abi_discriminant_size(257), 2);
    check_u32("discriminant(65537)", abi_discriminant_size(65537), 4);
    check_u32("flags_size(33)", abi_flags_size(33), 8);
    check_u32("join", abi_join(ABI_F32, ABI_F64), ABI_I64);
    check_u32("join", abi_join(ABI_F64, ABI_F64), ABI_F64);
    check_u32("join", abi_join(ABI_I32, ABI_F32), ABI_I32);
    check_u32("join", abi_join(ABI_I32, ABI_I64), ABI_I64);
    check_u32("coerce", abi_coerce(ABI_F32, ABI_I32), ABI_COERCE_F32_BITS_I32);
    check_u32("coerce", abi_coerce(ABI_I32, ABI_I64), ABI_COERCE_I32_ZEXT_I64);
    check_u32("coerce", abi_coerce(ABI_F32, ABI_I64), ABI_COERCE_F32_BITS_I64);
    check_u32("coerce", abi_coerce(ABI_F64, ABI_I64), ABI_COERCE_F64_BITS_I64);
    check_u32("coerce", abi_coerce(ABI_I64, ABI_I64), ABI_COERCE_NONE);

    /* 17 flat params spill to one pointer; 16 stay flat. */
    check_sig(i, "spill17", true, "i", "");
    check_sig(i, "spill17", false, "i", "");
    check_sig(i, "flat16", true, "IIIIIIIIffffffff", "F");
    /* A string result: lift returns a pointer, lower takes one. */
    check_sig(i, "str", true, "i", "i");
    check_sig(i, "str", false, "ii", "");
    check_sig(i, "method-like", false, "iiii", "");
    check_sig(i, "method-like", true, "iii", "i");
    const WitFunc *sp = func(i, "spill17");
    check_u32("spill17 params size", abi_params_size(sp), 68);
    check_u32("spill17 q offset", abi_param_offset(sp, 16), 64);
    const WitFunc *f16 = func(i, "flat16");
    check_u32("flat16 params size", abi_params_size(f16), 96);
    check_u32("flat16 params align", abi_params_align(f16), 8);

    /* The host C ABI rule: argument kinds and names. */
    check_u32("host arg string", bindgen_host_arg(find(i, "s")), BINDGEN_HOST_VIEW);
    check_u32("host arg list", bindgen_host_arg(find(i, "l1")), BINDGEN_HOST_VIEW);
    check_u32("host arg char", bindgen_host_arg(find(i, "c")), BINDGEN_HOST_VALUE);
    check_u32("host arg enum", bindgen_host_arg(find(i, "e3")), BINDGEN_HOST_VALUE);
    check_u32("host arg flags", bindgen_host_arg(find(i, "g32")), BINDGEN_HOST_VALUE);
    check_u32("host arg handle", bindgen_host_arg(find(i, "h")), BINDGEN_HOST_VALUE);
    check_u32("host arg record", bindgen_host_arg(find(i, "r1")), BINDGEN_HOST_POINTER);
    check_u32("host arg option", bindgen_host_arg(find(i, "o1")), BINDGEN_HOST_POINTER);
    check_u32("host arg fixed list", bindgen_host_arg(find(i, "fix")), BINDGEN_HOST_POINTER);
    const WitType *res = find(i, "res");
    check_name(bindgen_host_func_name(i, func(i, "method-like")), "kiln_abi_t_method_like");
    check_name(bindgen_host_func_name(i, res->funcs[0]), "kiln_abi_t_res_new");
    check_name(bindgen_host_func_name(i, res->funcs[1]), "kiln_abi_t_res_poke");
    check_name(bindgen_host_drop_name(i, res), "kiln_abi_t_res_drop");
    check_name(bindgen_host_header_name(i), "kiln_abi_t.h");
    wit_free(r);
    if (failures) {
        fprintf(stderr, "%d failures\n", failures);
        return 1;
    }
    printf("abi: all checks passed\n");
    return 0;
}
