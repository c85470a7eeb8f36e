;; Plain-named instance imports that say which interface they implement
;; (`[implements=<wasi:cli/environment@0.2.0>]env`, written by the test
;; driver's --implements since the text format has no syntax for it) bind
;; to the runtime by that interface; without the attribute, `env` and
;; `env2` would be unknown imports.
(component
  (import "env" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (import "env2" (instance $env2
    (export "get-arguments" (func (result (list string))))))
  (core module $mem
    (memory (export "memory") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64))
  (core instance $mem (instantiate $mem))
  (core func $args (canon lower (func $env "get-arguments")
    (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))))
  (core func $args2 (canon lower (func $env2 "get-arguments")
    (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))))
  (core module $main
    (import "" "args" (func (param i32)))
    (import "" "args2" (func (param i32))))
  (core instance (instantiate $main (with "" (instance
    (export "args" (func $args)) (export "args2" (func $args2))))))
)
