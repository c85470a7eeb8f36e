/* The host of lists for its kiln run: driver.mjs's host in C. */
#include <stdlib.h>

#include "provider.h"

provider_list_u8_t provider_host_bump(provider_list_u8_t b)
{
    for (size_t i = 0; i < b.len; i++)
        b.ptr[i]++;
    return b; /* the argument's buffer, owned, is the result */
}

provider_list_list_u32_t provider_host_transpose(provider_list_list_u32_t m)
{
    provider_list_list_u32_t t = {NULL, 0};
    if (m.len) {
        t.len = m.ptr[0].len;
        t.ptr = malloc(t.len * sizeof *t.ptr + 1);
        for (size_t j = 0; j < t.len; j++) {
            t.ptr[j].len = m.len;
            t.ptr[j].ptr = malloc(m.len * sizeof(uint32_t));
            for (size_t i = 0; i < m.len; i++)
                t.ptr[j].ptr[i] = m.ptr[i].ptr[j];
        }
    }
    provider_list_list_u32_free(&m);
    return t;
}

provider_list_types_point_t provider_host_move_all(provider_list_types_point_t ps)
{
    static const char prime[] = "\xe2\x80\xb2"; /* U+2032 */
    for (size_t i = 0; i < ps.len; i++) {
        provider_types_point_t *p = &ps.ptr[i];
        p->x++;
        p->y++;
        /* an empty string's pointer is not malloc's (cabi_realloc) */
        p->label.ptr = realloc(p->label.len ? p->label.ptr : NULL,
                               p->label.len + 3);
        memcpy(p->label.ptr + p->label.len, prime, 3);
        p->label.len += 3;
    }
    return ps;
}
