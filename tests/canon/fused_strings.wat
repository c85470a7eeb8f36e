;; Fused adapters that transcode: a provider component (utf8) and
;; consumers in utf16 and latin1+utf16 (tests/canon/fused_strings.golden).
(component
  (component $provider
    (core module $m
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

      (func $ret (param i32 i32) (result i32) i32.const 16 local.get 0 i32.store i32.const 20 local.get 1 i32.store i32.const 16)
      (data (i32.const 600) "\02")
      (data (i32.const 608) "\ff\fe")
      (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
      (func (export "echo-str") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
      (func (export "echo-strs") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
      (func (export "echo-nested") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
      (func (export "echo-u32s") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
      (func (export "sum64") (param $p i32) (param $n i32) (result i64) (local $s i64) block loop local.get $n i32.eqz br_if 1 local.get $s local.get $p i64.load i64.add local.set $s local.get $p i32.const 8 i32.add local.set $p local.get $n i32.const 1 i32.sub local.set $n br 0 end end local.get $s)
      (func (export "echo-char") (param i32) (result i32) local.get 0)
      (func (export "echo-bool") (param i32) (result i32) local.get 0)
      (func (export "echo-s8") (param i32) (result i32) local.get 0)
      (func (export "echo-f64") (param f64) (result f64) local.get 0)
      (func (export "echo-tup") (param i32) (result i32) local.get 0)
      (func (export "echo-opt") (param i32) (result i32) local.get 0)
      (func (export "echo-res") (param i32) (result i32) local.get 0)
      (func (export "many") (param $p i32) (result i32) (local $s i32) (local $i i32) block loop local.get $i i32.const 17 i32.eq br_if 1 local.get $s local.get $p local.get $i i32.const 2 i32.shl i32.add i32.load i32.add local.set $s local.get $i i32.const 1 i32.add local.set $i br 0 end end local.get $s)
      (func (export "bad-char") (result i32) i32.const 0xd800)
      (func (export "bad-opt") (result i32) i32.const 600)
      (func (export "bad-str") (result i32) i32.const 0xfffffff0 i32.const 32 call $ret)
      (func (export "bad-utf8") (result i32) i32.const 608 i32.const 2 call $ret)
      (func (export "bad-align") (result i32) i32.const 601 i32.const 1 call $ret)
    )
    (core instance $m (instantiate $m))
    (alias core export $m "memory" (core memory $mem))
    (alias core export $m "cabi_realloc" (core func $realloc))
    (func (export "add") (param "a" u32) (param "b" u32) (result u32)
      (canon lift (core func $m "add") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-str") (param "s" string) (result string)
      (canon lift (core func $m "echo-str") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-strs") (param "l" (list string)) (result (list string))
      (canon lift (core func $m "echo-strs") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-nested") (param "l" (list (list string))) (result (list (list string)))
      (canon lift (core func $m "echo-nested") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-u32s") (param "l" (list u32)) (result (list u32))
      (canon lift (core func $m "echo-u32s") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "sum64") (param "l" (list u64)) (result u64)
      (canon lift (core func $m "sum64") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-char") (param "c" char) (result char)
      (canon lift (core func $m "echo-char") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-bool") (param "b" bool) (result bool)
      (canon lift (core func $m "echo-bool") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-s8") (param "x" s8) (result s8)
      (canon lift (core func $m "echo-s8") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-f64") (param "x" f64) (result f64)
      (canon lift (core func $m "echo-f64") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-tup") (param "t" (tuple u8 s16 bool char f32 u64 string (option u32))) (param "pad" (tuple u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8)) (result (tuple u8 s16 bool char f32 u64 string (option u32)))
      (canon lift (core func $m "echo-tup") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-opt") (param "o" (option string)) (param "pad" (tuple u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8)) (result (option string))
      (canon lift (core func $m "echo-opt") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "echo-res") (param "r" (result f64 (error (list string)))) (param "pad" (tuple u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8 u8)) (result (result f64 (error (list string))))
      (canon lift (core func $m "echo-res") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "many") (param "a1" u32) (param "a2" u32) (param "a3" u32) (param "a4" u32) (param "a5" u32) (param "a6" u32) (param "a7" u32) (param "a8" u32) (param "a9" u32) (param "a10" u32) (param "a11" u32) (param "a12" u32) (param "a13" u32) (param "a14" u32) (param "a15" u32) (param "a16" u32) (param "a17" u32) (result u32)
      (canon lift (core func $m "many") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "bad-char")  (result char)
      (canon lift (core func $m "bad-char") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "bad-opt")  (result (option u8))
      (canon lift (core func $m "bad-opt") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "bad-str")  (result string)
      (canon lift (core func $m "bad-str") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "bad-utf8")  (result string)
      (canon lift (core func $m "bad-utf8") (memory $mem) (realloc $realloc) string-encoding=utf8))
    (func (export "bad-align")  (result (list u32))
      (canon lift (core func $m "bad-align") (memory $mem) (realloc $realloc) string-encoding=utf8))
  )
  (component $c16
    (import "echo-str" (func $echo-str (param "s" string) (result string)))
    (import "echo-strs" (func $echo-strs (param "l" (list string)) (result (list string))))
    (import "echo-nested" (func $echo-nested (param "l" (list (list string))) (result (list (list string)))))
    (core module $mem
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

    )
    (core instance $mem (instantiate $mem))
    (alias core export $mem "memory" (core memory $memory))
    (alias core export $mem "cabi_realloc" (core func $realloc))
    (core func $l-echo-str (canon lower (func $echo-str) (memory $memory) (realloc $realloc) string-encoding=utf16))
    (core func $l-echo-strs (canon lower (func $echo-strs) (memory $memory) (realloc $realloc) string-encoding=utf16))
    (core func $l-echo-nested (canon lower (func $echo-nested) (memory $memory) (realloc $realloc) string-encoding=utf16))
    (core module $main
      (import "i" "echo-str" (func $i-echo-str (param i32 i32 i32)))
      (import "i" "echo-strs" (func $i-echo-strs (param i32 i32 i32)))
      (import "i" "echo-nested" (func $i-echo-nested (param i32 i32 i32)))
      (func (export "echo-str") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 1024 call $i-echo-str i32.const 1024)
      (func (export "echo-strs") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 1024 call $i-echo-strs i32.const 1024)
      (func (export "echo-nested") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 1024 call $i-echo-nested i32.const 1024)
      (func (export "oob") (result i32) i32.const 0xffff0000 i32.const 16 i32.const 1024 call $i-echo-str i32.const 1024)
    )
    (core instance $main (instantiate $main (with "i" (instance (export "echo-str" (func $l-echo-str)) (export "echo-strs" (func $l-echo-strs)) (export "echo-nested" (func $l-echo-nested))))))
    (func (export "echo-str") (param "s" string) (result string)
      (canon lift (core func $main "echo-str") (memory $memory) (realloc $realloc) string-encoding=utf16))
    (func (export "echo-strs") (param "l" (list string)) (result (list string))
      (canon lift (core func $main "echo-strs") (memory $memory) (realloc $realloc) string-encoding=utf16))
    (func (export "echo-nested") (param "l" (list (list string))) (result (list (list string)))
      (canon lift (core func $main "echo-nested") (memory $memory) (realloc $realloc) string-encoding=utf16))
    (func (export "oob") (result string)
      (canon lift (core func $main "oob") (memory $memory) (realloc $realloc) string-encoding=utf16))
  )
  (component $cl1
    (import "echo-str" (func $echo-str (param "s" string) (result string)))
    (core module $mem
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

    )
    (core instance $mem (instantiate $mem))
    (alias core export $mem "memory" (core memory $memory))
    (alias core export $mem "cabi_realloc" (core func $realloc))
    (core func $l-echo-str (canon lower (func $echo-str) (memory $memory) (realloc $realloc) string-encoding=latin1+utf16))
    (core module $main
      (import "i" "echo-str" (func $i-echo-str (param i32 i32 i32)))
      (func (export "echo-str") (param i32 i32) (result i32) local.get 0 local.get 1 i32.const 1024 call $i-echo-str i32.const 1024)
      (func (export "oob") (result i32) i32.const 0xffff0000 i32.const 16 i32.const 1024 call $i-echo-str i32.const 1024)
    )
    (core instance $main (instantiate $main (with "i" (instance (export "echo-str" (func $l-echo-str))))))
    (func (export "echo-str") (param "s" string) (result string)
      (canon lift (core func $main "echo-str") (memory $memory) (realloc $realloc) string-encoding=latin1+utf16))
    (func (export "oob") (result string)
      (canon lift (core func $main "oob") (memory $memory) (realloc $realloc) string-encoding=latin1+utf16))
  )
  (instance $p (instantiate $provider))
  (instance $i16 (instantiate $c16 (with "echo-str" (func $p "echo-str")) (with "echo-strs" (func $p "echo-strs")) (with "echo-nested" (func $p "echo-nested"))))
  (instance $il1 (instantiate $cl1 (with "echo-str" (func $p "echo-str"))))
  (export "echo-str16" (func $i16 "echo-str"))
  (export "echo-strs16" (func $i16 "echo-strs"))
  (export "echo-nested16" (func $i16 "echo-nested"))
  (export "oob16" (func $i16 "oob"))
  (export "echo-str-latin1" (func $il1 "echo-str"))
)
