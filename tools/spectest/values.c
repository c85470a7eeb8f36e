/* Values of wast2json scripts: arguments and expected results (spec
 * interpreter script format, "assert_return" results: exact bits for
 * numbers, nan:canonical / nan:arithmetic classes, v128 lanes each with
 * its own pattern, null or non-null references).
 *
 * wast2json writes numbers as the decimal value of their bits; v128 as a
 * lane type and one such string per lane.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver/invoke.h"
#include "spectest.h"

char st_val_letter(const char *type)
{
    static const struct { const char *name; char letter; } map[] = {
        { "i32", 'i' }, { "i64", 'l' }, { "f32", 'f' }, { "f64", 'd' },
        { "v128", 'v' }, { "funcref", 'F' }, { "externref", 'E' },
    };
    for (size_t i = 0; type && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(type, map[i].name) == 0)
            return map[i].letter;
    return 0;
}

static bool parse_bits(const char *s, uint64_t *out)
{
    if (!s || !*s)
        return false;
    char *end;
    *out = strtoull(s, &end, 10);
    return *end == '\0';
}

/* Lane layout of a v128 lane type name. */
static bool lane_shape(const char *t, char *lane, unsigned *n, unsigned *w)
{
    static const struct { const char *name; char lane; unsigned n; } map[] = {
        { "i8", 'b', 16 }, { "i16", 'h', 8 }, { "i32", 'i', 4 },
        { "i64", 'l', 2 }, { "f32", 'f', 4 }, { "f64", 'd', 2 },
    };
    for (size_t i = 0; t && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(t, map[i].name) == 0) {
            *lane = map[i].lane;
            *n = map[i].n;
            *w = 16 / map[i].n;
            return true;
        }
    return false;
}

static StPat nan_pattern(const char *s)
{
    if (s && strcmp(s, "nan:canonical") == 0)
        return ST_PAT_NAN_CANONICAL;
    if (s && strcmp(s, "nan:arithmetic") == 0)
        return ST_PAT_NAN_ARITHMETIC;
    return ST_PAT_EXACT;
}

static bool parse_v128(const cJSON *j, StExpect *e)
{
    const cJSON *lt = cJSON_GetObjectItemCaseSensitive(j, "lane_type");
    const cJSON *vals = cJSON_GetObjectItemCaseSensitive(j, "value");
    unsigned w;
    if (!vals) {
        e->pat[0] = ST_PAT_ANY;
        return true;
    }
    if (!lane_shape(cJSON_GetStringValue(lt), &e->lane, &e->nlanes, &w) ||
        !cJSON_IsArray(vals) || (unsigned)cJSON_GetArraySize(vals) != e->nlanes)
        return false;
    for (unsigned i = 0; i < e->nlanes; i++) {
        const char *s = cJSON_GetStringValue(cJSON_GetArrayItem(vals, (int)i));
        e->pat[i] = nan_pattern(s);
        uint64_t bits = 0;
        if (e->pat[i] == ST_PAT_EXACT && !parse_bits(s, &bits))
            return false;
        memcpy(e->value.v128 + i * w, &bits, w); /* little-endian host */
    }
    return true;
}

static bool parse_ref(const char *s, StExpect *e)
{
    if (!s) {
        e->pat[0] = ST_PAT_NONNULL;
        return true;
    }
    if (strcmp(s, "null") == 0) {
        e->value.ref = NULL;
        return true;
    }
    uint64_t n;
    if (!parse_bits(s, &n))
        return false;
    if (e->type == 'F') /* wast2json has no numbered funcrefs */
        e->pat[0] = ST_PAT_NONNULL;
    else
        e->value.ref = st_host_externref(n);
    return true;
}

bool st_val_expect(const cJSON *j, StExpect *e)
{
    memset(e, 0, sizeof *e);
    e->type = st_val_letter(
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "type")));
    e->nlanes = 1;
    if (!e->type)
        return false;
    const cJSON *val = cJSON_GetObjectItemCaseSensitive(j, "value");
    if (e->type == 'v')
        return parse_v128(j, e);
    const char *s = cJSON_GetStringValue(val);
    if (e->type == 'F' || e->type == 'E')
        return parse_ref(s, e);
    if (!val) {
        e->pat[0] = ST_PAT_ANY;
        return true;
    }
    e->pat[0] = nan_pattern(s);
    if (e->pat[0] != ST_PAT_EXACT)
        return e->type == 'f' || e->type == 'd';
    uint64_t bits;
    if (!parse_bits(s, &bits))
        return false;
    if (e->type == 'i' || e->type == 'f')
        memcpy(&e->value, &(uint32_t){ (uint32_t)bits }, 4);
    else
        memcpy(&e->value, &bits, 8);
    return true;
}

bool st_val_arg(const cJSON *j, char *letter, KilnValue *out)
{
    StExpect e;
    if (!st_val_expect(j, &e))
        return false;
    for (unsigned i = 0; i < e.nlanes; i++)
        if (e.pat[i] != ST_PAT_EXACT)
            return false;
    *letter = e.type;
    *out = e.value;
    return true;
}

/* Does a float of `bits` (width 4 or 8) fit the pattern? */
static bool float_matches(StPat p, uint64_t bits, uint64_t expect, int width)
{
    uint64_t exp_mask = width == 4 ? 0x7f800000u : UINT64_C(0x7ff0000000000000);
    uint64_t quiet = width == 4 ? 0x00400000u : UINT64_C(0x0008000000000000);
    uint64_t sign = width == 4 ? 0x80000000u : UINT64_C(0x8000000000000000);
    switch (p) {
    case ST_PAT_NAN_CANONICAL:
        return (bits & ~sign) == (exp_mask | quiet);
    case ST_PAT_NAN_ARITHMETIC:
        return (bits & (exp_mask | quiet)) == (exp_mask | quiet);
    case ST_PAT_EXACT:
        return bits == expect;
    default:
        return true;
    }
}

static bool v128_matches(const StExpect *e, const KilnValue *v)
{
    if (e->pat[0] == ST_PAT_ANY)
        return true;
    unsigned w = 16 / e->nlanes;
    for (unsigned i = 0; i < e->nlanes; i++) {
        uint64_t got = 0, want = 0;
        memcpy(&got, v->v128 + i * w, w);
        memcpy(&want, e->value.v128 + i * w, w);
        if (e->lane == 'f' || e->lane == 'd') {
            if (!float_matches(e->pat[i], got, want, (int)w))
                return false;
        } else if (got != want) {
            return false;
        }
    }
    return true;
}

bool st_val_matches(const StExpect *e, char letter, const KilnValue *v)
{
    if (e->type != letter)
        return false;
    if (e->pat[0] == ST_PAT_ANY)
        return true;
    uint32_t b32;
    uint64_t b64;
    switch (letter) {
    case 'i': return v->i32 == e->value.i32;
    case 'l': return v->i64 == e->value.i64;
    case 'f':
        memcpy(&b32, &v->f32, 4);
        memcpy(&b64, &e->value.f32, 4);
        return float_matches(e->pat[0], b32, (uint32_t)b64, 4);
    case 'd': {
        uint64_t want;
        memcpy(&b64, &v->f64, 8);
        memcpy(&want, &e->value.f64, 8);
        return float_matches(e->pat[0], b64, want, 8);
    }
    case 'v': return v128_matches(e, v);
    default:
        if (e->pat[0] == ST_PAT_NONNULL)
            return v->ref != NULL;
        return v->ref == e->value.ref;
    }
}

char *st_val_show(char letter, const KilnValue *v, char *buf, size_t len)
{
    char tmp[96];
    uint32_t b32;
    uint64_t b64;
    switch (letter) {
    case 'f':
        memcpy(&b32, &v->f32, 4);
        snprintf(buf, len, "f32:%s (0x%08" PRIx32 ")",
                 kiln_value_format('f', v, tmp, sizeof tmp), b32);
        break;
    case 'd':
        memcpy(&b64, &v->f64, 8);
        snprintf(buf, len, "f64:%s (0x%016" PRIx64 ")",
                 kiln_value_format('d', v, tmp, sizeof tmp), b64);
        break;
    case 'F':
    case 'E':
        if (letter == 'E' && st_host_externref_number(v->ref, &b64))
            snprintf(buf, len, "externref:%" PRIu64, b64);
        else if (v->ref)
            snprintf(buf, len, "%s:%p", kiln_sig_letter_name(letter), v->ref);
        else
            snprintf(buf, len, "%s:null", kiln_sig_letter_name(letter));
        break;
    default:
        snprintf(buf, len, "%s:%s", kiln_sig_letter_name(letter),
                 kiln_value_format(letter, v, tmp, sizeof tmp));
        break;
    }
    return buf;
}

/* The lanes of v (laid out as e says) in hex, NaN classes from pats when
 * given. */
static void show_lanes(const StExpect *e, const uint8_t *bytes,
                       const StPat *pats, char *buf, size_t len)
{
    static const char *const names[] = { "", "nan:canonical", "nan:arithmetic",
                                         "any", "non-null" };
    int o = snprintf(buf, len, "v128:");
    unsigned w = 16 / e->nlanes;
    for (unsigned i = 0; i < e->nlanes && (size_t)o < len; i++) {
        uint64_t lane = 0;
        memcpy(&lane, bytes + i * w, w);
        if (pats && pats[i] != ST_PAT_EXACT)
            o += snprintf(buf + o, len - (size_t)o, "%s%s", i ? " " : "",
                          names[pats[i]]);
        else
            o += snprintf(buf + o, len - (size_t)o, "%s0x%" PRIx64,
                          i ? " " : "", lane);
    }
}

char *st_val_show_actual(const StExpect *e, char letter, const KilnValue *v,
                         char *buf, size_t len)
{
    if (letter == 'v' && e->type == 'v' && e->nlanes > 1) {
        show_lanes(e, v->v128, NULL, buf, len);
        return buf;
    }
    return st_val_show(letter, v, buf, len);
}

char *st_val_show_expect(const StExpect *e, char *buf, size_t len)
{
    const char *pats[] = { "", "nan:canonical", "nan:arithmetic", "any",
                           "non-null" };
    if (e->type != 'v' && e->pat[0] != ST_PAT_EXACT) {
        snprintf(buf, len, "%s:%s", kiln_sig_letter_name(e->type),
                 pats[e->pat[0]]);
        return buf;
    }
    if (e->type == 'v' && e->nlanes > 1) {
        show_lanes(e, e->value.v128, e->pat, buf, len);
        return buf;
    }
    return st_val_show(e->type, &e->value, buf, len);
}
