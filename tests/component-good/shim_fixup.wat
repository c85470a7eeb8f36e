;; The shape wit-component emits when a lowered import needs the memory
;; of the module that imports it: a shim module exporting trampolines
;; through a funcref table, the main module instantiated against the
;; shim, then a fixup module filling the table with the lowered function.
(component
  (import "print" (func $print (param "s" string)))
  (core module $shim
    (type $t (func (param i32 i32)))
    (table (export "$imports") 1 1 funcref)
    (func (export "0") (type $t) local.get 0 local.get 1 i32.const 0 call_indirect (type $t))
  )
  (core instance $shim (instantiate $shim))
  (core module $main
    (import "env" "print" (func $print (param i32 i32)))
    (memory (export "memory") 1)
    (func (export "run") i32.const 0 i32.const 5 call $print)
  )
  (core instance $main (instantiate $main
    (with "env" (instance (export "print" (func $shim "0"))))))
  (core func $print-lowered (canon lower (func $print) (memory (core memory $main "memory"))))
  (core module $fixup
    (type $t (func (param i32 i32)))
    (import "" "0" (func (type $t)))
    (import "" "$imports" (table 1 1 funcref))
    (elem (i32.const 0) func 0)
  )
  (core instance (instantiate $fixup (with "" (instance
    (export "0" (func $print-lowered))
    (export "$imports" (table $shim "$imports"))))))
  (func (export "run") (canon lift (core func $main "run")))
)
