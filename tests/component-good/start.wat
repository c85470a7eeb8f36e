;; Values (imported, produced by start, exported) and a start function
;; whose argument and result arities match its type; an imported core
;; module with a start function of its own.
(component
  (import "seed" (value $seed u32))
  (core type $mt (module (export "tick" (func (param i32) (result i32)))))
  (import "ticker" (core module $ticker (type $mt)))
  (core instance $t (instantiate $ticker))
  (core module $m
    (global $g (mut i32) (i32.const 0))
    (func $init (global.set $g (i32.const 1)))
    (start $init)
    (func (export "mix") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (func $mix (param "x" u32) (result u32) (canon lift (core func $i "mix")))
  (start $mix (value $seed) (result (value $mixed)))
  (export "mixed" (value $mixed))
  (func (export "tick") (param "x" s32) (result s32) (canon lift (core func $t "tick")))
)
