/* kiln-wasm-check [--dump] FILE.wasm: decodes and validates one core
 * module or component (told apart by the preamble) and prints "ok", or
 * the first error ("FILE:0xOFFSET: error: ...") on stderr with exit
 * status 1.  --dump also lists a component's sections and index spaces.
 * The feedback tool for the decoders and validators. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "component/component.h"
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

static bool check_component(const char *path, const uint8_t *bytes,
                            size_t size, bool dump, Diag *diag)
{
    CmpFile *f = cmp_decode(path, bytes, size, diag);
    if (f && dump)
        cmp_dump(stdout, f);
    bool ok = f && cmp_validate(f, diag);
    cmp_free(f);
    return ok;
}

int main(int argc, char **argv)
{
    bool dump = argc == 3 && strcmp(argv[1], "--dump") == 0;
    if (dump) {
        argv++;
        argc--;
    }
    if (argc != 2) {
        fprintf(stderr, "usage: kiln-wasm-check [--dump] FILE.wasm\n");
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
    bool ok;
    if (cmp_is_component(bytes, size)) {
        ok = check_component(argv[1], bytes, size, dump, &diag);
    } else {
        WasmModule *m = wasm_decode(argv[1], bytes, size, &diag);
        ok = m && wasm_validate(m, &diag);
        wasm_module_free(m);
    }
    free(bytes);
    if (!ok)
        return 1;
    puts("ok");
    return 0;
}
