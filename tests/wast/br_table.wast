;; br_table: every target reachable, out-of-range indexes (including
;; negative ones read as huge unsigned) take the default, values carried
;; to the chosen label, and a table nested in loops.
(module
  (func (export "pick") (param i32) (result i32)
    (block $d
      (block $c
        (block $b
          (block $a
            (br_table $a $b $c $a $d (local.get 0)))
          (return (i32.const 10)))
        (return (i32.const 20)))
      (return (i32.const 30)))
    (i32.const 99))
  (func (export "with_value") (param i32) (result i32)
    (block $outer (result i32)
      (block $inner (result i32)
        (br_table $inner $outer $inner (i32.const 5) (local.get 0)))
      (i32.add (i32.const 100))))
  (func (export "only_default") (param i32) (result i32)
    (block $x (result i32)
      (br_table $x (i32.const 77) (local.get 0))))
  (func (export "count") (param i32) (result i32)
    ;; loops via br_table back to the loop until the counter runs out
    (local $n i32)
    (loop $again
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (block $stop
        (br_table $stop $again (i32.ne (local.get 0) (i32.const 0)))))
    (local.get $n))
  (func (export "big") (param i32) (result i32)
    (block $z
      (block $o
        (br_table $z $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o
                  $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $o $z
                  $o (local.get 0)))
      (return (i32.const 1)))
    (i32.const 0))
)

(assert_return (invoke "pick" (i32.const 0)) (i32.const 10))
(assert_return (invoke "pick" (i32.const 1)) (i32.const 20))
(assert_return (invoke "pick" (i32.const 2)) (i32.const 30))
(assert_return (invoke "pick" (i32.const 3)) (i32.const 10))
(assert_return (invoke "pick" (i32.const 4)) (i32.const 99))
(assert_return (invoke "pick" (i32.const 5)) (i32.const 99))
(assert_return (invoke "pick" (i32.const -1)) (i32.const 99))
(assert_return (invoke "pick" (i32.const 0x80000000)) (i32.const 99))
(assert_return (invoke "with_value" (i32.const 0)) (i32.const 105))
(assert_return (invoke "with_value" (i32.const 1)) (i32.const 5))
(assert_return (invoke "with_value" (i32.const 2)) (i32.const 105))
(assert_return (invoke "with_value" (i32.const 100)) (i32.const 105))
(assert_return (invoke "only_default" (i32.const 0)) (i32.const 77))
(assert_return (invoke "only_default" (i32.const -5)) (i32.const 77))
(assert_return (invoke "count" (i32.const 17)) (i32.const 17))
(assert_return (invoke "big" (i32.const 0)) (i32.const 0))
(assert_return (invoke "big" (i32.const 1)) (i32.const 1))
(assert_return (invoke "big" (i32.const 39)) (i32.const 0))
(assert_return (invoke "big" (i32.const 40)) (i32.const 1))
(assert_return (invoke "big" (i32.const 1000)) (i32.const 1))
