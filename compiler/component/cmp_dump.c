/* `kiln-wasm-check --dump`: a readable listing of a decoded component —
 * its sections, then every index space with, per entry, the definition
 * that introduced it and its type — for the link-plan work.  Value types
 * print in the component text format's style. */
#include "component/cmp_internal.h"

#include <string.h>

static void indent(FILE *out, int depth)
{
    fprintf(out, "%*s", depth * 2, "");
}

/* A type inside another: a named type (an imported or exported alias)
 * prints as its name, the way WIT refers to it. */
static void print_ref(FILE *out, const WitType *t)
{
    if (t->kind == WIT_ALIAS && t->name)
        fprintf(out, "%s", t->name);
    else
        cmp_print_valtype(out, t);
}

static void print_opt(FILE *out, const char *pre, const WitType *t)
{
    if (t) {
        fputs(pre, out);
        print_ref(out, t);
    }
}

void cmp_print_valtype(FILE *out, const WitType *t)
{
    t = wit_type_resolve(t);
    switch (t->kind) {
    case WIT_LIST:
        fputs("(list ", out);
        print_ref(out, t->elem);
        if (t->length)
            fprintf(out, " %u", t->length);
        fputc(')', out);
        return;
    case WIT_OPTION:
        fputs("(option ", out);
        print_ref(out, t->elem);
        fputc(')', out);
        return;
    case WIT_RESULT:
        fputs("(result", out);
        print_opt(out, " ", t->ok);
        if (t->err) {
            fputs(" (error ", out);
            print_ref(out, t->err);
            fputc(')', out);
        }
        fputc(')', out);
        return;
    case WIT_TUPLE:
        fputs("(tuple", out);
        for (size_t i = 0; i < t->nelems; i++)
            print_opt(out, " ", t->elems[i]);
        fputc(')', out);
        return;
    case WIT_RECORD:
        fputs("(record", out);
        for (size_t i = 0; i < t->nfields; i++) {
            fprintf(out, " (field \"%s\" ", t->fields[i].name);
            print_ref(out, t->fields[i].type);
            fputc(')', out);
        }
        fputc(')', out);
        return;
    case WIT_VARIANT:
        fputs("(variant", out);
        for (size_t i = 0; i < t->ncases; i++) {
            fprintf(out, " (case \"%s\"", t->cases[i].name);
            print_opt(out, " ", t->cases[i].type);
            fputc(')', out);
        }
        fputc(')', out);
        return;
    case WIT_ENUM: case WIT_FLAGS:
        fputs(t->kind == WIT_ENUM ? "(enum" : "(flags", out);
        for (size_t i = 0; i < t->ncases; i++)
            fprintf(out, " \"%s\"", t->cases[i].name);
        fputc(')', out);
        return;
    case WIT_RESOURCE:
        fprintf(out, "(own %s)", t->name ? t->name : "<resource>");
        return;
    case WIT_BORROW: {
        const WitType *r = wit_type_resolve(t->elem);
        fprintf(out, "(borrow %s)", r->name ? r->name : "<resource>");
        return;
    }
    case WIT_STREAM: case WIT_FUTURE:
        fputs(t->kind == WIT_STREAM ? "(stream" : "(future", out);
        print_opt(out, " ", t->elem);
        fputc(')', out);
        return;
    case WIT_MAP:
        fputs("(map ", out);
        print_ref(out, t->key);
        fputc(' ', out);
        print_ref(out, t->elem);
        fputc(')', out);
        return;
    default:
        fputs(wit_type_kind_name(t->kind), out);
        return;
    }
}

static void print_type(FILE *out, const CmpType *t)
{
    switch (t->kind) {
    case CMP_TYPE_VALUE:
        cmp_print_valtype(out, t->val);
        return;
    case CMP_TYPE_FUNC:
        fputs(t->is_async ? "(func async" : "(func", out);
        for (uint32_t i = 0; i < t->nparams; i++) {
            fprintf(out, " (param \"%s\" ", t->params[i].name);
            print_ref(out, t->params[i].type);
            fputc(')', out);
        }
        if (t->result) {
            fputs(" (result ", out);
            print_ref(out, t->result);
            fputc(')', out);
        }
        fputc(')', out);
        return;
    case CMP_TYPE_RESOURCE:
        fprintf(out, "(resource %s%s", t->val->name ? t->val->name : "",
                t->is_abstract ? " abstract" : " (rep i32)");
        if (t->has_dtor)
            fprintf(out, " (dtor %u)", t->dtor);
        fputc(')', out);
        return;
    case CMP_TYPE_COMPONENT: case CMP_TYPE_INSTANCE:
        fprintf(out, "(%s", t->kind == CMP_TYPE_COMPONENT ? "component"
                                                          : "instance");
        for (uint32_t i = 0; i < t->nimports; i++)
            fprintf(out, " (import \"%s\" %s)", t->imports[i].name.str,
                    cmp_extern_kind_name(t->imports[i].kind));
        for (uint32_t i = 0; i < t->nexports; i++)
            fprintf(out, " (export \"%s\" %s)", t->exports[i].name.str,
                    cmp_extern_kind_name(t->exports[i].kind));
        fputc(')', out);
        return;
    }
}

static const char *def_name(CmpDefKind k)
{
    static const char *names[] = {"import", "export", "alias", "canon",
                                  "core module", "core instance", "core type",
                                  "component", "instance", "type", "start",
                                  "declaration"};
    return names[k];
}

static void print_entry(FILE *out, const CmpComponent *c, CmpSort sort,
                        const CmpEntry *e)
{
    fprintf(out, "%s", def_name(e->def));
    if (e->def == CMP_DEF_IMPORT)
        fprintf(out, " \"%s\"", c->imports[e->def_index].ext.name.str);
    else if (e->def == CMP_DEF_EXPORT)
        fprintf(out, " \"%s\"", c->exports[e->def_index].ext.name.str);
    else if (e->def == CMP_DEF_ALIAS) {
        const CmpAlias *a = &c->aliases[e->def_index];
        if (a->kind == CMP_ALIAS_OUTER)
            fprintf(out, " outer %u %u", a->count, a->index);
        else
            fprintf(out, " %sexport %u \"%s\"",
                    a->kind == CMP_ALIAS_CORE_EXPORT ? "core " : "",
                    a->instance, a->name.str);
    } else if (e->def == CMP_DEF_CANON) {
        const CmpCanon *cn = &c->canons[e->def_index];
        static const char *k[] = {"lift", "lower", "resource.new",
                                  "resource.drop", "resource.rep", "async"};
        fprintf(out, " %s", k[cn->kind]);
        if (cn->kind <= CMP_CANON_LOWER)
            fprintf(out, " %s %u", cn->kind ? "func" : "core func", cn->func);
        else if (cn->kind != CMP_CANON_ASYNC)
            fprintf(out, " type %u", cn->type);
        if (cn->opts.has_memory)
            fprintf(out, " (memory %u)", cn->opts.memory);
        if (cn->opts.has_realloc)
            fprintf(out, " (realloc %u)", cn->opts.realloc);
        if (cn->opts.has_post_return)
            fprintf(out, " (post-return %u)", cn->opts.post_return);
        if (cn->opts.has_encoding)
            fprintf(out, " string-encoding=%s",
                    (const char *[]){"utf8", "utf16",
                                     "latin1+utf16"}[cn->opts.encoding]);
    } else if (e->def == CMP_DEF_CORE_INSTANCE) {
        const CmpCoreInstance *ci = &c->core_instances[e->def_index];
        if (ci->inline_exports)
            fputs(" (inline exports)", out);
        else {
            fprintf(out, " instantiate module %u", ci->module);
            for (uint32_t i = 0; i < ci->nargs; i++)
                fprintf(out, " (with \"%s\" %u)", ci->args[i].name.str,
                        ci->args[i].instance);
        }
    } else if (e->def == CMP_DEF_INSTANCE) {
        const CmpInstance *in = &c->instances[e->def_index];
        if (in->inline_exports)
            fputs(" (inline exports)", out);
        else {
            fprintf(out, " instantiate component %u", in->component);
            for (uint32_t i = 0; i < in->nargs; i++)
                fprintf(out, " (with \"%s\" %s %u)", in->args[i].name.str,
                        cmp_sort_name(in->args[i].sort), in->args[i].index);
        }
    } else if (e->def != CMP_DEF_CORE_TYPE && e->def != CMP_DEF_TYPE &&
               e->def != CMP_DEF_DECL) {
        fprintf(out, " %u", e->def_index);
    }
    fputs(": ", out);
    if (sort <= CMP_CORE_TAG) {
        if (sort == CMP_CORE_FUNC || sort == CMP_CORE_TAG) {
            char buf[200];
            cmp_format_core_functype(buf, sizeof buf, e->core.func);
            fputs(buf, out);
        } else if (sort == CMP_CORE_MEMORY) {
            fprintf(out, "memory %llu%s", (unsigned long long)e->core.memory.min,
                    e->core.memory.is64 ? " i64" : "");
        } else if (sort == CMP_CORE_TABLE) {
            fprintf(out, "table %s %llu", wasm_valtype_name(e->core.table.elem),
                    (unsigned long long)e->core.table.limits.min);
        } else {
            fprintf(out, "global %s%s", e->core.global.mut ? "mut " : "",
                    wasm_valtype_name(e->core.global.type));
        }
    } else if (e->core_type) {
        const CmpCoreType *t = e->core_type;
        if (t->kind == CMP_CORE_TYPE_FUNC) {
            char buf[200];
            cmp_format_core_functype(buf, sizeof buf, &t->func);
            fputs(buf, out);
        } else {
            if (t->kind == CMP_CORE_TYPE_MODULE)
                fprintf(out, "%u imports, ", t->nimports);
            fprintf(out, "%u exports:", t->nexports);
            for (uint32_t i = 0; i < t->nexports && i < 8; i++)
                fprintf(out, " \"%s\"", t->exports[i].name.str);
            if (t->nexports > 8)
                fputs(" ...", out);
        }
    } else if (e->type) {
        print_type(out, e->type);
    }
    fputc('\n', out);
}

/* The name the component-name section gives index `idx` of `sort`. */
static const char *index_name(const CmpComponent *c, CmpSort sort,
                              uint32_t idx)
{
    const CmpNameMap *m = &c->names[sort];
    for (uint32_t i = 0; i < m->n; i++)
        if (m->names[i].index == idx)
            return m->names[i].name;
    return NULL;
}

static void dump_externs(FILE *out, const CmpComponent *c, int depth)
{
    for (uint32_t i = 0; i < c->nimports; i++) {
        const CmpImport *im = &c->imports[i];
        indent(out, depth);
        fprintf(out, "import \"%s\" %s -> index %u\n", im->ext.name.str,
                cmp_extern_kind_name(im->ext.kind), im->result);
    }
    for (uint32_t i = 0; i < c->nexports; i++) {
        const CmpExport *ex = &c->exports[i];
        indent(out, depth);
        fprintf(out, "export \"%s\" %s %u%s -> index %u\n", ex->ext.name.str,
                cmp_sort_name(ex->sort), ex->index,
                ex->has_ascription ? " (with type)" : "", ex->result);
    }
}

static void dump_component(FILE *out, const CmpComponent *c, int depth)
{
    indent(out, depth);
    fprintf(out, "component at 0x%x%s%s\n", c->offset, c->name ? " $" : "",
            c->name ? c->name : "");
    static const char *sec[] = {"custom", "core module", "core instance",
                                "core type", "component", "instance", "alias",
                                "type", "canon", "start", "import", "export",
                                "value"};
    for (uint32_t i = 0; i < c->nsections; i++) {
        const CmpSection *s = &c->sections[i];
        indent(out, depth + 1);
        fprintf(out, "section %-13s at 0x%06x size %u", sec[s->id], s->offset,
                s->size);
        if (s->id != 0)
            fprintf(out, ", %u item%s", s->count, s->count == 1 ? "" : "s");
        fputc('\n', out);
    }
    for (int s = 0; s < CMP_NSORTS; s++) {
        const CmpSpace *sp = &c->scope.space[s];
        if (!sp->n)
            continue;
        indent(out, depth + 1);
        fprintf(out, "%s index space (%u):\n", cmp_sort_name((CmpSort)s),
                sp->n);
        for (uint32_t i = 0; i < sp->n; i++) {
            indent(out, depth + 2);
            const char *n = index_name(c, (CmpSort)s, i);
            fprintf(out, "%u%s%s: ", i, n ? " $" : "", n ? n : "");
            print_entry(out, c, (CmpSort)s, &sp->items[i]);
        }
    }
    dump_externs(out, c, depth + 1);
    for (uint32_t i = 0; i < c->nmodules; i++) {
        const WasmModule *m = c->modules[i].module;
        indent(out, depth + 1);
        fprintf(out, "core module %u at 0x%x: %u imports, %u funcs, %u "
                "exports\n", i, c->modules[i].offset, m->nimports, m->nfuncs,
                m->nexports);
    }
    for (uint32_t i = 0; i < c->ncomponents; i++)
        dump_component(out, c->components[i], depth + 1);
}

void cmp_dump(FILE *out, const CmpFile *f)
{
    dump_component(out, f->root, 0);
}
