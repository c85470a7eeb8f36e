;; The composition of composed.wat with consumers that use other string
;; encodings: one UTF-16 and one latin1+utf16 consumer of the same UTF-8
;; provider, so the fused adapters transcode every string between
;; encodings in both directions (CanonicalABI.md store_string_copy,
;; store_string_to_utf8 / _to_utf16 / _to_latin1_or_utf16), and the
;; consumers' own exports are lifted in their encoding.
(component
  (component $provider
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

      (global $posts (mut i32) (i32.const 0))
      (data (i32.const 300) "hello, ")
      ;; greet(name) -> "hello, " + name
      (func (export "greet") (param $p i32) (param $l i32) (result i32) (local $out i32)
        i32.const 0 i32.const 0 i32.const 1 local.get $l i32.const 7 i32.add call $realloc
        local.tee $out i32.const 300 i32.const 7 memory.copy
        local.get $out i32.const 7 i32.add local.get $p local.get $l memory.copy
        local.get $out local.get $l i32.const 7 i32.add call $ret)
      (func (export "cabi_post_greet") (param i32)
        global.get $posts i32.const 1 i32.add global.set $posts)
      (func (export "posts") (result i32) global.get $posts)
      (func (export "sum") (param $p i32) (param $n i32) (result i64) (local $s i64)
        block loop local.get $n i32.eqz br_if 1
          local.get $s local.get $p i64.load32_u i64.add local.set $s
          local.get $p i32.const 4 i32.add local.set $p
          local.get $n i32.const 1 i32.sub local.set $n br 0 end end
        local.get $s)
      ;; reverses the (ptr, len) pairs of a list<string> in place
      (func (export "rev") (param $p i32) (param $n i32) (result i32)
        (local $i i32) (local $j i32) (local $t i64)
        local.get $p local.set $i
        local.get $p local.get $n i32.const 3 i32.shl i32.add i32.const 8 i32.sub local.set $j
        block loop local.get $i local.get $j i32.ge_s br_if 1
          local.get $i i64.load local.set $t
          local.get $i local.get $j i64.load i64.store
          local.get $j local.get $t i64.store
          local.get $i i32.const 8 i32.add local.set $i
          local.get $j i32.const 8 i32.sub local.set $j br 0 end end
        local.get $p local.get $n call $ret)
      (func (export "units") (param i32 i32) (result i32) local.get 1)
    )
    (core instance $main (instantiate $main))
    (alias core export $main "memory" (core memory $mem))
    (alias core export $main "cabi_realloc" (core func $realloc))
    (func (export "greet") (param "name" string) (result string)
      (canon lift (core func $main "greet") (memory $mem) (realloc $realloc)
        (post-return (core func $main "cabi_post_greet"))))
    (func (export "posts") (result u32) (canon lift (core func $main "posts")))
    (func (export "sum") (param "xs" (list u32)) (result u64)
      (canon lift (core func $main "sum") (memory $mem) (realloc $realloc)))
    (func (export "rev") (param "xs" (list string)) (result (list string))
      (canon lift (core func $main "rev") (memory $mem) (realloc $realloc)))
    (func (export "byte-len") (param "s" string) (result u32)
      (canon lift (core func $main "units") (memory $mem) (realloc $realloc)))
  )
  (instance $p (instantiate $provider))

  (component $c16
    (import "greet" (func $greet (param "name" string) (result string)))
    (import "posts" (func $posts (result u32)))
    (import "sum" (func $sum (param "xs" (list u32)) (result u64)))
    (import "rev" (func $rev (param "xs" (list string)) (result (list string))))
    (import "byte-len" (func $byte-len (param "s" string) (result u32)))
    (core module $libc
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

    )
    (core instance $libc (instantiate $libc))
    (alias core export $libc "memory" (core memory $mem))
    (alias core export $libc "cabi_realloc" (core func $realloc))
    (core func $greet' (canon lower (func $greet) (memory $mem) (realloc $realloc) string-encoding=utf16))
    (core func $posts' (canon lower (func $posts)))
    (core func $sum' (canon lower (func $sum) (memory $mem) (realloc $realloc)))
    (core func $rev' (canon lower (func $rev) (memory $mem) (realloc $realloc) string-encoding=utf16))
    (core func $byte-len' (canon lower (func $byte-len) (memory $mem) (realloc $realloc) string-encoding=utf16))
    (core module $main
      (import "libc" "memory" (memory 1))
      (import "p" "greet" (func $greet (param i32 i32 i32)))
      (import "p" "posts" (func $posts (result i32)))
      (import "p" "sum" (func $sum (param i32 i32) (result i64)))
      (import "p" "rev" (func $rev (param i32 i32 i32)))
      (import "p" "byte-len" (func $byte-len (param i32 i32) (result i32)))
      ;; pass-throughs: the string or list crosses both adapters
      (func (export "greet") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.const 32 call $greet i32.const 32)
      (func (export "rev") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.const 32 call $rev i32.const 32)
      (func (export "sum") (param i32 i32) (result i64) local.get 0 local.get 1 call $sum)
      (func (export "byte-len") (param i32 i32) (result i32) local.get 0 local.get 1 call $byte-len)
      ;; the provider's post-return has run after each of two calls
      (func (export "greet-twice") (result i32)
        i32.const 0 i32.const 0 i32.const 32 call $greet
        i32.const 0 i32.const 0 i32.const 32 call $greet
        call $posts)
      (func (export "units") (param i32 i32) (result i32) local.get 1)
    )
    (core instance $main (instantiate $main
      (with "libc" (instance $libc))
      (with "p" (instance (export "greet" (func $greet')) (export "posts" (func $posts'))
        (export "sum" (func $sum')) (export "rev" (func $rev')) (export "byte-len" (func $byte-len'))))))
    (func (export "greet") (param "name" string) (result string)
      (canon lift (core func $main "greet") (memory $mem) (realloc $realloc) string-encoding=utf16))
    (func (export "rev") (param "xs" (list string)) (result (list string))
      (canon lift (core func $main "rev") (memory $mem) (realloc $realloc) string-encoding=utf16))
    (func (export "sum") (param "xs" (list u32)) (result u64)
      (canon lift (core func $main "sum") (memory $mem) (realloc $realloc)))
    (func (export "byte-len") (param "s" string) (result u32)
      (canon lift (core func $main "byte-len") (memory $mem) (realloc $realloc) string-encoding=utf16))
    (func (export "units") (param "s" string) (result u32)
      (canon lift (core func $main "units") (memory $mem) (realloc $realloc) string-encoding=utf16))
    (func (export "greet-twice") (result u32) (canon lift (core func $main "greet-twice")))
  )
  (instance $c16-inst (instantiate $c16
    (with "greet" (func $p "greet")) (with "posts" (func $p "posts"))
    (with "sum" (func $p "sum")) (with "rev" (func $p "rev")) (with "byte-len" (func $p "byte-len"))))

  (component $clatin
    (import "greet" (func $greet (param "name" string) (result string)))
    (import "posts" (func $posts (result u32)))
    (import "sum" (func $sum (param "xs" (list u32)) (result u64)))
    (import "rev" (func $rev (param "xs" (list string)) (result (list string))))
    (import "byte-len" (func $byte-len (param "s" string) (result u32)))
    (core module $libc
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

    )
    (core instance $libc (instantiate $libc))
    (alias core export $libc "memory" (core memory $mem))
    (alias core export $libc "cabi_realloc" (core func $realloc))
    (core func $greet' (canon lower (func $greet) (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (core func $posts' (canon lower (func $posts)))
    (core func $sum' (canon lower (func $sum) (memory $mem) (realloc $realloc)))
    (core func $rev' (canon lower (func $rev) (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (core func $byte-len' (canon lower (func $byte-len) (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (core module $main
      (import "libc" "memory" (memory 1))
      (import "p" "greet" (func $greet (param i32 i32 i32)))
      (import "p" "posts" (func $posts (result i32)))
      (import "p" "sum" (func $sum (param i32 i32) (result i64)))
      (import "p" "rev" (func $rev (param i32 i32 i32)))
      (import "p" "byte-len" (func $byte-len (param i32 i32) (result i32)))
      ;; pass-throughs: the string or list crosses both adapters
      (func (export "greet") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.const 32 call $greet i32.const 32)
      (func (export "rev") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.const 32 call $rev i32.const 32)
      (func (export "sum") (param i32 i32) (result i64) local.get 0 local.get 1 call $sum)
      (func (export "byte-len") (param i32 i32) (result i32) local.get 0 local.get 1 call $byte-len)
      ;; the provider's post-return has run after each of two calls
      (func (export "greet-twice") (result i32)
        i32.const 0 i32.const 0 i32.const 32 call $greet
        i32.const 0 i32.const 0 i32.const 32 call $greet
        call $posts)
      (func (export "units") (param i32 i32) (result i32) local.get 1)
    )
    (core instance $main (instantiate $main
      (with "libc" (instance $libc))
      (with "p" (instance (export "greet" (func $greet')) (export "posts" (func $posts'))
        (export "sum" (func $sum')) (export "rev" (func $rev')) (export "byte-len" (func $byte-len'))))))
    (func (export "greet") (param "name" string) (result string)
      (canon lift (core func $main "greet") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (func (export "rev") (param "xs" (list string)) (result (list string))
      (canon lift (core func $main "rev") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (func (export "sum") (param "xs" (list u32)) (result u64)
      (canon lift (core func $main "sum") (memory $mem) (realloc $realloc)))
    (func (export "byte-len") (param "s" string) (result u32)
      (canon lift (core func $main "byte-len") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (func (export "units") (param "s" string) (result u32)
      (canon lift (core func $main "units") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
    (func (export "greet-twice") (result u32) (canon lift (core func $main "greet-twice")))
  )
  (instance $clatin-inst (instantiate $clatin
    (with "greet" (func $p "greet")) (with "posts" (func $p "posts"))
    (with "sum" (func $p "sum")) (with "rev" (func $p "rev")) (with "byte-len" (func $p "byte-len"))))

  (export "utf16-greet" (func $c16-inst "greet"))
  (export "utf16-rev" (func $c16-inst "rev"))
  (export "utf16-sum" (func $c16-inst "sum"))
  (export "utf16-byte-len" (func $c16-inst "byte-len"))
  (export "utf16-units" (func $c16-inst "units"))
  (export "utf16-greet-twice" (func $c16-inst "greet-twice"))
  (export "latin1-greet" (func $clatin-inst "greet"))
  (export "latin1-rev" (func $clatin-inst "rev"))
  (export "latin1-sum" (func $clatin-inst "sum"))
  (export "latin1-byte-len" (func $clatin-inst "byte-len"))
  (export "latin1-units" (func $clatin-inst "units"))
  (export "latin1-greet-twice" (func $clatin-inst "greet-twice"))
)
