;; kiln caps 32-bit memories at 65535 pages (4 GiB - 64 KiB; runtime
;; core/memory.c), which the no-wrap facts of address sums rely on:
;; memory.grow to 65535 pages succeeds, one more page fails with -1, a
;; declared minimum of 65536 pages does not instantiate.  Guard mode only
;; (the growth commits address space it never touches).
(module
  (memory 0)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  ;; the flagged sum at the very end of the largest memory
  (func (export "pair") (param $v i32) (result i32)
    (i32.add (i32.load (local.get $v))
             (i32.load (i32.add (local.get $v) (i32.const 4)))))
)
(assert_return (invoke "grow" (i32.const 0x10000)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 0xFFFF)) (i32.const 0))
(assert_return (invoke "size") (i32.const 0xFFFF))
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 0)) (i32.const 0xFFFF))
(assert_return (invoke "store" (i32.const 0xFFFEFFF8) (i32.const 3)))
(assert_return (invoke "store" (i32.const 0xFFFEFFFC) (i32.const 4)))
(assert_return (invoke "pair" (i32.const 0xFFFEFFF8)) (i32.const 7))
(assert_trap (invoke "pair" (i32.const 0xFFFEFFFC)) "out of bounds memory access")
(assert_trap (invoke "load" (i32.const 0xFFFF0000)) "out of bounds memory access")

(module
  (memory 1 0x10000)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
)
(assert_return (invoke "grow" (i32.const 0xFFFF)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 0xFFFE)) (i32.const 1))
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))

(assert_unlinkable (module (memory 0x10000)) "memory size")
(assert_unlinkable (module (memory 0x10000 0x10000)) "memory size")
