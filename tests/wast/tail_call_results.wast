;; Functions with more results than fit in registers return them through
;; the runtime's result area; return_call must still be a real tail call
;; for them (a million deep), directly, indirectly and across modules.
(module $m
  (type $quad (func (param i64 i64) (result i64 i32 f64 i64 i64 i32)))
  (table $t 2 funcref)
  (elem (table $t) (i32.const 0) func $count $count_indirect)

  ;; counts n down to 0, returning (acc, n, 1.5, -acc, 42, -1)
  (func $count (export "count") (type $quad)
    (if (result i64 i32 f64 i64 i64 i32) (i64.eqz (local.get 0))
      (then (local.get 1) (i32.wrap_i64 (local.get 0)) (f64.const 1.5)
            (i64.sub (i64.const 0) (local.get 1)) (i64.const 42) (i32.const -1))
      (else (return_call $count (i64.sub (local.get 0) (i64.const 1))
                                (i64.add (local.get 1) (i64.const 2))))))

  (func $count_indirect (export "count_indirect") (type $quad)
    (if (result i64 i32 f64 i64 i64 i32) (i64.eqz (local.get 0))
      (then (local.get 1) (i32.const 7) (f64.const -0.25) (local.get 1)
            (i64.const 0) (i32.const 0))
      (else (return_call_indirect $t (type $quad)
              (i64.sub (local.get 0) (i64.const 1))
              (i64.add (local.get 1) (i64.const 1))
              (i32.const 1)))))

  ;; an ordinary call of a many-result function, results used in order
  (func (export "sum_of_parts") (param i64) (result i64)
    (local $a i64) (local $b i32) (local $c f64) (local $d i64)
    (call $count (local.get 0) (i64.const 0))
    (drop) (drop) (local.set $d) (local.set $c) (local.set $b) (local.set $a)
    (i64.add (i64.add (local.get $a) (i64.extend_i32_u (local.get $b)))
             (i64.add (i64.trunc_f64_s (local.get $c)) (local.get $d))))

  ;; eight results of mixed types through a block and a call
  (func $eight (result i32 i64 f32 f64 i32 i64 f32 f64)
    (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
    (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8))
  (func (export "eight") (result i32 i64 f32 f64 i32 i64 f32 f64)
    (block (result i32 i64 f32 f64 i32 i64 f32 f64) (call $eight)))
)

(assert_return (invoke "count" (i64.const 1000000) (i64.const 0))
  (i64.const 2000000) (i32.const 0) (f64.const 1.5) (i64.const -2000000)
  (i64.const 42) (i32.const -1))
(assert_return (invoke "count_indirect" (i64.const 1000000) (i64.const 5))
  (i64.const 1000005) (i32.const 7) (f64.const -0.25) (i64.const 1000005)
  (i64.const 0) (i32.const 0))
(assert_return (invoke "sum_of_parts" (i64.const 10))
  (i64.const 1))
(assert_return (invoke "eight")
  (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
  (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8))

(register "m" $m)

;; A caller in another module tail-calls an imported many-result function.
(module
  (type $quad (func (param i64 i64) (result i64 i32 f64 i64 i64 i32)))
  (import "m" "count" (func $count (type $quad)))
  (func (export "via_import") (type $quad)
    (return_call $count (local.get 0) (local.get 1))))

(assert_return (invoke "via_import" (i64.const 3) (i64.const 1))
  (i64.const 7) (i32.const 0) (f64.const 1.5) (i64.const -7) (i64.const 42)
  (i32.const -1))
