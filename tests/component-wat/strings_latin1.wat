;; latin1+utf16 strings: a string is Latin-1 bytes, or UTF-16 code units
;; with bit 31 of the length set (UTF16_TAG).  Lowering stores Latin-1
;; when every code point is below 0x100, else UTF-16 with the tag; lifting
;; decodes either and needs a 2-aligned pointer for both
;; (CanonicalABI.md store_string_to_latin1_or_utf16, load_string_from_range).
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
    (data (i32.const 64) "caf\e9 \ff")               ;; Latin-1 "café ÿ" (6 bytes)
    (data (i32.const 80) "\ac\205\00\3e\d8\80\dd")   ;; UTF-16 "€5🦀" (4 units)
    (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
    (func (export "raw-len") (param i32 i32) (result i32) local.get 1)
    (func (export "latin1") (result i32) i32.const 64 i32.const 6 call $ret)
    (func (export "utf16") (result i32) i32.const 80 i32.const 0x80000004 call $ret)
    (func (export "odd") (result i32) i32.const 65 i32.const 3 call $ret)
    (func (export "bad-tagged") (result i32) i32.const 84 i32.const 0x80000001 call $ret)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
  (func (export "raw-len") (param "s" string) (result u32)
    (canon lift (core func $main "raw-len") (memory $mem) (realloc $realloc) string-encoding=latin1+utf16))
  (func (export "latin1") (result string)
    (canon lift (core func $main "latin1") (memory $mem) string-encoding=latin1+utf16))
  (func (export "utf16") (result string)
    (canon lift (core func $main "utf16") (memory $mem) string-encoding=latin1+utf16))
  (func (export "odd") (result string)
    (canon lift (core func $main "odd") (memory $mem) string-encoding=latin1+utf16))
  (func (export "bad-tagged") (result string)
    (canon lift (core func $main "bad-tagged") (memory $mem) string-encoding=latin1+utf16))
)
