;; Loop address sums (cg_sums.c, -O2): a loop that adds two i32 locals and
;; steps one of them by a constant keeps the sum as a 64-bit shadow.  The
;; shadow steps with the local only when the block accessed memory at the
;; old sum (so the new one cannot wrap); every other write recomputes it.
;; Each case here would read the wrong bytes, or trap, if the shadow
;; drifted from the wrapped i32 sum.  Expected values: wabt's
;; spectest-interp.
(module
  (memory 1)
  ;; mem[0..64) = bytes 1..64; 4-byte words at 0, 4, ... read as i32
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (data (i32.const 16) "\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f\20")
  (data (i32.const 32) "\21\22\23\24\25\26\27\28\29\2a\2b\2c\2d\2e\2f\30")
  (data (i32.const 48) "\31\32\33\34\35\36\37\38\39\3a\3b\3c\3d\3e\3f\40")

  ;; sum of the bytes at x + j for j = j0, j0 + 4, ... while j != n
  ;; (x + j0 wraps when x is "negative")
  (func (export "walk") (param $x i32) (param $j i32) (param $n i32)
        (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
                               (i32.load8_u (i32.add (local.get $x)
                                                     (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br_if $l (i32.ne (local.get $j) (local.get $n))))
    (local.get $acc))

  ;; the same with the operands the other way round and local.tee
  (func (export "walk_tee") (param $x i32) (param $j i32) (param $n i32)
        (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
                               (i32.load8_u (i32.add (local.get $j)
                                                     (local.get $x)))))
      (br_if $l (i32.ne (local.tee $j (i32.add (local.get $j) (i32.const 4)))
                        (local.get $n))))
    (local.get $acc))

  ;; the access is conditional (only once j >= 16): the step's block has
  ;; no access at the sum, so the shadow is recomputed, and a sum that
  ;; wraps while not accessed (x = -16: 0xFFFFFFF0, 0xFFFFFFF4, ... 0)
  ;; is read at its wrapped value
  (func (export "cond") (param $x i32) (param $j i32) (param $n i32)
        (result i32)
    (local $acc i32)
    (loop $l
      (if (i32.ge_u (local.get $j) (i32.const 16))
        (then
          (local.set $acc (i32.add (local.get $acc)
                                   (i32.load8_u (i32.add (local.get $x)
                                                         (local.get $j)))))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br_if $l (i32.ne (local.get $j) (local.get $n))))
    (local.get $acc))

  ;; the step comes before the access in the block: no fact about the old
  ;; sum, so the shadow is recomputed (x = -4 makes the first sum wrap)
  (func (export "step_first") (param $x i32) (param $j i32) (param $n i32)
        (result i32)
    (local $acc i32)
    (loop $l
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (local.set $acc (i32.add (local.get $acc)
                               (i32.load8_u (i32.add (local.get $x)
                                                     (local.get $j)))))
      (br_if $l (i32.ne (local.get $j) (local.get $n))))
    (local.get $acc))

  ;; x moves inside the loop too: every 2nd iteration x -= 8 (a write
  ;; that is not a small positive step), so sums revisit bytes
  (func (export "both_move") (param $x i32) (param $j i32) (param $n i32)
        (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 3))
                               (i32.load8_u (i32.add (local.get $x)
                                                     (local.get $j)))))
      (if (i32.and (local.get $j) (i32.const 4))
        (then (local.set $x (i32.sub (local.get $x) (i32.const 8)))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br_if $l (i32.ne (local.get $j) (local.get $n))))
    (local.get $acc))

  ;; two steps in one iteration with an access before each; the sum is
  ;; also returned as a value (the wrapped i32, not the shadow)
  (func (export "two_steps") (param $x i32) (param $j i32) (param $n i32)
        (result i32)
    (local $acc i32) (local $last i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
        (i32.load8_u (local.tee $last (i32.add (local.get $x)
                                               (local.get $j))))))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 5))
        (i32.load8_u (i32.add (local.get $x) (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 3)))
      (br_if $l (i32.ne (local.get $j) (local.get $n))))
    (i32.add (i32.mul (local.get $acc) (i32.const 1000))
             (i32.and (local.get $last) (i32.const 255))))

  ;; an access through an anchored address (sum + 2) only: not a fact
  ;; about the sum itself, so the shadow is recomputed
  (func (export "offset_only") (param $x i32) (param $j i32) (param $n i32)
        (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc)
        (i32.load8_u offset=2 (i32.add (local.get $x) (local.get $j)))))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br_if $l (i32.ne (local.get $j) (local.get $n))))
    (local.get $acc))

  ;; a scaled sum x + (i << 2), i stepped by 1 (clang's `a[i]` when the
  ;; loop keeps i for another use); x + (i0 << 2) may wrap on entry
  (func (export "scaled") (param $x i32) (param $i i32) (param $n i32)
        (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 3))
        (i32.load8_u (i32.add (local.get $x)
                              (i32.shl (local.get $i) (i32.const 2))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.ne (local.get $i) (local.get $n))))
    (local.get $acc))

  ;; the other operand order, the base stepped instead of the index, and
  ;; a shift that wraps the index ((i << 3) overflows for i >= 2^29)
  (func (export "scaled_base") (param $x i32) (param $i i32) (param $n i32)
        (result i32)
    (local $acc i32) (local $k i32)
    (loop $l
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 3))
        (i32.load8_u (i32.add (i32.shl (local.get $i) (i32.const 3))
                              (local.get $x)))))
      (local.set $x (i32.add (local.get $x) (i32.const 1)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $l (i32.ne (local.get $k) (local.get $n))))
    (local.get $acc))

  ;; a data-dependent step in the same loop as a constant one: the index
  ;; moves by 0 or 1 (the byte's low bit), the base by 2
  (func (export "scaled_mixed") (param $x i32) (param $n i32) (result i32)
    (local $i i32) (local $acc i32) (local $b i32) (local $k i32)
    (loop $l
      (local.set $b (i32.load8_u (i32.add (local.get $x)
                                          (i32.shl (local.get $i)
                                                   (i32.const 1)))))
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 5))
                               (local.get $b)))
      (local.set $i (i32.add (local.get $i)
                             (i32.and (local.get $b) (i32.const 1))))
      (local.set $x (i32.add (local.get $x) (i32.const 2)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $l (i32.ne (local.get $k) (local.get $n))))
    (local.get $acc))

  ;; stores walking off the end of memory: the trap comes at the first
  ;; sum past it, and the stores before it stay
  (func (export "fill_to_end") (param $x i32)
    (local $j i32)
    (loop $l
      (i32.store8 (i32.add (local.get $x) (local.get $j)) (i32.const 0x5a))
      (local.set $j (i32.add (local.get $j) (i32.const 1)))
      (br $l)))
  (func (export "byte") (param $a i32) (result i32)
    (i32.load8_u (local.get $a)))

  ;; nested loops: the inner loop walks x + j, the outer steps x (the
  ;; inner loop's reset of j is a write that recomputes)
  (func (export "rows") (param $x i32) (result i32)
    (local $j i32) (local $acc i32) (local $r i32)
    (loop $outer
      (local.set $j (i32.const 0))
      (loop $inner
        (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 7))
                                 (i32.load8_u (i32.add (local.get $x)
                                                       (local.get $j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br_if $inner (i32.ne (local.get $j) (i32.const 4))))
      (local.set $x (i32.add (local.get $x) (i32.const 16)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br_if $outer (i32.ne (local.get $r) (i32.const 4))))
    (local.get $acc))
)

(assert_return (invoke "walk" (i32.const 0) (i32.const 0) (i32.const 64))
               (i32.const 496))
(assert_return (invoke "walk" (i32.const 3) (i32.const 0) (i32.const 60))
               (i32.const 480))
;; x + j0 wraps on entry: sums 0, 4, ... 60
(assert_return (invoke "walk" (i32.const -64) (i32.const 64) (i32.const 128))
               (i32.const 496))
;; the first sum, 0xFFFFFFC0, is out of bounds
(assert_trap (invoke "walk" (i32.const -64) (i32.const 0) (i32.const 128))
             "out of bounds memory access")
;; stepped sums reach the end of memory: 65532 is read, 65536 traps
(assert_trap (invoke "walk" (i32.const 65500) (i32.const 0) (i32.const 64))
             "out of bounds memory access")
(assert_return (invoke "walk_tee" (i32.const -8) (i32.const 8) (i32.const 68))
               (i32.const 435))
(assert_return (invoke "cond" (i32.const -16) (i32.const 0) (i32.const 48))
               (i32.const 120))
(assert_return (invoke "cond" (i32.const 4) (i32.const 0) (i32.const 56))
               (i32.const 390))
(assert_return (invoke "step_first" (i32.const -4) (i32.const 0)
                       (i32.const 64))
               (i32.const 496))
(assert_return (invoke "both_move" (i32.const 40) (i32.const 0)
                       (i32.const 32))
               (i32.const 137760))
(assert_return (invoke "two_steps" (i32.const 0) (i32.const 0) (i32.const 48))
               (i32.const -1111993716))
(assert_return (invoke "two_steps" (i32.const -8) (i32.const 8)
                       (i32.const 56))
               (i32.const -1111993716))
;; the memarg offset is added after the wrap: 0xFFFFFFFE + 2 traps
(assert_trap (invoke "offset_only" (i32.const -2) (i32.const 0)
                     (i32.const 64))
             "out of bounds memory access")
(assert_return (invoke "offset_only" (i32.const -4) (i32.const 4)
                       (i32.const 68))
               (i32.const 528))
(assert_trap (invoke "fill_to_end" (i32.const 65530))
             "out of bounds memory access")
(assert_return (invoke "byte" (i32.const 65529)) (i32.const 0))
(assert_return (invoke "byte" (i32.const 65530)) (i32.const 0x5a))
(assert_return (invoke "byte" (i32.const 65535)) (i32.const 0x5a))
(assert_return (invoke "rows" (i32.const 0)) (i32.const -42753592))
(assert_return (invoke "scaled" (i32.const 0) (i32.const 0) (i32.const 16))
               (i32.const 64570048))
;; x = -64, i from 16: sums 0, 4, ... 60
(assert_return (invoke "scaled" (i32.const -64) (i32.const 16) (i32.const 32))
               (i32.const 64570048))
;; stepping past the end of memory traps at 65536
(assert_trap (invoke "scaled" (i32.const 65520) (i32.const 0) (i32.const 8))
             "out of bounds memory access")
;; i = 0x20000000: i << 3 wraps to 0, so the sums are x, x + 1, ...
(assert_return (invoke "scaled_base" (i32.const 0) (i32.const 0x20000000)
                       (i32.const 20))
               (i32.const -1679879006))
(assert_return (invoke "scaled_base" (i32.const 3) (i32.const 2)
                       (i32.const 20))
               (i32.const 1379801722))
(assert_return (invoke "scaled_mixed" (i32.const 0) (i32.const 20))
               (i32.const 988889808))
(assert_return (invoke "scaled_mixed" (i32.const 7) (i32.const 24))
               (i32.const 393443560))
