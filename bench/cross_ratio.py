#!/usr/bin/env python3
"""kiln against native code on a cross target under qemu-user.

For each kernel of bench/kernels/: the native build (the target's Debian
cross gcc, -O2) and kiln's build of the same C compiled to wasm32-wasi
(`kiln build --target T -O2`), both run under qemu-user with argv[1] =
SCALE, interleaved, RUNS times; prints median wall times and the ratio
kiln/native, and their geomean.  Outputs must match (checksums).

qemu-user translates both binaries with the same JIT, so the ratio says
something about the code kiln generates for the target, but it is only
indicative: qemu's translation cost is not the target CPU's.

usage: bench/cross_ratio.py [--kiln KILN] [--target aarch64-linux-gnu]
                            [--runs 3] [--scale 1] [KERNEL...]
"""
import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
QEMU = {"aarch64-linux-gnu": "qemu-aarch64", "arm-linux-gnueabihf": "qemu-arm",
        "riscv64-linux-gnu": "qemu-riscv64"}


def sh(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr[-2000:]}")


def timed(cmd):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True)
    return time.perf_counter() - t0, r.returncode, r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", default=os.path.join(ROOT, "build", "compiler", "driver", "kiln"))
    ap.add_argument("--target", default="aarch64-linux-gnu", choices=sorted(QEMU))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", default="1", help="argv[1] of every kernel")
    ap.add_argument("kernels", nargs="*")
    a = ap.parse_args()
    kdir = os.path.join(HERE, "kernels")
    names = a.kernels or sorted(f[:-2] for f in os.listdir(kdir) if f.endswith(".c"))
    qemu = [QEMU[a.target], "-L", "/usr/" + a.target]
    rows = []
    with tempfile.TemporaryDirectory(prefix="kiln-xbench-") as tmp:
        for n in names:
            src = os.path.join(kdir, n + ".c")
            nat = os.path.join(tmp, n + ".native")
            wasm = os.path.join(tmp, n + ".wasm")
            kil = os.path.join(tmp, n + ".kiln")
            sh([a.target + "-gcc", "-O2", src, "-o", nat, "-lm"])
            sh(["clang-19", "--target=wasm32-wasi", "-O2", src, "-o", wasm, "-lm"])
            sh([a.kiln, "build", "-O2", "--target", a.target, wasm, "-o", kil])
            tn, tk = [], []
            for _ in range(a.runs):
                dn, sn, on = timed(qemu + [nat, a.scale])
                dk, sk, ok = timed(qemu + [kil, a.scale])
                if (sn, on) != (sk, ok):
                    sys.exit(f"{n}: outputs differ (native {sn}, kiln {sk})")
                tn.append(dn)
                tk.append(dk)
            mn, mk = statistics.median(tn), statistics.median(tk)
            rows.append((n, mn, mk, mk / mn))
            print(f"{n:10s} native {mn:7.3f} s  kiln {mk:7.3f} s  ratio {mk / mn:5.2f}",
                  flush=True)
    gm = math.exp(sum(math.log(r[3]) for r in rows) / len(rows))
    print(f"geomean kiln/native on {a.target} under qemu: {gm:.2f}x "
          f"({len(rows)} kernels, {a.runs} runs, scale {a.scale}; indicative only)")


if __name__ == "__main__":
    main()
