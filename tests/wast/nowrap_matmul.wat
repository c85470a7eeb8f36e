;; The inner loop of bench/kernels/matmul.c as clang-19 -O2 emits it for
;; wasm32 (j unrolled by two): the second column's address is `p + 8`, an
;; i32 add after p was used as an address.  With the no-wrap fact that
;; add is `nuw` and LLVM's loop vectorizer handles the loop (nowrap_ir.py).
(module
  (memory 1)
  ;; c[j] += a * b[j], j = 0 .. 511
  (func (export "axpy") (param $c i32) (param $b i32) (param $a f64)
    (local $j i32) (local $p i32) (local $q i32)
    (loop $l
      (local.tee $p (i32.add (local.get $c) (local.get $j)))
      (f64.mul (local.get $a)
               (f64.load (local.tee $q (i32.add (local.get $b) (local.get $j)))))
      (f64.load (local.get $p))
      (f64.add)
      (f64.store)
      (local.tee $p (i32.add (local.get $p) (i32.const 8)))
      (f64.mul (local.get $a) (f64.load (i32.add (local.get $q) (i32.const 8))))
      (f64.load (local.get $p))
      (f64.add)
      (f64.store)
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 16)))
                        (i32.const 4096)))))
)
