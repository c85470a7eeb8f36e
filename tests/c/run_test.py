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

With --component CM (suite component-c, tests/component-c) the subject runs
CM, the program wrapped as a WASI 0.2 command component by
`tools/jco new WASM --wasi-command -o CM` (done here when CM is missing or
older than WASM; --jco names the wrapper; exit 77 when jco is not
installed).  The reference stays the core module under node:wasi, since
`jco run` maps no directories.  Exit statuses go through the preview1
adapter of jco 1.35, whose proc_exit(n) calls wasi:cli/exit.exit with
ok for n == 0 and err otherwise (the adapter imports only `exit`, never
`exit-with-code`): the component can only report 0 or 1, so the expected
status is 0 for 0, 134 for a trap and 1 for every other status.  With
--jco-check, programs that use no environment also run under `jco run CM
ARGS` and must give the same stdout, status (and, with --jco-dirs, folder
left behind).  jco run has no --dir: with --jco-dirs a module given to
--jco-import preopens the folder through preview2-shim's _setPreopens.
It has no --env either, and given its own process environment its shim
mangles an empty value (EMPTY= reads as the next variable's), so
environ.c is not held against it.  A
program whose component legitimately behaves unlike its core module has
--component-expected DIR/NAME.expect (see load_component_expect).

Exit status: 0 pass, 1 fail, 77 skip (meson's skip code).
"""

import argparse
import hashlib
import json
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


def component_status(status):
    """What a command component wrapped by the preview1 adapter can
    report for a core module's exit status (see the header)."""
    if status in (0, TRAP_STATUS) or status is None:
        return status
    return 1


def wrap_component(jco, wasm, cm, timeout):
    """Runs `jco new --wasi-command` unless cm is newer than wasm; returns
    an error text or None."""
    if os.path.exists(cm) and os.path.getmtime(cm) >= os.path.getmtime(wasm):
        return None
    os.makedirs(os.path.dirname(cm) or ".", exist_ok=True)
    tmp = cm + f".tmp{os.getpid()}"
    p = subprocess.run([jco, "new", wasm, "--wasi-command", "-o", tmp],
                       stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=timeout)
    if p.returncode != 0:
        return f"jco new failed ({p.returncode}): " + p.stdout.decode(
            "utf-8", "replace")[-2000:]
    os.replace(tmp, cm)
    return None


def load_component_expect(folder, name):
    """tests/component-c/expected/NAME.expect: `status: N` and `stdout:
    file` (NAME.stdout beside it, which jco run gives), `stdout:
    prefix-of-file` (jco run gives NAME.stdout, kiln a prefix of it) or
    `stdout: prefix` (both give a prefix of the core module's output under
    node); `#` lines say why."""
    if not folder:
        return None
    path = os.path.join(folder, name + ".expect")
    if not os.path.exists(path):
        return None
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            key, _, val = line.partition(":")
            out[key.strip()] = int(val) if key.strip() == "status" else val.strip()
    return out


def jco_preopen(jco, host, guest):
    """jco run has no --dir: a module given to --jco-import preopens the
    folder through preview2-shim's _setPreopens before the guest runs."""
    modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
        os.path.dirname(os.path.abspath(jco)), "..", "tests", "node_modules")
    shim = os.path.join(os.path.abspath(modules), "@bytecodealliance",
                        "preview2-shim", "dist", "nodejs", "filesystem.js")
    pre = os.path.join(os.path.dirname(host), "preopen.mjs")
    with open(pre, "w", encoding="utf-8") as f:
        f.write(f"import {{ _setPreopens }} from {json.dumps(shim)};\n"
                f"_setPreopens({{{json.dumps(guest)}: {json.dumps(host)}}});\n")
    return ["--jco-import", pre]


def jco_installed(jco):
    modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
        os.path.dirname(os.path.abspath(jco)), "..", "tests", "node_modules")
    return os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco"))


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
    ap.add_argument("--component", metavar="CM",
                    help="run CM, WASM wrapped by `jco new --wasi-command`")
    ap.add_argument("--jco", help="tools/jco (for --component)")
    ap.add_argument("--component-expected", metavar="DIR",
                    help="tests/component-c/expected: NAME.expect overrides")
    ap.add_argument("--jco-check", action="store_true",
                    help="with --component, also hold `jco run` to the reference")
    ap.add_argument("--jco-dirs", action="store_true",
                    help="with --jco-check, also for programs with a folder")
    ap.add_argument("--skip", metavar="WHY",
                    help="exit 77 at once (meson registers unrunnable tests so)")
    args = ap.parse_args()
    if args.skip:
        print(f"SKIP: {args.skip}")
        return 77
    for attr in ("kiln", "runner", "src", "wasm", "data", "expected",
                 "component", "jco", "component_expected"):
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

    subject_wasm = args.wasm
    if args.component:
        if not args.jco or not jco_installed(args.jco):
            print(f"SKIP {name}: jco is not installed (npm ci in tests/)")
            return 77
        err = wrap_component(args.jco, args.wasm, args.component, args.timeout)
        if err:
            print(f"FAIL {name}: {err}")
            return 1
        subject_wasm = args.component
        subject_name += "(component)"

    failures = []
    got = run_one(subject_cmd, subject_wasm, spec, args.data, args.timeout,
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

    prefix_only = False
    if args.component:
        want_status = component_status(want_status)
        cexp = load_component_expect(args.component_expected, name)
        if cexp:
            # the wrapped program behaves differently from its core module
            # (the .expect file says why): held to that instead
            want_status = cexp.get("status", want_status)
            if cexp.get("stdout") == "prefix":
                prefix_only = True
            elif cexp.get("stdout") in ("file", "prefix-of-file"):
                prefix_only = cexp["stdout"] == "prefix-of-file"
                with open(os.path.join(args.component_expected,
                                       name + ".stdout"), "rb") as f:
                    want_out = f.read()
                ref_label = "tests/component-c/expected"
        if args.jco_check and (not spec["dir"] or args.jco_dirs) \
                and not spec["env"]:
            j = run_one([args.node, args.jco, "run"], args.component,
                        spec, args.data, args.timeout,
                        lambda host, guest: jco_preopen(args.jco, host, guest))
            if j.note:
                failures.append(f"jco run: {j.note}")
            if ref is not None and spec["dir"] and j.tree != ref.tree:
                failures.append("jco run left a different folder than node")
            if cexp and cexp.get("stdout") == "prefix":
                if not want_out.startswith(j.stdout):
                    failures.append("jco run stdout is not a prefix of node's: "
                                    + first_diff(j.stdout, want_out))
            elif j.stdout != want_out:
                failures.append(f"jco run stdout differs from {ref_label}: "
                                + first_diff(j.stdout, want_out))
            jco_want = want_status
            if want_status == TRAP_STATUS:
                jco_want = 1  # jco run reports a trap as a failed exit
            if j.status != jco_want:
                failures.append(f"exit status {j.status} from jco run, "
                                f"{jco_want} expected")
                show("jco run stderr", j.stderr)

    if prefix_only:
        if not want_out.startswith(got.stdout):
            failures.append(f"stdout is not a prefix of {ref_label}'s: "
                            + first_diff(got.stdout, want_out))
    elif got.stdout != want_out:
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
