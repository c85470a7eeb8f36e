#!/usr/bin/env python3
"""Run kiln-wasm-check over the binary modules of WebAssembly .wast scripts.

Each .wast file is turned into JSON plus .wasm files by wabt's wast2json.
Then every command that carries a binary module is checked:
  module, assert_unlinkable, assert_uninstantiable, assert_trap (module form),
  assert_exhaustion (module form)      -> must decode and validate
  assert_invalid, assert_malformed     -> must fail (binary modules only;
                                          text-only cases are skipped)
Expected failures that multi-memory turns into valid modules are counted
as divergences (see DIVERGENCES), not as wrong decisions.
For failures the first line of the error is compared with the expected text
by prefix; mismatched texts are reported apart from wrong decisions.

Usage: check_suite.py [--checker PATH] [--wast2json-flag FLAG]... [-v] PATH...
PATH is a .wast file or a directory (its top-level *.wast files).
Exit status 1 when any decision was wrong.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

MUST_PASS = {"module", "assert_unlinkable", "assert_uninstantiable",
             "assert_trap", "assert_exhaustion"}
MUST_FAIL = {"assert_invalid", "assert_malformed"}
# Failures the testsuite expects that kiln's feature set overrides: with
# multi-memory on, a second memory is valid and the byte after memory.size,
# memory.grow (and call_indirect's table) is an index, not a reserved zero.
DIVERGENCES = {
    ("assert_invalid", "multiple memories"),
    ("assert_malformed", "zero byte expected"),
    ("assert_malformed", "zero flag expected"),
}
ERR_RE = re.compile(r"^.*?:0x[0-9a-f]+: error: (.*)$")


def wast_files(paths):
    for p in paths:
        if os.path.isdir(p):
            for name in sorted(os.listdir(p)):
                if name.endswith(".wast"):
                    yield os.path.join(p, name)
        else:
            yield p


def run_checker(checker, wasm):
    r = subprocess.run([checker, wasm], capture_output=True, text=True,
                       errors="replace")
    line = (r.stderr.strip().splitlines() or [""])[0]
    m = ERR_RE.match(line)
    return r.returncode, (m.group(1) if m else line)


def check_file(args, wast, stats, out):
    with tempfile.TemporaryDirectory() as tmp:
        js = os.path.join(tmp, "t.json")
        r = subprocess.run(["wast2json", *args.flags, wast, "-o", js],
                           capture_output=True, text=True)
        if r.returncode != 0:
            out.append(f"{wast}: wast2json failed: {r.stderr.strip()[:200]}")
            stats["wast2json_fail"] += 1
            return
        with open(js) as f:
            script = json.load(f)
        for cmd in script["commands"]:
            kind = cmd["type"]
            fname = cmd.get("filename")
            if not fname or not fname.endswith(".wasm"):
                continue
            if kind in MUST_FAIL and cmd.get("module_type") != "binary":
                continue
            if kind not in MUST_PASS and kind not in MUST_FAIL:
                continue
            where = f"{os.path.basename(wast)}:{cmd['line']}"
            status, msg = run_checker(args.checker, os.path.join(tmp, fname))
            if status not in (0, 1):
                stats["crash"] += 1
                out.append(f"CRASH {where} ({kind}): status {status} {msg}")
                continue
            stats["checked"] += 1
            if kind in MUST_PASS:
                if status == 0:
                    stats["ok"] += 1
                else:
                    stats["wrong_reject"] += 1
                    out.append(f"WRONG-REJECT {where} ({kind}): {msg}")
            else:
                want = cmd.get("text", "")
                if status == 0 and (kind, want) in DIVERGENCES:
                    stats["divergence"] += 1
                    if args.verbose:
                        out.append(f"DIVERGENCE {where} ({kind}): accepted, "
                                   f"testsuite wants '{want}'")
                elif status == 0:
                    stats["wrong_accept"] += 1
                    out.append(f"WRONG-ACCEPT {where} ({kind}): want '{want}'")
                elif msg.startswith(want):
                    stats["ok"] += 1
                else:
                    stats["text_mismatch"] += 1
                    out.append(f"TEXT {where} ({kind}): want '{want}', "
                               f"got '{msg}'")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checker", default="kiln-wasm-check")
    ap.add_argument("--wast2json-flag", dest="flags", action="append",
                    default=[])
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args()
    stats = dict(checked=0, ok=0, wrong_accept=0, wrong_reject=0,
                 text_mismatch=0, crash=0, wast2json_fail=0,
                 divergence=0)
    nfiles = 0
    for wast in wast_files(args.paths):
        nfiles += 1
        out = []
        check_file(args, wast, stats, out)
        for line in out:
            print(line)
    print(f"files {nfiles}: checked {stats['checked']}, ok {stats['ok']}, "
          f"wrong accept {stats['wrong_accept']}, "
          f"wrong reject {stats['wrong_reject']}, "
          f"text mismatch {stats['text_mismatch']}, "
          f"multi-memory divergence {stats['divergence']}, "
          f"crash {stats['crash']}, "
          f"wast2json failures {stats['wast2json_fail']}")
    bad = (stats["wrong_accept"] + stats["wrong_reject"] + stats["crash"]
           + stats["wast2json_fail"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
