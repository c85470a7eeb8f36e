/* Arena allocator: a singly linked list of blocks, bump allocation. */
#include "util/arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/diag.h"

struct ArenaBlock {
    ArenaBlock *next;
    size_t size;
    _Alignas(16) unsigned char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

void arena_init(Arena *a)
{
    memset(a, 0, sizeof *a);
}

void arena_free(Arena *a)
{
    ArenaBlock *b = a->head;
    while (b) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    memset(a, 0, sizeof *a);
}

void arena_reset(Arena *a)
{
    ArenaBlock *b = a->head;
    if (!b)
        return;
    while (b->next) {
        ArenaBlock *next = b->next;
        free(b);
        b = next;
    }
    a->head = b;
    a->used = 0;
}

void *arena_alloc(Arena *a, size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size == 0)
        size = 16;
    if (!a->head || a->used + size > a->head->size) {
        size_t bsize = size > ARENA_BLOCK / 4 ? size : ARENA_BLOCK;
        ArenaBlock *b = malloc(sizeof *b + bsize);
        if (!b)
            kiln_oom();
        b->size = bsize;
        /* A large block goes behind the head so the head keeps its room. */
        if (a->head && bsize != ARENA_BLOCK) {
            b->next = a->head->next;
            a->head->next = b;
            a->total += size;
            memset(b->data, 0, size);
            return b->data;
        }
        b->next = a->head;
        a->head = b;
        a->used = 0;
    }
    void *p = a->head->data + a->used;
    a->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

void *arena_array(Arena *a, size_t count, size_t elem_size)
{
    if (elem_size && count > SIZE_MAX / elem_size)
        kiln_oom();
    return arena_alloc(a, count * elem_size);
}

char *arena_strndup(Arena *a, const char *s, size_t len)
{
    char *p = arena_alloc(a, len + 1);
    memcpy(p, s, len);
    p[len] = 0;
    return p;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void *kiln_grow(void *ptr, size_t *cap, size_t need, size_t elem_size)
{
    if (need <= *cap)
        return ptr;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            kiln_oom();
        n *= 2;
    }
    if (n > SIZE_MAX / elem_size)
        kiln_oom();
    void *p = realloc(ptr, n * elem_size);
    if (!p)
        kiln_oom();
    *cap = n;
    return p;
}
