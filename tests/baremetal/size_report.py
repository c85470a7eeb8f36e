#!/usr/bin/env python3
"""Flash and RAM of the Cortex-M4F hello world: the hello-world command
component built by kiln (`kiln build --target thumbv7em-none-eabihf`)
next to the same program in C built with arm-none-eabi-gcc -Os and
newlib-nano (--specs=nano.specs) on the same board support (vector table,
reset handler, semihosting and linker script of runtime/baremetal/, the
kiln runtime left out).  Both firmwares are run on QEMU (mps2-an386) to
check that they print the same line.

  flash = text + rodata (code, constants, unwind tables, init arrays, the
          initial image of .data and thread-local storage)
  RAM   = data + bss (with TLS) + linear memory + stack

Linear memory for kiln is the smallest --max-memory (in 64 KiB steps)
with which the firmware still runs: the initial pages of the component's
memories (without --max-memory the region is 1 MiB).  Flash is also
shown for `kiln build -Oz`.  The stack is the image's .kiln_stack reservation (kiln: the
--stack-size default of the board, 64 KiB; the C program gets the same
linker script default); so is the malloc heap (.kiln_heap, the
--heap-size default, 64 KiB), shown apart.

usage: size_report.py KILN HELLO.c JCO [CLANG]
"""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
BM = os.path.join(HERE, "..", "..", "runtime", "baremetal")
MFLAGS = ["-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard",
          "-mfpu=fpv4-sp-d16"]
QEMU = ["qemu-system-arm", "-M", "mps2-an386", "-semihosting", "-nographic",
        "-monitor", "none", "-serial", "none", "-kernel"]


def sections(elf):
    """name -> (size, vma) of the allocated sections."""
    out = subprocess.run(["arm-none-eabi-objdump", "-h", elf],
                         capture_output=True, text=True, check=True).stdout
    sec = {}
    lines = out.splitlines()
    for i, line in enumerate(lines):
        w = line.split()
        if len(w) >= 7 and w[0].isdigit():
            flags = lines[i + 1] if i + 1 < len(lines) else ""
            if "ALLOC" in flags:
                sec[w[1]] = (int(w[2], 16), int(w[3], 16), "LOAD" in flags)
    return sec


def measure(elf, linear):
    sec = sections(elf)
    flash = sum(s for n, (s, vma, load) in sec.items()
                if vma < 0x20000000 and load)
    data = sec.get(".data", (0, 0, 0))[0]
    bss = sum(sec.get(n, (0, 0, 0))[0] for n in (".bss", ".kiln_tls"))
    stack = sec[".kiln_stack"][0]
    return {"flash": flash + data, "data": data, "bss": bss,
            "linear": linear, "stack": stack,
            "heap": sec[".kiln_heap"][0],
            "ram": data + bss + linear + stack}


def run(elf):
    r = subprocess.run(QEMU + [elf], capture_output=True, timeout=60)
    return r.returncode, r.stdout


def main():
    kiln, hello, jco = sys.argv[1:4]
    clang = sys.argv[4] if len(sys.argv) > 4 else "clang-19"
    for tool in ("arm-none-eabi-gcc", "qemu-system-arm", clang, "node"):
        if not shutil.which(tool):
            print("SKIP: %s not found" % tool)
            return 77
    modules = os.path.join(os.path.dirname(os.path.abspath(jco)), "..",
                           "tests", "node_modules", "@bytecodealliance")
    if not os.path.isdir(modules):
        print("SKIP: jco not installed (tests/node_modules)")
        return 77
    targets = subprocess.run([kiln, "targets"], capture_output=True,
                             text=True).stdout
    if "thumbv7em-none-eabihf: ready" not in targets:
        print("SKIP: thumbv7em-none-eabihf not ready (`kiln targets`)")
        return 77
    with tempfile.TemporaryDirectory(prefix="kiln-size-") as tmp:
        core = os.path.join(tmp, "hello.wasm")
        comp = os.path.join(tmp, "hello.component.wasm")
        subprocess.run([clang, "--target=wasm32-wasi", "-O2", "-o", core,
                        hello], check=True)
        subprocess.run([jco, "new", core, "--wasi-command", "-o", comp],
                       check=True, capture_output=True)
        elf = os.path.join(tmp, "kiln.elf")
        want = None
        linear = None
        for pages in range(1, 64):
            cmd = [kiln, "build", comp, "--target", "thumbv7em-none-eabihf",
                   "--max-memory", str(pages * 65536), "-o", elf]
            subprocess.run(cmd, check=True)
            status, out = run(elf)
            if status == 0:
                want, linear = out, pages * 65536
                break
        if want is None:
            print("FAIL: the kiln firmware does not run")
            return 1
        k = measure(elf, linear)
        # the same at `kiln build -Oz` (LLVM's minimum-size pipeline)
        subprocess.run(cmd + ["-Oz"], check=True)
        status, out = run(elf)
        if status != 0 or out != want:
            print("FAIL: the -Oz firmware printed %r (status %d)"
                  % (out, status))
            return 1
        k["flash_oz"] = measure(elf, linear)["flash"]
        # the C program on the same board support, without kiln's runtime
        stub = os.path.join(tmp, "noalloc.c")
        with open(stub, "w") as f:
            f.write("void kiln_bm_alloc_init(void);\n"
                    "void kiln_bm_alloc_init(void) {}\n")
        c_elf = os.path.join(tmp, "c.elf")
        subprocess.run(
            ["arm-none-eabi-gcc", "-Os", "--specs=nano.specs", "-nostartfiles",
             "-ffunction-sections", "-fdata-sections", "-Wl,--gc-sections",
             "-Wl,--no-warn-rwx-segments", "-Wl,--defsym=__kiln_max_memory=0",
             "-I" + BM, "-T" + os.path.join(BM, "mps2.ld")] + MFLAGS +
            ["-o", c_elf, hello, stub] +
            [os.path.join(BM, f) for f in ("startup.c", "tls.c",
                                           "semihost.c", "syscalls.c")],
            check=True)
        c_status, c_out = run(c_elf)
        c = measure(c_elf, 0)
    if c_status != 0 or c_out != want:
        print("FAIL: the C firmware printed %r (status %d), kiln's %r"
              % (c_out, c_status, want))
        return 1
    print("Cortex-M4F hello world (qemu mps2-an386), bytes:")
    print("%-34s %10s %10s" % ("", "kiln", "C (gcc -Os, newlib-nano)"))
    c["flash_oz"] = c["flash"]
    rows = [("flash (text + rodata + .data image)", "flash"),
            ("flash, kiln build -Oz", "flash_oz"),
            ("  .data", "data"), ("  .bss + TLS", "bss"),
            ("  linear memory", "linear"), ("  stack (reserved)", "stack"),
            ("RAM (data + bss + linear + stack)", "ram"),
            ("malloc heap (reserved, not summed)", "heap")]
    for label, key in rows:
        print("%-34s %10d %10d" % (label, k[key], c[key]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
