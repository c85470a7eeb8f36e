#!/usr/bin/env python3
"""End-to-end checks of kiln's wasi:filesystem under `kiln run`.

With --wasm, runs a wasi-libc program both ways and requires the same
behaviour:
as a core module on kiln's preview1 host, and wrapped as a WASI 0.2
command component (`tools/jco new X.wasm --wasi-command`, the preview1
adapter) on kiln's wasi:filesystem.  Each run gets its own copy of a
folder (`d/` preopened as /d, `outside/secret` beside it); stdout, the
exit status and the folder left behind (names, types, sizes, contents,
link texts) must match.  Exits 77 (skipped) without jco.

    parity.py --kiln KILN --jco tools/jco --wasm X.wasm --work DIR

With --wat X.wat --expected X.expected, assembles a hand-written command
component (`tools/jco parse`) that imports wasi:filesystem itself, runs it
with a fresh folder preopened as "/" and compares its stdout.

    parity.py --kiln KILN --jco tools/jco --wat X.wat --expected E --work DIR
"""

import argparse
import os
import shutil
import subprocess
import sys


def tree(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(dirs + files):
            p = os.path.join(d, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out.append("%s -> %s" % (rel, os.readlink(p)))
            elif os.path.isdir(p):
                out.append("%s/" % rel)
            else:
                with open(p, "rb") as f:
                    out.append("%s: %r" % (rel, f.read()))
    return out


def run(kiln, wasm, root):
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(os.path.join(root, "d"))
    os.makedirs(os.path.join(root, "outside"))
    with open(os.path.join(root, "outside", "secret"), "w") as f:
        f.write("secret\n")
    r = subprocess.run([kiln, "run", "--dir",
                        os.path.join(root, "d") + "::/d", wasm],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=600)
    return r.returncode, r.stdout.decode(errors="replace"), \
        r.stderr.decode(errors="replace"), tree(root)


def direct(a):
    wasm = os.path.join(a.work, os.path.basename(a.wat) + ".wasm")
    r = subprocess.run([a.jco, "parse", a.wat, "-o", wasm],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        print("jco parse failed:\n" + r.stdout.decode(errors="replace"))
        return 1
    root = os.path.join(a.work, "direct")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    r = subprocess.run([a.kiln, "run", "--dir", root + "::/", wasm],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=600)
    with open(a.expected) as f:
        want = f.read()
    got = r.stdout.decode(errors="replace")
    if r.returncode != 0 or got != want:
        print("FAIL: status %d\n--- expected\n%s--- got\n%s--- stderr\n%s"
              % (r.returncode, want, got, r.stderr.decode(errors="replace")))
        return 1
    print("PASS: %d lines as expected" % len(want.splitlines()))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--jco", required=True)
    ap.add_argument("--wasm")
    ap.add_argument("--wat")
    ap.add_argument("--expected")
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    jco_modules = os.path.join(os.path.dirname(os.path.dirname(
        os.path.abspath(a.jco))), "tests", "node_modules")
    if not os.path.isdir(jco_modules) or not shutil.which("node"):
        print("SKIP: jco (tests/node_modules) or node missing")
        return 77
    os.makedirs(a.work, exist_ok=True)
    if a.wat:
        return direct(a)
    component = os.path.join(a.work, "parity.component.wasm")
    r = subprocess.run([a.jco, "new", a.wasm, "--wasi-command", "-o",
                        component], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT)
    if r.returncode != 0:
        print("jco new failed:\n" + r.stdout.decode(errors="replace"))
        return 1
    p1 = run(a.kiln, a.wasm, os.path.join(a.work, "p1"))
    p2 = run(a.kiln, component, os.path.join(a.work, "p2"))
    ok = True
    for what, i in (("exit status", 0), ("stdout", 1), ("folder", 3)):
        if p1[i] != p2[i]:
            ok = False
            print("%s differs:" % what)
            x = p1[i].splitlines() if isinstance(p1[i], str) else p1[i]
            y = p2[i].splitlines() if isinstance(p2[i], str) else p2[i]
            if not isinstance(x, list):
                x, y = [str(x)], [str(y)]
            for j in range(max(len(x), len(y))):
                u = x[j] if j < len(x) else "<none>"
                v = y[j] if j < len(y) else "<none>"
                if u != v:
                    print("  preview1:  %s\n  component: %s" % (u, v))
    if p2[0] != 0:
        ok = False
        print("component run failed (%d): %s" % (p2[0], p2[2]))
    if ok:
        print("PASS: %d lines of output, %d entries left, identical"
              % (len(p1[1].splitlines()), len(p1[3])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
