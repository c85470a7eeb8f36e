#!/usr/bin/env python3
"""Checks that kiln-spectest reports exactly the wrong assertions of
wrong.wast: every assertion (and the module $broken) fails except those
marked ";; ok", and the closing counts and exit status agree."""
import re
import subprocess
import sys


def expected(path):
    fails, passes = set(), 1  # the first module instantiates
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        if not line.startswith(("(assert_", "(module $broken")):
            continue
        if ";; ok" in line:
            passes += 1
        else:
            fails.add(n)
    return fails, passes


def main():
    runner, script = sys.argv[1], sys.argv[2]
    want_fails, want_passes = expected(script)
    run = subprocess.run([runner, script], capture_output=True, text=True)
    got_fails = {int(m.group(1))
                 for m in re.finditer(r":(\d+): FAIL ", run.stdout)}
    problems = []
    if got_fails != want_fails:
        problems.append("missed failures at lines %s, unexpected at %s" % (
            sorted(want_fails - got_fails), sorted(got_fails - want_fails)))
    closing = "%d passed, %d failed, 0 skipped" % (want_passes,
                                                   len(want_fails))
    if run.stdout.strip().splitlines()[-1:] != [closing]:
        problems.append("closing line is not `%s`" % closing)
    if run.returncode != 1:
        problems.append("exit status %d, expected 1" % run.returncode)
    if problems:
        sys.stdout.write(run.stdout + run.stderr)
        for p in problems:
            print("selfcheck: " + p)
        return 1
    print("selfcheck: %d failures reported as expected" % len(want_fails))
    return 0


if __name__ == "__main__":
    sys.exit(main())
