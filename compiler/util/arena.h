/* Arena allocation: one arena per input for decoded data, scratch arenas
 * reset per function.  Allocation failure is fatal (kiln_oom). */
#ifndef KILN_UTIL_ARENA_H
#define KILN_UTIL_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
    ArenaBlock *head;
    size_t used;  /* bytes used in head */
    size_t total; /* bytes handed out over the arena's life */
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
/* Frees every block but the first, keeping it for reuse. */
void arena_reset(Arena *a);
/* Zeroed, aligned to 16 bytes. */
void *arena_alloc(Arena *a, size_t size);
void *arena_array(Arena *a, size_t count, size_t elem_size);
char *arena_strndup(Arena *a, const char *s, size_t len);
char *arena_printf(Arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Growable array in plain malloc memory, for builders whose final size is
 * unknown.  Fatal on overflow or allocation failure. */
void *kiln_grow(void *ptr, size_t *cap, size_t need, size_t elem_size);

#endif
