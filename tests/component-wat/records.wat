;; Records as parameters and results: flattened field by field as
;; parameters, laid out with each field at its natural alignment in a
;; return area (CanonicalABI.md "Flattening", store_record / load_record),
;; nested records and records holding strings, lists and options.  The
;; record types are named through world-level type imports, as
;; wit-component encodes a world's own types.
(component
  (type $point' (record (field "x" s32) (field "y" s32)))
  (import "point" (type $point (eq $point')))
  (type $line' (record (field "from" $point) (field "to" $point)))
  (import "line" (type $line (eq $line')))
  (type $person' (record (field "name" string) (field "age" u8) (field "tags" (list string))
    (field "score" f64) (field "home" (option $point))))
  (import "person" (type $person (eq $person')))
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
    (func (export "swap") (param i32 i32) (result i32)
      i32.const 64 local.get 1 i32.store
      i32.const 64 local.get 0 i32.store offset=4
      i32.const 64)
    (func (export "len2") (param $x1 i32) (param $y1 i32) (param $x2 i32) (param $y2 i32) (result i64)
      (local $dx i64) (local $dy i64)
      local.get $x2 i64.extend_i32_s local.get $x1 i64.extend_i32_s i64.sub local.tee $dx local.get $dx i64.mul
      local.get $y2 i64.extend_i32_s local.get $y1 i64.extend_i32_s i64.sub local.tee $dy local.get $dy i64.mul
      i64.add)
    ;; person layout: name@0 age@8 tags@12 score@24 home: disc@32 x@36 y@40
    (func (export "make") (param $np i32) (param $nl i32) (param $age i32) (result i32)
      i32.const 128 local.get $np i32.store
      i32.const 128 local.get $nl i32.store offset=4
      i32.const 128 local.get $age i32.store8 offset=8
      i32.const 128 i32.const 0 i32.store offset=12
      i32.const 128 i32.const 0 i32.store offset=16
      i32.const 128 f64.const 0.5 f64.store offset=24
      i32.const 128 i32.const 1 i32.store8 offset=32
      i32.const 128 local.get $age i32.store offset=36
      i32.const 128 i32.const 0 local.get $age i32.sub i32.store offset=40
      i32.const 128)
    (func (export "echo-person") (param $np i32) (param $nl i32) (param $age i32) (param $tp i32)
      (param $tl i32) (param $score f64) (param $some i32) (param $x i32) (param $y i32) (result i32)
      i32.const 192 local.get $np i32.store
      i32.const 192 local.get $nl i32.store offset=4
      i32.const 192 local.get $age i32.store8 offset=8
      i32.const 192 local.get $tp i32.store offset=12
      i32.const 192 local.get $tl i32.store offset=16
      i32.const 192 local.get $score f64.store offset=24
      i32.const 192 local.get $some i32.store8 offset=32
      i32.const 192 local.get $x i32.store offset=36
      i32.const 192 local.get $y i32.store offset=40
      i32.const 192)
    ;; line result: from.x@0 from.y@4 to.x@8 to.y@12, built from two points
    (func (export "line") (param i32 i32 i32 i32) (result i32)
      i32.const 256 local.get 0 i32.store
      i32.const 256 local.get 1 i32.store offset=4
      i32.const 256 local.get 2 i32.store offset=8
      i32.const 256 local.get 3 i32.store offset=12
      i32.const 256)
    (func (export "age") (param i32 i32 i32 i32 i32 f64 i32 i32 i32) (result i32) local.get 2)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "swap") (param "p" $point) (result $point) (canon lift (core func $main "swap") (memory $mem)))
  (func (export "len2") (param "l" $line) (result s64) (canon lift (core func $main "len2")))
  (func (export "line") (param "a" $point) (param "b" $point) (result $line)
    (canon lift (core func $main "line") (memory $mem)))
  (func (export "make-person") (param "name" string) (param "age" u8) (result $person)
    (canon lift (core func $main "make") (memory $mem) (realloc $realloc)))
  (func (export "echo-person") (param "p" $person) (result $person)
    (canon lift (core func $main "echo-person") (memory $mem) (realloc $realloc)))
  (func (export "age") (param "p" $person) (result u8)
    (canon lift (core func $main "age") (memory $mem) (realloc $realloc)))
)
