;; Loops that LLVM's loop vectorizer transforms at -O2 (run at -O2 by
;; meson.build) keep wasm's semantics (spec 4.4.7, effective address =
;; i32 sum mod 2^32, then + offset): addresses that are sums of two large
;; i32 values wrap to small ones, unrolled-by-two loops (p, p+8) read and
;; write every element once.  (Traps inside such loops:
;; vector_trap_stores.wast.)
(module
  (memory 1)
  ;; mem[4i] = i as f32 for i < n
  (func (export "fill") (param $n i32) (local $i i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (f32.store (i32.shl (local.get $i) (i32.const 2))
                   (f32.convert_i32_u (local.get $i)))
        (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                          (local.get $n))))))
  ;; d[k] = 2 * s[k] + d[k], pointers advanced by i32.add
  (func (export "axpy") (param $d i32) (param $s i32) (param $n i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (f32.store (local.get $d)
          (f32.add (f32.mul (f32.load (local.get $s)) (f32.const 2))
                   (f32.load (local.get $d))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $s (i32.add (local.get $s) (i32.const 4)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
  ;; d[k] += s[k] through addresses base + i, both large: the i32 sums
  ;; wrap to small addresses on every iteration
  (func (export "add_wrapped") (param $base i32) (param $i i32) (param $d i32)
                               (param $n i32)
    (block $done
      (br_if $done (i32.eqz (local.get $n)))
      (loop $l
        (f32.store (i32.add (local.get $d) (local.get $i))
          (f32.add (f32.load (i32.add (local.get $base) (local.get $i)))
                   (f32.load (i32.add (local.get $d) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
  ;; f64 pairs, unrolled by two as clang emits it: c[j] += a * b[j]
  (func (export "daxpy2") (param $c i32) (param $b i32) (param $a f64)
                          (param $j i32) (param $n i32) (local $p i32)
    (loop $l
      (local.set $p (i32.add (local.get $c) (local.get $j)))
      (f64.store (local.get $p)
        (f64.add (f64.mul (local.get $a)
                          (f64.load (i32.add (local.get $b) (local.get $j))))
                 (f64.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 8)))
      (f64.store (local.get $p)
        (f64.add (f64.mul (local.get $a)
                          (f64.load (i32.add (i32.add (local.get $b) (local.get $j))
                                             (i32.const 8))))
                 (f64.load (local.get $p))))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 16)))
                        (local.get $n)))))
  (func (export "f32") (param i32) (result f32) (f32.load (local.get 0)))
  (func (export "f64") (param i32) (result f64) (f64.load (local.get 0)))
  (func (export "set64") (param i32 f64) (f64.store (local.get 0) (local.get 1)))
)

(invoke "fill" (i32.const 16384))
(assert_return (invoke "f32" (i32.const 400)) (f32.const 100))

;; plain: d = mem[1024..], s = mem[2048..]
(invoke "axpy" (i32.const 1024) (i32.const 2048) (i32.const 100))
(assert_return (invoke "f32" (i32.const 1024)) (f32.const 1280))
(assert_return (invoke "f32" (i32.const 1420)) (f32.const 1577))
(assert_return (invoke "f32" (i32.const 1424)) (f32.const 356))

;; overlapping (d = s + 4): each store feeds the next load
(invoke "fill" (i32.const 16384))
(invoke "axpy" (i32.const 4100) (i32.const 4096) (i32.const 8))
(assert_return (invoke "f32" (i32.const 4100)) (f32.const 3073))
(assert_return (invoke "f32" (i32.const 4104)) (f32.const 7172))
(assert_return (invoke "f32" (i32.const 4128)) (f32.const 523766))
(assert_return (invoke "f32" (i32.const 4132)) (f32.const 1033))

;; 0x80000000 + 0x80001000 wraps to 0x1000 (loads) and 0x80001000 +
;; 0x80001000 to 0x2000 (stores); 0xc0000000 + 0x40002000 to 0x2000
(invoke "fill" (i32.const 16384))
(invoke "add_wrapped" (i32.const 0x80000000) (i32.const 0x80001000)
                      (i32.const 0x80001000) (i32.const 64))
(assert_return (invoke "f32" (i32.const 0x2000)) (f32.const 3072))
(assert_return (invoke "f32" (i32.const 0x20fc)) (f32.const 3198))
(assert_return (invoke "f32" (i32.const 0x2100)) (f32.const 2112))
(invoke "add_wrapped" (i32.const 0xc0000000) (i32.const 0x40002000)
                      (i32.const 0xc0000000) (i32.const 33))
(assert_return (invoke "f32" (i32.const 0x2000)) (f32.const 6144))
(assert_return (invoke "f32" (i32.const 0x2080)) (f32.const 6272))
(assert_return (invoke "f32" (i32.const 0x2084)) (f32.const 3138))
;; a sum one step short of wrapping is out of bounds
(assert_trap (invoke "add_wrapped" (i32.const 0x80000000) (i32.const 0x7ffffffc)
                                   (i32.const 0) (i32.const 4))
             "out of bounds memory access")

;; unrolled f64 pairs, c and b at wrapped bases
(invoke "fill" (i32.const 16384))
(invoke "set64" (i32.const 8192) (f64.const 1))
(invoke "set64" (i32.const 8200) (f64.const 2))
(invoke "set64" (i32.const 16384) (f64.const 10))
(invoke "set64" (i32.const 16392) (f64.const 20))
(invoke "daxpy2" (i32.const 8192) (i32.const 16384) (f64.const 3) (i32.const 0)
                 (i32.const 4096))
(assert_return (invoke "f64" (i32.const 8192)) (f64.const 31))
(assert_return (invoke "f64" (i32.const 8200)) (f64.const 62))
(invoke "daxpy2" (i32.const 0x80002000) (i32.const 0x80004000) (f64.const 1)
                 (i32.const 0x80000000) (i32.const 0x80000010))
(assert_return (invoke "f64" (i32.const 8192)) (f64.const 41))
(assert_return (invoke "f64" (i32.const 8200)) (f64.const 82))
