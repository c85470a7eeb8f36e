#!/usr/bin/env python3
"""Writes tests/canon/fused_values.wat and fused_strings.wat: a provider
component exporting one function per table row (its core code given
here) and consumer components importing them, each consumer export
forwarding to its import through a fused adapter.

    gen_fused.py values > fused_values.wat
    gen_fused.py strings > fused_strings.wat
"""
PAD = "(tuple " + " ".join(["u8"] * 17) + ")"
TUP = "(tuple u8 s16 bool char f32 u64 string (option u32))"
OPT = "(option string)"
RES = "(result f64 (error (list string)))"
# name, params (component), result, provider core, lower core type, lift core type
F = [
 ("add", '(param "a" u32) (param "b" u32)', "u32",
  "(param i32 i32) (result i32) local.get 0 local.get 1 i32.add", "(param i32 i32) (result i32)", "(param i32 i32) (result i32)"),
 ("echo-str", '(param "s" string)', "string",
  "(param i32 i32) (result i32) local.get 0 local.get 1 call $ret", "(param i32 i32 i32)", "(param i32 i32) (result i32)"),
 ("echo-strs", '(param "l" (list string))', "(list string)",
  "(param i32 i32) (result i32) local.get 0 local.get 1 call $ret", "(param i32 i32 i32)", "(param i32 i32) (result i32)"),
 ("echo-nested", '(param "l" (list (list string)))', "(list (list string))",
  "(param i32 i32) (result i32) local.get 0 local.get 1 call $ret", "(param i32 i32 i32)", "(param i32 i32) (result i32)"),
 ("units", '(param "s" string)', "u32",
  "(param i32 i32) (result i32) local.get 1", "(param i32 i32) (result i32)", "(param i32 i32) (result i32)"),
 ("echo-pairs", '(param "l" (list (tuple string u8)))', "(list (tuple string u8))",
  "(param i32 i32) (result i32) local.get 0 local.get 1 call $ret", "(param i32 i32 i32)", "(param i32 i32) (result i32)"),
 ("echo-u32s", '(param "l" (list u32))', "(list u32)",
  "(param i32 i32) (result i32) local.get 0 local.get 1 call $ret", "(param i32 i32 i32)", "(param i32 i32) (result i32)"),
 ("sum64", '(param "l" (list u64))', "u64",
  "(param $p i32) (param $n i32) (result i64) (local $s i64) block loop local.get $n i32.eqz br_if 1 local.get $s local.get $p i64.load i64.add local.set $s local.get $p i32.const 8 i32.add local.set $p local.get $n i32.const 1 i32.sub local.set $n br 0 end end local.get $s",
  "(param i32 i32) (result i64)", "(param i32 i32) (result i64)"),
 ("echo-char", '(param "c" char)', "char", "(param i32) (result i32) local.get 0", "(param i32) (result i32)", "(param i32) (result i32)"),
 ("echo-bool", '(param "b" bool)', "bool", "(param i32) (result i32) local.get 0", "(param i32) (result i32)", "(param i32) (result i32)"),
 ("echo-s8", '(param "x" s8)', "s8", "(param i32) (result i32) local.get 0", "(param i32) (result i32)", "(param i32) (result i32)"),
 ("echo-f64", '(param "x" f64)', "f64", "(param f64) (result f64) local.get 0", "(param f64) (result f64)", "(param f64) (result f64)"),
 ("echo-tup", f'(param "t" {TUP}) (param "pad" {PAD})', TUP, "(param i32) (result i32) local.get 0", "(param i32 i32)", "(param i32) (result i32)"),
 ("echo-opt", f'(param "o" {OPT}) (param "pad" {PAD})', OPT, "(param i32) (result i32) local.get 0", "(param i32 i32)", "(param i32) (result i32)"),
 ("echo-res", f'(param "r" {RES}) (param "pad" {PAD})', RES, "(param i32) (result i32) local.get 0", "(param i32 i32)", "(param i32) (result i32)"),
 ("many", " ".join(f'(param "a{i}" u32)' for i in range(1, 18)), "u32",
  "(param $p i32) (result i32) (local $s i32) (local $i i32) block loop local.get $i i32.const 17 i32.eq br_if 1 local.get $s local.get $p local.get $i i32.const 2 i32.shl i32.add i32.load i32.add local.set $s local.get $i i32.const 1 i32.add local.set $i br 0 end end local.get $s",
  "(param i32) (result i32)", "(param i32) (result i32)"),
 ("bad-char", "", "char", "(result i32) i32.const 0xd800", "(result i32)", "(result i32)"),
 ("bad-opt", "", "(option u8)", "(result i32) i32.const 600", "(param i32)", "(result i32)"),
 ("bad-str", "", "string", "(result i32) i32.const 0xfffffff0 i32.const 32 call $ret", "(param i32)", "(result i32)"),
 ("bad-utf8", "", "string", "(result i32) i32.const 608 i32.const 2 call $ret", "(param i32)", "(result i32)"),
 ("bad-utf16", "", "string", "(result i32) i32.const 612 i32.const 1 call $ret", "(param i32)", "(result i32)"),
 ("bad-align", "", "(list u32)", "(result i32) i32.const 601 i32.const 1 call $ret", "(param i32)", "(result i32)"),
]
# consumer-only exports: name, result, core body calling imports
EXTRA = [
 ("bool7", "bool", "(result i32) i32.const 7 call $i-echo-bool", "echo-bool"),
 ("wrap8", "s8", "(result i32) i32.const 0x1ff call $i-echo-s8", "echo-s8"),
 ("oob", "string", "(result i32) i32.const 0xffff0000 i32.const 16 i32.const 1024 call $i-echo-str i32.const 1024", "echo-str"),
]

REALLOC = """    (global $bump (mut i32) (i32.const 4096))
    (func $realloc (export "cabi_realloc") (param $old i32) (param $oldsz i32)
      (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      global.get $bump local.get $align i32.add i32.const 1 i32.sub
      i32.const 0 local.get $align i32.sub i32.and local.tee $p
      local.get $size i32.add global.set $bump
      block
        global.get $bump memory.size i32.const 16 i32.shl i32.le_u br_if 0
        global.get $bump i32.const 16 i32.shr_u i32.const 1 i32.add memory.grow drop
      end
      local.get $old if local.get $p local.get $old local.get $oldsz memory.copy end
      local.get $p)
"""

def functype(params, result):
    return params + (f" (result {result})" if result else "")

def spilled_result(lower):
    # the lowered function has a return pointer when its core type has no result
    return "(result" not in lower

def forward(name, lower, lift):
    # forward the lifted core function's parameters to the lowered import
    ps = lift.split("(result")[0]
    n = ps.count("i32") + ps.count("i64") + ps.count("f32") + ps.count("f64")
    body = " ".join(f"local.get {i}" for i in range(n))
    if spilled_result(lower):
        return f"{lift} {body} i32.const 1024 call $i-{name} i32.const 1024"
    return f"{lift} {body} call $i-{name}"

def provider(enc, name="provider"):
    out = [f"  (component ${name}", "    (core module $m", '      (memory (export "memory") 1)']
    out.append(REALLOC.replace("    ", "      ", 1))
    out.append("      (func $ret (param i32 i32) (result i32) i32.const 16 local.get 0 i32.store i32.const 20 local.get 1 i32.store i32.const 16)")
    out.append('      (data (i32.const 600) "\\02")')
    out.append('      (data (i32.const 608) "\\ff\\fe")')
    out.append('      (data (i32.const 612) "\\00\\d8")')
    for f in F:
        out.append(f'      (func (export "{f[0]}") {f[3]})')
    out.append("    )")
    out.append("    (core instance $m (instantiate $m))")
    out.append('    (alias core export $m "memory" (core memory $mem))')
    out.append('    (alias core export $m "cabi_realloc" (core func $realloc))')
    for f in F:
        out.append(f'    (func (export "{f[0]}") {functype(f[1], f[2])}')
        out.append(f'      (canon lift (core func $m "{f[0]}") (memory $mem) (realloc $realloc) string-encoding={enc}))')
    out.append("  )")
    return "\n".join(out)

def consumer(cname, enc, names):
    fs = [f for f in F if f[0] in names]
    out = [f"  (component ${cname}"]
    for f in fs:
        out.append(f'    (import "{f[0]}" (func ${f[0]} {functype(f[1], f[2])}))')
    out.append("    (core module $mem")
    out.append('      (memory (export "memory") 1)')
    out.append(REALLOC.replace("    ", "      ", 1))
    out.append("    )")
    out.append("    (core instance $mem (instantiate $mem))")
    out.append('    (alias core export $mem "memory" (core memory $memory))')
    out.append('    (alias core export $mem "cabi_realloc" (core func $realloc))')
    for f in fs:
        out.append(f'    (core func $l-{f[0]} (canon lower (func ${f[0]}) (memory $memory) (realloc $realloc) string-encoding={enc}))')
    out.append("    (core module $main")
    for f in fs:
        out.append(f'      (import "i" "{f[0]}" (func $i-{f[0]} {f[4]}))')
    for f in fs:
        out.append(f'      (func (export "{f[0]}") {forward(f[0], f[4], f[5])})')
    for e in EXTRA:
        if e[3] in names:
            out.append(f'      (func (export "{e[0]}") {e[2]})')
    out.append("    )")
    inst = " ".join(f'(export "{f[0]}" (func $l-{f[0]}))' for f in fs)
    out.append(f'    (core instance $main (instantiate $main (with "i" (instance {inst}))))')
    for f in fs:
        out.append(f'    (func (export "{f[0]}") {functype(f[1], f[2])}')
        out.append(f'      (canon lift (core func $main "{f[0]}") (memory $memory) (realloc $realloc) string-encoding={enc}))')
    for e in EXTRA:
        if e[3] in names:
            out.append(f'    (func (export "{e[0]}") (result {e[1]})')
            out.append(f'      (canon lift (core func $main "{e[0]}") (memory $memory) (realloc $realloc) string-encoding={enc}))')
    out.append("  )")
    return "\n".join(out)

import sys
mode = sys.argv[1]
ALL = [f[0] for f in F]
STR = ["echo-str", "echo-strs", "echo-nested", "echo-pairs", "units"]
def inst(cname, iname, names, p="p"):
    w = " ".join(f'(with "{n}" (func ${p} "{n}"))' for n in names)
    return f"  (instance ${iname} (instantiate ${cname} {w}))"
if mode == "values":
    parts = [";; Fused adapters between a provider component (utf8) and a consumer",
             ";; (utf8) composed by the root (tests/canon/fused_values.golden).",
             "(component", provider("utf8"), consumer("c8", "utf8", ALL),
             "  (instance $p (instantiate $provider))", inst("c8", "i8", ALL)]
    for n in ALL + [e[0] for e in EXTRA]:
        parts.append(f'  (export "{n}" (func $i8 "{n}"))')
else:
    parts = [";; Fused adapters that transcode (tests/canon/fused_strings.golden):",
             ";; a utf8 provider with utf16 and latin1+utf16 consumers, and utf16",
             ";; and latin1+utf16 providers with a utf8 consumer.",
             "(component", provider("utf8"), provider("utf16", "provider16"),
             provider("latin1+utf16", "providerl1"),
             consumer("c16", "utf16", STR), consumer("cl1", "latin1+utf16", STR),
             consumer("c8", "utf8", STR + ["bad-utf16"]),
             "  (instance $p (instantiate $provider))",
             "  (instance $p16 (instantiate $provider16))",
             "  (instance $pl1 (instantiate $providerl1))",
             inst("c16", "i16", STR), inst("cl1", "il1", STR),
             inst("c8", "i8to16", STR + ["bad-utf16"], "p16"),
             inst("c8", "i8tol1", STR + ["bad-utf16"], "pl1")]
    for n in STR + ["oob"]:
        parts.append(f'  (export "{n}16" (func $i16 "{n}"))')
        parts.append(f'  (export "{n}-latin1" (func $il1 "{n}"))')
    parts.append('  (export "bad-utf16-to16" (func $i8to16 "bad-utf16"))')
    for n in STR:
        parts.append(f'  (export "{n}-to16" (func $i8to16 "{n}"))')
        parts.append(f'  (export "{n}-tol1" (func $i8tol1 "{n}"))')
parts.append(")")
print("\n".join(parts))
