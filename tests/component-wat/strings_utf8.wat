;; UTF-8 strings as parameters and results (string-encoding=utf8, the
;; default): the caller copies an argument into guest memory with the
;; guest's cabi_realloc; a string result (two flat values, more than
;; MAX_FLAT_RESULTS) comes back through a return area, then post-return
;; runs.  Lifting validates UTF-8 and bounds (CanonicalABI.md
;; load_string_from_range, MAX_STRING_BYTE_LENGTH included).  Shape: a
;; Rust wasm32-wasip2 reactor.
(component
  (core module $main
    (memory (export "memory") 1)
    (global $bump (mut i32) (i32.const 4096))
    (global $posts (mut i32) (i32.const 0))
    (data (i32.const 64) "h\c3\a9llo, w\c3\b6rld \e2\9c\93")   ;; 18 bytes
    (data (i32.const 96) "ok\ff\fe")                        ;; invalid UTF-8
    (data (i32.const 112) "\ed\a0\80")                      ;; an encoded surrogate
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
    (func (export "echo") (param i32 i32) (result i32) local.get 0 local.get 1 call $ret)
    (func (export "len") (param i32 i32) (result i32) local.get 1)
    (func (export "concat") (param $a i32) (param $al i32) (param $b i32) (param $bl i32)
      (result i32) (local $p i32)
      i32.const 0 i32.const 0 i32.const 1 local.get $al local.get $bl i32.add call $realloc
      local.tee $p local.get $a local.get $al memory.copy
      local.get $p local.get $al i32.add local.get $b local.get $bl memory.copy
      local.get $p local.get $al local.get $bl i32.add call $ret)
    (func (export "greet") (result i32) i32.const 64 i32.const 18 call $ret)
    (func (export "empty") (result i32) i32.const 0 i32.const 0 call $ret)
    (func (export "bad-utf8") (result i32) i32.const 96 i32.const 4 call $ret)
    (func (export "surrogate") (result i32) i32.const 112 i32.const 3 call $ret)
    (func (export "out-of-bounds") (result i32) i32.const 65500 i32.const 100 call $ret)
    (func (export "wrapping") (result i32) i32.const 0xfffffff0 i32.const 0x20 call $ret)
    (func (export "too-long") (result i32) i32.const 0 i32.const 0x80000000 call $ret)
    (func (export "cabi_post_echo") (param i32)
      global.get $posts i32.const 1 i32.add global.set $posts)
    ;; the first byte of the argument, to see it arrived intact
    (func (export "first") (param i32 i32) (result i32)
      local.get 1 if (result i32) local.get 0 i32.load8_u else i32.const 0 end)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)
      (post-return (core func $main "cabi_post_echo"))))
  (func (export "len") (param "s" string) (result u32)
    (canon lift (core func $main "len") (memory $mem) (realloc $realloc)))
  (func (export "first-byte") (param "s" string) (result u8)
    (canon lift (core func $main "first") (memory $mem) (realloc $realloc)))
  (func (export "concat") (param "a" string) (param "b" string) (result string)
    (canon lift (core func $main "concat") (memory $mem) (realloc $realloc)))
  (func (export "greet") (result string) (canon lift (core func $main "greet") (memory $mem)))
  (func (export "empty") (result string) (canon lift (core func $main "empty") (memory $mem)))
  (func (export "bad-utf8") (result string) (canon lift (core func $main "bad-utf8") (memory $mem)))
  (func (export "surrogate") (result string) (canon lift (core func $main "surrogate") (memory $mem)))
  (func (export "out-of-bounds") (result string) (canon lift (core func $main "out-of-bounds") (memory $mem)))
  (func (export "wrapping") (result string) (canon lift (core func $main "wrapping") (memory $mem)))
  (func (export "too-long") (result string) (canon lift (core func $main "too-long") (memory $mem)))
)
