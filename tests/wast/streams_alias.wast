;; Access streams (cg_streams.c): before the loop vectorizer, an address
;; root that is written at two offsets (c, c + 8 here) gets an opaque
;; view of the memory base of its own, so LLVM checks
;; at run time whether two arrays overlap instead of giving up.  These
;; loops have the shape of clang's wasm for c[j] += b[j] (j unrolled by
;; two) and run with disjoint, equal and overlapping arrays: only the
;; run-time check keeps the overlapping ones exact (b = c - 8 is a
;; running sum; a vector loop that ignored it would leave every c[j] at
;; 2).  Run at -O2, where the loops are vectorized (nowrap_ir.py checks
;; the single range check in the IR).
(module
  (memory 1)
  ;; i64 slots 0 .. n-1 = 1
  (func (export "init") (param $n i32)
    (local $i i32)
    (loop $l
      (i64.store (i32.shl (local.get $i) (i32.const 3)) (i64.const 1))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                        (local.get $n)))))
  ;; c[j] += b[j] for 512 i64s (byte offsets c, b)
  (func (export "add") (param $c i32) (param $b i32)
    (local $j i32) (local $p i32) (local $q i32)
    (loop $l
      (local.tee $p (i32.add (local.get $c) (local.get $j)))
      (i64.load (local.tee $q (i32.add (local.get $b) (local.get $j))))
      (i64.load (local.get $p))
      (i64.add)
      (i64.store)
      (local.tee $p (i32.add (local.get $p) (i32.const 8)))
      (i64.load (i32.add (local.get $q) (i32.const 8)))
      (i64.load (local.get $p))
      (i64.add)
      (i64.store)
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 16)))
                        (i32.const 4096)))))
  ;; the same with f64 and a factor: c[j] += a * b[j]
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
  (func (export "get") (param $i i32) (result i64)
    (i64.load (i32.shl (local.get $i) (i32.const 3))))
  (func (export "getf") (param $i i32) (result f64)
    (f64.load (i32.shl (local.get $i) (i32.const 3))))
  (func (export "setf") (param $i i32) (param $v f64)
    (f64.store (i32.shl (local.get $i) (i32.const 3)) (local.get $v)))
)

;; disjoint: c = slots 0..511, b = slots 1024..1535
(invoke "init" (i32.const 2048))
(invoke "add" (i32.const 0) (i32.const 8192))
(assert_return (invoke "get" (i32.const 0)) (i64.const 2))
(assert_return (invoke "get" (i32.const 511)) (i64.const 2))
(assert_return (invoke "get" (i32.const 512)) (i64.const 1))
(assert_return (invoke "get" (i32.const 1024)) (i64.const 1))

;; b = c - 8: c[k] += c[k-1] in order, a running sum 2, 3, ..., 513
(invoke "init" (i32.const 2048))
(invoke "add" (i32.const 8) (i32.const 0))
(assert_return (invoke "get" (i32.const 0)) (i64.const 1))
(assert_return (invoke "get" (i32.const 1)) (i64.const 2))
(assert_return (invoke "get" (i32.const 2)) (i64.const 3))
(assert_return (invoke "get" (i32.const 100)) (i64.const 101))
(assert_return (invoke "get" (i32.const 512)) (i64.const 513))
(assert_return (invoke "get" (i32.const 513)) (i64.const 1))

;; b = c - 16: every other slot chains: 1, 1, 2, 2, 3, 3, ...
(invoke "init" (i32.const 2048))
(invoke "add" (i32.const 16) (i32.const 0))
(assert_return (invoke "get" (i32.const 2)) (i64.const 2))
(assert_return (invoke "get" (i32.const 3)) (i64.const 2))
(assert_return (invoke "get" (i32.const 4)) (i64.const 3))
(assert_return (invoke "get" (i32.const 513)) (i64.const 257))

;; b = c + 8: reads run ahead of the writes: every c[j] is 2
(invoke "init" (i32.const 2048))
(invoke "add" (i32.const 0) (i32.const 8))
(assert_return (invoke "get" (i32.const 0)) (i64.const 2))
(assert_return (invoke "get" (i32.const 511)) (i64.const 2))
(assert_return (invoke "get" (i32.const 512)) (i64.const 1))

;; b = c: every c[j] doubles
(invoke "init" (i32.const 2048))
(invoke "add" (i32.const 0) (i32.const 0))
(assert_return (invoke "get" (i32.const 0)) (i64.const 2))
(assert_return (invoke "get" (i32.const 511)) (i64.const 2))

;; f64, b = c - 8 with a = 0.5: c[k] = 1 + c[k-1] / 2 -> 1.5, 1.75, ...
(invoke "init" (i32.const 2048))
(invoke "setf" (i32.const 0) (f64.const 1))
(invoke "setf" (i32.const 1) (f64.const 1))
(invoke "setf" (i32.const 2) (f64.const 1))
(invoke "setf" (i32.const 3) (f64.const 1))
(invoke "axpy" (i32.const 8) (i32.const 0) (f64.const 0.5))
(assert_return (invoke "getf" (i32.const 1)) (f64.const 1.5))
(assert_return (invoke "getf" (i32.const 2)) (f64.const 1.75))
(assert_return (invoke "getf" (i32.const 3)) (f64.const 1.875))
;; f64, disjoint: c = 0 + 2 * b
(invoke "setf" (i32.const 600) (f64.const 0))
(invoke "setf" (i32.const 1200) (f64.const 3))
(invoke "axpy" (i32.const 4800) (i32.const 9600) (f64.const 2))
(assert_return (invoke "getf" (i32.const 600)) (f64.const 6))

;; A stencil row, d[x] = s[x] + s[x+1] + s[x+2] for 510 i32s: the written
;; root (d) has one offset, so no root gets a view and LLVM checks the
;; one object itself (pointer differences).  d against s: disjoint,
;; writing one and two slots ahead of the reads (each sum feeds the
;; next ones), one slot behind, and in place.  Expected values from
;; wabt's spectest-interp.
(module
  (memory 1)
  (func (export "init32") (param $n i32)
    (local $i i32)
    (loop $l
      (i32.store (i32.shl (local.get $i) (i32.const 2)) (i32.const 1))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                        (local.get $n)))))
  (func (export "row") (param $d i32) (param $s i32)
    (local $x i32) (local $p i32)
    (loop $l
      (i32.store (i32.add (local.get $d) (local.get $x))
        (i32.add (i32.add
          (i32.load (local.tee $p (i32.add (local.get $s) (local.get $x))))
          (i32.load (i32.add (local.get $p) (i32.const 4))))
          (i32.load (i32.add (local.get $p) (i32.const 8)))))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 4)))
                        (i32.const 2040)))))
  (func (export "get32") (param $i i32) (result i32)
    (i32.load (i32.shl (local.get $i) (i32.const 2))))
)
;; disjoint
(invoke "init32" (i32.const 2048))
(invoke "row" (i32.const 0) (i32.const 4096))
(assert_return (invoke "get32" (i32.const 1023)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1024)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1025)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1026)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1027)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1100)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1533)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1534)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1535)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1536)) (i32.const 1))
;; d = s + 4: v[k] = v[k-1] + 2
(invoke "init32" (i32.const 2048))
(invoke "row" (i32.const 4100) (i32.const 4096))
(assert_return (invoke "get32" (i32.const 1023)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1024)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1025)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1026)) (i32.const 5))
(assert_return (invoke "get32" (i32.const 1027)) (i32.const 7))
(assert_return (invoke "get32" (i32.const 1100)) (i32.const 153))
(assert_return (invoke "get32" (i32.const 1533)) (i32.const 1019))
(assert_return (invoke "get32" (i32.const 1534)) (i32.const 1021))
(assert_return (invoke "get32" (i32.const 1535)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1536)) (i32.const 1))
;; d = s + 8: v[k] = v[k-2] + v[k-1] + 1, wrapping
(invoke "init32" (i32.const 2048))
(invoke "row" (i32.const 4104) (i32.const 4096))
(assert_return (invoke "get32" (i32.const 1023)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1024)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1025)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1026)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1027)) (i32.const 5))
(assert_return (invoke "get32" (i32.const 1100)) (i32.const 2221673001))
(assert_return (invoke "get32" (i32.const 1533)) (i32.const 1588451663))
(assert_return (invoke "get32" (i32.const 1534)) (i32.const 1699949113))
(assert_return (invoke "get32" (i32.const 1535)) (i32.const 3288400777))
(assert_return (invoke "get32" (i32.const 1536)) (i32.const 1))
;; d = s - 4: the writes trail the reads
(invoke "init32" (i32.const 2048))
(invoke "row" (i32.const 4092) (i32.const 4096))
(assert_return (invoke "get32" (i32.const 1023)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1024)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1025)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1026)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1027)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1100)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1533)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1534)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1535)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1536)) (i32.const 1))
;; d = s: in place
(invoke "init32" (i32.const 2048))
(invoke "row" (i32.const 4096) (i32.const 4096))
(assert_return (invoke "get32" (i32.const 1023)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1024)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1025)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1026)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1027)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1100)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1533)) (i32.const 3))
(assert_return (invoke "get32" (i32.const 1534)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1535)) (i32.const 1))
(assert_return (invoke "get32" (i32.const 1536)) (i32.const 1))
