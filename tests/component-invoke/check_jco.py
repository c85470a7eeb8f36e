#!/usr/bin/env python3
"""`kiln run --invoke` against jco on the same component and inputs;
suite 'component-invoke'.

Usage: check_jco.py KILN JCO WORKDIR SOURCE.wat CALLS

CALLS holds one case a line:
  WAVE CALL ==> KILN OUTPUT ==> JS EXPRESSION ==> JCO RESULT
The component is assembled (`jco parse`), transpiled (`jco transpile`)
and each JS expression evaluated over the generated module by
jco_call.mjs (results as JSON); kiln runs the WAVE call.  Both must give
the expected text, which states the same value in each tool's notation.
Exits 77 (skip) when jco or node is not installed.
"""
import os
import shutil
import subprocess
import sys


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    kiln, jco, work, src, calls = [os.path.abspath(a) for a in sys.argv[1:6]]
    modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
        os.path.dirname(jco), "..", "tests", "node_modules")
    node = shutil.which("node")
    if not node or not os.path.isdir(os.path.join(modules, "@bytecodealliance",
                                                  "jco")):
        print("jco or node is not installed: skipped")
        return 77
    os.makedirs(work, exist_ok=True)
    name = os.path.splitext(os.path.basename(src))[0]
    wasm = os.path.join(work, name + ".wasm")
    out = os.path.join(work, name + "-js")
    for cmd in ([jco, "parse", src, "-o", wasm],
                [jco, "transpile", wasm, "-o", out]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            print(f"failed: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
            return 1
    cases = []
    for line in open(calls, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.strip() and not line.startswith("#"):
            cases.append(line.split(" ==> "))
    driver = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "jco_call.mjs")
    r = subprocess.run([node, driver, os.path.join(out, name + ".js")] +
                       [c[2] for c in cases], capture_output=True, text=True)
    js = r.stdout.splitlines()
    if r.returncode != 0 or len(js) != len(cases):
        print(f"jco_call.mjs failed:\n{r.stdout}{r.stderr}")
        return 1
    env = dict(os.environ, KILN_CACHE_DIR=os.path.join(work, "cache"))
    fails = 0
    for (call, want_kiln, expr, want_js), got_js in zip(cases, js):
        k = subprocess.run([kiln, "run", "--invoke", call, wasm],
                           capture_output=True, text=True, env=env)
        got_kiln = k.stdout.rstrip("\n") if k.returncode == 0 else \
            f"status {k.returncode}: {k.stderr.strip()}"
        if got_kiln != want_kiln or got_js != want_js:
            print(f"FAIL {call}\n  kiln: {got_kiln} (expected {want_kiln})\n"
                  f"  jco:  {got_js} (expected {want_js})")
            fails += 1
    print(f"{len(cases)} calls, {fails} failures")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
