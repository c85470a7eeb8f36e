;; Tables declared with maximum == minimum (clang's function table): the
;; code generator checks call_indirect against the constant size and
;; loads the elements array once per function (cg_call.c).  What must
;; still hold: the bounds, null and type traps; a table.set made by a
;; callee is seen by the next call of the same loop; table.grow fails
;; and leaves the size alone; an importer sees the exporter's table.
(module $A
  (type $ii (func (param i32) (result i32)))
  (table $t (export "t") 3 3 funcref)
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  (func $nop)
  ;; slot 0 = inc; calling it switches slot 0 to dbl
  (func $switch (type $ii)
    (table.set $t (i32.const 0) (ref.func $dbl))
    (i32.add (local.get 0) (i32.const 100)))
  (elem declare func $dbl)
  (elem (table $t) (i32.const 0) func $inc $switch $nop)
  (func (export "reset") (table.set $t (i32.const 0) (ref.func $inc)))
  ;; x = t[i](x) for each i in the list 0, 1, 0
  (func (export "chain") (param $x i32) (result i32)
    (local $k i32)
    (loop $l
      (local.set $x (call_indirect $t (type $ii) (local.get $x)
        (i32.load8_u (local.get $k))))
      (br_if $l (i32.ne (local.tee $k (i32.add (local.get $k) (i32.const 1)))
                        (i32.const 3))))
    (local.get $x))
  (memory 1)
  (data (i32.const 0) "\00\01\00")
  (func (export "call") (param $i i32) (param $x i32) (result i32)
    (call_indirect $t (type $ii) (local.get $x) (local.get $i)))
  (func (export "grow") (result i32)
    (table.grow $t (ref.null func) (i32.const 1)))
  (func (export "size") (result i32) (table.size $t))
)
(register "A" $A)

;; inc(5) = 6; switch: 106, and slot 0 is now dbl; dbl(106) = 212
(assert_return (invoke $A "chain" (i32.const 5)) (i32.const 212))
(assert_return (invoke $A "call" (i32.const 0) (i32.const 7)) (i32.const 14))
(invoke $A "reset")
(assert_return (invoke $A "call" (i32.const 0) (i32.const 7)) (i32.const 8))
(assert_trap (invoke $A "call" (i32.const 3) (i32.const 0)) "undefined element")
(assert_trap (invoke $A "call" (i32.const -1) (i32.const 0)) "undefined element")
(assert_trap (invoke $A "call" (i32.const 2) (i32.const 0)) "indirect call type mismatch")
(assert_return (invoke $A "grow") (i32.const -1))
(assert_return (invoke $A "size") (i32.const 3))

;; an importer declaring the same fixed limits
(module $B
  (type $ii (func (param i32) (result i32)))
  (import "A" "t" (table $t 3 3 funcref))
  (func (export "call") (param $i i32) (param $x i32) (result i32)
    (call_indirect $t (type $ii) (local.get $x) (local.get $i)))
  (func (export "clear") (table.set $t (i32.const 0) (ref.null func)))
)
(assert_return (invoke $B "call" (i32.const 0) (i32.const 41)) (i32.const 42))
(assert_trap (invoke $B "call" (i32.const 3) (i32.const 0)) "undefined element")
(invoke $B "clear")
(assert_trap (invoke $B "call" (i32.const 0) (i32.const 0)) "uninitialized element")
(assert_trap (invoke $A "call" (i32.const 0) (i32.const 0)) "uninitialized element")

;; an import must match: a fixed 3-slot table is not a 4-slot one
(assert_unlinkable
  (module (import "A" "t" (table 4 4 funcref)))
  "incompatible import type")
