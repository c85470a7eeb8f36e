/* random.c: wasi:random (WASI 0.2 wit/random).  Secure and insecure
 * bytes both come from getrandom(2) (the kernel's generator is fast
 * enough that a second one would only add code); insecure-seed is drawn
 * once per host state and then returns the same value, as the interface
 * intends for hash-map DoS protection. */
#include <errno.h>
#include <sys/random.h>

#include "p2.h"
#include "wasi_random_insecure.h"
#include "wasi_random_insecure_seed.h"
#include "wasi_random_random.h"

void p2_random_fill(void *buf, size_t len)
{
    uint8_t *p = buf;
    size_t done = 0;
    while (done < len) {
        ssize_t got = getrandom(p + done, len - done, 0);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            kiln_trap_host("getrandom failed");
        }
        done += (size_t)got;
    }
}

/* list<u8> of `len` random bytes, written straight into guest memory. */
static void random_list(KilnCanonCx *cx, uint64_t len, uint32_t *ptr_out,
                        uint32_t *len_out)
{
    if (len > UINT32_MAX)
        kiln_trap_host("wasi:random: more bytes asked for than a guest "
                       "memory can hold");
    uint32_t at = kiln_cx_alloc(cx, (uint32_t)len, 1);
    p2_random_fill(kiln_cx_ptr(cx, at, len), (size_t)len);
    *ptr_out = at;
    *len_out = (uint32_t)len;
}

static uint64_t random_u64(void)
{
    uint64_t v;
    p2_random_fill(&v, sizeof v);
    return v;
}

void wasi_random_random_get_random_bytes(struct KilnCanonCx *cx, uint64_t len,
                                         wasi_random_random_list_u8_t *ret)
{
    random_list(cx, len, &ret->ptr, &ret->len);
}

void wasi_random_random_get_random_u64(struct KilnCanonCx *cx, uint64_t *ret)
{
    (void)cx;
    *ret = random_u64();
}

void wasi_random_insecure_get_insecure_random_bytes(
    struct KilnCanonCx *cx, uint64_t len, wasi_random_insecure_list_u8_t *ret)
{
    random_list(cx, len, &ret->ptr, &ret->len);
}

void wasi_random_insecure_get_insecure_random_u64(struct KilnCanonCx *cx,
                                                  uint64_t *ret)
{
    (void)cx;
    *ret = random_u64();
}

void wasi_random_insecure_seed_insecure_seed(
    struct KilnCanonCx *cx, wasi_random_insecure_seed_tuple2_u64_u64_t *ret)
{
    P2Host *h = p2_host(cx);
    if (!h->seeded) {
        p2_random_fill(h->insecure_seed, sizeof h->insecure_seed);
        h->seeded = true;
    }
    ret->f0 = h->insecure_seed[0];
    ret->f1 = h->insecure_seed[1];
}
