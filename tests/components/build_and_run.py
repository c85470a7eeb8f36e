#!/usr/bin/env python3
"""Builds one C guest component and runs it under jco.

Pipeline (Component Model toolchain conventions, wit-component's core-module
ABI): `kiln bindgen c` writes the guest glue for a WIT world; clang-19 builds
the C sources and the glue into a wasm32-wasi core module; `jco embed` adds
the world's component-type section; `jco new` makes the component, with the
preview1 adapter when the core module imports wasi_snapshot_preview1;
`jco transpile --instantiation async` turns it into JS; the Node driver
(which uses harness.mjs) instantiates it, supplies custom imports, calls
exports and prints; its stdout must equal the expected file.  Then, when
the case has a `kiln.txt`, the same component runs under `kiln run
--invoke` (or plain `kiln run`), one process per call block, and each
block's output must equal the WAVE lines written under it (see
read_kiln_calls); a case with a provider/ first has its guest composed with
that C implementation of its custom imports (build_provider, compose.py).

Exit status: 0 pass, 1 fail, 77 skip (jco not installed in tests/node_modules).
"""
import argparse
import difflib
import compose
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SKIP = 77
TIMEOUT = 180


class Fail(Exception):
    pass


def run(cmd, **kw):
    """Runs a step; a failure reports the command and its output."""
    try:
        p = subprocess.run(cmd, capture_output=True, text=True,
                           timeout=TIMEOUT, **kw)
    except subprocess.TimeoutExpired:
        raise Fail(f"timed out after {TIMEOUT}s: {' '.join(cmd)}")
    if p.returncode != 0:
        raise Fail(f"exit {p.returncode}: {' '.join(cmd)}\n{p.stdout}{p.stderr}")
    return p


def leb(buf, i):
    n = shift = 0
    while True:
        b = buf[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return n, i


def import_modules(path):
    """Module names of a core module's imports (binary format 5.5.5)."""
    buf = open(path, "rb").read()
    if buf[:8] != b"\0asm\1\0\0\0":
        raise Fail(f"{path}: not a core wasm module")
    i, mods = 8, set()
    while i < len(buf):
        sid = buf[i]
        size, i = leb(buf, i + 1)
        end = i + size
        if sid == 2:
            count, i = leb(buf, i)
            for _ in range(count):
                n, i = leb(buf, i)
                mods.add(buf[i:i + n].decode())
                i += n
                n, i = leb(buf, i)
                i += n
                kind = buf[i]
                i += 1
                if kind == 0:                      # func: type index
                    _, i = leb(buf, i)
                elif kind == 1:                    # table: reftype + limits
                    i = limits(buf, i + 1)
                elif kind == 2:                    # memory: limits
                    i = limits(buf, i)
                elif kind == 3:                    # global: valtype + mut
                    i += 2
                else:                              # tag: attribute + type
                    _, i = leb(buf, i + 1)
        i = end
    return mods


def limits(buf, i):
    flag = buf[i]
    _, i = leb(buf, i + 1)
    if flag & 1:
        _, i = leb(buf, i)
    return i


def bindgen(args, gen, world=None):
    """Runs kiln bindgen; returns the generated .c files and include dir."""
    shutil.rmtree(gen, ignore_errors=True)
    for stale in (gen + ".c", gen + ".h"):
        if os.path.exists(stale):
            os.remove(stale)
    run([args.kiln, "bindgen", "c", "--wit", args.wit, "--world",
         world or args.world, "-o", gen])
    if os.path.isdir(gen):
        return sorted(glob.glob(os.path.join(gen, "*.c"))), gen
    if os.path.isfile(gen + ".c"):       # -o as a stem: OUT.c + OUT.h
        return [gen + ".c"], os.path.dirname(gen)
    raise Fail(f"kiln bindgen wrote neither {gen}/ nor {gen}.c")


def build_and_run(args, work):
    jco = [args.node, args.jco]
    srcs = [os.path.abspath(s) for s in args.sources]
    incs = sorted({os.path.dirname(s) for s in srcs})
    if not args.no_bindgen:
        gen_c, gen_dir = bindgen(args, os.path.join(work, "gen"))
        srcs += gen_c
        incs.append(gen_dir)
    core = os.path.join(work, "core.wasm")
    run([args.clang, "--target=wasm32-wasi", "-O2",
         f"-mexec-model={args.exec_model}", "-Wall", "-Wextra", "-Werror"]
        + [f"-I{d}" for d in incs] + args.cflag + srcs + ["-o", core])

    embedded = os.path.join(work, "embedded.wasm")
    run(jco + ["embed", "--wit", args.wit, "-n", args.world, core,
               "-o", embedded])
    comp = os.path.join(work, "component.wasm")
    adapter = []
    if "wasi_snapshot_preview1" in import_modules(core):
        adapter = [f"--wasi-{args.exec_model}"]
    run(jco + ["new", embedded, "-o", comp] + adapter)

    js = os.path.join(work, "js")
    shutil.rmtree(js, ignore_errors=True)
    run(jco + ["transpile", comp, "-o", js, "--name", "component",
               "--instantiation", "async", "--no-typescript", "-q"])

    env = dict(os.environ, KILN_COMPONENT_JS=os.path.join(js, "component.js"))
    p = run([args.node, args.driver], env=env, cwd=os.path.dirname(args.driver))
    got = p.stdout
    want = open(args.expected, encoding="utf-8").read()
    if got != want:
        diff = difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                    "expected", "got")
        raise Fail("output differs:\n" + "".join(diff) + p.stderr)
    if args.kiln_calls:
        if not args.kiln:
            raise Fail("kiln.txt needs --kiln")
        if args.provider:
            comp = build_provider(args, work, comp)
        run_kiln(args, comp, work)


def build_provider(args, work, guest):
    """Builds the case's provider component (world `provider` of the
    case's WIT, C sources in provider/, no WASI) and composes it with the
    guest (compose.py); returns the composed component, validated by jco."""
    jco = [args.node, args.jco]
    pw = os.path.join(work, "provider")
    os.makedirs(pw, exist_ok=True)
    gen_c, gen_dir = bindgen(args, os.path.join(pw, "gen"), "provider")
    srcs = sorted(glob.glob(os.path.join(args.provider, "*.c")))
    core = os.path.join(pw, "core.wasm")
    run([args.clang, "--target=wasm32-wasi", "-O2", "-mexec-model=reactor",
         "-Wall", "-Wextra", "-Werror", f"-I{gen_dir}"] + srcs + gen_c
        + ["-o", core])
    # `[export]...` modules are the canon resource built-ins, not imports
    real = sorted(m for m in import_modules(core) if not m.startswith("[export]"))
    if real:
        raise Fail(f"the provider imports {real}")
    embedded = os.path.join(pw, "embedded.wasm")
    run(jco + ["embed", "--wit", args.wit, "-n", "provider", core,
               "-o", embedded])
    comp = os.path.join(pw, "component.wasm")
    run(jco + ["new", embedded, "-o", comp])
    texts = []
    for c in (guest, comp):
        texts.append(run(jco + ["print", c]).stdout)
    wat = os.path.join(work, "composed.wat")
    try:
        open(wat, "w").write(compose.compose(*texts))
    except compose.Error as e:
        raise Fail(f"compose: {e}")
    out = os.path.join(work, "composed.wasm")
    run(jco + ["parse", wat, "-o", out])
    # `jco parse` does not validate; `jco transpile` does (wasmparser), so
    # a composition kiln refuses is known to be valid elsewhere.
    js = os.path.join(work, "composed-js")
    shutil.rmtree(js, ignore_errors=True)
    run(jco + ["transpile", out, "-o", js, "--name", "composed",
               "--instantiation", "async", "--no-typescript", "-q"])
    return out


REPEAT = re.compile(r"\{\{(.+?)\*(\d+)\}\}")


def read_kiln_calls(path):
    """Parses a kiln.txt (format in README.md): blocks of `$ CALLS` lines,
    one `kiln run --invoke` process each (the lines joined by newlines,
    calls separated by `;`; `$ run` alone means plain `kiln run`), then
    the expected standard output, one line each, or `! status N: TEXT`
    for a call that must exit with status N printing TEXT as the first
    line of standard error.  A block may carry `XFAIL: reason` (a known
    kiln bug): its mismatch is reported but does not fail the case, and
    an unexpected pass does.  `#` lines are comments (`#` then a digit is
    a handle: output).  `{{TEXT*N}}` is TEXT repeated N times."""
    blocks, cur = [], None
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = REPEAT.sub(lambda m: m.group(1) * int(m.group(2)),
                          raw.rstrip("\n"))
        if not line.strip() or (line.startswith("#") and not
                                line[1:2].isdigit()):
            continue
        if line.startswith("$ "):
            if cur is None or cur["out"] or cur["status"] or cur["xfail"]:
                cur = {"line": n, "call": [], "out": [], "status": None,
                       "xfail": None}
                blocks.append(cur)
            cur["call"].append(line[2:].strip())
        elif cur is None:
            raise Fail(f"{path}:{n}: expected output before any `$ ` call")
        elif line.startswith("! status "):
            cur["status"] = line[2:]
        elif line.startswith("XFAIL: "):
            cur["xfail"] = line[7:]
        else:
            cur["out"].append(line)
    return blocks


def run_kiln(args, comp, work):
    """Runs the kiln.txt blocks against the component built for jco."""
    blocks = read_kiln_calls(args.kiln_calls)
    env = dict(os.environ, KILN_CACHE_DIR=os.path.join(work, "kiln-cache"))
    fails, xfails = [], []
    for b in blocks:
        call = "\n".join(b["call"])
        cmd = [args.kiln, "run", comp] if call == "run" else \
            [args.kiln, "run", "--invoke", call, comp]
        try:
            p = subprocess.run(cmd, capture_output=True, text=True,
                               errors="replace", env=env, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            fails.append(f"line {b['line']}: timed out: {call}")
            continue
        if b["status"]:
            first = p.stderr.splitlines()[0] if p.stderr else ""
            got = [f"status {p.returncode}: {first}"]
            want = [b["status"]]
        elif p.returncode != 0:
            got = [f"status {p.returncode}"] + p.stderr.splitlines()[:3]
            want = b["out"]
        else:
            got, want = p.stdout.splitlines(), b["out"]
        ok = got == want
        if b["xfail"]:
            if ok:
                fails.append(f"line {b['line']}: XFAIL passed unexpectedly "
                             f"({b['xfail']}): {call}")
            else:
                xfails.append(f"line {b['line']}: {b['xfail']}")
            continue
        if not ok:
            diff = difflib.unified_diff([w + "\n" for w in want],
                                        [g + "\n" for g in got],
                                        "expected", "got")
            fails.append(f"line {b['line']}: kiln run --invoke '{call}'\n"
                         + "".join(diff) + p.stderr[:2000])
    for x in xfails:
        print(f"XFAIL kiln.txt {x}")
    print(f"kiln: {len(blocks)} blocks, {len(fails)} failures, "
          f"{len(xfails)} known failures")
    if fails:
        raise Fail("under kiln:\n" + "\n".join(fails))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--case", help="folder with wit/, *.c, driver.mjs, "
                    "expected.txt (defaults for the options below)")
    ap.add_argument("--kiln", help="kiln executable (`kiln bindgen c`, and "
                    "`kiln run` for --kiln-calls)")
    ap.add_argument("--kiln-calls", help="kiln.txt: calls and expected WAVE "
                    "output under `kiln run --invoke` (default: the case's)")
    ap.add_argument("--wit", help="WIT package folder")
    ap.add_argument("--world", required=True)
    ap.add_argument("--driver", help="Node driver script")
    ap.add_argument("--expected", help="expected stdout of the driver")
    ap.add_argument("--provider", help="folder of C sources implementing "
                    "world `provider` of the WIT: the guest's custom imports "
                    "under kiln (default: the case's provider/)")
    ap.add_argument("--no-bindgen", action="store_true",
                    help="the sources carry their own canonical ABI glue")
    ap.add_argument("--exec-model", choices=["reactor", "command"],
                    default="reactor")
    ap.add_argument("--cflag", action="append", default=[],
                    help="extra clang flag (repeatable)")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--node", default=shutil.which("node") or "node")
    ap.add_argument("--jco", default=os.path.join(ROOT, "tools", "jco"))
    ap.add_argument("--work", help="keep the build here (default: a temp dir)")
    ap.add_argument("sources", nargs="*", help="C sources of the guest")
    args = ap.parse_args()

    if args.case:
        c = os.path.abspath(args.case)
        args.wit = args.wit or os.path.join(c, "wit")
        args.driver = args.driver or os.path.join(c, "driver.mjs")
        args.expected = args.expected or os.path.join(c, "expected.txt")
        args.sources = args.sources or sorted(glob.glob(os.path.join(c, "*.c")))
        calls = os.path.join(c, "kiln.txt")
        if not args.kiln_calls and os.path.isfile(calls):
            args.kiln_calls = calls
        prov = os.path.join(c, "provider")
        if not args.provider and os.path.isdir(prov):
            args.provider = prov
    for need in ("wit", "driver", "expected"):
        if not getattr(args, need):
            ap.error(f"--{need} (or --case) is required")
    if not args.sources:
        ap.error("no C sources")
    if not args.no_bindgen and not args.kiln:
        ap.error("--kiln is required unless --no-bindgen")
    args.driver = os.path.abspath(args.driver)

    modules = os.environ.get("KILN_NODE_MODULES",
                             os.path.join(ROOT, "tests", "node_modules"))
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print(f"skip: jco is not installed in {modules} (npm ci in tests/)")
        return SKIP

    if args.work:
        work = os.path.abspath(args.work)
        os.makedirs(work, exist_ok=True)
        tmp = None
    else:
        tmp = tempfile.TemporaryDirectory(prefix="kiln-component-")
        work = tmp.name
    try:
        build_and_run(args, work)
    except Fail as e:
        print(f"FAIL {args.world}: {e}", file=sys.stderr)
        return 1
    finally:
        if tmp:
            tmp.cleanup()
    print(f"ok {args.world}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
