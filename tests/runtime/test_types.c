/* test_types.c: signature interning (kiln_rt_type_intern): equal strings
 * share an id, different ones do not, ids are dense from 1, the table
 * grows, and concurrent interning agrees. */
#include "kiln_rt.h"
#include "rt_test.h"

#include <pthread.h>
#include <string.h>

static uint32_t ids[4][500];

static void sig_of(char *buf, int i)
{
    snprintf(buf, 32, "%.*s:i", i % 20, "ilfdvFEilfdvFEilfdvFE");
    size_t n = strlen(buf);
    snprintf(buf + n, 32 - n, "%d", i); /* make each string unique */
}

static void *intern_many(void *arg)
{
    int t = (int)(intptr_t)arg;
    char buf[32];
    for (int i = 0; i < 500; i++) {
        sig_of(buf, t & 1 ? 499 - i : i);
        ids[t][t & 1 ? 499 - i : i] = kiln_rt_type_intern(buf);
    }
    return NULL;
}

int main(void)
{
    uint32_t a = kiln_rt_type_intern("ii:i");
    uint32_t b = kiln_rt_type_intern("ii:i");
    uint32_t c = kiln_rt_type_intern("ii:l");
    uint32_t e = kiln_rt_type_intern(":");
    CHECK(a != 0 && a == b);
    CHECK(c != 0 && c != a);
    CHECK(e != 0 && e != a && e != c);
    CHECK(a == 1 && c == 2 && e == 3); /* dense, first come first served */

    char copy[] = "ii:i"; /* equality by content, not address */
    CHECK(kiln_rt_type_intern(copy) == a);

    pthread_t th[4];
    for (int t = 0; t < 4; t++)
        pthread_create(&th[t], NULL, intern_many, (void *)(intptr_t)t);
    for (int t = 0; t < 4; t++)
        pthread_join(th[t], NULL);
    uint32_t max = 0;
    for (int i = 0; i < 500; i++) {
        for (int t = 1; t < 4; t++)
            CHECK(ids[t][i] == ids[0][i]);
        CHECK(ids[0][i] > e);
        if (ids[0][i] > max)
            max = ids[0][i];
    }
    CHECK(max == e + 500); /* all distinct and dense */
    return TEST_RESULT();
}
