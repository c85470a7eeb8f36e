/* cmd_serve.c: the `kiln serve` command (cmd_serve.h).  The component is
 * compiled and loaded exactly as `kiln run` does (main.c, with its
 * options and cache); only the last step differs: runtime/serve's
 * HTTP/1.1 server calls the component's wasi:http/incoming-handler
 * (WASI 0.2 http/proxy.wit) for each request. */
#include <stdio.h>
#include <string.h>

#include "cmd_serve.h"
#include "serve/serve.h"

static const char *serve_addr; /* NULL: not `kiln serve` */

void kiln_serve_args(int *argc, char **argv)
{
    int n = 1;
    serve_addr = "127.0.0.1:8080";
    argv[1] = (char *)"run";
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--addr") == 0 && i + 1 < *argc)
            serve_addr = argv[++i];
        else if (strncmp(argv[i], "--addr=", 7) == 0)
            serve_addr = argv[i] + 7;
        else if (kiln_serve_option(*argc, argv, &i))
            continue;
        else
            argv[n++] = argv[i];
    }
    argv[n] = NULL;
    *argc = n;
}

bool kiln_serve_run(const KilnComponentDesc *cd, const KilnWasiConfig *w,
                    int *status)
{
    if (!serve_addr)
        return false;
    fflush(stdout);
    *status = kiln_serve(cd, w, serve_addr);
    return true;
}
