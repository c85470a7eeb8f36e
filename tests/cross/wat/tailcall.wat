;; return_call and return_call_indirect between functions with i64, i32
;; and f64 parameters, one million deep: guaranteed tail calls on x86-64,
;; aarch64, armv7 (tailcc with padded stack arguments, see
;; compiler/codegen/cg_target.c) and riscv64 (fastcc there, same signature,
;; arguments in registers: compiler/codegen/cg_call.c).  $a and $b differ in
;; signature: a plain call on riscv64, so only a thousand deep.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (table 2 funcref)
  (elem (i32.const 0) $even $odd)
  (type $t (func (param i64 i32 f64) (result i32)))
  (func $even (type $t)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.add (local.get 1) (i32.trunc_f64_s (local.get 2))))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))
        (i32.add (local.get 1) (i32.const 1))
        (f64.add (local.get 2) (f64.const 0.5))))))
  (func $odd (type $t)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.add (local.get 1) (i32.trunc_f64_s (local.get 2))))
      (else (return_call_indirect (type $t) (i64.sub (local.get 0) (i64.const 1))
        (i32.add (local.get 1) (i32.const 1))
        (f64.add (local.get 2) (f64.const 0.5)) (i32.const 0)))))
  (func $a (param i64 i32) (result i32)
    (if (result i32) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (return_call $b (i64.sub (local.get 0) (i64.const 1))
        (i32.add (local.get 1) (i32.const 1)) (f64.const 1)))))
  (func $b (param i64 i32 f64) (result i32)
    (return_call $a (local.get 0) (local.get 1)))
  (func (export "_start")
    (call $exit (i32.and
      (i32.add (call $even (i64.const 1000000) (i32.const 0) (f64.const 0))
               (call $a (i64.const 1000) (i32.const 0)))
      (i32.const 255)))))
