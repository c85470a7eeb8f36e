/* The compile pipeline (decode, validate, generate code, link) and the
 * loader for compiled shared objects.  See pipeline.h. */
#include "driver/pipeline.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "component/component.h"
#include "component/plan.h"
#include "driver/targets.h"
#include "kiln_cm.h"
#include "kiln_config.h"
#include "wasm/module.h"

extern char **environ;

/* Objects one link takes at most (core instances of a component + 1). */
#define KILN_MAX_LINK_OBJS 4096

void kiln_build_default(KilnBuild *b)
{
    memset(b, 0, sizeof *b);
    b->emit = KILN_EMIT_EXE;
    b->features = wasm_features_default();
    cg_options_default(&b->cg);
    /* Debian links position-independent executables by default, and
     * RIP-relative code costs next to nothing on x86-64. */
    b->cg.pic = true;
}

uint8_t *kiln_read_file(const char *path, size_t *size, Diag *diag)
{
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (!f || fstat(fileno(f), &st) != 0 || S_ISDIR(st.st_mode)) {
        const char *why = f ? "is a directory" : strerror(errno);
        if (f && !S_ISDIR(st.st_mode))
            why = strerror(errno);
        diag_error(diag, path, "cannot read file: %s", why);
        if (f)
            fclose(f);
        return NULL;
    }
    size_t cap = st.st_size > 0 ? (size_t)st.st_size : 4096, len = 0;
    uint8_t *buf = malloc(cap + 1);
    if (!buf)
        kiln_oom();
    for (;;) {
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
        if (len == cap) {
            buf = kiln_grow(buf, &cap, cap + 1, 1);
        }
    }
    if (ferror(f)) {
        diag_error(diag, path, "cannot read file: %s", strerror(errno));
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    *size = len;
    return buf;
}

static bool file_exists(const char *path)
{
    return access(path, R_OK) == 0;
}

const char *kiln_runtime_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    const char *env = getenv("KILN_RUNTIME_DIR");
    char probe[PATH_MAX + 32];
    if (env && *env) {
        snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
    /* Build tree: build/compiler/driver/kiln beside build/runtime. */
    char self[PATH_MAX - 64];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = 0;
        char *slash = strrchr(self, '/');
        if (slash) {
            *slash = 0;
            snprintf(probe, sizeof probe, "%s/../../runtime/libkilnrt.a", self);
            if (file_exists(probe)) {
                snprintf(dir, sizeof dir, "%s/../../runtime", self);
                return dir;
            }
        }
    }
    snprintf(probe, sizeof probe, "%s/libkilnrt.a", KILN_INSTALL_RUNTIME_DIR);
    if (file_exists(probe)) {
        snprintf(dir, sizeof dir, "%s", KILN_INSTALL_RUNTIME_DIR);
        return dir;
    }
    snprintf(dir, sizeof dir, "%s", KILN_BUILD_RUNTIME_DIR);
    return dir;
}

/* Runs argv[0] with the given arguments and waits; true on exit 0. */
static bool run_tool(char *const argv[], Diag *diag, const char *what)
{
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        diag_error(diag, NULL, "cannot run `%s` for %s: %s", argv[0], what,
                   strerror(rc));
        return false;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            diag_error(diag, NULL, "waiting for `%s`: %s", argv[0],
                       strerror(errno));
            return false;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        diag_error(diag, NULL, "%s failed (`%s` exited with status %d)", what,
                   argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return false;
    }
    return true;
}

/* lld links shared objects for in-process loading noticeably faster than
 * the system linker; fall back to the C driver when it is missing. */
static const char *fast_linker(void)
{
    static const char *const candidates[] = {"/usr/bin/ld.lld-19",
                                             "/usr/lib/llvm-19/bin/ld.lld"};
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++)
        if (access(candidates[i], X_OK) == 0)
            return candidates[i];
    return NULL;
}

/* Links `objs` (NULL-terminated) into `out`: a shared object for
 * in-process loading, or an executable with the target's runtime. */
static bool link_output(const KilnBuild *b, const char *const *objs,
                        const char *out, bool with_curl, Diag *diag)
{
    const char *argv[24 + KILN_MAX_LINK_OBJS];
    size_t n = 0, nobjs = 0;
    while (objs[nobjs])
        nobjs++;
    if (nobjs > KILN_MAX_LINK_OBJS)
        KILN_BUG("too many objects to link (%zu)", nobjs);
    if (b->emit == KILN_EMIT_SHARED) {
        const char *lld = fast_linker();
        argv[n++] = lld ? lld : KILN_CC;
        argv[n++] = "-shared";
        if (lld)
            argv[n++] = "--eh-frame-hdr";
        argv[n++] = "-o";
        argv[n++] = out;
        for (size_t i = 0; i < nobjs; i++)
            argv[n++] = objs[i];
        argv[n] = NULL;
        return run_tool((char *const *)argv, diag, "linking");
    }
    const KilnTarget *t = kiln_target_find(b->cg.triple);
    if (!t) {
        diag_error(diag, NULL, "cannot link for target `%s` (see `kiln "
                   "targets`)", b->cg.triple);
        return false;
    }
    if (with_curl && !t->host) { /* the cross runtimes have no libcurl */
        diag_error(diag, NULL, "the component imports "
                   "`wasi:http/outgoing-handler`, which kiln implements with "
                   "libcurl on the host only: no HTTP client for %s",
                   t->name);
        return false;
    }
    char rt[PATH_MAX + 64];
    if (!kiln_target_runtime(t, rt, sizeof rt)) {
        if (t->host)
            diag_error(diag, rt, "runtime library not found (set "
                       "KILN_RUNTIME_DIR)");
        else
            diag_error(diag, rt, "runtime library for %s not found (install "
                       "%s, then reconfigure and rebuild kiln; see `kiln "
                       "targets`)", t->name, t->packages);
        return false;
    }
    argv[n++] = t->cc;
    argv[n++] = "-o";
    argv[n++] = out;
    for (size_t i = 0; i < nobjs; i++)
        argv[n++] = objs[i];
    n += kiln_target_link_args(t, rt, argv + n, 16); /* runtime, libraries */
    if (with_curl) /* wasi:http/outgoing-handler (runtime http_client.c) */
        argv[n++] = "-lcurl";
    if (t->host && KILN_RT_SANITIZE[0])
        argv[n++] = KILN_RT_SANITIZE;
    argv[n] = NULL;
    return run_tool((char *const *)argv, diag, "linking");
}

bool kiln_is_component(const uint8_t *bytes, size_t size)
{
    /* Components share the magic; their version field is 0x0d 0x00 and the
     * layer field 0x01 0x00. */
    return size >= 8 && memcmp(bytes, "\0asm", 4) == 0 && bytes[4] == 0x0d &&
           bytes[5] == 0 && bytes[6] == 1 && bytes[7] == 0;
}

/* A temporary object file path in `buf`; false after reporting. */
static bool temp_object(char *buf, size_t cap, Diag *diag)
{
    snprintf(buf, cap, "/tmp/kiln-obj-XXXXXX.o");
    int fd = mkstemps(buf, 2);
    if (fd < 0) {
        diag_error(diag, NULL, "cannot create a temporary file: %s",
                   strerror(errno));
        return false;
    }
    close(fd);
    return true;
}

/* --emit lib: the symbol prefix, --lib-name or the output's name
 * ("out/libapp.a" -> "app"), as a C identifier. */
static const char *lib_prefix(const KilnBuild *b, const char *out_path)
{
    static char name[128];
    const char *src = b->lib_name;
    if (!src) {
        const char *base = strrchr(out_path, '/');
        src = base ? base + 1 : out_path;
        if (strncmp(src, "lib", 3) == 0 && src[3])
            src += 3;
    }
    size_t n = 0;
    for (; src[n] && n + 1 < sizeof name; n++) {
        char ch = src[n];
        if (!b->lib_name && ch == '.')
            break;
        bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9' && n > 0) || ch == '_';
        name[n] = ok ? ch : '_';
    }
    name[n] = 0;
    if (!n)
        snprintf(name, sizeof name, "component");
    return name;
}

/* --emit lib: the objects merged into one, every symbol but
 * <lib>_component_desc made local (two libraries never clash), archived
 * alone: the host links libkilnrt once (pkg-config kiln-runtime). */
static bool archive_lib(const KilnBuild *b, const char *const *objs,
                        const char *lib, const char *out_path, Diag *diag)
{
    char merged[64];
    if (!temp_object(merged, sizeof merged, diag))
        return false;
    bool ok = cg_link_relocatable(b->cg.triple, objs, merged, diag);
    char keep[200];
    snprintf(keep, sizeof keep, "--keep-global-symbol=%s_component_desc", lib);
    if (ok) {
        const char *argv[] = {"llvm-objcopy-19", keep, merged, NULL};
        ok = run_tool((char *const *)argv, diag, "hiding the library's symbols");
    }
    if (ok) {
        unlink(out_path);
        const char *argv[] = {"llvm-ar-19", "rcs", out_path, merged, NULL};
        ok = run_tool((char *const *)argv, diag, "archiving");
    }
    if (!b->keep_temps)
        unlink(merged);
    return ok;
}

/* True when a core instance calls wasi:http/outgoing-handler, whose
 * runtime part links libcurl. */
static bool plan_uses_http_client(const Plan *plan)
{
    for (uint32_t i = 0; i < plan->ninstances; i++) {
        const PlanCoreInstance *ci = &plan->instances[i];
        const WasmModule *m = plan->modules[ci->module].module;
        for (uint32_t j = 0; j < m->nimports; j++)
            if (ci->imports[j].kind == PLAN_BIND_HOST &&
                strcmp(ci->imports[j].host->iface,
                       "wasi:http/outgoing-handler") == 0)
                return true;
    }
    return false;
}

/* Components: decode, validate, plan, then one object per core instance
 * (symbol kiln_core_<i>) and one for the component descriptor, linked
 * together.  --emit obj merges them with a relocatable link. */
static bool compile_component(const char *path, const uint8_t *bytes,
                              size_t size, const KilnBuild *b,
                              const char *out_path, Diag *diag)
{
    CmpFile *f = cmp_decode(path, bytes, size, diag);
    if (!f)
        return false;
    Plan plan;
    PlanOptions po = {.unknown_imports_trap = b->unknown_imports_trap};
    if (b->emit == KILN_EMIT_LIB)
        po.embed_prefix = lib_prefix(b, out_path);
    bool ok = cmp_validate(f, diag) && plan_build(f, &po, &plan, diag);
    if (!ok) {
        cmp_free(f);
        return false;
    }
    if (plan.ninstances + 1 > KILN_MAX_LINK_OBJS) {
        diag_error(diag, path, "too many core instances (%u) to link",
                   plan.ninstances);
        ok = false;
    }
    uint32_t nobjs = ok ? plan.ninstances + 1 : 0;
    char (*objs)[64] = calloc(nobjs + 1, sizeof *objs);
    const char **list = calloc(nobjs + 1, sizeof *list);
    if (!objs || !list)
        kiln_oom();
    uint32_t made = 0;
    const char *lib = b->emit == KILN_EMIT_LIB ? lib_prefix(b, out_path) : NULL;
    for (uint32_t i = 0; ok && i < nobjs; i++) {
        ok = temp_object(objs[i], sizeof objs[i], diag);
        if (!ok)
            break;
        made++;
        list[i] = objs[i];
        CgOptions cg = b->cg;
        if (i < plan.ninstances) {
            char sym[160];
            snprintf(sym, sizeof sym, "%s_core_%u", lib ? lib : "kiln", i);
            cg.desc_symbol = sym;
            cg.plan = &plan;
            cg.plan_instance = i;
            cg.exe_config = NULL;
            const WasmModule *m = plan.modules[plan.instances[i].module].module;
            ok = cg_compile(m, &cg, true, objs[i], diag);
        } else {
            char sym[160];
            snprintf(sym, sizeof sym, "%s_component_desc", lib ? lib : "kiln");
            cg.desc_symbol = sym;
            ok = cg_compile_component(&plan, &cg, objs[i], diag);
        }
    }
    if (ok) {
        if (b->emit == KILN_EMIT_LIB)
            ok = archive_lib(b, list, lib, out_path, diag);
        else if (b->emit == KILN_EMIT_OBJ)
            ok = cg_link_relocatable(b->cg.triple, list, out_path, diag);
        else
            ok = link_output(b, list, out_path, plan_uses_http_client(&plan),
                             diag);
    }
    for (uint32_t i = 0; i < made && !b->keep_temps; i++)
        unlink(objs[i]);
    free(objs);
    free(list);
    plan_free(&plan);
    cmp_free(f);
    return ok;
}

bool kiln_compile_bytes(const char *path, const uint8_t *bytes, size_t size,
                        const KilnBuild *b, const char *out_path, Diag *diag)
{
    if (kiln_is_component(bytes, size))
        return compile_component(path, bytes, size, b, out_path, diag);
    if (b->emit == KILN_EMIT_LIB) {
        diag_error(diag, path, "--emit lib takes a component (a core module "
                   "builds with --emit obj or shared)");
        return false;
    }
    WasmModule *m = wasm_decode_with(path, bytes, size, &b->features, diag);
    if (!m)
        return false;
    bool ok = wasm_validate(m, diag);
    if (ok) {
        char tmp[] = "/tmp/kiln-obj-XXXXXX.o";
        const char *obj = out_path;
        if (b->emit != KILN_EMIT_OBJ) {
            int fd = mkstemps(tmp, 2);
            if (fd < 0) {
                diag_error(diag, NULL, "cannot create a temporary file: %s",
                           strerror(errno));
                wasm_module_free(m);
                return false;
            }
            close(fd);
            obj = tmp;
        }
        ok = cg_compile(m, &b->cg, b->allow_dynamic_imports, obj, diag);
        const char *objs[2] = {obj, NULL};
        if (ok && b->emit != KILN_EMIT_OBJ)
            ok = link_output(b, objs, out_path, false, diag);
        if (obj == tmp && !b->keep_temps)
            unlink(tmp);
    }
    wasm_module_free(m);
    return ok;
}

const KilnModuleDesc *kiln_load_shared(const char *so_path, void **handle,
                                       Diag *diag)
{
    void *h = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        diag_error(diag, so_path, "cannot load compiled module: %s", dlerror());
        return NULL;
    }
    const KilnModuleDesc *desc = dlsym(h, "kiln_module_desc");
    if (!desc) {
        diag_error(diag, so_path, "no kiln_module_desc in compiled module");
        dlclose(h);
        return NULL;
    }
    if (desc->abi_version != KILN_RT_ABI_VERSION) {
        diag_error(diag, so_path,
                   "compiled for runtime ABI %u, this kiln has ABI %u",
                   desc->abi_version, KILN_RT_ABI_VERSION);
        dlclose(h);
        return NULL;
    }
    *handle = h;
    return desc;
}

const KilnComponentDesc *kiln_load_shared_component(const char *so_path,
                                                    void **handle, Diag *diag)
{
    void *h = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        diag_error(diag, so_path, "cannot load compiled component: %s",
                   dlerror());
        return NULL;
    }
    const KilnComponentDesc *desc = dlsym(h, "kiln_component_desc");
    if (!desc || desc->abi_version != KILN_RT_ABI_VERSION) {
        diag_error(diag, so_path, desc ? "compiled for another runtime ABI"
                                       : "no kiln_component_desc in the "
                                         "compiled component");
        dlclose(h);
        return NULL;
    }
    *handle = h;
    return desc;
}
