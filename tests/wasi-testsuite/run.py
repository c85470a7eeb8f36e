#!/usr/bin/env python3
"""Run the WebAssembly wasi-testsuite's prebuilt wasm32-wasip1 tests under
`kiln run` (or, for comparison, under node:wasi via tools/node-wasi-run.mjs).

The testsuite is not part of this repository.  Extract its prebuilt branch
somewhere and point this script at it:

    mkdir -p /tmp/wasi-ts
    git --git-dir=/work/.mirror/WebAssembly+wasi-testsuite/repo \\
        archive prod/testsuite-base | tar -x -C /tmp/wasi-ts
    tests/wasi-testsuite/run.py /tmp/wasi-ts --kiln build/compiler/driver/kiln
    tests/wasi-testsuite/run.py /tmp/wasi-ts --runtime node

It follows the official runner (test-runner/wasi_test_runner) for the
legacy test configuration: for each tests/*/testsuite/wasm32-wasip1/X.wasm,
X.json may give "args", "env", "root" (a folder beside the test),
"exit_code" (default 0), "stdout" and "stderr".  The root folder is
preopened as "/" (the official wasmtime adapter passes `--dir ROOT::/`);
here it is first copied to a fresh temporary folder, so runs never leave
files behind.  Like the official runner, which reads as many characters as
the expectation holds, "stdout"/"stderr" must be a prefix of the output.
Tests whose configuration uses the newer keys (operations, proposals,
servers: sockets and HTTP) are reported as skipped.

With --component each test is first wrapped as a WASI 0.2 command
component with the preview1 adapter (`tools/jco new X.wasm --wasi-command`),
cached under --cache (named by the core module's hash), and the component
runs instead: under `kiln run`, or with --runtime jco under `jco run` for
reference (jco run has no --dir: a module given to --jco-import calls
preview2-shim's _setPreopens to map the root as "/"; the guest
environment is exactly the test's "env").  The adapter of jco 1.35
turns proc_exit(n) into wasi:cli/exit.exit(err) for every n != 0, so a
test expecting an exit code other than 0 or 1 sees 1 and fails; its
failure line says so.

    tests/wasi-testsuite/run.py /tmp/wasi-ts --component --kiln KILN
    tests/wasi-testsuite/run.py /tmp/wasi-ts --component --runtime jco

Measured (prod/testsuite-base, 72 tests): kiln 68 pass, jco run 64.  The
four that fail under both are the adapter's, not the engine's:
assemblyscript/proc_exit-failure (status 1, not 33, as said above);
assemblyscript/args_get-multiple-arguments and environ_get-multiple-
variables (the adapter asserts in args_get / environ_get, "assertion
failed at adapter line 2858": its state, in pages it grew in the
program's memory, is found corrupted, as with tests/component-c's
sha256); assemblyscript/fd_write-to-invalid-fd (the adapter's errno
for an unknown descriptor is not the one the test asserts).  jco also
fails rust/fd_filestat_set, path_filestat, symlink_filestat and
interesting_paths (its preview2-shim's filesystem).

Prints PASS/FAIL/SKIP per test and a closing "N passed, N failed, N skipped"
line; exits 1 if any test failed, except those named by --known-failure
(repeatable; printed as "FAIL (known)"), which only make it say so.
"""

import argparse
import concurrent.futures
import glob
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile

LEGACY_KEYS = {"args", "root", "env", "exit_code", "stderr", "stdout"}
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def find_tests(where, version):
    pattern = os.path.join(where, "**", "testsuite", version, "*.wasm")
    found = glob.glob(pattern, recursive=True)
    if not found:  # maybe pointed at one suite folder directly
        found = glob.glob(os.path.join(where, "*.wasm"))
    return sorted(found)


def test_name(path):
    parts = os.path.normpath(path).split(os.sep)
    # .../tests/<lang>/testsuite/<version>/<name>.wasm
    lang = parts[-4] if len(parts) >= 4 else "?"
    return f"{lang}/{os.path.splitext(parts[-1])[0]}"


def load_config(wasm):
    cfg_path = wasm[:-5] + ".json"
    if not os.path.exists(cfg_path):
        return {}, None
    with open(cfg_path, encoding="utf-8") as f:
        cfg = json.load(f)
    extra = set(cfg) - LEGACY_KEYS
    if extra:
        return None, "uses " + ", ".join(sorted(extra))
    return cfg, None


def wrap_component(opts, wasm):
    """Returns (path of the cached component, error text or None)."""
    with open(wasm, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    base = os.path.splitext(os.path.basename(wasm))[0]
    cm = os.path.join(opts.cache, f"{base}-{digest}.cm.wasm")
    if os.path.exists(cm):
        return cm, None
    os.makedirs(opts.cache, exist_ok=True)
    tmp = f"{cm}.tmp{os.getpid()}-{digest}"
    try:
        p = subprocess.run([opts.node, opts.jco, "new", wasm, "--wasi-command",
                            "-o", tmp], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=opts.timeout)
    except subprocess.TimeoutExpired:
        return None, "jco new timed out"
    if p.returncode != 0:
        text = p.stdout.decode("utf-8", "replace").strip().splitlines()
        return None, "jco new failed: " + " / ".join(text[-3:])[:400]
    os.replace(tmp, cm)
    return cm, None


def command(opts, wasm, cfg, root_copy):
    if opts.runtime == "kiln":
        cmd = [opts.kiln, "run"]
    elif opts.runtime == "jco":
        # jco run takes no --dir: preopen the root from a --jco-import module
        cmd = [opts.node, opts.jco, "run"]
        if root_copy:
            pre = os.path.join(os.path.dirname(root_copy), "preopen.mjs")
            shim = os.path.join(opts.node_modules, "@bytecodealliance",
                                "preview2-shim", "dist", "nodejs",
                                "filesystem.js")
            with open(pre, "w", encoding="utf-8") as f:
                f.write(f"import {{ _setPreopens }} from {json.dumps(shim)};\n"
                        f"_setPreopens({{'/': {json.dumps(root_copy)}}});\n")
            cmd += ["--jco-import", pre]
        return cmd + [wasm] + list(cfg.get("args", []))
    else:
        cmd = [opts.node, "--single-threaded-gc", "--no-warnings",
               os.path.join(REPO_ROOT, "tools", "node-wasi-run.mjs")]
    for k, v in cfg.get("env", {}).items():
        cmd += ["--env", f"{k}={v}"]
    if root_copy:
        cmd += ["--dir", f"{root_copy}::/"]
    return cmd + [wasm] + list(cfg.get("args", []))


def run_test(opts, wasm):
    name = test_name(wasm)
    cfg, skip = load_config(wasm)
    if skip:
        return name, "SKIP", skip
    test_dir = os.path.dirname(wasm)
    if opts.component:
        wasm, err = wrap_component(opts, wasm)
        if err:
            return name, "FAIL", err
    with tempfile.TemporaryDirectory(prefix="kiln-wasi-ts-") as tmp:
        root_copy = None
        if cfg.get("root"):
            root_copy = os.path.join(tmp, "root")
            shutil.copytree(os.path.join(test_dir, cfg["root"]),
                            root_copy, symlinks=True)
        cmd = command(opts, wasm, cfg, root_copy)
        env = None
        if opts.runtime == "jco":
            env = {str(k): str(v) for k, v in cfg.get("env", {}).items()}
        try:
            p = subprocess.run(cmd, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               cwd=tmp, timeout=opts.timeout, env=env)
        except subprocess.TimeoutExpired:
            return name, "FAIL", f"timed out after {opts.timeout}s"
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    problems = []
    want_exit = cfg.get("exit_code", 0)
    if p.returncode != want_exit:
        problems.append(f"exit code {p.returncode}, expected {want_exit}")
        if opts.component and want_exit not in (0, 1) and p.returncode == 1:
            problems[-1] += (" (the preview1 adapter reports every nonzero"
                             " proc_exit as 1)")
    for stream, text in (("stdout", out), ("stderr", err)):
        want = cfg.get(stream)
        if want is not None and not text.startswith(want):
            problems.append(f"{stream} {text[:200]!r}, expected {want!r}")
    if problems:
        detail = "; ".join(problems)
        if err.strip() and "stderr" not in cfg:
            tail = err.strip().splitlines()[-3:]
            detail += " | stderr: " + " / ".join(tail)[:400]
        return name, "FAIL", detail
    return name, "PASS", ""


def main():
    ap = argparse.ArgumentParser(
        description="Run wasi-testsuite wasm32-wasip1 tests under kiln or node.")
    ap.add_argument("testsuite", help="extracted wasi-testsuite (or one suite folder)")
    ap.add_argument("--runtime", choices=["kiln", "node", "jco"],
                    default="kiln", help="jco needs --component")
    ap.add_argument("--component", action="store_true",
                    help="wrap each test with `jco new --wasi-command` first")
    ap.add_argument("--jco", default=os.path.join(REPO_ROOT, "tools", "jco"))
    ap.add_argument("--cache", default=os.path.join(
        tempfile.gettempdir(), "kiln-wasi-ts-components"),
        help="where --component keeps the wrapped tests")
    ap.add_argument("--kiln", default=os.path.join(REPO_ROOT, "build",
                                                   "compiler", "driver", "kiln"))
    ap.add_argument("--node", default="node")
    ap.add_argument("--version", default="wasm32-wasip1",
                    help="testsuite/<version> folders to run")
    ap.add_argument("--filter", default="", help="run tests whose name contains this")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--known-failure", action="append", default=[],
                    metavar="NAME", help="a test (lang/name) expected to fail")
    opts = ap.parse_args()
    if opts.runtime == "kiln":
        opts.kiln = os.path.abspath(opts.kiln)
        if not os.access(opts.kiln, os.X_OK):
            sys.exit(f"run.py: no kiln executable at {opts.kiln} (use --kiln)")
    if opts.runtime == "jco" and not opts.component:
        sys.exit("run.py: --runtime jco runs components: add --component")
    if opts.component:
        opts.jco, opts.cache = os.path.abspath(opts.jco), os.path.abspath(opts.cache)
        modules = os.environ.get("KILN_NODE_MODULES") or os.path.join(
            REPO_ROOT, "tests", "node_modules")
        opts.node_modules = os.path.abspath(modules)
        if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
            print("run.py: jco is not installed (npm ci in tests/): skipped")
            return 77

    tests = [t for t in find_tests(os.path.abspath(opts.testsuite), opts.version)
             if opts.filter in test_name(t)]
    if not tests:
        sys.exit(f"run.py: no {opts.version} tests under {opts.testsuite}")

    counts = {"PASS": 0, "FAIL": 0, "SKIP": 0}
    unexpected = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts.jobs) as pool:
        for name, verdict, detail in pool.map(lambda t: run_test(opts, t), tests):
            counts[verdict] += 1
            label = verdict
            if verdict == "FAIL":
                if name in opts.known_failure:
                    label = "FAIL (known)"
                else:
                    unexpected += 1
            elif verdict == "PASS" and name in opts.known_failure:
                label = "PASS (listed as a known failure)"
            print(f"{label} {name}" + (f": {detail}" if detail else ""), flush=True)
    print(f"runtime: {opts.runtime}" + (" (components)" if opts.component else ""))
    print(f"{counts['PASS']} passed, {counts['FAIL']} failed "
          f"({counts['FAIL'] - unexpected} known), {counts['SKIP']} skipped")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
