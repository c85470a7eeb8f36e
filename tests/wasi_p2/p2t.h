/* p2t.h: a small component instance for calling the WASI 0.2 host
 * directly, as compiled adapters do.
 *
 * The instance is made by the real runtime (kiln_component_new) from a
 * hand-made descriptor: one core instance with one memory and a
 * `cabi_realloc` export whose C entry is a bump allocator, plus one
 * resource row per host resource type so that tests can drop handles
 * the way the guest's resource.drop does.  Guest memory is read back
 * through t_mem. */
#ifndef KILN_TEST_WASI_P2_H
#define KILN_TEST_WASI_P2_H

#include <stdio.h>
#include <string.h>

#include "wasi_p2/p2.h"

extern KilnComponentInst *t_ci;
extern KilnCanonCx t_cx;
extern int t_failures;

#define T_EQ(a, b)                                                         \
    do {                                                                   \
        long long a_ = (long long)(a), b_ = (long long)(b);                \
        if (a_ != b_) {                                                    \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n",          \
                    __FILE__, __LINE__, #a, a_, b_);                       \
            t_failures++;                                                  \
        }                                                                  \
    } while (0)
#define T_TRUE(x) T_EQ(!!(x), 1)
/* Guest bytes [ptr, ptr+len) equal the C string s (length included). */
#define T_GUEST_STR(ptr, len, s)                                           \
    do {                                                                   \
        if ((len) != strlen(s) || memcmp(t_mem(ptr), (s), strlen(s))) {   \
            fprintf(stderr, "%s:%d: guest string is \"%.*s\", expected "   \
                    "\"%s\"\n", __FILE__, __LINE__, (int)(len),            \
                    (const char *)t_mem(ptr), (s));                        \
            t_failures++;                                                  \
        }                                                                  \
    } while (0)

/* Instantiates with `cfg` (NULL: without WASI); t_cx lowers into the
 * core instance's memory with its realloc, UTF-8. */
void t_setup(const KilnWasiConfig *cfg);
/* Frees the instance (dropping every live host object). */
void t_finish(void);
/* main's exit status: 1 after any failed check. */
int t_result(void);

uint8_t *t_mem(uint32_t addr);
uint32_t t_ld32(uint32_t addr);
/* How many bytes realloc has handed out so far. */
uint32_t t_allocated(void);
/* The guest's realloc calls since t_log_reset: alignment and size of
 * each, in order (at most 64 kept). */
typedef struct TAlloc {
    uint32_t align, size;
} TAlloc;
extern TAlloc t_log[64];
extern uint32_t t_nlog;
void t_log_reset(void);
/* canon resource.drop of host handle h (a KilnHostResource type). */
void t_drop(uint32_t host_type, uint32_t h);
/* Is h a live handle of that type?  (borrow under a trap guard) */
bool t_live(uint32_t host_type, uint32_t h);

/* Runs fn(arg) under a trap guard: the trap kind, with its message in
 * t_trap_message (and the exit status of kiln_rt_exit in
 * t_exit_status). */
KilnTrap t_guard(void (*fn)(void *), void *arg);
extern char t_trap_message[256];
extern int t_exit_status;

/* A pipe with both ends non-inheritable: p[0] read, p[1] write. */
void t_pipe(int p[2]);

#endif
