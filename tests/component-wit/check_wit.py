#!/usr/bin/env python3
"""`kiln wit app.wasm` on one component; suite 'component-wit'.

Usage: check_wit.py KILN JCO WORKDIR SOURCE EXPECTED [CLANG | WORLD]

SOURCE is a component WAT file (assembled with `jco parse`), a C file
(compiled with CLANG for wasm32-wasi, then wrapped with
`jco new --wasi-command`; with EXPECTED ending in `.core.expected` the
core module itself is given to kiln), or a WIT folder whose WORLD
wit-component encodes (`jco embed --dummy` + `jco new`).  EXPECTED is:
  - NAME.wit: the exact output (`--world root` must print its world,
    `--check` nothing); it must also pass `kiln wit --check`,
    print back unchanged, and name the same world imports and exports
    as `jco wit` (jco's own printer, the reference);
  - NAME.lines: text each of whose lines the output must contain (then
    the same checks, but no golden text);
  - NAME.expected: the exact stderr of a refused component (exit 1).
Exits 77 (skip) when jco is not installed or CLANG is missing.
"""
import os
import subprocess
import sys


def run(cmd, check=True):
    r = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if check and r.returncode != 0:
        sys.stdout.write(f"failed: {' '.join(cmd)}\n{r.stdout}{r.stderr}")
        sys.exit(1)
    return r


def world_items(text):
    """import/export lines of the first world, whitespace-normalized."""
    items, inside = [], False
    for line in text.splitlines():
        s = " ".join(line.split())
        if s.startswith("world "):
            inside = True
        elif inside and s == "}" and not line.startswith(" "):
            break
        elif inside and (s.startswith("import ") or s.startswith("export ")):
            items.append(s)
    return sorted(items)


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    kiln, jco, work, src, expected = [os.path.abspath(a) for a in sys.argv[1:6]]
    clang = sys.argv[6] if len(sys.argv) > 6 else ""
    modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
        os.path.dirname(jco), "..", "tests", "node_modules")
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print("jco is not installed (run `npm ci` in tests/): skipped")
        return 77
    os.makedirs(work, exist_ok=True)
    name = os.path.basename(expected).split(".")[0]
    wasm = os.path.join(work, name + ".wasm")
    if os.path.isdir(src):
        core = os.path.join(work, name + ".core.wasm")
        run([jco, "embed", "--dummy", "--wit", src, "-n", clang, "-o", core])
        run([jco, "new", core, "-o", wasm])
    elif src.endswith(".c"):
        if not clang:
            print("no clang-19: skipped")
            return 77
        core = os.path.join(work, name + ".core.wasm")
        run([clang, "--target=wasm32-wasi", "-O1", src, "-o", core])
        if expected.endswith(".core.expected"):
            wasm = core
        else:
            run([jco, "new", core, "--wasi-command", "-o", wasm])
    else:
        run([jco, "parse", src, "-o", wasm])

    r = run([kiln, "wit", wasm], check=False)
    if expected.endswith(".expected"):
        want = open(expected).read().replace("@WASM@", wasm)
        if r.returncode != 1 or r.stderr != want or r.stdout:
            print(f"expected status 1 and stderr:\n{want}got status "
                  f"{r.returncode}, stdout:\n{r.stdout}stderr:\n{r.stderr}")
            return 1
        return 0
    if r.returncode != 0:
        print(f"kiln wit failed ({r.returncode}):\n{r.stderr}")
        return 1
    out = r.stdout
    if expected.endswith(".wit"):
        want = open(expected).read()
        if out != want:
            print(f"output differs from {expected}:\n{out}")
            return 1
    else:
        for line in open(expected).read().splitlines():
            if line.strip() and line not in out:
                print(f"missing line `{line}` in:\n{out}")
                return 1
    # --check prints nothing; --world root prints the world alone
    c = run([kiln, "wit", "--check", wasm], check=False)
    if c.returncode != 0 or c.stdout:
        print(f"kiln wit --check app.wasm: status {c.returncode}\n{c.stdout}")
        return 1
    w = run([kiln, "wit", "--world", "root", wasm], check=False)
    start = out.find("world root {")
    end = out.find("\n}\n", start)
    if w.returncode != 0 or w.stdout != out[start:end + 3]:
        print(f"kiln wit --world root app.wasm printed:\n{w.stdout}")
        return 1
    # valid WIT that prints back unchanged
    printed = os.path.join(work, name + ".out.wit")
    with open(printed, "w") as f:
        f.write(out)
    c = run([kiln, "wit", "--check", printed], check=False)
    if c.returncode != 0:
        print(f"kiln wit --check refuses the output:\n{c.stderr}")
        return 1
    again = run([kiln, "wit", printed], check=False)
    if again.stdout != out:
        print(f"the output does not print back unchanged:\n{again.stdout}")
        return 1
    # the same world as jco's printer gives
    j = run([jco, "wit", wasm], check=False)
    if j.returncode == 0 and world_items(j.stdout) != world_items(out):
        print("world differs from `jco wit`:\n"
              f"jco:  {world_items(j.stdout)}\nkiln: {world_items(out)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
