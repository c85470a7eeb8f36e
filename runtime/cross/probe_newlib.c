/* probe_newlib.c: compiles when arm-none-eabi-gcc has newlib's headers
 * (runtime/cross/meson.build, bare-metal targets). */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
