/* Canonical ABI flattening (CanonicalABI.md "Flattening"): the core
 * value types a component value type is passed as, joined per variant
 * case, and flatten_functype with the MAX_FLAT_PARAMS (16) and
 * MAX_FLAT_RESULTS (1) spill rules for synchronous lift and lower.
 * Until compiler/bindgen/abi.h exists, the validator uses this. */
#include "component/cmp_internal.h"

enum { MAX_FLAT_PARAMS = 16, MAX_FLAT_RESULTS = 1 };

static void put(WasmValType *out, uint32_t cap, uint32_t *n, WasmValType t)
{
    if (*n < cap)
        out[*n] = t;
    (*n)++;
}

static WasmValType join(WasmValType a, WasmValType b)
{
    if (a == b)
        return a;
    if ((a == WASM_I32 && b == WASM_F32) || (a == WASM_F32 && b == WASM_I32))
        return WASM_I32;
    return WASM_I64;
}

/* variant: discriminant i32, then the element-wise join of the cases */
static void flatten_cases(WitType *const *cases, uint32_t ncases,
                          WasmValType *out, uint32_t cap, uint32_t *n)
{
    enum { MAXF = 512 };
    WasmValType acc[MAXF];
    uint32_t nacc = 0;
    for (uint32_t i = 0; i < ncases; i++) {
        if (!cases[i])
            continue;
        WasmValType tmp[MAXF];
        uint32_t k = cmp_flatten(cases[i], tmp, MAXF);
        for (uint32_t j = 0; j < k && j < MAXF; j++) {
            if (j < nacc)
                acc[j] = join(acc[j], tmp[j]);
            else
                acc[nacc++] = tmp[j];
        }
    }
    put(out, cap, n, WASM_I32);
    for (uint32_t j = 0; j < nacc; j++)
        put(out, cap, n, acc[j]);
}

static void flatten_into(const WitType *t, WasmValType *out, uint32_t cap,
                         uint32_t *n)
{
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_S64: case WIT_U64: put(out, cap, n, WASM_I64); return;
    case WIT_F32: put(out, cap, n, WASM_F32); return;
    case WIT_F64: put(out, cap, n, WASM_F64); return;
    case WIT_STRING: case WIT_MAP:
        put(out, cap, n, WASM_I32);
        put(out, cap, n, WASM_I32);
        return;
    case WIT_LIST:
        if (t->length == 0) {
            put(out, cap, n, WASM_I32);
            put(out, cap, n, WASM_I32);
        } else {
            for (uint32_t i = 0; i < t->length && *n <= 4 * MAX_FLAT_PARAMS;
                 i++)
                flatten_into(t->elem, out, cap, n);
        }
        return;
    case WIT_RECORD:
        for (size_t i = 0; i < t->nfields; i++)
            flatten_into(t->fields[i].type, out, cap, n);
        return;
    case WIT_TUPLE:
        for (size_t i = 0; i < t->nelems; i++)
            flatten_into(t->elems[i], out, cap, n);
        return;
    case WIT_VARIANT: {
        WitType *cases[t->ncases ? t->ncases : 1];
        for (size_t i = 0; i < t->ncases; i++)
            cases[i] = t->cases[i].type;
        flatten_cases(cases, (uint32_t)t->ncases, out, cap, n);
        return;
    }
    case WIT_OPTION: {
        WitType *cases[2] = {NULL, t->elem};
        flatten_cases(cases, 2, out, cap, n);
        return;
    }
    case WIT_RESULT: {
        WitType *cases[2] = {t->ok, t->err};
        flatten_cases(cases, 2, out, cap, n);
        return;
    }
    default: /* bool, s8..u32, char, enum, flags (<= 32), handles,
                stream, future, error-context */
        put(out, cap, n, WASM_I32);
        return;
    }
}

uint32_t cmp_flatten(const WitType *t, WasmValType *out, uint32_t cap)
{
    uint32_t n = 0;
    flatten_into(t, out, cap, &n);
    return n;
}

WasmFuncType cmp_flatten_func(const CmpType *ft, bool lift, Arena *arena)
{
    enum { CAP = MAX_FLAT_PARAMS + 1 };
    WasmValType params[CAP], results[CAP];
    uint32_t np = 0, nr = 0;
    for (uint32_t i = 0; i < ft->nparams; i++)
        flatten_into(ft->params[i].type, params, CAP, &np);
    if (ft->result)
        flatten_into(ft->result, results, CAP, &nr);
    if (np > MAX_FLAT_PARAMS) {
        np = 1;
        params[0] = WASM_I32;
    }
    if (nr > MAX_FLAT_RESULTS) {
        if (lift) {
            nr = 1;
            results[0] = WASM_I32;
        } else {
            params[np++] = WASM_I32;
            nr = 0;
        }
    }
    WasmValType *all = arena_array(arena, np + nr + 1, sizeof *all);
    for (uint32_t i = 0; i < np; i++)
        all[i] = params[i];
    for (uint32_t i = 0; i < nr; i++)
        all[np + i] = results[i];
    return (WasmFuncType){.nparams = np, .nresults = nr, .params = all,
                          .results = all + np};
}
