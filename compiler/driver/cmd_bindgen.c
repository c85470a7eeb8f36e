/* `kiln bindgen`: being written (WIT front end issue). */
#include <stdio.h>

#include "driver/commands.h"

int kiln_cmd_bindgen(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs("kiln: error: `kiln bindgen` is not available in this build yet\n", stderr);
    return 1;
}
