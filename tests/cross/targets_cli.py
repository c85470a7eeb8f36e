#!/usr/bin/env python3
"""`kiln targets` and the --target errors of `kiln build` (no toolchain
needed): every target is listed, ready or with what to install; unknown
targets, guard bounds on 32-bit targets and `kiln run --target` are
refused with their messages.

usage: targets_cli.py KILN WASM
"""
import subprocess
import sys


def kiln(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def main():
    k, wasm = sys.argv[1], sys.argv[2]
    fails = []
    r = kiln(k, "targets")
    names = ["x86_64-linux-gnu (host)", "aarch64-linux-gnu",
             "arm-linux-gnueabihf", "riscv64-linux-gnu",
             "thumbv7em-none-eabihf", "thumbv7m-none-eabi"]
    for line, name in zip(r.stdout.splitlines(), names):
        if not line.startswith(name + ": ") or not (
                "ready" in line or "missing" in line):
            fails.append("targets line %r" % line)
    if r.returncode != 0 or len(r.stdout.splitlines()) != len(names):
        fails.append("kiln targets: status %d, output %r" % (r.returncode,
                                                            r.stdout))
    if "explicit only" not in r.stdout and "missing" not in r.stdout:
        fails.append("armhf line does not say explicit bounds")
    cases = [
        (["build", wasm, "--target", "sparc-sun", "-o", "/dev/null"],
         "unknown target `sparc-sun`"),
        (["build", wasm, "--target", "armhf", "--bounds-checks=guard",
          "-o", "/dev/null"],
         "target `arm-linux-gnueabihf` has no room for guard regions"),
        (["build", wasm, "--target", "thumbv7em-none-eabihf",
          "--bounds-checks=guard", "--emit", "obj", "-o", "/dev/null"],
         "target `thumbv7em-none-eabihf` has no room for guard regions"),
        (["build", wasm, "--target", "thumbv7-none-eabi",
          "--bounds-checks=guard", "--emit", "obj", "-o", "/dev/null"],
         "32-bit target `thumbv7-none-eabi` needs --bounds-checks=explicit"),
        (["run", "--target", "riscv64", wasm],
         "`kiln run` runs modules on this host only"),
    ]
    for args, want in cases:
        r = kiln(k, *args)
        if r.returncode != 1 or want not in r.stderr:
            fails.append("kiln %s: status %d, stderr %r" % (
                " ".join(args), r.returncode, r.stderr))
    r = kiln(k, "build", wasm, "--target", "thumbv7em-none-eabihf", "--emit",
             "obj", "-o", "/dev/null")
    if r.returncode != 0:
        fails.append("--emit obj for thumbv7em: %r" % r.stderr)
    for f in fails:
        print("FAIL: " + f)
    print("%d checks failed" % len(fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
