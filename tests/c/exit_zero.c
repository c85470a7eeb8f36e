/* exit(0) from a nested call: buffered stdout is flushed, atexit handlers
 * run in reverse order of registration. */
#include <stdio.h>
#include <stdlib.h>

static void first(void) { printf("atexit: registered first, runs last\n"); }
static void second(void) { printf("atexit: registered second, runs first\n"); }

static void leave(int depth) {
    if (depth == 0) {
        printf("leaving from depth 0 with buffered output");
        exit(0);
    }
    leave(depth - 1);
    printf("never printed\n");
}

int main(void) {
    atexit(first);
    atexit(second);
    printf("start\n");
    leave(10);
    return 99;
}
