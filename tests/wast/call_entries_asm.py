#!/usr/bin/env python3
"""call_indirect uses a function's fastcc `call` entry (kiln_rt.h
KilnFuncRef.call): on x86-64 a table function must return with a plain
`ret` (a tailcc body pops 8 bytes: `ret $0x8`) and the indirect call site
must not re-reserve those bytes (`sub $0x8,%rsp` after the call).
usage: call_entries_asm.py KILN WAT2WASM OBJDUMP"""
import os
import platform
import subprocess
import sys
import tempfile

WAT = """(module
  (type $op (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) func $op_add $op_xor)
  (func $op_add (type $op) (i32.add (local.get 0) (local.get 1)))
  (func $op_xor (type $op) (i32.xor (local.get 0) (local.get 1)))
  (func (export "run") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (call_indirect (type $op) (local.get 1) (local.get 0)
                     (i32.and (local.get 0) (i32.const 1))))
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 1)))
"""


def main():
    kiln, wat2wasm, objdump = sys.argv[1:4]
    if platform.machine() not in ("x86_64", "AMD64"):
        print("skip: x86-64 only")
        return 77
    with tempfile.TemporaryDirectory() as d:
        wat, wasm, obj = (os.path.join(d, n) for n in ("m.wat", "m.wasm", "m.o"))
        with open(wat, "w") as f:
            f.write(WAT)
        subprocess.run([wat2wasm, wat, "-o", wasm], check=True)
        subprocess.run([kiln, "build", "-O2", "--emit", "obj", wasm, "-o", obj],
                       check=True)
        asm = subprocess.run([objdump, "-d", "--no-show-raw-insn", obj],
                             check=True, capture_output=True, text=True).stdout
    funcs, cur = {}, None
    for line in asm.splitlines():
        if line.endswith(">:"):
            cur = line.split("<", 1)[1][:-2]
            funcs[cur] = []
        elif cur and "\t" in line:
            funcs[cur].append(line.split("\t", 1)[1].strip())
    bad = []
    for name in ("wasm:func0", "wasm:func1"):
        body = funcs.get(name)
        if not body or not any(i.startswith("ret") for i in body):
            bad.append(f"{name}: not found")
        elif any(i.startswith("ret") and "$0x8" in i for i in body):
            bad.append(f"{name}: returns with `ret $0x8` (tailcc)")
    for name, body in funcs.items():
        for a, b in zip(body, body[1:]):
            if a.startswith("call") and "*" in a and b.startswith("sub") \
                    and "$0x8,%rsp" in b:
                bad.append(f"{name}: `{a}` then `{b}`")
    for b in bad:
        print("FAIL", b)
    print("call entries:", "FAIL" if bad else "ok")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
