/* Strings: exports own their arguments and free them; the host's results
 * are owned by us and handed back as our results (freed by post-return). */
#include <stdio.h>
#include <stdlib.h>

#include "strings.h"

strings_string_t strings_api_bracket(strings_string_t s)
{
    strings_string_t b = strings_host_bracket(s);
    strings_string_free(&s);
    char tail[32];
    int n = snprintf(tail, sizeof tail, "#%zu", b.len);
    strings_string_t r;
    r.len = b.len + (size_t)n;
    r.ptr = malloc(r.len);
    memcpy(r.ptr, b.ptr, b.len);
    memcpy(r.ptr + b.len, tail, (size_t)n);
    strings_string_free(&b);
    return r;
}

strings_list_string_t strings_api_shuffle(strings_list_string_t xs)
{
    strings_list_string_t r = strings_host_shuffle(xs);
    strings_list_string_free(&xs);
    return r;
}

uint32_t strings_api_byte_len(strings_string_t s)
{
    uint32_t n = (uint32_t)s.len;
    strings_string_free(&s);
    return n;
}

strings_string_t strings_api_greeting(void)
{
    strings_string_t s;
    strings_string_dup(&s, "h\xc3\xa9llo, w\xc3\xb6rld \xf0\x9f\x8c\x8d");
    return s;
}

uint32_t strings_api_pages(void)
{
    return (uint32_t)__builtin_wasm_memory_size(0);
}
