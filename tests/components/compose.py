#!/usr/bin/env python3
"""Composes a guest component with a provider component, in WAT text.

Usage: compose.py GUEST.wat PROVIDER.wat OUT.wat (texts from `jco print`).

jco has no `compose` and wasm-tools is not installed, so the composition
is written as component text (Component Model Explainer, "Instance
definitions"): an outer component that nests both components, instantiates
the provider, instantiates the guest `with`, for each of its imports:

- the provider's export of that name;
- for a type the guest imports as equal to a type of an interface the
  provider supplies (a world-level `use`), that type of the provider's;
- for other world-level items (plain names), the same-named item of the
  provider's interface `top` (a world cannot export its own types);
- otherwise (WASI) the outer component's own import of it: the outer
  imports are copied verbatim from the guest's leading type/import/alias
  items, keeping only those imports and the items their types refer to.
  Printed component text refers to these by name, so nothing needs
  renumbering.

The outer component exports the provider's interfaces that define types
(records, variants, enums, flags, resources), then every guest export
(which may use those types: an export's types must be named by an earlier
import or export), then the provider's exports the guest does not import
(a test's window on what the provider saw, e.g. a log).  The provider
must import nothing.
"""
import re
import sys


def items(text):
    """Top-level items of a `(component ...)` text: list of strings."""
    i = text.index("(component") + len("(component")
    out, depth, start, n = [], 0, None, len(text)
    while i < n:
        c = text[i]
        if text.startswith("(;", i):
            j = text.index(";)", i) + 2
            i = j
            continue
        if text.startswith(";;", i):
            i = text.index("\n", i)
            continue
        if c == '"':
            i += 1
            while text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            continue
        if c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")":
            if depth == 0:
                break
            depth -= 1
            if depth == 0:
                out.append(text[start:i + 1])
        i += 1
    return out

ID = r'\$(?:"[^"]*"|[^\s()"]+)'
IMPORT = re.compile(r'^\(import "([^"]+)" \((\w+) (' + ID + ')')

class Error(Exception):
    pass


# The name an item defines: the first `(KIND $id` in it (type definitions,
# imports and aliases alike).
DEFINES = re.compile(r'\((?:type|func|instance|component) (' + ID + ')')
ALIAS = re.compile(r'^\(alias export (' + ID + r') "([^"]+)" \(type (' + ID + ')')
# An instance type that defines a nominal type of its own.
DEFINES_TYPE = re.compile(r'\(sub resource\)|\(type \(;\d+;\) \((?:record|variant|enum|flags) ')
# The provider's interface holding the guest's world-level imports.
TOP = re.compile(r'(^|/)top(@|$)')
HEAD = ("(type", "(import", "(alias")
EXPORT = re.compile(r'^\(export (?:' + ID + r' )?(?:\(@name "[^"]*"\) )?'
                    r'(?:\(;\d+;\) )?"([^"]+)" \((\w+) ')


def compose(guest, provider):
    g, p = items(guest), items(provider)
    provided = {}
    for it in p:
        m = EXPORT.match(it)
        if m:
            provided[m.group(1)] = m.group(2)
    for it in p:
        if it.startswith("(import"):
            raise Error("the provider imports " + it[:80])
    top = [n for n in provided if TOP.search(n)]
    prefix = []
    for it in g:
        if not it.startswith(HEAD):
            break
        prefix.append(it)
    aliases = {}                    # $type -> ($instance, export name)
    for it in prefix:
        a = ALIAS.match(it)
        if a:
            aliases[a.group(3)] = (a.group(1), a.group(2))
    links, withs, kept = [], [], set()
    supplied = {}                   # $id of a supplied instance -> its name

    def link(src, name, kind):
        n = len(links)
        links.append(f'(alias export $provider-inst "{src}" (instance $link{n}))')
        links.append(f'(alias export $link{n} "{name}" ({kind} $link{n}-item))')
        return f"$link{n}-item"

    for it in prefix:
        m = IMPORT.match(it)
        if not m:
            continue
        name, kind, ident = m.groups()
        eq = re.search(r'\(eq (' + ID + r')\)+$', it)
        if name in provided:
            withs.append(f'(with "{name}" ({kind} $provider-inst "{name}"))')
            supplied[ident] = name
        elif kind == "type" and eq and aliases.get(eq.group(1), ("",))[0] in supplied:
            # a type the guest imports as equal to one of a supplied
            # interface (a world-level `use`): the provider's type
            inst, item = aliases[eq.group(1)]
            withs.append(f'(with "{name}" (type {link(supplied[inst], item, "type")}))')
        elif ":" not in name and top:
            # a world-level item: from the provider's `top` interface
            withs.append(f'(with "{name}" ({kind} {link(top[0], name, kind)}))')
        else:
            withs.append(f'(with "{name}" ({kind} {ident}))')
            kept.add(it)
    # The composition imports what the guest imports and the provider does
    # not supply, with the items those imports' types need (references by
    # name only point backwards, so one backward pass finds them).
    need, outer = set(), []
    for it in reversed(prefix):
        d = DEFINES.search(it)
        if it in kept or (d and d.group(1) in need and not it.startswith("(import")):
            outer.append(it)
            need.update(re.findall(ID, it))
    outer.reverse()
    # An exported function or instance may only use named types that an
    # earlier import or export names (Binary.md, export validation): the
    # provider's interfaces that define types (records, variants, enums,
    # flags, resources) are exported too, ahead of the guest's exports.
    exports = []
    for it in prefix:
        m = IMPORT.match(it)
        if m and m.group(1) in provided and m.group(2) == "instance":
            ty = re.search(r'\(type (' + ID + r')\)\)\)$', it)
            tdef = [t for t in prefix if ty and t.startswith(f"(type {ty.group(1)} ")]
            if tdef and DEFINES_TYPE.search(tdef[0]):
                exports.append(f'(export "{m.group(1)}" (instance $provider-inst "{m.group(1)}"))')
    for name in top:
        exports.append(f'(export "{name}" (instance $provider-inst "{name}"))')
    for it in g:
        m = EXPORT.match(it)
        if m:
            exports.append(f'(export "{m.group(1)}" ({m.group(2)} $guest-inst "{m.group(1)}"))')
    imported = {IMPORT.match(it).group(1) for it in prefix if IMPORT.match(it)}
    for name, kind in provided.items():
        if name not in imported and name not in top:  # the provider's extras
            exports.append(f'(export "{name}" ({kind} $provider-inst "{name}"))')
    body = outer + ["(component $provider\n" + "\n".join(p) + ")",
                    "(component $guest\n" + "\n".join(g) + ")",
                    "(instance $provider-inst (instantiate $provider))"] + links + [
                    "(instance $guest-inst (instantiate $guest\n  "
                    + "\n  ".join(withs) + "))"] + exports
    return "(component\n" + "\n".join(body) + "\n)\n"


if __name__ == "__main__":
    guest, provider, out = sys.argv[1:4]
    open(out, "w").write(compose(open(guest).read(), open(provider).read()))
