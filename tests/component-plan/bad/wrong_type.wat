;; wasi:cli/environment's get-arguments returns list<string>, not
;; list<u8>: a function the runtime implements with another type.
(component
  (import "wasi:cli/environment@0.2.3" (instance $env
    (export "get-arguments" (func (result (list u8))))))
  (core module $m (func (export "run") (result i32) i32.const 0))
  (core instance $m (instantiate $m))
  (func $run (result (result)) (canon lift (core func $m "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.2.3" (instance $r))
)
