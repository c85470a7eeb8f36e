;; Extended constant expressions: add, sub and mul of i32/i64 in global
;; initialisers, element and data offsets, reading imported globals.
(module
  (global (export "base") i32 (i32.const 1000))
  (global (export "wide") i64 (i64.const 0x100000000))
)
(register "consts")

(module
  (import "consts" "base" (global $base i32))
  (import "consts" "wide" (global $wide i64))
  (global $a i32 (i32.add (global.get $base) (i32.const 24)))
  (global $b i32 (i32.mul (i32.sub (global.get $base) (i32.const 1)) (i32.const 2)))
  (global $c i64 (i64.sub (i64.mul (global.get $wide) (i64.const 3)) (i64.const 1)))
  (global $d i32 (i32.sub (i32.const 0) (i32.const 0x80000000)))
  (memory 1)
  (data (i32.add (global.get $base) (i32.const 5)) "\2a")
  (table 4 funcref)
  (elem (i32.sub (i32.const 5) (i32.const 3)) func $f)
  (func $f (result i32) (i32.const 11))
  (func (export "a") (result i32) (global.get $a))
  (func (export "b") (result i32) (global.get $b))
  (func (export "c") (result i64) (global.get $c))
  (func (export "d") (result i32) (global.get $d))
  (func (export "mem") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "slot") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
)

(assert_return (invoke "a") (i32.const 1024))
(assert_return (invoke "b") (i32.const 1998))
(assert_return (invoke "c") (i64.const 0x2ffffffff))
(assert_return (invoke "d") (i32.const 0x80000000))
(assert_return (invoke "mem" (i32.const 1005)) (i32.const 42))
(assert_return (invoke "mem" (i32.const 1004)) (i32.const 0))
(assert_return (invoke "slot" (i32.const 2)) (i32.const 11))
(assert_trap (invoke "slot" (i32.const 1)) "uninitialized element")

;; an offset computed past the end still makes the module uninstantiable
(assert_trap
  (module
    (memory 1)
    (data (i32.mul (i32.const 0x100) (i32.const 0x100)) "x"))
  "out of bounds memory access")
