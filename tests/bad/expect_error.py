#!/usr/bin/env python3
"""Runs a command that must reject its input and compares its error.

Usage: expect_error.py EXPECTED_FILE WORKDIR CMD [ARG...]

CMD runs in WORKDIR (so file names in messages stay relative).  The test
passes when CMD exits with status 1 and its stderr, stripped, equals the
stripped contents of EXPECTED_FILE.  Any command works (kiln-wasm-check
today, the kiln driver later), as long as it prints the same diagnostic.
"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    expected_file, workdir, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
    # a program given by a relative path is found from here, not WORKDIR
    if os.sep in cmd[0] and not os.path.isabs(cmd[0]):
        cmd[0] = os.path.abspath(cmd[0])
    with open(expected_file) as f:
        want = f.read().strip()
    r = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True,
                       errors="replace")
    got = r.stderr.strip()
    ok = True
    if r.returncode != 1:
        print(f"exit status {r.returncode}, expected 1")
        ok = False
    if got != want:
        print(f"expected: {want}\ngot:      {got}")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
