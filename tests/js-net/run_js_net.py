#!/usr/bin/env python3
"""JavaScript components on the network (suite 'js-net').

Usage:
  run_js_net.py --kiln K --work W --case CASE [--runner kiln|jco]
  run_js_net.py --kiln K --work W --serve [--runner kiln|build|jco]

client.js and proxy.js are componentized once per build directory (`jco
componentize`, worlds in client.wit and proxy.wit beside copies of /wit;
kept in --work while newer than their sources, under a lock).  A client
case runs `kiln run -O0 client.wasm CASE HOST:PORT` (compiled once into a
cache in --work) or `jco run`
against the loopback servers of tests/wasi_p2_http (test_server.py, with
its port) or a TCP echo server here, and its stdout must equal
expected/CASE.txt.  --serve starts proxy.wasm under `kiln serve -O0`, as
the executable of `kiln build -O0`, or under `jco serve`, sends it requests over
raw sockets (run_serve.Conn) and holds the transcript to
expected/serve.txt.  When jco's output differs, expected/NAME.jco.txt
holds jco's, its `#` lines saying why; JCO_SKIP lists the cases jco
cannot run at all (exit 77 under --runner jco).

Exit status: 0 pass, 1 fail, 77 skip (node or tests/node_modules missing).
"""
import argparse
import difflib
import fcntl
import os
import shutil
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "wasi_p2_http"))
import run_client  # noqa: E402  (free_port)
import run_serve  # noqa: E402  (Conn: a raw HTTP/1.1 client)

JCO = os.path.join(ROOT, "tools", "jco")
SKIP = 77
# The socket cases need the network; fetch() does not go through them.
NET_FLAGS = ["--inherit-network", "--allow-ip-name-lookup"]


def run(cmd, env=None):
    p = subprocess.run(cmd, capture_output=True, text=True, errors="replace", env=env)
    if p.returncode != 0:
        sys.exit(f"FAIL: exit {p.returncode}: {' '.join(cmd)}\n{p.stdout}{p.stderr}")


def make_wit(work, name):
    """work/NAME-wit: NAME.wit and copies of /wit's packages as deps, edited
    as NAME.wit's opening comment explains."""
    top = os.path.join(work, name + "-wit")
    shutil.rmtree(top, ignore_errors=True)
    os.makedirs(os.path.join(top, "deps"))
    shutil.copy(os.path.join(HERE, name + ".wit"), os.path.join(top, "world.wit"))
    for pkg in ("cli", "clocks", "filesystem", "http", "io", "random", "sockets"):
        src = os.path.join(ROOT, "wit", pkg)
        dst = os.path.join(top, "deps", pkg)
        os.makedirs(dst)
        for f in os.listdir(src):
            if not f.endswith(".wit"):
                continue
            text = open(os.path.join(src, f)).read().replace(
                "@unstable(feature = network-error-code)", "@since(version = 0.2.0)")
            if name == "proxy":
                text = text.replace("0.2.12", "0.2.10")
            open(os.path.join(dst, f), "w").write(text)
    return top


def componentize(work, name):
    """NAME.wasm in work/ from NAME.js, rebuilt when a source is newer."""
    os.makedirs(work, exist_ok=True)
    out = os.path.join(work, name + ".wasm")
    srcs = [os.path.join(HERE, name + ".js"), os.path.join(HERE, name + ".wit")]
    with open(os.path.join(work, name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if os.path.exists(out) and all(os.path.getmtime(out) >= os.path.getmtime(s)
                                       for s in srcs):
            return out
        tmp = out + ".tmp.wasm"
        run([JCO, "componentize", srcs[0], "--wit", make_wit(work, name),
             "-n", name, "-o", tmp])
        os.replace(tmp, out)
    return out


def kiln_env(work):
    env = dict(os.environ)
    for k in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
              "all_proxy", "ALL_PROXY"):
        env.pop(k, None)
    # One compile of each component per build directory.
    env["KILN_CACHE_DIR"] = os.path.join(work, "cache")
    return env


def expected(name, runner):
    """The expected text for NAME under RUNNER, `#` lines dropped."""
    path = os.path.join(HERE, "expected", name + ".txt")
    if runner == "jco" and os.path.exists(os.path.join(HERE, "expected", name + ".jco.txt")):
        path = os.path.join(HERE, "expected", name + ".jco.txt")
    if not os.path.exists(path):
        return f"(no {os.path.relpath(path, HERE)})\n"
    with open(path) as f:
        return "".join(l for l in f if not l.startswith("#"))


def compare(want, got, status, stderr):
    if status != 0 or got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            "expected", "got"))
        print(f"FAIL: exit {status}\n{diff}{stderr[-4000:]}")
        return 1
    print(got, end="")
    return 0


def echo_server():
    """A TCP echo server on 127.0.0.1 (daemon thread); returns its port."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen()

    def serve():
        while True:
            c, _ = srv.accept()
            while True:
                d = c.recv(4096)
                if not d:
                    break
                c.sendall(d)
            c.close()
    threading.Thread(target=serve, daemon=True).start()
    return srv.getsockname()[1]


# Cases jco cannot run, and why.
JCO_SKIP = {
    "tcp-echo": "jco's preview2-shim never ends the input stream of a TCP "
                "connection the peer closed: blocking-read waits forever",
}


def client_case(args):
    if args.runner == "jco" and args.case in JCO_SKIP:
        print(f"SKIP: {JCO_SKIP[args.case]}")
        return SKIP
    wasm = componentize(args.work, "client")
    env = kiln_env(args.work)
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "wasi_p2_http",
                                                            "test_server.py")],
                              stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline())
        host = "localhost" if args.case == "localhost" else "127.0.0.1"
        if args.case == "refused":
            port = run_client.free_port()
        elif args.case == "tcp-echo":
            port = echo_server()
        auth = f"{host}:{port}"
        if args.runner == "jco":
            cmd = [JCO, "run", wasm, args.case, auth]
        else:
            # -O0 (here and for the proxy): a 15 MB component compiles
            # several times faster, and the cases run little JavaScript.
            cmd = [args.kiln, "run", "-O0"] + NET_FLAGS + [wasm, args.case, auth]
            # The first run compiles the component into the cache (minutes
            # on a loaded machine); the others wait for it here.
            with open(os.path.join(args.work, "run.lock"), "w") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                run(cmd[:-2], env)
        p = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                           timeout=300, env=env)
    finally:
        server.kill()
        server.wait()
    return compare(expected(args.case, args.runner), p.stdout, p.returncode, p.stderr)


def show(label, r, hdrs=()):
    st, h, b, _ = r
    extra = "".join(f" {k}={h[k]}" for k in hdrs if k in h)
    return [f"{label}: {st}{extra} {b.decode(errors='replace')!r}"]


def req_get(path, hdrs=(), extra=""):
    def f(port):
        return show(f"GET {path}", run_serve.get(port, path, extra), hdrs)
    f.__name__ = f"GET {path}"
    return f


def req_echo_chunked(port):
    """A request body streamed in chunks, with pauses, echoed back."""
    c = run_serve.Conn(port)
    c.send(b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n")
    for piece in (b"streamed ", b"request ", b"body"):
        c.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        time.sleep(0.1)
    c.send(b"0\r\n\r\n")
    out = show("POST /echo chunked", c.response(), ["x-len-in", "x-method"])
    c.close()
    return out


def req_echo_big(port):
    c = run_serve.Conn(port)
    body = bytes(i % 251 for i in range(100000))
    c.send(b"PUT /echo HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % len(body))
    c.send(body)
    st, h, b, _ = c.response()
    c.close()
    return [f"PUT /echo 100000 bytes: {st} x-len-in={h.get('x-len-in')} "
            f"x-method={h.get('x-method')} echoed={b == body}"]


def req_throw(port):
    """StarlingMonkey answers a throwing listener with a 500 whose body it
    never finishes (the outgoing-body is dropped): the server sends the
    head, then must cut the message (wasi:http types.wit, outgoing-body)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    s.sendall(b"GET /throw HTTP/1.1\r\nHost: t\r\n\r\n")
    data = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
    except OSError:
        pass
    s.close()
    status = data.split(b"\r\n", 1)[0].decode(errors="replace")
    done = data.endswith(b"0\r\n\r\n") or b"content-length" in data.lower()
    return [f"GET /throw: {status!r}, message {'complete' if done else 'cut short'}"]


def step_concurrent(port):
    results = [None] * 8

    def one(i):
        try:
            results[i] = run_serve.get(port, f"/headers?n={i}")[2]
        except OSError as e:
            results[i] = str(e).encode()
    ts = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    good = sum(r == f"method GET\nquery ?n={i}\n".encode() for i, r in enumerate(results))
    return [f"8 concurrent clients: {good} right"]


STEPS = [req_get("/hello", ["x-js"]), req_get("/status", ["x-kind"]),
         req_get("/nope"), req_get("/chunks"),
         req_get("/headers?q=1", extra="X-Client: py\r\nX-Other: 2\r\n"),
         req_echo_chunked, req_echo_big, req_throw,
         req_get("/hello", ["x-js"]), step_concurrent]


class Server:
    """The proxy component serving on a free loopback port."""

    def __init__(self, cmd_for, env, log_path):
        self.cmd_for, self.env, self.log_path = cmd_for, env, log_path
        self.proc = None

    def start(self):
        self.port = run_client.free_port()
        with open(self.log_path, "a") as log:
            self.proc = subprocess.Popen(self.cmd_for(self.port), stdout=log,
                                         stderr=log, env=self.env)
        deadline = time.monotonic() + 3000  # kiln serve compiles on first use
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return True
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    return False
                time.sleep(0.5)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def serve(args):
    wasm = componentize(args.work, "proxy")
    env = kiln_env(args.work)
    if args.runner == "build":
        exe = os.path.join(args.work, "proxy-server")
        with open(os.path.join(args.work, "proxy-build.lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not os.path.exists(exe) or os.path.getmtime(exe) < os.path.getmtime(wasm):
                run([args.kiln, "build", "-O0", wasm, "-o", exe + ".tmp"], env)
                os.replace(exe + ".tmp", exe)
        cmd_for = lambda port: [exe, "--addr", f"127.0.0.1:{port}"]  # noqa: E731
    elif args.runner == "jco":
        cmd_for = lambda port: [JCO, "serve", "--port", str(port), wasm]  # noqa: E731
    else:
        cmd_for = lambda port: [args.kiln, "serve", "-O0", wasm,  # noqa: E731
                                "--addr", f"127.0.0.1:{port}"]
    log_path = os.path.join(args.work, f"serve-{args.runner}.log")
    open(log_path, "w").close()
    srv = Server(cmd_for, env, log_path)
    # jco serve keeps one instance for every request (see serve.jco.txt):
    # it gets a fresh server for each request.
    fresh = args.runner == "jco"
    got, status = [], 0
    try:
        if not fresh and not srv.start():
            print(f"FAIL: the server did not start (exit {srv.proc.poll()})")
            print(open(log_path).read()[-4000:])
            return 1
        for step in STEPS:
            if fresh and step is step_concurrent:
                continue
            if fresh and not srv.start():
                got.append(f"{step.__name__}: the server did not start")
                continue
            try:
                got += step(srv.port)
            except (OSError, EOFError) as e:
                got.append(f"{step.__name__}: no response ({type(e).__name__})")
            if fresh:
                srv.stop()
        if not fresh and srv.proc.poll() is not None:
            status = srv.proc.returncode or 1
    finally:
        srv.stop()
    return compare(expected("serve", args.runner), "".join(l + "\n" for l in got),
                   status, open(log_path).read())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--case")
    ap.add_argument("--serve", action="store_true")
    ap.add_argument("--runner", default="kiln", choices=["kiln", "build", "jco"])
    args = ap.parse_args()
    args.work = os.path.abspath(args.work)
    if not shutil.which("node") or not os.path.isdir(
            os.path.join(ROOT, "tests", "node_modules", "@bytecodealliance", "jco")):
        print("SKIP: node or tests/node_modules (jco) missing")
        return SKIP
    return serve(args) if args.serve else client_case(args)


if __name__ == "__main__":
    sys.exit(main())
