#!/usr/bin/env python3
"""Component benchmarks (WASI 0.2): start-up of a hello-world command
component, and host-call cost through wasi:io/streams (1 GiB to stdout in
64 KiB and in 16-byte writes) and wasi:clocks (10 million
monotonic-clock.now), each against its native C equivalent.

Runtimes: native C (clang-19 -O2), `jco run` (jco 1.35 from tests/, which
transpiles the component to JS and runs it on Node; the time includes the
transpilation), and kiln (`kiln build COMPONENT`, then the executable).

Build steps per guest: `kiln bindgen c --wit wit/cli --world command`
(streams and clocks), clang-19 --target=wasm32-wasi, `tools/jco embed`,
`tools/jco new` (with the preview 1 adapter: --wasi-command for hello,
--wasi-reactor for the others, whose stdio pulls in fd_write).

usage: bench/components/run.py [--kiln PATH] [--out DIR] [--runs N] [--quick]
Used by bench/run.py (part "components"); standalone it prints a table."""
import argparse
import os
import statistics
import subprocess
import signal
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
JCO = os.path.join(ROOT, "tools", "jco")
# jco needs minutes for 1 GiB in 16-byte writes or 10M clock calls: cap each run.
TIMEOUT = 120.0
CC = ["clang-19", "--target=wasm32-wasi", "-O2"]

# name, guest source, native source, -D flags (full size), -D flags (quick)
CASES = [
    ("hello", "hello.c", "../startup/hello.c", [], []),
    ("streams-64KiB", "streams_write.c", "native_write.c", ["-DCHUNK=65536"], ["-DCHUNK=65536", "-DTOTAL_MIB=16"]),
    ("streams-16B", "streams_write.c", "native_write.c", ["-DCHUNK=16"], ["-DCHUNK=16", "-DTOTAL_MIB=1"]),
    ("clock-now", "clock_now.c", "native_clock.c", [], ["-DCALLS=100000"]),
]


def sh(cmd, **kw):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {p.stdout.decode(errors='replace')[-600:]}")
    return p.stdout


def build(kiln, out, name, guest, native, defs):
    """Returns (native exe, component path or an error string)."""
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    exe = os.path.join(d, "native")
    sh(["clang-19", "-O2"] + defs + [os.path.join(HERE, native), "-o", exe])
    comp = os.path.join(d, "component.wasm")
    if not os.path.exists(JCO) or subprocess.run([JCO, "--version"], capture_output=True).returncode != 0:
        return exe, "N/A: jco is not installed (npm ci in tests/)"
    try:
        core = os.path.join(d, "core.wasm")
        if name == "hello":
            sh(CC + [os.path.join(HERE, guest), "-o", core])
            sh([JCO, "new", core, "--wasi-command", "-o", comp])
        else:
            gen = os.path.join(out, "gen")
            if not os.path.exists(os.path.join(gen, "command.h")):
                sh([kiln, "bindgen", "c", "--wit", os.path.join(ROOT, "wit", "cli"), "--world", "command", "-o", gen])
            sh(CC + ["-mexec-model=reactor"] + defs + ["-I", gen, os.path.join(HERE, guest),
                                                         os.path.join(gen, "command.c"), "-o", core])
            emb = os.path.join(d, "embedded.wasm")
            sh([JCO, "embed", core, "--wit", os.path.join(ROOT, "wit", "cli"), "-n", "command", "-o", emb])
            sh([JCO, "new", emb, "--wasi-reactor", "-o", comp])
    except RuntimeError as e:
        return exe, "build failed: " + str(e).splitlines()[0][:200]
    return exe, comp


def timed(cmd, runs, measure, timeout=None):
    """Median wall seconds and max RSS KiB over runs; stdout discarded
    (the streams cases write 1 GiB)."""
    timeout = timeout or TIMEOUT
    walls, rss = [], 0
    for _ in range(runs):
        p = subprocess.Popen([measure] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)
        try:
            _, err = p.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
            return f"timeout (> {timeout:g} s)"
        line = [ln for ln in err.decode().splitlines() if ln.startswith("measure: ")]
        if not line:
            return "FAIL (no measurement)"
        wall, _, maxrss, status = line[-1].split()[1:]
        if int(status) != 0:
            return f"FAIL (exit {status})"
        walls.append(float(wall))
        rss = max(rss, int(maxrss))
    return {"wall": statistics.median(walls), "rss": rss}


def check_output(cmd, native_cmd):
    """Compares a run's stdout with the native program's; the clock line's
    count of moves varies, so only its text up to "(" counts."""
    # To a file, not a pipe: `jco run` exits before Node drained a pipe
    # (measured: 147 KiB of 16 MiB arrive through `| wc -c`, all to a file).
    outs = []
    for c in (cmd, native_cmd):
        with tempfile.TemporaryFile() as f:
            subprocess.run(c, stdout=f, stderr=subprocess.DEVNULL)
            f.seek(0)
            outs.append(f.read())
    got, want = outs
    if got.split(b"(")[0] != want.split(b"(")[0]:
        return f"FAIL (output: {len(got)} bytes, native {len(want)})"
    return None


def bench(kiln, out, runs, quick, measure):
    """Returns rows (case, {runtime: cell}) for the report."""
    rows = []
    for name, guest, native, full, small in CASES:
        defs = small if quick else full
        print(f"[components] {name}", file=sys.stderr, flush=True)
        cells = {}
        exe, comp = build(kiln, out, name, guest, native, defs)
        cells["native"] = timed([exe], runs, measure)
        if comp.endswith(".wasm"):
            # In quick mode, check the output once (full size writes 1 GiB).
            bad = quick and check_output([JCO, "run", comp], [exe])
            cells["jco run"] = bad or timed([JCO, "run", comp], runs, measure)
            probe = subprocess.run([kiln, "build", comp, "-o", os.path.join(out, name, "kiln.exe")],
                                   capture_output=True)
            if probe.returncode == 0:
                kexe = os.path.join(out, name, "kiln.exe")
                bad = quick and check_output([kexe], [exe])
                cells["kiln"] = bad or timed([kexe], runs, measure)
            else:
                cells["kiln"] = "build failed: " + probe.stderr.decode(errors="replace").strip()[:200]
        else:
            cells["jco run"] = comp
            cells["kiln"] = comp
        rows.append((name, cells))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", default=os.path.join(ROOT, "build", "compiler", "driver", "kiln"))
    ap.add_argument("--out", default=os.path.join(ROOT, "build-bench", "bench", "components"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per run (default 120)")
    a = ap.parse_args()
    globals()["TIMEOUT"] = a.timeout
    os.makedirs(a.out, exist_ok=True)
    measure = os.path.join(a.out, "measure")
    sh(["cc", "-O2", os.path.join(HERE, "..", "measure.c"), "-o", measure])
    for name, cells in bench(os.path.abspath(a.kiln), a.out, 1 if a.quick else a.runs, a.quick, measure):
        print(name, "  ".join(f"{rt}: {c['wall']:.3f}s {c['rss'] / 1024:.0f}MiB" if isinstance(c, dict) else f"{rt}: {c}"
                              for rt, c in cells.items()))


if __name__ == "__main__":
    main()
