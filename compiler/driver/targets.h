/* The targets kiln builds executables for: the host and the Linux cross
 * targets (Debian's multiarch triples).  One row per target names its
 * LLVM triple, CPU, features and ABI, the C compiler driver that links its
 * executables, where its libkilnrt.a lives, the qemu-user program that
 * runs its executables elsewhere, and whether guard-page bounds work
 * there (64-bit address spaces only).  `kiln targets` prints the table
 * with what is installed and what is missing.
 */
#ifndef KILN_DRIVER_TARGETS_H
#define KILN_DRIVER_TARGETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct KilnTarget {
    const char *name;        /* canonical: the Debian multiarch triple */
    const char *aliases;     /* other accepted names, space separated */
    const char *llvm_triple; /* NULL: LLVM's default (the host) */
    const char *cpu;         /* NULL: LLVM's generic CPU for the triple */
    const char *features;    /* NULL: the code generator's default */
    const char *abi;         /* LLVM target-abi, NULL for the default */
    const char *cc;          /* C compiler driver that links executables */
    const char *packages;    /* Debian packages providing cc and libc */
    const char *qemu;        /* qemu-user program, NULL for the host */
    const char *note;        /* a limitation `kiln targets` mentions */
    bool guard_bounds;       /* guard-page bounds possible (64-bit) */
    bool host;
    /* Bare-metal targets (the `embedded` runtime profile): the C compiler
     * flags of the runtime and of the link, and the QEMU machine of the
     * default board (qemu-system-arm -M board -semihosting). */
    const char *mflags;      /* -mcpu/-mfloat-abi/-mfpu, space separated */
    const char *board;       /* NULL: a Linux target */
} KilnTarget;

/* The target called `name` (canonical name or alias); NULL when unknown.
 * A NULL name is the host. */
const KilnTarget *kiln_target_find(const char *name);

/* Every supported target, for listings and errors. */
size_t kiln_target_count(void);
const KilnTarget *kiln_target_at(size_t i);

/* Writes the path of the target's libkilnrt.a into buf (host:
 * <runtime_dir>/libkilnrt.a, others <runtime_dir>/cross/libkilnrt-<name>.a);
 * true when the file exists. */
bool kiln_target_runtime(const KilnTarget *t, char *buf, size_t size);

/* The link arguments after the objects: the runtime archive `rt` and the
 * libraries (hosted: -lm -lpthread; bare metal: the CPU flags, newlib
 * nano, the board's linker script beside `rt` and the --max-memory size).
 * Fills argv (at most `cap` entries, pointing into static storage);
 * returns the count. */
size_t kiln_target_link_args(const KilnTarget *t, const char *rt,
                             const char **argv, size_t cap);

/* --max-memory: the RAM region of linear memories on bare-metal targets
 * (bytes, a multiple of 64 KiB; 0 keeps the linker script's default). */
void kiln_target_set_max_memory(uint64_t bytes);
/* --stack-size: the native stack of a bare-metal image (0: the linker
 * script's default, 64 KiB). */
void kiln_target_set_stack_size(uint64_t bytes);
/* --heap-size: the runtime's malloc heap there (0: the script's 64 KiB). */
void kiln_target_set_heap_size(uint64_t bytes);

/* --embed-dir: the assembly file defining kiln_embedded_fs
 * (embed_dir.h), linked into bare-metal images; NULL for none. */
void kiln_target_set_embed_fs(const char *asm_path);

/* True when the target's C compiler driver is on PATH. */
bool kiln_target_has_cc(const KilnTarget *t);

/* `kiln targets`: one line per target, what it can build and what is
 * missing.  Returns the exit status. */
int kiln_targets_print(FILE *out);

#endif
