/* A readable listing of a link plan (kiln-wasm-check --plan and the
 * component-plan tests): modules, component instances, core instances
 * with one line per import binding, resources and exports.  The format
 * is stable: tests hold it verbatim.
 *
 *   core instance 2: module 0 (component instance 0)
 *     "env" "memory": item 1 memory 0 (export "memory")
 *     "wasi:cli/stdout@0.2.3" "get-stdout": host wasi_cli_stdout_get_stdout ...
 */
#include <stdio.h>

#include "component/plan.h"

static const char *kind_name(WasmExternKind k)
{
    switch (k) {
    case WASM_EXTERN_FUNC: return "func";
    case WASM_EXTERN_TABLE: return "table";
    case WASM_EXTERN_MEMORY: return "memory";
    case WASM_EXTERN_GLOBAL: return "global";
    case WASM_EXTERN_TAG: return "tag";
    }
    return "?";
}

static void print_wasm_name(FILE *out, WasmName n)
{
    fputc('"', out);
    for (uint32_t i = 0; i < n.len; i++) {
        unsigned char ch = (unsigned char)n.str[i];
        if (ch < 0x20 || ch == '"' || ch == '\\' || ch == 0x7f)
            fprintf(out, "\\%02x", ch);
        else
            fputc(ch, out);
    }
    fputc('"', out);
}

static void print_item(FILE *out, const Plan *p, PlanItem it)
{
    fprintf(out, "instance %u %s %u", it.instance, kind_name(it.kind),
            it.index);
    if (it.export_index != UINT32_MAX && it.instance < p->ninstances) {
        const WasmModule *m =
            p->modules[p->instances[it.instance].module].module;
        fputs(" (export ", out);
        print_wasm_name(out, m->exports[it.export_index].name);
        fputc(')', out);
    }
}

static void print_opts(FILE *out, const Plan *p, const PlanCanonOpts *o)
{
    static const char *const enc[] = {"utf8", "utf16", "latin1+utf16"};
    fprintf(out, "[component %u, %s", o->comp_instance, enc[o->encoding]);
    if (o->has_memory) {
        fputs(", memory ", out);
        print_item(out, p, o->memory);
    }
    if (o->has_realloc) {
        fputs(", realloc ", out);
        print_item(out, p, o->realloc);
    }
    if (o->has_post_return) {
        fputs(", post-return ", out);
        print_item(out, p, o->post_return);
    }
    fputc(']', out);
}

static void print_binding(FILE *out, const Plan *p, const PlanBinding *b)
{
    switch (b->kind) {
    case PLAN_BIND_ITEM:
        fputs("item ", out);
        print_item(out, p, b->item);
        break;
    case PLAN_BIND_HOST:
        fprintf(out, "host %s `%s` ", b->host->c_name, b->name);
        print_opts(out, p, &b->lower);
        break;
    case PLAN_BIND_LIFTED:
        fputs("lifted ", out);
        print_item(out, p, b->callee);
        fputs(" lift ", out);
        print_opts(out, p, &b->lift);
        fputs(" lower ", out);
        print_opts(out, p, &b->lower);
        break;
    case PLAN_BIND_RESOURCE_NEW:
    case PLAN_BIND_RESOURCE_DROP:
    case PLAN_BIND_RESOURCE_REP:
        fprintf(out, "resource.%s %u [component %u]",
                b->kind == PLAN_BIND_RESOURCE_NEW    ? "new"
                : b->kind == PLAN_BIND_RESOURCE_DROP ? "drop"
                                                     : "rep",
                b->resource, b->comp_instance);
        break;
    case PLAN_BIND_TRAP:
        fprintf(out, "trap `%s`", b->name);
        break;
    }
}

static void dump_instances(FILE *out, const Plan *p)
{
    fprintf(out, "core instances (%u):\n", p->ninstances);
    for (uint32_t i = 0; i < p->ninstances; i++) {
        const PlanCoreInstance *ci = &p->instances[i];
        const WasmModule *m = p->modules[ci->module].module;
        fprintf(out, "  %u: module %u (component instance %u)\n", i,
                ci->module, ci->comp_instance);
        for (uint32_t k = 0; k < m->nimports; k++) {
            fputs("    ", out);
            print_wasm_name(out, m->imports[k].module);
            fputc(' ', out);
            print_wasm_name(out, m->imports[k].name);
            fputs(": ", out);
            print_binding(out, p, &ci->imports[k]);
            fputc('\n', out);
        }
    }
}

static void dump_resources(FILE *out, const Plan *p)
{
    fprintf(out, "resources (%u):\n", p->nresources);
    for (uint32_t i = 0; i < p->nresources; i++) {
        const PlanResource *r = &p->resources[i];
        fprintf(out, "  %u: ", i);
        if (r->host_type >= 0) {
            fprintf(out, "host %d `%s`\n", r->host_type, r->name);
            continue;
        }
        if (r->type && r->type->is_abstract) {
            fprintf(out, "unknown import `%s`\n", r->name);
            continue;
        }
        fprintf(out, "guest `%s` (component instance %u)",
                r->name ? r->name : "", r->comp_instance);
        if (r->has_dtor) {
            fputs(" dtor ", out);
            print_item(out, p, r->dtor);
        }
        fputc('\n', out);
    }
}

/* Which resource each component instance's resource types stand for
 * (plan_resource_of), one line per component instance. */
static void dump_refs(FILE *out, const Plan *p)
{
    fputs("resource types:\n", out);
    for (uint32_t ci = 0; ci < p->ncomp_instances; ci++) {
        const char *sep = NULL;
        for (uint32_t i = 0; i < p->nresource_refs; i++) {
            const PlanResourceRef *r = &p->resource_refs[i];
            if (r->comp_instance != ci)
                continue;
            if (!sep)
                fprintf(out, "  component %u:", ci);
            fprintf(out, "%s `%s` %u", sep ? sep : "",
                    r->node->name ? r->node->name : "?", r->resource);
            sep = ",";
        }
        if (sep)
            fputc('\n', out);
    }
}

void plan_dump(FILE *out, const Plan *p)
{
    fprintf(out, "modules (%u):\n", p->nmodules);
    for (uint32_t i = 0; i < p->nmodules; i++) {
        const WasmModule *m = p->modules[i].module;
        fprintf(out, "  %u: at 0x%x, %u imports, %u exports\n", i,
                p->modules[i].offset, m->nimports, m->nexports);
    }
    fprintf(out, "component instances (%u):\n", p->ncomp_instances);
    for (uint32_t i = 0; i < p->ncomp_instances; i++) {
        const PlanCompInstance *c = &p->comp_instances[i];
        fprintf(out, "  %u:", i);
        if (c->parent >= 0)
            fprintf(out, " in %d", c->parent);
        else
            fputs(" root", out);
        if (c->name)
            fprintf(out, " `%s`", c->name);
        fputc('\n', out);
    }
    dump_instances(out, p);
    dump_resources(out, p);
    dump_refs(out, p);
    fprintf(out, "exports (%u):\n", p->nexports);
    for (uint32_t i = 0; i < p->nexports; i++) {
        const PlanExport *e = &p->exports[i];
        fprintf(out, "  %u: `%s` ", i, e->name);
        print_item(out, p, e->core);
        fputc(' ', out);
        print_opts(out, p, &e->lift);
        fputc('\n', out);
    }
    if (p->run_export >= 0)
        fprintf(out, "run: export %d\n", p->run_export);
}
