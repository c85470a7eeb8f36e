;; Variants: the discriminant (u8 for < 256 cases) then the payloads
;; flattened into joined slots (CanonicalABI.md flatten_variant and join:
;; f32 with i32 is i32, f32/f64/i32 with i64 is i64), stored with the
;; payload at the largest case alignment.  The core code stores the flat
;; slots of an argument back as the in-memory result, so a case whose
;; payload was widened into a joined slot must come back unchanged.  A
;; discriminant past the last case traps on lifting.
(component
  (type $shape' (variant (case "circle" f32) (case "rect" (tuple f32 f32)) (case "label" string)
    (case "big" u64) (case "empty")))
  (import "shape" (type $shape (eq $shape')))
  (type $num' (variant (case "f" f64) (case "g" f32) (case "i" s64) (case "b" s8) (case "c" char)))
  (import "num" (type $num (eq $num')))
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
    ;; shape: flat (i32 disc, i64, i32); memory: disc@0, payload@8
    (func (export "echo-shape") (param $d i32) (param $a i64) (param $b i32) (result i32)
      i32.const 64 local.get $d i32.store8
      i32.const 64 local.get $a i64.store offset=8
      local.get $d i32.const 1 i32.eq local.get $d i32.const 2 i32.eq i32.or
      if i32.const 64 local.get $b i32.store offset=12 end
      i32.const 64)
    (func (export "tag") (param i32 i64 i32) (result i32) local.get 0)
    ;; the circle's radius doubled: f32 travels in the low half of the i64
    (func (export "double-circle") (param $d i32) (param $a i64) (param $b i32) (result i32)
      i32.const 64 local.get $d i32.store8
      i32.const 64
      local.get $a i32.wrap_i64 f32.reinterpret_i32 f32.const 2 f32.mul f32.store offset=8
      i32.const 64)
    (func (export "bad-shape") (result i32)
      i32.const 64 i32.const 5 i32.store8 i32.const 64)
    ;; num: flat (i32 disc, i64); memory: disc@0, payload@8
    (func (export "echo-num") (param $d i32) (param $a i64) (result i32)
      i32.const 96 local.get $d i32.store8
      i32.const 96 local.get $a i64.store offset=8
      i32.const 96)
    (func (export "raw-num") (param $d i32) (param $a i64) (result i64) local.get $a)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "echo-shape") (param "s" $shape) (result $shape)
    (canon lift (core func $main "echo-shape") (memory $mem) (realloc $realloc)))
  (func (export "tag") (param "s" $shape) (result u8)
    (canon lift (core func $main "tag") (memory $mem) (realloc $realloc)))
  (func (export "double-circle") (param "s" $shape) (result $shape)
    (canon lift (core func $main "double-circle") (memory $mem) (realloc $realloc)))
  (func (export "bad-shape") (result $shape) (canon lift (core func $main "bad-shape") (memory $mem)))
  (func (export "echo-num") (param "n" $num) (result $num)
    (canon lift (core func $main "echo-num") (memory $mem)))
  (func (export "raw-num") (param "n" $num) (result u64)
    (canon lift (core func $main "raw-num")))
)
