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

/* variant: discriminant i32, then the element-wise join of the cases.
 * Only the first MAXF joined types are kept (more than MAX_FLAT_PARAMS
 * spill anyway), but the count is exact. */
static void flatten_cases(WitType *const *cases, uint32_t ncases,
                          WasmValType *out, uint32_t cap, uint32_t *n)
{
    enum { MAXF = MAX_FLAT_PARAMS + 2 };
    WasmValType acc[MAXF];
    uint32_t nacc = 0;
    for (uint32_t i = 0; i < ncases; i++) {
        if (!cases[i])
            continue;
        WasmValType tmp[MAXF];
        uint32_t k = cmp_flatten(cases[i], tmp, MAXF);
        for (uint32_t j = 0; j < k && j < MAXF; j++)
            acc[j] = j < nacc && j < MAXF ? join(acc[j], tmp[j]) : tmp[j];
        nacc = k > nacc ? k : nacc;
    }
    put(out, cap, n, WASM_I32);
    for (uint32_t j = 0; j < nacc; j++)
        put(out, cap, n, j < MAXF ? acc[j] : WASM_I64);
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

/* ---- sizes (CanonicalABI.md "Alignment", "Element Size") ---- */

static uint64_t align_to(uint64_t n, uint64_t a) { return (n + a - 1) / a * a; }

static uint64_t disc_size(size_t ncases)
{
    return ncases <= 256 ? 1 : ncases <= 65536 ? 2 : 4;
}

uint64_t cmp_alignment(const WitType *t, unsigned ptr)
{
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_BOOL: case WIT_S8: case WIT_U8: return 1;
    case WIT_S16: case WIT_U16: return 2;
    case WIT_S64: case WIT_U64: case WIT_F64: return 8;
    case WIT_STRING: case WIT_MAP: return ptr;
    case WIT_LIST: return t->length ? cmp_alignment(t->elem, ptr) : ptr;
    case WIT_RECORD: {
        uint64_t a = 1;
        for (size_t i = 0; i < t->nfields; i++) {
            uint64_t x = cmp_alignment(t->fields[i].type, ptr);
            a = x > a ? x : a;
        }
        return a;
    }
    case WIT_TUPLE: {
        uint64_t a = 1;
        for (size_t i = 0; i < t->nelems; i++) {
            uint64_t x = cmp_alignment(t->elems[i], ptr);
            a = x > a ? x : a;
        }
        return a;
    }
    case WIT_VARIANT: case WIT_OPTION: case WIT_RESULT: case WIT_ENUM: {
        const WitType *cases[2] = {t->kind == WIT_OPTION ? t->elem : t->ok,
                                   t->kind == WIT_OPTION ? NULL : t->err};
        size_t n = t->kind == WIT_VARIANT || t->kind == WIT_ENUM ? t->ncases
                                                                 : 2;
        uint64_t a = disc_size(n);
        for (size_t i = 0; i < n; i++) {
            const WitType *c = t->kind == WIT_VARIANT ? t->cases[i].type
                               : t->kind == WIT_ENUM ? NULL : cases[i];
            if (c) {
                uint64_t x = cmp_alignment(c, ptr);
                a = x > a ? x : a;
            }
        }
        return a;
    }
    case WIT_FLAGS:
        return t->ncases <= 8 ? 1 : t->ncases <= 16 ? 2 : 4;
    default: /* s32, u32, f32, char, handles, stream, future, error-context */
        return 4;
    }
}

/* Saturates at UINT64_MAX / 2 so that callers can compare safely. */
uint64_t cmp_elem_size(const WitType *t, unsigned ptr)
{
    const uint64_t cap = UINT64_MAX / 4;
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_BOOL: case WIT_S8: case WIT_U8: return 1;
    case WIT_S16: case WIT_U16: return 2;
    case WIT_S64: case WIT_U64: case WIT_F64: return 8;
    case WIT_STRING: case WIT_MAP: return 2ull * ptr;
    case WIT_LIST: {
        if (!t->length)
            return 2ull * ptr;
        uint64_t e = cmp_elem_size(t->elem, ptr);
        return e > cap / t->length ? cap : e * t->length;
    }
    case WIT_RECORD: case WIT_TUPLE: {
        uint64_t s = 0;
        size_t n = t->kind == WIT_RECORD ? t->nfields : t->nelems;
        for (size_t i = 0; i < n; i++) {
            const WitType *f = t->kind == WIT_RECORD ? t->fields[i].type
                                                     : t->elems[i];
            s = align_to(s, cmp_alignment(f, ptr)) + cmp_elem_size(f, ptr);
            if (s > cap)
                return cap;
        }
        return align_to(s, cmp_alignment(t, ptr));
    }
    case WIT_VARIANT: case WIT_OPTION: case WIT_RESULT: case WIT_ENUM: {
        const WitType *two[2] = {t->kind == WIT_OPTION ? t->elem : t->ok,
                                 t->kind == WIT_OPTION ? NULL : t->err};
        size_t n = t->kind == WIT_VARIANT || t->kind == WIT_ENUM ? t->ncases
                                                                 : 2;
        uint64_t s = disc_size(n), maxc = 0, maxa = 1;
        for (size_t i = 0; i < n; i++) {
            const WitType *c = t->kind == WIT_VARIANT ? t->cases[i].type
                               : t->kind == WIT_ENUM ? NULL
                               : t->kind == WIT_OPTION ? (i ? two[0] : NULL)
                                                       : two[i];
            if (!c)
                continue;
            uint64_t cs = cmp_elem_size(c, ptr), ca = cmp_alignment(c, ptr);
            maxc = cs > maxc ? cs : maxc;
            maxa = ca > maxa ? ca : maxa;
        }
        s = align_to(s, maxa) + maxc;
        return s > cap ? cap : align_to(s, cmp_alignment(t, ptr));
    }
    case WIT_FLAGS:
        return t->ncases <= 8 ? 1 : t->ncases <= 16 ? 2 : 4;
    default:
        return 4;
    }
}
