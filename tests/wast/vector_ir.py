#!/usr/bin/env python3
"""Checks the loop vectorizer's output on one wasm loop (spec-independent:
LLVM IR of kiln -O2).  usage: vector_ir.py KILN WAT2WASM FILE.wat
The stencil row in vector_interleave.wat costs LLVM more than the same
native loop (every address is a 32-bit wrap-around sum), so it is only
interleaved when cg_main.c raises -small-loop-cost: expect two
`store <4 x float>` in the optimized IR."""
import os
import subprocess
import sys
import tempfile


def main():
    kiln, wat2wasm, wat = sys.argv[1:4]
    env = dict(os.environ)
    env.pop("KILN_LLVM_ARGS", None)
    env.pop("KILN_CG_PASSES", None)
    with tempfile.TemporaryDirectory() as d:
        wasm, ll = os.path.join(d, "t.wasm"), os.path.join(d, "t.ll")
        subprocess.run([wat2wasm, wat, "-o", wasm], check=True)
        subprocess.run([kiln, "build", "-O2", wasm, "--emit", "obj", "-o",
                        os.path.join(d, "t.o"), "--dump-ir", ll],
                       check=True, env=env)
        with open(ll) as f:
            n = f.read().count("store <4 x float>")
    if n != 2:
        print(f"expected 2 vector stores (VF 4, interleave 2), got {n}")
        return 1
    print("ok: vectorized, interleaved twice")
    return 0


if __name__ == "__main__":
    sys.exit(main())
