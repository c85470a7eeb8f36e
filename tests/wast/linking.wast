;; Imports and exports between registered modules: functions, a shared
;; memory, table and mutable global seen by both sides; link errors
;; (missing export, wrong kind, wrong type, limits) and instantiation
;; traps whose earlier effects stay visible.
(module $lib
  (memory (export "mem") 1 2)
  (table (export "tab") 3 funcref)
  (global $counter (export "counter") (mut i32) (i32.const 0))
  (global (export "fixed") i64 (i64.const 12345))
  (func $add (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "bump") (result i32)
    (global.set $counter (i32.add (global.get $counter) (i32.const 1)))
    (global.get $counter))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "call_slot") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
)
(register "lib" $lib)

(module $user
  (import "lib" "add" (func $add (param i32 i32) (result i32)))
  (import "lib" "mem" (memory 1))
  (import "lib" "tab" (table 2 funcref))
  (import "lib" "counter" (global $counter (mut i32)))
  (import "lib" "fixed" (global $fixed i64))
  (func $nine (result i32) (i32.const 9))
  (elem (i32.const 1) func $nine)
  (func (export "add3") (param i32) (result i32) (call $add (local.get 0) (i32.const 3)))
  (func (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "set_counter") (param i32) (global.set $counter (local.get 0)))
  (func (export "fixed") (result i64) (global.get $fixed))
)

(assert_return (invoke $user "add3" (i32.const 4)) (i32.const 7))
(assert_return (invoke $user "poke" (i32.const 10) (i32.const 99)))
(assert_return (invoke $lib "peek" (i32.const 10)) (i32.const 99))
(assert_return (invoke $lib "call_slot" (i32.const 1)) (i32.const 9))
(assert_trap (invoke $lib "call_slot" (i32.const 0)) "uninitialized element")
(assert_return (invoke $user "set_counter" (i32.const 41)))
(assert_return (invoke $lib "bump") (i32.const 42))
(assert_return (get $lib "counter") (i32.const 42))
(assert_return (get $lib "fixed") (i64.const 12345))
(assert_return (invoke $user "fixed") (i64.const 12345))

;; link errors
(assert_unlinkable
  (module (import "lib" "missing" (func)))
  "unknown import")
(assert_unlinkable
  (module (import "nowhere" "add" (func)))
  "unknown import")
(assert_unlinkable
  (module (import "lib" "add" (func (param i32) (result i32))))
  "incompatible import type")
(assert_unlinkable
  (module (import "lib" "mem" (func)))
  "incompatible import type")
(assert_unlinkable
  (module (import "lib" "mem" (memory 3)))
  "incompatible import type")
(assert_unlinkable
  (module (import "lib" "mem" (memory 1 1)))
  "incompatible import type")
(assert_unlinkable
  (module (import "lib" "counter" (global i32)))
  "incompatible import type")
(assert_unlinkable
  (module (import "lib" "fixed" (global (mut i64))))
  "incompatible import type")
(assert_unlinkable
  (module (import "lib" "tab" (table 4 funcref)))
  "incompatible import type")

;; a trap during instantiation keeps what was written before it
(assert_trap
  (module
    (import "lib" "mem" (memory 1))
    (data (i32.const 20) "\05")
    (data (i32.const 65536) "\06"))
  "out of bounds memory access")
(assert_return (invoke $lib "peek" (i32.const 20)) (i32.const 5))
(assert_trap
  (module
    (import "lib" "mem" (memory 1))
    (func $start (i32.store8 (i32.const 21) (i32.const 8)) (unreachable))
    (start $start))
  "unreachable")
(assert_return (invoke $lib "peek" (i32.const 21)) (i32.const 8))

;; the memory grown through one module is seen grown by the other
(module $grower
  (import "lib" "mem" (memory 1))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
  (func (export "size") (result i32) (memory.size)))
(assert_return (invoke $grower "grow") (i32.const 1))
(assert_return (invoke $user "poke" (i32.const 70000) (i32.const 3)))
(assert_return (invoke $lib "peek" (i32.const 70000)) (i32.const 3))
(assert_return (invoke $grower "grow") (i32.const -1))
