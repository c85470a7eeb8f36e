/* The WIT world of a decoded component (`kiln wit app.wasm`), as the WIT
 * model of compiler/wit/wit.h so that the WIT printer prints it.
 *
 * The layout follows what component tools print for a component: a
 * package `root:component` holding one world `root`; imported and
 * exported instances named `ns:pkg/iface@ver` become interfaces of their
 * own packages (`ns:pkg@ver`, printed as nested `package { }` blocks)
 * named in the world by path; functions, types and instances under plain
 * names stay in the world (inline interfaces for instances).
 */
#ifndef KILN_COMPONENT_CMP_WIT_H
#define KILN_COMPONENT_CMP_WIT_H

#include "component/component.h"
#include "wit/wit.h"

/* Builds the world of `f`'s root component.  The result's `main` is the
 * root:component package and `roots` lists it; `packages` holds every
 * package, interface packages first (in first-use order), main last.
 * Types point into f's model or the result's arena: free the result
 * (wit_free) before f.  NULL after reporting through diag (a construct
 * WIT cannot express, e.g. a core module import). */
WitResolve *cmp_wit(const CmpFile *f, Diag *diag);

/* Prints what cmp_wit built: the root package, then every other package
 * as a nested `package ns:pkg@ver { ... }` block. */
void cmp_wit_print(FILE *out, const WitResolve *r);

#endif
