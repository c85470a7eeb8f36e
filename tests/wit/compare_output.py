#!/usr/bin/env python3
"""Runs a command and compares its standard output with a golden file.

Usage: compare_output.py GOLDEN CMD [ARG...]

Passes when CMD exits 0 and its output equals GOLDEN exactly.  With
KILN_UPDATE_GOLDEN=1 in the environment the golden file is rewritten.
"""
import os
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    golden, cmd = sys.argv[1], sys.argv[2:]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(f"exit status {r.returncode}\n{r.stderr}")
        return 1
    if os.environ.get("KILN_UPDATE_GOLDEN") == "1":
        with open(golden, "w") as f:
            f.write(r.stdout)
        return 0
    with open(golden) as f:
        want = f.read()
    if r.stdout != want:
        got, exp = r.stdout.splitlines(), want.splitlines()
        for i in range(max(len(got), len(exp))):
            a = exp[i] if i < len(exp) else "<end>"
            b = got[i] if i < len(got) else "<end>"
            if a != b:
                print(f"line {i + 1}:\n  expected: {a}\n  got:      {b}")
                break
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
