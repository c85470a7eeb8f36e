/* cli_env.c: wasi:cli/environment and wasi:cli/exit (WASI 0.2
 * cli/environment.wit, cli/exit.wit).  Arguments and variables come
 * from the host state (KilnWasiConfig) and are copied into guest memory
 * through its realloc, in the lowering's string encoding.  exit(ok) ends
 * with status 0, exit(err) with 1, exit-with-code(n) with n. */
#include <string.h>

#include "p2.h"
#include "wasi_cli_environment.h"
#include "wasi_cli_exit.h"

/* Stores a host string into guest element `at` (a string: address and
 * length, Canonical ABI layout). */
static void store_at(KilnCanonCx *cx, uint32_t at, const char *s, size_t len)
{
    uint32_t p, n;
    kiln_cx_store_string(cx, s, len, &p, &n);
    /* The store may have grown the memory: find the element again. */
    uint8_t *e = kiln_cx_ptr(cx, at, 8);
    memcpy(e, &p, 4);
    memcpy(e + 4, &n, 4);
}

/* Lowers `count` host strings as a list<string>, or, with `pairs`, the
 * "KEY=VALUE" strings as a list<tuple<string, string>>, in the order of
 * CanonicalABI.md's store_list: the element array first, then each
 * element's strings in turn (the preview1 adapter's allocator counts on
 * that order).  Returns the array's address. */
static uint32_t store_list(KilnCanonCx *cx, char *const *v, int count,
                           bool pairs)
{
    uint32_t size = pairs ? 16 : 8;
    if ((uint64_t)count * size > UINT32_MAX)
        kiln_trap_host("wasi:cli/environment: list too large");
    uint32_t list = kiln_cx_alloc(cx, (uint32_t)count * size, 4);
    for (int i = 0; i < count; i++) {
        const char *s = v[i], *eq = pairs ? strchr(s, '=') : NULL;
        size_t len = strlen(s), key = eq ? (size_t)(eq - s) : len;
        uint32_t at = list + (uint32_t)i * size;
        if (!pairs) {
            store_at(cx, at, s, len);
            continue;
        }
        store_at(cx, at, s, key);
        store_at(cx, at + 8, eq ? eq + 1 : "", eq ? len - key - 1 : 0);
    }
    return list;
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
