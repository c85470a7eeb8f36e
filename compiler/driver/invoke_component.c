/* `kiln run --invoke` of component exports: host-to-guest `canon lift`
 * calls (CanonicalABI.md, "canon lift", synchronous case) made from the
 * driver.  The exports' WIT types and resources come from the link plan
 * of the component file (decoded again); their lifted core functions and
 * canon options from the compiled KilnComponentDesc.  Each call, under
 * one trap guard:
 *   enter the callee instance (kiln_cm_call_begin);
 *   lower the WAVE arguments into flat core values (flatten_functype,
 *   "Flat Lowering"): strings and lists allocated with the guest's
 *   realloc, all parameters stored as one tuple in guest memory when
 *   they flatten to more than MAX_FLAT_PARAMS values;
 *   call the core function's C-ABI entry through libffi;
 *   lift the result (flat, or loaded from the returned pointer when it
 *   flattens to more than MAX_FLAT_RESULTS), leave (call_end);
 *   then post-return with may_leave cleared, and print the result.
 * Several calls separated by `;` run one after the other in the same
 * instance.  Handles: an own result is lifted into a host handle table
 * and printed `#N` (N from 1); `#N` as an argument lowers that handle
 * (own: moved back to the guest; borrow: lent for the call);
 * `[resource-drop]r(#N)` drops host handle N in its instance.  The
 * values themselves are lowered and lifted by invoke_abi.c. */
#include "driver/invoke_component.h"

#include <ffi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "component/component.h"
#include "driver/invoke_abi.h"
#include "driver/pipeline.h"

/* ---- the C-ABI call ---------------------------------------------------------- */

static ffi_type *letter_type(char c)
{
    switch (c) {
    case 'i': return &ffi_type_sint32;
    case 'l': return &ffi_type_sint64;
    case 'f': return &ffi_type_float;
    case 'd': return &ffi_type_double;
    default: return &ffi_type_pointer;
    }
}

/* Calls export `ref`'s entry with `args` (as its signature says); at most
 * one result, written to *res.  Runs inside the caller's trap guard. */
static void call_entry(InvSession *iv, KilnCoreExportRef ref, KilnValue *args,
                       KilnValue *res)
{
    const KilnExportDesc *e =
        &iv->ci->desc->cores[ref.instance].module->exports[ref.export_index];
    KilnVmctx *vm = iv->ci->cores[ref.instance];
    const char *colon = strchr(e->sig, ':');
    size_t np = (size_t)(colon - e->sig), nr = strlen(colon + 1);
    if (nr > 1 || strchr(e->sig, 'v'))
        kiln_cm_trap("unexpected core signature of a lifted function");
    bool by_ptr = nr == 0;
    ffi_type *at[ABI_MAX_FLAT_PARAMS + 3];
    void *av[ABI_MAX_FLAT_PARAMS + 3];
    KilnValue scratch[1];
    KilnValue *rp = scratch;
    if (np > ABI_MAX_FLAT_PARAMS + 1)
        kiln_cm_trap("too many core parameters");
    at[0] = &ffi_type_pointer;
    av[0] = &vm;
    for (size_t i = 0; i < np; i++) {
        at[1 + i] = letter_type(e->sig[i]);
        av[1 + i] = &args[i];
    }
    if (by_ptr) {
        at[1 + np] = &ffi_type_pointer;
        av[1 + np] = &rp;
    }
    ffi_cif cif;
    ffi_type *rt = by_ptr ? &ffi_type_void : letter_type(colon[1]);
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, (unsigned)(1 + np + by_ptr), rt,
                     at) != FFI_OK)
        kiln_cm_trap("cannot call the lifted function");
    union {
        ffi_sarg s;
        float f;
        double d;
    } ret;
    ffi_call(&cif, (void (*)(void))e->entry, &ret, av);
    if (by_ptr)
        return;
    memset(res, 0, sizeof *res);
    switch (colon[1]) {
    case 'i': res->i32 = (int32_t)ret.s; break;
    case 'l': res->i64 = (int64_t)ret.s; break;
    case 'f': res->f32 = ret.f; break;
    default: res->f64 = ret.d; break;
    }
}

/* ---- lowering ------------------------------------------------------------------ */

/* ---- the call ---------------------------------------------------------------- */

/* `[resource-drop]r(#N)`: the handle goes back into the instance it came
 * from and is dropped there (resource.drop: its destructor runs). */
static void drop_guarded(InvSession *iv)
{
    InvHandle *h = &iv->handles[iv->drop - 1];
    h->live = false;
    uint32_t g = kiln_cm_lower_own(iv->ci, h->comp_instance, h->resource,
                                   h->rep);
    kiln_cm_resource_drop(iv->ci, h->comp_instance, h->resource, g);
}

static void invoke_guarded(void *arg)
{
    InvSession *iv = arg;
    if (iv->drop) {
        drop_guarded(iv);
        return;
    }
    const KilnLiftDesc *l = iv->lift;
    uint32_t inst = l->opts.comp_instance;
    uint32_t token = kiln_cm_call_begin(iv->ci, KILN_NO_INDEX, inst);
    KilnValue core[ABI_MAX_FLAT_PARAMS + 1], res[1];
    memset(core, 0, sizeof core);
    memset(res, 0, sizeof res);
    inv_lower_args(iv, core);
    call_entry(iv, l->core, core, res);
    inv_lift_result(iv, res);
    kiln_cm_call_end(iv->ci, token);
    if (l->opts.post_return.instance != KILN_NO_INDEX) {
        KilnValue none[1];
        kiln_cm_set_may_leave(iv->ci, inst, false);
        call_entry(iv, l->opts.post_return, res, none);
        kiln_cm_set_may_leave(iv->ci, inst, true);
    }
}

/* ---- finding the export ----------------------------------------------------- */

/* "ns:pkg/iface@1.2.3#f" names the same function as "ns:pkg/iface#f". */
static bool name_matches(const char *full, const char *want)
{
    if (!strcmp(full, want))
        return true;
    const char *hash = strchr(full, '#'), *at = strchr(full, '@');
    if (!hash || !at || at > hash)
        return false;
    size_t head = (size_t)(at - full);
    return !strncmp(full, want, head) && !strcmp(want + head, hash);
}

static const KilnLiftDesc *find_lift(const KilnComponentDesc *d,
                                     const char *name)
{
    const KilnLiftDesc *found = NULL;
    for (uint32_t i = 0; i < d->nexports; i++)
        if (name_matches(d->exports[i].name, name))
            return &d->exports[i];
    /* a bare function name of an exported interface, when unique */
    for (uint32_t i = 0; i < d->nexports; i++) {
        const char *hash = strchr(d->exports[i].name, '#');
        if (hash && !strcmp(hash + 1, name)) {
            if (found)
                return NULL;
            found = &d->exports[i];
        }
    }
    return found;
}

static const PlanExport *plan_export(const Plan *p, const char *name)
{
    for (uint32_t i = 0; i < p->nexports; i++)
        if (!strcmp(p->exports[i].name, name))
            return &p->exports[i];
    return NULL;
}

static void no_export(const KilnComponentDesc *d, const char *path,
                      const char *name)
{
    fprintf(stderr, "%s: error: no exported function `%s`", path, name);
    for (uint32_t i = 0; i < d->nexports; i++)
        fprintf(stderr, "%s`%s`", i ? ", " : " (exports: ", d->exports[i].name);
    fputs(d->nexports ? ")\n" : "\n", stderr);
}

static void make_func(InvSession *iv, const CmpType *ft)
{
    memset(&iv->fn, 0, sizeof iv->fn);
    iv->fn.kind = WIT_FUNC_FREESTANDING;
    iv->fn.nparams = ft->nparams;
    iv->fn.params = arena_array(iv->a, ft->nparams ? ft->nparams : 1,
                                sizeof *iv->fn.params);
    for (uint32_t i = 0; i < ft->nparams; i++) {
        iv->fn.params[i].name = ft->params[i].name;
        iv->fn.params[i].type = ft->params[i].type;
    }
    iv->fn.result = ft->result;
    abi_func_sig(&iv->fn, true, iv->a, &iv->sig);
}

static int report(const KilnTrapInfo *t)
{
    if (t->kind == KILN_TRAP_EXIT)
        return t->exit_status;
    if (t->kind == KILN_TRAP_NONE) {
        fprintf(stderr, "error: %s\n", t->message);
        return 1;
    }
    fprintf(stderr, "error: wasm trap: %s\n%s",
            t->message[0] ? t->message : kiln_trap_message(t->kind),
            t->backtrace);
    return 134;
}

/* The plan of the component file, for the exports' types and resources
 * (the build's --unknown-imports does not matter for those: allowed). */
static bool load_plan(InvSession *iv, const char *path)
{
    Diag diag;
    diag_init(&diag, stderr);
    size_t size;
    iv->bytes = kiln_read_file(path, &size, &diag);
    if (!iv->bytes)
        return false;
    iv->file = cmp_decode(path, iv->bytes, size, &diag);
    PlanOptions po = {.unknown_imports_trap = true};
    return iv->file && cmp_validate(iv->file, &diag) &&
           plan_build(iv->file, &po, &iv->plan, &diag);
}

static void canon_cx(InvSession *iv)
{
    const KilnCanonOptsDesc *o = &iv->lift->opts;
    memset(&iv->cx, 0, sizeof iv->cx);
    iv->cx.ci = iv->ci;
    iv->cx.comp_instance = o->comp_instance;
    iv->cx.encoding = o->encoding;
    iv->cx.memory = o->memory_instance == KILN_NO_INDEX
                        ? NULL
                        : iv->ci->cores[o->memory_instance]
                              ->memories[o->memory_index];
    iv->cx.realloc = o->realloc;
}

/* The resource's own name: "wasi:io/streams#output-stream" ->
 * "output-stream". */
static const char *short_name(const char *n)
{
    const char *h = n ? strrchr(n, '#') : NULL;
    return h ? h + 1 : n;
}

/* `[resource-drop]r(#N)`: N must be a live host handle of resource r. */
static int parse_drop(InvSession *iv, const char *rname, const char *text,
                      size_t args_at, size_t *at)
{
    static WitType handle_type = {.kind = WIT_RESOURCE};
    const WitType *types[1] = {&handle_type};
    WaveVal arg;
    char err[WAVE_ERR_MAX];
    if (!wave_parse_args(iv->a, text, args_at, types, 1, &arg, at, err,
                         sizeof err)) {
        fprintf(stderr, "kiln: error: --invoke: %s\n", err);
        return 1;
    }
    uint32_t n = arg.handle;
    const char *have = n && n <= iv->nhandles
        ? short_name(iv->ci->desc->resources[iv->handles[n - 1].resource].name)
        : NULL;
    if (!n || n > iv->nhandles || !iv->handles[n - 1].live ||
        (have && strcmp(have, rname) != 0)) {
        fprintf(stderr, "kiln: error: --invoke: #%u is not a live handle of "
                "resource `%s`\n", n, rname);
        return 1;
    }
    iv->drop = n;
    iv->lift = NULL;
    memset(&iv->fn, 0, sizeof iv->fn);
    return 0;
}

/* Parses the call at text + *at against its export's type; on success
 * *at is past its `)`.  Returns 0, or 1 after reporting. */
static int parse_call(InvSession *iv, const char *path, const char *text, size_t *at)
{
    char err[WAVE_ERR_MAX];
    const char *name;
    size_t args_at;
    const KilnComponentDesc *d = iv->ci->desc;
    if (!wave_call_name(iv->a, text, *at, &name, &args_at, err, sizeof err)) {
        fprintf(stderr, "kiln: error: --invoke: %s%s\n", err,
                strchr(text + *at, '(') ? "" : " (components take "
                "`--invoke 'name(arg, ...)'` with WAVE arguments)");
        return 1;
    }
    iv->drop = 0;
    if (!strncmp(name, "[resource-drop]", 15))
        return parse_drop(iv, name + 15, text, args_at, at);
    iv->lift = find_lift(d, name);
    if (!iv->lift) {
        no_export(d, path, name);
        return 1;
    }
    const PlanExport *pe = plan_export(&iv->plan, iv->lift->name);
    if (!pe) {
        fprintf(stderr, "%s: error: no type for export `%s`\n", path,
                iv->lift->name);
        return 1;
    }
    const CmpType *ft = pe->func;
    make_func(iv, ft);
    const WitType **types = arena_array(iv->a, ft->nparams + 1, sizeof *types);
    for (uint32_t i = 0; i < ft->nparams; i++)
        types[i] = ft->params[i].type;
    iv->args = arena_array(iv->a, ft->nparams + 1, sizeof *iv->args);
    if (!wave_parse_args(iv->a, text, args_at, types, ft->nparams, iv->args,
                         at, err, sizeof err)) {
        fprintf(stderr, "kiln: error: --invoke: %s\n", err);
        return 1;
    }
    for (uint32_t i = 0; i < ft->nparams; i++) {
        if (!inv_check_handles(iv, &iv->args[i], err, sizeof err)) {
            fprintf(stderr, "kiln: error: --invoke: %s\n", err);
            return 1;
        }
    }
    canon_cx(iv);
    return 0;
}

/* Runs the calls of `text` one by one; the status of the first failing
 * one, else 0. */
static int run_calls(InvSession *iv, const char *path, const char *text)
{
    size_t at = 0;
    for (;;) {
        int status = parse_call(iv, path, text, &at);
        if (status != 0)
            return status;
        KilnTrapInfo info;
        memset(&info, 0, sizeof info);
        memset(&iv->result, 0, sizeof iv->result);
        if (kiln_rt_call_guarded(invoke_guarded, iv, &info) != KILN_TRAP_NONE)
            return report(&info);
        if (iv->fn.result) {
            wave_print(stdout, &iv->result);
            fputc('\n', stdout);
        }
        at = wave_skip_space(text, at);
        if (!text[at])
            return 0;
        if (text[at] != ';' || !text[wave_skip_space(text, at + 1)]) {
            fprintf(stderr, "kiln: error: --invoke: expected `;` and another "
                    "call at column %zu\n", at + 1);
            return 1;
        }
        at++;
    }
}

int kiln_invoke_component_main(const KilnComponentDesc *desc,
                               const KilnWasiConfig *wasi, const char *path,
                               const char *call)
{
    Arena a;
    arena_init(&a);
    InvSession iv;
    memset(&iv, 0, sizeof iv);
    iv.a = &a;
    int status = 1;
    if (load_plan(&iv, path)) {
        KilnTrapInfo info;
        memset(&info, 0, sizeof info);
        iv.ci = kiln_component_new(desc, wasi, &info);
        if (iv.ci) {
            status = run_calls(&iv, path, call);
            fflush(stdout);
            kiln_component_free(iv.ci);
        } else {
            status = report(&info);
        }
        plan_free(&iv.plan);
    }
    fflush(stdout);
    cmp_free(iv.file);
    free(iv.bytes);
    free(iv.handles);
    arena_free(&a);
    return status;
}
