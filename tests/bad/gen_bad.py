#!/usr/bin/env python3
"""Writes the bad-input WebAssembly binaries of tests/bad into OUTDIR.

Each case is a few bytes built by hand below; its expected one-line error is
committed beside this script as NAME.expected.  Usage: gen_bad.py OUTDIR
[NAME...] (default: every case).
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wasm_bytes import sec, uleb, vec  # noqa: E402

HDR = b"\x00asm\x01\x00\x00\x00"


def name(s):
    return uleb(len(s)) + s


def functype(params=b"", results=b""):
    return b"\x60" + uleb(len(params)) + params + uleb(len(results)) + results


def body(code, locals_=b"\x00"):
    b = locals_ + code
    return uleb(len(b)) + b


def module_with_code(code, params=b"", results=b"", extra=b"", locals_=b"\x00",
                     after_funcs=b""):
    """One function of type params -> results with the given body."""
    return (HDR + sec(1, vec([functype(params, results)]))
            + sec(3, vec([b"\x00"])) + extra + after_funcs
            + sec(10, vec([body(code, locals_)])))


MEM1 = sec(5, vec([b"\x00\x01"]))

CASES = {
    "empty_file": b"",
    "truncated_header": b"\x00as",
    "bad_magic": b"\x00wasm\x01\x00\x00",
    "bad_version": b"\x00asm\x02\x00\x00\x00",
    "bad_section_id": HDR + b"\x0e\x00",
    "tag_section": HDR + b"\x0d\x00",
    "section_too_long": HDR + b"\x01\x10\x01\x60\x00\x00",
    "section_size_mismatch": HDR + sec(1, vec([functype()]) + b"\x00"),
    "duplicate_section": HDR + sec(1, vec([])) + sec(1, vec([])),
    "leb_too_long": HDR + sec(1, vec([functype()]))
    + sec(3, b"\x01\x80\x80\x80\x80\x80\x00"),
    "leb_too_large": HDR + sec(1, vec([functype()]))
    + sec(3, b"\x01\x80\x80\x80\x80\x70"),
    "bad_utf8_name": HDR + sec(1, vec([functype()]))
    + sec(2, vec([name(b"m\xff") + name(b"f") + b"\x00\x00"])),
    "bad_valtype": HDR + sec(1, vec([functype(b"\x40")])),
    "bad_mutability": HDR + sec(6, vec([b"\x7f\x02\x41\x00\x0b"])),
    "bad_import_kind": HDR + sec(2, vec([name(b"m") + name(b"f") + b"\x07"])),
    "func_code_mismatch": HDR + sec(1, vec([functype()]))
    + sec(3, vec([b"\x00", b"\x00"])) + sec(10, vec([body(b"\x0b")])),
    "too_many_locals": module_with_code(
        b"\x0b", locals_=b"\x02" + uleb(0xFFFFFFF0) + b"\x7f" + uleb(0x20)
        + b"\x7f"),
    "illegal_opcode": module_with_code(b"\xff\x0b"),
    "atomics_opcode": module_with_code(b"\xfe\x03\x00\x0b"),
    "exception_opcode": module_with_code(b"\x06\x40\x0b\x0b"),
    "shared_memory": HDR + sec(5, vec([b"\x03\x01\x01"])),
    "missing_end": module_with_code(b"\x41\x01\x1a"),
    "data_count_mismatch": HDR + MEM1 + sec(12, uleb(2))
    + sec(11, vec([b"\x01" + uleb(1) + b"a"])),
    "data_count_required": module_with_code(
        b"\x41\x00\x41\x00\x41\x00\xfc\x08\x00\x00\x0b", extra=MEM1)
    + sec(11, vec([b"\x01" + uleb(1) + b"a"])),
    "type_mismatch": module_with_code(
        b"\x41\x01\x44" + bytes(8) + b"\x6a\x1a\x0b"),
    "stack_underflow": module_with_code(b"\x6a\x0b", results=b"\x7f"),
    "unknown_local": module_with_code(b"\x20\x03\x1a\x0b"),
    "unknown_global": module_with_code(b"\x23\x00\x1a\x0b"),
    "unknown_label": module_with_code(b"\x0c\x05\x0b"),
    "unknown_memory": module_with_code(b"\x41\x00\x28\x02\x00\x1a\x0b"),
    "global_immutable": module_with_code(
        b"\x41\x01\x24\x00\x0b",
        after_funcs=sec(6, vec([b"\x7f\x00\x41\x00\x0b"]))),
    "duplicate_export": HDR + sec(1, vec([functype()]))
    + sec(3, vec([b"\x00"]))
    + sec(7, vec([name(b"f") + b"\x00\x00", name(b"f") + b"\x00\x00"]))
    + sec(10, vec([body(b"\x0b")])),
    "undeclared_func_ref": module_with_code(b"\xd2\x00\x1a\x0b"),
    "alignment_too_large": module_with_code(
        b"\x41\x00\x28\x03\x00\x1a\x0b", extra=MEM1),
    "invalid_lane": module_with_code(
        b"\xfd\x0c" + bytes(16) + b"\xfd\x15\x10\x1a\x0b"),
    "memory_too_large": HDR + sec(5, vec([b"\x00" + uleb(65537)])),
    "start_type": HDR + sec(1, vec([functype(b"\x7f")]))
    + sec(3, vec([b"\x00"])) + sec(8, uleb(0))
    + sec(10, vec([body(b"\x0b")])),
    "const_expr_required": HDR + sec(6, vec([b"\x7f\x00\x41\x00\x45\x0b"])),
    "result_arity": module_with_code(b"\x41\x01\x41\x02\x0b",
                                     results=b"\x7f"),
}


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: gen_bad.py OUTDIR [NAME...]")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for n in sys.argv[2:] or sorted(CASES):
        with open(os.path.join(out, n + ".wasm"), "wb") as f:
            f.write(CASES[n])


if __name__ == "__main__":
    main()
