/* test_memory.c: linear memories and tables: creation, memory.grow and
 * table.grow semantics (old size or -1, maximum respected, host refusal
 * is -1 not a crash), and the bulk helpers' bounds rules (checked before
 * any write, zero length at the end allowed, dropped segments act as
 * length 0). */
#include "core.h"
#include "rt_test.h"

#include <stdlib.h>
#include <string.h>

/* ---- allocation failure injection ---- */
static int allow_allocs = -1; /* -1: unlimited */

static void *failing_alloc(void *ud, void *ptr, size_t size)
{
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    if (allow_allocs == 0)
        return NULL;
    if (allow_allocs > 0)
        allow_allocs--;
    return realloc(ptr, size);
}

/* ---- guarded calls of the bulk helpers ---- */
typedef struct Op {
    int kind;
    KilnVmctx *vm;
    KilnMemory *m1, *m2;
    KilnTable *t1, *t2;
    uint64_t a, b, len;
} Op;

static void run_op(void *arg)
{
    Op *o = arg;
    switch (o->kind) {
    case 0: kiln_rt_memory_fill(o->m1, o->a, 0xab, o->len); break;
    case 1: kiln_rt_memory_copy(o->m1, o->m2, o->a, o->b, o->len); break;
    case 2: kiln_rt_memory_init(o->vm, 0, 0, o->a, (uint32_t)o->b,
                                (uint32_t)o->len); break;
    case 3: kiln_rt_table_fill(o->t1, (uint32_t)o->a, o->vm,
                               (uint32_t)o->len); break;
    case 4: kiln_rt_table_copy(o->t1, o->t2, (uint32_t)o->a, (uint32_t)o->b,
                               (uint32_t)o->len); break;
    case 5: kiln_rt_table_init(o->vm, 0, 0, (uint32_t)o->a, (uint32_t)o->b,
                               (uint32_t)o->len); break;
    }
}

static KilnTrap op(Op o)
{
    return kiln_rt_call_guarded(run_op, &o, NULL);
}

static void test_guard_memory(void)
{
    KilnMemory *m = kiln_memory_new(1, 3, true, false);
    CHECK(m && m->reserved == KILN_GUARD_RESERVATION);
    CHECK(m->size == KILN_WASM_PAGE && m->max_pages == 3 && m->has_max);
    uint8_t *base = m->base;
    base[0] = 1;
    base[KILN_WASM_PAGE - 1] = 2;
    CHECK(kiln_rt_memory_grow(m, 0) == 1);
    CHECK(kiln_rt_memory_grow(m, 2) == 1);
    CHECK(m->base == base && m->size == 3 * KILN_WASM_PAGE);
    base[3 * KILN_WASM_PAGE - 1] = 3;
    CHECK(base[0] == 1 && base[KILN_WASM_PAGE - 1] == 2);
    CHECK(base[KILN_WASM_PAGE] == 0);
    CHECK(kiln_rt_memory_grow(m, 1) == -1);
    CHECK(kiln_rt_memory_grow(m, UINT64_MAX) == -1);
    CHECK(m->size == 3 * KILN_WASM_PAGE);
    kiln_memory_free(m);

    /* no max: the index type's 65536, but kiln caps 32-bit memories at
     * 65535 pages (memory.c; the code generator's no-wrap facts) */
    m = kiln_memory_new(0, 0, false, false);
    CHECK(m && m->size == 0 && m->max_pages == 65536 && !m->has_max);
    CHECK(kiln_rt_memory_grow(m, 65537) == -1);
    CHECK(kiln_rt_memory_grow(m, 65536) == -1);
    CHECK(kiln_rt_memory_grow(m, 65535) == 0); /* 4 GiB - 64 KiB */
    CHECK(m->size == ((uint64_t)4 << 30) - KILN_WASM_PAGE);
    m->base[m->size - 1] = 7;
    CHECK(kiln_rt_memory_grow(m, 1) == -1);
    kiln_memory_free(m);
    CHECK(kiln_memory_new(2, 1, true, false) == NULL);
    CHECK(kiln_memory_new(65536, 65536, true, false) == NULL);
}

static void test_explicit_memory(void)
{
    KilnMemory *m = kiln_mem_create(1, 10, true, false, false);
    CHECK(m && m->reserved == 0 && m->size == KILN_WASM_PAGE);
    m->base[5] = 9;
    CHECK(kiln_rt_memory_grow(m, 2) == 1);
    CHECK(m->base[5] == 9 && m->base[2 * KILN_WASM_PAGE] == 0);
    kiln_rt_set_allocator(failing_alloc, NULL);
    allow_allocs = 0; /* the host refuses: -1, memory unchanged */
    CHECK(kiln_rt_memory_grow(m, 1) == -1);
    CHECK(m->size == 3 * KILN_WASM_PAGE && m->base[5] == 9);
    allow_allocs = -1;
    CHECK(kiln_rt_memory_grow(m, 1) == 3);
    kiln_rt_set_allocator(NULL, NULL);
    kiln_memory_free(m);

    KilnMemory *m64 = kiln_memory_new(1, 0, false, true);
    CHECK(m64 && m64->is64 && m64->reserved == 0);
    CHECK(m64->max_pages == (uint64_t)1 << 48);
    CHECK(kiln_rt_memory_grow(m64, (uint64_t)1 << 48) == -1);
    CHECK(kiln_rt_memory_grow(m64, 1) == 1);
    kiln_memory_free(m64);
}

static void test_memory_bulk(void)
{
    KilnMemory *m = kiln_memory_new(1, 1, true, false);
    KilnMemory *e = kiln_mem_create(1, 1, true, false, false);
    uint64_t end = KILN_WASM_PAGE;
    CHECK(op((Op){0, .m1 = m, .a = 10, .len = 4}) == KILN_TRAP_NONE);
    CHECK(m->base[10] == 0xab && m->base[13] == 0xab && m->base[14] == 0);
    CHECK(op((Op){0, .m1 = m, .a = end, .len = 0}) == KILN_TRAP_NONE);
    CHECK(op((Op){0, .m1 = m, .a = end + 1, .len = 0}) ==
          KILN_TRAP_MEMORY_OOB);
    /* out of bounds: nothing written, even the in-bounds prefix */
    CHECK(op((Op){0, .m1 = m, .a = end - 2, .len = 3}) ==
          KILN_TRAP_MEMORY_OOB);
    CHECK(m->base[end - 2] == 0);
    CHECK(op((Op){0, .m1 = m, .a = 1, .len = UINT64_MAX}) ==
          KILN_TRAP_MEMORY_OOB);
    /* copy, overlapping and across memories of both kinds */
    CHECK(op((Op){1, .m1 = m, .m2 = m, .a = 11, .b = 10, .len = 4}) ==
          KILN_TRAP_NONE);
    CHECK(m->base[10] == 0xab && m->base[14] == 0xab && m->base[15] == 0);
    CHECK(op((Op){1, .m1 = e, .m2 = m, .a = 0, .b = 10, .len = 5}) ==
          KILN_TRAP_NONE);
    CHECK(e->base[4] == 0xab);
    CHECK(op((Op){1, .m1 = e, .m2 = m, .a = end, .b = end, .len = 0}) ==
          KILN_TRAP_NONE);
    CHECK(op((Op){1, .m1 = e, .m2 = m, .a = 0, .b = end - 1, .len = 2}) ==
          KILN_TRAP_MEMORY_OOB);
    CHECK(op((Op){1, .m1 = e, .m2 = m, .a = end - 1, .b = 0, .len = 2}) ==
          KILN_TRAP_MEMORY_OOB);

    /* memory.init through a vmctx with one passive data segment */
    static const uint8_t bytes[] = {1, 2, 3, 4};
    KilnMemory *mems[] = {m};
    KilnDataSeg datas[] = {{bytes, 4}};
    KilnVmctx vm = {.memories = mems, .datas = datas};
    CHECK(op((Op){2, .vm = &vm, .a = 100, .b = 1, .len = 3}) ==
          KILN_TRAP_NONE);
    CHECK(m->base[100] == 2 && m->base[102] == 4);
    CHECK(op((Op){2, .vm = &vm, .a = 200, .b = 4, .len = 0}) ==
          KILN_TRAP_NONE);
    CHECK(op((Op){2, .vm = &vm, .a = 200, .b = 2, .len = 3}) ==
          KILN_TRAP_MEMORY_OOB);
    CHECK(m->base[200] == 0);
    CHECK(op((Op){2, .vm = &vm, .a = end, .b = 0, .len = 0}) ==
          KILN_TRAP_NONE);
    CHECK(op((Op){2, .vm = &vm, .a = end - 1, .b = 0, .len = 2}) ==
          KILN_TRAP_MEMORY_OOB);
    kiln_rt_data_drop(&vm, 0);
    CHECK(op((Op){2, .vm = &vm, .a = 0, .b = 0, .len = 0}) ==
          KILN_TRAP_NONE);
    CHECK(op((Op){2, .vm = &vm, .a = 0, .b = 0, .len = 1}) ==
          KILN_TRAP_MEMORY_OOB);
    kiln_memory_free(m);
    kiln_memory_free(e);
}

static void test_tables(void)
{
    KilnTable *t = kiln_table_new(KILN_FUNCREF, 2, 4, true);
    CHECK(t && t->size == 2 && t->max == 4 && t->elems[1] == NULL);
    int x;
    CHECK(kiln_rt_table_grow(t, &x, 1) == 2);
    CHECK(t->size == 3 && t->elems[2] == &x && t->elems[1] == NULL);
    CHECK(kiln_rt_table_grow(t, NULL, 2) == -1);
    CHECK(kiln_rt_table_grow(t, NULL, 0) == 3);
    kiln_rt_set_allocator(failing_alloc, NULL);
    allow_allocs = 0;
    CHECK(kiln_rt_table_grow(t, NULL, 1) == -1 && t->size == 3);
    allow_allocs = -1;
    kiln_rt_set_allocator(NULL, NULL);

    KilnVmctx vm = {0};
    CHECK(op((Op){3, .vm = &vm, .t1 = t, .a = 0, .len = 2}) ==
          KILN_TRAP_NONE);
    CHECK(t->elems[0] == &vm && t->elems[1] == &vm && t->elems[2] == &x);
    CHECK(op((Op){3, .vm = NULL, .t1 = t, .a = 3, .len = 0}) ==
          KILN_TRAP_NONE);
    CHECK(op((Op){3, .vm = NULL, .t1 = t, .a = 2, .len = 2}) ==
          KILN_TRAP_TABLE_OOB);
    CHECK(t->elems[2] == &x);
    CHECK(op((Op){4, .t1 = t, .t2 = t, .a = 1, .b = 2, .len = 1}) ==
          KILN_TRAP_NONE);
    CHECK(t->elems[1] == &x);
    CHECK(op((Op){4, .t1 = t, .t2 = t, .a = 2, .b = 0, .len = 2}) ==
          KILN_TRAP_TABLE_OOB);

    /* table.init / elem.drop through a vmctx: a fake descriptor gives the
     * segment's length to kiln_rt_elem_items */
    KilnSegDesc seg = {NULL, 2};
    KilnModuleDesc desc = {.nelems = 1, .elems = &seg};
    KilnTable *tabs[] = {t};
    KilnElemSeg elems[1] = {{0}};
    KilnVmctx v2 = {.desc = &desc, .tables = tabs, .elems = elems};
    void **items = kiln_rt_elem_items(&v2, 0);
    CHECK(items && elems[0].count == 2 && items[0] == NULL);
    items[0] = &seg;
    items[1] = &desc;
    CHECK(op((Op){5, .vm = &v2, .a = 1, .b = 0, .len = 2}) ==
          KILN_TRAP_NONE);
    CHECK(t->elems[1] == &seg && t->elems[2] == &desc);
    CHECK(op((Op){5, .vm = &v2, .a = 2, .b = 0, .len = 2}) ==
          KILN_TRAP_TABLE_OOB);
    CHECK(op((Op){5, .vm = &v2, .a = 0, .b = 1, .len = 2}) ==
          KILN_TRAP_TABLE_OOB);
    CHECK(t->elems[0] == &vm);
    kiln_rt_elem_drop(&v2, 0);
    CHECK(op((Op){5, .vm = &v2, .a = 0, .b = 0, .len = 0}) ==
          KILN_TRAP_NONE);
    CHECK(op((Op){5, .vm = &v2, .a = 0, .b = 0, .len = 1}) ==
          KILN_TRAP_TABLE_OOB);
    kiln_table_free(t);

    KilnTable *u = kiln_table_new(KILN_EXTERNREF, 0, 0, false);
    CHECK(u && u->max == UINT32_MAX && !u->has_max);
    CHECK(kiln_rt_table_grow(u, NULL, 10) == 0 && u->size == 10);
    kiln_table_free(u);
}

int main(void)
{
    kiln_rt_init_thread();
    test_guard_memory();
    test_explicit_memory();
    test_memory_bulk();
    test_tables();
    return TEST_RESULT();
}
