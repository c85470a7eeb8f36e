;; A loop running off the end of memory traps only after all its earlier
;; stores happened (spec 4.4.7: each store is a step; a trap stops the
;; program after them).  Holds at -O1.  At -O2 LLVM's loop vectorizer
;; turns four stores into one 16-byte store, which faults as a whole at
;; the memory's end in guard mode, so up to VF*IC-1 earlier in-bounds
;; stores of that loop are lost (a known deviation: meson.build runs this
;; file at -O2 with should_fail until it is fixed).
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
;; running off the end: the two in-bounds stores happen, then the trap
(invoke "fill" (i32.const 16384))
(assert_trap (invoke "axpy" (i32.const 65528) (i32.const 4) (i32.const 64))
             "out of bounds memory access")
(assert_return (invoke "f32" (i32.const 65528)) (f32.const 16384))
(assert_return (invoke "f32" (i32.const 65532)) (f32.const 16387))
(invoke "set64" (i32.const 0) (f64.const 1))
(invoke "set64" (i32.const 8) (f64.const 2))
(invoke "set64" (i32.const 65520) (f64.const 5))
(invoke "set64" (i32.const 65528) (f64.const 6))
(assert_trap (invoke "daxpy2" (i32.const 65520) (i32.const 0) (f64.const 1)
                              (i32.const 0) (i32.const 256))
             "out of bounds memory access")
(assert_return (invoke "f64" (i32.const 65520)) (f64.const 6))
(assert_return (invoke "f64" (i32.const 65528)) (f64.const 8))
