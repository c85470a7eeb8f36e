/* Private to the link planner (plan_*.c).
 *
 * Static instantiation evaluates a component like an interpreter would,
 * but with values that are plan references: every index of every index
 * space of every component *instance* (a PlanFrame) resolves, once, to a
 * PlanVal.  Core items resolve to a PlanBinding (an item of a real
 * module instance, or a canon lower / resource built-in), core instances
 * to a plan instance or a bag of named items (the inline-export form),
 * component functions to a lift, a host function or a trap, instances to
 * a bag of named values, types to a plan resource (or none), components
 * to their definition plus the frame they were defined in (outer aliases
 * are lexical), modules to a plan module.
 */
#ifndef KILN_COMPONENT_PLAN_INTERNAL_H
#define KILN_COMPONENT_PLAN_INTERNAL_H

#include <setjmp.h>

#include "component/plan.h"

typedef struct PlanVal PlanVal;
typedef struct PlanFrame PlanFrame;

/* A bag of named values: a component instance, an inline-export core
 * instance, or the arguments of an instantiation. */
typedef struct PlanBag {
    const char **names;
    PlanVal **vals;
    uint32_t n;
} PlanBag;

typedef enum PlanFuncKind {
    PLAN_FUNC_LIFT,
    PLAN_FUNC_HOST,
    PLAN_FUNC_TRAP,
} PlanFuncKind;

/* A component function: lifted by some component instance, or a root
 * import (host or trap). */
typedef struct PlanFunc {
    PlanFuncKind kind;
    const CmpType *type;
    PlanItem callee;    /* LIFT */
    PlanCanonOpts lift; /* LIFT */
    const PlanHostFunc *host; /* HOST */
    const char *name;         /* HOST, TRAP: the full import name */
} PlanFunc;

struct PlanVal {
    CmpSort sort;
    PlanBinding core;   /* core func, table, memory, global */
    int32_t core_inst;  /* core instance: plan instance, -1: `bag` */
    PlanBag *bag;       /* core instance (inline exports), instance */
    uint32_t module;    /* core module: Plan.modules index */
    PlanFunc *func;     /* func */
    int32_t resource;   /* type: Plan.resources index, or -1 */
    const CmpType *type; /* type */
    const CmpComponent *comp; /* component */
    PlanFrame *lex;           /* component: the frame defining it */
};

/* One component instance being instantiated. */
struct PlanFrame {
    const CmpComponent *c;
    PlanFrame *lex; /* the frame of the enclosing component (outer aliases) */
    uint32_t ci;    /* Plan.comp_instances index */
    PlanVal **vals[CMP_NSORTS]; /* memo per index */
    const PlanBag *args;        /* nested: the instantiation arguments */
};

typedef struct PlanBuilder {
    const CmpFile *f;
    const PlanOptions *opts;
    Plan *p;
    Diag *diag;
    jmp_buf fail;
    Arena *a; /* the plan's arena */
    uint32_t cap_modules, cap_instances, cap_resources, cap_comp_instances,
        cap_exports, cap_refs;
    int32_t *host_resources; /* host resource id -> Plan.resources, or -1 */
} PlanBuilder;

/* plan_build.c */
_Noreturn void plan_fail(PlanBuilder *b, uint32_t offset, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));
void *plan_push(PlanBuilder *b, void **arr, uint32_t *n, uint32_t *cap,
                size_t elem);
#define PLAN_PUSH(b, arr, n, cap) \
    ((__typeof__(arr))plan_push((b), (void **)&(arr), &(n), &(cap), sizeof *(arr)))
uint32_t plan_add_resource(PlanBuilder *b, const PlanResource *r);
void plan_add_ref(PlanBuilder *b, uint32_t ci, const WitType *node,
                  uint32_t resource);
int32_t plan_host_resource_index(PlanBuilder *b, int32_t host_type,
                                 const char *iface, const char *name,
                                 const CmpType *t);

/* plan_eval.c */
PlanVal *plan_resolve(PlanBuilder *b, PlanFrame *fr, CmpSort sort,
                      uint32_t index);
void plan_run_frame(PlanBuilder *b, PlanFrame *fr);
PlanFrame *plan_new_frame(PlanBuilder *b, const CmpComponent *c,
                          PlanFrame *lex, int32_t parent, const char *name,
                          const PlanBag *args);
PlanVal *plan_bag_get(const PlanBag *bag, const char *name);
PlanVal *plan_new_val(PlanBuilder *b, CmpSort sort);

/* plan_host.c */
bool plan_host_knows(const char *iface);
uint32_t plan_host_nresources(void);

/* plan_import.c: the root's imports, bound to the runtime */
PlanVal *plan_root_import(PlanBuilder *b, PlanFrame *fr, uint32_t k);

#endif
