;; UTF-16 strings (string-encoding=utf16): the guest sees 2-byte aligned
;; UTF-16LE code units and lengths in code units, in both directions;
;; lifting traps on a lone surrogate, on a misaligned pointer and on a
;; range outside memory (CanonicalABI.md load_string_from_range,
;; decode_utf16).  Shape: what a UTF-16 language's toolchain emits.
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
    (data (i32.const 64) "h\00\e9\00\3d\d8\00\de")    ;; h é 😀 (4 units)
    (data (i32.const 80) "a\00\00\d8b\00")            ;; a, lone high surrogate, b
    (data (i32.const 96) "\00\dcz\00")                ;; lone low surrogate, z
    (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
    (func (export "units") (param i32 i32) (result i32) local.get 1)
    (func (export "first-unit") (param i32 i32) (result i32) local.get 0 i32.load16_u)
    (func (export "greet") (result i32) i32.const 64 i32.const 4 call $ret)
    (func (export "lone-high") (result i32) i32.const 80 i32.const 3 call $ret)
    (func (export "lone-low") (result i32) i32.const 96 i32.const 2 call $ret)
    (func (export "misaligned") (result i32) i32.const 65 i32.const 1 call $ret)
    (func (export "out-of-bounds") (result i32) i32.const 65530 i32.const 4 call $ret)
    (func (export "cabi_post_echo") (param i32))
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)
      string-encoding=utf16 (post-return (core func $main "cabi_post_echo"))))
  (func (export "units") (param "s" string) (result u32)
    (canon lift (core func $main "units") (memory $mem) (realloc $realloc) string-encoding=utf16))
  (func (export "first-unit") (param "s" string) (result u16)
    (canon lift (core func $main "first-unit") (memory $mem) (realloc $realloc) string-encoding=utf16))
  (func (export "greet") (result string)
    (canon lift (core func $main "greet") (memory $mem) string-encoding=utf16))
  (func (export "lone-high") (result string)
    (canon lift (core func $main "lone-high") (memory $mem) string-encoding=utf16))
  (func (export "lone-low") (result string)
    (canon lift (core func $main "lone-low") (memory $mem) string-encoding=utf16))
  (func (export "misaligned") (result string)
    (canon lift (core func $main "misaligned") (memory $mem) string-encoding=utf16))
  (func (export "out-of-bounds") (result string)
    (canon lift (core func $main "out-of-bounds") (memory $mem) string-encoding=utf16))
)
