#!/usr/bin/env python3
"""Load test of the wasi:http/proxy server: kiln next to `jco serve`.

Builds tests/wasi_p2_http/handler.c into a proxy component (as
tests/wasi_p2_http/run_serve.py does), serves it with `kiln serve` and with
`tools/jco serve` (each request in a fresh component instance for both:
jco's --isolate-requests instance; jco's default, one instance shared by
all requests, is shown too), and runs `wrk` (Debian package) against
GET /hello: requests per second and latency percentiles, with the server's
peak resident memory (VmHWM) under the 100-connection run.  Then a burst of
malformed and slow requests runs beside a good-request load, which must
see no failed request.

--memimage-ab N compares kiln's server with its copy-on-write memory image
(runtime/core/memimage.c, the default) and without (KILN_MEMIMAGE=0), N
interleaved runs each, medians of req/s, p99 and peak RSS; --handler image
serves tests/wasi_p2_http/image.c (a 4 MiB data segment) instead.

    python3 bench/http_load.py --kiln build/compiler/driver/kiln \\
        [--duration 10] [--connections 100] [--threads 2] [--no-jco]
        [--handler handler|image] [--memimage-ab N]
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "wasi_p2_http"))
import run_client  # noqa: E402
import run_serve  # noqa: E402


def wait_port(port, proc, limit=120):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("server did not start")


def peak_rss_kib(pid):
    """VmHWM of pid and its children (jco serve runs node workers)."""
    total = 0
    pids = [str(pid)]
    try:
        kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                              text=True).stdout.split()
        pids += kids
    except OSError:
        pass
    for p in pids:
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def wrk(port, args):
    out = subprocess.run(["wrk", "-t", str(args.threads), "-c", str(args.connections),
                          "-d", f"{args.duration}s", "--latency",
                          f"http://127.0.0.1:{port}/hello"],
                         capture_output=True, text=True).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    return {"rps": float(rps.group(1)) if rps else 0.0,
            "p50": p50.group(1) if p50 else "?", "p99": p99.group(1) if p99 else "?",
            "non2xx": int(errs.group(1)) if errs else 0,
            "socket_errors": sock.group(1) if sock else "none", "raw": out}


def hostile(port, stop):
    """Malformed, oversized and slow requests until stop is set."""
    bad = [b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\n\r\n",
           b"GET / HTTP/1.1\r\nHost: t\r\nX: " + b"a" * 40000 + b"\r\n\r\n",
           b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\nabc",
           b"GET /trap HTTP/1.1\r\nHost: t\r\n\r\n"]
    slow = []
    n = 0
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(bad[n % len(bad)])
            if n % 10 == 0:
                slow.append(s)  # left hanging: the server must time it out
            else:
                s.settimeout(0.5)
                try:
                    s.recv(4096)
                except OSError:
                    pass
                s.close()
        except OSError:
            pass
        n += 1
        time.sleep(0.01)
    for s in slow:
        s.close()
    return n


def run_server(name, cmd, port, args, env=None):
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    try:
        wait_port(port, proc)
        subprocess.run(["wrk", "-t", "1", "-c", "4", "-d", "2s",
                        f"http://127.0.0.1:{port}/hello"], capture_output=True)
        r = wrk(port, args)
        r["peak_rss_mib"] = peak_rss_kib(proc.pid) / 1024
        print(f"{name:10}  {r['rps']:10.0f} req/s  p50 {r['p50']:>9}  p99 {r['p99']:>9}"
              f"  peak RSS {r['peak_rss_mib']:7.1f} MiB  non-2xx {r['non2xx']}"
              f"  socket errors {r['socket_errors']}", flush=True)
        if name == "kiln" and not args.memimage_ab:
            stop = threading.Event()
            res = {}
            th = threading.Thread(target=lambda: res.update(n=hostile(port, stop)))
            th.start()
            g = wrk(port, argparse.Namespace(threads=1, connections=10,
                                             duration=args.duration))
            stop.set()
            th.join()
            alive = proc.poll() is None
            print(f"hostile: {res.get('n', 0)} bad/slow requests beside "
                  f"{g['rps'] * args.duration:.0f} good ones: non-2xx {g['non2xx']}, "
                  f"socket errors {g['socket_errors']}, server "
                  f"{'alive' if alive else 'DEAD'}", flush=True)
        return r
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def ms(v):
    """wrk's latency text (e.g. 1.2ms, 830us, 1.1s) in milliseconds."""
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    if not m:
        return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


def memimage_ab(comp, args):
    """kiln with and without the memory image, interleaved."""
    res = {"image": [], "copy": []}
    for _ in range(args.memimage_ab):
        for mode in ("copy", "image"):
            env = dict(os.environ, KILN_MEMIMAGE="1" if mode == "image" else "0")
            port = run_client.free_port()
            res[mode].append(run_server(f"kiln-{mode}", [args.kiln, "serve", comp,
                                                        "--addr", f"127.0.0.1:{port}"],
                                        port, args, env))
    for mode, rs in res.items():
        print(f"median {mode:5}: {statistics.median(r['rps'] for r in rs):8.0f} req/s"
              f"  p99 {statistics.median(ms(r['p99']) for r in rs):7.2f} ms"
              f"  peak RSS {statistics.median(r['peak_rss_mib'] for r in rs):6.1f} MiB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--connections", type=int, default=100)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-jco", action="store_true")
    ap.add_argument("--handler", choices=["handler", "image"], default="handler")
    ap.add_argument("--memimage-ab", type=int, default=0, metavar="N")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="kiln-http-load-")
    comp = run_serve.build_handler(os.path.abspath(args.kiln), work, args.handler)
    print(f"GET /hello, {args.connections} connections, {args.threads} wrk threads, "
          f"{args.duration}s, a fresh instance per request", flush=True)
    if args.memimage_ab:
        memimage_ab(comp, args)
        return 0
    port = run_client.free_port()
    run_server("kiln", [args.kiln, "serve", comp, "--addr", f"127.0.0.1:{port}"],
               port, args)
    if not args.no_jco:
        jco = [os.path.join(ROOT, "tools", "jco"), "serve", comp, "--host", "127.0.0.1"]
        port = run_client.free_port()
        run_server("jco", jco + ["--port", str(port), "--isolate-requests", "instance"],
                   port, args)
        # jco's default: one instance shared by every request (no isolation).
        port = run_client.free_port()
        run_server("jco-shared", jco + ["--port", str(port)], port, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
