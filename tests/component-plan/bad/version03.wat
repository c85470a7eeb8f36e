;; WASI 0.3 is not implemented: only 0.2.x versions bind to the runtime.
(component
  (import "wasi:cli/environment@0.3.0" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (core module $m (func (export "run") (result i32) i32.const 0))
  (core instance $m (instantiate $m))
  (func $run (result (result)) (canon lift (core func $m "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.3.0" (instance $r))
)
