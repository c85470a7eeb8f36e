/* mem.c: guest memory access and errno translation for WASI preview1.
 *
 * Every pointer a guest passes is an offset into memory 0 and is checked
 * against the memory's current size before the host touches it (witx
 * `pointer`, errno `fault`).  Host errno values map one to one onto the witx
 * `errno` enum by name.
 */
#define _FILE_OFFSET_BITS 64 /* 64-bit offsets on 32-bit hosts */
#include <errno.h>
#include <string.h>

#include "kw.h"

struct KilnWasi *kw_state(KilnVmctx *vm)
{
    return (struct KilnWasi *)vm->host;
}

uint8_t *kw_mem(KilnVmctx *vm, uint32_t ptr, uint64_t len)
{
    if (!vm->memories || !vm->memories[0])
        return NULL;
    KilnMemory *m = vm->memories[0];
    if ((uint64_t)ptr > m->size || len > m->size - ptr)
        return NULL;
    return m->base + ptr;
}

void kw_st8(uint8_t *p, uint8_t v) { p[0] = v; }

void kw_st16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

void kw_st32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

void kw_st64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

uint16_t kw_ld16(const uint8_t *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t kw_ld32(const uint8_t *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

uint64_t kw_ld64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

int32_t kw_put32(KilnVmctx *vm, uint32_t ptr, uint32_t v)
{
    uint8_t *p = kw_mem(vm, ptr, 4);
    if (!p)
        return KW_EFAULT;
    kw_st32(p, v);
    return 0;
}

int32_t kw_put64(KilnVmctx *vm, uint32_t ptr, uint64_t v)
{
    uint8_t *p = kw_mem(vm, ptr, 8);
    if (!p)
        return KW_EFAULT;
    kw_st64(p, v);
    return 0;
}

/* One row per host errno that has a witx counterpart. */
static const struct { int host; int32_t wasi; } errno_map[] = {
    {E2BIG, 1}, {EACCES, 2}, {EADDRINUSE, 3}, {EADDRNOTAVAIL, 4},
    {EAFNOSUPPORT, 5}, {EAGAIN, 6}, {EALREADY, 7}, {EBADF, 8},
    {EBADMSG, 9}, {EBUSY, 10}, {ECANCELED, 11}, {ECHILD, 12},
    {ECONNABORTED, 13}, {ECONNREFUSED, 14}, {ECONNRESET, 15},
    {EDEADLK, 16}, {EDESTADDRREQ, 17}, {EDOM, 18}, {EDQUOT, 19},
    {EEXIST, 20}, {EFAULT, 21}, {EFBIG, 22}, {EHOSTUNREACH, 23},
    {EIDRM, 24}, {EILSEQ, 25}, {EINPROGRESS, 26}, {EINTR, 27},
    {EINVAL, 28}, {EIO, 29}, {EISCONN, 30}, {EISDIR, 31}, {ELOOP, 32},
    {EMFILE, 33}, {EMLINK, 34}, {EMSGSIZE, 35}, {EMULTIHOP, 36},
    {ENAMETOOLONG, 37}, {ENETDOWN, 38}, {ENETRESET, 39},
    {ENETUNREACH, 40}, {ENFILE, 41}, {ENOBUFS, 42}, {ENODEV, 43},
    {ENOENT, 44}, {ENOEXEC, 45}, {ENOLCK, 46}, {ENOLINK, 47},
    {ENOMEM, 48}, {ENOMSG, 49}, {ENOPROTOOPT, 50}, {ENOSPC, 51},
    {ENOSYS, 52}, {ENOTCONN, 53}, {ENOTDIR, 54}, {ENOTEMPTY, 55},
    {ENOTRECOVERABLE, 56}, {ENOTSOCK, 57}, {ENOTSUP, 58},
    {EOPNOTSUPP, 58}, {ENOTTY, 59}, {ENXIO, 60}, {EOVERFLOW, 61},
    {EOWNERDEAD, 62}, {EPERM, 63}, {EPIPE, 64}, {EPROTO, 65},
    {EPROTONOSUPPORT, 66}, {EPROTOTYPE, 67}, {ERANGE, 68}, {EROFS, 69},
    {ESPIPE, 70}, {ESRCH, 71}, {ESTALE, 72}, {ETIMEDOUT, 73},
    {ETXTBSY, 74}, {EXDEV, 75}, {EWOULDBLOCK, 6},
};

int32_t kw_errno(int e)
{
    if (e == 0)
        return 0;
    for (size_t i = 0; i < sizeof errno_map / sizeof errno_map[0]; i++)
        if (errno_map[i].host == e)
            return errno_map[i].wasi;
    return KW_EIO;
}

int32_t kw_err(void)
{
    return kw_errno(errno);
}
