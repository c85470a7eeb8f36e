/* Modules of a script: compiled once per content into a shared object
 * (spec "module" and the assert_* forms that carry one), loaded with
 * dlopen, linked against the `spectest` host objects and registered
 * modules' exports (spec 4.5.4 "Instantiation": imports resolved by
 * module and field name, then checked by import matching in the runtime).
 *
 * Shared objects are named by a hash of the bytes and the options, in the
 * run's work directory, so forked children share them; a child writes to
 * a private name and renames, so concurrent children never see half a
 * file.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <dlfcn.h>

#include "driver/pipeline.h"
#include "spectest.h"

static uint64_t fnv1a(const uint8_t *p, size_t n, uint64_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * UINT64_C(0x100000001b3);
    return h;
}

static void build_options(const StOptions *o, KilnBuild *b, KilnEmit emit)
{
    kiln_build_default(b);
    b->emit = emit;
    b->allow_dynamic_imports = true;
    b->cg.spectest_imports = true;
    b->cg.pic = true;
    b->cg.opt_level = o->opt_level;
    b->features.multi_memory = o->multi_memory;
}

static void copy_why(char *why, size_t len, const Diag *d, const char *dflt)
{
    snprintf(why, len, "%s", d->errors && d->first[0] ? d->first : dflt);
}

/* Compiles bytes to `out` through a private temporary name. */
static bool compile_to(const StOptions *o, const char *src,
                       const uint8_t *bytes, size_t size, KilnEmit emit,
                       const char *out, char *why, size_t whylen)
{
    KilnBuild b;
    build_options(o, &b, emit);
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", out, (long)getpid());
    Diag d;
    diag_init(&d, NULL);
    bool ok = kiln_compile_bytes(src, bytes, size, &b, tmp, &d);
    if (!ok) {
        copy_why(why, whylen, &d, "compilation failed");
        unlink(tmp);
        return false;
    }
    if (rename(tmp, out) != 0) {
        snprintf(why, whylen, "cannot rename %s", tmp);
        unlink(tmp);
        return false;
    }
    return true;
}

static uint8_t *read_module(const char *path, size_t *size, char *why,
                            size_t whylen)
{
    Diag d;
    diag_init(&d, NULL);
    uint8_t *bytes = kiln_read_file(path, size, &d);
    if (!bytes)
        copy_why(why, whylen, &d, "cannot read module");
    return bytes;
}

static void push_handle(StRegistry *r, void *h)
{
    if (r->nhandles == r->caphandles) {
        r->caphandles = r->caphandles ? r->caphandles * 2 : 16;
        r->handles = realloc(r->handles, r->caphandles * sizeof *r->handles);
        if (!r->handles)
            abort();
    }
    r->handles[r->nhandles++] = h;
}

const KilnModuleDesc *st_mod_load(const StOptions *o, StRegistry *r,
                                  const char *wasm_path, char *why,
                                  size_t whylen)
{
    size_t size;
    uint8_t *bytes = read_module(wasm_path, &size, why, whylen);
    if (!bytes)
        return NULL;
    uint64_t h = fnv1a(bytes, size, UINT64_C(0xcbf29ce484222325));
    char so[4096];
    snprintf(so, sizeof so, "%s/m%016" PRIx64 "-%zu-O%d%s.so", o->work_dir, h,
             size, o->opt_level, o->multi_memory ? "-mm" : "");
    bool ok = access(so, R_OK) == 0 ||
              compile_to(o, wasm_path, bytes, size, KILN_EMIT_SHARED, so,
                         why, whylen);
    free(bytes);
    if (!ok)
        return NULL;
    Diag d;
    diag_init(&d, NULL);
    void *handle = NULL;
    const KilnModuleDesc *desc = kiln_load_shared(so, &handle, &d);
    if (!desc) {
        copy_why(why, whylen, &d, "cannot load the shared object");
        return NULL;
    }
    push_handle(r, handle);
    return desc;
}

bool st_mod_check(const StOptions *o, const char *wasm_path, char *why,
                  size_t whylen)
{
    size_t size;
    uint8_t *bytes = read_module(wasm_path, &size, why, whylen);
    if (!bytes)
        return false;
    char obj[4096];
    snprintf(obj, sizeof obj, "%s/check-%ld.o", o->work_dir, (long)getpid());
    bool ok = compile_to(o, wasm_path, bytes, size, KILN_EMIT_OBJ, obj, why,
                         whylen);
    unlink(obj);
    free(bytes);
    return ok;
}

/* Finds the extern for one import; false with a message when missing. */
static bool resolve_import(StRegistry *r, const KilnImportDesc *imp,
                           KilnExtern *out, KilnTrapInfo *trap)
{
    bool found = false;
    if (imp->module_len == 8 && memcmp(imp->module, "spectest", 8) == 0) {
        found = st_host_lookup(imp->name, imp->name_len, out);
    } else {
        for (size_t i = r->nregs; i-- > 0 && !found;) {
            if (strlen(r->reg_names[i]) != imp->module_len ||
                memcmp(r->reg_names[i], imp->module, imp->module_len) != 0)
                continue;
            StModule *m = r->reg_mods[i];
            found = m->vm && kiln_instance_export(m->vm, imp->name,
                                                  imp->name_len, out);
            break;
        }
    }
    if (!found)
        snprintf(trap->message, sizeof trap->message,
                 "unknown import `%.*s.%.*s`", (int)imp->module_len,
                 imp->module, (int)imp->name_len, imp->name);
    return found;
}

KilnVmctx *st_mod_instantiate(const StOptions *o, StRegistry *r,
                              const KilnModuleDesc *desc, KilnTrapInfo *trap)
{
    memset(trap, 0, sizeof *trap);
    KilnExtern *imports = calloc(desc->nimports + 1, sizeof *imports);
    if (!imports)
        abort();
    for (uint32_t i = 0; i < desc->nimports; i++)
        if (!resolve_import(r, &desc->imports[i], &imports[i], trap)) {
            free(imports);
            return NULL;
        }
    st_script_watchdog(o, true);
    KilnVmctx *vm = kiln_instance_new(desc, imports, NULL, trap);
    st_script_watchdog(o, false);
    free(imports);
    return vm;
}

StModule *st_mod_add(StRegistry *r, const char *name, unsigned line)
{
    if (r->nmods == r->capmods) {
        r->capmods = r->capmods ? r->capmods * 2 : 16;
        r->mods = realloc(r->mods, r->capmods * sizeof *r->mods);
        if (!r->mods)
            abort();
    }
    StModule *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    m->name = name ? strdup(name) : NULL;
    m->line = line;
    r->mods[r->nmods++] = m;
    return m;
}

StModule *st_mod_find(StRegistry *r, const char *name)
{
    for (size_t i = r->nmods; i-- > 0;) {
        StModule *m = r->mods[i];
        if (!name || (m->name && strcmp(m->name, name) == 0))
            return m;
    }
    return NULL;
}

void st_mod_register(StRegistry *r, const char *as, StModule *m)
{
    if (r->nregs == r->capregs) {
        r->capregs = r->capregs ? r->capregs * 2 : 8;
        r->reg_names = realloc(r->reg_names, r->capregs * sizeof(char *));
        r->reg_mods = realloc(r->reg_mods, r->capregs * sizeof(StModule *));
        if (!r->reg_names || !r->reg_mods)
            abort();
    }
    r->reg_names[r->nregs] = strdup(as);
    r->reg_mods[r->nregs++] = m;
}

/* Instances are left alive: other instances may still hold their
 * functions, tables and memories (linking.wast), and the process ends
 * with the script. */
void st_mod_free_all(StRegistry *r)
{
    for (size_t i = 0; i < r->nmods; i++) {
        free(r->mods[i]->name);
        free(r->mods[i]);
    }
    for (size_t i = 0; i < r->nregs; i++)
        free(r->reg_names[i]);
    free(r->mods);
    free(r->reg_names);
    free(r->reg_mods);
    free(r->handles);
    memset(r, 0, sizeof *r);
}

const KilnExportDesc *st_mod_export(const KilnModuleDesc *desc,
                                    const char *name, size_t len)
{
    for (uint32_t i = 0; i < desc->nexports; i++) {
        const KilnExportDesc *e = &desc->exports[i];
        if (e->name_len == len && memcmp(e->name, name, len) == 0)
            return e;
    }
    return NULL;
}
