/* test_memimage.c: the server's copy-on-write memory images
 * (runtime/core/memimage.c) on hand-made descriptors: the first instance
 * records, later ones map the image (a memfd mapping inside their memory,
 * seen in /proc/self/maps) and read the initial bytes; writes of one
 * instance never reach another; an offset that changes between instances
 * (an imported global) falls back to copying with the image's pages
 * zeroed again; a descriptor with a start function, or with less than
 * 64 KiB of data, is never imaged. */
#include "kiln_rt.h"
#include "core.h"
#include "../runtime/rt_test.h"

#include <stdlib.h>
#include <string.h>

#define PAGE 65536u
#define SEG0 (1u << 20)

static uint8_t seg0[SEG0];
static const uint8_t seg1[] = "tail";

static void init(KilnVmctx *vm)
{
    uint64_t at = (uint32_t)vm->globals[0]->value.i32;
    kiln_rt_memory_init(vm, 0, 0, at, 0, (uint32_t)vm->desc->datas[0].len);
    kiln_rt_data_drop(vm, 0);
    kiln_rt_memory_init(vm, 0, 1, 40 * PAGE + 3, 0, sizeof seg1);
    kiln_rt_data_drop(vm, 1);
}

static const KilnImportDesc imports[] = {
    {"e", "g", 1, 1, KILN_EXTERN_GLOBAL, 0, NULL, KILN_I32, 0, {0, 0, 0, 0}}};
static const KilnMemoryDesc mems[] = {{0, 0, {48, 0, 0, 0}}};
static const KilnGlobalDesc globs[] = {{KILN_I32, 0, 1, 0}};
static const KilnSegDesc datas[] = {{seg0, SEG0}, {seg1, sizeof seg1}};
static const KilnSegDesc small_datas[] = {{seg0, 4096}, {seg1, sizeof seg1}};

static KilnModuleDesc desc(uint32_t flags)
{
    static const char code[1];
    return (KilnModuleDesc){
        .abi_version = KILN_RT_ABI_VERSION, .flags = flags,
        .nimports = 1, .imports = imports,
        .nmemories = 1, .memories = mems,
        .nglobals = 1, .globals = globs,
        .ndatas = 2, .datas = datas,
        .init = init, .code_start = code, .code_end = code + 1,
    };
}

static KilnVmctx *make(const KilnModuleDesc *d, int32_t at)
{
    KilnValue v = {.i32 = at};
    KilnGlobal *g = kiln_global_new(KILN_I32, false, v);
    KilnExtern ext = {.kind = KILN_EXTERN_GLOBAL, .u.global = g};
    KilnTrapInfo err;
    KilnVmctx *vm = kiln_instance_new(d, &ext, NULL, &err);
    CHECK(vm != NULL);
    vm->user = g;
    return vm;
}

static void drop(KilnVmctx *vm)
{
    KilnGlobal *g = vm->user;
    kiln_instance_free(vm);
    kiln_global_free(g);
}

/* Is some memfd image mapped inside vm's memory? */
static bool image_mapped(KilnVmctx *vm)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    bool found = false;
    uintptr_t lo = (uintptr_t)vm->memories[0]->base;
    uintptr_t hi = lo + vm->memories[0]->size;
    while (f && fgets(line, sizeof line, f)) {
        unsigned long a = strtoul(line, NULL, 16);
        if (strstr(line, "kiln-image") && a >= lo && a < hi)
            found = true;
    }
    if (f)
        fclose(f);
    return found;
}

/* The memory holds exactly the two segments, the first at `at`. */
static bool pristine(KilnVmctx *vm, uint32_t at)
{
    const uint8_t *m = vm->memories[0]->base;
    for (uint64_t i = 0; i < 48 * PAGE; i += 97) {
        uint8_t want = i >= at && i < at + SEG0 ? seg0[i - at] : 0;
        if (m[i] != want)
            return false;
    }
    return memcmp(m + at, seg0, SEG0) == 0 && m[at - 1] == 0 &&
           m[at + SEG0] == 0 && memcmp(m + 40 * PAGE + 3, seg1, 5) == 0;
}

int main(void)
{
    for (uint32_t i = 0; i < SEG0; i++)
        seg0[i] = (uint8_t)(i * 7 + 1) | 1;
    kiln_memimage_enable();
    KilnModuleDesc d = desc(KILN_DESC_NO_START);

    KilnVmctx *a = make(&d, PAGE); /* records */
    CHECK(pristine(a, PAGE) && !image_mapped(a));
    KilnVmctx *b = make(&d, PAGE); /* builds the image, maps it */
    CHECK(pristine(b, PAGE) && image_mapped(b));
    memset(b->memories[0]->base + PAGE, 0xee, SEG0);
    b->memories[0]->base[40 * PAGE + 3] = 'X';
    KilnVmctx *c = make(&d, PAGE);
    CHECK(image_mapped(c) && pristine(c, PAGE));
    CHECK(b->memories[0]->base[PAGE + 100] == 0xee);
    CHECK(pristine(a, PAGE));

    KilnVmctx *e = make(&d, 3 * PAGE + 5); /* diverges at the first write */
    CHECK(pristine(e, 3 * PAGE + 5) && !image_mapped(e));
    KilnVmctx *f = make(&d, PAGE); /* the image is still good */
    CHECK(image_mapped(f) && pristine(f, PAGE));
    CHECK(kiln_rt_memory_grow(f->memories[0], 2) == 48);
    f->memories[0]->base[49 * PAGE] = 1;

    KilnModuleDesc s = desc(0); /* a start function: never imaged */
    KilnVmctx *s1 = make(&s, PAGE), *s2 = make(&s, PAGE);
    CHECK(pristine(s2, PAGE) && !image_mapped(s1) && !image_mapped(s2));

    KilnModuleDesc sm = desc(KILN_DESC_NO_START); /* 8 KiB: copied */
    sm.datas = small_datas;
    KilnVmctx *m1 = make(&sm, PAGE), *m2 = make(&sm, PAGE);
    KilnVmctx *m3 = make(&sm, PAGE);
    CHECK(!image_mapped(m2) && !image_mapped(m3));
    CHECK(memcmp(m3->memories[0]->base + PAGE, seg0, 4096) == 0 &&
          m3->memories[0]->base[PAGE + 4096] == 0);
    drop(m1);
    drop(m2);
    drop(m3);

    drop(a);
    drop(b);
    drop(c);
    drop(e);
    drop(f);
    drop(s1);
    drop(s2);
    return TEST_RESULT();
}
