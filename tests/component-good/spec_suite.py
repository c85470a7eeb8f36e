#!/usr/bin/env python3
"""Runs the Component Model repository's validation tests (test/**/*.wast)
through kiln-wasm-check.

Usage: spec_suite.py CHECKER NODE_MODULES WORKDIR [TESTDIR]

TESTDIR (or $KILN_CM_TESTSUITE) is the `test` folder of a checkout of
github.com/WebAssembly/component-model; without it the test is skipped
(77), as it is without jco in NODE_MODULES.  Every top-level
`(component ...)` must validate, or be refused with a "not supported"
error (async built-ins, exception tags, GC types); every
`(assert_invalid (component ...) ...)` must be refused, except the few
listed in KNOWN_ACCEPTED.  Forms jco's wasm-tools cannot assemble are
skipped.  Prints a summary line.
"""
import json
import os
import re
import subprocess
import sys

# invalid components kiln still accepts, by the expected message
KNOWN_ACCEPTED = {
    # a function exported by an inline instance must name its resource
    # inside that instance
    "resource used in function does not have a name in this context",
}


def forms(text):
    """Top-level s-expressions of a .wast file, comments skipped."""
    i, n, depth, start = 0, len(text), 0, 0
    while i < n:
        if text.startswith(";;", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("(;", i):
            d, i = 1, i + 2
            while i < n and d:
                if text.startswith("(;", i):
                    d, i = d + 1, i + 2
                elif text.startswith(";)", i):
                    d, i = d - 1, i + 2
                else:
                    i += 1
            continue
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif c == "(":
            if depth == 0:
                start = i
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                yield text[start:i + 1]
        i += 1


def cases(testdir):
    out = []
    for root, _, files in sorted(os.walk(testdir)):
        for f in sorted(files):
            if not f.endswith(".wast"):
                continue
            text = open(os.path.join(root, f), encoding="utf-8").read()
            for form in forms(text):
                head = form[1:].split(None, 1)[0]
                if head == "component":
                    out.append([f, "valid", form, ""])
                elif head == "assert_invalid":
                    inner = list(forms(form[1:-1]))
                    msg = re.findall(r'"((?:[^"\\]|\\.)*)"\s*\)\s*$', form)
                    if inner and inner[0].startswith("(component"):
                        out.append([f, "invalid", inner[0],
                                    msg[0] if msg else ""])
    return out


ASSEMBLE = """
import { parse } from %s;
import fs from 'node:fs';
const cases = JSON.parse(fs.readFileSync(process.argv[1], 'utf8'));
const dir = process.argv[2];
const res = [];
for (let i = 0; i < cases.length; i++) {
  try {
    fs.writeFileSync(`${dir}/${i}.wasm`, await parse(cases[i][2]));
    res.push(true);
  } catch (e) {
    res.push(false);
  }
}
fs.writeFileSync(`${dir}/assembled.json`, JSON.stringify(res));
"""


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    checker, modules, work = [os.path.abspath(a) for a in sys.argv[1:4]]
    testdir = sys.argv[4] if len(sys.argv) > 4 else \
        os.environ.get("KILN_CM_TESTSUITE", "")
    tools = os.path.join(modules, "@bytecodealliance", "jco-transpile",
                         "dist", "wasm-tools.js")
    if not testdir or not os.path.isdir(testdir):
        print("KILN_CM_TESTSUITE is not set to component-model/test: skipped")
        return 77
    if not os.path.exists(tools):
        print("jco is not installed (run `npm ci` in tests/): skipped")
        return 77
    os.makedirs(work, exist_ok=True)
    all_cases = cases(testdir)
    with open(os.path.join(work, "cases.json"), "w") as f:
        json.dump(all_cases, f)
    script = ASSEMBLE % json.dumps(tools)
    subprocess.run(["node", "--input-type=module", "-e", script, "--",
                    os.path.join(work, "cases.json"), work], check=True)
    assembled = json.load(open(os.path.join(work, "assembled.json")))
    counts = {"valid": 0, "unsupported": 0, "rejected": 0, "known": 0,
              "skipped": 0}
    failures = []
    for i, (f, kind, _, msg) in enumerate(all_cases):
        if not assembled[i]:
            counts["skipped"] += 1
            continue
        r = subprocess.run([checker, os.path.join(work, f"{i}.wasm")],
                           capture_output=True, text=True, errors="replace")
        err = r.stderr.strip()
        if r.returncode not in (0, 1):
            failures.append(f"{f} case {i}: crashed ({r.returncode}): {err}")
        elif kind == "valid" and r.returncode == 0:
            counts["valid"] += 1
        elif kind == "valid" and "not supported" in err:
            counts["unsupported"] += 1
        elif kind == "valid":
            failures.append(f"{f} case {i}: valid but refused: {err}")
        elif r.returncode == 1:
            counts["rejected"] += 1
        elif msg in KNOWN_ACCEPTED:
            counts["known"] += 1
        else:
            failures.append(f"{f} case {i}: invalid ({msg}) but accepted")
    print(f"valid: {counts['valid']} accepted, {counts['unsupported']} "
          f"refused as not supported; invalid: {counts['rejected']} "
          f"rejected, {counts['known']} known gaps; {counts['skipped']} "
          f"forms jco could not assemble")
    for line in failures:
        print(line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
