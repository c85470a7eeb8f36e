#!/usr/bin/env python3
"""Build one wasm fixture for the host and for a cross target with
`kiln build --target T`, run the cross executable under qemu-user with the
target's libraries (-L /usr/<triple>), and compare stdout and the exit
status with the host build.  Fixtures print no NaN bit patterns (those
legitimately differ between targets); stderr is not compared (trap
backtraces name addresses).

usage: run_cross.py --kiln KILN --target TRIPLE --wasm FILE [-O N]
                    [--explicit] [--arg A]... [--component JCO]

With --component, the core module is first wrapped as a WASI 0.2 command
component (`JCO new FILE --wasi-command`, the preview1 adapter), so the
component runtime and the WASI 0.2 host run on the target; skipped when
jco is not installed.
Exit status: 0 pass, 1 fail, 77 skip (target not ready or qemu missing).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

QEMU = {
    "aarch64-linux-gnu": "qemu-aarch64",
    "arm-linux-gnueabihf": "qemu-arm",
    "riscv64-linux-gnu": "qemu-riscv64",
}


def target_ready(kiln, target):
    """True when `kiln targets` says the target can be built for."""
    out = subprocess.run([kiln, "targets"], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        if line.startswith(target + ":"):
            return "ready" in line, line
    return False, "%s: not listed by `kiln targets`" % target


def build(kiln, wasm, out, opt, target=None, explicit=False):
    cmd = [kiln, "build", wasm, "-O%d" % opt, "-o", out]
    if explicit:
        cmd.append("--bounds-checks=explicit")
    if target:
        cmd += ["--target", target]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stdout.write("FAIL: %s\n%s" % (" ".join(cmd), r.stderr))
    return r.returncode == 0


def run(cmd, cwd):
    r = subprocess.run(cmd, capture_output=True, cwd=cwd, timeout=240,
                       stdin=subprocess.DEVNULL)
    return r.returncode, r.stdout, r.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--wasm", required=True)
    ap.add_argument("-O", dest="opt", type=int, default=2)
    ap.add_argument("--arg", action="append", default=[])
    ap.add_argument("--explicit", action="store_true",
                    help="both builds with --bounds-checks=explicit")
    ap.add_argument("--component", metavar="JCO",
                    help="wrap the module as a component with JCO first")
    a = ap.parse_args()
    ready, line = target_ready(a.kiln, a.target)
    qemu = shutil.which(QEMU[a.target])
    if not ready or not qemu:
        print("SKIP: " + (line if not ready else "%s not found (apt-get "
                          "install qemu-user)" % QEMU[a.target]))
        return 77
    with tempfile.TemporaryDirectory(prefix="kiln-cross-") as tmp:
        if a.component:
            modules = os.path.join(os.path.dirname(os.path.abspath(a.component)),
                                   "..", "tests", "node_modules")
            if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
                print("SKIP: jco is not installed (npm ci in tests/)")
                return 77
            comp = os.path.join(tmp, "component.wasm")
            r = subprocess.run([a.component, "new", a.wasm, "--wasi-command",
                                "-o", comp], capture_output=True, text=True)
            if r.returncode != 0:
                print("FAIL: jco new: %s" % r.stderr[-2000:])
                return 1
            a.wasm = comp
        host_exe = os.path.join(tmp, "host")
        cross_exe = os.path.join(tmp, "cross")
        if not build(a.kiln, a.wasm, host_exe, a.opt, None, a.explicit):
            return 1
        if not build(a.kiln, a.wasm, cross_exe, a.opt, a.target, a.explicit):
            return 1
        want = run([host_exe] + a.arg, tmp)
        got = run([qemu, "-L", "/usr/" + a.target, cross_exe] + a.arg, tmp)
    ok = want[0] == got[0] and want[1] == got[1]
    name = os.path.basename(a.wasm)
    print("%s %s -O%d%s: host exit %d, %s exit %d, stdout %s" % (
        "PASS" if ok else "FAIL", name, a.opt,
        " explicit" if a.explicit else "", want[0], a.target, got[0],
        "same" if want[1] == got[1] else "DIFFERS"))
    if not ok:
        print("--- host stdout\n%s--- %s stdout\n%s--- %s stderr\n%s" % (
            want[1].decode(errors="replace")[-2000:], a.target,
            got[1].decode(errors="replace")[-2000:], a.target,
            got[2].decode(errors="replace")[-2000:]))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
