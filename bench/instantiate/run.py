#!/usr/bin/env python3
"""Instantiation time per instance, copying data segments vs. mapping the
copy-on-write memory image (runtime/core/memimage.c), interleaved.

    python3 bench/instantiate/run.py --build BUILD [--sizes 16,1024,8192]
        [--rounds 15] [--iters 200] [--perf]

Builds instantiate.c against BUILD/runtime/libkilnrt.a, then for each data
size runs `copy` and `image` alternately (--pairs times) and reports the
median of the medians; --perf adds `perf stat -e instructions,cycles`
totals for one run of each.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def build(bdir):
    exe = os.path.join(bdir, "bench-instantiate")
    subprocess.run(["cc", "-O2", "-std=c17", "-D_GNU_SOURCE",
                    f"-I{ROOT}/runtime", f"-I{ROOT}/runtime/core",
                    os.path.join(HERE, "instantiate.c"), "-o", exe,
                    "-Wl,--whole-archive", os.path.join(bdir, "runtime", "libkilnrt.a"),
                    "-Wl,--no-whole-archive", "-lcurl", "-lpthread", "-lm", "-ldl"],
                   check=True)
    return exe


def once(exe, size, mode, args):
    out = subprocess.run([exe, str(size), str(args.rounds), str(args.iters), mode,
                          str(args.stride)],
                         capture_output=True, text=True, check=True).stdout
    return int(re.search(r": (\d+) ns", out).group(1))


def perf(exe, size, mode, args):
    r = subprocess.run(["perf", "stat", "-x,", "-e", "instructions,cycles", exe,
                        str(size), str(args.rounds), str(args.iters), mode,
                        str(args.stride)],
                       capture_output=True, text=True)
    vals = {}
    for line in r.stderr.splitlines():
        f = line.split(",")
        if len(f) > 2 and f[0].strip().isdigit():
            vals[f[2].split(":")[0]] = int(f[0])
    return vals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--sizes", default="16,256,1024,8192")
    ap.add_argument("--rounds", type=int, default=15)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--stride", type=int, default=16,
                    help="each instance writes one byte every STRIDE pages")
    ap.add_argument("--perf", action="store_true")
    args = ap.parse_args()
    exe = build(os.path.abspath(args.build))
    print(f"{'data':>9} {'copy ns':>10} {'image ns':>10} {'copy/image':>10}")
    for size in [int(s) for s in args.sizes.split(",")]:
        copy, image = [], []
        for _ in range(args.pairs):
            copy.append(once(exe, size, "copy", args))
            image.append(once(exe, size, "image", args))
        c, i = statistics.median(copy), statistics.median(image)
        line = f"{size:>6} KiB {c:>10.0f} {i:>10.0f} {c / i:>10.2f}"
        if args.perf:
            pc, pi = perf(exe, size, "copy", args), perf(exe, size, "image", args)
            if not pc or not pi:
                line += "   (perf: no hardware counters here)"
            else:
                line += (f"   instructions {pc.get('instructions', 0):.3g} / "
                         f"{pi.get('instructions', 0):.3g}, cycles "
                         f"{pc.get('cycles', 0):.3g} / {pi.get('cycles', 0):.3g}")
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
