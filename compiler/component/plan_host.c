/* The runtime's WASI 0.2 host table as the link planner sees it: the
 * X-macro rows of runtime/wasi_p2/host_table.inc (generated from wit/ by
 * `kiln bindgen c --host-table`), one PlanHostFunc per function and the
 * resources in row order (their position is the host resource id,
 * runtime/kiln_cm.h KilnResourceDesc.host_type - 1). */
#include <string.h>

#include "component/plan_internal.h"

static const PlanHostFunc host_funcs[] = {
#define KILN_HOST_RESOURCE(c_name, iface, resource)
#define KILN_HOST_FUNC(c_name, iface, abi_name, type_key) \
    {#c_name, iface, abi_name, type_key},
#include "component/plan_host_table.inc"
#undef KILN_HOST_FUNC
#undef KILN_HOST_RESOURCE
};

typedef struct HostResource {
    const char *iface, *name;
} HostResource;

static const HostResource host_resources[] = {
#define KILN_HOST_RESOURCE(c_name, iface, resource) {iface, resource},
#define KILN_HOST_FUNC(c_name, iface, abi_name, type_key)
#include "component/plan_host_table.inc"
#undef KILN_HOST_FUNC
#undef KILN_HOST_RESOURCE
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

const PlanHostFunc *plan_host_func(const char *iface, const char *abi_name)
{
    for (size_t i = 0; i < COUNT(host_funcs); i++)
        if (strcmp(host_funcs[i].iface, iface) == 0 &&
            strcmp(host_funcs[i].abi_name, abi_name) == 0)
            return &host_funcs[i];
    return NULL;
}

int32_t plan_host_resource(const char *iface, const char *name)
{
    for (size_t i = 0; i < COUNT(host_resources); i++)
        if (strcmp(host_resources[i].iface, iface) == 0 &&
            strcmp(host_resources[i].name, name) == 0)
            return (int32_t)i;
    return -1;
}

/* True when the runtime implements anything of interface `iface`. */
bool plan_host_knows(const char *iface)
{
    for (size_t i = 0; i < COUNT(host_funcs); i++)
        if (strcmp(host_funcs[i].iface, iface) == 0)
            return true;
    for (size_t i = 0; i < COUNT(host_resources); i++)
        if (strcmp(host_resources[i].iface, iface) == 0)
            return true;
    return false;
}

uint32_t plan_host_nresources(void) { return (uint32_t)COUNT(host_resources); }
