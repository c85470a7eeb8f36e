/* poll.c: poll_oneoff of WASI preview1.
 *
 * witx `subscription` (48 bytes): userdata u64 @0, tag u8 @8, then @16
 * either a clock (id u32 @16, timeout u64 @24, precision u64 @32,
 * subclockflags u16 @40) or an fd (u32 @16).  witx `event` (32 bytes):
 * userdata @0, errno u16 @8, eventtype u8 @10, nbytes u64 @16,
 * eventrwflags u16 @24.  Clocks become one ppoll() timeout (absolute ones
 * converted against their own clock); regular files are always ready, as
 * POSIX poll() says; other descriptors are polled on the host.
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kw.h"

enum { EV_CLOCK = 0, EV_READ = 1, EV_WRITE = 2 };

typedef struct Sub {
    uint64_t userdata;
    uint8_t tag;
    int32_t error;    /* known before waiting: the event is immediate */
    bool ready;       /* an fd event that needs no waiting */
    uint64_t wait;    /* clock: ns from the start of the call */
    int pfd;          /* index into the pollfd array, or -1 */
    int host;
    uint64_t nbytes;
    uint16_t flags;
} Sub;

static uint64_t now_ns(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void parse_clock(Sub *s, const uint8_t *p)
{
    static const clockid_t ids[] = {CLOCK_REALTIME, CLOCK_MONOTONIC,
                                    CLOCK_PROCESS_CPUTIME_ID,
                                    CLOCK_THREAD_CPUTIME_ID};
    uint32_t id = kw_ld32(p + 16);
    uint64_t timeout = kw_ld64(p + 24);
    if (id > 3) {
        s->error = KW_EINVAL;
        return;
    }
    if (kw_ld16(p + 40) & 1) { /* subscription_clock_abstime */
        uint64_t now = now_ns(ids[id]);
        timeout = timeout > now ? timeout - now : 0;
    }
    s->wait = timeout;
}

/* Bytes readable without blocking, for fd_read events. */
static uint64_t readable(int host)
{
    struct stat st;
    if (fstat(host, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t pos = lseek(host, 0, SEEK_CUR);
        return pos >= 0 && st.st_size > pos ? (uint64_t)(st.st_size - pos) : 0;
    }
    int n = 0;
    return ioctl(host, FIONREAD, &n) == 0 && n > 0 ? (uint64_t)n : 0;
}

static void parse_fd(KilnVmctx *vm, Sub *s, const uint8_t *p,
                     struct pollfd *pfds, int *npfd)
{
    KwFd *e;
    int32_t r = kw_fd_get(kw_state(vm), (int32_t)kw_ld32(p + 16),
                          KW_R_POLL_FD_READWRITE, &e);
    if (r) {
        s->error = r;
        return;
    }
    s->host = e->host;
    if (e->type == KW_FT_REG) {
        s->ready = true;
        if (s->tag == EV_READ)
            s->nbytes = readable(e->host);
        return;
    }
    s->pfd = (*npfd)++;
    pfds[s->pfd] = (struct pollfd){
        .fd = e->host, .events = s->tag == EV_READ ? POLLIN : POLLOUT};
}

static void finish_fd(Sub *s, const struct pollfd *pfd)
{
    if (!pfd->revents)
        return;
    s->ready = true;
    if (pfd->revents & POLLNVAL)
        s->error = KW_EBADF;
    else if (pfd->revents & POLLHUP)
        s->flags = 1; /* fd_readwrite_hangup */
    else if ((pfd->revents & POLLERR) && !(pfd->revents & (POLLIN | POLLOUT)))
        s->error = KW_EIO;
    if (s->tag == EV_READ && !s->error)
        s->nbytes = readable(s->host);
}

/* Waits until a descriptor is ready or the earliest clock fires. */
static int32_t wait_all(struct pollfd *pfds, int npfd, bool have_clock,
                        uint64_t min_wait, uint64_t start)
{
    for (;;) {
        uint64_t spent = now_ns(CLOCK_MONOTONIC) - start;
        uint64_t left = min_wait > spent ? min_wait - spent : 0;
        struct timespec ts = {.tv_sec = (time_t)(left / 1000000000u),
                              .tv_nsec = (long)(left % 1000000000u)};
        int n = ppoll(pfds, (nfds_t)npfd, have_clock ? &ts : NULL, NULL);
        if (n >= 0)
            return 0;
        if (errno != EINTR)
            return kw_err();
    }
}

static void put_event(uint8_t *p, const Sub *s)
{
    memset(p, 0, 32);
    kw_st64(p, s->userdata);
    kw_st16(p + 8, (uint16_t)s->error);
    kw_st8(p + 10, s->tag);
    if (s->tag != EV_CLOCK && !s->error) {
        kw_st64(p + 16, s->nbytes);
        kw_st16(p + 24, s->flags);
    }
}

static int32_t poll_subs(KilnVmctx *vm, const uint8_t *in, uint8_t *out,
                         uint32_t n, uint32_t *nevents, Sub *subs,
                         struct pollfd *pfds)
{
    uint64_t start = now_ns(CLOCK_MONOTONIC), min_wait = UINT64_MAX;
    int npfd = 0;
    bool immediate = false;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = in + 48 * i;
        Sub *s = &subs[i];
        *s = (Sub){.userdata = kw_ld64(p), .tag = p[8], .pfd = -1};
        if (s->tag == EV_CLOCK)
            parse_clock(s, p);
        else if (s->tag == EV_READ || s->tag == EV_WRITE)
            parse_fd(vm, s, p, pfds, &npfd);
        else
            return KW_EINVAL;
        if (s->tag == EV_CLOCK && !s->error && s->wait < min_wait)
            min_wait = s->wait;
        immediate |= s->error != 0 || s->ready;
    }
    bool have_clock = immediate || min_wait != UINT64_MAX;
    int32_t r = wait_all(pfds, npfd, have_clock, immediate ? 0 : min_wait,
                         start);
    if (r)
        return r;
    uint64_t spent = now_ns(CLOCK_MONOTONIC) - start;
    for (uint32_t i = 0; i < n; i++)
        if (subs[i].pfd >= 0)
            finish_fd(&subs[i], &pfds[subs[i].pfd]);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        Sub *s = &subs[i];
        bool fire = s->error || s->ready ||
                    (s->tag == EV_CLOCK && s->wait <= spent);
        if (fire)
            put_event(out + 32 * k++, s);
    }
    /* ppoll timed out just short of the deadline: the earliest clock
     * fires anyway, since the call must report at least one event. */
    for (uint32_t i = 0; k == 0 && i < n; i++)
        if (subs[i].tag == EV_CLOCK && subs[i].wait == min_wait)
            put_event(out + 32 * k++, &subs[i]);
    *nevents = k;
    return 0;
}

int32_t kiln_wasi_p1_poll_oneoff(KilnVmctx *vm, int32_t in, int32_t out,
                                 int32_t nsubscriptions, int32_t nevents_out)
{
    uint32_t n = (uint32_t)nsubscriptions;
    if (n == 0)
        return KW_EINVAL;
    const uint8_t *pin = kw_mem(vm, (uint32_t)in, (uint64_t)n * 48);
    uint8_t *pout = kw_mem(vm, (uint32_t)out, (uint64_t)n * 32);
    if (!pin || !pout || !kw_mem(vm, (uint32_t)nevents_out, 4))
        return KW_EFAULT;
    /* Copy the subscriptions: `in` and `out` may overlap. */
    uint8_t *copy = malloc((size_t)n * 48);
    Sub *subs = malloc(n * sizeof *subs);
    struct pollfd *pfds = malloc(n * sizeof *pfds);
    int32_t r = KW_ENOMEM;
    uint32_t k = 0;
    if (copy && subs && pfds) {
        memcpy(copy, pin, (size_t)n * 48);
        r = poll_subs(vm, copy, pout, n, &k, subs, pfds);
    }
    free(copy);
    free(subs);
    free(pfds);
    if (r)
        return r;
    return kw_put32(vm, (uint32_t)nevents_out, k);
}
