/* memory.c: static placement of linear memories in RAM (the embedded
 * profile).  The linker script sets aside the region
 * [__kiln_memory_start, __kiln_memory_end), sized by `kiln build
 * --max-memory` (symbol __kiln_max_memory).  Through the runtime's
 * allocation hook (kiln_rt_set_allocator), every allocation whose size is
 * a whole number of 64 KiB wasm pages -- linear memories in explicit
 * mode -- is placed in that region, stacked one after the other; the last
 * one grows in place, others move to the top.  When the region is full
 * the allocation fails, so memory.grow returns -1 beyond --max-memory.
 * Everything else (instances, tables, small memories) uses malloc.
 */
#include "kiln_rt.h"

#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern char __kiln_memory_start[], __kiln_memory_end[];

enum { PAGE = 65536, MAX_BLOCKS = 16 };

typedef struct Block {
    char *base;
    size_t size;
    bool live;
} Block;

static Block blocks[MAX_BLOCKS];
static unsigned nblocks;

static char *top(void)
{
    return nblocks ? blocks[nblocks - 1].base + blocks[nblocks - 1].size
                   : __kiln_memory_start;
}

static Block *find(void *p)
{
    for (unsigned i = 0; i < nblocks; i++)
        if (blocks[i].live && blocks[i].base == p)
            return &blocks[i];
    return NULL;
}

static void release(Block *b)
{
    b->live = false;
    while (nblocks && !blocks[nblocks - 1].live)
        nblocks--;
}

static void *place(size_t size)
{
    char *at = top();
    if (nblocks == MAX_BLOCKS || size > (size_t)(__kiln_memory_end - at))
        return NULL;
    blocks[nblocks++] = (Block){at, size, true};
    return at;
}

static void *bm_alloc(void *ud, void *ptr, size_t size)
{
    Block *b = ptr ? find(ptr) : NULL;
    if (size == 0) {
        if (b)
            release(b);
        else
            free(ptr);
        return NULL;
    }
    if (b) {
        if (b == &blocks[nblocks - 1]) {
            if (size > (size_t)(__kiln_memory_end - b->base))
                return NULL;
            b->size = size;
            return b->base;
        }
        if (size <= b->size)
            return b->base;
        char *n = place(size);
        if (n) {
            memcpy(n, b->base, b->size);
            release(b);
        }
        return n;
    }
    if (size % PAGE != 0)
        return realloc(ptr, size);
    char *n = place(size);
    if (n && ptr) {
        size_t old = malloc_usable_size(ptr);
        memcpy(n, ptr, old < size ? old : size);
        free(ptr);
    }
    return n;
}

void kiln_bm_alloc_init(void)
{
    kiln_rt_set_allocator(bm_alloc, NULL);
}
