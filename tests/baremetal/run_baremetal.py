#!/usr/bin/env python3
"""Build one program for the host and for a bare-metal Cortex-M target with
`kiln build --target T`, run the firmware on QEMU's model of the target's
default board (qemu-system-arm -M BOARD -semihosting), and compare stdout
and the exit status with the host build (or with --expect-stdout).

The program is a .wasm file (core module or component) or a C file,
compiled here with clang-19 --target=wasm32-wasi, and with --component
wrapped by `tools/jco new --wasi-command` (the preview1 adapter).
--stderr-has TEXT also requires TEXT in the firmware's stderr (traps).
--embed-fixture builds the directory embed_fs.c reads (hello.txt,
sub/big.bin, sub/deeper/note.txt) and embeds it with
`--embed-dir DIR::/data`; --expect-stdout-file FILE compares with FILE.
--emit-obj RTDIR builds with `kiln build --emit obj` and links the object
as a firmware project would: its own main() (firmware_main.c) and
arm-none-eabi-gcc with the embedded runtime archive and the board's
linker script from RTDIR.

usage: run_baremetal.py --kiln KILN --target TRIPLE --src FILE
         [--clang CLANG] [--jco JCO] [--component] [--max-memory SIZE]
         [--expect-stdout TEXT] [--expect-status N] [--stderr-has TEXT]
         [--emit-obj RTDIR [--fw-define MACRO]...]
         [--embed-fixture] [--expect-stdout-file FILE]
Exit status: 0 pass, 1 fail, 77 skip (toolchain, QEMU or jco missing).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

BOARD = {"thumbv7em-none-eabihf": "mps2-an386",
         "thumbv7m-none-eabi": "mps2-an385"}
MFLAGS = {"thumbv7em-none-eabihf": ["-mcpu=cortex-m4", "-mthumb",
                                    "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"],
          "thumbv7m-none-eabi": ["-mcpu=cortex-m3", "-mthumb",
                                 "-mfloat-abi=soft"]}


def skip(why):
    print("SKIP: " + why)
    sys.exit(77)


def target_ready(kiln, target):
    out = subprocess.run([kiln, "targets"], capture_output=True, text=True,
                         check=True).stdout
    for line in out.splitlines():
        if line.startswith(target + ":"):
            return "ready" in line, line
    return False, "%s: not listed by `kiln targets`" % target


def check(cmd, what):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print("FAIL: %s: %s\n%s%s" % (what, " ".join(cmd), r.stdout, r.stderr))
        sys.exit(1)


def make_wasm(a, tmp):
    """The program as a .wasm file (core module or component)."""
    if not a.src.endswith(".c"):
        return a.src
    if not a.clang or not shutil.which(a.clang):
        skip("clang-19 not found")
    core = os.path.join(tmp, "prog.wasm")
    check([a.clang, "--target=wasm32-wasi", "-O2", "-o", core, a.src, "-lm"],
          "clang")
    if not a.component:
        return core
    modules = os.path.join(os.path.dirname(os.path.abspath(a.jco)), "..",
                           "tests", "node_modules", "@bytecodealliance", "jco")
    if not os.path.isdir(modules) or not shutil.which("node"):
        skip("jco not installed (tests/node_modules)")
    comp = os.path.join(tmp, "prog.component.wasm")
    check([a.jco, "new", core, "--wasi-command", "-o", comp], "jco new")
    return comp


def embed_fixture(tmp):
    """The directory tests/baremetal/embed_fs.c reads."""
    d = os.path.join(tmp, "fsdata")
    os.makedirs(os.path.join(d, "sub", "deeper"))
    with open(os.path.join(d, "hello.txt"), "w") as f:
        f.write("hello from flash\n")
    with open(os.path.join(d, "sub", "big.bin"), "wb") as f:
        f.write(bytes((i * 7 + (i >> 8)) & 0xff for i in range(70000)))
    with open(os.path.join(d, "sub", "deeper", "note.txt"), "w") as f:
        f.write("three levels down\n")
    return d


def run(cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=240,
                           stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, b"", b"timeout"
    return r.returncode, r.stdout, r.stderr


def section_size(elf, name):
    """The size of section `name` of elf (-1 when it has none)."""
    out = subprocess.run(["arm-none-eabi-objdump", "-h", elf],
                         capture_output=True, text=True).stdout
    size = [int(l.split()[2], 16) for l in out.splitlines()
            if len(l.split()) > 2 and l.split()[1] == name]
    return size[0] if size else -1


def image_problems(elf, a):
    """What of --stack-size and --absent the image does not satisfy."""
    if a.stack_size:
        size = section_size(elf, ".kiln_stack")
        if size != a.stack_size:
            return ".kiln_stack is %d bytes, not %d" % (size, a.stack_size)
    if a.heap_size:
        size = section_size(elf, ".kiln_heap")
        if size != a.heap_size:
            return ".kiln_heap is %d bytes, not %d" % (size, a.heap_size)
    if a.absent:
        out = subprocess.run(["arm-none-eabi-nm", elf], capture_output=True,
                             text=True).stdout
        have = {l.split()[-1] for l in out.splitlines() if l.split()}
        found = sorted(set(a.absent) & have)
        if found:
            return "the image links " + ", ".join(found)
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--src", required=True)
    ap.add_argument("--clang")
    ap.add_argument("--jco")
    ap.add_argument("--component", action="store_true")
    ap.add_argument("--max-memory")
    ap.add_argument("--expect-stdout")
    ap.add_argument("--expect-status", type=int)
    ap.add_argument("--stderr-has")
    ap.add_argument("--emit-obj", metavar="RTDIR")
    ap.add_argument("--fw-define", action="append", default=[],
                    help="--emit-obj: a macro for firmware_main.c")
    ap.add_argument("--embed-fixture", action="store_true")
    ap.add_argument("--expect-stdout-file")
    ap.add_argument("--stack-size", type=int,
                    help="kiln build --stack-size; the image's .kiln_stack "
                         "must have that size")
    ap.add_argument("--heap-size", type=int,
                    help="kiln build --heap-size; the image's .kiln_heap "
                         "must have that size")
    ap.add_argument("--absent", action="append", default=[],
                    help="a symbol the image must not contain")
    ap.add_argument("--opt", help="kiln build's optimization flag (-Oz...); "
                    "the guest code (kiln_text) must be smaller than at -O2")
    a = ap.parse_args()
    ready, line = target_ready(a.kiln, a.target)
    if not ready:
        skip(line)
    qemu = shutil.which("qemu-system-arm")
    if not qemu:
        skip("qemu-system-arm not found (apt-get install qemu-system-arm)")
    with tempfile.TemporaryDirectory(prefix="kiln-baremetal-") as tmp:
        wasm = make_wasm(a, tmp)
        host, elf = os.path.join(tmp, "host"), os.path.join(tmp, "app.elf")
        cmd = [a.kiln, "build", wasm, "--target", a.target, "-o", elf]
        if a.max_memory:
            cmd += ["--max-memory", a.max_memory]
        if a.stack_size:
            cmd += ["--stack-size", str(a.stack_size)]
        if a.heap_size:
            cmd += ["--heap-size", str(a.heap_size)]
        if a.opt:
            o2 = os.path.join(tmp, "o2.elf")
            check(cmd[:-1] + [o2], "kiln build (bare metal, -O2)")
            cmd.append(a.opt)
        if a.embed_fixture:
            cmd[3:3] = ["--embed-dir", embed_fixture(tmp) + "::/data"]
        fs_obj = []
        if a.emit_obj:
            obj = os.path.join(tmp, "app.o")
            check(cmd[:-1] + [obj, "--emit", "obj"], "kiln build --emit obj")
            if a.embed_fixture:  # the image beside the object
                fs_obj = [obj + ".fs.o"]
            rt = os.path.join(a.emit_obj, "libkilnrt-%s.a" % a.target)
            ld = os.path.join(a.emit_obj, "kiln-%s.ld" % BOARD[a.target])
            here = os.path.dirname(os.path.abspath(__file__))
            fw = [os.path.join(here, "firmware_main.c"),
                  "-I" + os.path.join(here, "..", "..", "runtime")]
            if a.component:
                fw.append("-DFW_COMPONENT")
            fw += ["-D" + d for d in a.fw_define]
            check(["arm-none-eabi-gcc"] + MFLAGS[a.target] +
                  ["--specs=nano.specs", "-nostartfiles", "-Wl,--gc-sections",
                   "-Wl,--no-warn-rwx-segments", "-T" + ld, "-o", elf, obj] +
                  fs_obj +
                  fw + ["-Wl,--start-group", rt, "-lc", "-lm",
                        "-Wl,--end-group"],
                  "arm-none-eabi-gcc (firmware link)")
        else:
            check(cmd, "kiln build (bare metal)")
        bad = image_problems(elf, a)
        if not bad and a.opt and section_size(elf, "kiln_text") >= \
                section_size(o2, "kiln_text"):
            bad = "kiln_text at %s is %d bytes, at -O2 %d" % (
                a.opt, section_size(elf, "kiln_text"),
                section_size(o2, "kiln_text"))
        if bad:
            print("FAIL: " + bad)
            return 1
        got = run([qemu, "-M", BOARD[a.target], "-semihosting", "-nographic",
                   "-monitor", "none", "-serial", "none", "-kernel", elf])
        if a.expect_stdout_file:
            with open(a.expect_stdout_file, "rb") as f:
                want = (a.expect_status or 0, f.read())
        elif a.expect_stdout is not None:
            want = (a.expect_status or 0,
                    a.expect_stdout.encode().decode("unicode_escape").encode())
        else:
            check([a.kiln, "build", wasm, "-o", host], "kiln build (host)")
            want = run([host])[:2]
    ok = want[0] == got[0] and want[1] == got[1]
    if ok and a.stderr_has and a.stderr_has.encode() not in got[2]:
        ok = False
    if ok:
        print("PASS: status %s, %d bytes of stdout" % (got[0], len(got[1])))
        return 0
    print("FAIL: expected status %s, got %s" % (want[0], got[0]))
    if want[1] != got[1]:
        print("--- expected stdout\n%s\n--- firmware stdout\n%s" %
              (want[1].decode(errors="replace"),
               got[1].decode(errors="replace")))
    print("--- firmware stderr\n%s" % got[2].decode(errors="replace"))
    return 1


if __name__ == "__main__":
    sys.exit(main())
