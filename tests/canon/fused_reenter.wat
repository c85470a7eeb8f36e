;; Re-entrance through fused adapters (CanonicalABI.md "Component
;; Instances", may_enter_from): the root P donut-wraps a child C.  C calls
;; back into P through an import lifted by P, which is allowed (P is C's
;; ancestor: nothing new is entered); P calling into C again while C is
;; still on the stack traps.  M1's function reaches C's export through a
;; table that M2 fills, since C is instantiated after P lifts M1's function.
(component $p
  (core module $m1
    (table (export "t") 1 funcref)
    (type $r (func (result i32)))
    ;; depth 0: just a value; else call C's g again through the table
    (func (export "back") (param $deep i32) (result i32)
      local.get $deep if (result i32) i32.const 0 call_indirect (type $r)
      else i32.const 7 end))
  (core instance $m1 (instantiate $m1))
  (func $back (param "deep" bool) (result u32) (canon lift (core func $m1 "back")))
  (component $c
    (import "back" (func $back (param "deep" bool) (result u32)))
    (core func $l (canon lower (func $back)))
    (core module $cm
      (import "i" "back" (func $back (param i32) (result i32)))
      (func (export "g") (param i32) (result i32) local.get 0 call $back))
    (core instance $cm (instantiate $cm (with "i" (instance (export "back" (func $l))))))
    (func (export "g") (param "deep" bool) (result u32) (canon lift (core func $cm "g"))))
  (instance $c (instantiate $c (with "back" (func $back))))
  (core func $g (canon lower (func $c "g")))
  (core module $m2
    (import "m1" "t" (table 1 funcref))
    (import "c" "g" (func $g (param i32) (result i32)))
    (func $g0 (result i32) i32.const 0 call $g)
    (elem (i32.const 0) func $g0)
    (func (export "h") (param i32) (result i32) local.get 0 call $g))
  (core instance $m2 (instantiate $m2
    (with "m1" (instance (export "t" (table $m1 "t"))))
    (with "c" (instance (export "g" (func $g))))))
  (func (export "h") (param "deep" bool) (result u32) (canon lift (core func $m2 "h")))
  (export "g" (func $c "g"))
)
