/* kiln-spectest: runs WebAssembly spec scripts (.wast, through wabt's
 * wast2json, or its .json output) against modules compiled by kiln into
 * shared objects and loaded into this process.
 *
 * Files, each with its prefix:
 *   main.c     options, the list of files, totals
 *   runfile.c  st_file_*: one script per forked child, timeout, counts
 *   wast.c     st_wast_*: wast2json conversion and feature flags
 *   script.c   st_script_*: the commands of one script
 *   modules.c  st_mod_*: compile cache, loading, linking, registry
 *   values.c   st_val_*: JSON values, expected patterns, comparison
 *   host.c     st_host_*: the `spectest` module's objects, externrefs
 */
#ifndef KILN_SPECTEST_H
#define KILN_SPECTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "kiln_rt.h"

typedef struct StOptions {
    int opt_level;          /* -O: codegen level for spec modules */
    int verbose;            /* -v: notes and more detail */
    unsigned timeout;       /* seconds per file; 0 = none */
    unsigned cmd_timeout;   /* seconds per command; 0 = none */
    unsigned jobs;          /* files run at once */
    const char *features;   /* --features: wast2json --enable-* list */
    bool multi_memory;      /* decode with multi-memory (set per script:
                               only scripts that need the proposals) */
    const char *work_dir;   /* compiled objects (shared by children) */
    bool no_fork;           /* run scripts in this process (debugging) */
} StOptions;

/* Counters of one script; lives in shared memory so the parent still
 * knows them when the child dies. */
typedef struct StCounts {
    unsigned passed, failed, skipped, skipped_text;
    unsigned notes; /* passes with a different trap message */
    unsigned done, total;
    unsigned line; /* of the command being run */
    unsigned finished; /* the script ran to its end */
} StCounts;

/* ---- runfile.c */
/* One script being run by a child process. */
typedef struct StJob {
    const char *path;
    int pid;     /* 0 when run inline (no_fork) or finished */
    StCounts *c; /* shared with the child */
    double started; /* monotonic seconds */
    bool killed;    /* ended by the per-file timeout */
} StJob;

/* Starts the script `path` (.wast or .json): in a forked child, or to the
 * end right here with no_fork.  False when no process could be made. */
bool st_file_start(const StOptions *o, const char *path, StJob *job);
/* Kills the children that ran past the per-file timeout. */
void st_file_reap_slow(const StOptions *o, StJob *jobs, size_t njobs);
double st_now(void);
/* Accounts for the child's end (wait status): prints the file's line,
 * adds its counts to *total and releases the job. */
void st_file_finish(const StOptions *o, StJob *job, int status,
                    StCounts *total);

/* ---- wast.c */
/* Converts a .wast file to JSON in a fresh directory under work_dir;
 * returns the .json path (malloc'd) or NULL with `why` filled. */
char *st_wast_convert(const StOptions *o, const char *wast, bool *proposals,
                      char *why, size_t whylen);
/* Removes a directory made by st_wast_convert (the directory of `json`). */
void st_wast_cleanup(const char *json);

/* ---- script.c */
/* Runs the commands of a wast2json script; `display` names the file in
 * messages. */
void st_script_run(const StOptions *o, const char *json_path,
                   const char *display, StCounts *c);

/* Arms (on) or disarms the per-command timeout around guest code: a
 * command still running then is unwound as a host trap "command timed
 * out" (only in forked children, where a wedged runtime costs one file). */
void st_script_watchdog(const StOptions *o, bool on);

/* ---- modules.c */
typedef struct StModule {
    char *name;        /* "$M" from the script, or NULL */
    unsigned line;     /* where it was defined */
    const KilnModuleDesc *desc;
    KilnVmctx *vm;     /* NULL when it failed to compile or instantiate */
    char why[320];     /* why vm is NULL */
} StModule;

typedef struct StRegistry {
    StModule **mods; /* every module defined, in order */
    size_t nmods, capmods;
    char **reg_names; /* register "as" names ... */
    StModule **reg_mods; /* ... and their modules */
    size_t nregs, capregs;
    void **handles;  /* dlopen handles, closed at the end */
    size_t nhandles, caphandles;
} StRegistry;

/* Compiles (cached by content) and loads a module.  NULL with `why`. */
const KilnModuleDesc *st_mod_load(const StOptions *o, StRegistry *r,
                                  const char *wasm_path, char *why,
                                  size_t whylen);
/* Compiles to an object only, for assert_invalid/malformed: true when
 * kiln accepts the module; `why` gets the diagnostic otherwise. */
bool st_mod_check(const StOptions *o, const char *wasm_path, char *why,
                  size_t whylen);
/* Resolves imports and instantiates.  NULL with *trap filled: kind NONE
 * for a link error, else the trap of the start/initialisation. */
KilnVmctx *st_mod_instantiate(const StOptions *o, StRegistry *r,
                              const KilnModuleDesc *desc, KilnTrapInfo *trap);
StModule *st_mod_add(StRegistry *r, const char *name, unsigned line);
StModule *st_mod_find(StRegistry *r, const char *name);
void st_mod_register(StRegistry *r, const char *as, StModule *m);
void st_mod_free_all(StRegistry *r);
/* The export named `name` (len bytes, NULs allowed) of `desc`, or NULL. */
const KilnExportDesc *st_mod_export(const KilnModuleDesc *desc,
                                    const char *name, size_t len);

/* ---- host.c */
/* The spectest module's table, memory and globals (made on first use). */
bool st_host_lookup(const char *name, size_t name_len, KilnExtern *out);
/* Fresh spectest objects for the next script (--no-fork runs several). */
void st_host_reset(void);
/* The runner-owned reference standing for `ref.extern N`. */
void *st_host_externref(uint64_t n);
/* Is `ref` one of those?  Then *n is its number. */
bool st_host_externref_number(const void *ref, uint64_t *n);

/* ---- values.c */
/* One expected value: exact bits, or a NaN class, per lane for v128. */
typedef enum StPat {
    ST_PAT_EXACT,
    ST_PAT_NAN_CANONICAL,
    ST_PAT_NAN_ARITHMETIC,
    ST_PAT_ANY,     /* type only (assert_trap's expected) */
    ST_PAT_NONNULL, /* (ref.func) / (ref.extern) without a number */
} StPat;

typedef struct StExpect {
    char type;          /* signature letter */
    char lane;          /* v128: 'b' i8, 'h' i16, 'i', 'l', 'f', 'd' */
    unsigned nlanes;
    StPat pat[16];      /* per lane (index 0 for scalars) */
    KilnValue value;    /* exact bits */
} StExpect;

/* Signature letter of a JSON type name ("i32" -> 'i'), 0 if unknown. */
char st_val_letter(const char *type);
/* An argument: {"type": "i32", "value": "..."}. */
bool st_val_arg(const cJSON *j, char *letter, KilnValue *out);
/* An expected result; false when the JSON is not understood. */
bool st_val_expect(const cJSON *j, StExpect *out);
bool st_val_matches(const StExpect *e, char letter, const KilnValue *v);
/* Text of an actual value / of an expectation for failure messages. */
char *st_val_show(char letter, const KilnValue *v, char *buf, size_t len);
char *st_val_show_expect(const StExpect *e, char *buf, size_t len);
/* An actual value, v128 in the lanes of the expectation it failed. */
char *st_val_show_actual(const StExpect *e, char letter, const KilnValue *v,
                         char *buf, size_t len);

#endif
