#!/usr/bin/env python3
"""Builds the wasi:sockets test guest and runs one scenario under kiln.

The guest (guest.c, world kiln:socktest/guest in wit/) is compiled once
per build directory: `kiln bindgen c` writes its glue, clang-19
--target=wasm32-wasi builds a reactor core module, `jco embed` and `jco new
--wasi-reactor` make the component.  Then `kiln run [FLAGS] guest SCENARIO`
(or, with --build, `kiln build [FLAGS]` and the executable, so that the
flags are baked in) must print exactly expected/SCENARIO[.VARIANT].out.

Exit status: 0 pass, 1 fail, 77 skip (no wasm32-wasi clang or jco).
"""
import argparse
import difflib
import fcntl
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SKIP = 77


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)
    if p.returncode != 0:
        sys.exit(f"exit {p.returncode}: {' '.join(cmd)}\n{p.stdout}{p.stderr}")
    return p


def build_guest(args):
    """The component, built once (a lock serialises parallel tests)."""
    comp = os.path.join(args.work, "guest.cm.wasm")
    with open(os.path.join(args.work, "guest.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        srcs = [os.path.join(HERE, "guest.c")] + [
            os.path.join(HERE, "wit", f) for f in os.listdir(os.path.join(HERE, "wit"))
            if f.endswith(".wit")]
        if os.path.exists(comp) and all(
                os.path.getmtime(comp) > os.path.getmtime(s) for s in srcs + [args.kiln]):
            return comp
        gen = os.path.join(args.work, "gen")
        shutil.rmtree(gen, ignore_errors=True)
        wit = os.path.join(HERE, "wit")
        run([args.kiln, "bindgen", "c", "--wit", wit, "--world", "guest", "-o", gen])
        core = os.path.join(args.work, "guest.core.wasm")
        run([args.clang, "--target=wasm32-wasi", "-O2", "-mexec-model=reactor",
             "-Wall", "-Wextra", "-Werror", f"-I{gen}", os.path.join(HERE, "guest.c"),
             os.path.join(gen, "guest.c"), "-o", core])
        emb = os.path.join(args.work, "guest.embedded.wasm")
        run([args.jco, "embed", "--wit", wit, "-n", "guest", core, "-o", emb])
        tmp = comp + ".tmp"
        run([args.jco, "new", emb, "--wasi-reactor", "-o", tmp])
        os.replace(tmp, comp)
    return comp


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--jco", required=True)
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--work", required=True)
    ap.add_argument("--expected", required=True)
    ap.add_argument("--build", action="store_true",
                    help="kiln build the component with the flags, run the executable")
    ap.add_argument("scenario")
    ap.add_argument("flags", nargs="*")
    args = ap.parse_args()
    jco_pkg = os.path.join(ROOT, "tests", "node_modules", "@bytecodealliance", "jco")
    if not shutil.which(args.clang) or not os.path.exists(args.jco) \
            or not os.path.isdir(jco_pkg) or not shutil.which("node"):
        print("skip: clang-19, node or jco (tests/node_modules) is missing")
        return SKIP
    probe = subprocess.run([args.clang, "--target=wasm32-wasi", "-x", "c", "-",
                            "-c", "-o", os.devnull], input="#include <stdio.h>\n",
                           capture_output=True, text=True)
    if probe.returncode != 0:
        print("skip: clang-19 has no wasm32-wasi sysroot")
        return SKIP
    os.makedirs(args.work, exist_ok=True)
    comp = build_guest(args)
    if args.build:
        exe = os.path.join(args.work, f"guest-{os.path.basename(args.expected)}.exe")
        run([args.kiln, "build"] + args.flags + [comp, "-o", exe])
        cmd = [exe, args.scenario]
    else:
        cmd = [args.kiln, "run"] + args.flags + [comp, args.scenario]
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    want = open(args.expected, encoding="utf-8").read()
    if p.returncode != 0 or p.stdout != want:
        diff = difflib.unified_diff(want.splitlines(True), p.stdout.splitlines(True),
                                    "expected", "got")
        print(f"{' '.join(cmd)}: exit {p.returncode}\n" + "".join(diff) + p.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
