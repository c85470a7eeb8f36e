/* The link plan of a component (shared/DESIGN.md, "Plan"): the component
 * instantiated statically.  plan_build() walks a validated CmpFile from
 * its root (nested components, component and core instances, aliases incl.
 * outer ones, re-exports) and produces:
 *  - the distinct core modules to compile (each once, however often it
 *    is instantiated);
 *  - the core instances in instantiation order, every import of each
 *    bound to one PlanBinding: an item of an earlier core instance (also
 *    the shim / indirect table / fixup-module pattern: a table or function
 *    exported by one instance and imported by another is just that), a
 *    host function of the runtime (canon lower of a WASI import), a
 *    function lifted by another component instance (a fused adapter), a
 *    resource built-in, or a trap (--unknown-imports=trap);
 *  - the resource types (host resources by their WIT name, guest ones per
 *    defining component instance), the component instances (each has its
 *    own handle table and flags), and the root's exported functions.
 * Inline-export core instances (`(core instance (export "f" (func 3)))`)
 * and component-level instances disappear: every reference is followed
 * to the core instance item or the canon definition it names.
 *
 * Imports of the root component must be implemented by the runtime (the
 * host table, runtime/wasi_p2/host_table.inc): any 0.2.x version of an
 * interface binds to it, and the function type must be the one the
 * runtime implements (same abi_func_key).  Anything else is refused with
 * the import's full name ("unknown import `wasi:http/types@0.2.0#[method]
 * fields.get`"), or bound to a trap with PlanOptions.unknown_imports_trap.
 * Instance imports of interfaces with no function the runtime knows are
 * refused as a whole unless trapping is allowed; the version of the
 * interface must be 0.2.x (a plain-named import with an `implements`
 * attribute binds by the interface it implements).  Several imports of
 * one host resource (wasi:io/streams@0.2.0 and @0.2.3, or
 * wasi:cli/stdout's `eq` re-export) are one PlanResource.
 *
 * Handle types: a resource type reaches codegen as a WIT_RESOURCE node
 * of one component instance's view (its imports, aliases, own
 * definitions, instance types); plan_resource_of() maps (component
 * instance, node) to the PlanResource, for every handle type in the
 * func types of bindings (with lower.comp_instance) and exports (with
 * lift.comp_instance).
 *
 * All memory belongs to the plan's arena (plan_free); names and types
 * point into the CmpFile, which must outlive the plan.
 */
#ifndef KILN_COMPONENT_PLAN_H
#define KILN_COMPONENT_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "component/component.h"
#include "util/arena.h"
#include "util/diag.h"

/* An item of a plan core instance: `index` in the index space of `kind`
 * (WasmExternKind: func, table, memory, global) of the instance's module.
 * `export_index` is the position in the module's export list when the
 * item is reached through an export (always, for items of other
 * instances), else UINT32_MAX. */
typedef struct PlanItem {
    uint32_t instance;
    WasmExternKind kind;
    uint32_t index;
    uint32_t export_index;
} PlanItem;

/* Canon options resolved to plan items. */
typedef struct PlanCanonOpts {
    CmpStringEncoding encoding;
    bool has_memory, has_realloc, has_post_return;
    PlanItem memory;      /* kind MEMORY */
    PlanItem realloc;     /* kind FUNC, export_index set */
    PlanItem post_return; /* kind FUNC, export_index set */
    uint32_t comp_instance; /* the component instance of the canon */
} PlanCanonOpts;

/* A function of the runtime's host table. */
typedef struct PlanHostFunc {
    const char *c_name;   /* "wasi_io_streams_output_stream_write" */
    const char *iface;    /* "wasi:io/streams" */
    const char *abi_name; /* "[method]output-stream.write" */
    const char *type_key; /* abi_func_key() */
} PlanHostFunc;

typedef enum PlanBindKind {
    PLAN_BIND_ITEM,          /* `item` of an earlier core instance */
    PLAN_BIND_HOST,          /* canon lower of a runtime function */
    PLAN_BIND_LIFTED,        /* canon lower of a lifted function (fused) */
    PLAN_BIND_RESOURCE_NEW,  /* canon resource.new */
    PLAN_BIND_RESOURCE_DROP, /* canon resource.drop */
    PLAN_BIND_RESOURCE_REP,  /* canon resource.rep */
    PLAN_BIND_TRAP,          /* unknown import, --unknown-imports=trap */
} PlanBindKind;

typedef struct PlanBinding {
    PlanBindKind kind;
    PlanItem item;            /* ITEM */
    const CmpType *func;      /* HOST, LIFTED, TRAP: the component func type */
    PlanCanonOpts lower;      /* HOST, LIFTED: the canon lower's options */
    const PlanHostFunc *host; /* HOST */
    PlanItem callee;          /* LIFTED: the lifted core function */
    PlanCanonOpts lift;       /* LIFTED: the canon lift's options */
    uint32_t resource;        /* RESOURCE_*: Plan.resources index */
    uint32_t comp_instance;   /* RESOURCE_*: whose handle table */
    /* HOST, TRAP: the full name, "wasi:io/streams@0.2.3#[method]
     * output-stream.write" (plain name for a function imported alone) */
    const char *name;
} PlanBinding;

typedef struct PlanModule {
    const WasmModule *module;
    uint32_t offset; /* of its preamble in the file (diagnostics) */
} PlanModule;

typedef struct PlanCoreInstance {
    uint32_t module;        /* Plan.modules index */
    PlanBinding *imports;   /* one per module import, in import order */
    uint32_t comp_instance; /* the component instance it belongs to */
} PlanCoreInstance;

typedef struct PlanResource {
    const char *name;       /* "wasi:io/streams#output-stream", or a
                               guest resource's name when it has one */
    int32_t host_type;      /* host table resource id, or -1: a guest's */
    uint32_t comp_instance; /* guest: the defining component instance */
    bool has_dtor;
    PlanItem dtor;          /* kind FUNC, export_index set */
    const CmpType *type;    /* its CMP_TYPE_RESOURCE (a representative) */
} PlanResource;

typedef struct PlanCompInstance {
    int32_t parent; /* -1 for the root */
    const char *name; /* the instantiating definition's name, or NULL */
} PlanCompInstance;

/* A function exported by the root (directly or inside an exported
 * instance): `name` as in KilnLiftDesc ("wasi:cli/run@0.2.3#run", "add"). */
typedef struct PlanExport {
    const char *name;
    const CmpType *func;
    PlanItem core; /* the lifted core function, export_index set */
    PlanCanonOpts lift;
} PlanExport;

/* Which plan resource a resource node of a component instance's types
 * stands for: `node` is a WIT_RESOURCE node as the definitions of
 * component instance `comp_instance` see it (its imports, aliases and
 * own resources; types in the func types of its lifts and lowers). */
typedef struct PlanResourceRef {
    uint32_t comp_instance;
    const WitType *node;
    uint32_t resource;
} PlanResourceRef;

typedef struct Plan {
    Arena arena;
    PlanModule *modules;
    uint32_t nmodules;
    PlanCoreInstance *instances;
    uint32_t ninstances;
    PlanResource *resources;
    uint32_t nresources;
    PlanCompInstance *comp_instances;
    uint32_t ncomp_instances;
    PlanExport *exports;
    uint32_t nexports;
    int32_t run_export; /* wasi:cli/run@0.2.x#run, or -1 */
    PlanResourceRef *resource_refs;
    uint32_t nresource_refs;
} Plan;

typedef struct PlanOptions {
    bool unknown_imports_trap;
    /* --emit lib: functions of imported interfaces the runtime does not
     * implement are provided by the embedding C host (PLAN_BIND_HOST with
     * a PlanHostFunc made for them): `<ns>_<pkg>_<iface>_<func>` by the
     * host C ABI rule, `<embed_prefix>_<func>` for a function imported
     * alone (docs/embedding.md).  NULL: refused (or trap, above). */
    const char *embed_prefix;
} PlanOptions;

/* Builds the plan of a validated component; false after reporting
 * through `diag` (file and byte offset of the definition at fault). */
bool plan_build(const CmpFile *f, const PlanOptions *opts, Plan *out,
                Diag *diag);
void plan_free(Plan *p);

/* The Plan.resources index of a resource type as component instance
 * `comp_instance` sees it: `t` is an own handle (the WIT_RESOURCE node or
 * a WIT_ALIAS of it) or a WIT_BORROW of one; -1 when unknown. */
int32_t plan_resource_of(const Plan *p, uint32_t comp_instance,
                         const WitType *t);

/* The runtime's host table (runtime/wasi_p2/host_table.inc). */
const PlanHostFunc *plan_host_func(const char *iface, const char *abi_name);
/* Host resource id (KilnResourceDesc.host_type - 1), or -1. */
int32_t plan_host_resource(const char *iface, const char *name);

/* A readable listing (kiln-wasm-check --plan, tests). */
void plan_dump(FILE *out, const Plan *p);

#endif
