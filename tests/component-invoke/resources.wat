;; Handles through `kiln run --invoke`: a resource defined by the
;; component (its rep is the counter's value), a constructor, methods
;; taking borrow<counter>, a static function taking two own handles, and
;; several calls in one --invoke sharing the host's handles;
;; `[resource-drop]` of a host handle running a destructor.
(component
  (core module $dtor
    (func (export "dtor") (param i32))
    ;; bomb's destructor traps: shows that [resource-drop] runs it
    (func (export "boom") (param i32) unreachable))
  (core instance $dtor (instantiate $dtor))
  (type $counter (resource (rep i32) (dtor (core func $dtor "dtor"))))
  (core func $new (canon resource.new $counter))
  (core func $rep (canon resource.rep $counter))
  (core func $drop (canon resource.drop $counter))
  (type $bomb (resource (rep i32) (dtor (core func $dtor "boom"))))
  (core func $new-bomb (canon resource.new $bomb))
  (core module $m
    (import "r" "new" (func $new (param i32) (result i32)))
    (import "r" "rep" (func $rep (param i32) (result i32)))
    (import "r" "drop" (func $drop (param i32)))
    (func (export "ctor") (param i32) (result i32) (call $new (local.get 0)))
    (func (export "get") (param i32) (result i32) (local.get 0))
    (func (export "plus") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)))
    ;; merge(a, b): new(rep(a) + rep(b)), both dropped
    (func (export "merge") (param i32 i32) (result i32)
      (local $sum i32)
      (local.set $sum (i32.add (call $rep (local.get 0)) (call $rep (local.get 1))))
      (call $drop (local.get 0))
      (call $drop (local.get 1))
      (call $new (local.get $sum)))
  )
  (core instance $m (instantiate $m (with "r" (instance
    (export "new" (func $new)) (export "rep" (func $rep))
    (export "drop" (func $drop))))))
  (core module $b
    (import "r" "new" (func $new (param i32) (result i32)))
    (func (export "ctor") (result i32) (call $new (i32.const 9))))
  (core instance $b (instantiate $b (with "r" (instance
    (export "new" (func $new-bomb))))))
  (export $c "counter" (type $counter))
  (func (export "[constructor]counter") (param "start" u32) (result (own $c))
    (canon lift (core func $m "ctor")))
  (func (export "[method]counter.get") (param "self" (borrow $c)) (result u32)
    (canon lift (core func $m "get")))
  (func (export "[method]counter.plus") (param "self" (borrow $c)) (param "n" u32) (result u32)
    (canon lift (core func $m "plus")))
  (export $bb "bomb" (type $bomb))
  (func (export "[constructor]bomb") (result (own $bb))
    (canon lift (core func $b "ctor")))
  (func (export "[static]counter.merge") (param "a" (own $c)) (param "b" (own $c)) (result (own $c))
    (canon lift (core func $m "merge")))
)
