;; A function imported alone under a plain name: nothing the runtime
;; provides (bound to a trap only with --unknown-imports=trap).
(component
  (import "print" (func $print (param "s" string)))
  (core module $mem (memory (export "memory") 1))
  (core instance $mem (instantiate $mem))
  (core func $print-lowered (canon lower (func $print)
    (memory (core memory $mem "memory"))))
  (core module $m (import "" "print" (func (param i32 i32))))
  (core instance (instantiate $m
    (with "" (instance (export "print" (func $print-lowered))))))
)
