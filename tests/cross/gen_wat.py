#!/usr/bin/env python3
"""Writes the .wat fixtures of tests/cross/wat/ (run by hand after editing;
the outputs are committed).  Each module applies wasm instructions, through
call_indirect so that LLVM cannot fold them, to edge-case operands and
prints every result in hex (NaN results print as "nan": their bit patterns
legitimately differ between targets).  run_cross.py compares that output
between the x86-64 build and the cross build.
"""
import os
import struct

PRELUDE = r'''  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory 2)
  (data (i32.const 64) "0123456789abcdef")
  (data (i32.const 96) "nan\n")
  ;; bytes 0..15 stay zero: an index LLVM cannot know
  (func $zero (result i32) (i32.load (i32.const 0)))
  (func $write (param $p i32) (param $n i32)
    (i32.store (i32.const 16) (local.get $p))
    (i32.store (i32.const 20) (local.get $n))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))))
  (func $hex (param $v i64) (param $digits i32)
    (local $i i32)
    (local.set $i (local.get $digits))
    (block $done (loop $l
      (br_if $done (i32.eqz (local.get $i)))
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (i32.add (i32.const 128) (local.get $i))
        (i32.load8_u (i32.add (i32.const 64)
          (i32.wrap_i64 (i64.and (local.get $v) (i64.const 15))))))
      (local.set $v (i64.shr_u (local.get $v) (i64.const 4)))
      (br $l)))
    (i32.store8 (i32.add (i32.const 128) (local.get $digits)) (i32.const 10))
    (call $write (i32.const 128) (i32.add (local.get $digits) (i32.const 1))))
  (func $p32 (param i32) (call $hex (i64.extend_i32_u (local.get 0)) (i32.const 8)))
  (func $p64 (param i64) (call $hex (local.get 0) (i32.const 16)))
  (func $pf32 (param f32)
    (if (f32.ne (local.get 0) (local.get 0))
      (then (call $write (i32.const 96) (i32.const 4)))
      (else (call $p32 (i32.reinterpret_f32 (local.get 0))))))
  (func $pf64 (param f64)
    (if (f64.ne (local.get 0) (local.get 0))
      (then (call $write (i32.const 96) (i32.const 4)))
      (else (call $p64 (i64.reinterpret_f64 (local.get 0))))))
'''

F32 = ["0", "-0", "1", "-1", "0.5", "-1.5", "2.5", "3.5", "0x1p-149",
       "0x1.fffffep127", "inf", "-inf", "nan", "-nan", "4294967296",
       "-2147483904", "16777217"]
F64 = ["0", "-0", "1", "-1", "0.5", "-1.5", "2.5", "-3.5", "0x1p-1074",
       "0x1.fffffffffffffp1023", "inf", "-inf", "nan", "-nan",
       "18446744073709551616", "-9223372036854777856", "9007199254740993",
       "1e300", "-1e-300"]
I32 = ["0", "1", "-1", "2", "-2", "7", "31", "32", "33", "0x7fffffff",
       "0x80000000", "0x12345678", "-7", "0xff", "0x8000"]
I64 = ["0", "1", "-1", "2", "-2", "7", "63", "64", "65", "0x7fffffffffffffff",
       "0x8000000000000000", "0x123456789abcdef0", "-7", "0xffffffff",
       "0x80000000", "0xff", "0x8000"]

PRINT = {"i32": "$p32", "i64": "$p64", "f32": "$pf32", "f64": "$pf64"}
VALUES = {"i32": I32, "i64": I64, "f32": F32, "f64": F64}
SIZE = {"i32": 4, "i64": 8, "f32": 4, "f64": 8}
FMT = {"i32": "<I", "i64": "<Q", "f32": "<f", "f64": "<d"}
DATA_BASE = 4096


def encode(t, v):
    """The little-endian bytes of constant v of type t."""
    if t in ("i32", "i64"):
        n = int(v, 0) & ((1 << (SIZE[t] * 8)) - 1)
        return n.to_bytes(SIZE[t], "little")
    if v in ("nan", "-nan"):
        bits = (0x7fc00000 if t == "f32" else 0x7ff8000000000000)
        if v == "-nan":
            bits |= 1 << (SIZE[t] * 8 - 1)
        return bits.to_bytes(SIZE[t], "little")
    x = float.fromhex(v) if "0x" in v else float(v)
    return struct.pack(FMT[t], x)


class Arrays:
    """Operand arrays in linear memory, as data segments."""

    def __init__(self):
        self.next = DATA_BASE
        self.segs = []
        self.known = {}

    def get(self, t, values):
        key = (t, tuple(values))
        if key not in self.known:
            raw = b"".join(encode(t, v) for v in values)
            self.segs.append('  (data (i32.const %d) "%s")' % (
                self.next, "".join("\\%02x" % b for b in raw)))
            self.known[key] = (self.next, len(values))
            self.next += (len(raw) + 15) & ~15
        return self.known[key]


def load(t, addr):
    return "(%s.load %s)" % (t, addr)


def module(name, ops):
    """ops: (instr, [param types], result type, divisor list or None)."""
    types, elems, funcs, runs = {}, [], [], []
    arrays = Arrays()
    for k, (instr, params, res, divisors) in enumerate(ops):
        sig = "(param %s) (result %s)" % (" ".join(params), res)
        tname = types.setdefault(sig, "$t%d" % len(types))
        body = " ".join("(local.get %d)" % i for i in range(len(params)))
        funcs.append("  (func $f%d (type %s) (%s %s))" % (k, tname, instr, body))
        elems.append("$f%d" % k)
        lists = [VALUES[p] for p in params]
        if divisors is not None:
            lists[-1] = divisors
        arrs = [arrays.get(p, l) for p, l in zip(params, lists)]
        # nested loops over the operand arrays: $i0 outer, $i1 inner
        args = " ".join(load(p, "(i32.add (i32.const %d) (i32.mul (local.get $i%d) "
                             "(i32.const %d)))" % (a[0], i, SIZE[p]))
                        for i, (p, a) in enumerate(zip(params, arrs)))
        call = ("(call %s (call_indirect (type %s) %s (i32.add (call $zero) "
                "(i32.const %d))))" % (PRINT[res], tname, args, k))
        inner = call
        for i in reversed(range(len(params))):
            inner = ("(local.set $i%d (i32.const 0)) (loop $l%d %s "
                     "(local.set $i%d (i32.add (local.get $i%d) (i32.const 1))) "
                     "(br_if $l%d (i32.lt_u (local.get $i%d) (i32.const %d))))"
                     % (i, i, inner, i, i, i, i, arrs[i][1]))
        funcs.append("  (func $run%d (local $i0 i32) (local $i1 i32)\n    %s)"
                     % (k, inner))
        runs.append("    (call $run%d)" % k)
    out = ["(module"]
    out += ['  (type %s (func %s))' % (t, s) for s, t in types.items()]
    out.append(PRELUDE)
    out += arrays.segs
    out.append("  (table %d funcref)" % len(elems))
    out.append("  (elem (i32.const 0) %s)" % " ".join(elems))
    out += funcs
    out.append('  (func (export "_start")')
    out += runs
    out.append("  ))")
    return "\n".join(out) + "\n"


def bin_ops(t, names, divisors=None):
    return [("%s.%s" % (t, n), [t, t], t, divisors) for n in names]


def un_ops(t, names, res=None, src=None):
    return [("%s.%s" % (t, n), [src or t], res or t, None) for n in names]


def divisors(t):
    """Operands that never trap as divisors (no 0, no -1 for div_s)."""
    return [v for v in VALUES[t] if v not in ("0", "-1")]


def main():
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wat")
    os.makedirs(here, exist_ok=True)
    mods = {
        "float_minmax": bin_ops("f32", ["min", "max"]) +
                        bin_ops("f64", ["min", "max"]),
        "float_arith": bin_ops("f32", ["add", "sub", "mul", "div", "copysign"]) +
                       bin_ops("f64", ["add", "sub", "mul", "div", "copysign"]) +
                       un_ops("f32", ["sqrt", "floor", "ceil", "trunc", "nearest",
                                      "abs", "neg"]) +
                       un_ops("f64", ["sqrt", "floor", "ceil", "trunc", "nearest",
                                      "abs", "neg"]) +
                       [("f32.%s" % n, ["f32", "f32"], "i32", None)
                        for n in ["eq", "ne", "lt", "le", "gt", "ge"]] +
                       [("f64.%s" % n, ["f64", "f64"], "i32", None)
                        for n in ["eq", "lt", "ge"]],
        "convert": [("i32.trunc_sat_f32_s", ["f32"], "i32", None),
                    ("i32.trunc_sat_f32_u", ["f32"], "i32", None),
                    ("i32.trunc_sat_f64_s", ["f64"], "i32", None),
                    ("i32.trunc_sat_f64_u", ["f64"], "i32", None),
                    ("i64.trunc_sat_f32_s", ["f32"], "i64", None),
                    ("i64.trunc_sat_f32_u", ["f32"], "i64", None),
                    ("i64.trunc_sat_f64_s", ["f64"], "i64", None),
                    ("i64.trunc_sat_f64_u", ["f64"], "i64", None),
                    ("f32.convert_i32_s", ["i32"], "f32", None),
                    ("f32.convert_i32_u", ["i32"], "f32", None),
                    ("f32.convert_i64_s", ["i64"], "f32", None),
                    ("f32.convert_i64_u", ["i64"], "f32", None),
                    ("f64.convert_i32_u", ["i32"], "f64", None),
                    ("f64.convert_i64_s", ["i64"], "f64", None),
                    ("f64.convert_i64_u", ["i64"], "f64", None),
                    ("f32.demote_f64", ["f64"], "f32", None),
                    ("f64.promote_f32", ["f32"], "f64", None),
                    ("i32.wrap_i64", ["i64"], "i32", None),
                    ("i64.extend_i32_s", ["i32"], "i64", None),
                    ("i64.extend_i32_u", ["i32"], "i64", None)],
        "int32": bin_ops("i32", ["add", "sub", "mul", "and", "or", "xor", "shl",
                                 "shr_s", "shr_u", "rotl", "rotr", "lt_s",
                                 "lt_u", "ge_s"]) +
                 bin_ops("i32", ["div_u", "rem_u", "rem_s", "div_s"],
                         divisors("i32")) +
                 un_ops("i32", ["clz", "ctz", "popcnt", "extend8_s",
                                "extend16_s", "eqz"]),
        "int64": bin_ops("i64", ["add", "sub", "mul", "and", "or", "xor", "shl",
                                 "shr_s", "shr_u", "rotl", "rotr"]) +
                 [("i64.%s" % n, ["i64", "i64"], "i32", None)
                  for n in ["lt_s", "lt_u", "ge_s", "eq"]] +
                 bin_ops("i64", ["div_u", "rem_u", "rem_s", "div_s"],
                         divisors("i64")) +
                 un_ops("i64", ["clz", "ctz", "popcnt", "extend8_s",
                                "extend16_s", "extend32_s"]) +
                 [("i64.eqz", ["i64"], "i32", None)],
    }
    for name, ops in mods.items():
        with open(os.path.join(here, name + ".wat"), "w") as f:
            f.write(";; Generated by tests/cross/gen_wat.py; do not edit.\n")
            f.write(module(name, ops))


if __name__ == "__main__":
    main()
