/* Internal interface of the C generator: names, type declarations, free
 * helpers and flat lowering/lifting code shared by the guest and host
 * modes.  Type layout equals the Canonical ABI's (abi.h) so memory stores
 * and loads are plain C struct copies; the generated code checks it with
 * _Static_assert. */
#ifndef KILN_BINDGEN_BG_H
#define KILN_BINDGEN_BG_H

#include <stdbool.h>
#include <stdio.h>

#include "bindgen/abi.h"
#include "util/arena.h"
#include "util/diag.h"
#include "wit/wit.h"

typedef struct BgIfaceName {
    const WitInterface *iface;
    const char *cname; /* "<world>_<iface>" */
    const char *item;  /* the world item name (core module) */
    bool exported;
} BgIfaceName;

typedef struct Bg {
    Arena arena;
    Diag *diag;
    bool host;           /* host mode: guest pointers are uint32_t */
    const char *world;   /* snake world name: prefix of every name */
    const char *strip;   /* scope prefix left out of anonymous type names */
    FILE *types;         /* header: type declarations */
    FILE *decls;         /* header: function declarations */
    FILE *glue;          /* .c: glue (host mode: the header, for layout
                            assertions) */
    BgIfaceName *ifaces;
    size_t nifaces, cap_ifaces;
    const char **done; /* emitted type names */
    size_t ndone, cap_done;
    bool failed;
} Bg;

void bg_init(Bg *g, Diag *diag, const char *world, bool host);
void bg_fini(Bg *g);
char *bg_snake(Bg *g, const char *kebab);
char *bg_upper(Bg *g, const char *s);
/* Writes docs as a C comment (indent spaces before each line). */
void bg_doc(FILE *o, const char *docs, int indent);
/* Reports an unsupported construct at loc (NULL: no location). */
void bg_error(Bg *g, const WitLoc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Registers an interface's C prefix (call for every world item first). */
void bg_add_iface(Bg *g, const WitInterface *i, const char *item, bool exported);
const BgIfaceName *bg_iface(Bg *g, const WitInterface *i);
/* "<world>_<iface>" or "<world>" for world-level names. */
const char *bg_scope(Bg *g, const WitType *named);
/* A resource declared in an exported interface (implemented here). */
bool bg_resource_exported(Bg *g, const WitType *res);

/* The C type of a WIT type ("uint32_t", "w_string_t", "w_api_point_t",
 * "w_api_blob_t *" for borrows of exported resources); declares it first
 * when needed. */
const char *bg_ctype(Bg *g, const WitType *t);
/* Name stem of a type's helpers: ctype without "_t" ("w_api_point"). */
const char *bg_stem(Bg *g, const WitType *t);
/* True when a value owns memory (strings, lists inside). */
bool bg_needs_free(const WitType *t);

/* Flat code.  A slot array names the core values: `<prefix><base+i>`
 * with core types types[]. */
typedef struct BgSlots {
    const char *prefix;
    const AbiCore *types;
} BgSlots;

const char *bg_core_ctype(AbiCore c); /* int32_t, int64_t, float, double */
/* Emits statements storing the flattening of value `expr` into slots
 * [base..] (indent: leading spaces). */
void bg_lower(Bg *g, FILE *o, const WitType *t, const char *expr,
              const BgSlots *s, size_t base, int indent);
/* Emits statements setting lvalue `lv` from slots [base..]. */
void bg_lift(Bg *g, FILE *o, const WitType *t, const char *lv,
             const BgSlots *s, size_t base, int indent);

/* Function glue (bg_func.c): an import wrapper `cname` calling the core
 * import module/field f->abi_name; an export `ename` calling the author's
 * `cname`.  Both also declare the C function in the header. */
void bg_gen_import(Bg *g, const WitFunc *f, const char *module, const char *cname);
void bg_gen_export(Bg *g, const WitFunc *f, const char *ename, const char *cname);

#endif
