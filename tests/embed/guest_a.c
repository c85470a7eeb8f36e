/* Guest of world lib-a (wasm32, `kiln bindgen c` guest glue): every
 * export of kiln:embed/api, for the C host in host.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib_a.h"

lib_a_tuple12_bool_s8_u8_s16_u16_s32_u32_s64_u64_f32_f64_char_t
lib_a_api_scalars(bool a, int8_t b, uint8_t c, int16_t d, uint16_t e, int32_t f,
                  uint32_t g, int64_t h, uint64_t i, float j, double k, uint32_t l)
{
    lib_a_tuple12_bool_s8_u8_s16_u16_s32_u32_s64_u64_f32_f64_char_t t = {
        !a, (int8_t)(b - 1), (uint8_t)(c + 1), (int16_t)(d - 1), (uint16_t)(e + 1),
        f - 1, g + 1, h - 1, i + 1, j * 2, k * 2, l + 1};
    return t;
}

static lib_a_string_t str_of(const char *s)
{
    lib_a_string_t r;
    lib_a_string_dup(&r, s);
    return r;
}

lib_a_string_t lib_a_api_greet(lib_a_string_t name)
{
    char buf[256];
    snprintf(buf, sizeof buf, "hello, %.*s!", (int)name.len, (const char *)name.ptr);
    lib_a_string_t msg;
    lib_a_string_set(&msg, buf);
    uint32_t n = lib_a_host_log(msg);
    snprintf(buf + strlen(buf), sizeof buf - strlen(buf), " (log #%u)", n);
    lib_a_string_free(&name);
    return str_of(buf);
}

int64_t lib_a_api_sum(lib_a_list_s32_t xs)
{
    int64_t s = 0;
    for (size_t i = 0; i < xs.len; i++)
        s += xs.ptr[i];
    lib_a_list_s32_free(&xs);
    return s;
}

lib_a_list_string_t lib_a_api_words(lib_a_string_t s)
{
    lib_a_list_string_t r = {malloc(sizeof(lib_a_string_t) * (s.len + 1)), 0};
    size_t i = 0;
    while (i < s.len) {
        while (i < s.len && s.ptr[i] == ' ')
            i++;
        size_t j = i;
        while (j < s.len && s.ptr[j] != ' ')
            j++;
        if (j > i) {
            lib_a_string_t w = {malloc(j - i), j - i};
            memcpy(w.ptr, s.ptr + i, j - i);
            r.ptr[r.len++] = w;
        }
        i = j;
    }
    lib_a_string_free(&s);
    return r;
}

lib_a_api_point_t lib_a_api_move_point(lib_a_api_point_t p, int32_t dx)
{
    p.x += dx;
    p.y *= 2;
    char buf[128];
    snprintf(buf, sizeof buf, "%.*s'", (int)p.name.len, (const char *)p.name.ptr);
    lib_a_string_free(&p.name);
    p.name = str_of(buf);
    return p;
}

lib_a_api_shape_t lib_a_api_scale(lib_a_api_shape_t s, uint32_t by)
{
    switch (s.tag) {
    case LIB_A_API_SHAPE_CIRCLE: s.val.circle *= (float)by; break;
    case LIB_A_API_SHAPE_RECT: s.val.rect.x *= (int32_t)by; s.val.rect.y *= by; break;
    case LIB_A_API_SHAPE_SQUARE: s.val.square *= by; break;
    default: break;
    }
    return s;
}

double lib_a_api_area(lib_a_api_shape_t s)
{
    double a = 0;
    switch (s.tag) {
    case LIB_A_API_SHAPE_CIRCLE: a = 3.0 * s.val.circle * s.val.circle; break;
    case LIB_A_API_SHAPE_RECT: a = s.val.rect.x * s.val.rect.y; break;
    case LIB_A_API_SHAPE_SQUARE: a = (double)(s.val.square * s.val.square); break;
    default: break;
    }
    lib_a_api_shape_free(&s);
    return a;
}

lib_a_api_color_t lib_a_api_next_color(lib_a_api_color_t c)
{
    return (lib_a_api_color_t)((c + 1) % 3);
}

lib_a_api_perms_t lib_a_api_toggle(lib_a_api_perms_t p)
{
    return p ^ (LIB_A_API_PERMS_READ | LIB_A_API_PERMS_EXEC);
}

lib_a_option_u32_t lib_a_api_find(lib_a_list_u32_t xs, uint32_t x)
{
    lib_a_option_u32_t r = {false, 0};
    for (size_t i = 0; i < xs.len && !r.is_some; i++)
        if (xs.ptr[i] == x)
            r = (lib_a_option_u32_t){true, (uint32_t)i};
    lib_a_list_u32_free(&xs);
    return r;
}

lib_a_result_s32_string_t lib_a_api_parse(lib_a_string_t s)
{
    lib_a_result_s32_string_t r;
    char buf[64];
    snprintf(buf, sizeof buf, "%.*s", (int)s.len, (const char *)s.ptr);
    char *end;
    long v = strtol(buf, &end, 10);
    if (s.len && !*end) {
        r.is_err = false;
        r.val.ok = (int32_t)v;
    } else {
        char msg[96];
        snprintf(msg, sizeof msg, "not a number: `%s`", buf);
        r.is_err = true;
        r.val.err = str_of(msg);
    }
    lib_a_string_free(&s);
    return r;
}

lib_a_list_api_point_t lib_a_api_points(uint32_t n)
{
    lib_a_list_api_point_t r = {malloc(sizeof(lib_a_api_point_t) * (n + 1)), n};
    for (uint32_t i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof name, "p%u", i);
        r.ptr[i] = (lib_a_api_point_t){(int32_t)i, i * 0.5, str_of(name)};
    }
    return r;
}

lib_a_string_t lib_a_api_ask(lib_a_string_t key)
{
    lib_a_option_host_entry_t e = lib_a_host_lookup(key);
    char buf[128];
    if (e.is_some)
        snprintf(buf, sizeof buf, "%.*s=%u", (int)e.val.key.len,
                 (const char *)e.val.key.ptr, e.val.value);
    else
        snprintf(buf, sizeof buf, "%.*s missing", (int)key.len, (const char *)key.ptr);
    lib_a_option_host_entry_free(&e);
    lib_a_string_free(&key);
    return str_of(buf);
}

uint64_t lib_a_api_many(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
                        uint64_t f, uint64_t g, uint64_t h, uint64_t i, uint64_t j,
                        uint64_t k, uint64_t l, uint64_t m, uint64_t n, uint64_t o,
                        uint64_t p, lib_a_string_t q)
{
    uint64_t s = a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q.len;
    lib_a_string_free(&q);
    return s;
}

static uint32_t count;

uint32_t lib_a_api_counter(void)
{
    return ++count;
}

uint32_t lib_a_api_boom(uint32_t n)
{
    if (n == 13)
        __builtin_trap();
    return n * 2;
}

void lib_a_api_print(lib_a_string_t s)
{
    printf("%.*s\n", (int)s.len, (const char *)s.ptr);
    fflush(stdout);
    lib_a_string_free(&s);
}

lib_a_option_string_t lib_a_api_env_var(lib_a_string_t name)
{
    char key[64];
    snprintf(key, sizeof key, "%.*s", (int)name.len, (const char *)name.ptr);
    lib_a_string_free(&name);
    const char *v = getenv(key);
    lib_a_option_string_t r = {false, {0}};
    if (v) {
        r.is_some = true;
        r.val = str_of(v);
    }
    return r;
}

lib_a_array2_u32_t lib_a_api_quad(lib_a_array4_u8_t a)
{
    lib_a_array2_u32_t r = {{(uint32_t)a.arr[0] + a.arr[1], (uint32_t)a.arr[2] * a.arr[3]}};
    return r;
}
