;; The runner's own check: every assertion below the first module is
;; wrong on purpose except the ones marked "ok", and kiln-spectest must
;; report exactly the wrong ones (check.py compares the FAIL lines).
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "neg_zero") (result f32) (f32.const -0))
  (func (export "quiet_payload") (result f64) (f64.const nan:0xc000000000001))
  (func (export "trap") (result i32) (unreachable))
  (func (export "lanes") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "fnan") (result v128) (v128.const f32x4 nan:0x600001 0 0 0))
  (func (export "id") (param externref) (result externref) (local.get 0))
  (func (export "pair") (result i32 i64) (i32.const 1) (i64.const 2))
  (global (export "g") i32 (i32.const 5))
)
(assert_return (invoke "one") (i32.const 1))                                 ;; ok
(assert_return (invoke "one") (i32.const 2))
(assert_return (invoke "neg_zero") (f32.const 0))
(assert_return (invoke "neg_zero") (f32.const -0))                           ;; ok
(assert_return (invoke "quiet_payload") (f64.const nan:canonical))
(assert_return (invoke "quiet_payload") (f64.const nan:arithmetic))          ;; ok
(assert_return (invoke "trap") (i32.const 0))
(assert_trap (invoke "one") "unreachable")
(assert_trap (invoke "trap") "unreachable")                                  ;; ok
(assert_return (invoke "lanes") (v128.const i32x4 1 2 3 5))
(assert_return (invoke "lanes") (v128.const i16x8 1 0 2 0 3 0 4 0))         ;; ok
(assert_return (invoke "fnan") (v128.const f32x4 nan:arithmetic 0 0 0))    ;; ok
(assert_return (invoke "fnan") (v128.const f32x4 nan:arithmetic 0 0 1))
(assert_return (invoke "id" (ref.extern 1)) (ref.extern 2))
(assert_return (invoke "id" (ref.extern 1)) (ref.null extern))
(assert_return (invoke "id" (ref.extern 1)) (ref.extern 1))                  ;; ok
(assert_return (invoke "pair") (i32.const 1) (i64.const 3))
(assert_return (get "g") (i32.const 6))
(assert_exhaustion (invoke "one") "call stack exhausted")
(assert_invalid (module (func (result i32) (i32.const 0))) "type mismatch")
(assert_unlinkable (module (import "spectest" "global_i32" (global i32))) "unknown import")
(assert_trap (module (func $s) (start $s)) "unreachable")

;; a module that cannot be linked fails, and so does every use of it
(module $broken (import "nowhere" "f" (func)) (func (export "f")))
(assert_return (invoke $broken "f"))
