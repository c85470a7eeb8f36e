;; Core types: function types and a module type with imports, exports and
;; an outer alias; a core module imported with that type, instantiated
;; with an instance of inline exports (func, table, memory, global).
(component
  (core type $ft (func (param i32) (result i32)))
  (core type $mt (module
    (type $f (func (param i32) (result i32)))
    (alias outer 1 $ft (type $g))
    (import "env" "f" (func (type $f)))
    (import "env" "mem" (memory 1))
    (import "env" "tbl" (table 1 funcref))
    (import "env" "g" (global (mut i32)))
    (export "run" (func (type $g)))
    (export "memory" (memory 1))
  ))
  (import "plugin" (core module $plugin (type $mt)))
  (core module $env
    (memory (export "mem") 1)
    (table (export "tbl") 2 funcref)
    (global (export "g") (mut i32) (i32.const 0))
    (func (export "f") (param i32) (result i32) local.get 0))
  (core instance $env (instantiate $env))
  (alias core export $env "f" (core func $f))
  (alias core export $env "mem" (core memory $mem))
  (alias core export $env "tbl" (core table $tbl))
  (alias core export $env "g" (core global $g))
  (core instance $args
    (export "f" (func $f))
    (export "mem" (memory $mem))
    (export "tbl" (table $tbl))
    (export "g" (global $g)))
  (core instance $p (instantiate $plugin (with "env" (instance $args))))
  (func (export "run") (param "x" s32) (result s32) (canon lift (core func $p "run")))
  (export "plugin" (core module $plugin))
)
