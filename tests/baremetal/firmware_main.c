/* The main() a firmware project writes around an object of `kiln build
 * --emit obj` (bare-metal targets): run the module (kiln_module_desc) or,
 * with FW_COMPONENT, the command component (kiln_component_desc) with
 * WASI from argv and no baked configuration. */
#include "kiln_cm.h"
#include "kiln_rt.h"

int main(int argc, char **argv);

#ifdef FW_COMPONENT
extern const KilnComponentDesc kiln_component_desc;

int main(int argc, char **argv)
{
    return kiln_component_main(argc, argv, &kiln_component_desc, NULL);
}
#else
extern const KilnModuleDesc kiln_module_desc;

int main(int argc, char **argv)
{
    return kiln_rt_main(argc, argv, &kiln_module_desc, NULL);
}
#endif
