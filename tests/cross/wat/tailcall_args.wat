;; return_call and return_call_indirect a million deep between functions
;; whose arguments overflow the registers onto the stack in every 32-bit
;; ARM shape (compiler/codegen/cg_module.c pads tailcc signatures there):
;; i32s past r3, an i64 that skips r1 or goes to the stack, f32s past s15
;; with back-filling, mixed signatures calling each other, and several
;; results.  The exit status mixes every result.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (type $i5 (func (param i32 i32 i32 i32 i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $ints $mixed_b)
  ;; vm r0, four i32 in r1-r3 + 2 on the stack
  (func $ints (type $i5)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.add (local.get 1) (i32.add (local.get 3) (local.get 4))))
      (else (return_call_indirect (type $i5) (i32.sub (local.get 0) (i32.const 1))
        (i32.add (local.get 1) (local.get 2)) (local.get 3) (local.get 4)
        (local.get 2) (i32.const 0)))))
  ;; seventeen f32: one past s15
  (func $floats (param i32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32 f32
                       f32 f32 f32 f32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.trunc_f32_s (f32.add (local.get 1) (local.get 17))))
      (else (return_call $floats (i32.sub (local.get 0) (i32.const 1))
        (f32.add (local.get 1) (f32.const 1)) (local.get 2) (local.get 3)
        (local.get 4) (local.get 5) (local.get 6) (local.get 7) (local.get 8)
        (local.get 9) (local.get 10) (local.get 11) (local.get 12)
        (local.get 13) (local.get 14) (local.get 15) (local.get 16)
        (f32.const 2)))))
  ;; i32 r1, i64 r2:r3, i64 and i32 on the stack, f32 in s0, f64 in d1
  ;; (s1 back-filled by the second f32)
  (func $mixed_a (param i32 i64 i64 i32 f32 f64 f32) (result i64)
    (if (result i64) (i32.eqz (local.get 0))
      (then (i64.add (local.get 1) (i64.add (local.get 2)
        (i64.trunc_f64_s (f64.add (local.get 5)
          (f64.promote_f32 (f32.add (local.get 4) (local.get 6))))))))
      (else (return_call $mixed_b (f64.convert_i32_s (local.get 0))
        (local.get 3) (local.get 0) (local.get 1) (local.get 2)))))
  ;; f64 d0, i32 r1, i32 r2, i64 on the stack (r3 left over), i64 stack
  (func $mixed_b (param f64 i32 i32 i64 i64) (result i64)
    (return_call $mixed_a (i32.sub (local.get 2) (i32.const 1))
      (i64.add (local.get 3) (i64.const 3)) (i64.add (local.get 4) (i64.const 1))
      (local.get 1) (f32.const 0.25) (local.get 0) (f32.const 0.5)))
  ;; several results through a tail call with stack arguments
  (func $multi (param i32 i64 i32 i32 i64 i32) (result i32 i64 i32)
    (if (result i32 i64 i32) (i32.eqz (local.get 0))
      (then (local.get 2) (i64.add (local.get 1) (local.get 4)) (local.get 5))
      (else (return_call $multi (i32.sub (local.get 0) (i32.const 1))
        (i64.add (local.get 1) (i64.const 1)) (i32.add (local.get 2) (i32.const 2))
        (local.get 3) (local.get 4) (i32.xor (local.get 5) (local.get 0))))))
  (func (export "_start")
    (local i32 i64 i32)
    (call $multi (i32.const 1000000) (i64.const 0) (i32.const 0) (i32.const 7)
      (i64.const 5) (i32.const 0))
    (local.set 2) (local.set 1) (local.set 0)
    (call $exit (i32.and (i32.add (i32.add (i32.add
        (call $ints (i32.const 1000000) (i32.const 0) (i32.const 1)
          (i32.const 2) (i32.const 3))
        (call $floats (i32.const 1000000) (f32.const 0) (f32.const 0)
          (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 0)
          (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 0)
          (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 0) (f32.const 0)))
        (i32.wrap_i64 (call $mixed_a (i32.const 1000000) (i64.const 1)
          (i64.const 2) (i32.const 3) (f32.const 0.5) (f64.const 0.5)
          (f32.const 1))))
        (i32.add (local.get 0) (i32.add (i32.wrap_i64 (local.get 1)) (local.get 2))))
      (i32.const 255)))))
