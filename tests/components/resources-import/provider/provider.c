/* The host of resources-import for its kiln run: driver.mjs's Counter
 * class as an exported C resource, numbering counters from 1 as it does,
 * with its console lines kept in a log that `take-log` returns.  No
 * snprintf: stdio would pull in WASI, and the provider imports nothing. */
#include <stdlib.h>

#include "provider.h"

struct provider_store_counter {
    uint32_t id, n;
};

static uint32_t next_id = 1;
static provider_list_string_t logged;

/* Appends s, then the decimal of each of the (up to two) numbers, each
 * followed by the next piece of text: say("new #", id, "(", n, ")"). */
static void say(const char *a, uint32_t x, const char *b, uint32_t y, const char *c)
{
    char buf[96], *p = buf;
    const char *text[] = {a, b, c};
    uint32_t num[] = {x, y};
    for (int i = 0; i < 3 && text[i]; i++) {
        size_t n = strlen(text[i]);
        memcpy(p, text[i], n);
        p += n;
        if (i < 2 && (i == 0 || b)) {
            char d[12], *q = d + sizeof d;
            uint32_t k = num[i];
            do
                *--q = (char)('0' + k % 10);
            while (k /= 10);
            memcpy(p, q, (size_t)(d + sizeof d - q));
            p += d + sizeof d - q;
        }
    }
    *p = 0;
    logged.ptr = realloc(logged.ptr, (logged.len + 1) * sizeof *logged.ptr);
    provider_string_dup(&logged.ptr[logged.len++], buf);
}

static provider_store_own_counter_t make(uint32_t start)
{
    provider_store_counter_t *c = malloc(sizeof *c);
    c->id = next_id++;
    c->n = start;
    say("new #", c->id, "(", c->n, ")");
    return provider_store_counter_new(c);
}

provider_store_own_counter_t provider_store_counter_constructor(uint32_t start)
{
    return make(start);
}

void provider_store_counter_destructor(provider_store_counter_t *c)
{
    say("dispose #", c->id, NULL, 0, NULL);
    free(c);
}

uint32_t provider_store_counter_get(provider_store_counter_t *self)
{
    return self->n;
}

void provider_store_counter_add(provider_store_counter_t *self, uint32_t n)
{
    self->n += n;
}

provider_string_t provider_store_counter_label(provider_store_counter_t *self)
{
    say("counter #", self->id, " = ", self->n, "");
    provider_string_t s = logged.ptr[--logged.len]; /* borrow say's text */
    return s;
}

provider_store_own_counter_t provider_store_counter_merge(provider_store_counter_t *a,
                                                         provider_store_counter_t *b)
{
    return make(a->n + b->n);
}

uint32_t provider_store_consume(provider_store_own_counter_t h)
{
    provider_store_counter_t *c = provider_store_counter_rep(h);
    uint32_t n = c->n;
    say("consume #", c->id, NULL, 0, NULL);
    provider_store_counter_drop(h); /* ours now: the destructor runs */
    return n;
}

provider_list_store_own_counter_t provider_store_make(uint32_t n)
{
    provider_list_store_own_counter_t l = {malloc(n * sizeof *l.ptr + 1), n};
    for (uint32_t i = 0; i < n; i++)
        l.ptr[i] = make(i * 100);
    return l;
}

provider_option_store_own_counter_t provider_store_find(uint32_t start)
{
    provider_option_store_own_counter_t r = {.is_some = start != 0};
    if (r.is_some)
        r.val = make(start);
    return r;
}

provider_list_string_t provider_take_log(void)
{
    provider_list_string_t all = logged;
    logged.ptr = NULL;
    logged.len = 0;
    return all;
}
