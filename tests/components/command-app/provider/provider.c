/* The host of command-app for its kiln run: driver.mjs's kiln:cmdapp/words
 * in C. */
#include <stdlib.h>

#include "provider.h"

provider_list_string_t provider_words_split(provider_string_t line)
{
    provider_list_string_t ws = {malloc((line.len / 2 + 1) * sizeof *ws.ptr), 0};
    for (size_t i = 0; i < line.len;) {
        size_t j = i;
        while (j < line.len && line.ptr[j] != ' ')
            j++;
        if (j > i) {
            provider_string_t *w = &ws.ptr[ws.len++];
            w->ptr = malloc(j - i);
            w->len = j - i;
            memcpy(w->ptr, line.ptr + i, j - i);
        }
        i = j + 1;
    }
    if (line.len)
        provider_string_free(&line);
    return ws;
}

provider_result_string_string_t provider_words_join(provider_list_string_t words,
                                                    provider_string_t sep)
{
    provider_result_string_string_t r = {.is_err = words.len == 0};
    if (r.is_err) {
        provider_string_dup(&r.val.err, "nothing to join");
    } else {
        size_t n = 0;
        for (size_t i = 0; i < words.len; i++)
            n += words.ptr[i].len + sep.len;
        provider_string_t *s = &r.val.ok;
        s->ptr = malloc(n);
        s->len = 0;
        for (size_t i = 0; i < words.len; i++) {
            if (i) {
                memcpy(s->ptr + s->len, sep.ptr, sep.len);
                s->len += sep.len;
            }
            memcpy(s->ptr + s->len, words.ptr[i].ptr, words.ptr[i].len);
            s->len += words.ptr[i].len;
        }
    }
    return r;
}
