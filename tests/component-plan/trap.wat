;; --unknown-imports=trap: wasi:http (which the runtime does not provide)
;; is imported next to wasi:cli; its lowered functions bind to traps, its
;; resources are kept apart from the host's, and the wasi:cli function
;; still binds to the runtime.
(component $trap
  (import "wasi:http/types@0.2.0" (instance $http
    (export "fields" (type $f (sub resource)))
    (export "[constructor]fields" (func (result (own $f))))
    (export "[method]fields.get"
      (func (param "self" (borrow $f)) (param "name" string) (result (list (list u8)))))))
  (alias export $http "fields" (type $fields))
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (core module $mem
    (memory (export "memory") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64))
  (core instance $mem (instantiate $mem))
  (core func $new-fields (canon lower (func $http "[constructor]fields")))
  (core func $get (canon lower (func $http "[method]fields.get")
    (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))))
  (core func $drop (canon resource.drop $fields))
  (core func $args (canon lower (func $env "get-arguments")
    (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))))
  (core module $main
    (import "http" "new-fields" (func (result i32)))
    (import "http" "get" (func (param i32 i32 i32 i32)))
    (import "http" "drop" (func (param i32)))
    (import "cli" "args" (func (param i32)))
    (func (export "run") (result i32) i32.const 0))
  (core instance $main (instantiate $main
    (with "http" (instance (export "new-fields" (func $new-fields))
                           (export "get" (func $get))
                           (export "drop" (func $drop))))
    (with "cli" (instance (export "args" (func $args))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $r))
)
