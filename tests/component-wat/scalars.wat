;; Integers and bools as parameters and results (CanonicalABI.md "Flat
;; Lifting"/"Flat Lowering"): lowering sign- or zero-extends to i32/i64,
;; lifting keeps the low bits (u8/u16 wrap, s8/s16 sign-extend from their
;; width) and reads a bool as i32 != 0.  Shape: a Rust wasm32-wasip2
;; reactor exporting world-level functions, one core module `main`.
(component
  (core module $main
    (memory (export "memory") 1)
    (func (export "not") (param i32) (result i32) local.get 0 i32.eqz)
    (func (export "bool-of") (param i32) (result i32) local.get 0)
    (func (export "add32") (param i32 i32) (result i32)
      local.get 0 local.get 1 i32.add)
    (func (export "neg32") (param i32) (result i32)
      i32.const 0 local.get 0 i32.sub)
    (func (export "id32") (param i32) (result i32) local.get 0)
    (func (export "add64") (param i64 i64) (result i64)
      local.get 0 local.get 1 i64.add)
    (func (export "neg64") (param i64) (result i64)
      i64.const 0 local.get 0 i64.sub)
    ;; one of each width in, their sum out (the flat params in order)
    (func (export "sum-all") (param i32 i32 i32 i32 i32 i32 i64 i64 i32)
      (result i64)
      local.get 0 i64.extend_i32_s local.get 1 i64.extend_i32_s i64.add
      local.get 2 i64.extend_i32_s i64.add local.get 3 i64.extend_i32_s i64.add
      local.get 4 i64.extend_i32_u i64.add local.get 5 i64.extend_i32_s i64.add
      local.get 6 i64.add local.get 7 i64.add
      local.get 8 i64.extend_i32_u i64.add)
  )
  (core instance $main (instantiate $main))
  (func (export "not") (param "b" bool) (result bool) (canon lift (core func $main "not")))
  (func (export "bool-of") (param "x" u32) (result bool) (canon lift (core func $main "bool-of")))
  (func (export "add-u8") (param "a" u8) (param "b" u8) (result u8) (canon lift (core func $main "add32")))
  (func (export "neg-s8") (param "a" s8) (result s8) (canon lift (core func $main "neg32")))
  (func (export "add-u16") (param "a" u16) (param "b" u16) (result u16) (canon lift (core func $main "add32")))
  (func (export "neg-s16") (param "a" s16) (result s16) (canon lift (core func $main "neg32")))
  (func (export "add-u32") (param "a" u32) (param "b" u32) (result u32) (canon lift (core func $main "add32")))
  (func (export "neg-s32") (param "a" s32) (result s32) (canon lift (core func $main "neg32")))
  (func (export "add-u64") (param "a" u64) (param "b" u64) (result u64) (canon lift (core func $main "add64")))
  (func (export "neg-s64") (param "a" s64) (result s64) (canon lift (core func $main "neg64")))
  (func (export "s8-as-s32") (param "a" s8) (result s32) (canon lift (core func $main "id32")))
  (func (export "u8-as-s32") (param "a" u8) (result s32) (canon lift (core func $main "id32")))
  (func (export "s16-as-u32") (param "a" s16) (result u32) (canon lift (core func $main "id32")))
  (func (export "u32-as-s8") (param "a" u32) (result s8) (canon lift (core func $main "id32")))
  (func (export "u32-as-u16") (param "a" u32) (result u16) (canon lift (core func $main "id32")))
  (func (export "sum-all")
    (param "a" s8) (param "b" s16) (param "c" s32) (param "d" u8)
    (param "e" u32) (param "f" u16) (param "g" s64) (param "h" u64) (param "i" bool)
    (result s64) (canon lift (core func $main "sum-all")))
)
