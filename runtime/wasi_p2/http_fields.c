/* http_fields.c: the `fields` resource of wasi:http/types (WASI 0.2
 * http/types.wit): an ordered multimap of field names to byte values.
 * Names are RFC 9110 tokens compared case-insensitively (kept in lower
 * case), values exclude CR, LF and NUL; names the host manages itself
 * (connection-specific fields and Host) are `forbidden`; the headers of
 * requests and responses and all trailers handed to the guest are
 * `immutable`. */
#include <stdlib.h>
#include <string.h>

#include "http.h"

HttpFields *http_fields_new(void)
{
    HttpFields *f = kiln_rt_alloc(sizeof *f);
    if (!f)
        kiln_trap_host("out of memory");
    f->refs = 1;
    return f;
}

HttpFields *http_fields_ref(HttpFields *f)
{
    f->refs++;
    return f;
}

static void entry_free(HttpField *e)
{
    kiln_rt_free(e->name);
    kiln_rt_free(e->value);
}

void http_fields_unref(HttpFields *f)
{
    if (!f || --f->refs > 0)
        return;
    for (uint32_t i = 0; i < f->n; i++)
        entry_free(&f->e[i]);
    kiln_rt_free(f->e);
    kiln_rt_free(f);
}

void http_fields_add(HttpFields *f, const char *name, size_t name_len,
                     const uint8_t *value, size_t value_len)
{
    if (f->n == f->cap) {
        uint32_t cap = f->cap ? f->cap * 2 : 8;
        HttpField *e = kiln_rt_alloc(sizeof *e * cap);
        if (!e)
            kiln_trap_host("out of memory");
        if (f->n)
            memcpy(e, f->e, sizeof *e * f->n);
        kiln_rt_free(f->e);
        f->e = e;
        f->cap = cap;
    }
    HttpField *e = &f->e[f->n++];
    e->name = kiln_rt_alloc(name_len + 1);
    e->value = kiln_rt_alloc(value_len ? value_len : 1);
    if (!e->name || !e->value)
        kiln_trap_host("out of memory");
    for (size_t i = 0; i < name_len; i++) {
        char c = name[i];
        e->name[i] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    if (value_len)
        memcpy(e->value, value, value_len);
    e->value_len = (uint32_t)value_len;
}

HttpFields *http_fields_copy(const HttpFields *f)
{
    HttpFields *c = http_fields_new();
    for (uint32_t i = 0; i < f->n; i++)
        http_fields_add(c, f->e[i].name, strlen(f->e[i].name), f->e[i].value,
                        f->e[i].value_len);
    return c;
}

/* RFC 9110 5.6.2 tchar. */
static bool tchar(uint8_t c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
        (c >= 'A' && c <= 'Z'))
        return true;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

bool http_field_name_ok(const uint8_t *p, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!tchar(p[i]))
            return false;
    return true;
}

bool http_field_value_ok(const uint8_t *p, size_t n)
{
    /* RFC 9110 5.5: field-vchar, SP, HTAB and obs-text; no leading or
     * trailing whitespace is checked for (values are passed as given). */
    for (size_t i = 0; i < n; i++)
        if (p[i] == '\r' || p[i] == '\n' || p[i] == 0 ||
            (p[i] < 0x20 && p[i] != '\t') || p[i] == 0x7f)
            return false;
    return true;
}

static bool name_eq(const char *lower, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (uint8_t)(c - 'A' + 'a');
        if ((uint8_t)lower[i] != c)
            return false;
    }
    return lower[n] == 0;
}

bool http_field_forbidden(const uint8_t *p, size_t n)
{
    static const char *const names[] = {
        "connection", "keep-alive", "proxy-connection", "transfer-encoding",
        "upgrade", "host", "http2-settings",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (name_eq(names[i], p, n))
            return true;
    return false;
}

uint32_t http_fields_handle(KilnCanonCx *cx, HttpFields *f)
{
    return kiln_cx_new_own(cx, KILN_HR_wasi_http_types_fields,
                           http_fields_ref(f));
}

static void set_err(wasi_http_types_result_void_header_error_t *ret,
                    uint8_t tag)
{
    ret->is_err = true;
    ret->val.err.tag = tag;
}

/* The header-error of changing name in f, or -1 when it may change. */
static int check_change(const HttpFields *f, const uint8_t *p, size_t n)
{
    if (!http_field_name_ok(p, n))
        return WASI_HTTP_TYPES_HEADER_ERROR_INVALID_SYNTAX;
    if (http_field_forbidden(p, n))
        return WASI_HTTP_TYPES_HEADER_ERROR_FORBIDDEN;
    if (f->immutable)
        return WASI_HTTP_TYPES_HEADER_ERROR_IMMUTABLE;
    return -1;
}

static void remove_name(HttpFields *f, const uint8_t *p, size_t n)
{
    uint32_t k = 0;
    for (uint32_t i = 0; i < f->n; i++) {
        if (name_eq(f->e[i].name, p, n))
            entry_free(&f->e[i]);
        else
            f->e[k++] = f->e[i];
    }
    f->n = k;
}

void wasi_http_types_fields_drop(struct KilnComponentInst *ci, void *rep)
{
    (void)ci;
    http_fields_unref(rep);
}

void wasi_http_types_fields_new(struct KilnCanonCx *cx,
                                wasi_http_types_fields_t *ret)
{
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_fields,
                           http_fields_new());
}

void wasi_http_types_fields_from_list(
    struct KilnCanonCx *cx,
    const wasi_http_types_tuple2_string_list_u8_t *entries_ptr,
    uint32_t entries_len,
    wasi_http_types_result_own_fields_header_error_t *ret)
{
    HttpFields *f = http_fields_new();
    for (uint32_t i = 0; i < entries_len; i++) {
        const wasi_http_types_tuple2_string_list_u8_t *t = &entries_ptr[i];
        uint32_t nlen;
        const char *name = kiln_cx_lift_string(cx, t->f0.ptr, t->f0.len, &nlen);
        const uint8_t *v = kiln_cx_ptr(cx, t->f1.ptr, t->f1.len);
        int bad = -1;
        if (!http_field_name_ok((const uint8_t *)name, nlen) ||
            !http_field_value_ok(v, t->f1.len))
            bad = WASI_HTTP_TYPES_HEADER_ERROR_INVALID_SYNTAX;
        else if (http_field_forbidden((const uint8_t *)name, nlen))
            bad = WASI_HTTP_TYPES_HEADER_ERROR_FORBIDDEN;
        if (bad < 0)
            http_fields_add(f, name, nlen, v, t->f1.len);
        kiln_cx_free_string(cx, name);
        if (bad >= 0) {
            http_fields_unref(f);
            ret->is_err = true;
            ret->val.err.tag = (uint8_t)bad;
            return;
        }
    }
    ret->is_err = false;
    ret->val.ok = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_fields, f);
}

void wasi_http_types_fields_get(struct KilnCanonCx *cx,
                                wasi_http_types_fields_t self,
                                const uint8_t *name_ptr, uint32_t name_len,
                                wasi_http_types_list_list_u8_t *ret)
{
    HttpFields *f = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_fields, self);
    /* name_ptr views guest memory, which the allocations below may move. */
    uint8_t *name = kiln_rt_alloc(name_len + 1);
    if (!name)
        kiln_trap_host("out of memory");
    memcpy(name, name_ptr, name_len);
    name_ptr = name;
    uint32_t n = 0;
    for (uint32_t i = 0; i < f->n; i++)
        n += name_eq(f->e[i].name, name_ptr, name_len);
    /* Allocation may move guest memory: copy values out first, then the
     * list itself (the order of CanonicalABI.md's store_list). */
    wasi_http_types_list_u8_t *vals = kiln_rt_alloc(sizeof *vals * (n ? n : 1));
    if (!vals)
        kiln_trap_host("out of memory");
    uint32_t k = 0;
    for (uint32_t i = 0; i < f->n; i++)
        if (name_eq(f->e[i].name, name_ptr, name_len)) {
            vals[k].ptr = kiln_cx_copy_out(cx, f->e[i].value,
                                           f->e[i].value_len, 1);
            vals[k].len = f->e[i].value_len;
            k++;
        }
    ret->ptr = kiln_cx_copy_out(cx, vals, n * (uint32_t)sizeof *vals, 4);
    ret->len = n;
    kiln_rt_free(vals);
    kiln_rt_free(name);
}

void wasi_http_types_fields_has(struct KilnCanonCx *cx,
                                wasi_http_types_fields_t self,
                                const uint8_t *name_ptr, uint32_t name_len,
                                bool *ret)
{
    HttpFields *f = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_fields, self);
    *ret = false;
    for (uint32_t i = 0; i < f->n && !*ret; i++)
        *ret = name_eq(f->e[i].name, name_ptr, name_len);
}

void wasi_http_types_fields_set(struct KilnCanonCx *cx,
                                wasi_http_types_fields_t self,
                                const uint8_t *name_ptr, uint32_t name_len,
                                const wasi_http_types_list_u8_t *value_ptr,
                                uint32_t value_len,
                                wasi_http_types_result_void_header_error_t *ret)
{
    HttpFields *f = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_fields, self);
    int bad = check_change(f, name_ptr, name_len);
    for (uint32_t i = 0; bad < 0 && i < value_len; i++)
        if (!http_field_value_ok(kiln_cx_ptr(cx, value_ptr[i].ptr,
                                             value_ptr[i].len),
                                 value_ptr[i].len))
            bad = WASI_HTTP_TYPES_HEADER_ERROR_INVALID_SYNTAX;
    if (bad >= 0) {
        set_err(ret, (uint8_t)bad);
        return;
    }
    remove_name(f, name_ptr, name_len);
    for (uint32_t i = 0; i < value_len; i++)
        http_fields_add(f, (const char *)name_ptr, name_len,
                        kiln_cx_ptr(cx, value_ptr[i].ptr, value_ptr[i].len),
                        value_ptr[i].len);
    ret->is_err = false;
}

void wasi_http_types_fields_delete(struct KilnCanonCx *cx,
                                   wasi_http_types_fields_t self,
                                   const uint8_t *name_ptr, uint32_t name_len,
                                   wasi_http_types_result_void_header_error_t *ret)
{
    HttpFields *f = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_fields, self);
    int bad = check_change(f, name_ptr, name_len);
    if (bad >= 0) {
        set_err(ret, (uint8_t)bad);
        return;
    }
    remove_name(f, name_ptr, name_len);
    ret->is_err = false;
}

void wasi_http_types_fields_append(struct KilnCanonCx *cx,
                                   wasi_http_types_fields_t self,
                                   const uint8_t *name_ptr, uint32_t name_len,
                                   const uint8_t *value_ptr, uint32_t value_len,
                                   wasi_http_types_result_void_header_error_t *ret)
{
    HttpFields *f = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_fields, self);
    int bad = check_change(f, name_ptr, name_len);
    if (bad < 0 && !http_field_value_ok(value_ptr, value_len))
        bad = WASI_HTTP_TYPES_HEADER_ERROR_INVALID_SYNTAX;
    if (bad >= 0) {
        set_err(ret, (uint8_t)bad);
        return;
    }
    http_fields_add(f, (const char *)name_ptr, name_len, value_ptr, value_len);
    ret->is_err = false;
}

void wasi_http_types_fields_entries(struct KilnCanonCx *cx,
                                    wasi_http_types_fields_t self,
                                    wasi_http_types_list_tuple2_string_list_u8_t *ret)
{
    HttpFields *f = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_fields, self);
    uint32_t n = f->n;
    wasi_http_types_tuple2_string_list_u8_t *t =
        kiln_rt_alloc(sizeof *t * (n ? n : 1));
    if (!t)
        kiln_trap_host("out of memory");
    for (uint32_t i = 0; i < n; i++) {
        kiln_cx_store_string(cx, f->e[i].name, strlen(f->e[i].name),
                             &t[i].f0.ptr, &t[i].f0.len);
        t[i].f1.ptr = kiln_cx_copy_out(cx, f->e[i].value, f->e[i].value_len, 1);
        t[i].f1.len = f->e[i].value_len;
    }
    ret->ptr = kiln_cx_copy_out(cx, t, n * (uint32_t)sizeof *t, 4);
    ret->len = n;
    kiln_rt_free(t);
}

void wasi_http_types_fields_clone(struct KilnCanonCx *cx,
                                  wasi_http_types_fields_t self,
                                  wasi_http_types_fields_t *ret)
{
    HttpFields *f = kiln_cx_borrow(cx, KILN_HR_wasi_http_types_fields, self);
    *ret = kiln_cx_new_own(cx, KILN_HR_wasi_http_types_fields,
                           http_fields_copy(f));
}
