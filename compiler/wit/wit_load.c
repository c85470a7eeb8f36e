/* Finding and reading WIT sources (WIT.md "Filesystem structure"): a
 * folder's *.wit files form one package; its `deps/` folder holds one
 * package per entry (a folder, read the same way including its own
 * `deps/`, or a single .wit file); a single file holds one package plus
 * nested `package a:b { }` blocks.  A package found twice with the same
 * text is read once.  Then everything goes to the resolver. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "wit/wit_internal.h"

typedef struct Loader {
    WitCtx *c;
    WitPkgX **pkgs;
    size_t npkgs;
    WitPkgX **roots; /* the packages the root defines, in order */
    size_t nroots;
    bool collect_roots;
    bool syntax_errors;
    bool root_unnamed; /* the root file holds only nested packages */
    char **seen; /* real paths of folders read, against symlink loops */
    size_t nseen;
} Loader;

/* Whether the folder was read already (a deps/ link back up the tree). */
static bool seen_before(Loader *ld, const char *dir)
{
    char *real = realpath(dir, NULL);
    if (!real)
        return false;
    for (size_t i = 0; i < ld->nseen; i++)
        if (!strcmp(ld->seen[i], real)) {
            free(real);
            return true;
        }
    WIT_PUSH(ld->c->arena, ld->seen, ld->nseen,
             arena_strndup(ld->c->arena, real, strlen(real)));
    free(real);
    return false;
}

static WitSrcFile *read_source(Loader *ld, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_error(ld->c->diag, path, "cannot read: %s", strerror(errno));
        ld->c->errors++;
        ld->syntax_errors = true;
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, got;
    char chunk[65536];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        buf = kiln_grow(buf, &cap, len + got + 1, 1);
        memcpy(buf + len, chunk, got);
        len += got;
    }
    fclose(f);
    WitSrcFile *sf = arena_alloc(ld->c->arena, sizeof *sf);
    sf->name = arena_strndup(ld->c->arena, path, strlen(path));
    sf->text = arena_strndup(ld->c->arena, buf ? buf : "", len);
    sf->len = len;
    free(buf);
    WIT_PUSH(ld->c->arena, ld->c->files, ld->c->nfiles, sf);
    return sf;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entry names of a folder (stable order on every system); false
 * when it cannot be read. */
static bool list_dir(const char *dir, char ***out, size_t *n)
{
    *n = 0;
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return false;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        names = kiln_grow(names, &cap, *n + 1, sizeof *names);
        names[(*n)++] = strdup(e->d_name);
    }
    closedir(d);
    if (*n)
        qsort(names, *n, sizeof *names, cmp_names);
    *out = names;
    return true;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static WitPkgX *new_pkg(Loader *ld)
{
    return arena_alloc(ld->c->arena, sizeof(WitPkgX));
}

static void add_pkg(Loader *ld, WitPkgX *p)
{
    WIT_PUSH(ld->c->arena, ld->pkgs, ld->npkgs, p);
    if (ld->collect_roots)
        WIT_PUSH(ld->c->arena, ld->roots, ld->nroots, p);
}

static void add_nested(Loader *ld, const WitParseOut *out)
{
    for (size_t i = 0; i < out->nnested; i++)
        add_pkg(ld, out->nested[i]);
}

/* Appends a file's text to the package's identity text. */
static void add_text(Loader *ld, WitPkgX *p, const WitSrcFile *f)
{
    p->src_text = arena_printf(ld->c->arena, "%.*s%.*s", (int)p->src_len,
                               p->src_text ? p->src_text : "", (int)f->len,
                               f->text);
    p->src_len += f->len;
}

static bool has_items(const WitPkgX *p)
{
    return p->pub.ninterfaces || p->pub.nworlds;
}

static void load_dir(Loader *ld, const char *dir, bool root);

static void load_file(Loader *ld, const char *path, bool root)
{
    WitSrcFile *f = read_source(ld, path);
    if (!f)
        return;
    WitPkgX *p = new_pkg(ld);
    WitParseOut out = {0};
    bool ok = wit_parse_file(ld->c, f, p, &out);
    ld->syntax_errors |= !ok;
    if (!ok)
        return;
    add_text(ld, p, f);
    if (p->has_name) {
        add_pkg(ld, p);
    } else if (root && !has_items(p) && !f->nuses && out.nnested) {
        ld->root_unnamed = true;
    } else if (has_items(p) || f->nuses || root) {
        wit_error(ld->c, (WitLoc){f->name, 1, 1},
                  "missing `package` declaration (`package ns:name;`)");
    }
    add_nested(ld, &out);
}

static void load_deps(Loader *ld, const char *deps)
{
    size_t n;
    char **names;
    list_dir(deps, &names, &n);
    bool saved = ld->collect_roots;
    ld->collect_roots = false;
    for (size_t i = 0; i < n; i++) {
        char *path = arena_printf(ld->c->arena, "%s/%s", deps, names[i]);
        if (is_dir(path))
            load_dir(ld, path, false);
        else if (ends_with(names[i], ".wit"))
            load_file(ld, path, false);
    }
    ld->collect_roots = saved;
    free_list(names, n);
}

static void load_dir(Loader *ld, const char *dir, bool root)
{
    if (seen_before(ld, dir))
        return;
    size_t n;
    char **names;
    if (!list_dir(dir, &names, &n) && root) {
        diag_error(ld->c->diag, dir, "cannot read folder: %s", strerror(errno));
        ld->c->errors++;
        ld->syntax_errors = true;
        return;
    }
    WitPkgX *p = new_pkg(ld);
    bool any = false;
    WitParseOut out = {0};
    for (size_t i = 0; i < n; i++) {
        if (!ends_with(names[i], ".wit"))
            continue;
        char *path = arena_printf(ld->c->arena, "%s/%s", dir, names[i]);
        if (is_dir(path))
            continue;
        WitSrcFile *f = read_source(ld, path);
        if (!f)
            continue;
        any = true;
        bool ok = wit_parse_file(ld->c, f, p, &out);
        ld->syntax_errors |= !ok;
        if (ok)
            add_text(ld, p, f);
    }
    if (p->has_name)
        add_pkg(ld, p);
    else if (!ld->syntax_errors && (has_items(p) || root))
        diag_error(ld->c->diag, dir, any ? "no `package` declaration in the "
                                           "folder's .wit files"
                                         : "no .wit files in the folder"),
            ld->c->errors++;
    add_nested(ld, &out);
    char *deps = arena_printf(ld->c->arena, "%s/deps", dir);
    if (is_dir(deps))
        load_deps(ld, deps);
    free_list(names, n);
}

static bool same_name(const WitPackage *a, const WitPackage *b)
{
    if (strcmp(a->ns, b->ns) || strcmp(a->name, b->name))
        return false;
    if (!a->version || !b->version)
        return a->version == b->version;
    return !strcmp(a->version, b->version);
}

/* Drops packages read twice with identical text; different text is an
 * error. */
static size_t dedupe(Loader *ld)
{
    size_t kept = 0;
    for (size_t i = 0; i < ld->npkgs; i++) {
        WitPkgX *p = ld->pkgs[i];
        WitPkgX *first = NULL;
        for (size_t j = 0; j < kept && !first; j++)
            if (same_name(&ld->pkgs[j]->pub, &p->pub))
                first = ld->pkgs[j];
        if (!first) {
            ld->pkgs[kept++] = p;
            continue;
        }
        p->dup_of = first;
        if (first->src_len != p->src_len ||
            memcmp(first->src_text, p->src_text, p->src_len))
            wit_error(ld->c, p->pub.loc,
                      "package `%s:%s` is defined twice (first at %s:%u)",
                      p->pub.ns, p->pub.name, first->pub.loc.file,
                      first->pub.loc.line);
    }
    return kept;
}

static bool is_binary(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char magic[4] = {0};
    size_t n = fread(magic, 1, 4, f);
    fclose(f);
    return n == 4 && !memcmp(magic, "\0asm", 4);
}

WitResolve *wit_load(const char *path, const WitLoadOptions *opt, Diag *diag)
{
    WitResolve *r = calloc(1, sizeof *r);
    if (!r)
        kiln_oom();
    arena_init(&r->arena);
    WitCtx c = {.arena = &r->arena, .diag = diag,
                .all_errors = opt && opt->all_errors};
    Loader ld = {.c = &c, .collect_roots = true};
    bool dir = is_dir(path);
    if (!dir && is_binary(path)) {
        diag_error(diag, path, "reading the WIT of a component binary is not "
                               "supported yet (components issue)");
        wit_free(r);
        return NULL;
    }
    if (dir)
        load_dir(&ld, path, true);
    else
        load_file(&ld, path, true);
    /* resolution needs whole files; a later error is still wanted when
     * all errors are */
    if (ld.syntax_errors || ld.nroots == 0 || (c.errors && !c.all_errors)) {
        wit_free(r);
        return NULL;
    }
    size_t n = dedupe(&ld);
    /* a root file made only of `package { }` blocks: the last is the root */
    if (ld.root_unnamed) {
        WitPkgX *last = ld.roots[ld.nroots - 1];
        memmove(ld.roots + 1, ld.roots, (ld.nroots - 1) * sizeof *ld.roots);
        ld.roots[0] = last;
    }
    if (c.errors && !c.all_errors) {
        wit_free(r);
        return NULL;
    }
    WitPkgX *root = ld.roots[0];
    for (size_t i = 0; i < ld.nroots; i++) {
        if (ld.roots[i]->dup_of)
            continue;
        WIT_PUSH(&r->arena, r->roots, r->nroots, &ld.roots[i]->pub);
    }
    if (!wit_resolve_all(&c, ld.pkgs, n, root, r) || c.errors) {
        wit_free(r);
        return NULL;
    }
    return r;
}

WitResolve *wit_load_dir(const char *dir, Diag *diag)
{
    return wit_load(dir, NULL, diag);
}

WitResolve *wit_load_file(const char *path, Diag *diag)
{
    return wit_load(path, NULL, diag);
}

void wit_free(WitResolve *r)
{
    if (!r)
        return;
    arena_free(&r->arena);
    free(r);
}
