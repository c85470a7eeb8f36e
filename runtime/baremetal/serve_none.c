/* serve_none.c: the wasi:http/proxy server of runtime/serve/ (sockets,
 * threads) does not exist in the embedded profile: no component counts as
 * a proxy here, so kiln_component_main runs wasi:cli/run (and reports a
 * component without it). */
#include <stdio.h>

#include "serve/serve.h"

int kiln_serve_find_handler(const KilnComponentDesc *desc)
{
    return -1;
}

int kiln_serve_main(int argc, char **argv, const KilnComponentDesc *desc,
                    const KilnWasiConfig *baked)
{
    fprintf(stderr, "error: serving wasi:http needs a hosted target\n");
    return 1;
}
