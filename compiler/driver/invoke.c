/* libffi calls of export C-ABI entries (runtime/kiln_rt.h, "Conventions of
 * generated code") and the command-line text forms of wasm values.
 *
 * One ffi_cif is prepared per distinct signature string and kept for the
 * life of the process; the call itself runs under kiln_rt_call_guarded so
 * a trap unwinds back here instead of ending the process.
 */
#include "driver/invoke.h"

#include <errno.h>
#include <ffi.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- signatures ----------------------------------------------------------- */

static bool sig_letter_ok(char c)
{
    return c && strchr("ilfdvFE", c) != NULL;
}

bool kiln_sig_split(const char *sig, const char **params, size_t *nparams,
                    const char **results, size_t *nresults)
{
    const char *colon = sig ? strchr(sig, ':') : NULL;
    if (!colon)
        return false;
    for (const char *p = sig; *p; p++)
        if (p != colon && !sig_letter_ok(*p))
            return false;
    *params = sig;
    *nparams = (size_t)(colon - sig);
    *results = colon + 1;
    *nresults = strlen(colon + 1);
    return true;
}

const char *kiln_sig_letter_name(char letter)
{
    switch (letter) {
    case 'i': return "i32";
    case 'l': return "i64";
    case 'f': return "f32";
    case 'd': return "f64";
    case 'v': return "v128";
    case 'F': return "funcref";
    case 'E': return "externref";
    default: return "?";
    }
}

/* ---- the cif cache ---------------------------------------------------------- */

typedef struct InvokeCif {
    struct InvokeCif *next;
    char *sig;
    size_t nparams, nresults;
    bool results_by_pointer; /* trailing KilnValue * parameter */
    char ret_letter;         /* the returned result, when not by pointer */
    ffi_cif cif;
    ffi_type **atypes;
} InvokeCif;

static InvokeCif *cif_cache;
static pthread_mutex_t cif_lock = PTHREAD_MUTEX_INITIALIZER;

static ffi_type *letter_ffi_type(char c)
{
    switch (c) {
    case 'i': return &ffi_type_sint32;
    case 'l': return &ffi_type_sint64;
    case 'f': return &ffi_type_float;
    case 'd': return &ffi_type_double;
    default: return &ffi_type_pointer; /* v128 by address, references */
    }
}

static InvokeCif *cif_make(const char *sig)
{
    const char *ps, *rs;
    size_t np, nr;
    if (!kiln_sig_split(sig, &ps, &np, &rs, &nr))
        return NULL;
    InvokeCif *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->sig = strdup(sig);
    c->nparams = np;
    c->nresults = nr;
    c->results_by_pointer = !(nr == 1 && rs[0] != 'v');
    c->ret_letter = c->results_by_pointer ? 0 : rs[0];
    size_t nargs = 1 + np + (c->results_by_pointer ? 1 : 0);
    c->atypes = calloc(nargs, sizeof *c->atypes);
    if (!c->sig || !c->atypes)
        goto fail;
    c->atypes[0] = &ffi_type_pointer; /* vmctx */
    for (size_t i = 0; i < np; i++)
        c->atypes[1 + i] = letter_ffi_type(ps[i]);
    if (c->results_by_pointer)
        c->atypes[1 + np] = &ffi_type_pointer;
    ffi_type *rtype = c->results_by_pointer ? &ffi_type_void
                                            : letter_ffi_type(c->ret_letter);
    if (ffi_prep_cif(&c->cif, FFI_DEFAULT_ABI, (unsigned)nargs, rtype,
                     c->atypes) != FFI_OK)
        goto fail;
    return c;
fail:
    free(c->sig);
    free(c->atypes);
    free(c);
    return NULL;
}

static InvokeCif *cif_get(const char *sig)
{
    pthread_mutex_lock(&cif_lock);
    InvokeCif *c = cif_cache;
    while (c && strcmp(c->sig, sig) != 0)
        c = c->next;
    if (!c && (c = cif_make(sig)) != NULL) {
        c->next = cif_cache;
        cif_cache = c;
    }
    pthread_mutex_unlock(&cif_lock);
    return c;
}

/* ---- the guarded call ------------------------------------------------------- */

typedef union InvokeRet {
    ffi_arg a;
    ffi_sarg s;
    float f;
    double d;
    void *p;
} InvokeRet;

typedef struct InvokeCall {
    InvokeCif *c;
    void (*entry)(void);
    void **avalues;
    InvokeRet ret;
} InvokeCall;

static void invoke_run(void *arg)
{
    InvokeCall *call = arg;
    ffi_call(&call->c->cif, call->entry, &call->ret, call->avalues);
}

static bool invoke_fail(KilnTrapInfo *trap, const char *fmt, const char *a)
{
    if (trap) {
        memset(trap, 0, sizeof *trap);
        trap->kind = KILN_TRAP_NONE;
        snprintf(trap->message, sizeof trap->message, fmt, a);
    }
    return false;
}

static void ret_store(char letter, const InvokeRet *r, KilnValue *out)
{
    memset(out, 0, sizeof *out);
    switch (letter) {
    case 'i': out->i32 = (int32_t)r->s; break;
    case 'l': out->i64 = (int64_t)r->s; break;
    case 'f': out->f32 = r->f; break;
    case 'd': out->f64 = r->d; break;
    default: out->ref = r->p; break;
    }
}

bool kiln_invoke(const KilnExportDesc *e, KilnVmctx *vm,
                 const KilnValue *args, size_t nargs, KilnValue *results,
                 size_t nresults, KilnTrapInfo *trap)
{
    if (e->kind != KILN_EXTERN_FUNC || !e->entry || !e->sig)
        return invoke_fail(trap, "export `%s` is not a function", e->name);
    InvokeCif *c = cif_get(e->sig);
    if (!c)
        return invoke_fail(trap, "cannot call signature `%s`", e->sig);
    if (nargs != c->nparams || nresults != c->nresults)
        return invoke_fail(trap, "wrong number of values for `%s`", e->sig);

    /* Argument storage: avalues[i] points at the value itself, or for
     * v128 (passed by address) at a pointer to its bytes. */
    void *stack_av[16], *stack_vp[16];
    size_t n = 2 + nargs;
    void **avalues = n <= 16 ? stack_av : calloc(n, sizeof *avalues);
    void **vptrs = nargs <= 16 ? stack_vp : calloc(nargs + 1, sizeof *vptrs);
    KilnValue scratch;
    KilnValue *res_ptr = results ? results : &scratch;
    if (!avalues || !vptrs) {
        if (avalues != stack_av)
            free(avalues);
        return invoke_fail(trap, "out of memory calling `%s`", e->name);
    }
    avalues[0] = &vm;
    for (size_t i = 0; i < nargs; i++) {
        if (e->sig[i] == 'v') {
            vptrs[i] = (void *)args[i].v128;
            avalues[1 + i] = &vptrs[i];
        } else {
            avalues[1 + i] = (void *)&args[i];
        }
    }
    if (c->results_by_pointer)
        avalues[1 + nargs] = &res_ptr;

    InvokeCall call = { .c = c, .avalues = avalues };
    call.entry = (void (*)(void))e->entry;
    KilnTrapInfo local;
    KilnTrapInfo *info = trap ? trap : &local;
    memset(info, 0, sizeof *info);
    KilnTrap k = kiln_rt_call_guarded(invoke_run, &call, info);
    if (avalues != stack_av)
        free(avalues);
    if (vptrs != stack_vp)
        free(vptrs);
    if (k != KILN_TRAP_NONE) {
        info->kind = k;
        return false;
    }
    if (!c->results_by_pointer)
        ret_store(c->ret_letter, &call.ret, &results[0]);
    return true;
}

/* ---- parsing values ---------------------------------------------------------- */

static bool parse_fail(const char *text, char type, unsigned index, char *err,
                       size_t errlen)
{
    if (err && errlen)
        snprintf(err, errlen, "invalid argument `%s` for parameter %u (%s)",
                 text, index + 1, kiln_sig_letter_name(type));
    return false;
}

/* Decimal or 0x-hex magnitude with an optional sign. */
static bool parse_int(const char *text, bool *neg, uint64_t *mag)
{
    const char *p = text;
    *neg = false;
    if (*p == '-' || *p == '+')
        *neg = *p++ == '-';
    int base = 10;
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    }
    if (!*p || !(base == 16 ? (*p >= '0' && *p <= '9') ||
                                  strchr("abcdefABCDEF", *p)
                            : (*p >= '0' && *p <= '9')))
        return false;
    char *end;
    errno = 0;
    *mag = strtoull(p, &end, base);
    return errno == 0 && *end == '\0';
}

static bool parse_integer(const char *text, bool wide, KilnValue *out)
{
    bool neg;
    uint64_t mag;
    if (!parse_int(text, &neg, &mag))
        return false;
    if (!wide) {
        if (neg ? mag > 0x80000000u : mag > 0xffffffffu)
            return false;
        out->i32 = (int32_t)(uint32_t)(neg ? 0u - (uint32_t)mag
                                           : (uint32_t)mag);
    } else {
        if (neg && mag > 0x8000000000000000u)
            return false;
        out->i64 = (int64_t)(neg ? 0u - mag : mag);
    }
    return true;
}

/* "nan:0x<payload>" with an optional sign: exponent all ones. */
static bool parse_nan_payload(const char *text, bool wide, KilnValue *out)
{
    const char *p = text;
    bool neg = false;
    if (*p == '-' || *p == '+')
        neg = *p++ == '-';
    if (strncmp(p, "nan:0x", 6) != 0 || !p[6])
        return false;
    char *end;
    errno = 0;
    uint64_t payload = strtoull(p + 6, &end, 16);
    if (errno || *end || payload == 0)
        return false;
    if (!wide) {
        if (payload >= (1u << 23))
            return false;
        uint32_t bits = (neg ? 0x80000000u : 0) | 0x7f800000u | (uint32_t)payload;
        memcpy(&out->f32, &bits, 4);
    } else {
        if (payload >= (UINT64_C(1) << 52))
            return false;
        uint64_t bits = (neg ? UINT64_C(1) << 63 : 0) |
                        UINT64_C(0x7ff0000000000000) | payload;
        memcpy(&out->f64, &bits, 8);
    }
    return true;
}

static bool parse_float(const char *text, bool wide, KilnValue *out)
{
    if (strstr(text, "nan:"))
        return parse_nan_payload(text, wide, out);
    if (!*text || strchr(" \t\n", text[0]))
        return false;
    char *end;
    if (wide)
        out->f64 = strtod(text, &end);
    else
        out->f32 = strtof(text, &end);
    return *end == '\0';
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* 0x + 1..32 hex digits, the value of a little-endian u128. */
static bool parse_v128(const char *text, KilnValue *out)
{
    if (text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
        return false;
    const char *digits = text + 2;
    size_t n = strlen(digits);
    if (n == 0 || n > 32)
        return false;
    memset(out->v128, 0, 16);
    for (size_t i = 0; i < n; i++) {
        int d = hex_digit(digits[n - 1 - i]);
        if (d < 0)
            return false;
        out->v128[i / 2] |= (uint8_t)(d << (4 * (i % 2)));
    }
    return true;
}

bool kiln_value_parse(const char *text, char type, unsigned index,
                      KilnValue *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    bool ok;
    switch (type) {
    case 'i': ok = parse_integer(text, false, out); break;
    case 'l': ok = parse_integer(text, true, out); break;
    case 'f': ok = parse_float(text, false, out); break;
    case 'd': ok = parse_float(text, true, out); break;
    case 'v': ok = parse_v128(text, out); break;
    case 'F':
    case 'E': ok = strcmp(text, "null") == 0; break;
    default: ok = false; break;
    }
    return ok ? true : parse_fail(text, type, index, err, errlen);
}

/* ---- formatting values ------------------------------------------------------- */

/* Writes mantissa digits `d` (d[0] before the point) times 10^exp10 as a
 * plain decimal without exponent. */
static void format_plain(bool neg, const char *d, int exp10, char *buf,
                         size_t len)
{
    size_t nd = strlen(d);
    size_t o = 0;
#define PUT(c)                                                                 \
    do {                                                                       \
        if (o + 1 < len)                                                       \
            buf[o++] = (c);                                                    \
    } while (0)
    if (neg)
        PUT('-');
    if (exp10 < 0) {
        PUT('0');
        PUT('.');
        for (int z = -1; z > exp10; z--)
            PUT('0');
        for (size_t i = 0; i < nd; i++)
            PUT(d[i]);
    } else {
        size_t int_digits = (size_t)exp10 + 1;
        for (size_t i = 0; i < int_digits; i++)
            PUT(i < nd ? d[i] : '0');
        if (nd > int_digits) {
            PUT('.');
            for (size_t i = int_digits; i < nd; i++)
                PUT(d[i]);
        }
    }
#undef PUT
    if (len)
        buf[o] = '\0';
}

/* Shortest %.Ne form that reads back to the same value. */
static void format_float(double v, bool single, char *buf, size_t len)
{
    if (isnan(v)) {
        snprintf(buf, len, "NaN");
        return;
    }
    if (isinf(v)) {
        snprintf(buf, len, v < 0 ? "-inf" : "inf");
        return;
    }
    char e[64];
    int maxp = single ? 9 : 17;
    for (int p = 1; p <= maxp; p++) {
        snprintf(e, sizeof e, "%.*e", p - 1, v);
        if (single ? strtof(e, NULL) == (float)v : strtod(e, NULL) == v)
            break;
    }
    /* e = [-]D[.DDD]e[+-]XX */
    bool neg = e[0] == '-';
    const char *p = e + (neg ? 1 : 0);
    char digits[40];
    size_t nd = 0;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            digits[nd++] = *p;
    while (nd > 1 && digits[nd - 1] == '0')
        nd--;
    digits[nd] = '\0';
    int exp10 = *p == 'e' ? atoi(p + 1) : 0;
    if (nd == 1 && digits[0] == '0')
        exp10 = 0;
    format_plain(neg, digits, exp10, buf, len);
}

char *kiln_value_format(char type, const KilnValue *v, char *buf,
                        size_t len)
{
    switch (type) {
    case 'i': snprintf(buf, len, "%" PRId32, v->i32); break;
    case 'l': snprintf(buf, len, "%" PRId64, v->i64); break;
    case 'f': format_float(v->f32, true, buf, len); break;
    case 'd': format_float(v->f64, false, buf, len); break;
    case 'v': {
        size_t o = (size_t)snprintf(buf, len, "0x");
        for (int i = 15; i >= 0 && o + 2 < len; i--)
            o += (size_t)snprintf(buf + o, len - o, "%02x", v->v128[i]);
        break;
    }
    case 'F':
    case 'E': snprintf(buf, len, "%s", v->ref ? "ref" : "null"); break;
    default: snprintf(buf, len, "?"); break;
    }
    return buf;
}
