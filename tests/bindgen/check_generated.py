#!/usr/bin/env python3
"""Compile-checks what `kiln bindgen c` generates for the WASI packages.

- host mode: every package of wit/ -> one header per interface; all of
  them are included by one C file compiled with the host compiler
  (strict warnings, -Werror); their _Static_asserts check that the
  C layout equals the Canonical ABI's;
- the header list in runtime/wasi_p2/meson.build is what is generated;
- guest mode: each world of wit/ -> <world>.h/.c compiled for wasm32-wasi
  with clang (-fsyntax-only; the exports are the author's to define).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
# Every type of abi/abi.wit, imported and exported.
SINKS = [(os.path.join(HERE, "abi"), "sink-import"), (os.path.join(HERE, "abi"), "sink-export")]
WORLDS = [("cli", "command"), ("cli", "imports"), ("http", "proxy"),
          ("filesystem", "imports"), ("sockets", "imports"), ("io", "imports"),
          ("clocks", "imports"), ("random", "imports")]


# Users compile the glue with their own flags: keep it clean under strict ones.
STRICT = ["-std=c17", "-Wall", "-Wextra", "-Wpedantic", "-Wconversion",
          "-Wsign-conversion", "-Wshadow", "-Wstrict-prototypes",
          "-Wmissing-prototypes", "-Werror"]


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode:
        sys.exit(f"FAIL: {' '.join(cmd)}\n{p.stdout}{p.stderr}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--wit", required=True, help="the wit/ folder")
    ap.add_argument("--cc", default="cc")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--runtime-meson", help="runtime/wasi_p2/meson.build: its "
                    "header list must match what the generator writes")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="kiln-bindgen-") as tmp:
        host = os.path.join(tmp, "host")
        pkgs = sorted(d for d in os.listdir(a.wit)
                      if os.path.isdir(os.path.join(a.wit, d)))
        for p in pkgs:
            run([a.kiln, "bindgen", "c", "--host-runtime", "--wit",
                 os.path.join(a.wit, p), "-o", host])
        headers = sorted(os.listdir(host))
        allc = os.path.join(tmp, "all.c")
        with open(allc, "w") as f:
            f.writelines(f'#include "{h}"\n' for h in headers)
        run([a.cc] + STRICT + ["-fsyntax-only", "-I" + host, allc])
        print(f"host: {len(headers)} headers from {len(pkgs)} packages compile")
        if a.runtime_meson:
            import re
            listed = sorted(set(re.findall(r"'(wasi_[a-z0-9_]+\.h)'",
                                           open(a.runtime_meson).read())))
            if listed != headers:
                sys.exit(f"FAIL: {a.runtime_meson} lists {listed}\n"
                         f"but the generator writes {headers}")
            print("host: runtime/wasi_p2/meson.build lists every header")
        if shutil.which(a.clang) is None:
            print("guest: skipped (no clang)")
            return 0
        for p, w in [(os.path.join(a.wit, p), w) for p, w in WORLDS] + SINKS:
            out = os.path.join(tmp, f"{os.path.basename(p)}-{w}")
            run([a.kiln, "bindgen", "c", "--wit", p,
                 "--world", w, "-o", out])
            run([a.clang, "--target=wasm32-wasi"] + STRICT + ["-fsyntax-only", "-I" + out,
                 os.path.join(out, w.replace("-", "_") + ".c")])
        print(f"guest: {len(WORLDS)} WASI worlds and {len(SINKS)} test worlds "
              "compile for wasm32-wasi")
    return 0


if __name__ == "__main__":
    sys.exit(main())
