;; A core module and a component handed to a nested component as
;; instantiation arguments, which is instantiated twice: one plan module
;; however often and wherever it is instantiated, one component instance
;; and one set of core instances per instantiation.
(component $root
  (core module $counter
    (global $n (mut i32) (i32.const 0))
    (func (export "next") (result i32)
      global.get $n i32.const 1 i32.add global.set $n global.get $n))
  (component $leaf
    (core module $m (func (export "f") (result i32) i32.const 7))
    (core instance $i (instantiate $m))
    (func (export "f") (result u32) (canon lift (core func $i "f"))))
  (component $user
    (import "counter" (core module $cm (export "next" (func (result i32)))))
    (import "leaf" (component $lc (export "f" (func (result u32)))))
    (core instance $c (instantiate $cm))
    (instance $l (instantiate $lc))
    (func (export "next") (result u32) (canon lift (core func $c "next")))
    (export "leaf" (instance $l)))
  (instance $u1 (instantiate $user
    (with "counter" (core module $counter)) (with "leaf" (component $leaf))))
  (instance $u2 (instantiate $user
    (with "counter" (core module $counter)) (with "leaf" (component $leaf))))
  (export "one" (instance $u1))
  (export "two" (instance $u2))
)
