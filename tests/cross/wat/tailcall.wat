;; return_call and return_call_indirect between functions with i64, i32
;; and f64 parameters, one million deep: guaranteed tail calls on x86-64
;; and aarch64; a sibling call on riscv64 and armv7 (see
;; compiler/codegen/cg_target.c), which this depth still fits.
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
  (func (export "_start")
    (call $exit (i32.and (call $even (i64.const 1000000) (i32.const 0)
                                     (f64.const 0)) (i32.const 255)))))
