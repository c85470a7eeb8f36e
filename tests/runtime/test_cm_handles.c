/* test_cm_handles.c: handle tables and resource built-ins of the component
 * runtime (CanonicalABI.md "Table State", "Resource State", lift_own,
 * lift_borrow, lower_own, lower_borrow, resource.new/drop/rep, Task
 * num_borrows, Subtask lends, may_enter, may_leave), driven through
 * kiln_cm.h as generated code would, on the fixture of cm_fixture.h. */
#include "cm_fixture.h"
#include "component/cm.h"

#include <stdlib.h>

static KilnComponentInst *ci;
static uint32_t h_arg, inst_arg, res_arg;

static void do_rep(void *a) { (void)a; kiln_cm_resource_rep(ci, inst_arg, res_arg, h_arg); }
static void do_drop(void *a) { (void)a; kiln_cm_resource_drop(ci, inst_arg, res_arg, h_arg); }
static void do_lift_own(void *a) { (void)a; kiln_cm_lift_own(ci, inst_arg, res_arg, h_arg); }
static void do_lift_borrow(void *a) { (void)a; kiln_cm_lift_borrow(ci, inst_arg, res_arg, h_arg); }
static void do_new(void *a) { (void)a; kiln_cm_resource_new(ci, inst_arg, res_arg, 1); }
static void do_leave(void *a) { (void)a; kiln_cm_check_leave(ci, inst_arg); }
static void do_end(void *a) { kiln_cm_call_end(ci, *(uint32_t *)a); }
static void do_begin(void *a)
{
    uint32_t *cc = a;
    kiln_cm_call_begin(ci, cc[0], cc[1]);
}

static bool trap_on(void (*fn)(void *), uint32_t inst, uint32_t res,
                    uint32_t h, const char *want)
{
    inst_arg = inst, res_arg = res, h_arg = h;
    return traps_with(fn, NULL, want);
}

/* Indices start at 1; the most recently freed slot is reused first. */
static void test_table(void)
{
    uint32_t a = kiln_cm_resource_new(ci, 0, 1, 100);
    uint32_t b = kiln_cm_resource_new(ci, 0, 1, 200);
    uint32_t c = kiln_cm_resource_new(ci, 0, 1, 300);
    CHECK(a == 1 && b == 2 && c == 3);
    CHECK(kiln_cm_resource_rep(ci, 0, 1, b) == 200);
    kiln_cm_resource_drop(ci, 0, 1, a);
    kiln_cm_resource_drop(ci, 0, 1, b);
    CHECK(kiln_cm_resource_new(ci, 0, 1, 400) == 2);
    CHECK(kiln_cm_resource_new(ci, 0, 1, 500) == 1);
    CHECK(kiln_cm_resource_new(ci, 0, 1, 600) == 4);
    CHECK(kiln_cm_resource_rep(ci, 0, 1, 1) == 500);
    /* each component instance has its own table */
    CHECK(kiln_cm_resource_new(ci, 1, 1, 7) == 1);
    CHECK(kiln_cm_resource_rep(ci, 1, 1, 1) == 7);

    CHECK(trap_on(do_rep, 0, 1, 0, "unknown handle index 0"));
    CHECK(trap_on(do_rep, 0, 1, 99, "unknown handle index 99"));
    kiln_cm_resource_drop(ci, 0, 1, 4);
    CHECK(trap_on(do_rep, 0, 1, 4, "unknown handle index 4"));
    CHECK(trap_on(do_drop, 0, 1, 4, "unknown handle index 4"));
    CHECK(trap_on(do_rep, 0, 0, 1,
                  "handle index 1 has the wrong resource type (expected "
                  "`b-thing`, found `resource 1`)"));
    CHECK(trap_on(do_lift_own, 0, 2, 1, "wrong resource type"));
    CHECK(trap_on(do_lift_borrow, 0, 1, 99, "unknown handle index 99"));
    CHECK(trap_on(do_lift_borrow, 0, 0, 1, "wrong resource type"));
}

/* Dropping an own handle runs the destructor of the defining instance,
 * entered like an export (may_enter cleared while it runs). */
static void test_dtor(void)
{
    uint32_t h = kiln_cm_resource_new(ci, 1, 0, 77);
    ndtor = 0;
    kiln_cm_resource_drop(ci, 1, 0, h);
    CHECK(ndtor == 1 && dtor_log[0] == 77);
    CHECK(dtor_may_enter == 1); /* dropped from B itself: not entered */
    /* moved to A, dropped there: B is entered for the destructor */
    h = kiln_cm_resource_new(ci, 1, 0, 78);
    uint32_t rep = kiln_cm_lift_own(ci, 1, 0, h);
    uint32_t ha = kiln_cm_lower_own(ci, 0, 0, rep);
    CHECK(trap_on(do_rep, 1, 0, h, "unknown handle index"));
    kiln_cm_resource_drop(ci, 0, 0, ha);
    CHECK(ndtor == 2 && dtor_log[1] == 78 && dtor_may_enter == 0);
    CHECK(ci->may_enter[1] == 1);
    /* no destructor: nothing runs */
    h = kiln_cm_resource_new(ci, 0, 1, 5);
    kiln_cm_resource_drop(ci, 0, 1, h);
    CHECK(ndtor == 2);
    /* the destructor's instance is on the call stack: reentrance */
    h = kiln_cm_resource_new(ci, 0, 0, 79);
    uint32_t t = kiln_cm_call_begin(ci, 0, 1);
    CHECK(trap_on(do_drop, 0, 0, h, "cannot enter component instance 1"));
    /* the trap unwound past call_end: restore by hand */
    ci->may_enter[1] = 0;
    kiln_cm_call_end(ci, t);
    CHECK(ci->may_enter[1] == 1);
}

/* A borrow: lent from A's own handle for the call into B; the handle
 * lowered into B must be dropped before the call returns. */
static void test_borrow(void)
{
    uint32_t h = kiln_cm_resource_new(ci, 1, 0, 90); /* B's own */
    uint32_t rep = kiln_cm_lift_own(ci, 1, 0, h);
    uint32_t ha = kiln_cm_lower_own(ci, 0, 0, rep); /* now A's */

    uint32_t t = kiln_cm_call_begin(ci, 0, 2);
    CHECK(kiln_cm_lift_borrow(ci, 0, 0, ha) == 90);
    uint32_t hb = kiln_cm_lower_borrow(ci, 2, 0, 90);
    CHECK(kiln_cm_resource_rep(ci, 2, 0, hb) == 90);
    /* lent: cannot drop or move it */
    CHECK(trap_on(do_drop, 0, 0, ha, "cannot drop handle"));
    CHECK(trap_on(do_lift_own, 0, 0, ha, "cannot move own handle"));
    /* a borrow is not an own */
    CHECK(trap_on(do_lift_own, 2, 0, hb, "is a borrow handle, not an own"));
    /* returning with the borrow still in the table traps */
    CHECK(traps_with(do_end, &t, "1 borrow handle(s) not dropped"));
    ndtor = 0;
    kiln_cm_resource_drop(ci, 2, 0, hb); /* a borrow: no destructor */
    CHECK(ndtor == 0);
    kiln_cm_call_end(ci, t);
    /* lends released at the end of the call */
    kiln_cm_resource_drop(ci, 0, 0, ha);
    CHECK(ndtor == 1 && dtor_log[0] == 90);

    /* into the defining instance, a borrow is just the rep */
    t = kiln_cm_call_begin(ci, 0, 1);
    CHECK(kiln_cm_lower_borrow(ci, 1, 0, 1234) == 1234);
    kiln_cm_call_end(ci, t);

    /* a borrow handle lent onward (B -> 2) counts lends too */
    h = kiln_cm_resource_new(ci, 1, 0, 91);
    rep = kiln_cm_lift_own(ci, 1, 0, h);
    ha = kiln_cm_lower_own(ci, 0, 0, rep);
    uint32_t t1 = kiln_cm_call_begin(ci, 0, 2);
    kiln_cm_lift_borrow(ci, 0, 0, ha);
    hb = kiln_cm_lower_borrow(ci, 2, 0, rep);
    uint32_t t2 = kiln_cm_call_begin(ci, 2, 1);
    kiln_cm_lift_borrow(ci, 2, 0, hb);
    CHECK(trap_on(do_drop, 2, 0, hb, "cannot drop handle"));
    kiln_cm_call_end(ci, t2);
    kiln_cm_resource_drop(ci, 2, 0, hb);
    kiln_cm_call_end(ci, t1);
    kiln_cm_resource_drop(ci, 0, 0, ha);
    /* unbalanced ends are refused */
    t = 5;
    CHECK(traps_with(do_end, &t, "unbalanced component calls"));
}

static void test_flags(void)
{
    uint32_t t = kiln_cm_call_begin(ci, KILN_NO_INDEX, 0);
    CHECK(ci->may_enter[0] == 0);
    uint32_t again[2] = {KILN_NO_INDEX, 0};
    CHECK(traps_with(do_begin, again, "cannot enter component instance 0"));
    uint32_t into_b[2] = {0, 1};
    uint32_t t2 = kiln_cm_call_begin(ci, 0, 1);
    uint32_t back[2] = {1, 0}; /* B calling back into A */
    CHECK(traps_with(do_begin, back, "cannot enter component instance 0"));
    (void)into_b;
    /* an instance calling itself enters nothing */
    uint32_t t3 = kiln_cm_call_begin(ci, 1, 1);
    kiln_cm_call_end(ci, t3);
    kiln_cm_call_end(ci, t2);
    kiln_cm_call_end(ci, t);
    CHECK(ci->may_enter[0] == 1 && ci->may_enter[1] == 1);

    kiln_cm_set_may_leave(ci, 0, false);
    CHECK(trap_on(do_leave, 0, 0, 0, "cannot leave component instance 0"));
    CHECK(trap_on(do_new, 0, 1, 0, "cannot leave component instance 0"));
    uint32_t h = kiln_cm_resource_new(ci, 1, 1, 3);
    kiln_cm_set_may_leave(ci, 1, false);
    CHECK(trap_on(do_drop, 1, 1, h, "cannot leave component instance 1"));
    kiln_cm_set_may_leave(ci, 0, true);
    kiln_cm_set_may_leave(ci, 1, true);
    kiln_cm_check_leave(ci, 0);
    kiln_cm_resource_drop(ci, 1, 1, h);
}

/* Host resources: the host's pointer behind a 32-bit handle, moved
 * between component instances like any own handle. */
static KilnCanonCx cx_arg;
static void do_cx_borrow(void *a) { (void)a; kiln_cx_borrow(&cx_arg, 3, h_arg); }
static void do_cx_take(void *a) { (void)a; kiln_cx_take_own(&cx_arg, 3, h_arg); }
static void do_cx_wrong(void *a) { (void)a; kiln_cx_borrow(&cx_arg, 2, h_arg); }

static void test_host(void)
{
    static int obj1, obj2;
    KilnCanonCx cx = fx_cx(ci, 0, KILN_UTF8);
    uint32_t h1 = kiln_cx_new_own(&cx, 3, &obj1);
    uint32_t h2 = kiln_cx_new_own(&cx, 3, &obj2);
    CHECK(kiln_cx_borrow(&cx, 3, h1) == &obj1);
    CHECK(kiln_cx_borrow(&cx, 3, h2) == &obj2);
    cx_arg = cx;
    h_arg = h1;
    CHECK(traps_with(do_cx_wrong, NULL, "wrong resource type"));
    /* a guest resource handle is not a host one */
    h_arg = kiln_cm_resource_new(ci, 0, 1, 8);
    CHECK(traps_with(do_cx_borrow, NULL, "wrong resource type"));
    kiln_cm_resource_drop(ci, 0, 1, h_arg);
    /* both descriptor rows of host id 3 are the same type */
    CHECK(kiln_cm_resource_rep(ci, 0, 2, h1) ==
          kiln_cm_resource_rep(ci, 0, 3, h1));
    /* move h2 to B through a fused adapter, borrow it there */
    uint32_t rep = kiln_cm_lift_own(ci, 0, 3, h2);
    uint32_t hb = kiln_cm_lower_own(ci, 1, 2, rep);
    KilnCanonCx cxb = fx_cx(ci, 1, KILN_UTF8);
    CHECK(kiln_cx_borrow(&cxb, 3, hb) == &obj2);
    cx_arg = cx;
    h_arg = h2;
    CHECK(traps_with(do_cx_borrow, NULL, "unknown handle index"));
    /* the host takes it back: the handle is gone */
    CHECK(kiln_cx_take_own(&cxb, 3, hb) == &obj2);
    cx_arg = cxb;
    h_arg = hb;
    CHECK(traps_with(do_cx_borrow, NULL, "unknown handle index"));
    /* a borrow handle cannot be taken */
    uint32_t t = kiln_cm_call_begin(ci, 0, 1);
    kiln_cm_lift_borrow(ci, 0, 2, h1);
    hb = kiln_cm_lower_borrow(ci, 1, 2, kiln_cm_resource_rep(ci, 0, 2, h1));
    CHECK(kiln_cx_borrow(&cxb, 3, hb) == &obj1);
    h_arg = hb;
    CHECK(traps_with(do_cx_take, NULL, "is a borrow handle"));
    cx_arg = cx;
    h_arg = h1;
    CHECK(traps_with(do_cx_take, NULL, "cannot move own handle"));
    kiln_cm_resource_drop(ci, 1, 2, hb);
    kiln_cm_call_end(ci, t);
    CHECK(kiln_cx_take_own(&cx, 3, h1) == &obj1);
}

/* Growing a table can fail: a trap, not a crash; and the spec's limit of
 * 2^28 - 1 handles (a table pretended full). */
static bool fail_allocs;
static void *failing_alloc(void *ud, void *ptr, size_t size)
{
    (void)ud;
    if (size == 0) {
        free(ptr);
        return NULL;
    }
    return fail_allocs ? NULL : realloc(ptr, size);
}

static void test_limits(void)
{
    for (int i = 0; i < 7; i++) /* slots 1..7: the first 8 are full */
        kiln_cm_resource_new(ci, 2, 1, (uint32_t)i);
    kiln_rt_set_allocator(failing_alloc, NULL);
    fail_allocs = true;
    CHECK(trap_on(do_new, 2, 1, 0, "out of memory"));
    fail_allocs = false;
    kiln_rt_set_allocator(NULL, NULL);
    KilnHandleTable *t = &ci->tables[2];
    uint32_t len = t->len;
    t->len = CM_TABLE_MAX + 1;
    CHECK(trap_on(do_new, 2, 1, 0, "handle table full"));
    t->len = len;
    CHECK(kiln_cm_resource_new(ci, 2, 1, 9) == 8);
}

/* ComponentInstance.entering_set with parents: instance 0 instantiated
 * 1 and 2.  A child may call back into its parent (donut wrapping),
 * but the host may not enter the other child while the parent is
 * entered, and a child is not reentered from its sibling. */
static void test_nesting(void)
{
    static const uint32_t parents[] = {KILN_NO_INDEX, 0, 0};
    KilnComponentDesc d = fx_desc;
    d.comp_parents = parents;
    KilnTrapInfo err;
    KilnComponentInst *saved = ci;
    ci = kiln_component_new(&d, NULL, &err);
    CHECK(ci != NULL);
    if (!ci) {
        ci = saved;
        return;
    }
    uint32_t t1 = kiln_cm_call_begin(ci, KILN_NO_INDEX, 1); /* {1, 0} */
    CHECK(ci->may_enter[0] == 0 && ci->may_enter[1] == 0);
    uint32_t t2 = kiln_cm_call_begin(ci, 1, 0); /* {} : donut wrapping */
    uint32_t t3 = kiln_cm_call_begin(ci, 0, 2); /* {2} */
    CHECK(ci->may_enter[2] == 0);
    uint32_t back[2] = {2, 1}; /* sibling reentering 1 */
    CHECK(traps_with(do_begin, back, "cannot enter component instance 1"));
    kiln_cm_call_end(ci, t3);
    kiln_cm_call_end(ci, t2);
    uint32_t host[2] = {KILN_NO_INDEX, 2}; /* {2, 0}: 0 is entered */
    CHECK(traps_with(do_begin, host, "cannot enter component instance 0"));
    kiln_cm_call_end(ci, t1);
    CHECK(ci->may_enter[0] == 1 && ci->may_enter[1] == 1 &&
          ci->may_enter[2] == 1);
    kiln_component_free(ci);
    ci = saved;
}

int main(void)
{
    kiln_rt_init_thread();
    ci = fx_new();
    CHECK(ci != NULL);
    if (!ci)
        return TEST_RESULT();
    test_table();
    test_dtor();
    test_borrow();
    test_flags();
    test_nesting();
    test_host();
    test_limits();
    kiln_component_free(ci);
    return TEST_RESULT();
}
