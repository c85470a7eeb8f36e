/* The host of variants for its kiln run: driver.mjs's host in C. */
#include <stdlib.h>

#include "provider.h"

provider_types_value_t provider_host_next(provider_types_value_t v)
{
    provider_types_value_t r = v;
    switch (v.tag) {
    case PROVIDER_TYPES_VALUE_NOTHING:
        r.tag = PROVIDER_TYPES_VALUE_SMALL;
        r.val.small = 0;
        break;
    case PROVIDER_TYPES_VALUE_SMALL: r.val.small++; break;
    case PROVIDER_TYPES_VALUE_BIG: r.val.big++; break;
    case PROVIDER_TYPES_VALUE_REAL: r.val.real *= 2; break;
    case PROVIDER_TYPES_VALUE_PRECISE: r.val.precise = -v.val.precise; break;
    case PROVIDER_TYPES_VALUE_TEXT: {
        size_t n = v.val.text.len;
        r.val.text.ptr = malloc(2 * n + 1);
        memcpy(r.val.text.ptr, v.val.text.ptr, n);
        memcpy(r.val.text.ptr + n, v.val.text.ptr, n);
        r.val.text.len = 2 * n;
        provider_string_free(&v.val.text);
        break;
    }
    case PROVIDER_TYPES_VALUE_PAIR:
        r.val.pair.f0++;
        r.val.pair.f1 /= 4;
        break;
    default: r.tag = PROVIDER_TYPES_VALUE_NOTHING; break;
    }
    return r;
}

provider_types_color_t provider_host_rotate(provider_types_color_t c)
{
    return (provider_types_color_t)((c + 1) % 4);
}

provider_types_person_t provider_host_older(provider_types_person_t p)
{
    provider_string_t *tags = malloc((p.tags.len + 1) * sizeof *tags);
    memcpy(tags, p.tags.ptr, p.tags.len * sizeof *tags);
    provider_string_dup(&tags[p.tags.len], "older");
    if (p.tags.len)
        free(p.tags.ptr);
    p.tags.ptr = tags;
    p.tags.len++;
    p.age += 10;
    return p;
}
