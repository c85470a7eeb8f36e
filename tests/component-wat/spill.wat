;; Spilling: a function whose parameters flatten to more than
;; MAX_FLAT_PARAMS (16) core values takes one pointer to them laid out as a
;; tuple in guest memory, which the caller allocated with cabi_realloc;
;; results of more than MAX_FLAT_RESULTS (1) come back through a return
;; area (CanonicalABI.md "Flattening", lift_flat_values / lower_flat_values).
;; 17 u32 parameters, 17 mixed ones (u8 f64 u16 f32 s64 ...: alignment
;; padding), a 17-field record, 9 strings (18 flat values), and wide results.
(component
  (type $big' (record (field "f1" u32) (field "f2" u32) (field "f3" u32) (field "f4" u32) (field "f5" u32) (field "f6" u32) (field "f7" u32) (field "f8" u32) (field "f9" u32) (field "f10" u32) (field "f11" u32) (field "f12" u32) (field "f13" u32) (field "f14" u32) (field "f15" u32) (field "f16" u32) (field "f17" u32)))
  (import "big" (type $big (eq $big')))
  (type $wide' (record (field "a" u8) (field "b" u64) (field "c" string) (field "d" f32) (field "e" (list u16))))
  (import "wide" (type $wide (eq $wide')))
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

    (data (i32.const 300) "spilled!")
    (data (i32.const 320) "\01\00\02\00\03\00")
    (func (export "sum17") (param i32) (result i32)
      local.get 0 i32.load offset=0
      local.get 0 i32.load offset=4 i32.add
      local.get 0 i32.load offset=8 i32.add
      local.get 0 i32.load offset=12 i32.add
      local.get 0 i32.load offset=16 i32.add
      local.get 0 i32.load offset=20 i32.add
      local.get 0 i32.load offset=24 i32.add
      local.get 0 i32.load offset=28 i32.add
      local.get 0 i32.load offset=32 i32.add
      local.get 0 i32.load offset=36 i32.add
      local.get 0 i32.load offset=40 i32.add
      local.get 0 i32.load offset=44 i32.add
      local.get 0 i32.load offset=48 i32.add
      local.get 0 i32.load offset=52 i32.add
      local.get 0 i32.load offset=56 i32.add
      local.get 0 i32.load offset=60 i32.add
      local.get 0 i32.load offset=64 i32.add)
    (func (export "mixed") (param i32) (result f64)
      local.get 0 i32.load8_u offset=0 f64.convert_i32_u
      local.get 0 f64.load offset=8 f64.add
      local.get 0 i32.load16_u offset=16 f64.convert_i32_u f64.add
      local.get 0 f32.load offset=20 f64.promote_f32 f64.add
      local.get 0 i64.load offset=24 f64.convert_i64_s f64.add
      local.get 0 i32.load8_u offset=32 f64.convert_i32_u f64.add
      local.get 0 f64.load offset=40 f64.add
      local.get 0 i32.load16_u offset=48 f64.convert_i32_u f64.add
      local.get 0 f32.load offset=52 f64.promote_f32 f64.add
      local.get 0 i64.load offset=56 f64.convert_i64_s f64.add
      local.get 0 i32.load8_u offset=64 f64.convert_i32_u f64.add
      local.get 0 f64.load offset=72 f64.add
      local.get 0 i32.load16_u offset=80 f64.convert_i32_u f64.add
      local.get 0 f32.load offset=84 f64.promote_f32 f64.add
      local.get 0 i64.load offset=88 f64.convert_i64_s f64.add
      local.get 0 i32.load8_u offset=96 f64.convert_i32_u f64.add
      local.get 0 i64.load offset=104 f64.convert_i64_s f64.add)
    ;; the record comes in memory as well: the 17 fields in order, as a list
    (func (export "rec") (param i32) (result i32) local.get 0 i32.const 17 call $ret)
    ;; nine strings: (ptr, len) pairs at the pointer; concatenated with join
    (func (export "cat9") (param $p i32) (result i32)
      (local $total i32) (local $i i32) (local $out i32) (local $at i32)
      block loop local.get $i i32.const 9 i32.ge_u br_if 1
        local.get $total local.get $p local.get $i i32.const 3 i32.shl i32.add i32.load offset=4
        i32.add local.set $total
        local.get $i i32.const 1 i32.add local.set $i br 0 end end
      i32.const 0 i32.const 0 i32.const 1 local.get $total call $realloc local.tee $out local.set $at
      i32.const 0 local.set $i
      block loop local.get $i i32.const 9 i32.ge_u br_if 1
        local.get $at
        local.get $p local.get $i i32.const 3 i32.shl i32.add i32.load
        local.get $p local.get $i i32.const 3 i32.shl i32.add i32.load offset=4 memory.copy
        local.get $at local.get $p local.get $i i32.const 3 i32.shl i32.add i32.load offset=4
        i32.add local.set $at
        local.get $i i32.const 1 i32.add local.set $i br 0 end end
      local.get $out local.get $total call $ret)
    ;; tuple<u32, u64, string, f32>: return area at 64 (u32@0 u64@8 string@16 f32@24)
    (func (export "tuple") (param $x i32) (result i32)
      i32.const 64 local.get $x i32.store
      i32.const 64 local.get $x i64.extend_i32_u i64.const 32 i64.shl i64.store offset=8
      i32.const 64 i32.const 300 i32.store offset=16
      i32.const 64 i32.const 8 i32.store offset=20
      i32.const 64 f32.const 0.5 f32.store offset=24
      i32.const 64)
    ;; wide: a u8, u64, string, f32, list<u16> (a@0 b@8 c@16 d@24 e@28)
    (func (export "wide") (result i32)
      i32.const 128 i32.const 0x1ff i32.store8
      i32.const 128 i64.const -1 i64.store offset=8
      i32.const 128 i32.const 300 i32.store offset=16
      i32.const 128 i32.const 7 i32.store offset=20
      i32.const 128 f32.const -2.75 f32.store offset=24
      i32.const 128 i32.const 320 i32.store offset=28
      i32.const 128 i32.const 3 i32.store offset=32
      i32.const 128)
    ;; wide in (spilled? no: 1+1+2+1+2 = 7 flat values), returned as it came
    (func (export "wide-echo") (param $a i32) (param $b i64) (param $cp i32) (param $cl i32)
      (param $d f32) (param $ep i32) (param $el i32) (result i32)
      i32.const 192 local.get $a i32.store8
      i32.const 192 local.get $b i64.store offset=8
      i32.const 192 local.get $cp i32.store offset=16
      i32.const 192 local.get $cl i32.store offset=20
      i32.const 192 local.get $d f32.store offset=24
      i32.const 192 local.get $ep i32.store offset=28
      i32.const 192 local.get $el i32.store offset=32
      i32.const 192)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "sum17") (param "p1" u32) (param "p2" u32) (param "p3" u32) (param "p4" u32) (param "p5" u32) (param "p6" u32) (param "p7" u32) (param "p8" u32) (param "p9" u32) (param "p10" u32) (param "p11" u32) (param "p12" u32) (param "p13" u32) (param "p14" u32) (param "p15" u32) (param "p16" u32) (param "p17" u32) (result u32)
    (canon lift (core func $main "sum17") (memory $mem) (realloc $realloc)))
  (func (export "mixed") (param "m1" u8) (param "m2" f64) (param "m3" u16) (param "m4" f32) (param "m5" s64) (param "m6" u8) (param "m7" f64) (param "m8" u16) (param "m9" f32) (param "m10" s64) (param "m11" u8) (param "m12" f64) (param "m13" u16) (param "m14" f32) (param "m15" s64) (param "m16" u8) (param "m17" s64) (result f64)
    (canon lift (core func $main "mixed") (memory $mem) (realloc $realloc)))
  (func (export "record-fields") (param "r" $big) (result (list u32))
    (canon lift (core func $main "rec") (memory $mem) (realloc $realloc)))
  (func (export "cat9") (param "s1" string) (param "s2" string) (param "s3" string) (param "s4" string) (param "s5" string) (param "s6" string) (param "s7" string) (param "s8" string) (param "s9" string) (result string)
    (canon lift (core func $main "cat9") (memory $mem) (realloc $realloc)))
  (func (export "tuple") (param "x" u32) (result (tuple u32 u64 string f32))
    (canon lift (core func $main "tuple") (memory $mem)))
  (func (export "wide") (result $wide) (canon lift (core func $main "wide") (memory $mem)))
  (func (export "wide-echo") (param "w" $wide) (result $wide)
    (canon lift (core func $main "wide-echo") (memory $mem) (realloc $realloc)))
)
