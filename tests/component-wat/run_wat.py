#!/usr/bin/env python3
"""Runs one hand-written component WAT test of tests/component-wat against
its golden file, under kiln (default) or under jco (--jco-check).

    run_wat.py --wat X.wat --golden X.golden --work DIR --jco tools/jco
               [--kiln KILN | --jco-check | --write] [--node NODE]

The WAT is assembled with `tools/jco parse`.  The golden file holds cases,
one directive per line (`#` lines are comments):

  invoke: CALL       a WAVE call, e.g. `f(1, "x")`, or several separated by
                     `;` sharing one instance (handles `#N`: docs/components.md),
                     run as `kiln run --invoke CALL X.wasm`
  result: TEXT       expected stdout, one line per call with a result
                     (an empty `result:` for a function without one), exit
                     status 0.  Computed by jco: --jco-check requires jco
                     to give the same, --write rewrites single lines from jco
  result-spec: TEXT  the same, derived by hand from CanonicalABI.md where jco
                     cannot serve (it is not asked)
  trap: REGEX        the (last) call must trap: exit status 134, stderr
                     matching REGEX (case-insensitive), stdout the result
                     lines given before it; derived from CanonicalABI.md
  error: REGEX       kiln must refuse the call before making it (a dead
                     handle, ...): exit status 1, stderr matching REGEX
  run: ARGS          a command component: `kiln run X.wasm ARGS` (or
                     `jco run` for --jco-check), followed by
  stdout: LINE       expected stdout lines (repeatable),
  stdout-skip: N     first N lines of stdout not compared (argument 0,
                     which kiln and jco name differently), and
  status: N          expected exit status (default 0)
  jco-status: N      the status `jco run` gives instead, where it deviates
  wit: TEXT          extra WIT for the jco driver (types of functions in
                     exported interfaces, which `jco wit` does not print)

With --wit-check (and --kiln), `kiln wit X.wasm` must succeed and print
every line of `jco wit X.wasm` (compared without indentation and blank
lines, in order); kiln may print more (the packages of exported
interfaces, which jco leaves out).

Exit status: 0 pass, 1 fail, 77 skip (jco not installed, or no kiln).
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TRAP_STATUS = 134


def parse_golden(path):
    cases, wit = [], []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, sep, val = line.partition(":")
            if not sep:
                raise SystemExit(f"{path}:{n}: no directive in {line!r}")
            key, val = key.strip(), val[1:] if val.startswith(" ") else val
            if key in ("invoke", "run"):
                cases.append({"kind": key, "text": val, "line": n,
                              "stdout": [], "status": 0, "skip": 0,
                              "lines": []})
            elif key == "wit":
                wit.append(val)
            elif not cases:
                raise SystemExit(f"{path}:{n}: {key} before any invoke/run")
            elif key in ("result", "result-spec"):
                cases[-1]["expect"] = key
                cases[-1]["lines"].append(val)
                cases[-1]["value"] = "\n".join(x for x in cases[-1]["lines"] if x)
            elif key in ("trap", "error"):
                cases[-1]["expect"], cases[-1]["value"] = key, val
            elif key == "stdout":
                cases[-1]["stdout"].append(val)
            elif key == "status":
                cases[-1]["status"] = int(val)
            elif key == "jco-status":
                cases[-1]["jco-status"] = int(val)
            elif key == "stdout-skip":
                cases[-1]["skip"] = int(val)
            else:
                raise SystemExit(f"{path}:{n}: unknown directive {key}")
    for c in cases:
        if c["kind"] == "invoke" and "expect" not in c:
            raise SystemExit(f"{path}:{c['line']}: invoke without result/trap")
    return cases, wit


def skip_lines(text, n):
    return "".join(text.splitlines(keepends=True)[n:])


def run(cmd, timeout, **kw):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout, **kw)
        return p.returncode, p.stdout.decode("utf-8", "replace"), \
            p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {timeout}s"


def assemble(opts, name):
    wasm = os.path.join(opts.work, name + ".wasm")
    if not os.path.exists(wasm) or \
            os.path.getmtime(wasm) < os.path.getmtime(opts.wat):
        status, out, err = run([opts.node, opts.jco, "parse", opts.wat,
                                "-o", wasm], 120)
        if status != 0:
            print(f"FAIL {name}: jco parse failed\n{out}{err}")
            return None
    return wasm


def jco_results(opts, wasm, cases, wit_extra):
    """The jco driver's answer for every invoke case (list of dicts)."""
    jsdir = os.path.join(opts.work, "js")
    status, out, err = run([opts.node, opts.jco, "transpile", wasm, "-o",
                            jsdir, "--name", "c", "--instantiation", "async",
                            "--no-typescript", "-q"], 300)
    if status != 0:
        raise RuntimeError(f"jco transpile failed: {out}{err}")
    status, wit, err = run([opts.node, opts.jco, "wit", wasm], 120)
    if status != 0:
        raise RuntimeError(f"jco wit failed: {wit}{err}")
    wit_file = os.path.join(opts.work, "c.wit")
    with open(wit_file, "w", encoding="utf-8") as f:
        f.write(wit + "\n" + "\n".join(wit_extra) + "\n")
    calls = [c["text"] for c in cases if c["kind"] == "invoke"]
    cases_file = os.path.join(opts.work, "cases.json")
    with open(cases_file, "w", encoding="utf-8") as f:
        json.dump(calls, f)
    status, out, err = run([opts.node, os.path.join(HERE, "jco_golden.mjs"),
                            opts.work, wasm, wit_file, cases_file], 300)
    lines = [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    if status != 0 or len(lines) != len(calls):
        raise RuntimeError(f"jco driver failed ({status}): {out}{err}")
    return lines


def check_jco(opts, name, wasm, cases, wit_extra):
    if not any(c["kind"] == "run" or c["expect"] == "result" for c in cases):
        # every expectation comes from CanonicalABI.md: just say what jco does
        try:
            answers = jco_results(opts, wasm, cases, wit_extra)
        except RuntimeError as e:
            first = str(e).strip().splitlines()
            return [], [f"jco cannot serve as the reference here: "
                        + " / ".join(first[:4])[:500]], {}
    else:
        answers = jco_results(opts, wasm, cases, wit_extra)
    answers = iter(answers)
    fails, notes, new_values = [], [], {}
    for c in cases:
        if c["kind"] == "run":
            args = shlex.split(c["text"])
            status, out, err = run([opts.node, opts.jco, "run", wasm] + args, 300)
            out = skip_lines(out, c["skip"])
            want = "".join(s + "\n" for s in c["stdout"])
            if out != want or status != c.get("jco-status", c["status"]):
                fails.append(f"line {c['line']}: jco run gave status {status} "
                             f"stdout {out!r}, golden says {c['status']} {want!r}"
                             f" | {err.strip()[-300:]}")
            continue
        a = next(answers)
        got = a.get("result")
        if "driver" in a:
            fails.append(f"line {c['line']}: driver error: {a['driver']}")
            continue
        if c["expect"] == "result":
            if len(c["lines"]) == 1:
                new_values[c["line"]] = got
            if got != c["value"]:
                fails.append(f"line {c['line']}: {c['text']}: jco gives "
                             f"{got if got is not None else 'trap ' + a.get('trap', a.get('refused', '?'))!r},"
                             f" golden says {c['value']!r}")
        else:
            seen = got if got is not None else \
                ("trap: " + a["trap"] if "trap" in a else "refused: " + a.get("refused", "?"))
            if len(seen) > 160:
                seen = seen[:160] + "..."
            notes.append(f"line {c['line']}: {c['text']}: jco gives {seen!r} "
                         f"(golden from CanonicalABI.md: {c['expect']} {c['value']!r})")
    return fails, notes, new_values


def rewrite(golden, new_values):
    with open(golden, encoding="utf-8") as f:
        lines = f.readlines()
    # the result: line of the invoke at line n is the next result line
    out, pending = [], None
    for n, line in enumerate(lines, 1):
        if line.startswith("invoke:"):
            pending = n
        if line.startswith("result:") and pending in new_values \
                and new_values[pending] is not None:
            line = "result: " + new_values[pending] + "\n"
            if not new_values[pending]:
                line = "result:\n"
            pending = None
        out.append(line)
    with open(golden, "w", encoding="utf-8") as f:
        f.writelines(out)


def check_kiln(opts, name, wasm, cases):
    fails = []
    for c in cases:
        if c["kind"] == "run":
            cmd = [opts.kiln, "run", wasm] + shlex.split(c["text"])
            want_out = "".join(s + "\n" for s in c["stdout"])
            want_status, regex = c["status"], None
        else:
            cmd = [opts.kiln, "run", "--invoke", c["text"], wasm]
            want_out = "".join(x + "\n" for x in c["lines"] if x)
            if c["expect"] == "trap":
                want_status, regex = TRAP_STATUS, c["value"]
            elif c["expect"] == "error":
                want_out, want_status, regex = None, 1, c["value"]
            else:
                want_status, regex = 0, None
        status, out, err = run(cmd, opts.timeout, cwd=opts.work)
        if c["kind"] == "run":
            out = skip_lines(out, c["skip"])
        problems = []
        if status != want_status:
            problems.append(f"exit status {status}, {want_status} expected")
        if want_out is not None and out != want_out:
            problems.append(f"stdout {out!r}, {want_out!r} expected")
        if regex and not re.search(regex, err, re.I):
            problems.append(f"stderr does not match /{regex}/")
        if problems:
            fails.append(f"line {c['line']}: {c['kind']} {c['text']}: "
                         + "; ".join(problems)
                         + (f"\n    stderr: {err.strip()[-400:]}" if err.strip() else ""))
    return fails


def check_wit(opts, name, wasm):
    """`kiln wit` holds every line of `jco wit`, in order."""
    def lines(text):
        return [x.strip() for x in text.splitlines() if x.strip()]
    status, jout, jerr = run([opts.node, opts.jco, "wit", wasm], 120)
    if status != 0:
        return [f"jco wit failed: {jerr.strip()[-300:]}"]
    status, kout, kerr = run([opts.kiln, "wit", wasm], 120)
    if status != 0:
        return [f"kiln wit failed ({status}): {kerr.strip()[-400:]}"]
    want, got = lines(jout), lines(kout)
    i = 0
    for g in got:
        if i < len(want) and g == want[i]:
            i += 1
    if i < len(want):
        return [f"kiln wit lacks jco's line {want[i]!r} (or has it out of "
                f"order)\n--- kiln wit ---\n{kout}--- jco wit ---\n{jout}"]
    return []


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wat", required=True)
    ap.add_argument("--golden", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--jco", required=True, help="tools/jco")
    ap.add_argument("--node", default="node")
    ap.add_argument("--kiln")
    ap.add_argument("--jco-check", action="store_true",
                    help="hold the golden's result: lines against jco")
    ap.add_argument("--write", action="store_true",
                    help="rewrite the golden's result: lines from jco")
    ap.add_argument("--wit-check", action="store_true",
                    help="compare `kiln wit` with `jco wit`")
    ap.add_argument("--timeout", type=float, default=240)
    opts = ap.parse_args()
    for a in ("wat", "golden", "work", "jco", "kiln"):
        if getattr(opts, a):
            setattr(opts, a, os.path.abspath(getattr(opts, a)))
    name = os.path.splitext(os.path.basename(opts.wat))[0]
    modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
        os.path.dirname(opts.jco), "..", "tests", "node_modules")
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print(f"SKIP {name}: jco is not installed (npm ci in tests/)")
        return 77
    opts.work = os.path.join(opts.work, name + (".jco" if opts.jco_check or opts.write
                                                 else ".wit" if opts.wit_check else ""))
    os.makedirs(opts.work, exist_ok=True)
    cases, wit_extra = parse_golden(opts.golden)
    wasm = assemble(opts, name)
    if not wasm:
        return 1
    if opts.jco_check or opts.write:
        try:
            fails, notes, new_values = check_jco(opts, name, wasm, cases, wit_extra)
        except RuntimeError as e:
            print(f"FAIL {name}: {e}")
            return 1
        for n in notes:
            print("note " + n)
        if opts.write:
            rewrite(opts.golden, new_values)
            print(f"rewrote {len(new_values)} result lines of {opts.golden}")
            for f in fails:
                print("  was " + f)
            return 0
        who = "jco"
    else:
        if not opts.kiln or not os.access(opts.kiln, os.X_OK):
            print(f"SKIP {name}: no kiln executable")
            return 77
        if opts.wit_check:
            fails, who = check_wit(opts, name, wasm), "kiln wit"
            cases = [None]
        else:
            fails = check_kiln(opts, name, wasm, cases)
            who = "kiln"
    if fails:
        print(f"FAIL {name} ({who})" + (f": {len(fails)} of {len(cases)} cases"
                                         if cases != [None] else ""))
        for f in fails:
            print("  " + f)
        return 1
    print(f"PASS {name} ({who})" + (f": {len(cases)} cases" if cases != [None] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
