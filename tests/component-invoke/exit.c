/* A C command that exits with a status: through the preview1 adapter it
 * calls wasi:cli/exit (exit(err): status 1) in the middle of the --invoke
 * call, which ends the process with that status. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    puts("bye");
    fflush(stdout);
    exit(7);
}
