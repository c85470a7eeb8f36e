/* Compiled by runtime/cross/meson.build with each cross compiler: does it
 * have the target's C library headers (libc6-dev-<arch>-cross)? */
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>

int main(void)
{
    return 0;
}
