#!/usr/bin/env python3
"""Checks which roots get access streams (cg_streams.c) through the loop
vectorizer's remarks.  usage: streams_ir.py KILN WAT2WASM streams_stencil.wat
The fixture's init loop writes two roots at two offsets each; its sweep
writes one root at one offset.  Both loops must vectorize, and the sweep
(VF 4, f32) must interleave twice: views for the sweep's roots would each
count as a loop-invariant register in LLVM's estimate, which then allows
one interleave only (bench/kernels/stencil.c: 1.09x -> 1.24x of native)."""
import os
import re
import subprocess
import sys
import tempfile


def main():
    kiln, wat2wasm, wat = sys.argv[1:4]
    env = dict(os.environ)
    env.pop("KILN_CG_PASSES", None)
    env.pop("KILN_NO_STREAMS", None)
    env["KILN_LLVM_ARGS"] = "-pass-remarks=loop-vectorize"
    with tempfile.TemporaryDirectory() as d:
        wasm = os.path.join(d, "t.wasm")
        subprocess.run([wat2wasm, wat, "-o", wasm], check=True)
        p = subprocess.run([kiln, "build", "-O2", wasm, "--emit", "obj", "-o",
                            os.path.join(d, "t.o")], env=env,
                           stderr=subprocess.PIPE, text=True, check=True)
    loops = re.findall(r"vectorization width: (\d+), interleaved count: (\d+)",
                       p.stderr)
    if len(loops) != 2:
        print(f"expected 2 vectorized loops, got {len(loops)}:\n{p.stderr}")
        return 1
    if ("4", "2") not in loops:
        print(f"the sweep is not VF 4 x IC 2: {loops}")
        return 1
    print(f"ok: vectorized loops (VF, IC): {loops}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
