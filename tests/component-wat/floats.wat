;; f32 and f64 as parameters and results: flat lowering passes them as
;; core f32/f64, lifting canonicalizes any NaN (CanonicalABI.md
;; canonicalize_nan32/64, printed `nan` whatever the payload), and signed
;; zeros and infinities pass unchanged.  Shape: Rust wasm32-wasip2 exports.
(component
  (core module $main
    (memory (export "memory") 1)
    (func (export "add32") (param f32 f32) (result f32) local.get 0 local.get 1 f32.add)
    (func (export "mul64") (param f64 f64) (result f64) local.get 0 local.get 1 f64.mul)
    (func (export "id32") (param f32) (result f32) local.get 0)
    (func (export "id64") (param f64) (result f64) local.get 0)
    (func (export "neg64") (param f64) (result f64) local.get 0 f64.neg)
    (func (export "widen") (param f32) (result f64) local.get 0 f64.promote_f32)
    (func (export "narrow") (param f64) (result f32) local.get 0 f32.demote_f64)
    ;; a NaN with a payload and the sign bit set: lifted as the canonical NaN
    (func (export "odd-nan32") (result f32) i32.const 0xffc01234 f32.reinterpret_i32)
    (func (export "odd-nan64") (result f64) i64.const 0x7ff0000000000001 f64.reinterpret_i64)
    (func (export "div0") (param f64) (result f64) local.get 0 f64.const 0 f64.div)
    (func (export "mixed") (param f32 f64 i32 f32) (result f64)
      local.get 0 f64.promote_f32 local.get 1 f64.add
      local.get 2 f64.convert_i32_s f64.add local.get 3 f64.promote_f32 f64.add)
  )
  (core instance $main (instantiate $main))
  (func (export "add-f32") (param "a" f32) (param "b" f32) (result f32) (canon lift (core func $main "add32")))
  (func (export "mul-f64") (param "a" f64) (param "b" f64) (result f64) (canon lift (core func $main "mul64")))
  (func (export "id-f32") (param "a" f32) (result f32) (canon lift (core func $main "id32")))
  (func (export "id-f64") (param "a" f64) (result f64) (canon lift (core func $main "id64")))
  (func (export "neg-f64") (param "a" f64) (result f64) (canon lift (core func $main "neg64")))
  (func (export "widen") (param "a" f32) (result f64) (canon lift (core func $main "widen")))
  (func (export "narrow") (param "a" f64) (result f32) (canon lift (core func $main "narrow")))
  (func (export "odd-nan32") (result f32) (canon lift (core func $main "odd-nan32")))
  (func (export "odd-nan64") (result f64) (canon lift (core func $main "odd-nan64")))
  (func (export "div0") (param "a" f64) (result f64) (canon lift (core func $main "div0")))
  (func (export "mixed") (param "a" f32) (param "b" f64) (param "c" s32) (param "d" f32) (result f64)
    (canon lift (core func $main "mixed")))
)
