#!/usr/bin/env python3
"""Checks that counted loops (cg_control.c) reach LLVM's loop vectorizer.
usage: counted_ir.py KILN WAT2WASM counted_loops.wast
The `axpy` loop of counted_loops.wast has lu's shape: it starts at an
offset LLVM does not know and ends at `j != 3200` with step 16.  Without
the hidden counter SCEV cannot count its iterations and nothing in the
module is vectorized; with it the -O2 IR stores `<N x double>` vectors."""
import os
import re
import subprocess
import sys
import tempfile


def main():
    kiln, wat2wasm, wast = sys.argv[1:4]
    env = dict(os.environ)
    env.pop("KILN_LLVM_ARGS", None)
    env.pop("KILN_CG_PASSES", None)
    with open(wast) as f:
        text = f.read()
    module = text[text.index("(module"):text.index("\n)\n") + 2]
    with tempfile.TemporaryDirectory() as d:
        wat, wasm = os.path.join(d, "t.wat"), os.path.join(d, "t.wasm")
        ll = os.path.join(d, "t.ll")
        with open(wat, "w") as f:
            f.write(module)
        subprocess.run([wat2wasm, wat, "-o", wasm], check=True)
        subprocess.run([kiln, "build", "-O2", wasm, "--emit", "obj", "-o",
                        os.path.join(d, "t.o"), "--dump-ir", ll],
                       check=True, env=env)
        with open(ll) as f:
            ir = f.read()
    # axpy is the module's only (i32, i32, f64) -> f64 function
    bodies = re.findall(r'define [^\n]*double @"wasm:[^"]*"\(ptr %0, i32 %1, '
                        r'i32 %2, double %3\)[^\n]*\n(.*?)\n}\n', ir, re.S)
    vec = sum(len(re.findall(r"store <\d+ x double>", b)) for b in bodies)
    if vec == 0:
        print("-O2: the axpy loop was not vectorized (no `store <N x double>`)")
        return 1
    print(f"ok: vectorized ({vec} vector stores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
