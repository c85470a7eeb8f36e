#!/usr/bin/env python3
"""kiln's benchmark suite: builds bench/kernels/*.c for every runtime, runs
them interleaved, checks every output against native clang's, and writes a
Markdown report and an SVG chart.

usage: bench/run.py [--kiln PATH] [--runs N] [--quick] [--runtimes A,B,...]
                    [--out DIR] [--report FILE] [--no-large] [KERNEL...]
Without --kiln it builds kiln in build/ first (meson setup + ninja).

Runtimes (see RUNTIMES below): native clang-19 -O2 (the reference), native
gcc -O2, kiln -O2 on the scalar and the -msimd128 wasm, wabt's wasm2c + gcc
-O2, Node/V8 through node:wasi (default tiers, --no-liftoff, --liftoff-only),
and wabt's wasm-interp.  Each kernel takes a scale in argv[1]; --quick passes
1 (a tiny run to check the machinery) and writes OUT/quick.md instead of
bench/results/latest.md.  Times are wall-clock medians; CPU time (user+sys)
and peak RSS come from wait4.  A run whose output differs from native
clang's is marked FAIL and not timed.  No test asserts a time."""
import argparse
import datetime
import math
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import chart  # noqa: E402
from components import run as components  # noqa: E402

# --strip-debug: wasi-libc brings DWARF sections (100+ KiB) that would swamp
# the module sizes and the compile MB/s.
WASI_CC = ["clang-19", "--target=wasm32-wasi", "-O2", "-Wl,--strip-debug"]
W2C_RT = "/usr/share/wabt/wasm2c"
MEASURE = None
DEADLINE = None  # time.monotonic() after which no new work starts (--deadline)


def past_deadline():
    return DEADLINE is not None and time.monotonic() > DEADLINE
NODE_FLAGS = ["node", "--no-warnings", "--single-threaded-gc"]


class NA(Exception):
    """A runtime that cannot run this program, with the reason."""


def sh(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{shlex.join(cmd)} failed ({p.returncode}):\n{p.stdout.decode(errors='replace')[-2000:]}")
    return p.stdout.decode(errors="replace")


def fresh(target, *sources):
    return os.path.exists(target) and all(os.path.getmtime(target) >= os.path.getmtime(s) for s in sources)


def run_rusage(cmd, timeout):
    """Runs cmd under bench/measure.c; returns (wall s, CPU s, peak RSS KiB,
    exit status or "timeout", stdout)."""
    p = subprocess.Popen([MEASURE] + cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)  # measure and the command it runs
        p.communicate()
        return None, None, None, "timeout", b""
    m = re.search(rb"measure: (\S+) (\S+) (\d+) (\d+)", err)
    if not m:
        raise RuntimeError(f"measure failed on {shlex.join(cmd)}: {err.decode(errors='replace')[-400:]}")
    return float(m[1]), float(m[2]), int(m[3]), int(m[4]), out


def build_measure(out):
    """Compiles the measuring launcher into OUT."""
    global MEASURE
    src = os.path.join(HERE, "measure.c")
    MEASURE = os.path.join(out, "measure")
    if not fresh(MEASURE, src):
        sh(["cc", "-O2", "-Wall", "-Wextra", "-Werror", src, "-o", MEASURE])


# ---------------------------------------------------------------- builders
# Each builder makes an executable command (a list) for one C source, cached
# in OUT/<kernel>/.  `wasm(ctx, simd)` builds the wasm32-wasi module once.

def wasm(ctx, src, name, simd):
    path = os.path.join(ctx.dir(name), name + (".simd.wasm" if simd else ".wasm"))
    if not fresh(path, src):
        sh(WASI_CC + (["-msimd128"] if simd else []) + [src, "-o", path])
    return path


def b_clang(ctx, src, name):
    exe = os.path.join(ctx.dir(name), name + ".clang")
    if not fresh(exe, src):
        sh(["clang-19", "-O2", src, "-o", exe, "-lm"])
    return [exe]


def b_gcc(ctx, src, name):
    exe = os.path.join(ctx.dir(name), name + ".gcc")
    if not fresh(exe, src):
        sh(["gcc", "-O2", src, "-o", exe, "-lm"])
    return [exe]


def kiln_build(ctx, w, exe, opt="-O2"):
    if not fresh(exe, w, ctx.kiln):
        t0 = time.perf_counter()
        sh([ctx.kiln, "build", opt, w, "-o", exe])
        ctx.compile_times[(w, opt)] = time.perf_counter() - t0
    return exe


def b_kiln(simd):
    def build(ctx, src, name):
        w = wasm(ctx, src, name, simd)
        return [kiln_build(ctx, w, w[:-5] + ".kiln")]
    return build


def b_wasm2c(simd):
    def build(ctx, src, name):
        if simd:
            raise NA("wabt 1.0.32's wasm2c aborts on SIMD")
        w = wasm(ctx, src, name, False)
        d = os.path.join(ctx.dir(name), "wasm2c")
        os.makedirs(d, exist_ok=True)
        exe = os.path.join(d, name + ".w2c")
        shim = os.path.join(HERE, "wasm2c", "wasi_shim.c")
        if not fresh(exe, w, shim):
            sh(["wasm2c", "-n", "kmod", w, "-o", os.path.join(d, "kmod.c")])
            sh(["gcc", "-O2", "-I", d, "-I", W2C_RT, os.path.join(d, "kmod.c"), shim,
                os.path.join(W2C_RT, "wasm-rt-impl.c"), "-o", exe, "-lm"])
        return [exe]
    return build


def b_node(simd, flags):
    def build(ctx, src, name):
        return NODE_FLAGS + flags + [os.path.join(HERE, "node_wasi.mjs"), wasm(ctx, src, name, simd)]
    return build


def b_wasm_interp(ctx, src, name):
    """wabt's interpreter: through its own WASI if it has one, else on a
    module that carries its WASI inside (bench/interp/wasi_in_wasm.c) and
    returns a hash of its stdout, checked by output_ok()."""
    if not ctx.interp_na:
        return ["wasm-interp", "--wasi", wasm(ctx, src, name, False), "--"]
    if not shutil.which("wasm-interp"):
        raise NA("wasm-interp not installed")
    shim = os.path.join(HERE, "interp", "wasi_in_wasm.c")
    scale = ctx.scale[0] if ctx.scale else None
    w = os.path.join(ctx.dir(name), name + (f".interp{scale}.wasm" if scale else ".interp.wasm"))
    if not fresh(w, src, shim):
        sh(WASI_CC + ["-nostartfiles", "-Wl,--no-entry"] + ([f'-DBENCH_SCALE="{scale}"'] if scale else [])
           + [src, shim, "-o", w])
    return ["wasm-interp", "--run-all-exports", w]


def fnv1a(data):
    h = 2166136261
    for b in data:
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def output_ok(rt, out, ref):
    """Same output as native clang's; the in-module-WASI interpreter build
    prints `bench_main() => i32:HASH` for the hash of its output instead."""
    if ref is None:
        return True
    if rt == "wasm-interp" and out.startswith(b"bench_main()"):
        m = re.match(rb"bench_main\(\) => i32:(\d+)", out)
        return bool(m) and int(m[1]) == fnv1a(ref)
    return out == ref


# name, label, builder, ratio reference kept in the chart
RUNTIMES = [
    ("clang", "native clang-19 -O2", b_clang),
    ("gcc", "native gcc -O2", b_gcc),
    ("kiln", "kiln -O2", b_kiln(False)),
    ("kiln-simd", "kiln -O2 (-msimd128)", b_kiln(True)),
    ("wasm2c", "wasm2c + gcc -O2", b_wasm2c(False)),
    ("wasm2c-simd", "wasm2c + gcc -O2 (-msimd128)", b_wasm2c(True)),
    ("node", "Node/V8 default", b_node(False, [])),
    ("node-simd", "Node/V8 default (-msimd128)", b_node(True, [])),
    ("node-tf", "Node/V8 --no-liftoff", b_node(False, ["--no-liftoff"])),
    ("node-tf-simd", "Node/V8 --no-liftoff (-msimd128)", b_node(True, ["--no-liftoff"])),
    ("node-liftoff", "Node/V8 --liftoff-only", b_node(False, ["--liftoff-only"])),
    ("wasm-interp", "wabt wasm-interp", b_wasm_interp),
]
SLOW = {"wasm-interp"}  # interpreters: --interp-runs runs and a long timeout
BAKED = {"wasm-interp"}  # the in-module WASI build has its scale compiled in


class Ctx:
    def __init__(self, a):
        self.kiln = os.path.abspath(a.kiln)
        self.out = os.path.abspath(a.out)
        self.compile_times = {}
        self.scale = ["1"] if a.quick else []
        self.interp_na = probe_wasm_interp(self)
        # the commit measured: the tree may move on during a long run
        self.rev = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout.decode().strip() or "unknown"

    def dir(self, name):
        d = os.path.join(self.out, name)
        os.makedirs(d, exist_ok=True)
        return d


def probe_wasm_interp(ctx):
    """Debian's wabt 1.0.32 is built without WASI: say so instead of failing."""
    if not shutil.which("wasm-interp"):
        return "wasm-interp not installed"
    src = os.path.join(HERE, "startup", "hello.c")
    w = wasm(ctx, src, "hello", False)
    p = subprocess.run(["wasm-interp", "--wasi", w], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = p.stdout.decode(errors="replace")
    if "not compiled in" in text:
        return "this wasm-interp is built without WASI (" + text.strip().splitlines()[0] + ")"
    if p.returncode != 0:
        return "wasm-interp failed on hello: " + text.strip()[:120]
    return None


# ---------------------------------------------------------------- kernels

def bench_kernels(ctx, a, names, runtimes, res, progress, only):
    """Fills res {kernel: {runtime: cell}} for the runtimes in `only`; a
    cell is a dict (wall, cpu, rss) or a string (N/A reason, FAIL, timeout,
    build error).  Native clang always runs first: its output is the
    checksum every other runtime must reproduce."""
    scale = ["1"] if a.quick else []
    for k in names:
        if past_deadline():
            break
        src = os.path.join(HERE, "kernels", k + ".c")
        print(f"[{k}] building", file=sys.stderr, flush=True)
        cmds, cells = {}, {}
        for rt, _, build in runtimes:
            if rt not in only and rt != "clang":
                continue
            try:
                cmds[rt] = build(ctx, src, k) + ([] if rt in BAKED and ctx.interp_na else scale)
            except NA as e:
                cells[rt] = "N/A: " + str(e)
            except RuntimeError as e:
                cells[rt] = "build failed"
                print(str(e), file=sys.stderr)
        ref = None
        if "clang" in cmds:
            _, _, _, st, ref = run_rusage(cmds["clang"], a.timeout)
            if st != 0:
                raise SystemExit(f"native clang build of {k} failed with {st}")
        samples = {rt: [] for rt in cmds if rt in only}
        # Interleave runtimes round by round so noise hits all alike.
        for r in range(max(a.runs, a.interp_runs)):
            for rt, cmd in cmds.items():
                if rt not in only or rt in cells or r >= (a.interp_runs if rt in SLOW else a.runs):
                    continue
                wall, cpu, rss, st, out = run_rusage(cmd, a.interp_timeout if rt in SLOW else a.timeout)
                if st == "timeout":
                    cells[rt] = "timeout"
                elif st != 0:
                    cells[rt] = f"FAIL (exit {st})"
                elif not output_ok(rt, out, ref):
                    err = re.search(rb"error: ([^\n]*)", out)
                    cells[rt] = f"FAIL ({err[1].decode(errors='replace')})" if err else "FAIL (checksum)"
                else:
                    samples[rt].append((wall, cpu, rss))
        for rt, s in samples.items():
            if rt not in cells and s:
                cells[rt] = {"wall": statistics.median(x[0] for x in s),
                             "cpu": statistics.median(x[1] for x in s),
                             "rss": max(x[2] for x in s), "n": len(s)}
        cells = {rt: c for rt, c in cells.items() if rt in only}
        res.setdefault(k, {}).update(cells)
        progress()
        line = "  ".join(f"{rt}={c['wall']:.3f}" if isinstance(c, dict) else f"{rt}={c.split(':')[0]}"
                         for rt, c in cells.items())
        print(f"[{k}] {ref.decode().strip() if ref else ''}\n    {line}", file=sys.stderr, flush=True)
    return res


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


# ---------------------------------------------------------------- start-up

def bench_startup(ctx, a, runtimes):
    """Hello world: median wall time and peak RSS of several runs."""
    src = os.path.join(HERE, "startup", "hello.c")
    res = {}
    n = max(3, a.runs * 4)
    cmds = {}
    for rt, _, build in runtimes:
        try:
            cmds[rt] = build(ctx, src, "hello")
        except NA as e:
            res[rt] = "N/A: " + str(e)
        except RuntimeError:
            res[rt] = "build failed"
    samples = {rt: [] for rt in cmds}
    ref = run_rusage(cmds["clang"], 30)[4] if "clang" in cmds else None
    for _ in range(n):
        for rt, cmd in cmds.items():
            if rt in res:
                continue
            wall, cpu, rss, st, out = run_rusage(cmd, 60)
            if st != 0 or not output_ok(rt, out, ref):
                res[rt] = "FAIL"
            else:
                samples[rt].append((wall, rss))
    for rt, s in samples.items():
        if rt not in res:
            res[rt] = {"wall": statistics.median(x[0] for x in s), "rss": max(x[1] for x in s)}
    return res


# ---------------------------------------------------------------- compile

def bench_compile(ctx, a, names):
    """kiln's compile time per kernel (-O2, median of runs) and for a large
    generated module at -O1 and -O2; output sizes."""
    rows = []
    jobs = [(k, wasm(ctx, os.path.join(HERE, "kernels", k + ".c"), k, False)) for k in names]
    if not a.no_large:
        jobs.append(("large", large_wasm(ctx, a)))
    for k, w in jobs:
        size = os.path.getsize(w)
        row = {"name": k, "wasm": size}
        for opt in ("-O1", "-O2"):
            if past_deadline():
                break
            exe = os.path.join(ctx.dir(k), f"{k}.compile{opt}")
            ts = []
            for _ in range(1 if k == "large" else max(1, min(a.runs, 3))):
                t0 = time.perf_counter()
                left = DEADLINE - time.monotonic() + 30 if DEADLINE is not None else None
                try:
                    sh([ctx.kiln, "build", opt, w, "-o", exe], timeout=left)
                except subprocess.TimeoutExpired:
                    break
                ts.append(time.perf_counter() - t0)
            if ts:
                t = statistics.median(ts)
                row[opt] = (t, size / t / 1e6, os.path.getsize(exe))
        if "-O1" in row or "-O2" in row:
            rows.append(row)
        print(f"[compile] {k}: " + ", ".join(f"{o} {row[o][0]:.2f}s" for o in ("-O1", "-O2") if o in row),
              file=sys.stderr, flush=True)
    return rows


def large_wasm(ctx, a):
    d = ctx.dir("large")
    n = a.large_funcs or (300 if a.quick else 8000)
    c = os.path.join(d, f"large{n}.c")
    w = c[:-2] + ".wasm"
    gen = os.path.join(HERE, "gen_large.py")
    if not fresh(c, gen):
        with open(c, "w") as f:
            subprocess.run([sys.executable, gen, str(n)], stdout=f, check=True)
    if not fresh(w, c):
        # -O1 keeps the generated functions apart (and the module large).
        sh(["clang-19", "--target=wasm32-wasi", "-O1", "-Wl,--strip-debug", c, "-o", w])
    return w


# ---------------------------------------------------------------- report

def tool_versions(ctx):
    def first(cmd):
        try:
            return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout.decode().strip().splitlines()[0]
        except (OSError, IndexError):
            return "not found"
    kv = first([ctx.kiln, "--version"])
    return [("kiln", f"{kv} (git {ctx.rev} when the run started)"), ("clang", first(["clang-19", "--version"])),
            ("gcc", first(["gcc", "--version"])), ("node", first(["node", "--version"])),
            ("wabt", first(["wasm2c", "--version"]))]


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt_cell(c, ref):
    if isinstance(c, str):
        return c
    if ref is None:
        return f"{c['wall']:.3f}"
    return f"{c['wall']:.3f} ({c['wall'] / ref:.2f}x)"


def write_report(ctx, a, argv, names, runtimes, kres, sres, cres, comp, path, svg, pending=None):
    labels = {rt: label for rt, label, _ in runtimes}
    used = [rt for rt, _, _ in runtimes]
    L = []
    L.append("# kiln benchmark results\n")
    L.append(f"Generated by `{argv}` on {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M UTC}"
             + (" — **quick mode: tiny inputs, one run; not a measurement**" if a.quick else "") + ".\n")
    if pending:
        L.append(f"**Partial report ({pending if ' ' in pending else 'the run was still going; next part: ' + pending}); "
                 f"{len(names)} kernel(s) measured.**\n")
    L.append("## Environment\n")
    L.append(f"- CPU: {cpu_name()}, {os.cpu_count()} logical cores")
    u = os.uname()
    L.append(f"- Kernel: {u.sysname} {u.release} {u.machine}")
    try:
        load = os.getloadavg()
        L.append(f"- Load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    except OSError:
        pass
    for name, v in tool_versions(ctx):
        L.append(f"- {name}: {v}")
    L.append(f"- Runs per kernel: {a.runs} (interpreters: {a.interp_runs}), interleaved; median wall time in seconds, "
             "ratio to native clang-19 -O2 in parentheses")
    if ctx.interp_na and any(rt == "wasm-interp" for rt in used):
        L.append(f"- wasm-interp: {ctx.interp_na}; it runs each kernel built with its WASI inside the module "
                 "(`bench/interp/wasi_in_wasm.c`, no imports), whose stdout hash is checked against native clang's")
    L.append("")
    L.append("## Run time\n")
    L.append("| kernel | " + " | ".join(labels[rt] for rt in used) + " |")
    L.append("|---" * (len(used) + 1) + "|")
    ratios = {rt: [] for rt in used}
    for k in names:
        cells = kres[k]
        ref = cells.get("clang")
        refw = ref["wall"] if isinstance(ref, dict) else None
        row = []
        for rt in used:
            c = cells.get(rt, "—")
            row.append(fmt_cell(c, refw))
            if isinstance(c, dict) and refw:
                ratios[rt].append(c["wall"] / refw)
        L.append(f"| {k} | " + " | ".join(row) + " |")
    geo = {}
    for rt in used:
        g = geomean(ratios[rt])
        geo[rt] = g
    L.append("| **geomean ratio** | " + " | ".join(
        (f"**{geo[rt]:.2f}x**" + ("" if len(ratios[rt]) == len(names) else f" ({len(ratios[rt])}/{len(names)})"))
        if geo[rt] else "N/A" for rt in used) + " |")
    cpu_geo = []
    for rt in used:
        rs = [kres[k][rt]["cpu"] / kres[k]["clang"]["cpu"] for k in names
              if isinstance(kres[k].get(rt), dict) and isinstance(kres[k].get("clang"), dict) and kres[k]["clang"]["cpu"] > 0 and kres[k][rt]["cpu"] > 0]
        g = geomean(rs)
        cpu_geo.append(f"{g:.2f}x" if g else "N/A")
    L.append("| geomean ratio of CPU time (user+sys) | " + " | ".join(cpu_geo) + " |")
    L.append("")
    # The same geomeans as a narrow table, placed before the wide one.
    summary = ["## Summary\n", "| runtime | geomean wall-time ratio to native clang | geomean CPU-time ratio | kernels passed |",
               "|---|---|---|---|"]
    for rt, cg in zip(used, cpu_geo):
        failed = [k for k in names if isinstance(kres[k].get(rt), str) and not kres[k][rt].startswith("N/A")]
        passed = f"{len(ratios[rt])}/{len(names)}" + (f" (failed: {', '.join(failed)})" if failed else "")
        summary.append(f"| {labels[rt]} | " + (f"{geo[rt]:.2f}x" if geo[rt] else "N/A") + f" | {cg} | {passed} |")
    summary.append("")
    at = L.index("## Run time\n")
    L[at:at] = summary
    L.append(f"![ratio to native clang]({os.path.basename(svg)})\n")
    na = sorted({c for cells in kres.values() for c in cells.values() if isinstance(c, str) and c.startswith("N/A")})
    if na:
        L.append("Not available: " + "; ".join(f"{c[5:]}" for c in na) + ".\n")
    L.append("Peak RSS per kernel (MiB): " + "; ".join(
        f"{k} " + "/".join(f"{kres[k][rt]['rss'] / 1024:.0f}" for rt in ("clang", "kiln") if isinstance(kres[k].get(rt), dict))
        for k in names) + " (native clang / kiln).\n")
    if sres:
        L.append("## Start-up: hello world\n")
        L.append("| runtime | wall ms | ratio to native clang | peak RSS MiB |")
        L.append("|---|---|---|---|")
        ref = sres.get("clang")
        for rt in used:
            c = sres.get(rt, "—")
            if isinstance(c, dict):
                r = f"{c['wall'] / ref['wall']:.2f}x" if isinstance(ref, dict) else ""
                L.append(f"| {labels[rt]} | {c['wall'] * 1000:.1f} | {r} | {c['rss'] / 1024:.1f} |")
            else:
                L.append(f"| {labels[rt]} | {c} | | |")
        L.append("")
    if cres:
        L.append("## kiln compile time and output size\n")
        L.append("Wall time of `kiln build` (median), input MB/s, and the size of the native executable.\n")
        L.append("| module | wasm KiB | -O1 s | -O1 MB/s | -O2 s | -O2 MB/s | output KiB (-O2) |")
        L.append("|---|---|---|---|---|---|---|")
        for r in cres:
            o1, o2 = r.get("-O1"), r.get("-O2")
            L.append(f"| {r['name']} | {r['wasm'] / 1024:.0f} | " + (f"{o1[0]:.2f} | {o1[1]:.2f}" if o1 else "— | —")
                     + (f" | {o2[0]:.2f} | {o2[1]:.2f} | {o2[2] / 1024:.0f} |" if o2 else " | — | — | — |"))
        L.append("")
    L.append("## Components (WASI 0.2)\n")
    L.append("Cases (`bench/components/`): a hello-world command component; "
             "1 GiB to stdout through `wasi:io/streams` check-write/write/flush in 64 KiB and in 16-byte "
             "writes; 10 million `wasi:clocks/monotonic-clock.now` calls; each against its native C "
             "equivalent. kiln: `kiln build` of the component, then the executable. "
             "`jco run` includes jco's transpilation of the component on every run."
             + (" Quick mode: 16 MiB / 1 MiB written, 100k clock calls." if a.quick else "") + "\n")
    if comp:
        rts = ["native", "jco run", "kiln"]
        L.append("| case | " + " | ".join(rts) + " |")
        L.append("|---" * (len(rts) + 1) + "|")
        for name, cells in comp:
            L.append(f"| {name} | " + " | ".join(
                f"{cells[rt]['wall']:.3f} s, {cells[rt]['rss'] / 1024:.0f} MiB" if isinstance(cells.get(rt), dict)
                else str(cells.get(rt, "—")) for rt in rts) + " |")
        L.append("")
    else:
        L.append("(Not run in this report.)\n")
    with open(path, "w") as f:
        f.write("\n".join(L))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kiln", help="kiln to measure (default: build/ is set up and built with meson and ninja)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--interp-runs", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--interp-timeout", type=float, default=600)
    ap.add_argument("--component-runs", type=int, default=1)
    ap.add_argument("--component-timeout", type=float, default=120, help="seconds per component run")
    ap.add_argument("--quick", action="store_true", help="tiny inputs, one run, report in OUT/quick.md")
    ap.add_argument("--runtimes", help="comma-separated subset of: " + ",".join(r[0] for r in RUNTIMES))
    ap.add_argument("--out", default=os.path.join(ROOT, "build-bench", "bench"))
    ap.add_argument("--report")
    ap.add_argument("--no-large", action="store_true", help="skip the large generated module")
    ap.add_argument("--large-funcs", type=int, help="functions in the large module (default 8000: a module over 5 MB)")
    ap.add_argument("--deadline", type=float, help="minutes after which no new kernel or part starts "
                    "(the report then says what is missing)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: kernels,startup,compile,components")
    ap.add_argument("kernels", nargs="*")
    a = ap.parse_args()
    if a.quick:
        a.runs = 1
    if a.deadline:
        global DEADLINE
        DEADLINE = time.monotonic() + a.deadline * 60
    if a.kiln is None:
        # The one command builds kiln too (as tools/quickstart does), in build/.
        build = os.path.join(ROOT, "build")
        if not os.path.isdir(build):
            subprocess.run(["meson", "setup", build, ROOT], check=True)
        subprocess.run(["ninja", "-C", build], check=True)
        a.kiln = os.path.join(build, "compiler", "driver", "kiln")
    if not os.access(a.kiln, os.X_OK):
        raise SystemExit(f"kiln not found at {a.kiln}")
    os.makedirs(a.out, exist_ok=True)
    build_measure(a.out)
    ctx = Ctx(a)
    runtimes = RUNTIMES
    if a.runtimes:
        want = a.runtimes.split(",")
        bad = [w for w in want if w not in {r[0] for r in RUNTIMES}]
        if bad:
            raise SystemExit(f"unknown runtime(s): {','.join(bad)}")
        runtimes = [r for r in RUNTIMES if r[0] in want or r[0] == "clang"]
    names = a.kernels or sorted(f[:-2] for f in os.listdir(os.path.join(HERE, "kernels")) if f.endswith(".c"))
    skip = set(filter(None, a.skip.split(",")))
    report = a.report or (os.path.join(a.out, "quick.md") if a.quick else os.path.join(HERE, "results", "latest.md"))
    os.makedirs(os.path.dirname(os.path.abspath(report)), exist_ok=True)
    svg = os.path.splitext(report)[0] + ".svg"
    argv = "bench/run.py " + shlex.join(sys.argv[1:])
    kres, sres, cres, comp = {}, {}, [], []

    def emit(pending):
        """Rewrites the report with what is measured so far, so that an
        interrupted run still leaves its finished parts (marked partial)."""
        done = [k for k in names if k in kres]
        if done:
            chart.write_svg(svg, done, [(rt, label) for rt, label, _ in runtimes], kres)
        write_report(ctx, a, argv, done, runtimes, kres, sres, cres, comp, report, svg, pending)

    # Interpreters (about 180x native: minutes per kernel) run last, after
    # every other part, so the compiled runtimes' rounds of one kernel
    # stay close together in time and the rest of the report is ready
    # within minutes.
    fast = {rt for rt, _, _ in runtimes if rt not in SLOW}
    slow = {rt for rt, _, _ in runtimes if rt in SLOW}
    if "kernels" not in skip:
        bench_kernels(ctx, a, names, runtimes, kres, lambda: emit("kernels"), fast)
    emit("start-up")
    if "startup" not in skip and not past_deadline():
        sres.update(bench_startup(ctx, a, runtimes))
    emit("compile")
    if "compile" not in skip and not past_deadline():
        cres.extend(bench_compile(ctx, a, names))
    emit("components")
    if "components" not in skip and not past_deadline():
        components.TIMEOUT = a.component_timeout
        comp.extend(components.bench(ctx.kiln, ctx.dir("components"), a.component_runs, a.quick, MEASURE))
    if "kernels" not in skip and slow and not past_deadline():
        emit("interpreters")
        bench_kernels(ctx, a, names, runtimes, kres, lambda: emit("interpreters"), slow)
    emit("stopped at the --deadline; what is missing was not run" if past_deadline() else None)
    print(open(report).read())
    print(f"wrote {report} and {svg}", file=sys.stderr)
    bad = [(k, rt) for k, cells in kres.items() for rt, c in cells.items()
           if isinstance(c, str) and not c.startswith("N/A")]
    for k, rt in bad:
        print(f"failed: {k} under {rt}: {kres[k][rt]}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
