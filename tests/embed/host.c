/* A native C program embedding two compiled components (tests/embed):
 * liblib_a.a (world lib-a: every WIT type the API carries, imports
 * implemented below) and liblib_b.a (world lib-b), both made with
 * `kiln build --emit lib` and used through `kiln bindgen c --host`.
 * Checks the values, several instances on several threads, a trap that
 * poisons one instance while the others go on, and WASI off. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kiln_embed_host.h"
#include "lib_a.h"
#include "lib_b.h"
#include "resexport.h"

static int failures;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

#define CHECK(cond)                                                         \
    do {                                                                    \
        if (!(cond)) {                                                      \
            pthread_mutex_lock(&lock);                                      \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                       \
            failures++;                                                     \
            pthread_mutex_unlock(&lock);                                    \
        }                                                                   \
    } while (0)

static bool str_is(lib_a_string_t s, const char *want)
{
    return s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
}

/* ---- the imports of world lib-a, by the host C ABI rule ---- */

typedef struct HostState {
    uint32_t logs;
    char last[64];
} HostState;

void kiln_embed_host_log(struct KilnCanonCx *cx, const uint8_t *msg_ptr,
                         uint32_t msg_len, uint32_t *ret)
{
    HostState *st = kiln_embed_user(kiln_embed_of(cx));
    snprintf(st->last, sizeof st->last, "%.*s", (int)msg_len, (const char *)msg_ptr);
    *ret = ++st->logs;
}

void kiln_embed_host_lookup(struct KilnCanonCx *cx, const uint8_t *key_ptr,
                            uint32_t key_len, kiln_embed_host_option_entry_t *ret)
{
    memset(ret, 0, sizeof *ret);
    if (key_len != 3 || memcmp(key_ptr, "two", 3) != 0)
        return;
    ret->is_some = true;
    /* strings in results go into guest memory through its realloc */
    kiln_cx_store_string(cx, "two", 3, &ret->val.key.ptr, &ret->val.key.len);
    ret->val.value = 2;
}

/* lib-b's function imported alone (<lib>_<func>) */
void lib_b_tick(struct KilnCanonCx *cx, uint32_t n, uint32_t *ret)
{
    (void)cx;
    *ret = n * 10;
}

/* ---- every type through lib-a ---- */

static void check_types(lib_a_t *a, HostState *st)
{
    lib_a_tuple12_bool_s8_u8_s16_u16_s32_u32_s64_u64_f32_f64_char_t t;
    CHECK(lib_a_api_scalars(a, true, -128, 254, -32768, 65534, INT32_MIN, 41,
                            INT64_MIN + 1, UINT64_MAX - 1, 1.5f, -2.25, 0x1F44B, &t));
    CHECK(!t.f0 && t.f1 == 127 && t.f2 == 255 && t.f3 == 32767 && t.f4 == 65535);
    CHECK(t.f5 == INT32_MAX && t.f6 == 42 && t.f7 == INT64_MIN);
    CHECK(t.f8 == UINT64_MAX && t.f9 == 3.0f && t.f10 == -4.5 && t.f11 == 0x1F44C);

    lib_a_string_t name, s;
    lib_a_string_set(&name, "w\xc3\xb6rld");
    CHECK(lib_a_api_greet(a, name, &s));
    CHECK(str_is(s, "hello, w\xc3\xb6rld! (log #1)"));
    CHECK(st->logs == 1 && strcmp(st->last, "hello, w\xc3\xb6rld!") == 0);
    lib_a_string_free(&s);

    int32_t xs[] = {1, -2, 3, 1000000};
    int64_t sum = 0;
    CHECK(lib_a_api_sum(a, (lib_a_list_s32_t){xs, 4}, &sum) && sum == 1000002);
    CHECK(lib_a_api_sum(a, (lib_a_list_s32_t){NULL, 0}, &sum) && sum == 0);

    lib_a_list_string_t ws;
    lib_a_string_set(&s, "  one two  three ");
    CHECK(lib_a_api_words(a, s, &ws) && ws.len == 3);
    if (ws.len == 3)
        CHECK(str_is(ws.ptr[0], "one") && str_is(ws.ptr[1], "two") &&
              str_is(ws.ptr[2], "three"));
    lib_a_list_string_free(&ws);

    lib_a_api_point_t p = {.x = 5, .y = 1.25}, q;
    lib_a_string_set(&p.name, "p");
    CHECK(lib_a_api_move_point(a, p, -7, &q));
    CHECK(q.x == -2 && q.y == 2.5 && str_is(q.name, "p'"));
    lib_a_api_point_free(&q);

    lib_a_api_shape_t sh = {.tag = LIB_A_API_SHAPE_CIRCLE, .val.circle = 1.5f}, r;
    CHECK(lib_a_api_scale(a, sh, 2, &r));
    CHECK(r.tag == LIB_A_API_SHAPE_CIRCLE && r.val.circle == 3.0f);
    sh = (lib_a_api_shape_t){.tag = LIB_A_API_SHAPE_RECT, .val.rect = {3, 0.5, {0}}};
    lib_a_string_set(&sh.val.rect.name, "box");
    CHECK(lib_a_api_scale(a, sh, 4, &r));
    CHECK(r.tag == LIB_A_API_SHAPE_RECT && r.val.rect.x == 12 &&
          r.val.rect.y == 2.0 && str_is(r.val.rect.name, "box"));
    lib_a_api_shape_free(&r);
    sh = (lib_a_api_shape_t){.tag = LIB_A_API_SHAPE_SQUARE, .val.square = 1ull << 40};
    CHECK(lib_a_api_scale(a, sh, 3, &r));
    CHECK(r.tag == LIB_A_API_SHAPE_SQUARE && r.val.square == 3ull << 40);
    sh = (lib_a_api_shape_t){.tag = LIB_A_API_SHAPE_EMPTY};
    CHECK(lib_a_api_scale(a, sh, 3, &r) && r.tag == LIB_A_API_SHAPE_EMPTY);
    double area = 0;
    sh = (lib_a_api_shape_t){.tag = LIB_A_API_SHAPE_SQUARE, .val.square = 7};
    CHECK(lib_a_api_area(a, sh, &area) && area == 49.0);

    lib_a_api_color_t c = 0;
    CHECK(lib_a_api_next_color(a, LIB_A_API_COLOR_BLUE, &c) && c == LIB_A_API_COLOR_RED);
    lib_a_api_perms_t pm = 0;
    CHECK(lib_a_api_toggle(a, LIB_A_API_PERMS_WRITE | LIB_A_API_PERMS_READ, &pm));
    CHECK(pm == (LIB_A_API_PERMS_WRITE | LIB_A_API_PERMS_EXEC));

    uint32_t us[] = {9, 8, 7};
    lib_a_option_u32_t o;
    CHECK(lib_a_api_find(a, (lib_a_list_u32_t){us, 3}, 7, &o) && o.is_some && o.val == 2);
    CHECK(lib_a_api_find(a, (lib_a_list_u32_t){us, 3}, 1, &o) && !o.is_some);

    lib_a_result_s32_string_t res;
    lib_a_string_set(&s, "-42");
    CHECK(lib_a_api_parse(a, s, &res) && !res.is_err && res.val.ok == -42);
    lib_a_string_set(&s, "x1");
    CHECK(lib_a_api_parse(a, s, &res) && res.is_err &&
          str_is(res.val.err, "not a number: `x1`"));
    lib_a_result_s32_string_free(&res);

    lib_a_list_api_point_t pts;
    CHECK(lib_a_api_points(a, 3, &pts) && pts.len == 3);
    if (pts.len == 3)
        CHECK(pts.ptr[2].x == 2 && pts.ptr[2].y == 1.0 && str_is(pts.ptr[2].name, "p2"));
    lib_a_list_api_point_free(&pts);

    lib_a_string_set(&s, "two");
    lib_a_string_t ans;
    CHECK(lib_a_api_ask(a, s, &ans) && str_is(ans, "two=2"));
    lib_a_string_free(&ans);
    lib_a_string_set(&s, "six");
    CHECK(lib_a_api_ask(a, s, &ans) && str_is(ans, "six missing"));
    lib_a_string_free(&ans);

    lib_a_array4_u8_t q4 = {{200, 100, 16, 16}};
    lib_a_array2_u32_t q2 = {{0, 0}};
    CHECK(lib_a_api_quad(a, q4, &q2) && q2.arr[0] == 300 && q2.arr[1] == 256);

    /* 17 flat parameters: passed in memory as a tuple */
    uint64_t m = 0;
    lib_a_string_set(&s, "xyz");
    CHECK(lib_a_api_many(a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
                         1ull << 33, s, &m));
    CHECK(m == 120 + (1ull << 33) + 3);
}

/* ---- resources: exported by resexport, held by the host ---- */

static bool rstr_is(resexport_string_t s, const char *want)
{
    bool ok = s.len == strlen(want) && memcmp(s.ptr, want, s.len) == 0;
    resexport_string_free(&s);
    return ok;
}

static void check_resources(void)
{
    KilnTrapInfo err;
    resexport_t *r = resexport_instance_new(NULL, &err);
    CHECK(r != NULL);
    if (!r)
        return;
    typedef resexport_canvas_api_own_canvas_t Own;
    Own a, b, j;
    resexport_string_t s, out;
    uint32_t n = 0;
    resexport_string_set(&s, "alpha");
    CHECK(resexport_canvas_api_canvas_new(r, s, &a));
    resexport_string_set(&s, "b\xc3\xa9ta");
    CHECK(resexport_canvas_api_canvas_new(r, s, &b));
    CHECK(resexport_canvas_api_live(r, &n) && n == 2);
    resexport_string_set(&s, "line");
    CHECK(resexport_canvas_api_canvas_draw(r, resexport_canvas_api_canvas_borrow(a), s, &n) && n == 1);
    resexport_string_set(&s, "circle");
    CHECK(resexport_canvas_api_canvas_draw(r, resexport_canvas_api_canvas_borrow(a), s, &n) && n == 2);
    CHECK(resexport_canvas_api_canvas_describe(r, resexport_canvas_api_canvas_borrow(a), &out));
    CHECK(rstr_is(out, "alpha: 2 strokes, 10 bytes"));
    CHECK(resexport_canvas_api_canvas_join(r, resexport_canvas_api_canvas_borrow(a),
                                           resexport_canvas_api_canvas_borrow(b), &j));
    CHECK(resexport_canvas_api_live(r, &n) && n == 3);
    /* an own argument moves the handle into the component */
    CHECK(resexport_canvas_api_canvas_take(r, b, &out) && rstr_is(out, "b\xc3\xa9ta"));
    CHECK(resexport_canvas_api_live(r, &n) && n == 2);
    resexport_list_canvas_api_own_canvas_t many;
    CHECK(resexport_canvas_api_make_many(r, 3, &many) && many.len == 3);
    CHECK(resexport_canvas_api_live(r, &n) && n == 5);
    for (size_t i = 0; i < many.len; i++)
        CHECK(resexport_canvas_api_canvas_drop(r, many.ptr[i]));
    resexport_list_canvas_api_own_canvas_free(&many);
    /* dropping runs the destructor */
    CHECK(resexport_canvas_api_canvas_drop(r, a));
    CHECK(resexport_canvas_api_live(r, &n) && n == 1);
    /* a dead handle is refused without poisoning the instance */
    CHECK(!resexport_canvas_api_canvas_drop(r, a));
    CHECK(!resexport_canvas_api_canvas_describe(r, resexport_canvas_api_canvas_borrow(a), &out));
    CHECK(resexport_instance_error(r)->kind == KILN_TRAP_NONE);
    CHECK(!resexport_canvas_api_canvas_take(r, b, &out)); /* moved before */
    CHECK(resexport_canvas_api_canvas_describe(r, resexport_canvas_api_canvas_borrow(j), &out));
    CHECK(rstr_is(out, "alpha+b\xc3\xa9ta: 2 strokes, 10 bytes"));
    CHECK(resexport_canvas_api_canvas_drop(r, j));
    CHECK(resexport_canvas_api_live(r, &n) && n == 0);
    resexport_instance_free(r);
}

/* ---- WASI: configured by the host, or off ---- */

static void check_wasi(void)
{
    KilnTrapInfo err;
    char path[] = "/tmp/kiln-embed-out-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    const char *env[] = {"GREETING=bonjour"};
    KilnWasiConfig cfg = {.envc = 1, .envp = env, .stdin_fd = -1,
                          .stdout_fd = fd, .stderr_fd = 2};
    lib_a_t *a = lib_a_instance_new(&cfg, &err);
    CHECK(a != NULL);
    if (a) {
        lib_a_string_t s;
        lib_a_string_set(&s, "to the file");
        CHECK(lib_a_api_print(a, s));
        lib_a_option_string_t v;
        lib_a_string_set(&s, "GREETING");
        CHECK(lib_a_api_env_var(a, s, &v) && v.is_some && str_is(v.val, "bonjour"));
        lib_a_option_string_free(&v);
        lib_a_string_set(&s, "HOME");
        CHECK(lib_a_api_env_var(a, s, &v) && !v.is_some);
        lib_a_instance_free(a);
    }
    char buf[64] = {0};
    CHECK(fd >= 0 && pread(fd, buf, sizeof buf - 1, 0) == 12);
    CHECK(strcmp(buf, "to the file\n") == 0);
    if (fd >= 0) {
        close(fd);
        unlink(path);
    }

    /* WASI off: the guest's WASI call traps, the host goes on */
    a = lib_a_instance_new(NULL, &err);
    CHECK(a != NULL);
    if (a) {
        lib_a_string_t s;
        lib_a_string_set(&s, "nowhere");
        CHECK(!lib_a_api_print(a, s));
        CHECK(lib_a_instance_error(a)->kind == KILN_TRAP_HOST);
        CHECK(strstr(lib_a_instance_error(a)->message, "WASI") != NULL);
        lib_a_instance_free(a);
    }
}

/* ---- instances on threads ---- */

typedef struct Worker {
    int id;
    uint32_t last_a, last_b;
    bool trapped;
} Worker;

static void *worker(void *arg)
{
    Worker *w = arg;
    HostState st = {0};
    KilnTrapInfo err;
    lib_a_t *a = lib_a_instance_new(NULL, &err);
    lib_b_t *b = lib_b_instance_new(NULL, &err);
    CHECK(a && b);
    if (!a || !b)
        return NULL;
    kiln_embed_set_user(a, &st);
    for (int i = 0; i < 200; i++) {
        uint32_t n = 0;
        int32_t sum = 0;
        CHECK(lib_a_api_counter(a, &n) && n == (uint32_t)i + 1);
        w->last_a = n;
        CHECK(lib_b_calc_add(b, w->id, i, &sum) && sum == w->id + i);
        CHECK(lib_b_calc_counter(b, &w->last_b));
        lib_a_string_t s, g;
        lib_a_string_set(&s, "thread");
        CHECK(lib_a_api_greet(a, s, &g));
        lib_a_string_free(&g);
        if (w->id == 1 && i == 100) {
            /* a trap: reported with its kind and backtrace, then poisoned */
            uint32_t r = 0;
            CHECK(!lib_a_api_boom(a, 13, &r));
            const KilnTrapInfo *t = lib_a_instance_error(a);
            CHECK(t->kind == KILN_TRAP_UNREACHABLE);
            CHECK(strstr(t->message, "unreachable") != NULL);
            CHECK(strstr(t->backtrace, "0:") != NULL);
            CHECK(!lib_a_api_counter(a, &n));
            CHECK(lib_a_instance_error(a)->kind == KILN_TRAP_UNREACHABLE);
            w->trapped = true;
            break;
        }
    }
    lib_a_instance_free(a);
    lib_b_instance_free(b);
    return NULL;
}

int main(void)
{
    HostState st = {0};
    KilnTrapInfo err;
    lib_a_t *a = lib_a_instance_new(NULL, &err);
    if (!a) {
        fprintf(stderr, "instantiation failed: %s\n", err.message);
        return 1;
    }
    kiln_embed_set_user(a, &st);
    check_types(a, &st);
    uint32_t r = 0;
    CHECK(lib_a_api_boom(a, 4, &r) && r == 8);

    /* a host string that is not UTF-8 is refused as the Canonical ABI
     * says (a trap), on an instance of its own */
    lib_a_t *bad = lib_a_instance_new(NULL, &err);
    lib_a_string_t s = {(uint8_t *)"\xff\xfe", 2}, out = {(uint8_t *)"x", 1};
    CHECK(bad && !lib_a_api_greet(bad, s, &out));
    CHECK(bad && lib_a_instance_error(bad)->kind == KILN_TRAP_HOST);
    CHECK(bad && strstr(lib_a_instance_error(bad)->message, "UTF-8") != NULL);
    CHECK(out.ptr == NULL && out.len == 0);
    lib_a_instance_free(bad);

    /* independent instances: each has its own memory and globals */
    lib_a_t *a2 = lib_a_instance_new(NULL, &err);
    CHECK(a2 != NULL);
    uint32_t n1 = 0, n2 = 0;
    CHECK(lib_a_api_counter(a, &n1) && lib_a_api_counter(a, &n1) && n1 == 2);
    CHECK(lib_a_api_counter(a2, &n2) && n2 == 1);
    lib_a_instance_free(a2);
    check_wasi();
    check_resources();

    /* a function the world exports alone, from the second library */
    lib_b_t *b = lib_b_instance_new(NULL, &err);
    lib_b_string_t ver;
    CHECK(b && lib_b_version(b, &ver));
    CHECK(b && ver.len == 8 && memcmp(ver.ptr, "calc 1.0", 8) == 0);
    if (b)
        lib_b_string_free(&ver);
    uint32_t tk = 0;
    CHECK(b && lib_b_ticks(b, 4, &tk) && tk == 41);
    lib_b_instance_free(b);

    enum { NTHREADS = 4 };
    pthread_t th[NTHREADS];
    Worker ws[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        ws[i] = (Worker){.id = i};
        pthread_create(&th[i], NULL, worker, &ws[i]);
    }
    for (int i = 0; i < NTHREADS; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < NTHREADS; i++) {
        CHECK(ws[i].trapped == (i == 1));
        if (i != 1)
            CHECK(ws[i].last_a == 200 && ws[i].last_b == 300);
    }

    /* the first instance still works after another one trapped */
    CHECK(lib_a_api_counter(a, &n1) && n1 == 3);
    lib_a_instance_free(a);
    if (failures) {
        fprintf(stderr, "%d checks failed\n", failures);
        return 1;
    }
    printf("embed: all checks passed\n");
    return 0;
}
