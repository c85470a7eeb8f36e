#!/usr/bin/env python3
"""Builds one component and checks the link plan kiln-wasm-check prints.

Usage: check_plan.py CHECKER JCO WORKDIR SOURCE EXPECTED [OPTION...]

SOURCE is a component WAT file (assembled with `jco parse`), a C file
(compiled for wasm32-wasi with the clang given as `--clang=PATH`, then
wrapped by `jco new --wasi-command`: the preview1 adapter's shape), or a
JavaScript file made a wasi:cli `command` component by `jco componentize`
against the WIT folder given as `--wit=DIR`.  Other OPTIONs are passed to
`kiln-wasm-check --plan` (e.g. --unknown-imports=trap), except
`--implements=LABEL=IFACE`, which rewrites the import named LABEL into
the name-with-attributes form `[implements=<IFACE>]LABEL` (Binary.md
0x02 names; no text-format syntax for them in jco 1.35's wasm-tools).

EXPECTED is
  NAME.plan  the exact `--plan` listing (which ends in `ok`);
  NAME.err   the exact error line, with the input's path written as its
             file name (`bad.wasm:0x2a: error: ...`), status 1;
  NAME.lines lines that must each appear in the listing (for components
             whose bytes differ from build to build, as jco componentize's).
Exits 77 (skip) when jco is not installed or the clang is missing.
"""
import difflib
import os
import subprocess
import sys


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if r.returncode != 0:
        sys.stdout.write(f"failed: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
        sys.exit(1)
    return r


def build(jco, work, src, clang, wit):
    name = os.path.splitext(os.path.basename(src))[0]
    wasm = os.path.join(work, name + ".wasm")
    if src.endswith(".c"):
        core = os.path.join(work, name + ".core.wasm")
        run([clang, "--target=wasm32-wasi", "-O2", src, "-o", core])
        run([jco, "new", core, "--wasi-command", "-o", wasm])
    elif src.endswith(".js"):
        run([jco, "componentize", src, "--wit", wit, "-n", "command",
             "-o", wasm])
    else:
        run([jco, "parse", src, "-o", wasm])
    return wasm


def leb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def read_leb(data, pos):
    n = shift = 0
    while True:
        b = data[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, pos


def add_implements(wasm, label, iface):
    """Rewrites the root's import `label` as [implements=<iface>]label."""
    data = open(wasm, "rb").read()
    old = b"\x00" + leb(len(label)) + label.encode()
    new = (b"\x02" + leb(len(label)) + label.encode() + b"\x01\x00" +
           leb(len(iface)) + iface.encode())
    out, pos = bytearray(data[:8]), 8
    while pos < len(data):
        sid = data[pos]
        size, body = read_leb(data, pos + 1)
        payload = data[body:body + size]
        if sid == 10 and old in payload:
            payload = payload.replace(old, new, 1)
        out += bytes([sid]) + leb(len(payload)) + payload
        pos = body + size
    open(wasm, "wb").write(bytes(out))


def diff(expected, got):
    return "".join(difflib.unified_diff(
        expected.splitlines(True), got.splitlines(True), "expected", "got"))


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    checker, jco, work, src, expected = [os.path.abspath(a)
                                         for a in sys.argv[1:6]]
    opts = sys.argv[6:]
    clang = next((o.split("=", 1)[1] for o in opts
                  if o.startswith("--clang=")), None)
    wit = next((o.split("=", 1)[1] for o in opts
                if o.startswith("--wit=")), None)
    implements = [o.split("=", 1)[1].split("=", 1) for o in opts
                  if o.startswith("--implements=")]
    flags = [o for o in opts
             if not o.startswith(("--clang=", "--wit=", "--implements="))]
    modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
        os.path.dirname(jco), "..", "tests", "node_modules")
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print("jco is not installed (run `npm ci` in tests/): skipped")
        return 77
    if src.endswith(".c") and not (clang and os.path.exists(clang)):
        print("no clang-19: skipped")
        return 77
    os.makedirs(work, exist_ok=True)
    wasm = build(jco, work, src, clang, wit)
    for label, iface in implements:
        add_implements(wasm, label, iface)
    r = subprocess.run([checker, "--plan", *flags, wasm], capture_output=True,
                       text=True, errors="replace")
    want = open(expected, encoding="utf-8").read()
    if expected.endswith(".err"):
        got = r.stderr.replace(wasm, os.path.basename(wasm))
        if r.returncode != 1 or got != want:
            print(f"status {r.returncode}, stdout:\n{r.stdout}")
            print(diff(want, got))
            return 1
        return 0
    if r.returncode != 0:
        print(f"status {r.returncode}:\n{r.stdout}{r.stderr}")
        return 1
    if expected.endswith(".lines"):
        have = set(r.stdout.splitlines())
        missing = [l for l in want.splitlines() if l and l not in have]
        if missing:
            print("missing from the plan:\n" + "\n".join(missing))
            print(r.stdout)
            return 1
        return 0
    if r.stdout != want:
        print(diff(want, r.stdout))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
