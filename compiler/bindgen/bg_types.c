/* C types of WIT types (docs/bindgen-c.md, "Types"), declared on first
 * use in dependency order.  Each struct mirrors the Canonical ABI memory
 * layout (CanonicalABI.md "Alignment", "Element Size"): a record or tuple
 * is a struct of its fields; a variant is its discriminant followed by a
 * union of the payloads; a list or string is {ptr, len}.  In host mode,
 * pointers inside values are 32-bit guest addresses. */
#include <stdlib.h>
#include <string.h>

#include "bindgen/bg.h"

static const char *mangle(Bg *g, const WitType *t);

static const char *prim_name(WitTypeKind k)
{
    switch (k) {
    case WIT_BOOL: return "bool";
    case WIT_S8: return "int8_t";
    case WIT_U8: return "uint8_t";
    case WIT_S16: return "int16_t";
    case WIT_U16: return "uint16_t";
    case WIT_S32: return "int32_t";
    case WIT_U32: return "uint32_t";
    case WIT_S64: return "int64_t";
    case WIT_U64: return "uint64_t";
    case WIT_F32: return "float";
    case WIT_F64: return "double";
    case WIT_CHAR: return "uint32_t";
    case WIT_ERROR_CONTEXT:
    case WIT_FUTURE:
    case WIT_STREAM: return "int32_t";
    default: return NULL;
    }
}

static const char *disc_type(size_t ncases)
{
    uint32_t d = abi_discriminant_size(ncases);
    return d == 1 ? "uint8_t" : d == 2 ? "uint16_t" : "uint32_t";
}

/* Anonymous type names: structural, so equal types share one name. */
static const char *mangle(Bg *g, const WitType *t)
{
    t = wit_type_resolve(t);
    Arena *a = &g->arena;
    if (t->kind == WIT_BORROW || t->kind == WIT_RESOURCE) {
        /* Handles: "<iface>_own_<r>", "<iface>_borrow_<r>". */
        const WitType *r = t->kind == WIT_BORROW ? wit_type_resolve(t->elem) : t;
        const char *scope = bg_scope(g, r);
        const char *w = g->strip;
        size_t wl = w ? strlen(w) : 0;
        const char *kind = t->kind == WIT_BORROW ? "borrow" : "own";
        if (w && !strcmp(scope, w))
            return arena_printf(a, "%s_%s", kind, bg_snake(g, r->name));
        if (w && !strncmp(scope, w, wl) && scope[wl] == '_')
            scope += wl + 1;
        return arena_printf(a, "%s_%s_%s", scope, kind, bg_snake(g, r->name));
    }
    if (t->name) {
        const char *scope = bg_scope(g, t);
        const char *w = g->strip;
        size_t wl = w ? strlen(w) : 0;
        if (w && !strncmp(scope, w, wl) && scope[wl] == '_')
            scope += wl + 1;
        else if (w && !strcmp(scope, w))
            return bg_snake(g, t->name);
        return arena_printf(a, "%s_%s", scope, bg_snake(g, t->name));
    }
    switch (t->kind) {
    case WIT_STRING: return "string";
    case WIT_LIST:
        if (t->length)
            return arena_printf(a, "array%u_%s", t->length, mangle(g, t->elem));
        return arena_printf(a, "list_%s", mangle(g, t->elem));
    case WIT_MAP:
        return arena_printf(a, "map_%s_%s", mangle(g, t->key), mangle(g, t->elem));
    case WIT_OPTION: return arena_printf(a, "option_%s", mangle(g, t->elem));
    case WIT_RESULT:
        return arena_printf(a, "result_%s_%s", t->ok ? mangle(g, t->ok) : "void",
                            t->err ? mangle(g, t->err) : "void");
    case WIT_TUPLE: {
        const char *s = arena_printf(a, "tuple%zu", t->nelems);
        for (size_t i = 0; i < t->nelems; i++)
            s = arena_printf(a, "%s_%s", s, mangle(g, t->elems[i]));
        return s;
    }
    case WIT_BOOL: return "bool";
    case WIT_CHAR: return "char";
    default: return wit_type_kind_name(t->kind);
    }
}

static bool done(Bg *g, const char *name)
{
    for (size_t i = 0; i < g->ndone; i++)
        if (!strcmp(g->done[i], name))
            return true;
    g->done = kiln_grow(g->done, &g->cap_done, g->ndone + 1, sizeof *g->done);
    g->done[g->ndone++] = name;
    return false;
}

static const char *strip_t(Bg *g, const char *ctype)
{
    size_t n = strlen(ctype);
    return arena_strndup(&g->arena, ctype, n - 2);
}

static void layout_check(Bg *g, const char *ctype, const WitType *t)
{
    if (g->glue)
        fprintf(g->glue, "_Static_assert(sizeof(%s) == %u && _Alignof(%s) == %u, "
                         "\"canonical ABI layout\");\n",
                ctype, abi_size(t), ctype, abi_align(t));
}

/* The pointer + length pair of strings and lists. */
static void decl_list(Bg *g, const char *name, const char *elem)
{
    if (g->host)
        fprintf(g->types, "typedef struct %s {\n    uint32_t ptr; /* guest address of %s[len] */\n"
                          "    uint32_t len;\n} %s;\n\n", name, elem, name);
    else
        fprintf(g->types, "typedef struct %s {\n    %s *ptr;\n    size_t len;\n} %s;\n\n",
                name, elem, name);
}

static void decl_free(Bg *g, const WitType *t, const char *ctype);

static void decl_variant(Bg *g, const WitType *t, const char *name)
{
    size_t n = abi_variant_ncases(t);
    const char **pay = arena_array(&g->arena, n, sizeof *pay);
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const WitType *p = abi_variant_payload(t, i);
        pay[i] = p ? bg_ctype(g, p) : NULL;
        any |= p != NULL;
    }
    const char *up = bg_upper(g, strip_t(g, name));
    if (t->kind == WIT_VARIANT)
        for (size_t i = 0; i < n; i++)
            fprintf(g->types, "#define %s_%s %zu\n", up,
                    bg_upper(g, bg_snake(g, t->cases[i].name)), i);
    fprintf(g->types, "typedef struct %s {\n", name);
    if (t->kind == WIT_OPTION)
        fprintf(g->types, "    bool is_some;\n    %s val;\n} %s;\n\n", pay[1], name);
    else if (t->kind == WIT_RESULT) {
        fprintf(g->types, "    bool is_err;\n");
        if (any) {
            fprintf(g->types, "    union {\n");
            if (pay[0])
                fprintf(g->types, "        %s ok;\n", pay[0]);
            if (pay[1])
                fprintf(g->types, "        %s err;\n", pay[1]);
            fprintf(g->types, "    } val;\n");
        }
        fprintf(g->types, "} %s;\n\n", name);
    } else {
        fprintf(g->types, "    %s tag;\n", disc_type(n));
        if (any) {
            fprintf(g->types, "    union {\n");
            for (size_t i = 0; i < n; i++)
                if (pay[i])
                    fprintf(g->types, "        %s %s;\n", pay[i],
                            bg_snake(g, t->cases[i].name));
            fprintf(g->types, "    } val;\n");
        }
        fprintf(g->types, "} %s;\n\n", name);
    }
}

static void declare(Bg *g, const WitType *t, const char *name)
{
    FILE *o = g->types;
    if (t->name)
        bg_doc(o, t->docs, 0);
    switch (t->kind) {
    case WIT_STRING:
        decl_list(g, name, "uint8_t");
        break;
    case WIT_LIST:
        if (t->length) {
            const char *e = bg_ctype(g, t->elem);
            fprintf(o, "typedef struct %s {\n    %s arr[%u];\n} %s;\n\n", name, e,
                    t->length, name);
        } else {
            decl_list(g, name, bg_ctype(g, t->elem));
        }
        break;
    case WIT_MAP: {
        const char *k = bg_ctype(g, t->key), *v = bg_ctype(g, t->elem);
        const char *e = arena_printf(&g->arena, "%s_entry_t", strip_t(g, name));
        fprintf(o, "typedef struct %s {\n    %s key;\n    %s val;\n} %s;\n\n", e, k, v, e);
        decl_list(g, name, e);
        break;
    }
    case WIT_RECORD:
    case WIT_TUPLE: {
        size_t n = abi_record_nfields(t);
        const char **ft = arena_array(&g->arena, n, sizeof *ft);
        for (size_t i = 0; i < n; i++)
            ft[i] = bg_ctype(g, abi_record_field(t, i));
        fprintf(o, "typedef struct %s {\n", name);
        for (size_t i = 0; i < n; i++) {
            if (t->kind == WIT_RECORD)
                fprintf(o, "    %s %s;\n", ft[i], bg_snake(g, t->fields[i].name));
            else
                fprintf(o, "    %s f%zu;\n", ft[i], i);
        }
        fprintf(o, "} %s;\n\n", name);
        break;
    }
    case WIT_VARIANT:
    case WIT_OPTION:
    case WIT_RESULT:
        decl_variant(g, t, name);
        break;
    case WIT_ENUM: {
        const char *up = bg_upper(g, strip_t(g, name));
        fprintf(o, "typedef %s %s;\n", disc_type(t->ncases), name);
        for (size_t i = 0; i < t->ncases; i++)
            fprintf(o, "#define %s_%s %zu\n", up,
                    bg_upper(g, bg_snake(g, t->cases[i].name)), i);
        fputc('\n', o);
        break;
    }
    case WIT_FLAGS: {
        uint32_t s = abi_flags_size(t->ncases);
        if (s > 4) {
            bg_error(g, &t->loc, "flags `%s`: more than 32 labels", t->name);
            return;
        }
        const char *up = bg_upper(g, strip_t(g, name));
        fprintf(o, "typedef %s %s;\n", s == 1 ? "uint8_t" : s == 2 ? "uint16_t" : "uint32_t",
                name);
        for (size_t i = 0; i < t->ncases; i++)
            fprintf(o, "#define %s_%s (1u << %zu)\n", up,
                    bg_upper(g, bg_snake(g, t->cases[i].name)), i);
        fputc('\n', o);
        break;
    }
    default:
        return;
    }
    layout_check(g, name, t);
    decl_free(g, t, name);
}

/* Handle types of a resource: own (and borrow when imported); for an
 * exported resource also the representation the author defines. */
static const char *handle_type(Bg *g, const WitType *res, bool borrow)
{
    const char *scope = bg_scope(g, res), *r = bg_snake(g, res->name);
    const char *own = arena_printf(&g->arena, "%s_own_%s_t", scope, r);
    if (g->host) {
        const char *h = arena_printf(&g->arena, "%s_%s_t", scope, r);
        if (!done(g, h))
            fprintf(g->types, "/* resource %s: a 32-bit handle */\ntypedef uint32_t %s;\n\n",
                    res->name, h);
        return h;
    }
    bool exp = bg_resource_exported(g, res);
    if (!done(g, own)) {
        if (exp)
            fprintf(g->types, "/* resource %s (exported): you define struct %s_%s */\n"
                              "typedef struct %s_%s %s_%s_t;\n",
                    res->name, scope, r, scope, r, scope, r);
        fprintf(g->types, "typedef struct %s {\n    int32_t handle;\n} %s;\n", own, own);
        if (!exp)
            fprintf(g->types, "typedef struct %s_borrow_%s_t {\n    int32_t handle;\n} "
                              "%s_borrow_%s_t;\n",
                    scope, r, scope, r);
        fputc('\n', g->types);
    }
    if (!borrow)
        return own;
    if (exp)
        return arena_printf(&g->arena, "%s_%s_t *", scope, r);
    return arena_printf(&g->arena, "%s_borrow_%s_t", scope, r);
}

const char *bg_ctype(Bg *g, const WitType *t)
{
    t = wit_type_resolve(t);
    if (t->kind == WIT_FUTURE || t->kind == WIT_STREAM || t->kind == WIT_ERROR_CONTEXT) {
        /* Their values need the async built-ins (stream.read, ...). */
        if (!g->failed)
            bg_error(g, &t->loc, "%s: async types are not supported by the C generator",
                     wit_type_kind_name(t->kind));
        g->failed = true;
    }
    const char *p = prim_name(t->kind);
    if (p)
        return p;
    if (t->kind == WIT_RESOURCE)
        return handle_type(g, t, false);
    if (t->kind == WIT_BORROW)
        return handle_type(g, wit_type_resolve(t->elem), true);
    const char *name;
    if (t->name)
        name = arena_printf(&g->arena, "%s_%s_t", bg_scope(g, t), bg_snake(g, t->name));
    else if (g->host && g->world == NULL && g->nifaces)
        name = arena_printf(&g->arena, "%s_%s_t", g->ifaces[0].cname, mangle(g, t));
    else
        name = arena_printf(&g->arena, "%s_%s_t", g->world ? g->world : "kiln",
                            mangle(g, t));
    /* Host mode: named types of other interfaces live in their headers. */
    if (g->host && t->iface && t->iface != g->ifaces[0].iface)
        return name;
    if (!done(g, name))
        declare(g, t, name);
    return name;
}

const char *bg_stem(Bg *g, const WitType *t)
{
    return strip_t(g, bg_ctype(g, t));
}

bool bg_needs_free(const WitType *t)
{
    t = wit_type_resolve(t);
    switch (abi_shape(t)) {
    case ABI_SHAPE_LIST:
        return true;
    case ABI_SHAPE_FIXED:
        return bg_needs_free(t->elem);
    case ABI_SHAPE_RECORD:
        for (size_t i = 0; i < abi_record_nfields(t); i++)
            if (bg_needs_free(abi_record_field(t, i)))
                return true;
        return false;
    case ABI_SHAPE_VARIANT:
        for (size_t i = 0; i < abi_variant_ncases(t); i++) {
            const WitType *p = abi_variant_payload(t, i);
            if (p && bg_needs_free(p))
                return true;
        }
        return false;
    default:
        return false;
    }
}

/* Emits the free statement for value lvalue `lv` of type t. */
static void free_value(Bg *g, FILE *o, const WitType *t, const char *lv, int ind)
{
    if (!bg_needs_free(t))
        return;
    fprintf(o, "%*s%s_free(&%s);\n", ind, "", bg_stem(g, t), lv);
}

/* <stem>_free: frees what a value owns (never drops handles). */
static void decl_free(Bg *g, const WitType *t, const char *ctype)
{
    if (g->host || !bg_needs_free(t))
        return;
    const char *stem = strip_t(g, ctype);
    /* Make sure element types are declared before this prototype. */
    fprintf(g->types, "void %s_free(%s *p);\n\n", stem, ctype);
    FILE *o = g->glue;
    fprintf(o, "\nvoid %s_free(%s *p)\n{\n", stem, ctype);
    switch (abi_shape(t)) {
    case ABI_SHAPE_LIST:
        if (t->kind != WIT_STRING) {
            const WitType *e = t->elem;
            if (t->kind == WIT_MAP) {
                fprintf(o, "    for (size_t i = 0; i < p->len; i++) {\n");
                free_value(g, o, t->key, "p->ptr[i].key", 8);
                free_value(g, o, t->elem, "p->ptr[i].val", 8);
                fprintf(o, "    }\n");
            } else if (bg_needs_free(e)) {
                fprintf(o, "    for (size_t i = 0; i < p->len; i++)\n");
                free_value(g, o, e, "p->ptr[i]", 8);
            }
        }
        fprintf(o, "    if (p->len)\n        free(p->ptr);\n"
                   "    p->ptr = NULL;\n    p->len = 0;\n");
        break;
    case ABI_SHAPE_FIXED:
        fprintf(o, "    for (size_t i = 0; i < %u; i++)\n", t->length);
        free_value(g, o, t->elem, "p->arr[i]", 8);
        break;
    case ABI_SHAPE_RECORD:
        for (size_t i = 0; i < abi_record_nfields(t); i++) {
            const char *f = t->kind == WIT_RECORD
                                ? arena_printf(&g->arena, "p->%s", bg_snake(g, t->fields[i].name))
                                : arena_printf(&g->arena, "p->f%zu", i);
            free_value(g, o, abi_record_field(t, i), f, 4);
        }
        break;
    case ABI_SHAPE_VARIANT:
        if (t->kind == WIT_OPTION) {
            fprintf(o, "    if (p->is_some) {\n");
            free_value(g, o, t->elem, "p->val", 8);
            fprintf(o, "    }\n");
        } else if (t->kind == WIT_RESULT) {
            fprintf(o, "    if (!p->is_err) {\n");
            if (t->ok)
                free_value(g, o, t->ok, "p->val.ok", 8);
            fprintf(o, "    } else {\n");
            if (t->err)
                free_value(g, o, t->err, "p->val.err", 8);
            fprintf(o, "    }\n");
        } else {
            fprintf(o, "    switch (p->tag) {\n");
            for (size_t i = 0; i < t->ncases; i++) {
                const WitType *pt = t->cases[i].type;
                if (!pt || !bg_needs_free(pt))
                    continue;
                fprintf(o, "    case %zu:\n", i);
                free_value(g, o, pt, arena_printf(&g->arena, "p->val.%s",
                                                  bg_snake(g, t->cases[i].name)), 8);
                fprintf(o, "        break;\n");
            }
            fprintf(o, "    default:\n        break;\n    }\n");
        }
        break;
    default:
        break;
    }
    fprintf(o, "}\n");
}
