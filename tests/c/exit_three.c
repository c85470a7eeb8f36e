/* exit(3): a nonzero status reaches the host; output before it is kept. */
#include <stdio.h>
#include <stdlib.h>

int main(void) {
    printf("about to exit with 3\n");
    fflush(stdout);
    fprintf(stderr, "a note on stderr\n");
    exit(3);
}
