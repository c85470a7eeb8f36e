;; example:kv is not implemented by the runtime: refused with the full name
;; of the first function imported from it.
(component
  (import "example:kv/store@0.2.0" (instance $kv
    (export "bucket" (type $f (sub resource)))
    (export "[method]bucket.get"
      (func (param "self" (borrow $f)) (param "name" string) (result (list (list u8)))))))
  (core module $m (func (export "run") (result i32) i32.const 0))
  (core instance $m (instantiate $m))
  (func $run (result (result)) (canon lift (core func $m "run")))
  (instance $r (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $r))
)
