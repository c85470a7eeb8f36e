/* _Exit(125) leaves without flushing stdio: only the line flushed by hand
 * appears.  125 is the largest status that is portable across runtimes. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void) {
    printf("this line is flushed by hand\n");
    fflush(stdout);
    printf("this buffered line is lost by _Exit");
    _Exit(125);
}
