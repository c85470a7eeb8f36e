/* Subcommands implemented outside main.c; each gets argv from its own
 * name on (argv[0] == "wit", ...) and returns the exit status. */
#ifndef KILN_DRIVER_COMMANDS_H
#define KILN_DRIVER_COMMANDS_H

int kiln_cmd_wit(int argc, char **argv);     /* cmd_wit.c */
int kiln_cmd_bindgen(int argc, char **argv); /* cmd_bindgen.c */

#endif
