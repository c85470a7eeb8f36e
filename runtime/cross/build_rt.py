#!/usr/bin/env python3
"""Builds libkilnrt.a for another target with that target's C compiler
(e.g. aarch64-linux-gnu-gcc): compiles every runtime source, archives the
objects, and writes a Makefile-style depfile so that meson rebuilds the
archive when a source or any header it includes changes.

usage: build_rt.py CC AR OUT.a DEPFILE -I DIR... -- SOURCE.c...
"""
import os
import subprocess
import sys
import tempfile


def main(argv):
    cc, ar, out, depfile = argv[1:5]
    rest = argv[5:]
    split = rest.index("--")
    incs, sources = rest[:split], rest[split + 1:]
    flags = ["-std=c17", "-O2", "-g", "-D_GNU_SOURCE", "-fno-strict-aliasing",
             "-Wall", "-Wextra", "-Wno-unused-parameter", "-fPIC"] + incs
    deps = set()
    with tempfile.TemporaryDirectory(prefix="kilnrt-cross-") as tmp:
        objs = []
        for i, src in enumerate(sources):
            base = os.path.splitext(os.path.basename(src))[0]
            obj = os.path.join(tmp, "%02d-%s.o" % (i, base))
            dep = obj + ".d"
            cmd = [cc] + flags + ["-MD", "-MF", dep, "-c", src, "-o", obj]
            if subprocess.call(cmd) != 0:
                sys.stderr.write("build_rt.py: failed: %s\n" % " ".join(cmd))
                return 1
            with open(dep) as f:
                text = f.read().replace("\\\n", " ")
            deps.update(text.split(":", 1)[1].split())
            objs.append(obj)
        if os.path.exists(out):
            os.unlink(out)
        if subprocess.call([ar, "rcs", out] + objs) != 0:
            return 1
    with open(depfile, "w") as f:
        f.write("%s: %s\n" % (out, " ".join(sorted(deps))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
