#!/usr/bin/env python3
"""Runs a command that must reject its input and compares its error.

Usage: expect_error.py [--status N] [--first-line] EXPECTED_FILE WORKDIR CMD [ARG...]

CMD runs in WORKDIR (so file names in messages stay relative).  The test
passes when CMD exits with status 1 (or N) and its stderr, stripped, equals
the stripped contents of EXPECTED_FILE (with --first-line: its first line
equals the file's first line, for traps followed by a backtrace).  Any
command works (kiln-wasm-check, the kiln driver), as long as it prints the
same diagnostic.
"""
import os
import subprocess
import sys


def main():
    args = sys.argv[1:]
    status, first_line = 1, False
    while args and args[0].startswith("--"):
        if args[0] == "--status" and len(args) > 1:
            status, args = int(args[1]), args[2:]
        elif args[0] == "--first-line":
            first_line, args = True, args[1:]
        else:
            sys.exit(__doc__)
    if len(args) < 3:
        sys.exit(__doc__)
    expected_file, workdir, cmd = args[0], args[1], args[2:]
    # a program given by a relative path is found from here, not WORKDIR
    if os.sep in cmd[0] and not os.path.isabs(cmd[0]):
        cmd[0] = os.path.abspath(cmd[0])
    with open(expected_file) as f:
        want = f.read().strip()
    r = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True,
                       errors="replace")
    got = r.stderr.strip()
    if first_line:
        got, want = got.split("\n")[0], want.split("\n")[0]
    ok = True
    if r.returncode != status:
        print(f"exit status {r.returncode}, expected {status}")
        ok = False
    if got != want:
        print(f"expected: {want}\ngot:      {got}")
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
