/* abort() in wasi-libc executes `unreachable`: a trap.  kiln exits with
 * 134; node raises a RuntimeError.  Output flushed before it survives. */
//! expect: trap
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("before abort\n");
    fflush(stdout);
    abort();
}
