#!/usr/bin/env python3
"""Start-up time and size of the hello-world component compiled by kiln,
next to a native C hello world and `jco run` (the closing note of the
components issue).

usage: bench/component_startup.py [--kiln PATH] [--runs N] [--jco-runs N]
                                  [--work DIR] [--out FILE.md]

Builds bench/components/hello.c with clang-19 --target=wasm32-wasi -O2
(debug sections stripped) and wraps it with `tools/jco new --wasi-command`
(the preview1 adapter); `kiln build` turns that component into an
executable.  bench/startup/hello.c (the same program) is built natively
with clang-19 -O2.  Each program runs --runs times (`jco run`, which
transpiles the component on every call, --jco-runs times), interleaved,
stdout to a file that must read "hello, world\\n"; the table gives the
median and minimum wall time of a whole process run (fork/exec to exit),
and the size of each executable after `strip` (for jco: the component
itself, run by Node).  Nothing here asserts a time.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
EXPECTED = b"hello, world\n"


def sh(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    if p.returncode != 0:
        sys.exit(f"component_startup: {' '.join(cmd)} failed ({p.returncode}):\n"
                 + p.stdout.decode(errors="replace")[-2000:])
    return p.stdout.decode(errors="replace")


def stripped_size(path, work):
    copy = os.path.join(work, os.path.basename(path) + ".stripped")
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o755)
    sh(["strip", copy])
    return os.path.getsize(copy)


def time_run(cmd, work):
    out = os.path.join(work, "stdout.txt")
    with open(out, "wb") as f:
        t0 = time.perf_counter()
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=f,
                           stderr=subprocess.DEVNULL, cwd=work)
        t = time.perf_counter() - t0
    with open(out, "rb") as f:
        got = f.read()
    if p.returncode != 0 or got != EXPECTED:
        sys.exit(f"component_startup: {' '.join(cmd)} gave status "
                 f"{p.returncode} and {got[:200]!r}")
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kiln", default=os.path.join(ROOT, "build", "compiler",
                                                   "driver", "kiln"))
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--jco-runs", type=int, default=5)
    ap.add_argument("--work", help="keep the built files here")
    ap.add_argument("--out", help="also write the table to this Markdown file")
    ap.add_argument("--no-jco", action="store_true")
    opts = ap.parse_args()
    kiln = os.path.abspath(opts.kiln)
    if not os.access(kiln, os.X_OK):
        sys.exit(f"component_startup: no kiln at {kiln} (use --kiln)")
    jco = os.path.join(ROOT, "tools", "jco")
    work = opts.work or tempfile.mkdtemp(prefix="kiln-cm-startup-")
    os.makedirs(work, exist_ok=True)

    core = os.path.join(work, "hello.core.wasm")
    comp = os.path.join(work, "hello.cm.wasm")
    kexe = os.path.join(work, "hello-kiln")
    nexe = os.path.join(work, "hello-native")
    sh(["clang-19", "--target=wasm32-wasi", "-O2", "-Wl,--strip-debug",
        os.path.join(HERE, "components", "hello.c"), "-o", core])
    sh(["node", jco, "new", core, "--wasi-command", "-o", comp])
    t0 = time.perf_counter()
    sh([kiln, "build", comp, "-o", kexe])
    build_s = time.perf_counter() - t0
    sh(["clang-19", "-O2", os.path.join(HERE, "startup", "hello.c"), "-o", nexe])

    rows = [("native C (clang-19 -O2)", [nexe], stripped_size(nexe, work), opts.runs),
            ("kiln build (component)", [kexe], stripped_size(kexe, work), opts.runs)]
    if not opts.no_jco:
        rows.append(("jco run (Node)", ["node", jco, "run", comp],
                     os.path.getsize(comp), opts.jco_runs))
    times = {name: [] for name, *_ in rows}
    for name, cmd, _, _ in rows:  # warm-up: page cache, jco's first load
        time_run(cmd, work)
    for i in range(max(r[3] for r in rows)):
        for name, cmd, _, n in rows:
            if i < n:
                times[name].append(time_run(cmd, work))

    native_med = statistics.median(times[rows[0][0]])
    lines = [
        f"Start-up of hello world ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())},"
        f" {os.cpu_count()} CPUs, machine shared; wall time of a whole run,"
        " fork/exec to exit):",
        "",
        "| program | runs | median ms | min ms | vs native | stripped size |",
        "|---|---|---|---|---|---|",
    ]
    for name, cmd, size, n in rows:
        med = statistics.median(times[name])
        lines.append(f"| {name} | {n} | {med * 1e3:.2f} | {min(times[name]) * 1e3:.2f}"
                     f" | {med / native_med:.1f}x | {size:,} B |")
    lines += ["",
              f"Component: {os.path.getsize(comp):,} B (core module "
              f"{os.path.getsize(core):,} B + the preview1 adapter); "
              f"`kiln build` took {build_s:.1f} s.  jco's size is the "
              "component's (Node and jco not counted)."]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if opts.out:
        with open(opts.out, "w", encoding="utf-8") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
