;; Linear memory bounds: the last byte is reachable, one byte more traps,
;; the effective address is base + offset computed without wrapping, and
;; wide accesses straddling the end trap.
(module
  (memory 1)
  (data (i32.const 65532) "\01\02\03\04")
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "load8_off") (param i32) (result i32) (i32.load8_u offset=65535 (local.get 0)))
  (func (export "load_big_off") (param i32) (result i32) (i32.load offset=0xffffffff (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "store16_off") (param i32 i32) (i32.store16 offset=2 (local.get 0) (local.get 1)))
  (func (export "fload") (param i32) (result f64) (f64.load (local.get 0)))
)

(assert_return (invoke "load8" (i32.const 65535)) (i32.const 4))
(assert_trap (invoke "load8" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "load8" (i32.const -1)) "out of bounds memory access")
(assert_return (invoke "load32" (i32.const 65532)) (i32.const 0x04030201))
(assert_trap (invoke "load32" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "load64" (i32.const 65528)) (i64.const 0x0403020100000000))
(assert_trap (invoke "load64" (i32.const 65529)) "out of bounds memory access")
(assert_return (invoke "load8_off" (i32.const 0)) (i32.const 4))
(assert_trap (invoke "load8_off" (i32.const 1)) "out of bounds memory access")
;; base + offset must not wrap around to a small address
(assert_trap (invoke "load8_off" (i32.const 0xffff0001)) "out of bounds memory access")
(assert_trap (invoke "load_big_off" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "load_big_off" (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "store8" (i32.const 65535) (i32.const 0x1ff)))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 0xff))
(assert_trap (invoke "store8" (i32.const 65536) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "store16_off" (i32.const 65532) (i32.const 0xbeef)))
(assert_return (invoke "load32" (i32.const 65532)) (i32.const 0xbeef0201))
(assert_trap (invoke "store16_off" (i32.const 65533) (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "fload" (i32.const 65535)) "out of bounds memory access")

;; a memory of zero pages has no valid address at all
(module
  (memory 0)
  (func (export "peek") (param i32) (result i32) (i32.load8_s (local.get 0)))
)
(assert_trap (invoke "peek" (i32.const 0)) "out of bounds memory access")

;; an active data segment past the end makes the module uninstantiable
(assert_trap
  (module (memory 1) (data (i32.const 65535) "ab"))
  "out of bounds memory access")
