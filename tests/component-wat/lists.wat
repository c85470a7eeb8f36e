;; Lists of scalars as parameters (copied into guest memory through
;; cabi_realloc with the element's alignment) and results (read from a
;; return area), bool elements read as byte != 0, and the traps of
;; CanonicalABI.md load_list_from_range: a misaligned pointer, a range
;; outside memory, and a byte length that overflows 2**32.
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
    (data (i32.const 200) "\00\01\02\ff")
    (func (export "sum-u8") (param $p i32) (param $n i32) (result i32) (local $s i32)
      block loop local.get $n i32.eqz br_if 1
        local.get $s local.get $p i32.load8_u i32.add local.set $s
        local.get $p i32.const 1 i32.add local.set $p
        local.get $n i32.const 1 i32.sub local.set $n br 0 end end
      local.get $s)
    (func (export "sum-s32") (param $p i32) (param $n i32) (result i64) (local $s i64)
      block loop local.get $n i32.eqz br_if 1
        local.get $s local.get $p i64.load32_s i64.add local.set $s
        local.get $p i32.const 4 i32.add local.set $p
        local.get $n i32.const 1 i32.sub local.set $n br 0 end end
      local.get $s)
    ;; reverses 2-byte elements in place
    (func (export "reverse-u16") (param $p i32) (param $n i32) (result i32)
      (local $i i32) (local $j i32) (local $t i32)
      local.get $p local.set $i
      local.get $p local.get $n i32.const 1 i32.shl i32.add i32.const 2 i32.sub local.set $j
      block loop local.get $i local.get $j i32.ge_s br_if 1
        local.get $i i32.load16_u local.set $t
        local.get $i local.get $j i32.load16_u i32.store16
        local.get $j local.get $t i32.store16
        local.get $i i32.const 2 i32.add local.set $i
        local.get $j i32.const 2 i32.sub local.set $j br 0 end end
      local.get $p local.get $n call $ret)
    (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
    (func (export "iota") (param $n i32) (result i32) (local $p i32) (local $i i32)
      i32.const 0 i32.const 0 i32.const 4 local.get $n i32.const 2 i32.shl call $realloc
      local.set $p
      block loop local.get $i local.get $n i32.ge_u br_if 1
        local.get $p local.get $i i32.const 2 i32.shl i32.add local.get $i i32.store
        local.get $i i32.const 1 i32.add local.set $i br 0 end end
      local.get $p local.get $n call $ret)
    (func (export "bools") (result i32) i32.const 200 i32.const 4 call $ret)
    (func (export "empty") (result i32) i32.const 0 i32.const 0 call $ret)
    (func (export "misaligned") (result i32) i32.const 202 i32.const 2 call $ret)
    (func (export "out-of-bounds") (result i32) i32.const 65000 i32.const 100 call $ret)
    (func (export "overflow") (result i32) i32.const 8 i32.const 0x40000001 call $ret)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "sum-u8") (param "xs" (list u8)) (result u32)
    (canon lift (core func $main "sum-u8") (memory $mem) (realloc $realloc)))
  (func (export "sum-s32") (param "xs" (list s32)) (result s64)
    (canon lift (core func $main "sum-s32") (memory $mem) (realloc $realloc)))
  (func (export "reverse-u16") (param "xs" (list u16)) (result (list u16))
    (canon lift (core func $main "reverse-u16") (memory $mem) (realloc $realloc)))
  (func (export "echo-u64") (param "xs" (list u64)) (result (list u64))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "echo-s8") (param "xs" (list s8)) (result (list s8))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "echo-f32") (param "xs" (list f32)) (result (list f32))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "echo-f64") (param "xs" (list f64)) (result (list f64))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "echo-bool") (param "xs" (list bool)) (result (list bool))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "iota") (param "n" u32) (result (list u32))
    (canon lift (core func $main "iota") (memory $mem) (realloc $realloc)))
  (func (export "bools") (result (list bool)) (canon lift (core func $main "bools") (memory $mem)))
  (func (export "empty") (result (list u32)) (canon lift (core func $main "empty") (memory $mem)))
  (func (export "misaligned") (result (list u32)) (canon lift (core func $main "misaligned") (memory $mem)))
  (func (export "out-of-bounds") (result (list u64)) (canon lift (core func $main "out-of-bounds") (memory $mem)))
  (func (export "overflow") (result (list u32)) (canon lift (core func $main "overflow") (memory $mem)))
)
