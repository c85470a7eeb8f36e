#!/usr/bin/env python3
"""tests/embed: components as static libraries of one C program.

For each world of wit/ (lib-a: every WIT type and imports implemented by
the host; lib-b: a second library) and for resexport (exported resources,
the guest of tests/components/resources-export): the guest C file is built into a
component (`kiln bindgen c` guest glue, clang-19 for wasm32-wasi, `jco
embed`, `jco new`), compiled with `kiln build --emit lib`, and its host
API generated with `kiln bindgen c --host`.  host.c is then compiled with
both libraries and libkilnrt (with AddressSanitizer and
UndefinedBehaviorSanitizer), run, and must print its success line.  The
installed pkg-config file must name the runtime's flags.

Exit status: 0 pass, 1 fail, 77 skip (jco not installed in tests/node_modules).
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class Fail(Exception):
    pass


def run(cmd, **kw):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)
    if p.returncode != 0:
        raise Fail(f"exit {p.returncode}: {' '.join(cmd)}\n{p.stdout}{p.stderr}")
    return p


def abi_symbol():
    """kiln_rt_abi_v<N> for the runtime ABI of runtime/kiln_rt.h."""
    with open(os.path.join(ROOT, "runtime", "kiln_rt.h")) as f:
        for line in f:
            if line.startswith("#define KILN_RT_ABI "):
                return "kiln_rt_abi_v" + line.split()[2]
    raise Fail("runtime/kiln_rt.h defines no KILN_RT_ABI")


def build_lib(args, work, world, wit=os.path.join(HERE, "wit"), guest_c=None):
    w = world.replace("-", "_")
    jco = [args.node, os.path.join(ROOT, "tools", "jco")]
    guest = os.path.join(work, f"guest_{w}")
    run([args.kiln, "bindgen", "c", "--wit", wit, "--world", world, "-o", guest])
    core = os.path.join(work, f"{w}.core.wasm")
    run([args.clang, "--target=wasm32-wasi", "-O2", "-mexec-model=reactor",
         "-Wall", "-Wextra", "-Werror", f"-I{guest}",
         guest_c or os.path.join(HERE, f"guest_{world[-1]}.c"),
         os.path.join(guest, f"{w}.c"), "-o", core])
    emb = os.path.join(work, f"{w}.embedded.wasm")
    run(jco + ["embed", "--wit", wit, "-n", world, core, "-o", emb])
    comp = os.path.join(work, f"{w}.component.wasm")
    run(jco + ["new", emb, "--wasi-reactor", "-o", comp])
    # lib-b: another file name, the symbol prefix given with --lib-name
    lib = os.path.join(work, f"lib{w}.a" if w != "lib_b" else "libsecond.a")
    run([args.kiln, "build", comp, "--emit", "lib", "-o", lib]
        + ([] if w != "lib_b" else ["--lib-name", w]))
    # only the descriptor is global: every other definition is hidden
    lines = run(["nm", "-g", "--defined-only", lib]).stdout.splitlines()
    syms = [ln.split()[2] for ln in lines if len(ln.split()) == 3]
    if syms != [f"{w}_component_desc"]:
        raise Fail(f"{lib} should define only {w}_component_desc: {syms}")
    # the runtime ABI check: only a matching libkilnrt defines it
    undef = run(["nm", "-u", lib]).stdout.split()
    if abi_symbol() not in undef:
        raise Fail(f"{lib} does not reference {abi_symbol()}")
    api = os.path.join(work, f"host_{w}")
    run([args.kiln, "bindgen", "c", "--host", "--wit", wit, "--world", world,
         "-o", api])
    if w == "lib_a":
        # a core module is no component
        p = subprocess.run([args.kiln, "build", core, "--emit", "lib", "-o",
                            os.path.join(work, "libcore.a")],
                           capture_output=True, text=True)
        if p.returncode != 1 or "--emit lib takes a component" not in p.stderr:
            raise Fail(f"--emit lib of a core module: {p.returncode} {p.stderr}")
    return lib, api


def check_pkgconfig(args):
    pc = os.path.join(args.build, "meson-private")
    env = dict(os.environ, PKG_CONFIG_PATH=pc)
    out = run(["pkg-config", "--define-variable=prefix=/P", "--cflags",
               "--libs", "kiln-runtime"], env=env).stdout
    for want in ("-I/P/include/kiln", "-lkilnrt", "-lpthread"):
        if want not in out.split():
            raise Fail(f"pkg-config kiln-runtime lacks {want}: {out}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kiln", required=True)
    ap.add_argument("--clang", required=True)
    ap.add_argument("--node", required=True)
    ap.add_argument("--cc", default="cc", help="the C compiler command")
    ap.add_argument("--build", required=True, help="the meson build dir")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    modules = os.path.join(ROOT, "tests", "node_modules")
    if not os.path.isdir(os.path.join(modules, "@bytecodealliance", "jco")):
        print(f"skip: jco is not installed in {modules} (npm ci in tests/)")
        return 77
    work = tempfile.mkdtemp(prefix="kiln-embed-")
    try:
        check_pkgconfig(args)
        lib_a, api_a = build_lib(args, work, "lib-a")
        lib_b, api_b = build_lib(args, work, "lib-b")
        # a third: exported resources (tests/components/resources-export)
        res_dir = os.path.join(ROOT, "tests", "components", "resources-export")
        lib_r, api_r = build_lib(args, work, "resexport",
                                 os.path.join(res_dir, "wit"),
                                 os.path.join(res_dir, "guest.c"))
        exe = os.path.join(work, "host")
        san = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all"]
        run([*args.cc.split(), "-std=c17", "-g", "-O1", "-Wall", "-Wextra", "-Werror",
             "-pthread", *san, f"-I{api_a}", f"-I{api_b}", f"-I{api_r}",
             f"-I{os.path.join(ROOT, 'runtime')}",
             f"-I{os.path.join(ROOT, 'runtime', 'embed')}",
             os.path.join(HERE, "host.c"), os.path.join(api_a, "lib_a.c"),
             os.path.join(api_b, "lib_b.c"), os.path.join(api_r, "resexport.c"),
             lib_a, lib_b, lib_r,
             os.path.join(args.build, "runtime", "libkilnrt.a"),
             "-lm", "-lpthread", "-ldl", "-o", exe])
        p = run([exe])
        if "embed: all checks passed" not in p.stdout:
            raise Fail(f"unexpected output:\n{p.stdout}{p.stderr}")
        print(p.stdout, end="")
        return 0
    except Fail as e:
        print(f"FAIL: {e}")
        return 1
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
