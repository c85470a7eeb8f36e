#!/usr/bin/env python3
"""`kiln run --invoke 'f(args)' app.wasm` on a component; suite
'component-invoke'.

Usage: run_invoke.py KILN JCO WORKDIR SOURCE CALLS [CLANG]

SOURCE is a component WAT file (assembled with `jco parse`) or a C file
(compiled with CLANG for wasm32-wasi and wrapped by `jco new
--wasi-command`).

CALLS holds one case a line, `CALL ==> RESULT`: RESULT is the exact
standard output (one WAVE value a call, lines separated by ` ;; `),
or `status N: TEXT` for a call that must exit with status N and print TEXT as the first line of
standard error (traps: `error: wasm trap: ...`; bad calls: the --invoke
error naming the column).  The values follow the Canonical ABI
(CanonicalABI.md) through the hand-written core functions of SOURCE.
Exits 77 (skip) when jco is not installed or CLANG is missing.
"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) not in (6, 7):
        sys.exit(__doc__)
    kiln, jco, work, src, calls = [os.path.abspath(a) for a in sys.argv[1:6]]
    clang = sys.argv[6] if len(sys.argv) > 6 else ""
    modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
        os.path.dirname(jco), "..", "tests", "node_modules")
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print("jco is not installed (run `npm ci` in tests/): skipped")
        return 77
    os.makedirs(work, exist_ok=True)
    name = os.path.splitext(os.path.basename(src))[0]
    wasm = os.path.join(work, name + ".wasm")
    if src.endswith(".c"):
        if not clang:
            print("no clang-19: skipped")
            return 77
        core = os.path.join(work, name + ".core.wasm")
        steps = [[clang, "--target=wasm32-wasi", "-O1", src, "-o", core],
                 [jco, "new", core, "--wasi-command", "-o", wasm]]
    else:
        steps = [[jco, "parse", src, "-o", wasm]]
    for cmd in steps:
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"failed: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
            return 1
    env = dict(os.environ, KILN_CACHE_DIR=os.path.join(work, "cache"))
    fails = cases = 0
    for line in open(calls, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        call, want = line.split(" ==> ", 1)
        want = want.replace("@WASM@", wasm).replace(" ;; ", "\n")
        cases += 1
        r = subprocess.run([kiln, "run", "--invoke", call, wasm],
                           capture_output=True, text=True, env=env,
                           errors="replace")
        if r.returncode == 0:
            got = r.stdout.rstrip("\n")
        else:
            first = r.stderr.splitlines()[0] if r.stderr else ""
            got = f"status {r.returncode}: {first}"
        if got != want:
            print(f"FAIL {call}\n  expected: {want}\n  got:      {got}")
            if r.returncode == 0 and r.stderr:
                print(f"  stderr: {r.stderr}")
            fails += 1
    print(f"{cases} calls, {fails} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
