/* The decoded form of a component (Component Model binary format,
 * design/mvp/Binary.md; semantics in Explainer.md and CanonicalABI.md).
 *
 * cmp_decode() reads a component and resolves every index as it goes,
 * building the index spaces incrementally exactly as the spec defines
 * them (an index refers only to definitions before it).  What later
 * definitions depend on is checked there too: sorts and type kinds of
 * indices, component instantiation (arguments against imports, with the
 * resulting instance's types substituted: imported resources and (eq)
 * types replaced by the supplied ones, the component's own resources
 * fresh per instantiation), alias targets, element size and nesting
 * bounds, and that imports and exports name the nominal types they use.
 * cmp_validate() then checks, in binary order, the rest: core modules
 * (wasm_validate), core instantiation, canon options and lift/lower
 * signatures against the flattened function types, the start function,
 * name uniqueness and the [constructor]/[method]/[static] rules, export
 * ascriptions, and that values are consumed exactly once.
 *
 * Index spaces: every scope (a component, or a component, instance or
 * core module type being declared) has one CmpSpace per sort.  An entry
 * names the definition that introduced it (def + def_index into the
 * owning component's array of that definition kind) and carries its type,
 * so the link plan can walk from any index to its origin.
 *
 * Value types are WitType nodes (compiler/wit/wit.h): primitives, record,
 * variant, list (fixed-size too), tuple, flags, enum, option, result,
 * stream, future, error-context and map.  `own<R>` is the WIT_RESOURCE
 * node of R itself and `borrow<R>` a WIT_BORROW node whose elem is R's
 * node, as in the WIT model; a type index used as a value type yields the
 * very node the index names.  Types decoded from a binary are anonymous;
 * importing or exporting a type (`(type (eq i))`, `(export "n" (type i))`)
 * adds an index whose node is a WIT_ALIAS named by the import or export
 * (for resources, handles through that index are WIT_ALIAS nodes of the
 * resource), as `type n = ...` in WIT; an abstract `(sub resource)`
 * takes the name of its import or export.  wit_type_resolve() strips
 * the aliases.  Function, component, instance and
 * resource types, which WIT has no node for, are CmpType nodes.
 *
 * All memory belongs to the component's arena (cmp_free).
 */
#ifndef KILN_COMPONENT_COMPONENT_H
#define KILN_COMPONENT_COMPONENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/arena.h"
#include "util/diag.h"
#include "wasm/module.h"
#include "wit/wit.h"

/* Sorts, one index space each.  The core sorts come first. */
typedef enum CmpSort {
    CMP_CORE_FUNC,
    CMP_CORE_TABLE,
    CMP_CORE_MEMORY,
    CMP_CORE_GLOBAL,
    CMP_CORE_TAG,
    CMP_CORE_TYPE,
    CMP_CORE_MODULE,
    CMP_CORE_INSTANCE,
    CMP_FUNC,
    CMP_VALUE,
    CMP_TYPE,
    CMP_COMPONENT,
    CMP_INSTANCE,
    CMP_NSORTS
} CmpSort;

const char *cmp_sort_name(CmpSort s); /* "core func", ..., "instance" */

static inline bool cmp_sort_is_core(CmpSort s) { return s <= CMP_CORE_INSTANCE; }

/* The definition that introduced an index-space entry. */
typedef enum CmpDefKind {
    CMP_DEF_IMPORT,        /* Component.imports */
    CMP_DEF_EXPORT,        /* Component.exports (exports add an index) */
    CMP_DEF_ALIAS,         /* Component.aliases */
    CMP_DEF_CANON,         /* Component.canons */
    CMP_DEF_CORE_MODULE,   /* Component.modules */
    CMP_DEF_CORE_INSTANCE, /* Component.core_instances */
    CMP_DEF_CORE_TYPE,     /* a core type definition (core type section) */
    CMP_DEF_COMPONENT,     /* Component.components */
    CMP_DEF_INSTANCE,      /* Component.instances */
    CMP_DEF_TYPE,          /* a type definition (type section) */
    CMP_DEF_START,         /* a start function's result value */
    CMP_DEF_DECL,          /* a declarator inside a component/instance type */
} CmpDefKind;

typedef struct CmpType CmpType;
typedef struct CmpCoreType CmpCoreType;
typedef struct CmpComponent CmpComponent;
typedef struct CmpScope CmpScope;

/* A core external's type: what a core func/table/memory/global/tag
 * index, an import of a module type or an export of a core instance is. */
typedef struct CmpCoreExtern {
    WasmExternKind kind;
    const WasmFuncType *func; /* func, tag */
    WasmTableType table;
    WasmLimits memory;
    WasmGlobalType global;
} CmpCoreExtern;

typedef struct CmpCoreImport {
    WasmName module, name;
    CmpCoreExtern type;
} CmpCoreImport;

typedef struct CmpCoreExport {
    WasmName name;
    CmpCoreExtern type;
} CmpCoreExport;

typedef enum CmpCoreTypeKind {
    CMP_CORE_TYPE_FUNC,
    CMP_CORE_TYPE_MODULE,
    CMP_CORE_TYPE_INSTANCE, /* the type of a core instance */
} CmpCoreTypeKind;

/* A core type: a function type, a module type (imports + exports) or the
 * exports of a core instance. */
struct CmpCoreType {
    CmpCoreTypeKind kind;
    uint32_t offset;
    WasmFuncType func;
    CmpCoreImport *imports;
    uint32_t nimports;
    CmpCoreExport *exports;
    uint32_t nexports;
    CmpScope *scope; /* module types declared in a type section */
};

/* Import/export names (Explainer.md "Import and Export Definitions"). */
typedef enum CmpNameKind {
    CMP_NAME_PLAIN,       /* label */
    CMP_NAME_CONSTRUCTOR, /* [constructor]R */
    CMP_NAME_METHOD,      /* [method]R.m */
    CMP_NAME_STATIC,      /* [static]R.m */
    CMP_NAME_INTERFACE,   /* ns:pkg/iface@ver */
    CMP_NAME_DEP,         /* url=<...>, integrity=<...>, (un)locked-dep=<...> */
} CmpNameKind;

typedef struct CmpName {
    const char *str; /* the whole name */
    uint32_t len;
    CmpNameKind kind;
    const char *resource; /* constructor/method/static: R */
    const char *item;     /* method/static: m */
    const char *version;  /* interface names: the semver after '@', or NULL */
    const char *implements;     /* attribute, or NULL */
    const char *version_suffix; /* attribute, or NULL */
    const char *external_id;    /* attribute, or NULL */
    uint32_t offset;
} CmpName;

/* What an import, export or instance export is.  Component-level
 * `externtype`; for `type` the type (for `(sub resource)` a fresh abstract
 * resource). */
typedef enum CmpExternKind {
    CMP_EXTERN_MODULE = 0,
    CMP_EXTERN_FUNC = 1,
    CMP_EXTERN_VALUE = 2,
    CMP_EXTERN_TYPE = 3,
    CMP_EXTERN_COMPONENT = 4,
    CMP_EXTERN_INSTANCE = 5,
} CmpExternKind;

typedef struct CmpExtern {
    CmpName name;
    CmpExternKind kind;
    CmpCoreType *module; /* MODULE */
    CmpType *type;       /* FUNC, COMPONENT, INSTANCE, TYPE; VALUE: a value type */
    bool sub_resource;   /* TYPE: declared `(sub resource)` */
    uint32_t type_index; /* the type index as written (not for sub resource) */
    uint32_t offset;
} CmpExtern;

typedef enum CmpTypeKind {
    CMP_TYPE_VALUE,     /* a defvaltype: `val` */
    CMP_TYPE_FUNC,
    CMP_TYPE_COMPONENT, /* imports + exports */
    CMP_TYPE_INSTANCE,  /* exports */
    CMP_TYPE_RESOURCE,  /* `val` is its WIT_RESOURCE node */
} CmpTypeKind;

typedef struct CmpParam {
    const char *name;
    WitType *type;
} CmpParam;

struct CmpType {
    CmpTypeKind kind;
    uint32_t offset;
    uint32_t depth; /* VALUE: nesting depth of the value type */
    WitType *val; /* VALUE: the value type; RESOURCE: the resource node */
    /* FUNC */
    bool is_async;
    CmpParam *params;
    uint32_t nparams;
    WitType *result; /* NULL: no result */
    /* COMPONENT, INSTANCE */
    CmpExtern *imports;
    uint32_t nimports;
    CmpExtern *exports;
    uint32_t nexports;
    CmpScope *scope; /* the declarators' scope (types written in a type
                        section), NULL for inferred types */
    /* RESOURCE */
    bool is_abstract;  /* imported or exported `(sub resource)` */
    WasmValType rep;   /* defined resources: i32 (i64 with memory64) */
    bool has_dtor;
    uint32_t dtor;     /* core func index */
    CmpComponent *owner; /* defined resources: the defining component */
    /* Resources: the scope that declared it (a component for defined
     * resources and imports, a component or instance type for declared
     * `(sub resource)`s).  Instantiating a component or importing an
     * instance type makes fresh copies of the resources declared inside
     * it; `origin` is the resource a copy was made from. */
    CmpScope *decl_scope;
    CmpType *origin;
    /* A resource imported or exported under a name: the WIT_ALIAS node
     * (name, elem = val) that handles written through this index use,
     * so that uses can be told to go through the name. */
    WitType *named;
};

/* One entry of an index space. */
typedef struct CmpEntry {
    CmpDefKind def;
    uint32_t def_index;
    uint32_t offset;
    CmpCoreExtern core;      /* core func, table, memory, global, tag */
    CmpCoreType *core_type;  /* core type, core module, core instance */
    CmpType *type;           /* func, value, type, component, instance */
} CmpEntry;

typedef struct CmpSpace {
    CmpEntry *items;
    uint32_t n, cap;
} CmpSpace;

typedef enum CmpScopeKind {
    CMP_SCOPE_COMPONENT,
    CMP_SCOPE_COMPONENT_TYPE,
    CMP_SCOPE_INSTANCE_TYPE,
    CMP_SCOPE_MODULE_TYPE,
} CmpScopeKind;

struct CmpScope {
    CmpScopeKind kind;
    CmpScope *parent;
    CmpComponent *component; /* the innermost enclosing component */
    CmpSpace space[CMP_NSORTS];
    /* component and instance types: declared imports and exports */
    CmpExtern *imports;
    uint32_t nimports, cap_imports;
    CmpExtern *exports;
    uint32_t nexports, cap_exports;
    /* named types and resources introduced by the imports / exports
     * read so far: the types of later imports (exports) may only use
     * nominal types through these names (Binary.md, import/export
     * notes; the external-visibility tests) */
    const WitType **vis_imported, **vis_exported;
    uint32_t nvis_imported, nvis_exported, cap_vis_imported, cap_vis_exported;
};

/* core:instance */
typedef struct CmpCoreArg {
    WasmName name;
    uint32_t instance; /* core instance index */
} CmpCoreArg;

typedef struct CmpCoreInlineExport {
    WasmName name;
    CmpSort sort; /* a core sort */
    uint32_t index;
} CmpCoreInlineExport;

typedef struct CmpCoreInstance {
    bool inline_exports; /* 0x01 form */
    uint32_t module;     /* 0x00 form: core module index */
    CmpCoreArg *args;
    uint32_t nargs;
    CmpCoreInlineExport *exports;
    uint32_t nexports;
    CmpCoreType *type; /* CMP_CORE_TYPE_INSTANCE: its exports */
    uint32_t offset;
} CmpCoreInstance;

/* instance */
typedef struct CmpArg {
    CmpName name; /* instantiate args: plain string; inline exports: names */
    CmpSort sort;
    uint32_t index;
    uint32_t offset;
} CmpArg;

typedef struct CmpInstance {
    bool inline_exports;
    uint32_t component; /* 0x00 form */
    CmpArg *args;       /* instantiate arguments, or the inline exports */
    uint32_t nargs;
    CmpType *type;      /* CMP_TYPE_INSTANCE */
    uint32_t offset;
} CmpInstance;

typedef enum CmpAliasKind {
    CMP_ALIAS_EXPORT,      /* (alias export i n) */
    CMP_ALIAS_CORE_EXPORT, /* (alias core export i n) */
    CMP_ALIAS_OUTER,       /* (alias outer ct idx) */
} CmpAliasKind;

typedef struct CmpAlias {
    CmpAliasKind kind;
    CmpSort sort;
    uint32_t instance; /* export aliases */
    WasmName name;     /* export aliases */
    uint32_t count, index; /* outer */
    uint32_t offset;
} CmpAlias;

typedef enum CmpStringEncoding {
    CMP_UTF8,
    CMP_UTF16,
    CMP_LATIN1_UTF16,
} CmpStringEncoding;

typedef struct CmpCanonOpts {
    CmpStringEncoding encoding;
    bool has_encoding;
    bool has_memory, has_realloc, has_post_return, is_async, has_callback;
    uint32_t memory, realloc, post_return, callback; /* core indices */
} CmpCanonOpts;

/* canon: one row per built-in, in binary opcode order is not needed. */
typedef enum CmpCanonKind {
    CMP_CANON_LIFT,
    CMP_CANON_LOWER,
    CMP_CANON_RESOURCE_NEW,
    CMP_CANON_RESOURCE_DROP,
    CMP_CANON_RESOURCE_REP,
    CMP_CANON_ASYNC, /* one of the async / thread built-ins (`opcode`) */
} CmpCanonKind;

typedef struct CmpCanon {
    CmpCanonKind kind;
    uint8_t opcode;   /* the binary opcode */
    uint32_t func;    /* lift: core func; lower: component func */
    uint32_t type;    /* lift: func type; resource.*: resource type */
    CmpCanonOpts opts;
    uint32_t result;  /* the index it defines (func or core func space) */
    uint32_t offset;
} CmpCanon;

typedef struct CmpStart {
    uint32_t func;
    uint32_t *args; /* value indices */
    uint32_t nargs;
    uint32_t nresults;
    uint32_t offset;
} CmpStart;

typedef struct CmpExport {
    CmpExtern ext;     /* name, kind and (inferred) type */
    CmpSort sort;
    uint32_t index;
    bool has_ascription;
    CmpExtern ascribed; /* the optional written externtype */
    uint32_t result;    /* the new index it adds to its sort's space */
} CmpExport;

typedef struct CmpImport {
    CmpExtern ext;
    uint32_t result; /* the index it adds */
} CmpImport;

typedef struct CmpCoreModule {
    WasmModule *module; /* decoded (and validated by cmp_validate) */
    CmpCoreType *type;  /* its module type */
    uint32_t offset;    /* of the module's preamble */
    uint32_t size;
} CmpCoreModule;

typedef struct CmpCustom {
    WasmName name;
    uint32_t offset, size; /* payload */
} CmpCustom;

typedef struct CmpSection {
    uint8_t id;
    uint32_t offset; /* of the id byte */
    uint32_t size;
    uint32_t first, count; /* definitions it added (per its kind's array) */
} CmpSection;

/* From the `component-name` custom section: names per sort. */
typedef struct CmpNameAssoc {
    uint32_t index;
    const char *name;
} CmpNameAssoc;

typedef struct CmpNameMap {
    CmpNameAssoc *names;
    uint32_t n;
} CmpNameMap;

struct CmpComponent {
    Arena *arena;            /* the root's arena */
    CmpComponent *parent;
    uint32_t offset, size;   /* of the preamble; size of the whole */
    CmpScope scope;          /* index spaces */
    CmpCoreModule *modules;
    uint32_t nmodules;
    CmpCoreInstance *core_instances;
    uint32_t ncore_instances;
    CmpComponent **components;
    uint32_t ncomponents;
    CmpInstance *instances;
    uint32_t ninstances;
    CmpAlias *aliases;
    uint32_t naliases;
    CmpCanon *canons;
    uint32_t ncanons;
    CmpStart *starts;
    uint32_t nstarts;
    CmpImport *imports;
    uint32_t nimports;
    CmpExport *exports;
    uint32_t nexports;
    CmpCustom *customs;
    uint32_t ncustoms;
    CmpSection *sections;
    uint32_t nsections;
    const char *name; /* component-name subsection 0, or NULL */
    CmpNameMap names[CMP_NSORTS];
    CmpType *type;    /* CMP_TYPE_COMPONENT: its imports and exports */
    /* private growth capacities */
    uint32_t cap[12];
};

/* A decoded component file: the root component and its arena. */
typedef struct CmpFile {
    Arena arena;
    const char *path;
    const uint8_t *bytes; /* the input; the model points into it */
    size_t size;
    CmpComponent *root;
    /* every resource type, for finding a resource's CmpType from its
     * WIT_RESOURCE node (cmp_resource_of) */
    CmpType **resources;
    uint32_t nresources, cap_resources;
} CmpFile;

/* The resource CmpType whose `val` is `node`, or NULL. */
CmpType *cmp_resource_of(const CmpFile *f, const WitType *node);

/* True when the 8-byte preamble says "component" (layer 1). */
bool cmp_is_component(const uint8_t *bytes, size_t size);

/* Decodes `size` bytes (which must outlive the result).  Embedded core
 * modules are decoded with wasm_decode; their errors are reported at
 * their offsets in this file.  On error reports through `diag` and
 * returns NULL. */
CmpFile *cmp_decode(const char *path, const uint8_t *bytes, size_t size,
                    Diag *diag);
/* Validates a decoded component (its core modules included); false
 * after reporting the first error. */
bool cmp_validate(CmpFile *f, Diag *diag);
void cmp_free(CmpFile *f);

/* A readable listing of sections, definitions and index spaces. */
void cmp_dump(FILE *out, const CmpFile *f);

/* Canonical ABI flattening (CanonicalABI.md "Flattening"): the core
 * types of one value type, appended to `out` (capacity `cap`); returns
 * the total count, which may exceed `cap` (then only `cap` are written). */
uint32_t cmp_flatten(const WitType *t, WasmValType *out, uint32_t cap);
/* flatten_functype(opts, ft, lift ? 'lift' : 'lower') into `arena`. */
WasmFuncType cmp_flatten_func(const CmpType *ft, bool lift, Arena *arena);

/* Prints a value type in component text-format style. */
void cmp_print_valtype(FILE *out, const WitType *t);

#endif
