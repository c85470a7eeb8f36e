/* The Canonical ABI adapters of the code generator (compiler/codegen/
 * canon*.c) compiled from a link plan built by hand: canon.wat's imports
 * bound to host functions of canon.wit's types (utf8 and utf16), resource
 * built-ins, a trap and fused adapters into a second component instance.
 * Every binding must compile to IR that LLVM verifies, at -O0 and -O2,
 * and the IR must hold the checks CanonicalABI.md requires (each named by
 * its trap message) and the runtime calls each binding makes.
 *
 * usage: test_canon_ir DIR (holding canon.wit) WASM (canon.wasm) TMPDIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codegen/codegen.h"
#include "component/plan.h"
#include "wasm/module.h"
#include "wit/wit.h"

static int failures;

static const WitFunc *func(const WitInterface *i, const char *name)
{
    for (size_t k = 0; k < i->nfuncs; k++)
        if (!strcmp(i->funcs[k]->name, name))
            return i->funcs[k];
    fprintf(stderr, "no function %s\n", name);
    exit(1);
}

static CmpType *func_type(const WitFunc *f)
{
    CmpType *t = calloc(1, sizeof *t);
    t->kind = CMP_TYPE_FUNC;
    t->nparams = (uint32_t)f->nparams;
    t->params = calloc(f->nparams + 1, sizeof *t->params);
    for (size_t k = 0; k < f->nparams; k++) {
        t->params[k].name = f->params[k].name;
        t->params[k].type = f->params[k].type;
    }
    t->result = f->result;
    return t;
}

static uint32_t export_index(const WasmModule *m, const char *name)
{
    for (uint32_t k = 0; k < m->nexports; k++)
        if (m->exports[k].name.len == strlen(name) &&
            !memcmp(m->exports[k].name.str, name, strlen(name)))
            return k;
    fprintf(stderr, "no export %s\n", name);
    exit(1);
}

static PlanItem item(const WasmModule *m, uint32_t inst, const char *name)
{
    uint32_t e = export_index(m, name);
    return (PlanItem){inst, m->exports[e].kind, m->exports[e].index, e};
}

static PlanCanonOpts opts(const WasmModule *m, uint32_t inst,
                          CmpStringEncoding enc)
{
    PlanCanonOpts o = {0};
    o.encoding = enc;
    o.has_memory = o.has_realloc = true;
    o.memory = item(m, inst, "memory");
    o.realloc = item(m, inst, "cabi_realloc");
    o.comp_instance = inst;
    return o;
}

static PlanBinding host(const WitInterface *i, const char *name,
                        const WasmModule *m, CmpStringEncoding enc)
{
    PlanBinding b = {0};
    b.kind = PLAN_BIND_HOST;
    b.func = func_type(func(i, name));
    b.lower = opts(m, 0, enc);
    PlanHostFunc *h = calloc(1, sizeof *h);
    char *c = malloc(64);
    snprintf(c, 64, "test_host_%s%s", name, enc == CMP_UTF16 ? "16" : "");
    h->c_name = c;
    b.host = h;
    b.name = name;
    return b;
}

static PlanBinding fused(const WitInterface *i, const char *name,
                         const WasmModule *m, const char *callee)
{
    PlanBinding b = {0};
    b.kind = PLAN_BIND_LIFTED;
    b.func = func_type(func(i, name));
    b.lower = opts(m, 0, CMP_UTF8);
    b.lift = opts(m, 1, CMP_UTF16);
    b.lift.has_post_return = true;
    b.lift.post_return = item(m, 1, "post");
    b.callee = item(m, 1, callee);
    b.name = name;
    return b;
}

static PlanBinding builtin(PlanBindKind k)
{
    PlanBinding b = {0};
    b.kind = k;
    b.resource = 0;
    b.comp_instance = 0;
    return b;
}

static char *slurp(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n)
        exit(1);
    buf[n] = 0;
    fclose(f);
    *size = (size_t)n;
    return buf;
}

static void expect(const char *ir, const char *what, const char *level)
{
    if (!strstr(ir, what)) {
        fprintf(stderr, "-O%s: the IR lacks `%s`\n", level, what);
        failures++;
    }
}

static void compile(const WasmModule *m, const Plan *p, int level,
                    const char *tmp)
{
    char obj[512], ll[512], lv[4];
    snprintf(obj, sizeof obj, "%s/canon-O%d.o", tmp, level);
    snprintf(ll, sizeof ll, "%s/canon-O%d.ll", tmp, level);
    snprintf(lv, sizeof lv, "%d", level);
    CgOptions o;
    cg_options_default(&o);
    o.opt_level = level;
    o.dump_ir = ll;
    o.plan = p;
    o.plan_instance = 0;
    o.desc_symbol = "kiln_core_0";
    Diag d;
    diag_init(&d, stderr);
    if (!cg_compile(m, &o, true, obj, &d)) {
        fprintf(stderr, "-O%d: cg_compile failed\n", level);
        failures++;
        return;
    }
    size_t n;
    char *ir = slurp(ll, &n);
    static const char *const want[] = {
        "kiln_cm_check_leave", "kiln_cm_check_utf8", "kiln_cm_check_utf16",
        "kiln_cm_transcode", "kiln_cx_lift_string", "kiln_cx_free_string", "invalid char", "invalid variant discriminant",
        "unaligned pointer", "out of bounds memory access", "string too long",
        "list too long", "test_host_scalars", "test_host_views",
        "test_host_views16", "test_host_compound", "test_host_spill",
        "test_host_small", "test_host_opt", "test_host_handles",
        "kiln_cm_resource_new", "kiln_cm_resource_drop",
        "kiln_cm_resource_rep", "kiln_cm_trap_unknown_import",
        "kiln_cm_call_begin", "kiln_cm_call_end", "kiln_cm_set_may_leave",
        "kiln_cm_lift_own", "kiln_cm_lower_own", "kiln_cm_lift_borrow",
        "kiln_cm_lower_borrow",
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++)
        expect(ir, want[k], lv);
    /* only the memory, table-free module: no dynamic function import */
    if (strstr(ir, "kiln.imports"))
        fprintf(stderr, "-O%d: a function import stayed dynamic\n", level),
            failures++;
    free(ir);
    remove(obj);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s WITDIR WASM TMPDIR\n", argv[0]);
        return 2;
    }
    Diag d;
    diag_init(&d, stderr);
    WitResolve *r = wit_load_dir(argv[1], &d);
    if (!r)
        return 1;
    const WitInterface *i = wit_find_interface(r, "t");
    size_t size;
    char *bytes = slurp(argv[2], &size);
    WasmModule *m = wasm_decode(argv[2], (const uint8_t *)bytes, size, &d);
    if (!m || !wasm_validate(m, &d))
        return 1;

    const WitType *thing = NULL;
    for (size_t k = 0; k < i->ntypes; k++)
        if (!strcmp(i->types[k]->name, "thing"))
            thing = i->types[k];
    CmpType res = {.kind = CMP_TYPE_RESOURCE, .val = (WitType *)thing};
    PlanResource pres = {.name = "thing", .host_type = -1, .type = &res};

    PlanBinding b[] = {
        host(i, "scalars", m, CMP_UTF8),
        host(i, "views", m, CMP_UTF8),
        host(i, "views", m, CMP_UTF16),
        host(i, "compound", m, CMP_UTF8),
        host(i, "spill", m, CMP_UTF8),
        host(i, "small", m, CMP_UTF8),
        host(i, "opt", m, CMP_UTF8),
        host(i, "handles", m, CMP_UTF8),
        builtin(PLAN_BIND_RESOURCE_NEW),
        builtin(PLAN_BIND_RESOURCE_DROP),
        builtin(PLAN_BIND_RESOURCE_REP),
        {.kind = PLAN_BIND_TRAP, .name = "test:canon/t#missing"},
        fused(i, "compound", m, "callee-compound"),
        fused(i, "spill", m, "callee-spill"),
        fused(i, "views", m, "callee-views"),
        fused(i, "scalars", m, "callee-scalars"),
        fused(i, "handles", m, "callee-handles"),
    };
    if (sizeof b / sizeof *b != m->nimports) {
        fprintf(stderr, "%zu bindings for %u imports\n", sizeof b / sizeof *b,
                m->nimports);
        return 1;
    }
    PlanModule pm = {m, 0};
    PlanCoreInstance inst[2] = {{0, b, 0}, {0, NULL, 1}};
    PlanCompInstance ci[2] = {{-1, NULL}, {0, "callee"}};
    Plan p = {0};
    p.modules = &pm;
    p.nmodules = 1;
    p.instances = inst;
    p.ninstances = 2;
    p.resources = &pres;
    p.nresources = 1;
    p.comp_instances = ci;
    p.ncomp_instances = 2;
    p.run_export = -1;

    compile(m, &p, 0, argv[3]);
    compile(m, &p, 2, argv[3]);
    if (failures)
        fprintf(stderr, "%d failures\n", failures);
    else
        printf("canon IR: %zu bindings at -O0 and -O2 ok\n",
               sizeof b / sizeof *b);
    return failures != 0;
}
