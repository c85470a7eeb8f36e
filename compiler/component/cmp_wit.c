/* The WIT world of a decoded component: see cmp_wit.h.  (Conversion
 * being written; until then it reports that it cannot.) */
#include "component/cmp_wit.h"

WitResolve *cmp_wit(const CmpFile *f, Diag *diag)
{
    diag_error(diag, f->path, "printing a component's WIT is not supported yet");
    return NULL;
}

void cmp_wit_print(FILE *out, const WitResolve *r)
{
    (void)out;
    (void)r;
}
