;; Flags: packed bit vectors, label i at bit i; up to 8 labels in a u8,
;; up to 16 in a u16, up to 32 in a u32, flat always one i32.  Lifting
;; ignores bits past the last label (CanonicalABI.md lift_flat_flags).
;; Flags of 5, 12, 20 and 32 labels as parameters, results and list
;; elements.  The current spec allows at most 32 labels (flags of more,
;; once spread over several i32s, are invalid now: wasm-tools refuses them
;; with "cannot have more than 32 flags").
(component
  (type $f5' (flags "read" "write" "exec" "hidden" "sticky"))
  (import "perms" (type $f5 (eq $f5')))
  (type $f12' (flags "m0" "m1" "m2" "m3" "m4" "m5" "m6" "m7" "m8" "m9" "m10" "m11"))
  (import "f12" (type $f12 (eq $f12')))
  (type $f20' (flags "t0" "t1" "t2" "t3" "t4" "t5" "t6" "t7" "t8" "t9" "t10" "t11" "t12" "t13" "t14" "t15" "t16" "t17" "t18" "t19"))
  (import "f20" (type $f20 (eq $f20')))
  (type $f32' (flags "b0" "b1" "b2" "b3" "b4" "b5" "b6" "b7" "b8" "b9" "b10" "b11" "b12" "b13" "b14" "b15" "b16" "b17" "b18" "b19" "b20" "b21" "b22" "b23" "b24" "b25" "b26" "b27" "b28" "b29" "b30" "b31"))
  (import "bits" (type $f32 (eq $f32')))
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

    (func (export "xor5") (param i32) (result i32) local.get 0 i32.const 0x1f i32.xor)
    (func (export "xor12") (param i32) (result i32) local.get 0 i32.const 0xfff i32.xor)
    (func (export "xor20") (param i32) (result i32) local.get 0 i32.const 0xfffff i32.xor)
    (func (export "all-bits") (param i32) (result i32) i32.const -1)
    (func (export "raw") (param i32) (result i32) local.get 0)
    (func (export "xor32") (param i32) (result i32) local.get 0 i32.const -1 i32.xor)
    (func (export "or") (param i32 i32) (result i32) local.get 0 local.get 1 i32.or)
    (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "invert5") (param "f" $f5) (result $f5) (canon lift (core func $main "xor5")))
  (func (export "invert12") (param "f" $f12) (result $f12) (canon lift (core func $main "xor12")))
  (func (export "invert20") (param "f" $f20) (result $f20) (canon lift (core func $main "xor20")))
  (func (export "all5") (param "f" $f5) (result $f5) (canon lift (core func $main "all-bits")))
  (func (export "all12") (param "f" $f12) (result $f12) (canon lift (core func $main "all-bits")))
  (func (export "bits5") (param "f" $f5) (result u32) (canon lift (core func $main "raw")))
  (func (export "bits20") (param "f" $f20) (result u32) (canon lift (core func $main "raw")))
  (func (export "invert32") (param "f" $f32) (result $f32) (canon lift (core func $main "xor32")))
  (func (export "union32") (param "a" $f32) (param "b" $f32) (result $f32) (canon lift (core func $main "or")))
  (func (export "bits32") (param "f" $f32) (result u32) (canon lift (core func $main "raw")))
  (func (export "echo12") (param "fs" (list $f12)) (result (list $f12))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "echo32") (param "fs" (list $f32)) (result (list $f32))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
)
