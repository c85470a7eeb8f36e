/* Inventory: world-level types and functions, an inline interface. */
#include <stdio.h>
#include <stdlib.h>

#include "inventory.h"

static inventory_stamp_t last;

static void log_msg(uint8_t level, const char *msg)
{
    inventory_string_t s;
    inventory_string_set(&s, msg);
    inventory_logger_log(level, s);
}

inventory_result_u64_string_t inventory_report_total(inventory_list_string_t skus)
{
    inventory_stamp_free(&last);
    last = inventory_now();
    inventory_result_u64_string_t r = {.is_err = false};
    r.val.ok = 0;
    for (size_t i = 0; i < skus.len; i++) {
        inventory_option_catalog_item_t it = inventory_catalog_lookup(skus.ptr[i]);
        if (!it.is_some) {
            char buf[128];
            snprintf(buf, sizeof buf, "unknown sku %.*s", (int)skus.ptr[i].len,
                     (const char *)skus.ptr[i].ptr);
            log_msg(2, buf);
            r.is_err = true;
            inventory_string_dup(&r.val.err, buf);
            break;
        }
        r.val.ok += (uint64_t)it.val.count * it.val.price_cents;
        inventory_option_catalog_item_free(&it);
    }
    inventory_list_string_free(&skus);
    return r;
}

inventory_list_catalog_item_t inventory_report_low(inventory_list_string_t skus, uint32_t threshold)
{
    inventory_list_catalog_item_t out = {malloc(skus.len * sizeof *out.ptr + 1), 0};
    for (size_t i = 0; i < skus.len; i++) {
        inventory_option_catalog_item_t it = inventory_catalog_lookup(skus.ptr[i]);
        if (it.is_some && it.val.count < threshold)
            out.ptr[out.len++] = it.val; /* moved */
        else
            inventory_option_catalog_item_free(&it);
    }
    inventory_list_string_free(&skus);
    log_msg(0, "low done");
    return out;
}

inventory_stamp_t inventory_last_stamp(void)
{
    inventory_stamp_t s = last;
    if (s.zone.is_some) { /* the result is freed after the call: copy */
        inventory_string_t z;
        z.len = s.zone.val.len;
        z.ptr = malloc(z.len + 1);
        memcpy(z.ptr, s.zone.val.ptr, z.len);
        s.zone.val = z;
    }
    return s;
}

inventory_list_string_t inventory_tickets(void)
{
    inventory_list_string_t out = {malloc(3 * sizeof *out.ptr), 3};
    inventory_string_t l;
    inventory_string_set(&l, "front desk");
    inventory_own_ticket_t a = inventory_ticket_new(l);
    inventory_own_ticket_t b = inventory_issue(7);
    inventory_own_ticket_t c = inventory_ticket_renumber(inventory_ticket_borrow(a), 42);
    out.ptr[0] = inventory_ticket_label(inventory_ticket_borrow(a));
    out.ptr[1] = inventory_ticket_label(inventory_ticket_borrow(b));
    out.ptr[2] = inventory_ticket_label(inventory_ticket_borrow(c));
    inventory_ticket_drop(a);
    inventory_ticket_drop(b);
    inventory_ticket_drop(c);
    return out;
}
