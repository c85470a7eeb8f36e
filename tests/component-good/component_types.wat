;; Component types with imports and exports (including resources and
;; their functions), a component imported with such a type and
;; instantiated, and an instance type exporting a nested instance.
(component
  (type $greeter (component
    (import "name" (func (result string)))
    (export "greet" (func (param "times" u8) (result string)))
    (export "handle" (type $h (sub resource)))
    (export "[constructor]handle" (func (result (own $h))))
    (export "[method]handle.poke" (func (param "self" (borrow $h))))
  ))
  (type $ns (instance
    (export "inner" (instance
      (export "x" (func (result u64)))))
    (type $t (tuple u8 u8))
    (export "pair" (type (eq $t)))
  ))
  (import "greeter" (component $g (type $greeter)))
  (import "ns" (instance $ns (type $ns)))
  (alias export $ns "inner" (instance $inner))
  (alias export $inner "x" (func $x))
  (import "name" (func $name (result string)))
  (instance $gi (instantiate $g (with "name" (func $name))))
  (export "greeter" (instance $gi))
  (export "x" (func $x))
)
