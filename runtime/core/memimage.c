/* memimage.c: copy-on-write images of initialized linear memories (spec
 * 4.5.4 instantiate, steps "active data segments"), for programs that
 * instantiate the same module many times (the proxy server: one instance
 * per request).
 *
 * What is snapshotted: only the writes of the active data segments, never
 * a scan of memory.  A descriptor qualifies when its init runs no guest
 * code (KILN_DESC_NO_START): the segments' memory.init calls are then the
 * only writes init makes, and they depend on nothing but constant offset
 * expressions.  Writes made later (a start function, `_initialize`, the
 * first `cabi_realloc`) are ordinary guest stores on each instance's own
 * pages and are never part of an image, so no state a guest computed can
 * leak from one instance into the next.
 *
 * The first instance of a descriptor records the sequence of its init's
 * memory.init calls.  The second turns the record into one memfd holding
 * each guard-mode memory's initial bytes and the page runs they cover.
 * From then on, each new instance maps those runs MAP_PRIVATE|MAP_FIXED
 * over its freshly committed memory (pages shared until written) and
 * init's memory.init calls are checked against the record and skipped.
 * If a call differs (an imported global moved an offset), the mapped runs
 * are replaced with zero pages, the calls so far are redone by copying,
 * and the instance finishes the ordinary way.  Explicit-bounds (malloc'd)
 * and imported memories are never mapped.
 *
 * Off unless kiln_memimage_enable() is called (the server does);
 * KILN_MEMIMAGE=0 in the environment keeps it off (measurements).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memfd_create */
#endif
#include "core.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Gaps of zero pages up to this many bytes are mapped with their run:
 * fewer mmap calls and VMAs for a few extra shared zero pages. */
#define IMG_MERGE_GAP ((uint64_t)64 << 10)
#define IMG_MAX_RUNS 64
/* Below this many bytes of data, copying is cheaper than a mapping (one
 * more mmap per instance, a read fault before each copy-on-write fault):
 * bench/instantiate/run.py puts the break-even near 16 KiB even when
 * every page is written. */
#define IMG_MIN_BYTES ((uint64_t)64 << 10)

typedef struct ImgWrite {
    uint64_t dst;
    uint32_t mem, seg, src, len;
} ImgWrite;

typedef struct ImgRun {
    uint32_t mem;
    uint64_t off, len; /* page-aligned, inside the memory's initial size */
    uint64_t file_off;
} ImgRun;

enum { IMG_RECORDING, IMG_RECORDED, IMG_BUILDING, IMG_READY, IMG_OFF };

typedef struct KilnMemImage {
    const KilnModuleDesc *desc;
    struct KilnMemImage *next;
    _Atomic int state;
    ImgWrite *log;
    uint32_t nlog, cap;
    ImgRun *runs;
    uint32_t nruns;
    int fd;
} KilnMemImage;

/* The instantiation in progress on this thread (init runs no guest code,
 * so these never nest). */
typedef struct ImgCx {
    KilnVmctx *vm;
    KilnMemImage *img;
    bool recording;
    uint32_t next; /* replay: log entries matched so far */
} ImgCx;

static _Thread_local ImgCx cx;
static _Atomic(KilnMemImage *) images;
static atomic_flag images_lock = ATOMIC_FLAG_INIT;
static atomic_bool enabled;

void kiln_memimage_enable(void)
{
    const char *e = getenv("KILN_MEMIMAGE");
    atomic_store(&enabled, !(e && strcmp(e, "0") == 0));
}

/* Memories an image may cover: defined here, in guard mode (a fixed base
 * inside a reservation, so a mapping can replace committed pages). */
static bool imageable(const KilnVmctx *vm, uint32_t mem)
{
    return !vm->desc->memories[mem].imported &&
           kiln_mem_is_guarded(vm->memories[mem]);
}

static KilnMemImage *find_or_claim(const KilnModuleDesc *desc, bool *claimed)
{
    *claimed = false;
    kiln_spin_lock(&images_lock);
    KilnMemImage *img = atomic_load(&images);
    while (img && img->desc != desc)
        img = img->next;
    if (!img && (img = kiln_rt_alloc_array(1, sizeof *img))) {
        img->desc = desc;
        img->fd = -1;
        atomic_store(&img->state, IMG_RECORDING);
        img->next = atomic_load(&images);
        atomic_store(&images, img);
        *claimed = true;
    }
    kiln_spin_unlock(&images_lock);
    return img;
}

/* ---- building the image from the record ---------------------------------- */

static uint64_t page_size(void)
{
    long p = sysconf(_SC_PAGESIZE);
    return p > 0 ? (uint64_t)p : 4096;
}

static int cmp_run(const void *a, const void *b)
{
    const ImgRun *x = a, *y = b;
    if (x->mem != y->mem)
        return x->mem < y->mem ? -1 : 1;
    return x->off < y->off ? -1 : x->off > y->off;
}

/* The page ranges the record writes in imageable memories, sorted and
 * merged; false when there are none or too many. */
static bool build_runs(KilnMemImage *img, const KilnVmctx *vm)
{
    uint64_t pg = page_size();
    img->runs = kiln_rt_alloc_array(img->nlog ? img->nlog : 1, sizeof(ImgRun));
    if (!img->runs)
        return false;
    uint32_t n = 0;
    for (uint32_t i = 0; i < img->nlog; i++) {
        const ImgWrite *w = &img->log[i];
        if (!w->len || !imageable(vm, w->mem))
            continue;
        uint64_t lo = w->dst & ~(pg - 1);
        uint64_t hi = (w->dst + w->len + pg - 1) & ~(pg - 1);
        img->runs[n++] = (ImgRun){w->mem, lo, hi - lo, 0};
    }
    qsort(img->runs, n, sizeof(ImgRun), cmp_run);
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        ImgRun *last = m ? &img->runs[m - 1] : NULL;
        if (last && last->mem == img->runs[i].mem &&
            img->runs[i].off <= last->off + last->len + IMG_MERGE_GAP) {
            uint64_t end = img->runs[i].off + img->runs[i].len;
            if (end > last->off + last->len)
                last->len = end - last->off;
            continue;
        }
        img->runs[m++] = img->runs[i];
    }
    img->nruns = m;
    uint64_t bytes = 0;
    for (uint32_t i = 0; i < m; i++)
        bytes += img->runs[i].len;
    return m > 0 && m <= IMG_MAX_RUNS && bytes >= IMG_MIN_BYTES;
}

/* Each memory's runs sit at their own offset in the file; a run's bytes
 * are the record's writes replayed in order onto zeros. */
static bool fill_file(KilnMemImage *img)
{
    uint64_t size = 0;
    for (uint32_t i = 0; i < img->nruns; i++) {
        img->runs[i].file_off = size;
        size += img->runs[i].len;
    }
    img->fd = memfd_create("kiln-image", MFD_CLOEXEC);
    if (img->fd < 0 || ftruncate(img->fd, (off_t)size) != 0)
        return false;
    for (uint32_t i = 0; i < img->nlog; i++) {
        const ImgWrite *w = &img->log[i];
        for (uint32_t r = 0; r < img->nruns; r++) {
            const ImgRun *run = &img->runs[r];
            if (run->mem != w->mem || w->dst < run->off ||
                w->dst + w->len > run->off + run->len || !w->len)
                continue;
            const uint8_t *src = img->desc->datas[w->seg].bytes + w->src;
            off_t at = (off_t)(run->file_off + (w->dst - run->off));
            if (pwrite(img->fd, src, w->len, at) != (ssize_t)w->len)
                return false;
            break;
        }
    }
    return true;
}

static void build(KilnMemImage *img, const KilnVmctx *vm)
{
    bool ok = build_runs(img, vm) && fill_file(img);
    if (!ok && img->fd >= 0) {
        close(img->fd);
        img->fd = -1;
    }
    atomic_store(&img->state, ok ? IMG_READY : IMG_OFF);
}

/* ---- mapping and unmapping ------------------------------------------------- */

/* Zero pages again over runs [0, n): what the memory held before. */
static bool unmap_runs(KilnVmctx *vm, const KilnMemImage *img, uint32_t n)
{
    bool ok = true;
    for (uint32_t i = 0; i < n; i++) {
        const ImgRun *r = &img->runs[i];
        void *at = vm->memories[r->mem]->base + r->off;
        ok &= mmap(at, (size_t)r->len, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                   0) != MAP_FAILED;
    }
    return ok;
}

static bool map_runs(KilnVmctx *vm, const KilnMemImage *img)
{
    for (uint32_t i = 0; i < img->nruns; i++) {
        const ImgRun *r = &img->runs[i];
        KilnMemory *mem = vm->memories[r->mem];
        void *at = mem->base + r->off;
        if (!imageable(vm, r->mem) || r->off + r->len > mem->size ||
            mmap(at, (size_t)r->len, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_FIXED, img->fd,
                 (off_t)r->file_off) == MAP_FAILED) {
            unmap_runs(vm, img, i);
            return false;
        }
    }
    return true;
}

/* The replay went another way than the record: back to zero pages plus
 * the writes matched so far, and init goes on copying. */
static bool abandon_replay(void)
{
    KilnMemImage *img = cx.img;
    KilnVmctx *vm = cx.vm;
    cx.vm = NULL;
    if (!unmap_runs(vm, img, img->nruns))
        return false;
    for (uint32_t i = 0; i < cx.next; i++) {
        const ImgWrite *w = &img->log[i];
        if (imageable(vm, w->mem) && w->len)
            memcpy(vm->memories[w->mem]->base + w->dst,
                   img->desc->datas[w->seg].bytes + w->src, w->len);
    }
    return true;
}

static bool same_write(const ImgWrite *a, const ImgWrite *b)
{
    return a->dst == b->dst && a->mem == b->mem && a->seg == b->seg &&
           a->src == b->src && a->len == b->len;
}

/* ---- the hooks ----------------------------------------------------------- */

void kiln_memimage_begin(KilnVmctx *vm)
{
    cx = (ImgCx){0};
    if (!atomic_load(&enabled) || !(vm->desc->flags & KILN_DESC_NO_START))
        return;
    bool claimed;
    KilnMemImage *img = find_or_claim(vm->desc, &claimed);
    if (!img)
        return;
    if (claimed) {
        cx = (ImgCx){vm, img, true, 0};
        return;
    }
    int expect = IMG_RECORDED;
    if (atomic_compare_exchange_strong(&img->state, &expect, IMG_BUILDING))
        build(img, vm);
    if (atomic_load(&img->state) == IMG_READY && map_runs(vm, img))
        cx = (ImgCx){vm, img, false, 0};
}

static void record(const ImgWrite *w)
{
    KilnMemImage *img = cx.img;
    if (img->nlog == img->cap) {
        uint32_t cap = img->cap ? 2 * img->cap : 16;
        ImgWrite *log = kiln_rt_realloc(img->log, cap * sizeof *log);
        if (!log) {
            cx.vm = NULL;
            atomic_store(&img->state, IMG_OFF);
            return;
        }
        img->log = log;
        img->cap = cap;
    }
    img->log[img->nlog++] = *w;
}

bool kiln_memimage_write(KilnVmctx *vm, uint32_t mem, uint32_t seg,
                         uint64_t dst, uint32_t src, uint32_t len)
{
    if (cx.vm != vm)
        return false;
    ImgWrite w = {dst, mem, seg, src, len};
    if (cx.recording) {
        record(&w);
        return false;
    }
    const ImgWrite *want = cx.next < cx.img->nlog ? &cx.img->log[cx.next]
                                                  : NULL;
    if (!want || !same_write(want, &w)) {
        if (!abandon_replay())
            kiln_trap_host("cannot restore memory after a memory image");
        return false;
    }
    cx.next++;
    return imageable(vm, mem);
}

bool kiln_memimage_end(KilnVmctx *vm, bool trapped)
{
    bool ok = true;
    if (cx.vm == vm && cx.recording)
        atomic_store(&cx.img->state, trapped ? IMG_OFF : IMG_RECORDED);
    else if (cx.vm == vm && !trapped && cx.next != cx.img->nlog)
        ok = abandon_replay();
    cx = (ImgCx){0};
    return ok;
}
