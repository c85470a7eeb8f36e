#!/usr/bin/env python3
"""Writes the malformed and invalid components of tests/component-bad.

Usage: gen_bad.py OUTDIR NAME...   (writes OUTDIR/NAME.wasm for each NAME)

Each case is built from small encoders of the component binary format
(design/mvp/Binary.md) and of core modules, so the bytes are exact and
the expected diagnostics (NAME.expected) can name precise offsets.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wasm_bytes import sec, uleb, vec  # noqa: E402


leb = uleb


def name(s):
    b = s.encode()
    return leb(len(b)) + b


HDR = b"\x00asm\x0d\x00\x01\x00"
CORE_HDR = b"\x00asm\x01\x00\x00\x00"
I32, I64 = 0x7F, 0x7E


# ---- core modules ----

def core_functype(params, results):
    return b"\x60" + vec([bytes([p]) for p in params]) + \
        vec([bytes([r]) for r in results])


def core_module(types=(), imports=(), funcs=(), memory=False, exports=(),
                bodies=None):
    """types: [(params, results)]; imports: [(mod, name, typeidx)];
    funcs: [typeidx]; exports: [(name, kind, index)]; bodies: code."""
    m = CORE_HDR
    if types:
        m += sec(1, vec([core_functype(p, r) for p, r in types]))
    if imports:
        m += sec(2, vec([name(a) + name(b) + b"\x00" + leb(t)
                         for a, b, t in imports]))
    if funcs:
        m += sec(3, vec([leb(t) for t in funcs]))
    if memory:
        m += sec(5, vec([b"\x00\x01"]))
    if exports:
        m += sec(7, vec([name(n) + bytes([k]) + leb(i) for n, k, i in exports]))
    if funcs:
        if bodies is None:
            bodies = []
            for t in funcs:
                res = types[t][1]
                code = b"".join(b"\x41\x00" if r == I32 else b"\x42\x00"
                                for r in res)
                bodies.append(code)
        m += sec(10, vec([leb(len(b"\x00" + c + b"\x0b")) + b"\x00" + c +
                          b"\x0b" for c in bodies]))
    return m


# ---- component pieces ----

def comp(*sections):
    return HDR + b"".join(sections)


def core_instance_section(*insts):
    return sec(2, vec(list(insts)))


def instantiate_core(mod, args=()):
    return b"\x00" + leb(mod) + vec([name(n) + b"\x12" + leb(i)
                                     for n, i in args])


def inline_core(exports):
    """exports: [(name, core sort byte, index)]"""
    return b"\x01" + vec([name(n) + bytes([s]) + leb(i) for n, s, i in exports])


def alias_core_func(inst, n):
    return b"\x00\x00\x01" + leb(inst) + name(n)


def alias_core_memory(inst, n):
    return b"\x00\x02\x01" + leb(inst) + name(n)


def types(*ts):
    return sec(7, vec(list(ts)))


def functype(params, result=None):
    r = b"\x00" + result if result is not None else b"\x01\x00"
    return b"\x40" + vec([name(n) + t for n, t in params]) + r


U32, U64, STRING = b"\x79", b"\x77", b"\x73"


def tidx(i):
    """A type index as a valtype: s33, so 64.. need two bytes."""
    out = bytearray()
    while True:
        b = i & 0x7F
        i >>= 7
        if (i == 0 and not b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def lift(core_func, typeidx, opts=()):
    return b"\x00\x00" + leb(core_func) + vec(list(opts)) + leb(typeidx)


def lower(func, opts=()):
    return b"\x01\x00" + leb(func) + vec(list(opts))


def opt_memory(i):
    return b"\x03" + leb(i)


def opt_realloc(i):
    return b"\x04" + leb(i)


def opt_post_return(i):
    return b"\x05" + leb(i)


def canons(*cs):
    return sec(8, vec(list(cs)))


def export(n, sort, idx):
    return b"\x00" + name(n) + sort + leb(idx) + b"\x00"


def exports(*es):
    return sec(11, vec(list(es)))


def imports(*ims):
    return sec(10, vec(list(ims)))


def import_func(n, typeidx):
    return b"\x00" + name(n) + b"\x01" + leb(typeidx)


FUNC, CORE_FUNC = b"\x01", b"\x00\x00"

# A core module exporting f: [i32] -> [i32]
ID_MODULE = core_module(types=[([I32], [I32])], funcs=[0],
                        exports=[("f", 0, 0)])
# A core module exporting memory "mem", realloc and a bad realloc
MEM_MODULE = core_module(types=[([I32] * 4, [I32]), ([I32], [I32])],
                         funcs=[0, 1], memory=True,
                         exports=[("mem", 2, 0), ("realloc", 0, 0),
                                  ("bad", 0, 1)])


def lifted(fty, core_mod=ID_MODULE, core_name="f", opts=()):
    """A component lifting `core_name` of `core_mod` with type `fty`."""
    return comp(sec(1, core_mod),
                core_instance_section(instantiate_core(0)),
                sec(6, vec([alias_core_func(0, core_name)])),
                types(fty),
                canons(lift(0, 0, opts)),
                exports(export("f", FUNC, 0)))


def with_memory(fty, opts_fn, use_lower=False):
    """MEM_MODULE instance 0; core funcs 0 realloc, 1 bad; memory 0."""
    secs = [sec(1, MEM_MODULE), core_instance_section(instantiate_core(0)),
            sec(6, vec([alias_core_func(0, "realloc"),
                        alias_core_func(0, "bad"),
                        alias_core_memory(0, "mem")])),
            types(fty)]
    if use_lower:
        secs += [imports(import_func("g", 0)), canons(lower(0, opts_fn()))]
    else:
        secs += [canons(lift(0, 0, opts_fn()))]
    return comp(*secs)


BAD_CORE_BODY = core_module(types=[([], [I32])], funcs=[0],
                            bodies=[b"\x42\x00"])  # i64.const for an i32

MOD_IMPORTING = core_module(types=[([I32], [I32])],
                            imports=[("env", "f", 0)])
MOD_WRONG_F = core_module(types=[([], [])], funcs=[0], exports=[("f", 0, 0)])

def nested_components(depth):
    c = comp()
    for _ in range(depth):
        c = comp(sec(4, c))
    return c


CASES = {
    "bad_version": b"\x00asm\x0c\x00\x01\x00",
    "truncated_section": HDR + b"\x07\x05\x01",
    "bad_section_id": HDR + b"\x0d\x00",
    "section_size_mismatch": HDR + sec(7, vec([b"\x79"]) + b"\x00"),
    "core_module_invalid": comp(sec(1, BAD_CORE_BODY)),
    "core_module_malformed": comp(sec(1, CORE_HDR + b"\x01\x02\x01")),
    "unknown_type_index": comp(types(functype([("x", b"\x05")]))),
    "valtype_not_value": comp(types(functype([]), b"\x70\x00")),
    "own_not_resource": comp(types(b"\x72" + vec([name("a") + U32]),
                                   b"\x69\x00")),
    "borrow_in_result": comp(types(b"\x3f\x7f\x00", b"\x68\x00",
                                   functype([], b"\x01"))),
    "bad_label": comp(types(b"\x72" + vec([name("Foo_bar") + U32]))),
    "duplicate_field": comp(types(b"\x72" + vec([name("a") + U32,
                                                 name("A") + U32]))),
    "empty_record": comp(types(b"\x72\x00")),
    "too_many_flags": comp(types(b"\x6e" + vec([name("f%d" % i)
                                               for i in range(33)]))),
    "bad_import_name": comp(types(functype([])),
                            imports(import_func("Not_Kebab", 0))),
    "duplicate_import": comp(types(functype([])),
                             imports(import_func("foo-bar", 0),
                                     import_func("FOO-bar", 0))),
    "lift_type_mismatch": lifted(functype([("x", U64)], U32)),
    "lift_missing_realloc": with_memory(functype([("s", STRING)]),
                                        lambda: [opt_memory(0)]),
    "lower_missing_memory": with_memory(functype([("s", STRING)]),
                                        lambda: [], use_lower=True),
    "realloc_bad_type": with_memory(functype([("s", STRING)]),
                                    lambda: [opt_memory(0), opt_realloc(1)]),
    "post_return_bad_type": lifted(functype([("x", U32)], U32),
                                   opts=[opt_post_return(0)]),
    "duplicate_option": with_memory(functype([]),
                                    lambda: [opt_memory(0), opt_memory(0)]),
    "core_instantiate_missing_arg": comp(
        sec(1, MOD_IMPORTING), core_instance_section(instantiate_core(0))),
    "core_instantiate_type_mismatch": comp(
        sec(1, MOD_IMPORTING), sec(1, MOD_WRONG_F),
        core_instance_section(instantiate_core(1),
                              instantiate_core(0, [("env", 0)]))),
    "alias_missing_export": comp(
        sec(1, ID_MODULE), core_instance_section(instantiate_core(0)),
        sec(6, vec([alias_core_func(0, "g")]))),
    "outer_alias_count": comp(sec(6, vec([b"\x03\x02" + leb(2) + leb(0)]))),
    "resource_new_imported": comp(
        imports(b"\x00" + name("r") + b"\x03\x01"),
        canons(b"\x02" + leb(0))),
    "dtor_bad_type": comp(
        sec(1, ID_MODULE), core_instance_section(instantiate_core(0)),
        sec(6, vec([alias_core_func(0, "f")])),
        types(b"\x3f\x7f\x01" + leb(0))),
    "method_without_self": comp(
        imports(b"\x00" + name("r") + b"\x03\x01"),
        types(functype([("this", b"\x79")])),
        imports(import_func("[method]r.m", 1))),
    "constructor_unknown_resource": comp(
        types(functype([])),
        imports(import_func("[constructor]thing", 0))),
    "instantiate_missing_arg": comp(
        sec(4, comp(types(functype([])), imports(import_func("x", 0)))),
        sec(5, vec([b"\x00" + leb(0) + vec([])]))),
    "async_builtin": comp(canons(b"\x05")),
    "value_section": comp(sec(12, vec([]))),
    "start_arity": lifted(functype([("x", U32)], U32)) +
        sec(9, leb(0) + vec([]) + leb(0)),
    "export_core_func": comp(
        sec(1, ID_MODULE), core_instance_section(instantiate_core(0)),
        sec(6, vec([alias_core_func(0, "f")])),
        exports(export("f", CORE_FUNC, 0))),
    "resource_in_instance_type": comp(
        types(b"\x42" + vec([b"\x01\x3f\x7f\x00"]))),
    "import_unnamed_record": comp(
        types(b"\x72" + vec([name("a") + U32]), functype([("r", tidx(0))])),
        imports(import_func("f", 1))),
    "list_too_large": comp(types(b"\x67\x7d" + leb(1 << 28))),
    "resource_mismatch": comp(
        types(b"\x3f\x7f\x00", b"\x3f\x7f\x00"),
        sec(4, comp(imports(b"\x00" + name("a") + b"\x03\x01",
                            b"\x00" + name("b") + b"\x03\x00" + leb(0)))),
        sec(5, vec([b"\x00" + leb(0) + vec([name("a") + b"\x03" + leb(0),
                                            name("b") + b"\x03" + leb(1)])]))),
    "type_too_deep": comp(types(*([b"\x6b\x79"] + [b"\x6b" + tidx(i)
                                                    for i in range(1000)]))),
    "components_too_deep": nested_components(120),
    "bad_integrity": comp(types(functype([])),
                          imports(import_func("integrity=<md5-AAAA>", 0))),
    "export_dep_name": comp(
        types(b"\x41" + vec([b"\x01" + functype([]),
                              b"\x04" + b"\x00" + name("url=<x>") +
                              b"\x01" + leb(0)]))),
    "version_suffix_func": comp(
        types(functype([])),
        imports(b"\x02" + name("a:b/c@1") + vec([b"\x01" + name(".2.3")]) +
                b"\x01" + leb(0))),
    "value_unused": comp(imports(b"\x00" + name("v") + b"\x02\x79")),
    "value_used_twice": comp(
        imports(b"\x00" + name("v") + b"\x02\x79"),
        exports(export("a", b"\x02", 0), export("b", b"\x02", 0))),
    "nested_namespace": comp(types(functype([])),
                             imports(import_func("a:b:c/d", 0))),
}


def main():
    out = sys.argv[1]
    for n in sys.argv[2:]:
        with open(os.path.join(out, n + ".wasm"), "wb") as f:
            f.write(CASES[n])


if __name__ == "__main__":
    main()
