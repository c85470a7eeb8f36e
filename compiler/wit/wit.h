/* The WIT library: the public header.  Lexes, parses and resolves WIT
 * (the Component Model's interface language, design/mvp/WIT.md) into the
 * resolved model below, and prints it back as normalized WIT.
 *
 * The model is made for code generators:
 *  - every type reference points at the node it names: a use of `foo`
 *    where `record foo` is declared points at foo's record node; a name
 *    declared as `type a = b` or brought in by `use` is a WIT_ALIAS node
 *    whose `elem` is the node named (wit_type_resolve() strips aliases);
 *  - a bare resource name used as a type is an owned handle: the node is
 *    the resource (or an alias of it); `own<r>` is normalized to that;
 *    `borrow<r>` is a WIT_BORROW node whose `elem` is the resource node;
 *  - anonymous types (list<..>, tuple<..>, u32, ...) are their own nodes,
 *    one per occurrence, reachable from the field, case, parameter or
 *    result that holds them;
 *  - every array is in declaration order, so output is stable.
 * All memory belongs to the WitResolve's arena; wit_free releases it.
 */
#ifndef KILN_WIT_WIT_H
#define KILN_WIT_WIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/arena.h"
#include "util/diag.h"

typedef struct WitType WitType;
typedef struct WitFunc WitFunc;
typedef struct WitInterface WitInterface;
typedef struct WitWorld WitWorld;
typedef struct WitPackage WitPackage;
typedef struct WitUse WitUse;

/* A source position: file name as given to the loader, 1-based line and
 * column (in bytes). */
typedef struct WitLoc {
    const char *file;
    unsigned line, col;
} WitLoc;

/* Feature gates written before an item.  Each field is NULL when absent:
 * `@since(version = 0.2.1)` -> since "0.2.1",
 * `@unstable(feature = fancy)` -> unstable "fancy",
 * `@deprecated(version = 0.2.2)` -> deprecated "0.2.2". */
typedef struct WitGate {
    const char *since;
    const char *unstable;
    const char *deprecated;
} WitGate;

typedef enum WitTypeKind {
    /* primitives */
    WIT_BOOL,
    WIT_S8,
    WIT_U8,
    WIT_S16,
    WIT_U16,
    WIT_S32,
    WIT_U32,
    WIT_S64,
    WIT_U64,
    WIT_F32,
    WIT_F64,
    WIT_CHAR,
    WIT_STRING,
    WIT_ERROR_CONTEXT, /* async: `error-context` */
    /* anonymous compound types */
    WIT_LIST,   /* elem; length > 0 for the fixed-size `list<T, N>` */
    WIT_MAP,    /* key, elem (the value) */
    WIT_OPTION, /* elem */
    WIT_RESULT, /* ok, err: each NULL when absent (`result`, `result<_, E>`) */
    WIT_TUPLE,  /* elems */
    WIT_BORROW, /* elem: the resource node (or an alias of it) */
    WIT_FUTURE, /* elem, NULL for a bare `future` */
    WIT_STREAM, /* elem, NULL for a bare `stream` */
    /* named definitions (name != NULL) */
    WIT_RECORD,   /* fields */
    WIT_VARIANT,  /* cases, each with an optional payload */
    WIT_ENUM,     /* cases, no payloads */
    WIT_FLAGS,    /* cases (1..32 labels), no payloads */
    WIT_RESOURCE, /* funcs; as a type reference: an owned handle */
    WIT_ALIAS,    /* `type name = elem;` or a name brought in by `use` */
} WitTypeKind;

/* A record field. */
typedef struct WitField {
    const char *name;
    WitType *type;
    const char *docs;
    WitLoc loc;
} WitField;

/* A variant case (type: payload or NULL), an enum case or a flag label
 * (type always NULL). */
typedef struct WitCase {
    const char *name;
    WitType *type;
    const char *docs;
    WitLoc loc;
} WitCase;

/* One type node.  Which fields are meaningful depends on kind (see the
 * enum); the others are zero. */
struct WitType {
    WitTypeKind kind;
    const char *name;   /* named definitions and aliases; NULL otherwise */
    const char *docs;   /* `///` text of a named definition, or NULL */
    WitGate gate;
    WitLoc loc;
    WitInterface *iface; /* owner of a named type declared in an interface */
    WitWorld *world;     /* owner of a named type declared in a world */
    const WitUse *use;   /* WIT_ALIAS made by a `use` statement, else NULL */
    const char *external_id; /* `@external-id("...")`, or NULL */

    WitType *elem; /* list, map value, option, future, stream, borrow, alias */
    WitType *key;  /* map */
    uint32_t length; /* fixed-size list length, 0 for list<T> */
    WitType *ok, *err; /* result */
    WitType **elems;   /* tuple */
    size_t nelems;
    WitField *fields; /* record */
    size_t nfields;
    WitCase *cases; /* variant, enum, flags */
    size_t ncases;
    WitFunc **funcs; /* resource: constructor, methods, statics in order */
    size_t nfuncs;
};

typedef enum WitFuncKind {
    WIT_FUNC_FREESTANDING,
    WIT_FUNC_CONSTRUCTOR, /* result: the written result<r, E>, or r itself */
    WIT_FUNC_METHOD,      /* params[0] is the implicit `self: borrow<r>` */
    WIT_FUNC_STATIC,
} WitFuncKind;

/* A parameter. */
typedef struct WitParam {
    const char *name;
    WitType *type;
    WitLoc loc;
} WitParam;

/* A function: freestanding (interface or world) or part of a resource. */
struct WitFunc {
    WitFuncKind kind;
    const char *name;     /* as written: `read`; constructors: "constructor" */
    const char *abi_name; /* the Component Model name: "read",
                             "[method]blob.read", "[static]blob.merge",
                             "[constructor]blob" */
    bool is_async;
    WitParam *params; /* methods: params[0] is the implicit self */
    size_t nparams;
    WitType *result; /* NULL: no result */
    WitType *resource; /* the resource of a constructor, method or static */
    const char *docs;
    WitGate gate;
    const char *external_id;
    WitLoc loc;
};

/* One name of a `use`: `name` as declared in the other interface, `as`
 * the local name when renamed (else NULL), `alias` the WIT_ALIAS node it
 * creates in the using scope (its elem is the used definition). */
typedef struct WitUseName {
    const char *name;
    const char *as;
    WitType *alias;
    WitLoc loc;
} WitUseName;

/* `use path.{a, b as c};` inside an interface or a world. */
struct WitUse {
    WitInterface *from;
    WitUseName *names;
    size_t nnames;
    const char *docs;
    WitGate gate;
    WitLoc loc;
};

/* An interface: named (`interface foo { }` in a package) or inline in a
 * world (`import foo: interface { }`: name NULL, world set). */
struct WitInterface {
    const char *name;
    const char *qualified; /* "ns:pkg/name@ver", "ns:pkg/name"; NULL inline */
    WitPackage *package;
    WitWorld *world; /* the world holding an inline interface */
    WitUse **uses;
    size_t nuses;
    /* Named types: first the aliases made by `use` (in `use` order),
     * then the declared ones in declaration order.  A type may refer to
     * one declared after it (WIT allows that); generators that need
     * definitions first must order them themselves. */
    WitType **types;
    size_t ntypes;
    WitFunc **funcs; /* freestanding functions */
    size_t nfuncs;
    const char *docs;
    WitGate gate;
    WitLoc loc;
};

typedef enum WitWorldItemKind {
    WIT_WORLD_INTERFACE,
    WIT_WORLD_FUNC,
    WIT_WORLD_TYPE, /* resolved imports only: a world's named types */
} WitWorldItemKind;

/* An import or export of a world. */
typedef struct WitWorldItem {
    WitWorldItemKind kind;
    bool is_export;
    /* The name the component sees: "ns:pkg/iface@ver" for an interface
     * imported by path, else the plain name (`import foo: ...`). */
    const char *name;
    bool named;        /* written `name: ...` (plain name) */
    WitInterface *iface; /* kind INTERFACE (inline or by path) */
    WitFunc *func;     /* kind FUNC (renamed by `include ... with`: a copy
                          whose name and abi_name are the new name) */
    WitType *type;     /* kind TYPE */
    bool implicit;     /* resolved list only: added because an imported or
                          exported interface uses this one's types */
    const char *docs;
    WitGate gate;
    const char *external_id;
    WitLoc loc;
} WitWorldItem;

/* `include other with { a as b };` in a world. */
typedef struct WitInclude {
    WitWorld *world;
    const char **with_from; /* renames: with_from[i] as with_to[i] */
    const char **with_to;
    size_t nwith;
    const char *docs;
    WitGate gate;
    WitLoc loc;
} WitInclude;

struct WitWorld {
    const char *name;
    const char *qualified; /* "ns:pkg/name@ver" */
    WitPackage *package;
    /* As written (what the printer prints). */
    WitUse **uses;
    size_t nuses;
    WitType **types; /* named types declared in the world, use aliases too */
    size_t ntypes;
    WitWorldItem **items; /* imports and exports in written order */
    size_t nitems;
    WitInclude **includes;
    size_t nincludes;
    /* Resolved (what generators use): includes merged and renamed,
     * interfaces needed by used types imported implicitly (before the
     * item needing them), world types as WIT_WORLD_TYPE imports. */
    WitWorldItem **imports;
    size_t nimports;
    WitWorldItem **exports;
    size_t nexports;
    const char *docs;
    WitGate gate;
    WitLoc loc;
};

/* A package `ns:name@version`, from a folder, a file or a nested
 * `package ns:name { ... }` block. */
struct WitPackage {
    const char *ns;
    const char *name;
    const char *version; /* semver text, or NULL */
    const char *qualified; /* "ns:name@version" or "ns:name" */
    WitInterface **interfaces;
    size_t ninterfaces;
    WitWorld **worlds;
    size_t nworlds;
    const char *docs; /* docs written before `package ...;` */
    WitLoc loc;
};

/* Everything loaded from one root: packages in dependency order (each
 * after every package it uses). */
typedef struct WitResolve {
    Arena arena;
    WitPackage **packages;
    size_t npackages;
    WitPackage *main; /* the root package */
    /* Packages defined by the root file or folder itself (the root and
     * its nested `package { }` blocks), in source order. */
    WitPackage **roots;
    size_t nroots;
} WitResolve;

typedef struct WitLoadOptions {
    /* Report every error found (for `kiln wit --check`) rather than only
     * the first one. */
    bool all_errors;
} WitLoadOptions;

/* Loads a folder (all its .wit files form the root package; `deps/`
 * holds dependency packages, each a folder or a single .wit file, whose
 * own `deps/` folders are read too) or a single .wit file (its nested
 * `package { }` blocks are its dependencies).  Errors go to diag as
 * file:line:col with the source line and a caret; NULL on error. */
WitResolve *wit_load(const char *path, const WitLoadOptions *opt, Diag *diag);
WitResolve *wit_load_dir(const char *dir, Diag *diag);
WitResolve *wit_load_file(const char *path, Diag *diag);
void wit_free(WitResolve *r);

/* Lookups.  A world or interface is named by its bare name (in the root
 * package) or by "ns:pkg/name" with an optional "@version".  world NULL:
 * the root package's only world.  NULL when not found or ambiguous. */
WitWorld *wit_find_world(const WitResolve *r, const char *spec);
WitInterface *wit_find_interface(const WitResolve *r, const char *spec);
/* "ns:name" or "ns:name@version". */
WitPackage *wit_find_package(const WitResolve *r, const char *spec);

/* Follows WIT_ALIAS nodes to the definition. */
const WitType *wit_type_resolve(const WitType *t);
/* "u32", "record", "list", ... */
const char *wit_type_kind_name(WitTypeKind k);

/* The printer: normalized WIT.  Packages print as `package ns:name@v;`
 * followed by their interfaces and worlds (nested: as a `package { }`
 * block); within an interface `use`s come first, then types, then
 * functions, each in declaration order; docs and gates are kept.
 * References to interfaces of other packages print fully qualified, so
 * top-level `use` aliases are not needed. */
void wit_print_package(FILE *out, const WitPackage *p);
void wit_print_package_nested(FILE *out, const WitPackage *p);
void wit_print_world(FILE *out, const WitWorld *w);
void wit_print_interface(FILE *out, const WitInterface *i);
/* A type as it appears in a reference: its name when named, else its
 * structure (`list<tuple<u8, string>>`). */
void wit_print_type_ref(FILE *out, const WitType *t);

#endif
