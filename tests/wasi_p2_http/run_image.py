#!/usr/bin/env python3
"""Serves image.c and checks the copy-on-write memory image.

image.c has a 4 MiB initialized array; each request checks it still holds
its initial bytes and a counter its initial value, then overwrites a byte
of every page and bumps the counter.  Sequential and concurrent requests
must all answer "visits 8 pristine 1": a fresh memory per request, never
pages written by an earlier one.  With the image on (modes serve, build)
the server process must hold the image's memfd (`memfd:kiln-image`); with
KILN_MEMIMAGE=0 (mode serve-no-image) it must not, and the answers are
the same.

Exit status: 0 pass, 1 fail, 77 skip (toolchain missing).
"""
import argparse
import os
import sys
import threading

import run_client
import run_serve
from run_serve import check, get


def server_pids(root):
    """root and its descendants (kiln serve runs the compiled server)."""
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(p))
            except OSError:
                pass
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def holds_image(root):
    for pid in server_pids(root):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if "memfd:kiln-image" in os.readlink(f"/proc/{pid}/fd/{fd}"):
                    return True
        except OSError:
            pass
    return False


def checks(port, proc, image):
    want = b"visits 8 pristine 1\n"
    for i in range(5):
        st, _, b, _ = get(port, "/")
        check(f"request {i + 1} sees the initial memory", st == 200 and b == want,
              f"{st} {b!r}")
    results = []

    def client():
        try:
            c = run_serve.Conn(port)
            for _ in range(5):
                c.send(b"GET / HTTP/1.1\r\nHost: t\r\n\r\n")
                results.append(c.response()[2])
            c.close()
        except Exception as e:  # noqa: BLE001 (reported below)
            results.append(str(e))
    ths = [threading.Thread(target=client) for _ in range(8)]
    for t in ths:
        t.start()
    for t in ths:
        t.join()
    check("8 clients x 5 requests see the initial memory",
          results.count(want) == 40, f"{results.count(want)} of {len(results)}")
    has = holds_image(proc.pid)
    check("image memfd " + ("held" if image else "absent"), has == image, f"{has}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--mode", choices=["serve", "build", "serve-no-image"],
                    default="serve")
    args = ap.parse_args()
    missing = run_client.tools_missing()
    if missing:
        print(f"SKIP: {missing} missing")
        return 77
    comp = run_serve.build_handler(args.kiln, args.work, "image")
    port = run_client.free_port()
    addr = f"127.0.0.1:{port}"
    env = dict(os.environ)
    image = args.mode != "serve-no-image"
    if not image:
        env["KILN_MEMIMAGE"] = "0"
    if args.mode == "build":
        exe = os.path.join(args.work, "image-server")
        run_client.run([args.kiln, "build", comp, "-o", exe])
        cmd = [exe, "--addr", addr]
    else:
        cmd = [args.kiln, "serve", comp, "--addr", addr]
    log = os.path.join(args.work, f"image-{args.mode}.log")
    return run_serve.serve_and_check(cmd, port, log,
                                     lambda proc: checks(port, proc, image), env)

if __name__ == "__main__":
    sys.exit(main())
