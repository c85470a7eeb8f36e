#!/usr/bin/env python3
"""`kiln bindgen c` refuses what it does not support with a located error.

Each folder of bad/ is a WIT package; the world is `w` (or the one named
by a `(world: NAME)` note in its first line).  kiln must exit 1 and print
exactly NAME.expected (paths relative to bad/).
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    kiln = os.path.abspath(sys.argv[1])
    bad = os.path.join(HERE, "bad")
    fails = 0
    cases = sorted(d for d in os.listdir(bad) if os.path.isdir(os.path.join(bad, d)))
    for case in cases:
        first = open(os.path.join(bad, case, "x.wit")).readline()
        m = re.search(r"\(world: (\S+)\)", first)
        world = m.group(1) if m else "w"
        with tempfile.TemporaryDirectory() as out:
            p = subprocess.run([kiln, "bindgen", "c", "--wit", case, "--world", world,
                                "-o", out], cwd=bad, capture_output=True, text=True)
        want = open(os.path.join(bad, case + ".expected")).read()
        if p.returncode != 1 or p.stderr != want:
            print(f"FAIL {case}: exit {p.returncode}\n got: {p.stderr!r}\nwant: {want!r}")
            fails += 1
    print(f"{len(cases) - fails}/{len(cases)} bad cases give the expected error")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
