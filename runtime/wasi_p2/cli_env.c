/* cli_env.c: wasi:cli/environment and wasi:cli/exit (WASI 0.2
 * cli/environment.wit, cli/exit.wit).  Arguments and variables come
 * from the host state (KilnWasiConfig) and are copied into guest memory
 * through its realloc, in the lowering's string encoding.  exit(ok) ends
 * with status 0, exit(err) with 1, exit-with-code(n) with n. */
#include <string.h>

#include "p2.h"
#include "wasi_cli_environment.h"
#include "wasi_cli_exit.h"

/* A guest string: address and encoded length (Canonical ABI layout). */
typedef struct P2Str {
    uint32_t ptr, len;
} P2Str;

static P2Str store(KilnCanonCx *cx, const char *s, size_t len)
{
    P2Str r;
    kiln_cx_store_string(cx, s, len, &r.ptr, &r.len);
    return r;
}

/* Stores `count` host strings (two per entry when `pairs`: key and value
 * of "KEY=VALUE") and then the list of them; returns the list's
 * address. */
static uint32_t store_list(KilnCanonCx *cx, char *const *v, int count,
                           bool pairs)
{
    size_t per = pairs ? 2 : 1, n = (size_t)count * per;
    P2Str *items = kiln_rt_alloc(sizeof *items * (n ? n : 1));
    if (!items)
        kiln_trap_host("out of memory");
    for (int i = 0; i < count; i++) {
        const char *s = v[i], *eq = pairs ? strchr(s, '=') : NULL;
        size_t len = strlen(s);
        if (!pairs)
            items[i] = store(cx, s, len);
        else if (!eq) {
            items[2 * i] = store(cx, s, len);
            items[2 * i + 1] = store(cx, "", 0);
        } else {
            items[2 * i] = store(cx, s, (size_t)(eq - s));
            items[2 * i + 1] = store(cx, eq + 1, len - (size_t)(eq - s) - 1);
        }
    }
    /* P2Str is the Canonical ABI layout of string (little-endian host). */
    uint32_t at = kiln_cx_copy_out(cx, items, (uint32_t)(n * sizeof *items), 4);
    kiln_rt_free(items);
    return at;
}

void wasi_cli_environment_get_environment(
    struct KilnCanonCx *cx, wasi_cli_environment_list_tuple2_string_string_t *ret)
{
    P2Host *h = p2_host(cx);
    ret->ptr = store_list(cx, h->envp, h->envc, true);
    ret->len = (uint32_t)h->envc;
}

void wasi_cli_environment_get_arguments(
    struct KilnCanonCx *cx, wasi_cli_environment_list_string_t *ret)
{
    P2Host *h = p2_host(cx);
    ret->ptr = store_list(cx, h->argv, h->argc, false);
    ret->len = (uint32_t)h->argc;
}

/* The configuration carries no working directory (as wasmtime without
 * one): none. */
void wasi_cli_environment_initial_cwd(struct KilnCanonCx *cx,
                                      wasi_cli_environment_option_string_t *ret)
{
    (void)cx;
    ret->is_some = false;
}

void wasi_cli_exit_exit(struct KilnCanonCx *cx,
                        const wasi_cli_exit_result_void_void_t *status)
{
    (void)cx;
    kiln_rt_exit(status->is_err ? 1 : 0);
}

void wasi_cli_exit_exit_with_code(struct KilnCanonCx *cx, uint8_t status_code)
{
    (void)cx;
    kiln_rt_exit(status_code);
}
