;; --unknown-imports=trap (tests/canon/run_trap_import.py): example:kv is
;; not implemented by the runtime, so its functions bind to traps that
;; name the import when called; the wasi:random function next to it still
;; binds to the host.
(component
  (import "example:kv/store@0.2.0" (instance $kv
    (export "bucket" (type $f (sub resource)))
    (export "[constructor]bucket" (func (result (own $f))))))
  (import "wasi:random/random@0.2.0" (instance $random
    (export "get-random-u64" (func (result u64)))))
  (core func $new-bucket (canon lower (func $kv "[constructor]bucket")))
  (core func $u64 (canon lower (func $random "get-random-u64")))
  (core module $main
    (import "i" "new-bucket" (func $new-bucket (result i32)))
    (import "i" "u64" (func $u64 (result i64)))
    (func (export "random-ok") (result i32) call $u64 drop i32.const 1)
    (func (export "make-fields") (result i32) call $new-bucket))
  (core instance $main (instantiate $main (with "i" (instance
    (export "new-bucket" (func $new-bucket)) (export "u64" (func $u64))))))
  (func (export "random-ok") (result bool) (canon lift (core func $main "random-ok")))
  (func (export "make-fields") (result u32) (canon lift (core func $main "make-fields")))
)
