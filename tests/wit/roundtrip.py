#!/usr/bin/env python3
"""Round trip of the WIT printer: print(parse(x)) == print(parse(print(parse(x)))).

Usage: roundtrip.py [--model KILN_WIT_MODEL] KILN PATH [PATH...]

Each PATH (a package folder or a .wit file) is printed with every
dependency (`kiln wit --deps`), the output is parsed and printed again,
and the two texts must be equal.  As a structural check the second
output must also name the same packages, interfaces and worlds, and with
--model the resolved model's outline (kiln-wit-model: types, functions,
resolved world imports and exports) of the printed text must equal the
original's.
"""
import os
import re
import subprocess
import sys
import tempfile


def kiln_wit(kiln, path):
    r = subprocess.run([kiln, "wit", "--deps", path], capture_output=True,
                       text=True)
    if r.returncode != 0:
        raise SystemExit(f"{path}: kiln wit failed:\n{r.stderr}")
    return r.stdout


def outline(text):
    """Package, interface and world headers, in order."""
    return re.findall(r"^\s*(package \S+|interface \S+|world \S+)", text,
                      re.M)


def model(tool, path):
    if not tool:
        return ""
    r = subprocess.run([tool, path], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{path}: kiln-wit-model failed:\n{r.stderr}")
    return r.stdout


def main():
    args = sys.argv[1:]
    tool = None
    if args[:1] == ["--model"]:
        tool, args = os.path.abspath(args[1]), args[2:]
    if len(args) < 2:
        sys.exit(__doc__)
    kiln = os.path.abspath(args[0])
    bad = 0
    for path in args[1:]:
        first = kiln_wit(kiln, path)
        with tempfile.TemporaryDirectory() as tmp:
            again = os.path.join(tmp, "printed.wit")
            with open(again, "w") as f:
                f.write(first)
            second = kiln_wit(kiln, again)
            same_model = model(tool, path) == model(tool, again)
        if not same_model:
            bad += 1
            print(f"{path}: the printed text resolves to a different model")
        elif first != second or outline(first) != outline(second):
            bad += 1
            print(f"{path}: printing is not stable")
            for i, (a, b) in enumerate(zip(first.splitlines(),
                                           second.splitlines())):
                if a != b:
                    print(f"  line {i + 1}:\n  - {a}\n  + {b}")
                    break
        else:
            print(f"{path}: ok ({len(outline(first))} items)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
