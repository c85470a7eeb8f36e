;; Counted loops (cg_control.c): at -O2 a loop ending `x = x + s;
;; br_if (x != C)` (s a power of two) counts its iterations with a hidden
;; counter, so that LLVM can vectorize it.  The exit must stay exactly
;; where x first equals C: after (C - x0) / s iterations when s divides
;; C - x0 (mod 2^32), after 2^32 / s when x0 == C (x wraps once around),
;; and never otherwise (the loop then leaves by another branch).  Each
;; function returns how many times its body ran; run at -O0 and -O2.
(module
  (memory 1)
  ;; n = 0; do { n++; x += s } while (x != c), for s = 16
  (func (export "ne16") (param $x i32) (param $c i32) (result i32)
    (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 16)))
                        (local.get $c))))
    (local.get $n))
  ;; the same with a constant limit 3200
  (func (export "ne16k") (param $x i32) (result i32)
    (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 16)))
                        (i32.const 3200))))
    (local.get $n))
  ;; s = 65536 (2^16 iterations around the ring)
  (func (export "ne64k") (param $x i32) (param $c i32) (result i32)
    (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 65536)))
                        (local.get $c))))
    (local.get $n))
  ;; s = 4096, limit in a local
  (func (export "ne4k") (param $x i32) (param $c i32) (result i32)
    (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 4096)))
                        (local.get $c))))
    (local.get $n))
  ;; br_if (x += 8): C = 0
  (func (export "nz8") (param $x i32) (result i32)
    (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (local.tee $x (i32.add (local.get $x) (i32.const 8)))))
    (local.get $n))
  ;; never meets c (s does not divide c - x0): leaves after `max` rounds
  (func (export "escape") (param $x i32) (param $c i32) (param $max i32)
    (result i32)
    (local $n i32)
    (block $out
      (loop $l
        (br_if $out (i32.eq (local.get $n) (local.get $max)))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 16)))
                          (local.get $c)))))
    (local.get $n))
  ;; not counted: a second branch back to the header skips the step
  ;; every third round, so the count is not (c - x0) / s
  (func (export "skip") (param $x i32) (param $c i32) (result i32)
    (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br_if $l (i32.eqz (i32.rem_u (local.get $n) (i32.const 3))))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 16)))
                        (local.get $c))))
    (local.get $n))
  ;; not counted: x also moves inside the body
  (func (export "bump") (param $x i32) (param $c i32) (result i32)
    (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (if (i32.eq (local.get $n) (i32.const 2))
        (then (local.set $x (i32.add (local.get $x) (i32.const 16)))))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 16)))
                        (local.get $c))))
    (local.get $n))
  ;; not counted: the limit changes inside the body
  (func (export "moving") (param $x i32) (param $c i32) (result i32)
    (local $n i32)
    (loop $l
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 32)))
                        (local.get $c))))
    (local.get $n))
  ;; a vectorizable shape (lu's): a[j] -= f * b[j] over f64s from byte j0
  ;; to 3200, two per round, a at byte $a and b 4096 bytes further (the
  ;; offset j is not itself an address, so no no-wrap fact counts the
  ;; loop); returns the sum of the first 512 f64s afterwards
  (func (export "axpy") (param $a i32) (param $j i32) (param $f f64)
    (result f64)
    (local $s f64) (local $i i32) (local $p i32)
    (loop $l
      (f64.store (local.tee $p (i32.add (local.get $a) (local.get $j)))
        (f64.sub (f64.load (local.get $p))
                 (f64.mul (local.get $f) (f64.load offset=4096 (local.get $p)))))
      (f64.store offset=8 (local.get $p)
        (f64.sub (f64.load offset=8 (local.get $p))
                 (f64.mul (local.get $f) (f64.load offset=4104 (local.get $p)))))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 16)))
                        (i32.const 3200))))
    (loop $sum
      (local.set $s (f64.add (local.get $s) (f64.load (local.get $i))))
      (br_if $sum (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 8)))
                          (i32.const 4096))))
    (local.get $s))
  (func (export "fill") (param $v f64)
    (local $i i32)
    (loop $l
      (f64.store (local.get $i) (local.get $v))
      (br_if $l (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 8)))
                        (i32.const 8192)))))
)

(assert_return (invoke "ne16" (i32.const 0) (i32.const 3200)) (i32.const 200))
(assert_return (invoke "ne16" (i32.const 48) (i32.const 3200)) (i32.const 197))
(assert_return (invoke "ne16" (i32.const 3184) (i32.const 3200)) (i32.const 1))
(assert_return (invoke "ne16" (i32.const -32) (i32.const 0)) (i32.const 2))
(assert_return (invoke "ne16" (i32.const -16) (i32.const 32)) (i32.const 3))
(assert_return (invoke "ne16k" (i32.const 1600)) (i32.const 100))
(assert_return (invoke "ne16k" (i32.const 3216)) (i32.const 268435455))
;; x0 == c: once around the ring, 2^32 / s rounds
(assert_return (invoke "ne64k" (i32.const 5) (i32.const 5)) (i32.const 65536))
(assert_return (invoke "ne64k" (i32.const 5) (i32.const 131077)) (i32.const 2))
;; x0 past c: around the ring, (2^32 - 4096) / 4096 rounds
(assert_return (invoke "ne4k" (i32.const 4096) (i32.const 0)) (i32.const 1048575))
(assert_return (invoke "ne4k" (i32.const 12) (i32.const 12)) (i32.const 1048576))
(assert_return (invoke "ne4k" (i32.const 0) (i32.const 40960)) (i32.const 10))
(assert_return (invoke "nz8" (i32.const -80)) (i32.const 10))
(assert_return (invoke "nz8" (i32.const 0)) (i32.const 536870912))
(assert_return (invoke "escape" (i32.const 1) (i32.const 3200) (i32.const 1000)) (i32.const 1000))
(assert_return (invoke "escape" (i32.const 0) (i32.const 3200) (i32.const 1000)) (i32.const 200))
(assert_return (invoke "skip" (i32.const 0) (i32.const 160)) (i32.const 14))
(assert_return (invoke "bump" (i32.const 0) (i32.const 160)) (i32.const 9))
(assert_return (invoke "moving" (i32.const 0) (i32.const 160)) (i32.const 10))
;; a = 1.0 everywhere, b = a + 4096 bytes; a[j] -= 0.5 * 1.0 from j0
(invoke "fill" (f64.const 1))
(assert_return (invoke "axpy" (i32.const 0) (i32.const 0) (f64.const 0.5)) (f64.const 312))
(invoke "fill" (f64.const 1))
(assert_return (invoke "axpy" (i32.const 0) (i32.const 1600) (f64.const 0.5)) (f64.const 412))
;; a at byte 8: the same 200 slots, one further on; the sum is the same
(invoke "fill" (f64.const 1))
(assert_return (invoke "axpy" (i32.const 8) (i32.const 1600) (f64.const 0.5)) (f64.const 412))
