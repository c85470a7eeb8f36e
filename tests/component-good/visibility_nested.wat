;; A resource exported by one nested instance (through the exported
;; instance "p") and reached by a function of another nested instance
;; through its instantiation argument: the export of `f` may use it
;; (Binary.md: named by a preceding export).
(component
  (component $p
    (type $r (resource (rep i32)))
    (export "r" (type $r)))
  (component $g
    (import "r" (type $r (sub resource)))
    (core module $m (func (export "f") (param i32) (result i32) local.get 0))
    (core instance $i (instantiate $m))
    (type $ft (func (param "x" (borrow $r)) (result u32)))
    (func $f (type $ft) (canon lift (core func $i "f")))
    (export "f" (func $f)))
  (instance $pi (instantiate $p))
  (alias export $pi "r" (type $rt))
  (instance $gi (instantiate $g (with "r" (type $rt))))
  (export "p" (instance $pi))
  (export "f" (func $gi "f"))
)
