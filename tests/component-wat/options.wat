;; Options as parameters and results: option<T> is variant { none, some(T) }
;; (CanonicalABI.md despecialize): a discriminant then T's flat values or
;; T at its alignment in memory; nested options, options of strings and
;; floats, lists of options; a discriminant of 2 traps on lifting.
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
    (data (i32.const 240) "\02\00\00\00\05\00\00\00")
    ;; option<u32> + 1: disc@0 u32@4
    (func (export "inc") (param $d i32) (param $v i32) (result i32)
      i32.const 64 local.get $d i32.store8
      i32.const 64 local.get $v i32.const 1 i32.add i32.store offset=4
      i32.const 64)
    ;; option<string>: disc@0 ptr@4 len@8
    (func (export "echo-str") (param $d i32) (param $p i32) (param $l i32) (result i32)
      i32.const 96 local.get $d i32.store8
      i32.const 96 local.get $p i32.store offset=4
      i32.const 96 local.get $l i32.store offset=8
      i32.const 96)
    ;; option<option<u8>>: outer disc@0, inner disc@1, u8@2
    (func (export "echo-nested") (param $d1 i32) (param $d2 i32) (param $v i32) (result i32)
      i32.const 128 local.get $d1 i32.store8
      i32.const 128 local.get $d2 i32.store8 offset=1
      i32.const 128 local.get $v i32.store8 offset=2
      i32.const 128)
    ;; option<f64>: disc@0 f64@8
    (func (export "half") (param $d i32) (param $v f64) (result i32)
      i32.const 160 local.get $d i32.store8
      i32.const 160 local.get $v f64.const 0.5 f64.mul f64.store offset=8
      i32.const 160)
    (func (export "is-some") (param i32 i32) (result i32) local.get 0)
    (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
    (func (export "bad") (result i32) i32.const 240)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "inc") (param "x" (option u32)) (result (option u32))
    (canon lift (core func $main "inc") (memory $mem)))
  (func (export "echo-str") (param "s" (option string)) (result (option string))
    (canon lift (core func $main "echo-str") (memory $mem) (realloc $realloc)))
  (func (export "echo-nested") (param "x" (option (option u8))) (result (option (option u8)))
    (canon lift (core func $main "echo-nested") (memory $mem)))
  (func (export "half") (param "x" (option f64)) (result (option f64))
    (canon lift (core func $main "half") (memory $mem)))
  (func (export "is-some") (param "x" (option s32)) (result bool)
    (canon lift (core func $main "is-some")))
  (func (export "echo-list") (param "xs" (list (option s16))) (result (list (option s16)))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "bad") (result (option u32)) (canon lift (core func $main "bad") (memory $mem)))
)
