#!/usr/bin/env python3
"""Times bench/kernels/*.c natively (clang-19 -O2) and through kiln -O2
(clang-19 --target=wasm32-wasi -O2, then `kiln build`), checks that every
build prints the same checksum, and prints medians and kiln/native ratios.

usage: bench/run.py [--kiln PATH] [--runs N] [KERNEL...]
The full benchmark suite (peers, charts) grows from this script."""
import argparse
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_timed(cmd):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} exited {p.returncode}: {p.stderr.decode()[:400]}")
    return dt, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", default=os.path.join(HERE, "..", "build", "compiler", "driver", "kiln"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("kernels", nargs="*")
    a = ap.parse_args()
    names = a.kernels or sorted(f[:-2] for f in os.listdir(os.path.join(HERE, "kernels")) if f.endswith(".c"))
    tmp = tempfile.mkdtemp(prefix="kiln-bench-")
    rows = []
    for k in names:
        src = os.path.join(HERE, "kernels", k + ".c")
        native = os.path.join(tmp, k + ".native")
        wasm = os.path.join(tmp, k + ".wasm")
        kexe = os.path.join(tmp, k + ".kiln")
        subprocess.run(["clang-19", "-O2", src, "-o", native, "-lm"], check=True)
        subprocess.run(["clang-19", "--target=wasm32-wasi", "-O2", src, "-o", wasm], check=True)
        t0 = time.perf_counter()
        subprocess.run([a.kiln, "build", "-O2", wasm, "-o", kexe], check=True)
        ctime = time.perf_counter() - t0
        times = {"native": [], "kiln": []}
        outs = {}
        # Alternate the two so machine noise hits both alike.
        for _ in range(a.runs):
            for name, exe in (("native", native), ("kiln", kexe)):
                dt, out = run_timed([exe])
                times[name].append(dt)
                outs[name] = out
        ok = outs["native"] == outs["kiln"]
        tn, tk = statistics.median(times["native"]), statistics.median(times["kiln"])
        rows.append((k, tn, tk, tk / tn, ctime, os.path.getsize(wasm), ok))
    print(f"{'kernel':<10} {'native s':>9} {'kiln s':>9} {'ratio':>7} {'compile s':>10} {'wasm KB':>8}  checksum")
    for k, tn, tk, r, c, sz, ok in rows:
        print(f"{k:<10} {tn:9.3f} {tk:9.3f} {r:7.3f} {c:10.2f} {sz/1024:8.1f}  {'same' if ok else 'DIFFERENT'}")
    good = [r for *_, r, _c, _s, ok in rows if ok]
    if good:
        print(f"geomean kiln/native: {math.exp(sum(map(math.log, good)) / len(good)):.3f}")
    return 0 if all(r[-1] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
