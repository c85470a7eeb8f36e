#!/usr/bin/env python3
"""Builds one valid component and checks that kiln-wasm-check prints `ok`.

Usage: check_good.py CHECKER JCO WORKDIR SOURCE [CLANG | WORLD]

SOURCE is a component WAT file (assembled with `jco parse`), a C file
(compiled with CLANG for wasm32-wasi, then wrapped with
`jco new --wasi-command`, the preview1 adapter), or a WIT package folder
whose WORLD is encoded as a real component (`jco embed --dummy` +
`jco new`: wit-component's shape for imports and exports), or a
JavaScript file made a wasi:cli `command` component by `jco componentize`
against the WIT folder given as the last argument.  Exits 77 (skip) when
jco is not installed (tests/node_modules absent) or CLANG is missing.
"""
import os
import subprocess
import sys


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if r.returncode != 0:
        sys.stdout.write(f"failed: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
        sys.exit(1)
    return r


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    checker, jco, work, src = [os.path.abspath(a) for a in sys.argv[1:5]]
    clang = sys.argv[5] if len(sys.argv) > 5 else ""
    modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
        os.path.dirname(jco), "..", "tests", "node_modules")
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print("jco is not installed (run `npm ci` in tests/): skipped")
        return 77
    os.makedirs(work, exist_ok=True)
    name = os.path.splitext(os.path.basename(src))[0]
    wasm = os.path.join(work, name + ".wasm")
    if os.path.isdir(src):
        world = sys.argv[5]
        wasm = os.path.join(work, f"{name}-{world}.wasm")
        core = os.path.join(work, f"{name}-{world}.core.wasm")
        run([jco, "embed", "--dummy", "--wit", src, "-n", world, "-o", core])
        run([jco, "new", core, "-o", wasm])
    elif src.endswith(".js"):
        wit = sys.argv[5]
        run([jco, "componentize", src, "--wit", wit, "-n", "command",
             "-o", wasm])
    elif src.endswith(".c"):
        if not clang:
            print("no clang-19: skipped")
            return 77
        core = os.path.join(work, name + ".core.wasm")
        run([clang, "--target=wasm32-wasi", "-O1", src, "-o", core])
        run([jco, "new", core, "--wasi-command", "-o", wasm])
    else:
        run([jco, "parse", src, "-o", wasm])
    r = subprocess.run([checker, wasm], capture_output=True, text=True,
                       errors="replace")
    if r.returncode != 0 or r.stdout.strip() != "ok":
        print(f"expected `ok`, got status {r.returncode}:\n{r.stdout}{r.stderr}")
        return 1
    # the dump must work on every valid component too
    d = subprocess.run([checker, "--dump", wasm], capture_output=True,
                       text=True, errors="replace")
    if d.returncode != 0 or not d.stdout.startswith("component at 0x0"):
        print(f"--dump failed (status {d.returncode}):\n{d.stderr}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
