#!/usr/bin/env python3
"""Checks the no-wrap facts of address sums in LLVM IR (kiln's codegen,
cg_memory.c).  usage: nowrap_ir.py KILN WAT2WASM nowrap_matmul.wat
- unoptimized (-O0) IR: `p + 8` after p was an address is `add nuw i32`,
  and only that add and the one of q;
- optimized (-O2) IR: the loop vectorizer accepts the matmul-shaped loop
  (vector f64 stores).  Without the facts LLVM cannot tell that
  zext(p + 8) == zext(p) + 8 and gives up;
- and the vector loop is guarded by one run-time range check, c against
  b (cg_streams.c).  Without access streams LLVM checks every pair of
  pointers, c against c + 8 too, which always overlap: the vector loop
  never runs;
- and no shuffles but splats are left: the vectorizer loads c[j], c[j+1]
  as one interleaved group, splits it into two vectors and joins them
  again for the store; vector-combine (cg_target.c) folds that away;
- and the vector loop steps 64-bit addresses: no i32 arithmetic and no
  zero extension is left in it.  Without the loop address sums
  (cg_sums.c) each array's c + j is an i32 add, extended every
  iteration, because LLVM cannot tell that it never wraps;
- and the function reads memory 0's base with one load from its vmctx
  (vm->mem0_base), not through vm->memories[0];
- a fact survives a br_if: in BRIF_WAT the pointer is stored through,
  the loop may exit, and only then is it stepped; the step is still
  `add nuw` (the fall-through block is reached from the store's alone)."""
import os
import re
import subprocess
import sys
import tempfile


BRIF_WAT = """(module (memory 1)
  (func (export "fill") (param $p i32) (param $end i32)
    (loop $l
      (i64.store (local.get $p) (i64.const 7))
      (br_if 1 (i32.eq (local.get $p) (local.get $end)))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (br $l))))
"""


def build(kiln, wasm, d, opt, env):
    ll = os.path.join(d, f"t{opt}.ll")
    subprocess.run([kiln, "build", f"-O{opt}", wasm, "--emit", "obj", "-o",
                    os.path.join(d, "t.o"), "--dump-ir", ll],
                   check=True, env=env)
    with open(ll) as f:
        return f.read()


def main():
    kiln, wat2wasm, wat = sys.argv[1:4]
    env = dict(os.environ)
    env.pop("KILN_LLVM_ARGS", None)
    env.pop("KILN_CG_PASSES", None)
    with tempfile.TemporaryDirectory() as d:
        wasm = os.path.join(d, "t.wasm")
        subprocess.run([wat2wasm, wat, "-o", wasm], check=True)
        o0 = build(kiln, wasm, d, 0, env)
        o2 = build(kiln, wasm, d, 2, env)
        brif_wat = os.path.join(d, "brif.wat")
        with open(brif_wat, "w") as f:
            f.write(BRIF_WAT)
        subprocess.run([wat2wasm, brif_wat, "-o", wasm], check=True)
        brif = build(kiln, wasm, d, 0, env)
    if not re.search(r"= add nuw i32 %\w+, 8\b", brif):
        print("-O0: the step after a br_if is not `add nuw` (fact lost)")
        return 1
    nuw = len(re.findall(r"= add nuw i32 %\w+, 8\b", o0))
    if nuw != 2:
        print(f"-O0: expected 2 `add nuw i32 %x, 8`, got {nuw}")
        return 1
    wrap = len(re.findall(r"= add i32 ", o0))
    if wrap != 3:
        print(f"-O0: expected 3 plain i32 adds (c+j, b+j, j+16), got {wrap}")
        return 1
    vec = len(re.findall(r"store <\d+ x double>", o2))
    if vec == 0:
        print("-O2: the loop was not vectorized (no `store <N x double>`)")
        return 1
    checks = len(re.findall(r"%found\.conflict\w* = ", o2))
    if checks != 1:
        print(f"-O2: expected one run-time alias check, got {checks}")
        return 1
    shuf = [l for l in o2.splitlines() if "shufflevector" in l and
            "zeroinitializer" not in l]
    if shuf:
        print(f"-O2: {len(shuf)} shuffles besides splats, e.g. {shuf[0]}")
        return 1
    body = re.search(r"^vector\.body:.*?^  br ", o2, re.S | re.M)
    narrow = [l.strip() for l in (body.group(0) if body else "").splitlines()
              if re.search(r"= (zext|add|shl|or)\b.* i32 ", l)]
    if not body or narrow:
        print("-O2: the vector loop computes 32-bit addresses: "
              f"{narrow[0] if narrow else 'no vector.body'}")
        return 1
    base = re.search(r"= load ptr, ptr (%\w+),.*!kiln\.membase", o2)
    if not base or not re.search(re.escape(base.group(1)) +
                                 r" = getelementptr inbounds i8, ptr %0, ", o2):
        print("-O2: memory 0's base is not one load from the vmctx")
        return 1
    print(f"ok: 2 nuw adds; vectorized ({vec} vector stores), one check, "
          "no interleaving shuffles, 64-bit address steps, one base load, facts past br_if")
    return 0


if __name__ == "__main__":
    sys.exit(main())
