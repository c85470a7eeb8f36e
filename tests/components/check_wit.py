#!/usr/bin/env python3
"""Checks that jco accepts every WASI package under wit/.

For each package folder and each world in it: `jco types --all-features`
(wit-parser resolution with unstable features on) and `jco embed --dummy`
+ `jco new` (the world encoded as a real component).  Exit 77 when jco is
not installed in tests/node_modules.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def worlds(pkg):
    names = []
    for f in sorted(os.listdir(pkg)):
        if f.endswith(".wit"):
            text = open(os.path.join(pkg, f), encoding="utf-8").read()
            names += re.findall(r"^world\s+([a-z][a-z0-9-]*)", text, re.M)
    return names


def main():
    wit = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "wit")
    node = shutil.which("node") or "node"
    jco = [node, os.path.join(ROOT, "tools", "jco")]
    modules = os.environ.get("KILN_NODE_MODULES",
                             os.path.join(ROOT, "tests", "node_modules"))
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print(f"skip: jco is not installed in {modules}")
        return 77
    failed = checked = 0
    with tempfile.TemporaryDirectory(prefix="kiln-wit-") as tmp:
        for name in sorted(os.listdir(wit)):
            pkg = os.path.join(wit, name)
            if not os.path.isdir(pkg):
                continue
            for w in worlds(pkg):
                core = os.path.join(tmp, f"{name}-{w}.core.wasm")
                steps = [
                    jco + ["types", pkg, "-n", w, "--all-features", "-q",
                           "-o", os.path.join(tmp, f"types-{name}-{w}")],
                    jco + ["embed", "--dummy", "--wit", pkg, "-n", w,
                           "-o", core],
                    jco + ["new", core, "-o", core[:-10] + ".wasm"],
                ]
                for cmd in steps:
                    p = subprocess.run(cmd, capture_output=True, text=True,
                                       timeout=120)
                    if p.returncode != 0:
                        print(f"FAIL {name}/{w}: {' '.join(cmd[1:3])}\n"
                              f"{p.stdout}{p.stderr}")
                        failed += 1
                        break
                else:
                    print(f"ok {name}/{w}")
                checked += 1
    print(f"{checked - failed} passed, {failed} failed")
    return 1 if failed or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
