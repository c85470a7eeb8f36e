#!/usr/bin/env python3
"""Runs a command and compares its stdout and exit status.

Usage: expect_output.py EXPECTED_STDOUT STATUS WORKDIR CMD [ARG...]"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    expected, status, workdir, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4:]
    # a program given by a relative path is found from here, not WORKDIR
    if os.sep in cmd[0] and not os.path.isabs(cmd[0]):
        cmd[0] = os.path.abspath(cmd[0])
    with open(expected) as f:
        want = f.read()
    r = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True)
    ok = r.returncode == status and r.stdout == want
    if not ok:
        print(f"status {r.returncode} (want {status})\nstdout:\n{r.stdout}\nwant:\n{want}\nstderr:\n{r.stderr}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
