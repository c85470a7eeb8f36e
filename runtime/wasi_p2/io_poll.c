/* io_poll.c: wasi:io/poll (WASI 0.2 io/poll.wit).  A pollable is always
 * ready, ready once the monotonic clock reaches an instant
 * (monotonic-clock.subscribe-*), ready when a host fd is readable or
 * writable (stream subscribe), or asked at every poll what it waits for
 * (an object whose state moves on, e.g. a tcp-socket).  `poll` waits with ppoll(2) on the fds
 * and a timeout up to the nearest instant, then reports every pollable
 * that is ready, by position in the guest's list. */
#include <errno.h>
#include <poll.h>
#include <time.h>
#include <unistd.h>

#include "p2.h"
#include "wasi_io_poll.h"

typedef enum P2PollKind {
    P2_POLL_READY,
    P2_POLL_INSTANT,
    P2_POLL_FD,
    P2_POLL_QUERY,
} P2PollKind;

typedef struct P2Pollable {
    P2PollKind kind;
    int fd;
    bool for_write;
    bool owns_fd;
    uint64_t instant; /* monotonic ns */
    P2PollQuery query;
    void (*release)(void *obj);
    void *obj;
} P2Pollable;

static P2Pollable *pollable_new(P2PollKind kind)
{
    P2Pollable *p = kiln_rt_alloc(sizeof *p);
    if (!p)
        kiln_trap_host("out of memory");
    p->kind = kind;
    p->fd = -1;
    return p;
}

void *p2_pollable_ready(void)
{
    return pollable_new(P2_POLL_READY);
}

void *p2_pollable_instant(uint64_t monotonic_ns)
{
    P2Pollable *p = pollable_new(P2_POLL_INSTANT);
    p->instant = monotonic_ns;
    return p;
}

void *p2_pollable_fd(int fd, bool for_write)
{
    if (fd < 0)
        return p2_pollable_ready();
    P2Pollable *p = pollable_new(P2_POLL_FD);
    p->fd = fd;
    p->for_write = for_write;
    return p;
}

void *p2_pollable_fd_dup(int fd, bool for_write)
{
    int d = fd < 0 ? -1 : dup(fd);
    if (d < 0)
        return p2_pollable_ready(); /* operations will report the error */
    P2Pollable *p = p2_pollable_fd(d, for_write);
    p->owns_fd = true;
    return p;
}

void *p2_pollable_query(void *obj, P2PollQuery query,
                        void (*release)(void *obj))
{
    P2Pollable *p = pollable_new(P2_POLL_QUERY);
    p->obj = obj;
    p->query = query;
    p->release = release;
    return p;
}

void wasi_io_poll_pollable_drop(struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    P2Pollable *p = rep;
    if (p->owns_fd)
        close(p->fd);
    if (p->release)
        p->release(p->obj);
    kiln_rt_free(p);
}

/* Whether p is ready without waiting; else fd/for_write say what to
 * wait on (fd -1: nothing, an instant or never). */
static bool ready_now(P2Pollable *p, uint64_t now, int *fd, bool *for_write)
{
    *fd = p->kind == P2_POLL_FD ? p->fd : -1;
    *for_write = p->for_write;
    switch (p->kind) {
    case P2_POLL_READY: return true;
    case P2_POLL_INSTANT: return p->instant <= now;
    case P2_POLL_FD: return false;
    case P2_POLL_QUERY: return p->query(p->obj, fd, for_write);
    }
    return true;
}

/* One wait over n pollables: fills ready[i] and returns how many are
 * ready.  With `wait`, blocks until at least one is. */
static uint32_t poll_set(P2Pollable **ps, uint32_t n, bool *ready, bool wait)
{
    struct pollfd *fds = kiln_rt_alloc(sizeof *fds * (n ? n : 1));
    bool *now_ready = kiln_rt_alloc(sizeof *now_ready * (n ? n : 1));
    if (!fds || !now_ready)
        kiln_trap_host("out of memory");
    uint32_t count;
    for (;;) {
        uint64_t now = p2_monotonic_now(), nearest = UINT64_MAX;
        bool any_now = false;
        for (uint32_t i = 0; i < n; i++) {
            P2Pollable *p = ps[i];
            bool for_write;
            now_ready[i] = ready_now(p, now, &fds[i].fd, &for_write);
            fds[i].events = for_write ? POLLOUT : POLLIN;
            fds[i].revents = 0;
            if (now_ready[i])
                any_now = true;
            else if (p->kind == P2_POLL_INSTANT && p->instant < nearest)
                nearest = p->instant;
        }
        struct timespec ts = {0, 0}, *tp = &ts;
        if (wait && !any_now) {
            if (nearest == UINT64_MAX)
                tp = NULL;
            else {
                /* At most a day per wait (the loop waits again), so
                 * that a 32-bit time_t cannot overflow. */
                uint64_t d = nearest - now;
                if (d > 86400ull * 1000000000u)
                    d = 86400ull * 1000000000u;
                ts.tv_sec = (time_t)(d / 1000000000u);
                ts.tv_nsec = (long)(d % 1000000000u);
            }
        }
        if (ppoll(fds, n, tp, NULL) < 0 && errno != EINTR)
            kiln_trap_host("poll failed");
        now = p2_monotonic_now();
        count = 0;
        for (uint32_t i = 0; i < n; i++) {
            P2Pollable *p = ps[i];
            ready[i] = now_ready[i] ||
                       (p->kind == P2_POLL_INSTANT && p->instant <= now) ||
                       (fds[i].fd >= 0 && fds[i].revents != 0);
            count += ready[i];
        }
        if (count || !wait)
            break;
    }
    kiln_rt_free(fds);
    kiln_rt_free(now_ready);
    return count;
}

void wasi_io_poll_pollable_ready(struct KilnCanonCx *cx,
                                 wasi_io_poll_pollable_t self, bool *ret)
{
    P2Pollable *p = kiln_cx_borrow(cx, KILN_HR_wasi_io_poll_pollable, self);
    bool ready;
    poll_set(&p, 1, &ready, false);
    *ret = ready;
}

void wasi_io_poll_pollable_block(struct KilnCanonCx *cx,
                                 wasi_io_poll_pollable_t self)
{
    P2Pollable *p = kiln_cx_borrow(cx, KILN_HR_wasi_io_poll_pollable, self);
    bool ready;
    poll_set(&p, 1, &ready, true);
}

void wasi_io_poll_poll(struct KilnCanonCx *cx,
                       const wasi_io_poll_pollable_t *in_ptr, uint32_t in_len,
                       wasi_io_poll_list_u32_t *ret)
{
    if (in_len == 0)
        kiln_cm_trap("wasi:io/poll.poll: empty list of pollables");
    P2Pollable **ps = kiln_rt_alloc(sizeof *ps * in_len);
    bool *ready = kiln_rt_alloc(sizeof *ready * in_len);
    uint32_t *idx = kiln_rt_alloc(sizeof *idx * in_len);
    if (!ps || !ready || !idx)
        kiln_trap_host("out of memory");
    for (uint32_t i = 0; i < in_len; i++)
        ps[i] = kiln_cx_borrow(cx, KILN_HR_wasi_io_poll_pollable, in_ptr[i]);
    poll_set(ps, in_len, ready, true);
    uint32_t n = 0;
    for (uint32_t i = 0; i < in_len; i++)
        if (ready[i])
            idx[n++] = i;
    kiln_rt_free(ps);
    kiln_rt_free(ready);
    ret->ptr = kiln_cx_copy_out(cx, idx, n * 4, 4);
    ret->len = n;
    kiln_rt_free(idx);
}
