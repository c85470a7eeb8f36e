;; Frozen tables (cg_table.c): a table that is defined in the module, not
;; exported, never written by an instruction and filled only by active
;; segments at constant offsets with the module's own functions or nulls.
;; call_indirect then reads a constant array instead of the runtime
;; table: the call entries of its type's class, where other classes and
;; nulls are functions that only trap, or {entry, type class} pairs once
;; the module's budget for class arrays is spent (frozen_ir.py checks
;; which).  What must hold as with the runtime table: later segments
;; overwrite earlier ones, ref.null items and slots no segment fills trap
;; as uninitialized, the index past the size traps as undefined, a
;; different type traps as a mismatch, and a structurally equal type
;; under another index matches.
(module
  (type $ii (func (param i32) (result i32)))
  (type $ii2 (func (param i32) (result i32)))   ;; the same type again
  (type $v (func))
  (type $ll (func (param i64) (result i64)))
  (table $t 8 funcref)
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $ii2) (i32.mul (local.get 0) (i32.const 2)))
  (func $neg (type $ii) (i32.sub (i32.const 0) (local.get 0)))
  (func $nop (type $v))
  (func $sq (type $ll) (i64.mul (local.get 0) (local.get 0)))
  ;; slots: 0 inc, 1 dbl -> neg (overwritten), 2 null, 3 nop, 4 sq,
  ;; 5 dbl, 6 and 7 never filled
  (elem (i32.const 0) func $inc $dbl $inc)
  (elem (i32.const 1) funcref (ref.func $neg) (ref.null func) (ref.func $nop))
  (elem (i32.const 4) func $sq $dbl)
  (func (export "ii") (param $i i32) (param $x i32) (result i32)
    (call_indirect (type $ii) (local.get $x) (local.get $i)))
  (func (export "ii2") (param $i i32) (param $x i32) (result i32)
    (call_indirect (type $ii2) (local.get $x) (local.get $i)))
  (func (export "v") (param $i i32)
    (call_indirect (type $v) (local.get $i)))
  (func (export "ll") (param $i i32) (param $x i64) (result i64)
    (call_indirect (type $ll) (local.get $x) (local.get $i)))
  ;; a loop of calls through the table: x = t[i mod 2](x), 10 times
  (func (export "loop") (param $x i32) (result i32)
    (local $k i32)
    (loop $l
      (local.set $x (call_indirect (type $ii) (local.get $x)
                       (i32.and (local.get $k) (i32.const 1))))
      (br_if $l (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1)))
                        (i32.const 10))))
    (local.get $x))
  ;; table.get still reads the runtime table, which holds the same
  (func (export "is_null") (param $i i32) (result i32)
    (ref.is_null (table.get $t (local.get $i))))
  (func (export "size") (result i32) (table.size $t))
)
(assert_return (invoke "ii" (i32.const 0) (i32.const 41)) (i32.const 42))
(assert_return (invoke "ii" (i32.const 1) (i32.const 5)) (i32.const -5))
(assert_return (invoke "ii2" (i32.const 0) (i32.const 1)) (i32.const 2))
(assert_return (invoke "ii" (i32.const 5) (i32.const 21)) (i32.const 42))
(assert_return (invoke "ii2" (i32.const 5) (i32.const 4)) (i32.const 8))
(assert_trap (invoke "ii" (i32.const 2) (i32.const 0)) "uninitialized element")
(assert_trap (invoke "ii" (i32.const 6) (i32.const 0)) "uninitialized element")
(assert_trap (invoke "ii" (i32.const 7) (i32.const 0)) "uninitialized element")
(assert_trap (invoke "ii" (i32.const 8) (i32.const 0)) "undefined element")
(assert_trap (invoke "ii" (i32.const -1) (i32.const 0)) "undefined element")
(assert_trap (invoke "ii" (i32.const 3) (i32.const 0)) "indirect call type mismatch")
(assert_trap (invoke "ii" (i32.const 4) (i32.const 0)) "indirect call type mismatch")
(assert_return (invoke "v" (i32.const 3)))
(assert_trap (invoke "v" (i32.const 0)) "indirect call type mismatch")
(assert_trap (invoke "v" (i32.const 2)) "uninitialized element")
(assert_return (invoke "ll" (i32.const 4) (i64.const 3000000000)) (i64.const 9000000000000000000))
(assert_trap (invoke "ll" (i32.const 0) (i64.const 1)) "indirect call type mismatch")
(assert_return (invoke "loop" (i32.const 3)) (i32.const -4))
(assert_return (invoke "is_null" (i32.const 1)) (i32.const 0))
(assert_return (invoke "is_null" (i32.const 2)) (i32.const 1))
(assert_return (invoke "is_null" (i32.const 6)) (i32.const 1))
(assert_return (invoke "size") (i32.const 8))

;; A segment that does not fit fails instantiation: no code runs, and
;; nothing about the table may be assumed (the earlier segment is applied
;; before the trap).
(assert_trap
  (module
    (table 2 funcref)
    (func $f)
    (elem (i32.const 0) func $f)
    (elem (i32.const 1) func $f $f))
  "out of bounds table access")

;; A table filled by a segment and then written by table.set is not
;; frozen: the write is seen.
(module
  (type $ii (func (param i32) (result i32)))
  (table $t 2 funcref)
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (elem (i32.const 0) func $inc)
  (elem declare func $dbl)
  (func (export "set") (table.set $t (i32.const 0) (ref.func $dbl)))
  (func (export "call") (param $x i32) (result i32)
    (call_indirect (type $ii) (local.get $x) (i32.const 0))))
(assert_return (invoke "call" (i32.const 5)) (i32.const 6))
(invoke "set")
(assert_return (invoke "call" (i32.const 5)) (i32.const 10))
