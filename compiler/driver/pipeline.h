/* The compile pipeline as one readable sequence, shared by the `kiln`
 * commands and the spec-test runner:
 *   read -> wasm_decode -> wasm_validate -> cg_compile (object) -> link
 * and the loader that brings a compiled shared object into this process.
 */
#ifndef KILN_DRIVER_PIPELINE_H
#define KILN_DRIVER_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codegen/codegen.h"
#include "kiln_rt.h"
#include "util/diag.h"
#include "wasm/module.h"

typedef enum KilnEmit {
    KILN_EMIT_EXE,    /* executable linked with libkilnrt.a */
    KILN_EMIT_OBJ,    /* the object file alone */
    KILN_EMIT_SHARED, /* shared object for in-process loading */
    KILN_EMIT_LIB,    /* components: static library for a C host */
} KilnEmit;

typedef struct KilnBuild {
    KilnEmit emit;
    WasmFeatures features;
    CgOptions cg;
    bool allow_dynamic_imports;
    bool keep_temps;      /* keep the intermediate object */
    const char *dump;     /* "module" prints the decoded module to stderr */
    /* Components: bind imports the runtime does not implement to
     * functions that trap when called (else they are refused). */
    bool unknown_imports_trap;
    /* --emit lib: the symbol prefix (NULL: from the output's name) */
    const char *lib_name;
} KilnBuild;

void kiln_build_default(KilnBuild *b);

/* Reads a whole file; NULL after reporting "<path>: error: cannot read
 * file: <reason>" through diag. Free with free(). */
uint8_t *kiln_read_file(const char *path, size_t *size, Diag *diag);

/* True when the preamble says "component" (layer 1). */
bool kiln_is_component(const uint8_t *bytes, size_t size);

/* Compiles a core module or a component given as bytes (read from `path`, which names it
 * in diagnostics) to `out_path`. */
bool kiln_compile_bytes(const char *path, const uint8_t *bytes, size_t size,
                        const KilnBuild *b, const char *out_path, Diag *diag);

/* dlopens a shared object made with KILN_EMIT_SHARED and returns its
 * descriptor (symbol opts desc_symbol, default "kiln_module_desc");
 * *handle receives the dlopen handle for dlclose. */
const KilnModuleDesc *kiln_load_shared(const char *so_path, void **handle,
                                       Diag *diag);

/* dlopens a shared object made from a component with KILN_EMIT_SHARED
 * and returns its KilnComponentDesc (runtime/kiln_cm.h). */
const struct KilnComponentDesc *kiln_load_shared_component(const char *so_path,
                                                           void **handle,
                                                           Diag *diag);

/* Where libkilnrt.a lives (build tree or installation). */
const char *kiln_runtime_dir(void);

#endif
