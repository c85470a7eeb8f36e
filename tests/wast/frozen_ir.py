#!/usr/bin/env python3
"""Checks that call_indirect reads a frozen table's constant array
(cg_table.c) and that a table something may change is not frozen.
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
  (func (export "call") (param $i i32) (param $x i32) (result i32)
    (call_indirect $t (type $ii) (local.get $x) (local.get $i)))
"""
# name: (frozen?, imports, declarations)
CASES = {
    "frozen": (True, "", "(table $t 2 funcref) (elem (i32.const 0) func $inc $inc)"),
    "exported": (False, "", "(table $t (export \"t\") 2 funcref)"
                            " (elem (i32.const 0) func $inc $inc)"),
    "table.set": (False, "", "(table $t 2 funcref) (elem (i32.const 0) func $inc)"
                             " (func (table.set $t (i32.const 1) (ref.null func)))"),
    "global offset": (False, "(import \"m\" \"g\" (global $g i32))",
                      "(table $t 2 funcref) (elem (global.get $g) func $inc $inc)"),
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
            got = re.search(r"@kiln\.frozen = private unnamed_addr constant",
                            ir(kiln, wat2wasm, d, name, text)) is not None
            print(f"{name}: {'frozen' if got else 'not frozen'}")
            if got != want:
                print(f"  expected {'frozen' if want else 'not frozen'}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
