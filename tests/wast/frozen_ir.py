#!/usr/bin/env python3
"""Checks that call_indirect reads a frozen table's constant array
(cg_table.c), through the plain array of call entries of its type class
(no class compare) while the module's budget for those lasts, and that a
table something may change is not frozen.
usage: frozen_ir.py KILN WAT2WASM
Each module calls through a table of two functions; only the first
qualifies.  The others: the table is exported, written by table.set,
filled by a segment at a global's offset, or holds an imported function.
frozen_tables.wast runs the semantics."""
import os
import re
import subprocess
import sys
import tempfile

BODY = """
  (type $ii (func (param i32) (result i32)))
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dec (type $ii) (i32.sub (local.get 0) (i32.const 1)))
  (func (export "call") (param $i i32) (param $x i32) (result i32)
    (call_indirect $t (type $ii) (local.get $x) (local.get $i)))
"""
# name: (frozen?, imports, declarations); frozen means with a class table
# unless the name says "over budget"
CASES = {
    "frozen": (True, "", "(table $t 2 funcref) (elem (i32.const 0) func $inc $dec)"),
    "frozen, over budget": (True, "", "(table $t 40000 funcref)"
                                      " (elem (i32.const 0) func $inc $dec)"),
    "exported": (False, "", "(table $t (export \"t\") 2 funcref)"
                            " (elem (i32.const 0) func $inc $dec)"),
    "table.set": (False, "", "(table $t 2 funcref) (elem (i32.const 0) func $inc)"
                             " (func (table.set $t (i32.const 1) (ref.null func)))"),
    "global offset": (False, "(import \"m\" \"g\" (global $g i32))",
                      "(table $t 2 funcref) (elem (global.get $g) func $inc $dec)"),
    "imported function": (False, "(import \"m\" \"f\" (func $f (param i32) (result i32)))",
                          "(table $t 2 funcref) (elem (i32.const 0) func $f $inc)"),
}


def ir(kiln, wat2wasm, d, name, text):
    wat = os.path.join(d, "t.wat")
    with open(wat, "w") as f:
        f.write(text)
    wasm, ll = os.path.join(d, "t.wasm"), os.path.join(d, "t.ll")
    subprocess.run([wat2wasm, wat, "-o", wasm], check=True)
    p = subprocess.run([kiln, "build", "-O2", wasm, "--emit", "shared",
                        "-o", os.path.join(d, "t.so"), "--dump-ir", ll],
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{name}: kiln failed: {p.stderr}")
    with open(ll) as f:
        return f.read()


def main():
    kiln, wat2wasm = sys.argv[1:3]
    bad = 0
    with tempfile.TemporaryDirectory() as d:
        cases = [(n, want, "(module " + imports + BODY + decl + ")")
                 for n, (want, imports, decl) in CASES.items()]
        for name, want, text in cases:
            code = ir(kiln, wat2wasm, d, name, text)
            # which constant array the call reads its callee from
            by_pair = "ptr @kiln.frozen, i64 0" in code
            by_class = "ptr @kiln.frozen_class, i64 0" in code
            frozen = by_pair or by_class
            print(f"{name}: " + ("not frozen" if not frozen else
                                 "frozen, class table" if by_class else
                                 "frozen, {entry, class} table"))
            want_class = want and "over budget" not in name
            if frozen != want or by_class != want_class or (by_pair and by_class):
                print(f"  expected {'frozen' if want else 'not frozen'}"
                      f"{', class table' if want_class else ''}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
