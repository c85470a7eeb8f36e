/* The host of world-items for its kiln run: driver.mjs's host in C (the
 * world's own items through interface `top`), with its console lines
 * kept in a log that `take-log` returns.  No snprintf: stdio would pull in
 * WASI, and the provider imports nothing. */
#include <stdlib.h>

#include "provider.h"

struct provider_top_ticket {
    provider_string_t label;
};

static provider_list_string_t logged;
static uint64_t tick;

/* a + b + c as a new string (b of blen bytes). */
static provider_string_t cat3(const char *a, const uint8_t *b, size_t blen, const char *c)
{
    size_t na = strlen(a), nc = strlen(c);
    provider_string_t s = {malloc(na + blen + nc + 1), na + blen + nc};
    memcpy(s.ptr, a, na);
    memcpy(s.ptr + na, b, blen);
    memcpy(s.ptr + na + blen, c, nc);
    s.ptr[s.len] = 0; /* so that it can be the next call's `a` */
    return s;
}

static void say(provider_string_t line)
{
    logged.ptr = realloc(logged.ptr, (logged.len + 1) * sizeof *logged.ptr);
    logged.ptr[logged.len++] = line;
}

static const char *decimal(uint32_t n, char buf[12])
{
    char *p = buf + 11;
    *p = 0;
    do
        *--p = (char)('0' + n % 10);
    while (n /= 10);
    return p;
}

static provider_top_own_ticket_t make(provider_string_t label)
{
    provider_top_ticket_t *t = malloc(sizeof *t);
    t->label = label;
    return provider_top_ticket_new(t);
}

provider_top_own_ticket_t provider_top_ticket_constructor(provider_string_t label)
{
    provider_top_own_ticket_t h = make(cat3("", label.ptr, label.len, ""));
    if (label.len)
        provider_string_free(&label);
    return h;
}

void provider_top_ticket_destructor(provider_top_ticket_t *t)
{
    say(cat3("dispose ", t->label.ptr, t->label.len, ""));
    free(t->label.ptr);
    free(t);
}

provider_string_t provider_top_ticket_label(provider_top_ticket_t *self)
{
    return cat3("ticket ", self->label.ptr, self->label.len, "");
}

provider_top_own_ticket_t provider_top_ticket_renumber(provider_top_ticket_t *t, uint32_t n)
{
    char buf[12];
    const char *d = decimal(n, buf);
    provider_string_t head = cat3("", t->label.ptr, t->label.len, " #");
    provider_string_t label = cat3((const char *)head.ptr, (const uint8_t *)d, strlen(d), "");
    free(head.ptr);
    return make(label);
}

provider_top_stamp_t provider_top_now(void)
{
    provider_top_stamp_t s = {.seconds = 1700000000 + tick++};
    s.zone.is_some = tick % 2 != 0;
    if (s.zone.is_some)
        provider_string_dup(&s.zone.val, "UTC");
    return s;
}

provider_top_own_ticket_t provider_top_issue(uint32_t n)
{
    char buf[12];
    const char *d = decimal(n, buf);
    return make(cat3("issued ", (const uint8_t *)d, strlen(d), ""));
}

void provider_logger_log(uint8_t level, provider_string_t msg)
{
    char buf[12];
    const char *d = decimal(level, buf);
    provider_string_t head = cat3("log[", (const uint8_t *)d, strlen(d), "] ");
    say(cat3((const char *)head.ptr, msg.ptr, msg.len, ""));
    free(head.ptr);
    if (msg.len)
        provider_string_free(&msg);
}

provider_option_catalog_item_t provider_catalog_lookup(provider_string_t sku)
{
    static const struct {
        const char *sku;
        uint32_t count;
        uint64_t price;
        provider_catalog_kind_t kind;
    } items[] = {
        {"hammer", 3, 1999, PROVIDER_CATALOG_KIND_TOOL},
        {"bolt", 1000, 5, PROVIDER_CATALOG_KIND_PART},
        {"\xc3\xa9" "crou", 2, 18446744073709551u, PROVIDER_CATALOG_KIND_OTHER},
    };
    provider_option_catalog_item_t r = {.is_some = false};
    for (size_t i = 0; i < sizeof items / sizeof *items; i++)
        if (strlen(items[i].sku) == sku.len && !memcmp(items[i].sku, sku.ptr, sku.len)) {
            r.is_some = true;
            provider_string_dup(&r.val.sku, items[i].sku);
            r.val.count = items[i].count;
            r.val.price_cents = items[i].price;
            r.val.kind = items[i].kind;
        }
    if (sku.len)
        provider_string_free(&sku);
    return r;
}

provider_list_string_t provider_take_log(void)
{
    provider_list_string_t all = logged;
    logged.ptr = NULL;
    logged.len = 0;
    return all;
}
