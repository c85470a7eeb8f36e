/* A command: main() uses the generated bindings and stdio. */
#include <stdio.h>

#include "cmdapp.h"

static void show_join(cmdapp_list_string_t ws, const char *sep)
{
    cmdapp_string_t s;
    cmdapp_string_set(&s, sep);
    cmdapp_result_string_string_t r = cmdapp_words_join(ws, s);
    const cmdapp_string_t *t = r.is_err ? &r.val.err : &r.val.ok;
    printf("join(%zu, \"%s\") %s: %.*s\n", ws.len, sep, r.is_err ? "err" : "ok", (int)t->len,
           (const char *)t->ptr);
    cmdapp_result_string_string_free(&r);
}

int main(void)
{
    /* Under jco 1.35's preview1 adapter + preview2-shim 0.26, the first
     * printf of a command with a format argument loses its text (not its
     * newline); a plain first write avoids that. */
    fputs("command-app\n", stdout);
    fflush(stdout);
    cmdapp_string_t line;
    cmdapp_string_set(&line, "the quick  brown \xf0\x9f\xa6\x8a jumps");
    cmdapp_list_string_t ws = cmdapp_words_split(line);
    printf("words: %zu\n", ws.len);
    for (size_t i = 0; i < ws.len; i++)
        printf("  [%zu] %.*s (%zu bytes)\n", i, (int)ws.ptr[i].len, (const char *)ws.ptr[i].ptr,
               ws.ptr[i].len);
    show_join(ws, " + ");
    cmdapp_list_string_t none = {NULL, 0};
    show_join(none, ",");
    cmdapp_list_string_free(&ws);
    return 0;
}
