#!/usr/bin/env python3
"""--unknown-imports=trap end to end (tests/canon/trap_import.wat): without
the flag the build is refused naming the import; with it the component
runs, a host-bound import works, and calling an unknown one traps with
its full name.

    run_trap_import.py KILN JCO WAT WORKDIR

Exit status: 0 pass, 1 fail, 77 skip (jco not installed)."""
import os
import subprocess
import sys


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, timeout=600,
                       stdin=subprocess.DEVNULL)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def main():
    kiln, jco, wat, work = sys.argv[1:5]
    if not os.path.exists(os.path.join(os.path.dirname(jco), "..", "tests",
                                       "node_modules")):
        return 77
    os.makedirs(work, exist_ok=True)
    wasm = os.path.join(work, "trap_import.wasm")
    st, out, err = run(["node", jco, "parse", wat, "-o", wasm])
    if st != 0:
        print("jco parse failed", out, err)
        return 1
    name = "example:kv/store@0.2.0#[constructor]bucket"
    fails = []
    st, out, err = run([kiln, "run", "--invoke", "random-ok()", wasm])
    if st == 0 or name not in err:
        fails.append(f"without the flag: status {st}, stderr {err!r}; "
                     f"a refusal naming `{name}` expected")
    st, out, err = run([kiln, "run", "--unknown-imports=trap", "--invoke",
                        "random-ok()", wasm])
    if st != 0 or out.strip() != "true":
        fails.append(f"random-ok(): status {st}, stdout {out!r}, stderr {err!r}")
    st, out, err = run([kiln, "run", "--unknown-imports=trap", "--invoke",
                        "make-fields()", wasm])
    if st != 134 or name not in err:
        fails.append(f"make-fields(): status {st}, stderr {err!r}; "
                     f"a trap naming `{name}` expected")
    for f in fails:
        print("FAIL", f)
    if not fails:
        print("PASS trap_import: 3 cases")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
