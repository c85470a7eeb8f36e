/* Implements the exported canvas resource. */
#include <stdio.h>
#include <stdlib.h>

#include "resexport.h"

struct resexport_canvas_api_canvas {
    char *name;
    unsigned strokes;
    size_t bytes;
};

static uint32_t alive;

static resexport_canvas_api_own_canvas_t make(const char *name, size_t len)
{
    resexport_canvas_api_canvas_t *c = calloc(1, sizeof *c);
    c->name = malloc(len + 1);
    memcpy(c->name, name, len);
    c->name[len] = 0;
    alive++;
    return resexport_canvas_api_canvas_new(c);
}

resexport_canvas_api_own_canvas_t resexport_canvas_api_canvas_constructor(resexport_string_t name)
{
    resexport_canvas_api_own_canvas_t h = make((const char *)name.ptr, name.len);
    resexport_string_free(&name);
    return h;
}

void resexport_canvas_api_canvas_destructor(resexport_canvas_api_canvas_t *c)
{
    free(c->name);
    free(c);
    alive--;
}

uint32_t resexport_canvas_api_canvas_draw(resexport_canvas_api_canvas_t *self,
                                          resexport_string_t stroke)
{
    self->strokes++;
    self->bytes += stroke.len;
    resexport_string_free(&stroke);
    return self->strokes;
}

resexport_string_t resexport_canvas_api_canvas_describe(resexport_canvas_api_canvas_t *self)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s: %u strokes, %zu bytes", self->name, self->strokes,
             self->bytes);
    resexport_string_t s;
    resexport_string_dup(&s, buf);
    return s;
}

resexport_canvas_api_own_canvas_t resexport_canvas_api_canvas_join(
    resexport_canvas_api_canvas_t *a, resexport_canvas_api_canvas_t *b)
{
    char buf[256];
    int n = snprintf(buf, sizeof buf, "%s+%s", a->name, b->name);
    resexport_canvas_api_own_canvas_t h = make(buf, (size_t)n);
    resexport_canvas_api_canvas_t *c = resexport_canvas_api_canvas_rep(h);
    c->strokes = a->strokes + b->strokes;
    c->bytes = a->bytes + b->bytes;
    return h;
}

resexport_string_t resexport_canvas_api_canvas_take(resexport_canvas_api_own_canvas_t h)
{
    resexport_canvas_api_canvas_t *c = resexport_canvas_api_canvas_rep(h);
    resexport_string_t s;
    resexport_string_dup(&s, c->name);
    resexport_canvas_api_canvas_drop(h); /* runs the destructor */
    return s;
}

resexport_list_canvas_api_own_canvas_t resexport_canvas_api_make_many(uint32_t n)
{
    resexport_list_canvas_api_own_canvas_t l = {malloc(n * sizeof *l.ptr + 1), n};
    for (uint32_t i = 0; i < n; i++) {
        char buf[16];
        int k = snprintf(buf, sizeof buf, "c%u", (unsigned)i);
        l.ptr[i] = make(buf, (size_t)k);
    }
    return l;
}

uint32_t resexport_canvas_api_live(void)
{
    return alive;
}
