;; i32.add gets `nuw` only when its i32 operand was already used as an
;; address in the same block and the constant is in [0, 65536) (cg_memory.c
;; "no-wrap facts", runtime cap of 65535 pages).  Every other sum must still
;; wrap modulo 2^32: these cases would read the wrong address, or trap,
;; if the flag were set where the fact does not hold.
(module
  (memory 1)
  (data (i32.const 0) "\f8\ff\ff\ff")        ;; mem[0] = 0xFFFFFFF8
  (data (i32.const 4) "\07\00\00\00")        ;; mem[4] = 7
  (data (i32.const 8) "\2a\00\00\00")        ;; mem[8] = 42
  (data (i32.const 12) "\05\00\00\00")       ;; mem[12] = 5
  ;; never used as an address: v + 16 wraps (0xFFFFFFF8 -> 8)
  (func (export "plain") (param $v i32) (result i32)
    (i32.load (i32.add (local.get $v) (i32.const 16))))
  ;; constant first
  (func (export "plain_rev") (param $v i32) (result i32)
    (i32.load (i32.add (i32.const 16) (local.get $v))))
  ;; used as an address, then + 4 (the flagged case): exact in bounds
  (func (export "pair") (param $v i32) (result i32)
    (i32.add (i32.load (local.get $v))
             (i32.load (i32.add (local.get $v) (i32.const 4)))))
  ;; a negative constant is a wrapping sum: 12 + (-8) = 4 must not be
  ;; treated as 12 + 0xFFFFFFF8 without wrap (which would trap)
  (func (export "neg") (param $v i32) (result i32)
    (i32.add (i32.load (local.get $v))
             (i32.load (i32.add (local.get $v) (i32.const -8)))))
  ;; a constant of 65536 or more gets no flag either
  (func (export "big") (param $v i32) (result i32)
    (i32.add (i32.load (local.get $v))
             (i32.load (i32.add (local.get $v) (i32.const 0xFFFF0004)))))
  ;; local.set replaces the value: the new one (0xFFFFFFF8, read from
  ;; mem[p]) was never an address, so + 16 wraps to 8
  (func (export "reset") (param $p i32) (result i32)
    (local.set $p (i32.load (local.get $p)))
    (i32.load (i32.add (local.get $p) (i32.const 16))))
  ;; the same through local.tee
  (func (export "reset_tee") (param $p i32) (result i32)
    (drop (local.tee $p (i32.load (local.get $p))))
    (i32.load (i32.add (local.get $p) (i32.const 16))))
  ;; a fact from one arm of an if does not reach the code after it
  (func (export "arm") (param $v i32) (param $c i32) (result i32)
    (if (local.get $c) (then (drop (i32.load (local.get $v)))))
    (i32.load (i32.add (local.get $v) (i32.const 16))))
  ;; a loop: the sum is in the header, the access that validates v in a
  ;; later block of the previous iteration, with another value of v
  (func (export "loop") (param $v i32) (result i32)
    (local $s i32)
    (block $exit
      (loop $l
        (local.set $s (i32.add (local.get $s)
                               (i32.load (i32.add (local.get $v) (i32.const 16)))))
        (br_if $exit (local.get $s))
        (drop (i32.load (local.get $v)))
        (local.set $v (i32.const 0xFFFFFFF8))
        (br $l)))
    (local.get $s))
  ;; a store validates too; the tee'd address read back through local.get
  (func (export "store_then") (param $v i32) (result i32)
    (i32.store (local.tee $v (i32.add (local.get $v) (i32.const 0)))
               (i32.const 0xFFFFFFF8))
    (i32.load (i32.add (local.get $v) (i32.const 65532))))
  ;; a trapping access: nothing after it runs
  (func (export "trap_first") (param $v i32) (result i32)
    (i32.add (i32.load (local.get $v))
             (i32.load (i32.add (local.get $v) (i32.const 4)))))
  ;; anchors: x + 8184 after x + 8180 was accessed is (x + 8180) + 4,
  ;; with x + 8180 itself a wrapped sum (x = -8180: addresses 0 and 4;
  ;; the expected sums are wabt spectest-interp's, after the stores above)
  (func (export "anchor_hi") (param $x i32) (result i32)
    (i32.add (i32.load (i32.add (local.get $x) (i32.const 8180)))
             (i32.load (i32.add (local.get $x) (i32.const 8184)))))
  ;; a smaller constant is no anchor's sum: x = -8178 gives 2, then -2
  (func (export "anchor_lo") (param $x i32) (result i32)
    (i32.add (i32.load (i32.add (local.get $x) (i32.const 8180)))
             (i32.load (i32.add (local.get $x) (i32.const 8176)))))
  ;; constant first, and a distance of 65536 or more is not anchored:
  ;; with x + 65540 in bounds, x + 4 is 65536 below it, wrapped: a trap
  (func (export "anchor_far") (param $x i32) (result i32)
    (i32.add (i32.load (i32.add (i32.const 65540) (local.get $x)))
             (i32.load (i32.add (i32.const 4) (local.get $x)))))
)
(assert_return (invoke "plain" (i32.const 0xFFFFFFF8)) (i32.const 42))
(assert_return (invoke "plain_rev" (i32.const 0xFFFFFFF8)) (i32.const 42))
(assert_return (invoke "pair" (i32.const 4)) (i32.const 49))
(assert_trap (invoke "pair" (i32.const 0xFFFFFFF8)) "out of bounds memory access")
(assert_trap (invoke "pair" (i32.const 65532)) "out of bounds memory access")
(assert_return (invoke "neg" (i32.const 12)) (i32.const 12))
(assert_return (invoke "big" (i32.const 0xFFFC)) (i32.const -8))
(assert_trap (invoke "big" (i32.const 0xFFF8)) "out of bounds memory access")
(assert_return (invoke "reset" (i32.const 0)) (i32.const 42))
(assert_return (invoke "reset_tee" (i32.const 0)) (i32.const 42))
(assert_return (invoke "arm" (i32.const 0xFFFFFFF8) (i32.const 0)) (i32.const 42))
(assert_trap (invoke "arm" (i32.const 0xFFFFFFF8) (i32.const 1)) "out of bounds memory access")
(assert_return (invoke "loop" (i32.const 0)) (i32.const 42))
(assert_return (invoke "store_then" (i32.const 0)) (i32.const 0))
(assert_trap (invoke "store_then" (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "trap_first" (i32.const 0xFFFFFFFC)) "out of bounds memory access")
(assert_return (invoke "anchor_hi" (i32.const -8180)) (i32.const -1545))
(assert_return (invoke "anchor_hi" (i32.const -8176)) (i32.const 297))
(assert_trap (invoke "anchor_hi" (i32.const -8182)) "out of bounds memory access")
(assert_trap (invoke "anchor_hi" (i32.const 57352)) "out of bounds memory access")
(assert_trap (invoke "anchor_lo" (i32.const -8178)) "out of bounds memory access")
(assert_return (invoke "anchor_lo" (i32.const -8168)) (i32.const 47))
(assert_trap (invoke "anchor_far" (i32.const -65536)) "out of bounds memory access")
(assert_trap (invoke "anchor_far" (i32.const -65540)) "out of bounds memory access")
