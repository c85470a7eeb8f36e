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
        wasm_simd = os.path.join(tmp, k + ".simd.wasm")
        kexe_simd = os.path.join(tmp, k + ".kiln-simd")
        subprocess.run(["clang-19", "-O2", src, "-o", native, "-lm"], check=True)
        subprocess.run(["clang-19", "--target=wasm32-wasi", "-O2", src, "-o", wasm], check=True)
        subprocess.run(["clang-19", "--target=wasm32-wasi", "-O2", "-msimd128", src, "-o", wasm_simd], check=True)
        t0 = time.perf_counter()
        subprocess.run([a.kiln, "build", "-O2", wasm, "-o", kexe], check=True)
        ctime = time.perf_counter() - t0
        subprocess.run([a.kiln, "build", "-O2", wasm_simd, "-o", kexe_simd], check=True)
        builds = (("native", native), ("kiln", kexe), ("kiln-simd", kexe_simd))
        times = {name: [] for name, _ in builds}
        outs = {}
        # Interleave the builds so machine noise hits all alike.
        for _ in range(a.runs):
            for name, exe in builds:
                dt, out = run_timed([exe])
                times[name].append(dt)
                outs[name] = out
        ok = outs["native"] == outs["kiln"] == outs["kiln-simd"]
        med = {name: statistics.median(t) for name, t in times.items()}
        rows.append((k, med["native"], med["kiln"], med["kiln-simd"], ctime,
                     os.path.getsize(wasm), ok))
    print(f"{'kernel':<10} {'native s':>9} {'kiln s':>9} {'ratio':>7} {'simd s':>9} {'ratio':>7} {'compile s':>10} {'wasm KB':>8}  checksum")
    for k, tn, tk, ts, c, sz, ok in rows:
        print(f"{k:<10} {tn:9.3f} {tk:9.3f} {tk/tn:7.3f} {ts:9.3f} {ts/tn:7.3f} {c:10.2f} {sz/1024:8.1f}  {'same' if ok else 'DIFFERENT'}")
    good = [r for r in rows if r[-1]]
    if good:
        for label, col in (("kiln", 2), ("kiln -msimd128", 3)):
            g = math.exp(sum(math.log(r[col] / r[1]) for r in good) / len(good))
            print(f"geomean {label}/native: {g:.3f}")
    return 0 if all(r[-1] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
