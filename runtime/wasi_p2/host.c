/* host.c: the WASI 0.2 host state of one component instantiation
 * (wasi_p2.h): arguments, environment and std streams copied from the
 * KilnWasiConfig, the filesystem part (filesystem.c), the network part
 * (sockets_net.c, weak: linked only with a sockets import) and the
 * resource names listed by the host table (host_table.inc, the `resource`
 * items of the wit/ packages the runtime implements).  The destructors
 * are not dispatched here: the component descriptor names each imported
 * resource's drop (kiln_cm.h KilnResourceDesc.drop), so that a program
 * links only the interfaces it imports (host_drop.c keeps a dispatch for
 * descriptors made by hand). */
#include <stdio.h>
#include <string.h>

#include "p2.h"

/* sockets_net.c, when a sockets import links it */
#pragma weak p2_net_init
#pragma weak p2_net_fini

P2Host *p2_host(KilnCanonCx *cx)
{
    P2Host *h = cx->ci->wasi;
    if (!h)
        kiln_trap_host("WASI is not available to this component");
    return h;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = kiln_rt_alloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static char **dup_strs(int n, const char *const *v, bool *ok)
{
    char **d = kiln_rt_alloc(sizeof(char *) * (size_t)(n > 0 ? n : 1));
    if (!d) {
        *ok = false;
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (!(d[i] = dup_str(v[i])))
            *ok = false;
    return d;
}

static void free_strs(char **v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        kiln_rt_free(v[i]);
    kiln_rt_free(v);
}

void *kiln_wasi_p2_new(const KilnWasiConfig *cfg, char *err, size_t errlen)
{
    static const KilnWasiConfig none = {.stdin_fd = -1, .stdout_fd = -1,
                                        .stderr_fd = -1};
    if (!cfg)
        cfg = &none;
    P2Host *h = kiln_rt_alloc(sizeof *h);
    if (!h) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    bool ok = true;
    h->argc = cfg->argc;
    h->argv = dup_strs(cfg->argc, cfg->argv, &ok);
    h->envc = cfg->envc;
    h->envp = dup_strs(cfg->envc, cfg->envp, &ok);
    h->stdin_fd = cfg->stdin_fd;
    h->stdout_fd = cfg->stdout_fd;
    h->stderr_fd = cfg->stderr_fd;
    if (!ok) {
        snprintf(err, errlen, "out of memory");
        kiln_wasi_p2_free(h);
        return NULL;
    }
    if (!p2_fs_init(h, cfg, err, errlen) ||
        (p2_net_init && !p2_net_init(h, cfg, err, errlen))) {
        kiln_wasi_p2_free(h);
        return NULL;
    }
    return h;
}

void kiln_wasi_p2_free(void *host)
{
    P2Host *h = host;
    if (!h)
        return;
    p2_fs_fini(h);
    if (p2_net_fini)
        p2_net_fini(h);
    free_strs(h->argv, h->argc);
    free_strs(h->envp, h->envc);
    kiln_rt_free(h);
}

const char *kiln_wasi_p2_resource_name(uint32_t host_type)
{
    static const char *const names[] = {
#define KILN_HOST_RESOURCE(c_name, iface, name) iface "#" name,
#define KILN_HOST_FUNC(c_name, iface, abi_name, key)
#include "host_table.inc"
#undef KILN_HOST_RESOURCE
#undef KILN_HOST_FUNC
    };
    return host_type < KILN_HR_COUNT ? names[host_type] : "?";
}
