/* Uses the host's counter resource every way the WIT allows and returns a
 * log of what it saw. */
#include <stdio.h>
#include <stdlib.h>

#include "resimport.h"

static resimport_list_string_t log_;

static void say_str(const char *s)
{
    log_.ptr = realloc(log_.ptr, (log_.len + 1) * sizeof *log_.ptr);
    resimport_string_dup(&log_.ptr[log_.len++], s);
}

static void say(const char *fmt, unsigned a, unsigned b)
{
    char buf[128];
    snprintf(buf, sizeof buf, fmt, a, b);
    say_str(buf);
}

resimport_list_string_t resimport_run(void)
{
    log_.ptr = NULL;
    log_.len = 0;
    resimport_store_own_counter_t a = resimport_store_counter_new(10);
    resimport_store_own_counter_t b = resimport_store_counter_new(5);
    resimport_store_borrow_counter_t ba = resimport_store_counter_borrow(a);
    resimport_store_counter_add(ba, 7);
    say("a.get = %u (expect %u)", resimport_store_counter_get(ba), 17);
    resimport_store_own_counter_t c = resimport_store_counter_merge(
        ba, resimport_store_counter_borrow(b));
    say("merge.get = %u (expect %u)", resimport_store_counter_get(resimport_store_counter_borrow(c)), 22);
    resimport_string_t l = resimport_store_counter_label(resimport_store_counter_borrow(c));
    char buf[64];
    snprintf(buf, sizeof buf, "label = %.*s", (int)l.len, (const char *)l.ptr);
    resimport_string_free(&l);
    say_str(buf);
    say("consume(b) = %u (expect %u)", resimport_store_consume(b), 5);
    resimport_store_counter_drop(a);
    resimport_store_counter_drop(c);
    resimport_list_store_own_counter_t many = resimport_store_make(3);
    unsigned sum = 0;
    for (size_t i = 0; i < many.len; i++) {
        sum += resimport_store_counter_get(resimport_store_counter_borrow(many.ptr[i]));
        resimport_store_counter_drop(many.ptr[i]);
    }
    say("make(3): %u counters, sum %u", (unsigned)many.len, sum);
    free(many.ptr);
    resimport_option_store_own_counter_t f = resimport_store_find(0);
    say("find(0) is_some = %u%.0u", f.is_some, 0);
    f = resimport_store_find(99);
    if (f.is_some) {
        say("find(99).get = %u%.0u", resimport_store_counter_get(resimport_store_counter_borrow(f.val)), 0);
        resimport_store_counter_drop(f.val);
    }
    return log_;
}

uint32_t resimport_peek(resimport_store_borrow_counter_t c)
{
    return resimport_store_counter_get(c);
}

uint32_t resimport_peek_all(resimport_list_store_borrow_counter_t cs)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < cs.len; i++)
        sum += resimport_store_counter_get(cs.ptr[i]);
    resimport_list_store_borrow_counter_free(&cs);
    return sum;
}

resimport_store_own_counter_t resimport_keep(resimport_store_own_counter_t c)
{
    resimport_store_counter_add(resimport_store_counter_borrow(c), 1000);
    return c;
}
