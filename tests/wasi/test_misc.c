/* test_misc.c: args, environ, clocks, random, poll_oneoff, sockets, proc.
 */
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

static void args_env(void)
{
    uint32_t c = t_alloc(4), s = t_alloc(4);
    T_OK(kiln_wasi_p1_args_sizes_get(t_vm, (int32_t)c, (int32_t)s));
    T_EQ(t_ld32(c), 2);
    T_EQ(t_ld32(s), 9); /* "prog\0" "a b\0" */
    uint32_t v = t_alloc(8), buf = t_alloc(9);
    T_OK(kiln_wasi_p1_args_get(t_vm, (int32_t)v, (int32_t)buf));
    T_EQ(t_ld32(v), buf);
    T_EQ(t_ld32(v + 4), buf + 5);
    T_EQ(memcmp(t_mem + buf, "prog\0a b\0", 9), 0);
    T_EQ(kiln_wasi_p1_args_get(t_vm, (int32_t)v, T_MEM_SIZE - 3), E_FAULT);
    T_OK(kiln_wasi_p1_environ_sizes_get(t_vm, (int32_t)c, (int32_t)s));
    T_EQ(t_ld32(c), 1);
    T_EQ(t_ld32(s), 4);
    T_OK(kiln_wasi_p1_environ_get(t_vm, (int32_t)v, (int32_t)buf));
    T_EQ(memcmp(t_mem + buf, "K=V\0", 4), 0);
    T_EQ(kiln_wasi_p1_environ_sizes_get(t_vm, T_MEM_SIZE, (int32_t)s),
         E_FAULT);
}

static void clocks(void)
{
    uint32_t t = t_alloc(8), u = t_alloc(8);
    for (int id = 0; id < 4; id++) {
        T_OK(kiln_wasi_p1_clock_res_get(t_vm, id, (int32_t)t));
        T_TRUE(t_ld64(t) > 0);
        T_OK(kiln_wasi_p1_clock_time_get(t_vm, id, 1, (int32_t)t));
    }
    T_OK(kiln_wasi_p1_clock_time_get(t_vm, 1, 0, (int32_t)t));
    T_OK(kiln_wasi_p1_clock_time_get(t_vm, 1, 0, (int32_t)u));
    T_TRUE(t_ld64(u) >= t_ld64(t));
    T_OK(kiln_wasi_p1_clock_time_get(t_vm, 0, 0, (int32_t)t));
    T_TRUE(t_ld64(t) > 1600000000ull * 1000000000ull);
    T_EQ(kiln_wasi_p1_clock_time_get(t_vm, 4, 0, (int32_t)t), E_INVAL);
    T_EQ(kiln_wasi_p1_clock_res_get(t_vm, -1, (int32_t)t), E_INVAL);
    T_EQ(kiln_wasi_p1_clock_time_get(t_vm, 1, 0, T_MEM_SIZE - 4), E_FAULT);
}

static void random_bytes(void)
{
    uint32_t b = t_alloc(256);
    T_OK(kiln_wasi_p1_random_get(t_vm, (int32_t)b, 256));
    int nonzero = 0;
    for (int i = 0; i < 256; i++)
        nonzero += t_mem[b + i] != 0;
    T_TRUE(nonzero > 200);
    T_OK(kiln_wasi_p1_random_get(t_vm, (int32_t)b, 0));
    T_EQ(kiln_wasi_p1_random_get(t_vm, (int32_t)b, T_MEM_SIZE), E_FAULT);
}

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Writes subscription i at `in`. */
static void sub_clock(uint32_t in, int i, uint64_t ud, uint32_t id,
                      uint64_t timeout, uint16_t flags)
{
    uint8_t *p = t_mem + in + 48 * i;
    memcpy(p, &ud, 8);
    p[8] = 0;
    memcpy(p + 16, &id, 4);
    memcpy(p + 24, &timeout, 8);
    memcpy(p + 40, &flags, 2);
}

static void sub_fd(uint32_t in, int i, uint64_t ud, uint8_t tag, uint32_t fd)
{
    uint8_t *p = t_mem + in + 48 * i;
    memcpy(p, &ud, 8);
    p[8] = tag;
    memcpy(p + 16, &fd, 4);
}

static void poll(void)
{
    uint32_t in = t_alloc(48 * 4), out = t_alloc(32 * 4), n = t_alloc(4);
    T_EQ(kiln_wasi_p1_poll_oneoff(t_vm, (int32_t)in, (int32_t)out, 0,
                                  (int32_t)n), E_INVAL);
    /* A relative 20 ms sleep. */
    sub_clock(in, 0, 42, 1, 20000000, 0);
    uint64_t t0 = mono_ns();
    T_OK(kiln_wasi_p1_poll_oneoff(t_vm, (int32_t)in, (int32_t)out, 1,
                                  (int32_t)n));
    T_TRUE(mono_ns() - t0 >= 20000000);
    T_EQ(t_ld32(n), 1);
    T_EQ(t_ld64(out), 42);
    T_EQ(t_mem[out + 10], 0);
    /* An absolute deadline 30 ms ahead on the monotonic clock. */
    uint32_t now = t_alloc(8);
    T_OK(kiln_wasi_p1_clock_time_get(t_vm, 1, 0, (int32_t)now));
    sub_clock(in, 0, 7, 1, t_ld64(now) + 30000000, 1);
    T_OK(kiln_wasi_p1_poll_oneoff(t_vm, (int32_t)in, (int32_t)out, 1,
                                  (int32_t)n));
    T_OK(kiln_wasi_p1_clock_time_get(t_vm, 1, 0, (int32_t)now + 0));
    T_TRUE(mono_ns() - t0 >= 50000000);
    /* A realtime deadline in the past fires at once. */
    sub_clock(in, 0, 8, 0, 1, 1);
    T_OK(kiln_wasi_p1_poll_oneoff(t_vm, (int32_t)in, (int32_t)out, 1,
                                  (int32_t)n));
    T_EQ(t_ld32(n), 1);
    T_EQ(t_ld64(out), 8);
    /* Regular files are ready; a bad fd and a bad clock report errors;
     * the long clock does not fire. */
    int32_t f;
    t_host_write("sandbox/pf", "12345");
    T_OK(t_open(3, 0, "pf", 0, R_ALL & ~R_FD_WRITE, 0, 0, &f));
    in = t_alloc(48 * 4);
    out = t_alloc(32 * 4);
    sub_fd(in, 0, 1, 1, (uint32_t)f);
    sub_fd(in, 1, 2, 2, 77);
    sub_clock(in, 2, 3, 9, 0, 0);
    sub_clock(in, 3, 4, 1, 10000000000ull, 0);
    T_OK(kiln_wasi_p1_poll_oneoff(t_vm, (int32_t)in, (int32_t)out, 4,
                                  (int32_t)n));
    T_EQ(t_ld32(n), 3);
    T_EQ(t_ld64(out), 1);
    T_EQ(t_mem[out + 10], 1);
    T_EQ(t_ld64(out + 16), 5);
    T_EQ(t_ld64(out + 32), 2);
    T_EQ(t_mem[out + 40], E_BADF);
    T_EQ(t_ld64(out + 64), 3);
    T_EQ(t_mem[out + 72], E_INVAL);
    T_OK(kiln_wasi_p1_fd_close(t_vm, f));
    T_OK(t_unlink(3, "pf"));
    T_EQ(kiln_wasi_p1_poll_oneoff(t_vm, T_MEM_SIZE - 10, (int32_t)out, 1,
                                  (int32_t)n), E_FAULT);
}

/* A state whose stdin is one end of a socket pair. */
static void sockets(void)
{
    int sv[2];
    T_OK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    KilnWasiConfig cfg = {.stdin_fd = sv[0], .stdout_fd = 1,
                          .stderr_fd = -1};
    char err[128];
    struct KilnWasi *w = kiln_wasi_new(&cfg, err, sizeof err), *saved;
    T_TRUE(w != NULL);
    if (!w)
        return;
    saved = t_vm->host;
    t_vm->host = w;
    uint32_t st = t_alloc(24);
    T_OK(kiln_wasi_p1_fd_fdstat_get(t_vm, 0, (int32_t)st));
    T_EQ(t_mem[st], 6);
    T_EQ(kiln_wasi_p1_fd_fdstat_get(t_vm, 2, (int32_t)st), E_BADF);
    T_EQ(kiln_wasi_p1_fd_prestat_get(t_vm, 3, (int32_t)st), E_BADF);
    uint32_t data = t_str("ping"), iov = t_alloc(8), n = t_alloc(4);
    uint32_t v[2] = {data, 4};
    memcpy(t_mem + iov, v, 8);
    T_OK(kiln_wasi_p1_sock_send(t_vm, 0, (int32_t)iov, 1, 0, (int32_t)n));
    T_EQ(t_ld32(n), 4);
    char got[8] = {0};
    T_EQ(read(sv[1], got, sizeof got), 4);
    T_EQ(memcmp(got, "ping", 4), 0);
    T_EQ(write(sv[1], "pong!", 5), 5);
    uint32_t ro = t_alloc(2);
    memset(t_mem + data, 0, 4);
    T_OK(kiln_wasi_p1_sock_recv(t_vm, 0, (int32_t)iov, 1, 1 /* peek */,
                                (int32_t)n, (int32_t)ro));
    T_EQ(t_ld32(n), 4);
    T_OK(kiln_wasi_p1_sock_recv(t_vm, 0, (int32_t)iov, 1, 0, (int32_t)n,
                                (int32_t)ro));
    T_EQ(memcmp(t_mem + data, "pong", 4), 0);
    T_EQ(kiln_wasi_p1_sock_shutdown(t_vm, 0, 0), E_INVAL);
    T_OK(kiln_wasi_p1_sock_shutdown(t_vm, 0, 2));
    T_EQ(kiln_wasi_p1_sock_accept(t_vm, 0, 0, (int32_t)n), E_INVAL);
    T_EQ(kiln_wasi_p1_sock_shutdown(t_vm, 1, 1), E_NOTSOCK);
    T_EQ(kiln_wasi_p1_sock_shutdown(t_vm, 9, 1), E_BADF);
    T_EQ(kiln_wasi_p1_sock_accept(t_vm, 1, 0, (int32_t)n), E_NOTSOCK);
    kiln_wasi_free(w);
    t_vm->host = saved;
    close(sv[0]);
    close(sv[1]);
}

static void setup_errors(void)
{
    KilnPreopen p = {.host_path = "/nonexistent/kiln-x", .guest_path = "x"};
    KilnWasiConfig cfg = {.npreopens = 1, .preopens = &p, .stdin_fd = -1,
                          .stdout_fd = -1, .stderr_fd = -1};
    char err[128];
    T_TRUE(kiln_wasi_new(&cfg, err, sizeof err) == NULL);
    T_EQ(strcmp(err, "cannot open directory `/nonexistent/kiln-x`: "
                     "No such file or directory"), 0);
    /* Without stdio the first preopen is still fd 3. */
    char dir[300];
    snprintf(dir, sizeof dir, "%s/sandbox", t_root);
    p.host_path = dir;
    struct KilnWasi *w = kiln_wasi_new(&cfg, err, sizeof err), *saved;
    T_TRUE(w != NULL);
    saved = t_vm->host;
    t_vm->host = w;
    uint32_t st = t_alloc(8);
    T_OK(kiln_wasi_p1_fd_prestat_get(t_vm, 3, (int32_t)st));
    T_EQ(kiln_wasi_p1_fd_write(t_vm, 1, (int32_t)st, 0, (int32_t)st), E_BADF);
    t_vm->host = saved;
    kiln_wasi_free(w);
}

static void proc(void)
{
    T_EQ(kiln_wasi_p1_proc_raise(t_vm, 9), E_NOTSUP);
    T_OK(kiln_wasi_p1_sched_yield(t_vm));
    /* A memory-less instance faults every pointer. */
    KilnVmctx bare = {.host = t_vm->host};
    T_EQ(kiln_wasi_p1_clock_time_get(&bare, 1, 0, 0), E_FAULT);
    /* Nor does one made without WASI state crash. */
    KilnVmctx stateless = *t_vm;
    stateless.host = NULL;
    uint32_t c = t_alloc(4), s = t_alloc(4);
    T_OK(kiln_wasi_p1_args_sizes_get(&stateless, (int32_t)c, (int32_t)s));
    T_EQ(t_ld32(c), 0);
    T_OK(kiln_wasi_p1_environ_get(&stateless, (int32_t)c, (int32_t)s));
    T_EQ(kiln_wasi_p1_fd_write(&stateless, 1, (int32_t)c, 0, (int32_t)s),
         E_BADF);
    T_EQ(kiln_wasi_p1_fd_prestat_get(&stateless, 3, (int32_t)c), E_BADF);
}

int main(void)
{
    const char *argv[] = {"prog", "a b"};
    const char *envp[] = {"K=V"};
    t_setup("misc", 2, argv, 1, envp);
    args_env();
    clocks();
    random_bytes();
    poll();
    sockets();
    setup_errors();
    proc();
    return t_finish();
}
