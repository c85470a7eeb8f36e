#!/usr/bin/env python3
"""Run one C test program (already compiled to wasm32-wasi) under kiln and
compare it with a reference.

The reference is Node's `node:wasi` (tools/node-wasi-run.mjs): stdout must
match byte for byte and the exit status must be equal.  The one documented
difference is a trap: kiln exits with 134, node raises a RuntimeError (the
runner script turns that into exit 134 with "trap: RuntimeError" on stderr);
a test whose source says `//! expect: trap` requires exactly that from both.

Programs that probe the sandbox cannot use node (node:wasi is not
capability-safe); they say `//! expect: file` and are compared with the
committed tests/c/expected/NAME.stdout and `//! exit: N`.

Directives, one per line in the C source:
  //! args: A B "C D"        guest arguments (shell quoting)
  //! env: K=V K2="V 2"      guest environment
  //! stdin: FILE            fed on stdin (FILE under tests/c/data)
  //! dir: FIXTURE GUEST     copy tests/c/data/FIXTURE (or '-' for an empty
                             folder) to a fresh temporary folder and preopen
                             it as GUEST
  //! symlink: NAME TARGET   make symlink NAME in that folder before the run;
                             '{outside}' in TARGET is the absolute path of a
                             sibling folder holding outside.txt
  //! expect: node|trap|file
  //! exit: N                expected exit status for expect: file

Every run happens in its own temporary folder laid out as
  TMP/box/      the preopened copy of the fixture
  TMP/outside/  outside.txt, which no guest may ever touch
After a kiln run the outside folder (and TMP itself) must be unchanged.  For
runs with a folder, the final trees left by kiln and by node must also match
(names, types, sizes, contents, link targets).

With --build the subject is `kiln build` (the same --dir/--env baked in)
followed by running the executable with the arguments.

Exit status: 0 pass, 1 fail, 77 skip (meson's skip code).
"""

import argparse
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import tempfile

TRAP_STATUS = 134
OUTSIDE_TEXT = b"outside secret\n"


def parse_directives(src):
    spec = {"args": [], "env": [], "stdin": None, "dir": None,
            "symlinks": [], "expect": "node", "exit": 0}
    with open(src, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("//!"):
                continue
            key, _, val = line[3:].partition(":")
            key, val = key.strip(), val.strip()
            if key == "args":
                spec["args"] = shlex.split(val)
            elif key == "env":
                spec["env"] = shlex.split(val)
            elif key == "stdin":
                spec["stdin"] = val
            elif key == "dir":
                fixture, guest = val.split()
                spec["dir"] = (fixture, guest)
            elif key == "symlink":
                name, target = val.split(None, 1)
                spec["symlinks"].append((name, target))
            elif key == "expect":
                if val not in ("node", "trap", "file"):
                    raise SystemExit(f"{src}: bad expect '{val}'")
                spec["expect"] = val
            elif key == "exit":
                spec["exit"] = int(val)
            else:
                raise SystemExit(f"{src}: unknown directive '{key}'")
    return spec


def snapshot(root):
    """Describe a folder tree: {relpath: (kind, detail)}; never follows links."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out[rel] = ("link", os.readlink(p))
            elif os.path.isdir(p):
                out[rel] = ("dir", "")
            else:
                with open(p, "rb") as f:
                    data = f.read()
                out[rel] = ("file", f"{len(data)} bytes sha256 "
                            + hashlib.sha256(data).hexdigest()[:16])
        dirnames[:] = [d for d in dirnames
                       if not os.path.islink(os.path.join(dirpath, d))]
    return out


class Run:
    def __init__(self, status, stdout, stderr, tree, outside_ok, note):
        self.status, self.stdout, self.stderr = status, stdout, stderr
        self.tree, self.outside_ok, self.note = tree, outside_ok, note


def run_one(cmd_prefix, wasm, spec, data_dir, timeout, guest_dir_opts,
            build_with=None):
    """Runs cmd_prefix + options + wasm + args, or with build_with (a kiln
    path) first `kiln build`s an executable with the same options baked in
    and runs that with the arguments."""
    with tempfile.TemporaryDirectory(prefix="kiln-c-") as tmp, \
            tempfile.TemporaryDirectory(prefix="kiln-c-exe-") as exe_dir:
        box = os.path.join(tmp, "box")
        outside = os.path.join(tmp, "outside")
        os.mkdir(outside)
        with open(os.path.join(outside, "outside.txt"), "wb") as f:
            f.write(OUTSIDE_TEXT)
        cmd = list(cmd_prefix)
        if spec["dir"]:
            fixture, guest = spec["dir"]
            if fixture == "-":
                os.mkdir(box)
            else:
                shutil.copytree(os.path.join(data_dir, fixture), box,
                                symlinks=True)
            for name, target in spec["symlinks"]:
                os.symlink(target.replace("{outside}", outside),
                           os.path.join(box, name))
            cmd += guest_dir_opts(box, guest)
        else:
            os.mkdir(box)
        for kv in spec["env"]:
            cmd += ["--env", kv]
        if build_with:
            exe = os.path.join(exe_dir, "prog")
            build = [build_with, "build"] + cmd[len(cmd_prefix):] + [wasm, "-o", exe]
            b = subprocess.run(build, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               cwd=exe_dir, timeout=timeout)
            if b.returncode != 0:
                return Run(None, b"", b.stdout, None, True,
                           f"kiln build failed with status {b.returncode}")
            cmd = [exe] + spec["args"]
        else:
            cmd += [wasm] + spec["args"]
        before_top = sorted(os.listdir(tmp))
        stdin = subprocess.DEVNULL
        if spec["stdin"]:
            stdin = open(os.path.join(data_dir, spec["stdin"]), "rb")
        # Output goes to files, not pipes: node's WASI drops data when a
        # write to a full non-blocking pipe returns EAGAIN.
        with tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
            try:
                p = subprocess.run(cmd, stdin=stdin, stdout=fout, stderr=ferr,
                                   cwd=tmp, timeout=timeout)
                status, note = p.returncode, ""
            except subprocess.TimeoutExpired:
                status, note = None, f"timed out after {timeout}s"
            finally:
                if stdin is not subprocess.DEVNULL:
                    stdin.close()
            fout.seek(0)
            ferr.seek(0)
            out, err = fout.read(), ferr.read()
        outside_ok = (sorted(os.listdir(tmp)) == before_top
                      and os.listdir(outside) == ["outside.txt"]
                      and not os.path.islink(os.path.join(outside, "outside.txt"))
                      and open(os.path.join(outside, "outside.txt"), "rb").read()
                      == OUTSIDE_TEXT)
        tree = snapshot(box) if spec["dir"] else None
        return Run(status, out, err, tree, outside_ok, note)


def show(label, data, limit=4000):
    text = data.decode("utf-8", "replace")
    if len(text) > limit:
        text = text[:limit] + f"\n... ({len(data)} bytes in all)"
    print(f"--- {label} ---\n{text}", end="" if text.endswith("\n") else "\n")


def first_diff(a, b):
    al, bl = a.split(b"\n"), b.split(b"\n")
    for i, (x, y) in enumerate(zip(al, bl)):
        if x != y:
            return f"line {i + 1}: kiln {x[:200]!r} vs reference {y[:200]!r}"
    return f"one output is a prefix of the other ({len(a)} vs {len(b)} bytes)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kiln", help="kiln executable (the subject)")
    ap.add_argument("--node", default="node")
    ap.add_argument("--runner", required=True, help="tools/node-wasi-run.mjs")
    ap.add_argument("--src", required=True)
    ap.add_argument("--wasm", required=True)
    ap.add_argument("--data", required=True, help="tests/c/data")
    ap.add_argument("--expected", required=True, help="tests/c/expected")
    ap.add_argument("--timeout", type=float, default=240)
    ap.add_argument("--build", action="store_true",
                    help="test `kiln build` + the executable instead of `kiln run`")
    ap.add_argument("--subject-node", action="store_true",
                    help="use node as the subject too (checks the harness)")
    args = ap.parse_args()
    for attr in ("kiln", "runner", "src", "wasm", "data", "expected"):
        if getattr(args, attr):
            setattr(args, attr, os.path.abspath(getattr(args, attr)))

    name = os.path.splitext(os.path.basename(args.src))[0]
    spec = parse_directives(args.src)
    node_cmd = [args.node, "--single-threaded-gc", "--no-warnings", args.runner]

    def dir_opts(host, guest):
        return ["--dir", f"{host}::{guest}"]

    if args.subject_node:
        subject_cmd, subject_name = node_cmd, "node(as subject)"
    else:
        if not args.kiln or not os.access(args.kiln, os.X_OK):
            print(f"SKIP {name}: no kiln executable")
            return 77
        subject_cmd, subject_name = [args.kiln, "run"], "kiln"
        if args.build:
            subject_name = "kiln build"

    failures = []
    got = run_one(subject_cmd, args.wasm, spec, args.data, args.timeout,
                  dir_opts, build_with=args.kiln if args.build else None)
    if got.note:
        failures.append(f"{subject_name}: {got.note}")
    if not got.outside_ok:
        failures.append(f"{subject_name}: the guest changed something "
                        "outside its preopened folder")

    if spec["expect"] == "file":
        with open(os.path.join(args.expected, name + ".stdout"), "rb") as f:
            want_out = f.read()
        want_status, ref_label = spec["exit"], "expected file"
        ref = None
    else:
        ref = run_one(node_cmd, args.wasm, spec, args.data, args.timeout,
                      dir_opts)
        if ref.note:
            failures.append(f"node: {ref.note}")
        want_out, want_status, ref_label = ref.stdout, ref.status, "node"
        if ref.status == 126 and b"node-wasi-run:" in ref.stderr:
            failures.append("the node reference itself failed to run")
        if spec["expect"] == "trap":
            if b"trap: RuntimeError" not in ref.stderr:
                failures.append("node did not report a RuntimeError trap")
            want_status = TRAP_STATUS
        elif ref.status == TRAP_STATUS:
            failures.append("node trapped but the test does not expect a trap")

    if got.stdout != want_out:
        failures.append(f"stdout differs from {ref_label}: "
                        + first_diff(got.stdout, want_out))
    if got.status != want_status:
        failures.append(f"exit status {got.status} from {subject_name}, "
                        f"{want_status} expected ({ref_label})")
    if ref is not None and spec["dir"] and got.tree != ref.tree:
        keys = sorted(set(got.tree) | set(ref.tree))
        diffs = [f"  {k}: {subject_name} {got.tree.get(k)} vs node {ref.tree.get(k)}"
                 for k in keys if got.tree.get(k) != ref.tree.get(k)]
        failures.append("folder left behind differs:\n" + "\n".join(diffs[:20]))

    if failures:
        print(f"FAIL {name}")
        for f in failures:
            print("  " + f)
        show(f"{subject_name} stdout", got.stdout)
        show(f"{subject_name} stderr", got.stderr)
        show(f"{ref_label} stdout", want_out)
        if ref is not None:
            show("node stderr", ref.stderr)
        return 1
    print(f"PASS {name} (exit {got.status}, {len(got.stdout)} bytes of stdout)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
