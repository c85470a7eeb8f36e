#!/usr/bin/env python3
"""Serves handler.c (a wasi:http/proxy component) and checks the server.

The handler is built once per build directory like client.c in
run_client.py (`kiln bindgen c --world proxy`, clang-19 reactor, `jco
embed`, `jco new --wasi-reactor`).  Then `kiln serve handler.wasm --addr
127.0.0.1:PORT` (or, with --build, the executable of `kiln build` with
--addr) runs and raw sockets check, in order: responses (chunked,
content-length, echo of a streamed and a chunked request body, request
fields, trailers), keep-alive and pipelining, a trapping handler (500 for
that request, the server lives on), a handler trapping mid-body (the
message is cut short), bad requests (400, 431, 501, a missing Host), a
client disconnecting mid-body, concurrent clients, Expect: 100-continue
(100 before the body, a final answer without reading an unwanted body,
417, HTTP/1.0), the idle keep-alive timeout (--idle-timeout 2), a slow
client (408),
and a graceful SIGTERM that still answers the request in flight.
Every check prints one line; any failure fails the test.

Exit status: 0 pass, 1 fail, 77 skip (toolchain missing).
"""
import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time

import run_client

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FAILED = []


def build_handler(kiln, work, name="handler"):
    os.makedirs(work, exist_ok=True)
    comp = os.path.join(work, f"{name}.wasm")
    src = os.path.join(HERE, f"{name}.c")
    import fcntl
    with open(os.path.join(work, "build.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (os.path.exists(comp) and os.path.getmtime(comp) >= os.path.getmtime(src)
                and os.path.getmtime(comp) >= os.path.getmtime(kiln)):
            return comp
        gen = os.path.join(work, "gen-proxy")
        wit = os.path.join(ROOT, "wit", "http")
        run_client.run([kiln, "bindgen", "c", "--wit", wit, "--world", "proxy",
                        "-o", gen])
        core = os.path.join(work, f"{name}-core.wasm")
        run_client.run(["clang-19", "--target=wasm32-wasi", "-O2",
                        "-mexec-model=reactor", "-Wall", "-Wextra", "-Werror",
                        f"-I{gen}", src, os.path.join(gen, "proxy.c"), "-o", core])
        jco = [os.path.join(ROOT, "tools", "jco")]
        emb = os.path.join(work, f"{name}-embedded.wasm")
        run_client.run(jco + ["embed", "--wit", wit, "-n", "proxy", core, "-o", emb])
        tmp = comp + ".tmp"
        run_client.run(jco + ["new", emb, "--wasi-reactor", "-o", tmp])
        os.replace(tmp, comp)
    return comp


def check(name, ok, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if not ok and detail else ""))
    if not ok:
        FAILED.append(name)


class Conn:
    def __init__(self, port, timeout=20):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def _more(self):
        d = self.s.recv(65536)
        if not d:
            raise EOFError
        self.buf += d

    def response(self):
        """(status, headers dict, body bytes, trailers dict) of one response."""
        while b"\r\n\r\n" not in self.buf:
            self._more()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        status = int(lines[0].split()[1])
        hdrs = {}
        for l in lines[1:]:
            k, v = l.split(":", 1)
            hdrs[k.strip().lower()] = v.strip()
        body, trailers = b"", {}
        if hdrs.get("transfer-encoding") == "chunked":
            while True:
                while b"\r\n" not in self.buf:
                    self._more()
                line, self.buf = self.buf.split(b"\r\n", 1)
                n = int(line, 16)
                if n == 0:
                    while True:
                        while b"\r\n" not in self.buf:
                            self._more()
                        line, self.buf = self.buf.split(b"\r\n", 1)
                        if not line:
                            break
                        k, v = line.decode().split(":", 1)
                        trailers[k.strip().lower()] = v.strip()
                    break
                while len(self.buf) < n + 2:
                    self._more()
                body += self.buf[:n]
                self.buf = self.buf[n + 2:]
        else:
            n = int(hdrs.get("content-length", "0"))
            while len(self.buf) < n:
                self._more()
            body, self.buf = self.buf[:n], self.buf[n:]
        return status, hdrs, body, trailers

    def closed(self):
        try:
            return self.s.recv(1) == b""
        except OSError:
            return True

    def close(self):
        self.s.close()


def get(port, path, extra=""):
    c = Conn(port)
    c.send(f"GET {path} HTTP/1.1\r\nHost: t\r\n{extra}\r\n".encode())
    r = c.response()
    c.close()
    return r


def raw_status(port, data, timeout=20):
    c = Conn(port, timeout)
    try:
        c.send(data)
        st = c.response()[0]
        return st, c.closed()
    except (EOFError, OSError) as e:
        return f"no response ({e})", True
    finally:
        c.close()


def expect_checks(port):
    """Expect: 100-continue (RFC 9110 10.1.1)."""
    c = Conn(port, timeout=5)
    c.send(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
           b"Expect: 100-continue\r\n\r\n")
    try:
        st = c.response()[0]
    except (EOFError, OSError) as e:
        st = f"nothing ({e})"
    check("Expect: 100-continue answered with 100 before the body", st == 100, f"{st}")
    c.send(b"hello")
    st, h, b, _ = c.response()
    check("then the body reaches the guest", st == 200 and b == b"hello", f"{st} {b!r}")
    c.send(b"GET /len HTTP/1.1\r\nHost: t\r\n\r\n")
    st, h, b, _ = c.response()
    check("and the connection goes on", st == 200 and b == b"fixed length")
    c.close()

    c = Conn(port, timeout=5)
    c.send(b"POST /hello HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n"
           b"Expect: 100-continue\r\n\r\n")
    try:
        st, h, b, _ = c.response()
        ok = (st == 200 and b == b"hello from kiln\n" and
              h.get("connection") == "close" and c.closed())
    except (EOFError, OSError) as e:
        st, h, ok = f"nothing ({e})", {}, False
    check("Expect: 100-continue, body not wanted: final answer, no 100, close", ok,
          f"{st} {h}")
    c.close()

    st, closed = raw_status(port, b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\n"
                                  b"Expect: teapot\r\n\r\nx")
    check("unknown expectation: 417", st == 417 and closed, f"{st}")
    c = Conn(port, timeout=5)
    c.send(b"POST /echo HTTP/1.0\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nhi")
    try:
        st, h, b, _ = c.response()
    except (EOFError, OSError) as e:
        st, b = f"nothing ({e})", b""
    check("HTTP/1.0 expectation ignored", st == 200 and b == b"hi", f"{st} {b!r}")
    c.close()


def idle_checks(port):
    """--idle-timeout 2: idle keep-alive connections are closed."""
    c = Conn(port, timeout=10)
    c.send(b"GET /len HTTP/1.1\r\nHost: t\r\n\r\n")
    c.response()
    time.sleep(1)
    c.send(b"GET /len HTTP/1.1\r\nHost: t\r\n\r\n")
    st = c.response()[0]
    check("keep-alive request after 1 s idle", st == 200, f"{st}")
    start = time.monotonic()
    closed = c.closed()
    took = time.monotonic() - start
    check("idle connection closed after --idle-timeout", closed and 1.5 < took < 6,
          f"closed={closed} after {took:.1f}s")
    c.close()


def checks(port, proc):
    st, h, b, _ = get(port, "/hello")
    check("GET /hello", st == 200 and b == b"hello from kiln\n" and
          h.get("transfer-encoding") == "chunked", f"{st} {h} {b!r}")
    st, h, b, _ = get(port, "/len")
    check("content-length from the guest", st == 200 and b == b"fixed length" and
          h.get("content-length") == "12", f"{st} {h} {b!r}")
    st, h, b, _ = get(port, "/nope")
    check("404 from the guest", st == 404 and b == b"no such page\n")

    c = Conn(port)
    body = bytes(i % 251 for i in range(200000))
    c.send(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % len(body))
    c.send(body)
    st, h, b, _ = c.response()
    check("POST 200000 bytes echoed", st == 200 and b == body and
          h.get("x-len") == str(len(body)), f"{st} {len(b)}")
    c.send(b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
           b"5\r\nhello\r\n6\r\n world\r\n0\r\nx-t: 1\r\n\r\n")
    st, h, b, _ = c.response()
    check("chunked request body on the same connection", st == 200 and b == b"hello world")
    c.send(b"GET /info HTTP/1.1\r\nHost: example.test\r\nX-Foo: bar\r\n\r\n"
           b"GET /len HTTP/1.1\r\nHost: t\r\n\r\n")
    st, h, b, _ = c.response()
    want = b"method GET\nauthority example.test\nx-foo: bar\nrequest headers immutable\n"
    check("request fields (pipelined 1/2)", st == 200 and b == want, repr(b))
    st, h, b, _ = c.response()
    check("pipelined 2/2", st == 200 and b == b"fixed length")
    c.close()

    st, h, b, t = get(port, "/trailers")
    check("response trailers", st == 200 and b == b"with trailers\n" and
          t == {"x-trailer": "end"}, f"{b!r} {t}")
    st, h, b, _ = get(port, "/trap")
    check("trapping handler: 500", st == 500)
    st, h, b, _ = get(port, "/error")
    check("error-code answer: 500", st == 500)
    c = Conn(port)
    c.send(b"GET /trap-mid HTTP/1.1\r\nHost: t\r\n\r\n")
    try:
        c.response()
        check("trap mid-body cuts the message", False, "complete response")
    except EOFError:
        check("trap mid-body cuts the message", True)
    c.close()
    st, h, b, _ = get(port, "/hello")
    check("server alive after traps", st == 200)

    for name, data, want in [
        ("garbage request line", b"GARBAGE\r\n\r\n", 400),
        ("missing Host", b"GET /hello HTTP/1.1\r\n\r\n", 400),
        ("bad header name", b"GET / HTTP/1.1\r\nHost: t\r\nBad Name: x\r\n\r\n", 400),
        ("bad version", b"GET / HTTP/2.7\r\nHost: t\r\n\r\n", 400),
        ("obs-fold", b"GET / HTTP/1.1\r\nHost: t\r\nX: a\r\n b\r\n\r\n", 400),
        ("content-length and chunked",
         b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n"
         b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
        ("bad content-length", b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", 400),
        ("unknown transfer-coding",
         b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("oversized head", b"GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n", 431),
    ]:
        st, closed = raw_status(port, data)
        check(f"{name}: {want}", st == want and closed, f"{st}")

    c = Conn(port)
    c.send(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\nonly a little")
    c.close()
    c = Conn(port)
    c.send(b"POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nff\r\nabc")
    c.close()
    time.sleep(0.3)
    st, h, b, _ = get(port, "/hello")
    check("disconnects mid-body: server alive", st == 200 and proc.poll() is None)

    results = []

    def client(k):
        try:
            c = Conn(port)
            for _ in range(10):
                c.send(b"GET /hello HTTP/1.1\r\nHost: t\r\n\r\n")
                results.append(c.response()[0])
            c.close()
        except Exception as e:  # noqa: BLE001 (reported below)
            results.append(str(e))
    ths = [threading.Thread(target=client, args=(k,)) for k in range(12)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    check("12 clients x 10 keep-alive requests", results.count(200) == 120,
          f"{len(results)} answers, {results.count(200)} OK; others: "
          f"{[r for r in results if r != 200][:3]}")

    expect_checks(port)
    idle_checks(port)

    start = time.monotonic()
    st, closed = raw_status(port, b"GET /hello HTTP/1.1\r\nHo", timeout=30)
    took = time.monotonic() - start
    check("slow client: 408", st == 408 and closed and took < 20, f"{st} after {took:.1f}s")

    # Graceful stop: a request in flight (its body still coming) is
    # answered after SIGTERM, with connection: close; then the server exits 0.
    c = Conn(port)
    c.send(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n01234")
    time.sleep(0.5)
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    c.send(b"56789")
    st, h, b, _ = c.response()
    check("SIGTERM: request in flight answered", st == 200 and b == b"0123456789" and
          h.get("connection") == "close", f"{st} {h} {b!r}")
    c.close()
    try:
        rc = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        rc = "still running"
    check("SIGTERM: exit status 0", rc == 0, f"{rc}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--build", action="store_true")
    args = ap.parse_args()
    missing = run_client.tools_missing()
    if missing:
        print(f"SKIP: {missing} missing")
        return 77
    comp = build_handler(args.kiln, args.work)
    port = run_client.free_port()
    addr = f"127.0.0.1:{port}"
    if args.build:
        exe = os.path.join(args.work, "handler-server")
        run_client.run([args.kiln, "build", comp, "-o", exe])
        cmd = [exe, "--addr", addr, "--idle-timeout", "2"]
    else:
        cmd = [args.kiln, "serve", comp, "--addr", addr, "--idle-timeout=2"]
    log = os.path.join(args.work, "serve-build.log" if args.build else "serve.log")
    return serve_and_check(cmd, port, log, lambda proc: checks(port, proc))


def serve_and_check(cmd, port, log, run_checks, env=None):
    """Starts the server, waits for its port, runs the checks, kills it:
    the exit status (0 when no check failed)."""
    proc = subprocess.Popen(cmd, stdout=open(log, "w"), stderr=subprocess.STDOUT,
                            env=env)
    try:
        deadline = time.monotonic() + 180  # the first run compiles
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    print(f"FAIL: the server did not start (exit {proc.poll()})")
                    return 1
                time.sleep(0.2)
        run_checks(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if FAILED:
        print(f"{len(FAILED)} failed: {', '.join(FAILED)}")
        return 1
    return 0

if __name__ == "__main__":
    sys.exit(main())
