;; Lists of strings and lists of lists of strings, both directions: every
;; string of an argument is copied into guest memory with its own
;; cabi_realloc call, nested lists are (ptr, len) pairs pointing at further
;; (ptr, len) pairs, and lifting walks them back (CanonicalABI.md
;; store_list / load_list).  An invalid string deep inside traps.
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
    (data (i32.const 400) "alphabetagamma \ce\b4\ff")
    (data (i32.const 432) "\90\01\00\00\05\00\00\00\95\01\00\00\04\00\00\00")
    (data (i32.const 448) "\99\01\00\00\08\00\00\00\00\00\00\00\00\00\00\00")
    (data (i32.const 464) "\a1\01\00\00\01\00\00\00")
    (data (i32.const 480) "\b0\01\00\00\02\00\00\00\c0\01\00\00\02\00\00\00\00\00\00\00\00\00\00\00")
    (data (i32.const 504) "\b0\01\00\00\02\00\00\00\d0\01\00\00\01\00\00\00")
    (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
    ;; join(list<string>, sep): two passes over the (ptr, len) pairs
    (func (export "join") (param $xs i32) (param $n i32) (param $sep i32) (param $seplen i32)
      (result i32) (local $i i32) (local $total i32) (local $out i32) (local $at i32) (local $e i32)
      block loop local.get $i local.get $n i32.ge_u br_if 1
        local.get $total local.get $xs local.get $i i32.const 3 i32.shl i32.add i32.load offset=4
        i32.add local.get $seplen i32.add local.set $total
        local.get $i i32.const 1 i32.add local.set $i br 0 end end
      local.get $n if local.get $total local.get $seplen i32.sub local.set $total end
      i32.const 0 i32.const 0 i32.const 1 local.get $total call $realloc local.tee $out local.set $at
      i32.const 0 local.set $i
      block loop local.get $i local.get $n i32.ge_u br_if 1
        local.get $i if local.get $at local.get $sep local.get $seplen memory.copy
          local.get $at local.get $seplen i32.add local.set $at end
        local.get $xs local.get $i i32.const 3 i32.shl i32.add local.set $e
        local.get $at local.get $e i32.load local.get $e i32.load offset=4 memory.copy
        local.get $at local.get $e i32.load offset=4 i32.add local.set $at
        local.get $i i32.const 1 i32.add local.set $i br 0 end end
      local.get $out local.get $total call $ret)
    ;; total number of strings in a list<list<string>>
    (func (export "count") (param $xs i32) (param $n i32) (result i32) (local $s i32)
      block loop local.get $n i32.eqz br_if 1
        local.get $s local.get $xs i32.load offset=4 i32.add local.set $s
        local.get $xs i32.const 8 i32.add local.set $xs
        local.get $n i32.const 1 i32.sub local.set $n br 0 end end
      local.get $s)
    (func (export "words") (result i32) i32.const 432 i32.const 2 call $ret)
    (func (export "nested") (result i32) i32.const 480 i32.const 3 call $ret)
    (func (export "bad-nested") (result i32) i32.const 504 i32.const 2 call $ret)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "echo") (param "xs" (list string)) (result (list string))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "echo-nested") (param "xs" (list (list string))) (result (list (list string)))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "join") (param "xs" (list string)) (param "sep" string) (result string)
    (canon lift (core func $main "join") (memory $mem) (realloc $realloc)))
  (func (export "count") (param "xss" (list (list string))) (result u32)
    (canon lift (core func $main "count") (memory $mem) (realloc $realloc)))
  (func (export "words") (result (list string)) (canon lift (core func $main "words") (memory $mem)))
  (func (export "nested") (result (list (list string))) (canon lift (core func $main "nested") (memory $mem)))
  (func (export "bad-nested") (result (list (list string))) (canon lift (core func $main "bad-nested") (memory $mem)))
)
