#!/usr/bin/env python3
"""A JavaScript command component under kiln, held against `jco run`.

Usage: run_js.py KILN JCO WORKDIR APP.js WITDIR

Builds APP.js into a wasi:cli command component with `jco componentize`
(StarlingMonkey, ~15 MB), runs it with `jco run` for the reference, then
`kiln build` (no --unknown-imports=trap: StarlingMonkey imports wasi:http
and wasi:sockets, which the runtime implements) + the executable must
print what `jco run` printed, with status 0.
Exits 77 (skip) when jco is not installed.
"""
import os
import subprocess
import sys
import time


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace", **kw)


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    kiln, jco, work, src, wit = [os.path.abspath(a) for a in sys.argv[1:6]]
    modules = os.path.join(os.path.dirname(jco), "..", "tests", "node_modules")
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print("jco is not installed (run `npm ci` in tests/): skipped")
        return 77
    os.makedirs(work, exist_ok=True)
    name = os.path.splitext(os.path.basename(src))[0]
    wasm = os.path.join(work, name + ".wasm")
    # componentize is slow (~30 s): reuse the component while the source
    # is older than it
    if not os.path.exists(wasm) or os.path.getmtime(wasm) < os.path.getmtime(src):
        r = run([jco, "componentize", src, "--wit", wit, "-n", "command", "-o", wasm])
        if r.returncode != 0:
            print(f"jco componentize failed:\n{r.stdout}{r.stderr}")
            return 1
    ref = run([jco, "run", wasm])
    if ref.returncode != 0:
        print(f"jco run failed ({ref.returncode}):\n{ref.stdout}{ref.stderr}")
        return 1
    exe = os.path.join(work, name)
    t0 = time.time()
    b = run([kiln, "build", wasm, "-o", exe])
    if b.returncode != 0:
        print(f"kiln build failed ({b.returncode}):\n{b.stdout}{b.stderr}")
        return 1
    print(f"kiln build: {time.time() - t0:.1f} s wall for "
          f"{os.path.getsize(wasm) / 1e6:.1f} MB")
    got = run([exe])
    if got.returncode != 0 or got.stdout != ref.stdout:
        print(f"output differs from jco run (status {got.returncode}):\n"
              f"--- jco run\n{ref.stdout}--- kiln\n{got.stdout}{got.stderr}")
        return 1
    print(got.stdout, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
