;; char as parameter and result: lowered as its code point in an i32,
;; lifted with convert_i32_to_char, which traps for surrogates
;; (0xD800..0xDFFF) and for values >= 0x110000 (CanonicalABI.md).  Also a
;; list<char> (4-byte elements) and a char inside a record in memory.
(component
  (core module $main
    (memory (export "memory") 1)
    (data (i32.const 64) "\61\00\00\00\e9\00\00\00\00\f6\01\00")
    (func (export "id") (param i32) (result i32) local.get 0)
    (func (export "next") (param i32) (result i32) local.get 0 i32.const 1 i32.add)
    ;; list<char> result: three chars at 64
    (func (export "three") (result i32)
      i32.const 16 i32.const 64 i32.store
      i32.const 20 i32.const 3 i32.store
      i32.const 16)
    ;; the same list with its second element replaced by a surrogate
    (func (export "bad-list") (result i32)
      i32.const 68 i32.const 0xdc00 i32.store
      i32.const 16 i32.const 64 i32.store
      i32.const 20 i32.const 3 i32.store
      i32.const 16)
    (func (export "count") (param i32 i32) (result i32) local.get 1)
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      i32.const 1024)
  )
  (core instance $main (instantiate $main))
  (func (export "id") (param "c" char) (result char) (canon lift (core func $main "id")))
  (func (export "next") (param "c" char) (result char) (canon lift (core func $main "next")))
  (func (export "code") (param "c" char) (result u32) (canon lift (core func $main "id")))
  (func (export "from-code") (param "x" u32) (result char) (canon lift (core func $main "id")))
  (func (export "three") (result (list char))
    (canon lift (core func $main "three") (memory (core memory $main "memory"))))
  (func (export "bad-list") (result (list char))
    (canon lift (core func $main "bad-list") (memory (core memory $main "memory"))))
  (func (export "count") (param "cs" (list char)) (result u32)
    (canon lift (core func $main "count") (memory (core memory $main "memory"))
      (realloc (core func $main "cabi_realloc"))))
)
