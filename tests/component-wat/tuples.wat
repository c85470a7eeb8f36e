;; Tuples as parameters and results: flattened element by element, laid
;; out like records with positional fields (CanonicalABI.md: a tuple is a
;; record with fields "0", "1", ...), nested tuples and a list of tuples.
;; Shape: TinyGo-style exports with all work in one core module.
(component
  (core module $main
    (memory (export "memory") 1)
    (global $bump (mut i32) (i32.const 4096))
    (func $realloc (export "cabi_realloc") (param $old i32) (param $oldsz i32)
      (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      global.get $bump local.get $align i32.add i32.const 1 i32.sub
      i32.const 0 local.get $align i32.sub i32.and local.tee $p
      local.get $size i32.add global.set $bump
      block
        global.get $bump memory.size i32.const 16 i32.shl i32.le_u br_if 0
        global.get $bump i32.const 16 i32.shr_u i32.const 1 i32.add memory.grow drop
      end
      local.get $old if local.get $p local.get $old local.get $oldsz memory.copy end
      local.get $p)
    (func $ret (param i32 i32) (result i32)
      i32.const 16 local.get 0 i32.store
      i32.const 20 local.get 1 i32.store
      i32.const 16)
    ;; tuple<u8, string> -> tuple<string, u8>: string@0, u8@8
    (func (export "swap") (param $a i32) (param $p i32) (param $l i32) (result i32)
      i32.const 64 local.get $p i32.store
      i32.const 64 local.get $l i32.store offset=4
      i32.const 64 local.get $a i32.store8 offset=8
      i32.const 64)
    ;; tuple<f32, s64, char> -> tuple<char, s64, f32>: char@0 s64@8 f32@16
    (func (export "rotate") (param $f f32) (param $i i64) (param $c i32) (result i32)
      i32.const 96 local.get $c i32.store
      i32.const 96 local.get $i i64.store offset=8
      i32.const 96 local.get $f f32.store offset=16
      i32.const 96)
    (func (export "sum-nested") (param i32 i32 i32 i64) (result i64)
      local.get 0 local.get 1 i32.add local.get 2 i32.add i64.extend_i32_u local.get 3 i64.add)
    (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "swap") (param "t" (tuple u8 string)) (result (tuple string u8))
    (canon lift (core func $main "swap") (memory $mem) (realloc $realloc)))
  (func (export "rotate") (param "t" (tuple f32 s64 char)) (result (tuple char s64 f32))
    (canon lift (core func $main "rotate") (memory $mem)))
  (func (export "sum-nested") (param "t" (tuple (tuple u8 u16) (tuple u32 u64))) (result u64)
    (canon lift (core func $main "sum-nested")))
  (func (export "echo-list") (param "xs" (list (tuple string u32))) (result (list (tuple string u32)))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "echo-pairs") (param "xs" (list (tuple u8 u64))) (result (list (tuple u8 u64)))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
)
