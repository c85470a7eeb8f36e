;; Nested components: component definitions inside the root, instantiated
;; (one of them twice, with different arguments), wired to each other,
;; an outer alias reaching a type of the enclosing component, a
;; re-exported function and an instance exported as an interface (the
;; shape of a Rust wasm32-wasip2 reactor exporting `test:wat/math`).
(component
  (type $pair (tuple u32 u32))
  ;; a constant source: get() -> N, N given as a core module start value
  (component $seven
    (core module $m (func (export "get") (result i32) i32.const 7))
    (core instance $m (instantiate $m))
    (func (export "get") (result u32) (canon lift (core func $m "get")))
  )
  ;; add(x) = x + offset(); both(p) = p.0 + p.1 + offset()
  (component $adder
    (import "offset" (func $offset (result u32)))
    (alias outer 1 $pair (type $pair))
    (core func $offset' (canon lower (func $offset)))
    (core module $m
      (import "host" "offset" (func $offset (result i32)))
      (func (export "add") (param i32) (result i32) local.get 0 call $offset i32.add)
      (func (export "both") (param i32 i32) (result i32)
        local.get 0 local.get 1 i32.add call $offset i32.add))
    (core instance $m (instantiate $m (with "host" (instance (export "offset" (func $offset'))))))
    (func (export "add") (param "x" u32) (result u32) (canon lift (core func $m "add")))
    (func (export "both") (param "p" $pair) (result u32) (canon lift (core func $m "both")))
  )
  (instance $seven (instantiate $seven))
  (instance $a1 (instantiate $adder (with "offset" (func $seven "get"))))
  ;; the second adder's offset is the first adder applied to... its own
  ;; offset source: a third nested component turning add into a thunk
  (component $thunk
    (import "add" (func $add (param "x" u32) (result u32)))
    (core func $add' (canon lower (func $add)))
    (core module $m
      (import "host" "add" (func $add (param i32) (result i32)))
      (func (export "get") (result i32) i32.const 100 call $add))
    (core instance $m (instantiate $m (with "host" (instance (export "add" (func $add'))))))
    (func (export "get") (result u32) (canon lift (core func $m "get")))
  )
  (instance $t (instantiate $thunk (with "add" (func $a1 "add"))))
  (instance $a2 (instantiate $adder (with "offset" (func $t "get"))))
  (export "add7" (func $a1 "add"))
  (export "add107" (func $a2 "add"))
  (export "seven" (func $seven "get"))
  (export "test:wat/math" (instance $a2))
)
