/* The supported targets (see targets.h).  Cross targets use Debian's
 * cross toolchains (gcc-<triple>, libc6-dev-<arch>-cross) to link, and a
 * libkilnrt.a that the meson build makes with the same cross compiler
 * when it is installed (runtime/cross/).  32-bit targets have no room for
 * the 8 GiB guard reservation of a 32-bit memory, so they use explicit
 * bounds checks.
 *
 * The Cortex-M targets link bare-metal firmware with arm-none-eabi-gcc
 * and newlib-nano against libkilnrt-<triple>.a built in the `embedded`
 * profile (runtime/baremetal/: vector table, reset handler, semihosting,
 * weak platform hooks) and the linker script of their default board, an
 * Arm MPS2 as QEMU emulates it (docs/architecture.md, "Cross targets").
 */
#include "driver/targets.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "driver/pipeline.h"
#include "kiln_config.h"

static const KilnTarget targets[] = {
    {.name = "x86_64-linux-gnu",
     .aliases = "host x86_64 x86_64-unknown-linux-gnu x86_64-pc-linux-gnu",
     .cc = KILN_CC, .packages = "gcc", .guard_bounds = true, .host = true},
    {.name = "aarch64-linux-gnu",
     .aliases = "aarch64 arm64 aarch64-unknown-linux-gnu arm64-linux-gnu",
     .llvm_triple = "aarch64-unknown-linux-gnu", .cpu = "generic",
     .features = "+neon", .cc = "aarch64-linux-gnu-gcc",
     .packages = "gcc-aarch64-linux-gnu libc6-dev-arm64-cross",
     .qemu = "qemu-aarch64", .guard_bounds = true},
    /* Debian armhf: ARMv7-A, Thumb-2, VFPv3-D16, hard-float calls; the
     * gnueabihf environment of the triple selects the hard-float ABI and
     * its build attributes (Tag_ABI_VFP_args). */
    {.name = "arm-linux-gnueabihf",
     .aliases = "armhf armv7 armv7-linux-gnueabihf "
                "armv7-unknown-linux-gnueabihf armv7a-linux-gnueabihf",
     .llvm_triple = "armv7-unknown-linux-gnueabihf", .cpu = "generic",
     .features = "+v7,+thumb2,+vfp3d16,-d32,-neon", .cc = "arm-linux-gnueabihf-gcc",
     .packages = "gcc-arm-linux-gnueabihf libc6-dev-armhf-cross",
     .qemu = "qemu-arm", .guard_bounds = false,
     .note = NULL},
    {.name = "riscv64-linux-gnu",
     .aliases = "riscv64 riscv64gc riscv64-unknown-linux-gnu",
     .llvm_triple = "riscv64-unknown-linux-gnu", .cpu = "generic-rv64",
     .features = "+m,+a,+f,+d,+c", .abi = "lp64d",
     .cc = "riscv64-linux-gnu-gcc",
     .packages = "gcc-riscv64-linux-gnu libc6-dev-riscv64-cross",
     .qemu = "qemu-riscv64", .guard_bounds = true,
     .note = "return_call is a guaranteed tail call only between functions "
             "of one signature with at most 11 integer and 20 float "
             "parameters (LLVM 19 has no RISC-V tailcc)"},
    /* Cortex-M4F: ARMv7E-M, Thumb-2 only, single-precision FPv4 (f64 in
     * software), hard-float calls; board MPS2 AN386. */
    {.name = "thumbv7em-none-eabihf",
     .aliases = "cortex-m4 cortex-m4f thumbv7em-unknown-none-eabihf",
     .llvm_triple = "thumbv7em-unknown-none-eabihf", .cpu = "cortex-m4",
     .features = "+vfp4d16sp,-fp64", .cc = "arm-none-eabi-gcc",
     .packages = "gcc-arm-none-eabi libnewlib-arm-none-eabi",
     .guard_bounds = false,
     .mflags = "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16",
     .board = "mps2-an386",
     .note = "bare metal: no filesystem; stdout, stderr and exit through "
             "semihosting or the weak kiln_platform_* hooks"},
    /* Cortex-M3: ARMv7-M, no FPU (soft-float calls); board MPS2 AN385. */
    {.name = "thumbv7m-none-eabi",
     .aliases = "cortex-m3 thumbv7m-unknown-none-eabi",
     .llvm_triple = "thumbv7m-unknown-none-eabi", .cpu = "cortex-m3",
     .features = NULL, .cc = "arm-none-eabi-gcc",
     .packages = "gcc-arm-none-eabi libnewlib-arm-none-eabi",
     .guard_bounds = false,
     .mflags = "-mcpu=cortex-m3 -mthumb -mfloat-abi=soft",
     .board = "mps2-an385",
     .note = "bare metal: no filesystem; stdout, stderr and exit through "
             "semihosting or the weak kiln_platform_* hooks; return_call "
             "is not a guaranteed tail call (soft-float calls)"},
};

enum { NTARGETS = sizeof targets / sizeof *targets };

size_t kiln_target_count(void)
{
    return NTARGETS;
}

const KilnTarget *kiln_target_at(size_t i)
{
    return i < NTARGETS ? &targets[i] : NULL;
}

/* Is `name` one of the space-separated words of `list`? */
static bool in_list(const char *list, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, name, n) == 0)
            return true;
        p = end ? end + 1 : NULL;
    }
    return false;
}

const KilnTarget *kiln_target_find(const char *name)
{
    if (!name)
        return &targets[0];
    for (size_t i = 0; i < NTARGETS; i++) {
        const KilnTarget *t = &targets[i];
        if (strcmp(t->name, name) == 0 || in_list(t->aliases, name) ||
            (t->llvm_triple && strcmp(t->llvm_triple, name) == 0))
            return t;
    }
    return NULL;
}

bool kiln_target_runtime(const KilnTarget *t, char *buf, size_t size)
{
    if (t->host)
        snprintf(buf, size, "%s/libkilnrt.a", kiln_runtime_dir());
    else
        snprintf(buf, size, "%s/cross/libkilnrt-%s.a", kiln_runtime_dir(),
                 t->name);
    return access(buf, R_OK) == 0;
}

static uint64_t max_memory;

void kiln_target_set_max_memory(uint64_t bytes)
{
    max_memory = bytes;
}

static uint64_t stack_size, heap_size;

void kiln_target_set_stack_size(uint64_t bytes)
{
    stack_size = bytes;
}

void kiln_target_set_heap_size(uint64_t bytes)
{
    heap_size = bytes;
}

static const char *embed_fs;

void kiln_target_set_embed_fs(const char *asm_path)
{
    embed_fs = asm_path;
}

size_t kiln_target_link_args(const KilnTarget *t, const char *rt,
                             const char **argv, size_t cap)
{
    static char flags[256], script[PATH_MAX + 32], defsym[64], stack[64],
                heap[64];
    size_t n = 0;
    if (!t->board) {
        const char *const hosted[] = {rt, "-lm", "-lpthread"};
        for (size_t i = 0; i < 3 && n < cap; i++)
            argv[n++] = hosted[i];
        return n;
    }
    snprintf(flags, sizeof flags, "%s", t->mflags);
    for (char *p = strtok(flags, " "); p && n < cap; p = strtok(NULL, " "))
        argv[n++] = p;
    if (embed_fs && n < cap) /* --embed-dir: the image, before the runtime */
        argv[n++] = embed_fs;
    /* the linker script sits beside the runtime archive */
    const char *slash = strrchr(rt, '/');
    snprintf(script, sizeof script, "-T%.*s/kiln-%s.ld",
             slash ? (int)(slash - rt) : 1, slash ? rt : ".", t->board);
    /* newlib's system calls live in the runtime archive: one group */
    const char *const common[] = {
        "--specs=nano.specs", "-nostartfiles", "-Wl,--gc-sections",
        "-Wl,--no-warn-rwx-segments", "-Wl,--no-warn-execstack", script,
        "-Wl,--start-group", rt, "-lc", "-lm", "-Wl,--end-group"};
    for (size_t i = 0; i < sizeof common / sizeof *common && n < cap; i++)
        argv[n++] = common[i];
    if (max_memory && n < cap) {
        snprintf(defsym, sizeof defsym, "-Wl,--defsym=__kiln_max_memory=%llu",
                 (unsigned long long)max_memory);
        argv[n++] = defsym;
    }
    if (stack_size && n < cap) {
        snprintf(stack, sizeof stack, "-Wl,--defsym=__kiln_stack_size=%llu",
                 (unsigned long long)stack_size);
        argv[n++] = stack;
    }
    if (heap_size && n < cap) {
        snprintf(heap, sizeof heap, "-Wl,--defsym=__kiln_heap_size=%llu",
                 (unsigned long long)heap_size);
        argv[n++] = heap;
    }
    return n;
}

/* Is `prog` an executable on PATH (or a path to one)? */
static bool on_path(const char *prog)
{
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0;
    const char *path = getenv("PATH");
    char buf[PATH_MAX];
    for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
        const char *end = strchr(p, ':');
        int len = end ? (int)(end - p) : (int)strlen(p);
        snprintf(buf, sizeof buf, "%.*s/%s", len, len ? p : ".", prog);
        if (access(buf, X_OK) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

bool kiln_target_has_cc(const KilnTarget *t)
{
    return on_path(t->cc);
}

static void print_bounds(FILE *out, const KilnTarget *t)
{
    if (t->guard_bounds)
        fputs("bounds: guard pages (default) or explicit", out);
    else
        fputs("bounds: explicit only (32-bit: no room for guard regions)", out);
}

int kiln_targets_print(FILE *out)
{
    for (size_t i = 0; i < NTARGETS; i++) {
        const KilnTarget *t = &targets[i];
        char rt[PATH_MAX + 64];
        bool has_rt = kiln_target_runtime(t, rt, sizeof rt);
        fprintf(out, "%s%s: ", t->name, t->host ? " (host)" : "");
        if (!kiln_target_has_cc(t)) {
            fprintf(out, "missing %s (apt-get install %s)\n", t->cc,
                    t->packages);
            continue;
        }
        if (!has_rt) {
            fprintf(out, "missing the runtime %s (install %s, then "
                    "reconfigure and rebuild kiln)\n", rt, t->packages);
            continue;
        }
        fputs("ready; ", out);
        print_bounds(out, t);
        if (t->qemu)
            fprintf(out, "; run with %s -L /usr/%s%s", t->qemu, t->name,
                    on_path(t->qemu) ? "" : " (missing: apt-get install "
                    "qemu-user)");
        if (t->board)
            fprintf(out, "; board %s: run with qemu-system-arm -M %s "
                    "-semihosting -nographic -kernel APP%s", t->board,
                    t->board, on_path("qemu-system-arm") ? "" :
                    " (missing: apt-get install qemu-system-arm)");
        if (t->note)
            fprintf(out, "; %s", t->note);
        if (!t->host && !t->board)
            fputs("; no wasi:http/outgoing-handler (no libcurl for it)", out);
        fputc('\n', out);
    }
    return 0;
}
