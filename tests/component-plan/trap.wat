;; --unknown-imports=trap: example:kv (which the runtime does not provide)
;; is imported next to wasi:cli; its lowered functions bind to traps, its
;; resources are kept apart from the host's, and the wasi:cli function
;; still binds to the runtime.
(component $trap
  (import "example:kv/store@0.2.0" (instance $kv
    (export "bucket" (type $f (sub resource)))
    (export "[constructor]bucket" (func (result (own $f))))
    (export "[method]bucket.get"
      (func (param "self" (borrow $f)) (param "name" string) (result (list (list u8)))))))
  (alias export $kv "bucket" (type $bucket))
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (core module $mem
    (memory (export "memory") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64))
  (core instance $mem (instantiate $mem))
  (core func $new-bucket (canon lower (func $kv "[constructor]bucket")))
  (core func $get (canon lower (func $kv "[method]bucket.get")
    (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))))
  (core func $drop (canon resource.drop $bucket))
  (core func $args (canon lower (func $env "get-arguments")
    (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))))
  (core module $main
    (import "kv" "new-bucket" (func (result i32)))
    (import "kv" "get" (func (param i32 i32 i32 i32)))
    (import "kv" "drop" (func (param i32)))
    (import "cli" "args" (func (param i32)))
    (func (export "run") (result i32) i32.const 0))
  (core instance $main (instantiate $main
    (with "kv" (instance (export "new-bucket" (func $new-bucket))
                           (export "get" (func $get))
                           (export "drop" (func $drop))))
    (with "cli" (instance (export "args" (func $args))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $r))
)
