#!/usr/bin/env python3
"""`kiln build --embed-dir` outside a bare-metal executable image is an
error that says why: a Linux target (directories are preopened at run
time with --dir), --emit lib (not a firmware), a missing directory, a
malformed argument.

usage: embed_refused.py KILN WASM
"""
import subprocess
import sys
import tempfile


def expect_error(kiln, args, text):
    r = subprocess.run([kiln] + args, capture_output=True, text=True)
    if r.returncode == 0 or text not in r.stderr:
        print("FAIL: kiln %s: status %d, stderr:\n%s" %
              (" ".join(args), r.returncode, r.stderr))
        return False
    return True


def main():
    kiln, wasm = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as tmp:
        out = tmp + "/out"
        ok = all([
            expect_error(kiln, ["build", wasm, "--embed-dir", tmp, "-o", out],
                         "--embed-dir is for bare-metal targets"),
            expect_error(kiln, ["build", wasm, "--target", "aarch64-linux-gnu",
                                "--embed-dir", tmp, "-o", out],
                         "--embed-dir is for bare-metal targets"),
            expect_error(kiln, ["build", wasm, "--target",
                                "thumbv7em-none-eabihf", "--emit", "lib",
                                "--embed-dir", tmp, "-o", out],
                         "--embed-dir needs --emit exe or obj"),
            expect_error(kiln, ["build", wasm, "--target",
                                "thumbv7em-none-eabihf", "--embed-dir",
                                tmp + "/missing::/x", "-o", out],
                         "missing: No such file or directory"),
            expect_error(kiln, ["build", wasm, "--embed-dir", "::/x",
                                "-o", out], "bad --embed-dir"),
        ])
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
