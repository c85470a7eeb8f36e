/* Returning 7 from main is the process exit status. */
#include <stdio.h>

int main(int argc, char **argv) {
    (void)argv;
    printf("returning 7 from main (argc=%d)\n", argc);
    return 7;
}
