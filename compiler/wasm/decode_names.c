/* The custom `name` section (spec 7.4.1 "Name Section"): the module name
 * (subsection 0) and function names (subsection 1).  Like engines, kiln
 * ignores a malformed name section instead of rejecting the module, so the
 * section is read with its own reader, silent diagnostics and its own
 * unwinding point; a failure only stops the reading of names. */
#include "wasm/decode_internal.h"

static void read_function_names(WasmReader *r, WasmModule *m)
{
    uint32_t n = wasm_rd_count(r, 2);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t idx = wasm_rd_u32(r);
        WasmName name = wasm_rd_name(r, &m->arena);
        if (idx < m->nfuncs)
            m->funcs[idx].name = name;
    }
}

static void read_names(WasmReader *r, WasmModule *m)
{
    size_t section_end = r->end;
    while (r->pos < section_end) {
        uint8_t id = wasm_rd_u8(r);
        uint32_t size = wasm_rd_u32(r);
        if (size > section_end - r->pos)
            wasm_rd_fail(r, r->pos, "length out of bounds");
        r->end = r->pos + size;
        if (id == 0)
            m->name = wasm_rd_name(r, &m->arena);
        else if (id == 1)
            read_function_names(r, m);
        r->pos = r->end;
        r->end = section_end;
    }
}

void wasm_decode_names(WasmDecoder *d)
{
    Diag quiet;
    diag_init(&quiet, NULL);
    jmp_buf fail;
    WasmReader sub = d->r;
    sub.diag = &quiet;
    sub.fail = &fail;
    /* names read before a fault are kept: each is set whole */
    if (setjmp(fail))
        return;
    read_names(&sub, d->m);
}
