/* kiln-wasm-check FILE.wasm: decodes and validates one core module and
 * prints "ok", or the first error ("FILE:0xOFFSET: error: ...") on stderr
 * with exit status 1.  The feedback tool for the decoder and validator. */
#include <stdio.h>
#include <stdlib.h>

#include "wasm/module.h"

static uint8_t *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fclose(f);
            return NULL;
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        cap *= 2;
        buf = realloc(buf, cap);
    }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    *size = n;
    return buf;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: kiln-wasm-check FILE.wasm\n");
        return 2;
    }
    size_t size = 0;
    uint8_t *bytes = read_file(argv[1], &size);
    if (!bytes) {
        perror(argv[1]);
        return 1;
    }
    Diag diag;
    diag_init(&diag, stderr);
    WasmModule *m = wasm_decode(argv[1], bytes, size, &diag);
    bool ok = m && wasm_validate(m, &diag);
    wasm_module_free(m);
    free(bytes);
    if (!ok)
        return 1;
    puts("ok");
    return 0;
}
