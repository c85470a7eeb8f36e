/* The WIT printer: normalized text of a resolved package, interface or
 * world.  Canonical layout: four-space indents, one item per line, a
 * blank line between definitions; inside an interface the `use`s first,
 * then types, then functions, each in declaration order; docs, gates and
 * external ids kept; names that are keywords written with `%`; other
 * packages' interfaces and worlds written fully qualified (so no
 * file-level `use` is needed).  Parsing the output gives the same model. */
#include <string.h>

#include "wit/wit_internal.h"

typedef struct Printer {
    FILE *out;
    const WitPackage *pkg; /* the package printed: its names print bare */
} Printer;

static void indent(Printer *p, int n)
{
    for (int i = 0; i < n; i++)
        fputs("    ", p->out);
}

static void name(Printer *p, const char *s)
{
    if (wit_is_keyword(s, strlen(s)))
        fputc('%', p->out);
    fputs(s, p->out);
}

static void docs(Printer *p, const char *d, int ind)
{
    while (d) {
        const char *nl = strchr(d, '\n');
        indent(p, ind);
        fprintf(p->out, "///%.*s\n", (int)(nl ? nl - d : (long)strlen(d)), d);
        d = nl ? nl + 1 : NULL;
    }
}

static void gates(Printer *p, const WitGate *g, const char *ext, int ind)
{
    if (g->unstable) {
        indent(p, ind);
        fputs("@unstable(feature = ", p->out);
        name(p, g->unstable);
        fputs(")\n", p->out);
    }
    if (g->since) {
        indent(p, ind);
        fprintf(p->out, "@since(version = %s)\n", g->since);
    }
    if (g->deprecated) {
        indent(p, ind);
        fprintf(p->out, "@deprecated(version = %s)\n", g->deprecated);
    }
    if (ext) {
        indent(p, ind);
        fprintf(p->out, "@external-id(\"%s\")\n", ext);
    }
}

static const char *const prim_names[] = {
    [WIT_BOOL] = "bool", [WIT_S8] = "s8",   [WIT_U8] = "u8",
    [WIT_S16] = "s16",   [WIT_U16] = "u16", [WIT_S32] = "s32",
    [WIT_U32] = "u32",   [WIT_S64] = "s64", [WIT_U64] = "u64",
    [WIT_F32] = "f32",   [WIT_F64] = "f64", [WIT_CHAR] = "char",
    [WIT_STRING] = "string", [WIT_ERROR_CONTEXT] = "error-context",
};

static void type_ref(Printer *p, const WitType *t);

static void angle(Printer *p, const char *kw, const WitType *a,
                  const WitType *b)
{
    fprintf(p->out, "%s<", kw);
    type_ref(p, a);
    if (b) {
        fputs(", ", p->out);
        type_ref(p, b);
    }
    fputc('>', p->out);
}

static void result_ref(Printer *p, const WitType *t)
{
    fputs("result", p->out);
    if (!t->ok && !t->err)
        return;
    fputc('<', p->out);
    if (t->ok)
        type_ref(p, t->ok);
    else
        fputc('_', p->out);
    if (t->err) {
        fputs(", ", p->out);
        type_ref(p, t->err);
    }
    fputc('>', p->out);
}

static void type_ref(Printer *p, const WitType *t)
{
    if (t->name) {
        name(p, t->name);
        return;
    }
    switch (t->kind) {
    case WIT_LIST:
        fputs("list<", p->out);
        type_ref(p, t->elem);
        if (t->length)
            fprintf(p->out, ", %u", (unsigned)t->length);
        fputc('>', p->out);
        return;
    case WIT_MAP: angle(p, "map", t->key, t->elem); return;
    case WIT_OPTION: angle(p, "option", t->elem, NULL); return;
    case WIT_RESULT: result_ref(p, t); return;
    case WIT_BORROW: angle(p, "borrow", t->elem, NULL); return;
    case WIT_FUTURE:
    case WIT_STREAM:
        if (t->elem)
            angle(p, t->kind == WIT_FUTURE ? "future" : "stream", t->elem, NULL);
        else
            fputs(t->kind == WIT_FUTURE ? "future" : "stream", p->out);
        return;
    case WIT_TUPLE:
        fputs("tuple<", p->out);
        for (size_t i = 0; i < t->nelems; i++) {
            if (i)
                fputs(", ", p->out);
            type_ref(p, t->elems[i]);
        }
        fputc('>', p->out);
        return;
    default:
        if (t->kind <= WIT_ERROR_CONTEXT)
            fputs(prim_names[t->kind], p->out);
        else
            fputs("<?>", p->out);
    }
}

static void func_sig(Printer *p, const WitFunc *fn)
{
    if (fn->is_async)
        fputs("async ", p->out);
    fputs("func(", p->out);
    size_t first = fn->kind == WIT_FUNC_METHOD ? 1 : 0;
    for (size_t i = first; i < fn->nparams; i++) {
        if (i > first)
            fputs(", ", p->out);
        name(p, fn->params[i].name);
        fputs(": ", p->out);
        type_ref(p, fn->params[i].type);
    }
    fputc(')', p->out);
    if (fn->result) {
        fputs(" -> ", p->out);
        type_ref(p, fn->result);
    }
}

static void resource_func(Printer *p, const WitFunc *fn, int ind)
{
    docs(p, fn->docs, ind);
    gates(p, &fn->gate, fn->external_id, ind);
    indent(p, ind);
    if (fn->kind == WIT_FUNC_CONSTRUCTOR) {
        fputs("constructor(", p->out);
        for (size_t i = 0; i < fn->nparams; i++) {
            if (i)
                fputs(", ", p->out);
            name(p, fn->params[i].name);
            fputs(": ", p->out);
            type_ref(p, fn->params[i].type);
        }
        fputc(')', p->out);
        if (fn->result != fn->resource) {
            fputs(" -> ", p->out);
            type_ref(p, fn->result);
        }
        fputs(";\n", p->out);
        return;
    }
    name(p, fn->name);
    fputs(fn->kind == WIT_FUNC_STATIC ? ": static " : ": ", p->out);
    func_sig(p, fn);
    fputs(";\n", p->out);
}

static void cases(Printer *p, const WitType *t, int ind)
{
    for (size_t i = 0; i < t->ncases; i++) {
        docs(p, t->cases[i].docs, ind);
        indent(p, ind);
        name(p, t->cases[i].name);
        if (t->cases[i].type) {
            fputc('(', p->out);
            type_ref(p, t->cases[i].type);
            fputc(')', p->out);
        }
        fputs(",\n", p->out);
    }
}

static void typedef_item(Printer *p, const WitType *t, int ind)
{
    static const char *const kw[] = {
        [WIT_RECORD] = "record", [WIT_VARIANT] = "variant",
        [WIT_ENUM] = "enum", [WIT_FLAGS] = "flags",
        [WIT_RESOURCE] = "resource", [WIT_ALIAS] = "type",
    };
    docs(p, t->docs, ind);
    gates(p, &t->gate, t->external_id, ind);
    indent(p, ind);
    fprintf(p->out, "%s ", kw[t->kind]);
    name(p, t->name);
    if (t->kind == WIT_ALIAS) {
        fputs(" = ", p->out);
        type_ref(p, t->elem);
        fputs(";\n", p->out);
        return;
    }
    if (t->kind == WIT_RESOURCE && t->nfuncs == 0) {
        fputs(";\n", p->out);
        return;
    }
    fputs(" {\n", p->out);
    for (size_t i = 0; i < t->nfields; i++) {
        docs(p, t->fields[i].docs, ind + 1);
        indent(p, ind + 1);
        name(p, t->fields[i].name);
        fputs(": ", p->out);
        type_ref(p, t->fields[i].type);
        fputs(",\n", p->out);
    }
    cases(p, t, ind + 1);
    for (size_t i = 0; i < t->nfuncs; i++)
        resource_func(p, t->funcs[i], ind + 1);
    indent(p, ind);
    fputs("}\n", p->out);
}

/* `ns:pkg` or `ns:pkg/item`, then `@version`; keywords escaped. */
static void qualified(Printer *p, const WitPackage *pk, const char *item)
{
    name(p, pk->ns);
    fputc(':', p->out);
    name(p, pk->name);
    if (item) {
        fputc('/', p->out);
        name(p, item);
    }
    if (pk->version)
        fprintf(p->out, "@%s", pk->version);
}

/* `name`, or `ns:pkg/name@v` outside the printed package. */
static void item_path(Printer *p, const WitPackage *owner, const char *n)
{
    if (owner == p->pkg)
        name(p, n);
    else
        qualified(p, owner, n);
}

static void use_item(Printer *p, const WitUse *u, int ind)
{
    docs(p, u->docs, ind);
    gates(p, &u->gate, NULL, ind);
    indent(p, ind);
    fputs("use ", p->out);
    if (u->from)
        item_path(p, u->from->package, u->from->name);
    fputs(".{", p->out);
    for (size_t i = 0; i < u->nnames; i++) {
        if (i)
            fputs(", ", p->out);
        name(p, u->names[i].name);
        if (u->names[i].as) {
            fputs(" as ", p->out);
            name(p, u->names[i].as);
        }
    }
    fputs("};\n", p->out);
}

static void func_item(Printer *p, const WitFunc *fn, int ind)
{
    docs(p, fn->docs, ind);
    gates(p, &fn->gate, fn->external_id, ind);
    indent(p, ind);
    name(p, fn->name);
    fputs(": ", p->out);
    func_sig(p, fn);
    fputs(";\n", p->out);
}

/* The body of an interface, between its braces. */
static void iface_body(Printer *p, const WitInterface *in, int ind)
{
    bool any = false;
    for (size_t i = 0; i < in->nuses; i++) {
        use_item(p, in->uses[i], ind);
        any = true;
    }
    for (size_t i = 0; i < in->ntypes; i++) {
        if (in->types[i]->use)
            continue;
        if (any)
            fputc('\n', p->out);
        typedef_item(p, in->types[i], ind);
        any = true;
    }
    for (size_t i = 0; i < in->nfuncs; i++) {
        if (any)
            fputc('\n', p->out);
        func_item(p, in->funcs[i], ind);
        any = true;
    }
}

static void iface(Printer *p, const WitInterface *in, int ind)
{
    docs(p, in->docs, ind);
    gates(p, &in->gate, NULL, ind);
    indent(p, ind);
    fputs("interface ", p->out);
    name(p, in->name);
    if (!in->nuses && !in->ntypes && !in->nfuncs) {
        fputs(" {}\n", p->out);
        return;
    }
    fputs(" {\n", p->out);
    iface_body(p, in, ind + 1);
    indent(p, ind);
    fputs("}\n", p->out);
}

static void world_item(Printer *p, const WitWorldItem *it, int ind)
{
    docs(p, it->docs, ind);
    gates(p, &it->gate, it->external_id, ind);
    indent(p, ind);
    fputs(it->is_export ? "export " : "import ", p->out);
    if (it->named) {
        name(p, it->name);
        fputs(": ", p->out);
    }
    if (it->kind == WIT_WORLD_FUNC) {
        func_sig(p, it->func);
        fputs(";\n", p->out);
    } else if (it->iface && !it->iface->name) {
        bool empty = !it->iface->nuses && !it->iface->ntypes &&
                     !it->iface->nfuncs;
        fputs(empty ? "interface {}\n" : "interface {\n", p->out);
        if (!empty) {
            iface_body(p, it->iface, ind + 1);
            indent(p, ind);
            fputs("}\n", p->out);
        }
    } else {
        if (it->iface)
            item_path(p, it->iface->package, it->iface->name);
        fputs(";\n", p->out);
    }
}

static void include_item(Printer *p, const WitInclude *inc, int ind)
{
    docs(p, inc->docs, ind);
    gates(p, &inc->gate, NULL, ind);
    indent(p, ind);
    fputs("include ", p->out);
    if (inc->world)
        item_path(p, inc->world->package, inc->world->name);
    if (inc->nwith) {
        fputs(" with { ", p->out);
        for (size_t i = 0; i < inc->nwith; i++) {
            if (i)
                fputs(", ", p->out);
            name(p, inc->with_from[i]);
            fputs(" as ", p->out);
            name(p, inc->with_to[i]);
        }
        fputs(" }\n", p->out);
        return;
    }
    fputs(";\n", p->out);
}

static void world(Printer *p, const WitWorld *w, int ind)
{
    docs(p, w->docs, ind);
    gates(p, &w->gate, NULL, ind);
    indent(p, ind);
    fputs("world ", p->out);
    name(p, w->name);
    if (!w->nuses && !w->ntypes && !w->nitems && !w->nincludes) {
        fputs(" {}\n", p->out);
        return;
    }
    fputs(" {\n", p->out);
    bool any = false;
    for (size_t i = 0; i < w->nuses; i++, any = true)
        use_item(p, w->uses[i], ind + 1);
    for (size_t i = 0; i < w->ntypes; i++) {
        if (w->types[i]->use)
            continue;
        if (any)
            fputc('\n', p->out);
        typedef_item(p, w->types[i], ind + 1);
        any = true;
    }
    for (size_t i = 0; i < w->nitems; i++) {
        bool block = w->items[i]->docs || (w->items[i]->iface &&
                                           !w->items[i]->iface->name);
        if (any && (block || i == 0))
            fputc('\n', p->out);
        world_item(p, w->items[i], ind + 1);
        any = true;
    }
    for (size_t i = 0; i < w->nincludes; i++) {
        if (any && i == 0)
            fputc('\n', p->out);
        include_item(p, w->includes[i], ind + 1);
        any = true;
    }
    indent(p, ind);
    fputs("}\n", p->out);
}

static void package_items(Printer *p, const WitPackage *pk, int ind)
{
    for (size_t i = 0; i < pk->ninterfaces; i++) {
        fputc('\n', p->out);
        iface(p, pk->interfaces[i], ind);
    }
    for (size_t i = 0; i < pk->nworlds; i++) {
        fputc('\n', p->out);
        world(p, pk->worlds[i], ind);
    }
}

void wit_print_package(FILE *out, const WitPackage *pk)
{
    Printer p = {out, pk};
    docs(&p, pk->docs, 0);
    fputs("package ", out);
    qualified(&p, pk, NULL);
    fputs(";\n", out);
    package_items(&p, pk, 0);
}

void wit_print_package_nested(FILE *out, const WitPackage *pk)
{
    Printer p = {out, pk};
    docs(&p, pk->docs, 0);
    fputs("package ", out);
    qualified(&p, pk, NULL);
    fputs(" {", out);
    package_items(&p, pk, 1);
    fputs("}\n", out);
}

void wit_print_world(FILE *out, const WitWorld *w)
{
    Printer p = {out, w->package};
    world(&p, w, 0);
}

void wit_print_interface(FILE *out, const WitInterface *in)
{
    Printer p = {out, in->package};
    if (in->name) {
        iface(&p, in, 0);
        return;
    }
    fputs("interface {\n", out);
    iface_body(&p, in, 1);
    fputs("}\n", out);
}

void wit_print_type_ref(FILE *out, const WitType *t)
{
    Printer p = {out, NULL};
    type_ref(&p, t);
}
