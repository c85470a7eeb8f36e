/* The `kiln` command line: build, run (with a content-addressed cache of
 * compiled shared objects, executed in this process), run --invoke.
 * Conventions follow wasmtime's CLI where they exist. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "driver/commands.h"
#include "driver/cmd_serve.h"
#include "driver/embed_dir.h"
#include "driver/invoke_cli.h"
#include "driver/invoke_component.h"
#include "driver/pipeline.h"
#include "driver/targets.h"
#include "kiln_cm.h"
#include "kiln_config.h"
#include "util/arena.h"
#include "util/sha256.h"

static const char usage_text[] =
    "usage: kiln <command> [options]\n"
    "\n"
    "commands:\n"
    "  build INPUT.wasm -o OUTPUT   compile a module or component to a native\n"
    "                               executable\n"
    "  run INPUT.wasm [ARGS...]     compile (cached) and run a module or a\n"
    "                               wasi:cli command component\n"
    "  serve INPUT.wasm [--addr HOST:PORT]\n"
    "                               serve a wasi:http/proxy component over\n"
    "                               HTTP/1.1 (default 127.0.0.1:8080)\n"
    "  run --invoke NAME INPUT.wasm [ARGS...]\n"
    "                               call a core module's export, print results\n"
    "  run --invoke 'f(ARGS)' INPUT.wasm\n"
    "                               call a component's export with WAVE values\n"
    "                               (`;` separates calls; handles are #N)\n"
    "  wit DIR|FILE.wit|INPUT.wasm  print a WIT package, or a component's world\n"
    "  wit --check DIR              report every WIT error (file:line:col)\n"
    "  targets                      list the targets this installation can\n"
    "                               build for, and what the others miss\n"
    "  bindgen c --wit DIR --world W -o OUT\n"
    "                               C bindings for a guest of world W\n"
    "  bindgen c --host --wit DIR --world W -o OUT\n"
    "                               C API of a component built with --emit\n"
    "                               lib, for a native C program\n"
    "  help                         this text\n"
    "  --version                    print kiln's version\n"
    "\n"
    "compile options (build and run):\n"
    "  -O0 -O1 -O2 -O3              optimization level (default -O2)\n"
    "  -Os -Oz                      -O2 optimizing for size (-Oz: smallest)\n"
    "  --target TARGET              build for TARGET (see `kiln targets`;\n"
    "                               default: this host); --emit obj also\n"
    "                               takes any LLVM triple\n"
    "  --bounds-checks=guard|explicit\n"
    "                               guard pages (default on 64-bit hosts) or\n"
    "                               a check before every memory access\n"
    "  --stack-check=guard|prologue stack overflow detection\n"
    "  --max-memory SIZE            bare-metal targets: RAM for linear memory\n"
    "                               (bytes, K or M; default 1M); memory.grow\n"
    "                               fails beyond it\n"
    "  --stack-size SIZE            bare-metal targets: native stack (bytes,\n"
    "                               K or M; default 64K)\n"
    "  --heap-size SIZE             bare-metal targets: the runtime's malloc\n"
    "                               heap (instances, tables; default 64K)\n"
    "  --embed-dir HOST[::GUEST]    bare-metal targets: embed directory HOST\n"
    "                               in the image as a read-only preopen GUEST\n"
    "                               (--emit obj: as the object OUTPUT.fs.o)\n"
    "  --emit exe|obj|shared|lib    build output kind (default exe); lib: a\n"
    "                               component as a static library for a C\n"
    "                               host (docs/embedding.md)\n"
    "  --lib-name NAME              --emit lib: symbol prefix (NAME_component_desc;\n"
    "                               default: the output's name, libNAME.a)\n"
    "  --dump-ir FILE               write the optimized LLVM IR to FILE\n"
    "  -W multi-memory=y|n          allow several memories (default y)\n"
    "  --unknown-imports=trap       components: bind imports the runtime does\n"
    "                               not implement to functions that trap\n"
    "\n"
    "WASI options (run; build bakes them into the executable):\n"
    "  --dir HOST[::GUEST]          preopen directory HOST as GUEST\n"
    "  --env NAME=VALUE             set a guest environment variable\n"
    "  --env NAME                   pass the host's NAME through\n"
    "  --inherit-network            wasi:sockets: allow every address and\n"
    "                               name lookups (default: no network)\n"
    "  --allow-ip-name-lookup       wasi:sockets: allow resolve-addresses\n"
    "  --allow-tcp HOST:PORT        wasi:sockets: allow TCP bind and connect\n"
    "                               on HOST (IPv4, [IPv6] or *) and PORT (N,\n"
    "                               N-M or *); repeatable\n"
    "  --allow-udp HOST:PORT        the same for UDP bind, connect and send\n"
    "\n"
    "run options:\n"
    "  --invoke NAME | 'f(ARGS)'    call an export (core: ARGS as numbers;\n"
    "                               component: WAVE values)\n"
    "  --no-cache                   compile afresh, do not use the cache\n";

typedef struct Cli {
    const char *command;
    const char *input;
    const char *output;
    KilnBuild build;
    const char *invoke;
    bool no_cache;
    const char *target;   /* --target as given */
    bool bounds_given;    /* --bounds-checks was on the command line */
    /* WASI */
    KilnPreopen *preopens;
    size_t npreopens, cap_preopens;
    const char **env;
    size_t nenv, cap_env;
    int net_flags;          /* KILN_NET_* */
    const char **net_allow; /* "tcp:HOST:PORT", "udp:HOST:PORT" */
    size_t nnet_allow, cap_net_allow;
    char **guest_args;
    int nguest_args;
    Arena arena;
} Cli;

static _Noreturn void cli_fail(const char *fmt, const char *arg)
{
    fputs("kiln: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs(" (see `kiln help`)\n", stderr);
    exit(1);
}

static void add_dir(Cli *c, const char *spec)
{
    const char *sep = strstr(spec, "::");
    KilnPreopen p;
    if (sep) {
        p.host_path = arena_strndup(&c->arena, spec, (size_t)(sep - spec));
        p.guest_path = sep + 2;
    } else {
        p.host_path = spec;
        p.guest_path = spec;
    }
    if (!*p.host_path || !*p.guest_path)
        cli_fail("bad --dir `%s`: expected HOST[::GUEST]", spec);
    c->preopens = kiln_grow(c->preopens, &c->cap_preopens, c->npreopens + 1,
                            sizeof *c->preopens);
    c->preopens[c->npreopens++] = p;
}

static void add_env(Cli *c, const char *spec)
{
    const char *entry = spec;
    if (!*spec || *spec == '=')
        cli_fail("bad --env `%s`: expected NAME=VALUE or NAME", spec);
    if (!strchr(spec, '=')) {
        const char *v = getenv(spec);
        if (!v)
            return; /* as wasmtime: an unset host variable is not passed */
        entry = arena_printf(&c->arena, "%s=%s", spec, v);
    }
    c->env = kiln_grow(c->env, &c->cap_env, c->nenv + 1, sizeof *c->env);
    c->env[c->nenv++] = entry;
}

/* --allow-tcp / --allow-udp: the runtime checks the HOST:PORT syntax
 * when it starts (runtime/wasi_p2/sockets_net.c); here only its shape. */
static void add_net_allow(Cli *c, const char *proto, const char *spec)
{
    const char *colon = strrchr(spec, ':');
    if (!colon || colon == spec || !colon[1])
        cli_fail("bad address rule `%s`: expected HOST:PORT", spec);
    c->net_allow = kiln_grow(c->net_allow, &c->cap_net_allow,
                             c->nnet_allow + 1, sizeof *c->net_allow);
    c->net_allow[c->nnet_allow++] =
        arena_printf(&c->arena, "%s:%s", proto, spec);
}

/* Value of an option given as `--name=value` or `--name value`. */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    const char *a = argv[*i];
    if (a[n] == '=')
        return a + n + 1;
    if (*i + 1 >= argc)
        cli_fail("option `%s` needs a value", name);
    return argv[++*i];
}

/* A RAM size given as bytes, or with a K or M suffix; 0 when malformed
 * or not a multiple of `align`. */
static uint64_t parse_ram_size(const char *v, uint64_t align)
{
    char *end;
    unsigned long long n = strtoull(v, &end, 10);
    unsigned long long unit = *end == 'K' || *end == 'k' ? 1024ull
                              : *end == 'M' || *end == 'm' ? 1ull << 20
                                                           : 1;
    if (end == v || *v == '-' || (unit > 1 && end[1]) || (unit == 1 && *end) ||
        n > (1ull << 32) / unit || n * unit % align != 0)
        return 0;
    return n * unit;
}

/* --stack-size, --heap-size: 16K to 1G, a multiple of 8. */
static uint64_t region_size(const char *v, const char *option)
{
    uint64_t bytes = parse_ram_size(v, 8);
    if (bytes < 16 * 1024 || bytes > (1ull << 30)) {
        char fmt[128];
        snprintf(fmt, sizeof fmt, "bad %s `%%s`: expected bytes (or K, M), "
                 "a multiple of 8, at least 16K", option);
        cli_fail(fmt, v);
    }
    return bytes;
}

static bool opt_is(const char *arg, const char *name)
{
    size_t n = strlen(name);
    return strncmp(arg, name, n) == 0 && (arg[n] == 0 || arg[n] == '=');
}

static void parse_option(Cli *c, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    CgOptions *cg = &c->build.cg;
    if (a[0] == '-' && a[1] == 'O' && a[2] >= '0' && a[2] <= '3' && !a[3]) {
        cg->opt_level = a[2] - '0';
        cg->size_level = 0;
    } else if (strcmp(a, "-Os") == 0 || strcmp(a, "-Oz") == 0) {
        cg->opt_level = 2;
        cg->size_level = a[2] == 's' ? 1 : 2;
    } else if (opt_is(a, "-o")) {
        c->output = opt_value(argc, argv, i, "-o");
    } else if (opt_is(a, "--target")) {
        c->target = opt_value(argc, argv, i, "--target");
    } else if (opt_is(a, "--bounds-checks")) {
        const char *v = opt_value(argc, argv, i, "--bounds-checks");
        c->bounds_given = true;
        if (strcmp(v, "guard") == 0)
            cg->bounds = CG_BOUNDS_GUARD;
        else if (strcmp(v, "explicit") == 0)
            cg->bounds = CG_BOUNDS_EXPLICIT;
        else
            cli_fail("bad --bounds-checks `%s`: expected guard or explicit", v);
    } else if (opt_is(a, "--stack-check")) {
        const char *v = opt_value(argc, argv, i, "--stack-check");
        if (strcmp(v, "guard") == 0)
            cg->stack_check = CG_STACK_GUARD;
        else if (strcmp(v, "prologue") == 0)
            cg->stack_check = CG_STACK_PROLOGUE;
        else
            cli_fail("bad --stack-check `%s`: expected guard or prologue", v);
    } else if (opt_is(a, "--max-memory")) {
        /* bare-metal targets: the RAM region of linear memories */
        const char *v = opt_value(argc, argv, i, "--max-memory");
        uint64_t bytes = parse_ram_size(v, 65536);
        if (!bytes || bytes > (1ull << 32))
            cli_fail("bad --max-memory `%s`: expected bytes (or K, M), a "
                     "multiple of 64K", v);
        kiln_target_set_max_memory(bytes);
    } else if (opt_is(a, "--stack-size")) {
        /* bare-metal targets: the native stack the linker script reserves */
        kiln_target_set_stack_size(
            region_size(opt_value(argc, argv, i, "--stack-size"),
                        "--stack-size"));
    } else if (opt_is(a, "--heap-size")) {
        /* bare-metal targets: the runtime's malloc heap */
        kiln_target_set_heap_size(
            region_size(opt_value(argc, argv, i, "--heap-size"),
                        "--heap-size"));
    } else if (opt_is(a, "--embed-dir")) {
        /* bare-metal targets: a read-only filesystem in the image */
        const char *v = opt_value(argc, argv, i, "--embed-dir");
        if (!kiln_embed_dir_add(v))
            cli_fail("bad --embed-dir `%s`: expected HOST[::GUEST] (at most "
                     "16)", v);
    } else if (opt_is(a, "--emit")) {
        const char *v = opt_value(argc, argv, i, "--emit");
        if (strcmp(v, "exe") == 0)
            c->build.emit = KILN_EMIT_EXE;
        else if (strcmp(v, "obj") == 0)
            c->build.emit = KILN_EMIT_OBJ;
        else if (strcmp(v, "shared") == 0)
            c->build.emit = KILN_EMIT_SHARED;
        else if (strcmp(v, "lib") == 0)
            c->build.emit = KILN_EMIT_LIB;
        else
            cli_fail("bad --emit `%s`: expected exe, obj, shared or lib", v);
    } else if (opt_is(a, "--lib-name")) {
        c->build.lib_name = opt_value(argc, argv, i, "--lib-name");
    } else if (opt_is(a, "-W")) {
        const char *v = opt_value(argc, argv, i, "-W");
        if (strcmp(v, "multi-memory") == 0 || strcmp(v, "multi-memory=y") == 0)
            c->build.features.multi_memory = true;
        else if (strcmp(v, "multi-memory=n") == 0)
            c->build.features.multi_memory = false;
        else
            cli_fail("unknown wasm feature setting `%s` (known: multi-memory=y|n)", v);
    } else if (opt_is(a, "--unknown-imports")) {
        const char *v = opt_value(argc, argv, i, "--unknown-imports");
        if (strcmp(v, "trap") != 0)
            cli_fail("bad --unknown-imports `%s`: expected trap", v);
        c->build.unknown_imports_trap = true;
    } else if (opt_is(a, "--dump-ir")) {
        cg->dump_ir = opt_value(argc, argv, i, "--dump-ir");
    } else if (opt_is(a, "--dir")) {
        add_dir(c, opt_value(argc, argv, i, "--dir"));
    } else if (opt_is(a, "--env")) {
        add_env(c, opt_value(argc, argv, i, "--env"));
    } else if (strcmp(a, "--inherit-network") == 0) {
        c->net_flags |= KILN_NET_INHERIT;
    } else if (strcmp(a, "--allow-ip-name-lookup") == 0) {
        c->net_flags |= KILN_NET_NAME_LOOKUP;
    } else if (opt_is(a, "--allow-tcp")) {
        add_net_allow(c, "tcp", opt_value(argc, argv, i, "--allow-tcp"));
    } else if (opt_is(a, "--allow-udp")) {
        add_net_allow(c, "udp", opt_value(argc, argv, i, "--allow-udp"));
    } else if (opt_is(a, "--invoke") && strcmp(c->command, "run") == 0) {
        c->invoke = opt_value(argc, argv, i, "--invoke");
    } else if (strcmp(a, "--no-cache") == 0 && strcmp(c->command, "run") == 0) {
        c->no_cache = true;
    } else {
        cli_fail("unknown option `%s`", a);
    }
}

static void parse_cli(Cli *c, int argc, char **argv)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            if (!c->input && i + 1 < argc)
                c->input = argv[++i];
            c->guest_args = argv + i + 1;
            c->nguest_args = argc - i - 1;
            return;
        }
        if (a[0] == '-' && a[1]) {
            parse_option(c, argc, argv, &i);
            continue;
        }
        if (c->input) {
            if (strcmp(c->command, "run") != 0)
                cli_fail("unexpected argument `%s`", a);
        } else {
            c->input = a;
            if (strcmp(c->command, "run") != 0)
                continue;
            /* As with wasmtime, everything after the module is the
             * guest's. */
            c->guest_args = argv + i + 1;
            c->nguest_args = argc - i - 1;
            return;
        }
    }
}

static void wasi_config(Cli *c, KilnWasiConfig *w, const char *argv0)
{
    memset(w, 0, sizeof *w);
    const char **args = arena_array(&c->arena, (size_t)c->nguest_args + 1,
                                    sizeof *args);
    args[0] = argv0;
    for (int i = 0; i < c->nguest_args; i++)
        args[i + 1] = c->guest_args[i];
    w->argc = c->nguest_args + 1;
    w->argv = args;
    w->envc = (int)c->nenv;
    w->envp = c->env;
    w->npreopens = (int)c->npreopens;
    w->preopens = c->preopens;
    w->stdin_fd = 0;
    w->stdout_fd = 1;
    w->stderr_fd = 2;
    w->net_flags = c->net_flags;
    w->nnet_allow = (int)c->nnet_allow;
    w->net_allow = c->net_allow;
}

/* 32-bit architectures by their triple's first component (for triples
 * outside the target table, given with --emit obj). */
static bool triple_is_32bit(const char *triple)
{
    static const char *const arch32[] = {"arm", "thumb", "riscv32", "i386",
                                         "i486", "i586", "i686", "mips-",
                                         "mipsel-", "ppc-", "powerpc-"};
    for (size_t i = 0; i < sizeof arch32 / sizeof *arch32; i++)
        if (strncmp(triple, arch32[i], strlen(arch32[i])) == 0)
            return true;
    return false;
}

/* Applies --target: the LLVM triple, CPU, features and ABI of the
 * target's row; explicit bounds where guard regions do not fit.  Any
 * other LLVM triple is accepted for --emit obj only (nothing to link). */
static void apply_target(Cli *c)
{
    CgOptions *cg = &c->build.cg;
    const KilnTarget *t = kiln_target_find(c->target);
    if (!t) {
        if (c->build.emit != KILN_EMIT_OBJ)
            cli_fail("unknown target `%s` (`kiln targets` lists them; "
                     "--emit obj takes any LLVM triple)", c->target);
        cg->triple = c->target;
        if (!c->bounds_given && triple_is_32bit(c->target))
            cg->bounds = CG_BOUNDS_EXPLICIT;
        return;
    }
    if (t->host)
        return;
    cg->triple = t->llvm_triple;
    cg->cpu = t->cpu;
    cg->features = t->features;
    cg->abi = t->abi;
    if (t->board) /* bare metal: no guard page below the stack */
        cg->stack_check = CG_STACK_PROLOGUE;
    if (!t->guard_bounds) {
        if (c->bounds_given && cg->bounds == CG_BOUNDS_GUARD)
            cli_fail("target `%s` has no room for guard regions: use "
                     "--bounds-checks=explicit", t->name);
        cg->bounds = CG_BOUNDS_EXPLICIT;
    }
}

/* --embed-dir: only into a bare-metal executable image (Linux targets
 * have real directories: --dir at run time). */
static void embed_dirs(Cli *c)
{
    if (!kiln_embed_dir_count())
        return;
    const KilnTarget *t = c->target ? kiln_target_find(c->target) : NULL;
    if (!t || !t->board)
        cli_fail("%s", "--embed-dir is for bare-metal targets (--target "
                 "thumbv7em-none-eabihf, thumbv7m-none-eabi); on Linux "
                 "preopen directories at run time with --dir");
    if (c->build.emit != KILN_EMIT_EXE && c->build.emit != KILN_EMIT_OBJ)
        cli_fail("%s", "--embed-dir needs --emit exe or obj (the image is "
                 "linked into the firmware)");
    char err[512];
    const char *s = kiln_embed_dir_pack(err, sizeof err);
    if (s && c->build.emit == KILN_EMIT_OBJ) {
        /* --emit obj: the image as OUTPUT.fs.o beside the object */
        char *obj = arena_printf(&c->arena, "%s.fs.o", c->output);
        if (!kiln_embed_dir_assemble(t->cc, t->mflags, s, obj, err,
                                     sizeof err))
            s = NULL;
    }
    if (!s) {
        fprintf(stderr, "kiln: error: %s\n", err);
        exit(1);
    }
    kiln_target_set_embed_fs(s);
}

static int cmd_build(Cli *c, Diag *diag)
{
    if (!c->input)
        cli_fail("%s", "`kiln build` needs an input module");
    if (!c->output)
        cli_fail("%s", "`kiln build` needs an output file (-o FILE)");
    apply_target(c);
    embed_dirs(c);
    KilnWasiConfig baked;
    wasi_config(c, &baked, NULL);
    baked.argc = 0; /* an executable's arguments are its own argv */
    baked.argv = NULL;
    if (c->build.emit == KILN_EMIT_EXE)
        c->build.cg.exe_config = &baked;
    if (c->build.emit == KILN_EMIT_SHARED) {
        c->build.cg.pic = true;
        c->build.allow_dynamic_imports = true;
    }
    size_t size;
    uint8_t *bytes = kiln_read_file(c->input, &size, diag);
    if (!bytes)
        return 1;
    bool ok = kiln_compile_bytes(c->input, bytes, size, &c->build, c->output,
                                 diag);
    free(bytes);
    return ok ? 0 : 1;
}

/* The cache directory: $KILN_CACHE_DIR, $XDG_CACHE_HOME/kiln or
 * ~/.cache/kiln, created on demand. */
static const char *cache_dir(Arena *a)
{
    const char *dir = getenv("KILN_CACHE_DIR");
    if (!dir || !*dir) {
        const char *xdg = getenv("XDG_CACHE_HOME");
        const char *home = getenv("HOME");
        if (xdg && *xdg)
            dir = arena_printf(a, "%s/kiln", xdg);
        else if (home && *home)
            dir = arena_printf(a, "%s/.cache/kiln", home);
        else
            dir = "/tmp/kiln-cache";
    }
    char *p = arena_strndup(a, dir, strlen(dir));
    for (char *s = p + 1;; s++) {
        if (*s == '/' || *s == 0) {
            char save = *s;
            *s = 0;
            mkdir(p, 0755);
            *s = save;
            if (!save)
                break;
        }
    }
    return p;
}

/* Compiles the input into the cache (key: input bytes, kiln version, every
 * option that changes the code) and returns the shared object's path. */
static const char *compile_cached(Cli *c, Diag *diag, bool *component)
{
    size_t size;
    uint8_t *bytes = kiln_read_file(c->input, &size, diag);
    if (!bytes)
        return NULL;
    *component = kiln_is_component(bytes, size);
    KilnBuild *b = &c->build;
    b->emit = KILN_EMIT_SHARED;
    b->cg.pic = true;
    b->allow_dynamic_imports = false;
    Sha256 h;
    sha256_init(&h);
    sha256_update(&h, bytes, size);
    char *key = arena_printf(&c->arena, "kiln %s llvm %s O%d s%d bounds %d stack %d "
                             "target %s mm %d unknown-trap %d", KILN_VERSION,
                             KILN_LLVM_VERSION,
                             b->cg.opt_level, b->cg.size_level,
                             (int)b->cg.bounds,
                             (int)b->cg.stack_check,
                             b->cg.triple ? b->cg.triple : "host",
                             (int)b->features.multi_memory,
                             (int)b->unknown_imports_trap);
    sha256_update(&h, key, strlen(key) + 1);
    /* A rebuilt kiln may generate different code under the same version:
     * the compiler binary's identity is part of the key too. */
    struct stat self;
    if (stat("/proc/self/exe", &self) == 0) {
        long long id[3] = {(long long)self.st_size, (long long)self.st_mtime,
                           (long long)self.st_ino};
        sha256_update(&h, id, sizeof id);
    }
    uint8_t digest[32];
    char hex[65];
    sha256_final(&h, digest);
    sha256_hex(digest, hex);
    const char *dir = cache_dir(&c->arena);
    char *path = arena_printf(&c->arena, "%s/%s.so", dir, hex);
    if (!c->no_cache && !b->cg.dump_ir && access(path, R_OK) == 0) {
        free(bytes);
        return path;
    }
    /* Build beside the final name, then rename: concurrent runs never see
     * a half-written object. */
    char *tmp = arena_printf(&c->arena, "%s/.%s.%d.tmp", dir, hex, (int)getpid());
    bool ok = kiln_compile_bytes(c->input, bytes, size, b, tmp, diag);
    free(bytes);
    if (!ok) {
        unlink(tmp);
        return NULL;
    }
    if (rename(tmp, path) != 0) {
        diag_error(diag, path, "cannot write to the cache: %s", strerror(errno));
        unlink(tmp);
        return NULL;
    }
    return path;
}

static int cmd_run(Cli *c, Diag *diag)
{
    if (!c->input)
        cli_fail("%s", "`kiln run` needs an input module");
    if (c->target && !(kiln_target_find(c->target) &&
                       kiln_target_find(c->target)->host))
        cli_fail("`kiln run` runs modules on this host only; use `kiln build "
                 "--target %s` and run the executable there", c->target);
    bool component = false;
    const char *so = compile_cached(c, diag, &component);
    if (!so)
        return 1;
    void *handle;
    const char *base = strrchr(c->input, '/');
    if (component) {
        const KilnComponentDesc *cd =
            kiln_load_shared_component(so, &handle, diag);
        if (!cd)
            return 1;
        KilnWasiConfig w;
        wasi_config(c, &w, base ? base + 1 : c->input);
        if (c->invoke)
            return kiln_invoke_component_main(cd, &w, c->input, c->invoke);
        int served;
        if (kiln_serve_run(cd, &w, &served))
            return served;
        if (cd->run_export < 0) {
            diag_error(diag, c->input, "the component exports no `wasi:cli/run` "
                       "function to run (call one of its exports with "
                       "--invoke 'name(args)')");
            return 1;
        }
        return kiln_component_run(cd, &w);
    }
    const KilnModuleDesc *desc = kiln_load_shared(so, &handle, diag);
    if (!desc)
        return 1;
    KilnWasiConfig w;
    wasi_config(c, &w, base ? base + 1 : c->input);
    if (c->invoke)
        return kiln_invoke_main(desc, &w, c->input, c->invoke,
                                (const char *const *)c->guest_args,
                                c->nguest_args);
    return kiln_rt_run(desc, &w);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return 1;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("kiln %s (LLVM %s)\n", KILN_VERSION, KILN_LLVM_VERSION);
        return 0;
    }
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 ||
        strcmp(cmd, "-h") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "wit") == 0)
        return kiln_cmd_wit(argc - 1, argv + 1);
    if (strcmp(cmd, "targets") == 0)
        return kiln_targets_print(stdout);
    if (strcmp(cmd, "bindgen") == 0)
        return kiln_cmd_bindgen(argc - 1, argv + 1);
    if (strcmp(cmd, "serve") == 0) /* cmd_serve.c: `run` that serves */
        kiln_serve_args(&argc, argv), cmd = argv[1];
    Cli c;
    memset(&c, 0, sizeof c);
    arena_init(&c.arena);
    kiln_build_default(&c.build);
    c.command = cmd;
    Diag diag;
    diag_init(&diag, stderr);
    int status;
    if (strcmp(cmd, "build") == 0) {
        parse_cli(&c, argc, argv);
        status = cmd_build(&c, &diag);
    } else if (strcmp(cmd, "run") == 0) {
        parse_cli(&c, argc, argv);
        status = cmd_run(&c, &diag);
    } else {
        cli_fail("unknown command `%s`", cmd);
    }
    free(c.preopens);
    free(c.net_allow);
    free(c.env);
    arena_free(&c.arena);
    return status;
}
