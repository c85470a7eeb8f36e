#!/usr/bin/env python3
"""Runs one wasi:http client case (client.c) against test_server.py.

The guest is built once per build directory (kept in --work, guarded by a
lock): `kiln bindgen c --wit wit/http --world imports`, clang-19
--target=wasm32-wasi, `jco embed` + `jco new --wasi-command` (the preview1
adapter supplies wasi:cli/run).  Then the loopback server starts on an
ephemeral port, `kiln run client.wasm CASE 127.0.0.1:PORT` (or, with
--build, the executable of `kiln build`) runs, and its stdout must equal
expected/CASE.txt.  The `refused` case gets a port nobody listens on.

Exit status: 0 pass, 1 fail, 77 skip (clang-19's wasm32-wasi sysroot, node
or tests/node_modules missing).
"""
import argparse
import difflib
import fcntl
import os
import shutil
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SKIP = 77


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kw)
    if p.returncode != 0:
        sys.exit(f"FAIL: exit {p.returncode}: {' '.join(cmd)}\n{p.stdout}{p.stderr}")
    return p


def build_guest(kiln, work):
    """client.wasm in work/, rebuilt when client.c is newer."""
    os.makedirs(work, exist_ok=True)
    comp = os.path.join(work, "client.wasm")
    with open(os.path.join(work, "build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        src = os.path.join(HERE, "client.c")
        if (os.path.exists(comp) and
                os.path.getmtime(comp) >= os.path.getmtime(src) and
                os.path.getmtime(comp) >= os.path.getmtime(kiln)):
            return comp
        gen = os.path.join(work, "gen")
        wit = os.path.join(ROOT, "wit", "http")
        run([kiln, "bindgen", "c", "--wit", wit, "--world", "imports", "-o", gen])
        core = os.path.join(work, "core.wasm")
        run(["clang-19", "--target=wasm32-wasi", "-O2", "-mexec-model=command",
             "-Wall", "-Wextra", "-Werror", f"-I{gen}", src,
             os.path.join(gen, "imports.c"), "-o", core])
        jco = [os.path.join(ROOT, "tools", "jco")]
        emb = os.path.join(work, "embedded.wasm")
        run(jco + ["embed", "--wit", wit, "-n", "imports", core, "-o", emb])
        tmp = comp + ".tmp"
        run(jco + ["new", emb, "--wasi-command", "-o", tmp])
        os.replace(tmp, comp)
    return comp


def tools_missing():
    if not shutil.which("clang-19") or not shutil.which("node"):
        return "clang-19 or node"
    p = subprocess.run(["clang-19", "--target=wasm32-wasi", "-x", "c", "-",
                        "-o", os.devnull], input="int main(void){return 0;}",
                       capture_output=True, text=True)
    if p.returncode != 0:
        return "clang-19's wasm32-wasi sysroot"
    if not os.path.isdir(os.path.join(ROOT, "tests", "node_modules", "@bytecodealliance")):
        return "tests/node_modules (jco)"
    return None


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--build", action="store_true",
                    help="run the executable of `kiln build`")
    ap.add_argument("--cross", metavar="TARGET",
                    help="check that `kiln build --target TARGET` refuses "
                         "the client in one clear line")
    args = ap.parse_args()
    missing = tools_missing()
    if missing:
        print(f"SKIP: {missing} missing")
        return SKIP
    comp = build_guest(args.kiln, args.work)
    if args.cross:
        return cross_refused(args, comp)
    env = dict(os.environ)
    for k in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
              "all_proxy", "ALL_PROXY"):
        env.pop(k, None)
    server = subprocess.Popen([sys.executable, os.path.join(HERE, "test_server.py")],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        if args.case == "refused":
            port = free_port()
        auth = f"127.0.0.1:{port}"
        if args.build:
            exe = os.path.join(args.work, f"client-{args.case}")
            run([args.kiln, "build", comp, "-o", exe])
            cmd = [exe, args.case, auth]
        else:
            cmd = [args.kiln, "run", comp, args.case, auth]
        start = time.monotonic()
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
        took = time.monotonic() - start
    finally:
        server.kill()
        server.wait()
    want = open(os.path.join(HERE, "expected", args.case + ".txt")).read()
    if p.returncode != 0 or p.stdout != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True),
                                            p.stdout.splitlines(True),
                                            "expected", "got"))
        print(f"FAIL: exit {p.returncode}\n{diff}{p.stderr}")
        return 1
    # Eight requests of about a second each: far less than their sum when
    # they are in flight together.
    if args.case == "many" and took > 4.5:
        print(f"FAIL: the requests took {took:.2f}s: not concurrent")
        return 1
    print(f"ok ({took:.2f}s)")
    return 0


def cross_refused(args, comp):
    """The cross runtimes have no libcurl: building a component that
    imports wasi:http/outgoing-handler for another target fails in one
    line naming what is missing, and `kiln targets` says so."""
    exe = os.path.join(args.work, f"client-{args.cross}")
    p = subprocess.run([args.kiln, "build", comp, "--target", args.cross,
                        "-o", exe], capture_output=True, text=True)
    lines = p.stderr.strip().splitlines()
    ok = (p.returncode != 0 and len(lines) == 1 and
          "wasi:http/outgoing-handler" in lines[0] and args.cross in lines[0]
          and "libcurl" in lines[0] and not os.path.exists(exe))
    t = subprocess.run([args.kiln, "targets"], capture_output=True, text=True).stdout
    line = [l for l in t.splitlines() if l.startswith(args.cross + ":")]
    ok_t = bool(line) and ("outgoing-handler" in line[0] or "missing" in line[0])
    if not ok or not ok_t:
        print(f"FAIL: exit {p.returncode}, stderr {p.stderr!r}, targets {line}")
        return 1
    print(f"ok: {lines[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
