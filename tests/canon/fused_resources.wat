;; Handles through fused adapters (tests/canon/fused_resources.golden): a
;; provider component defines a resource with a destructor and exports a
;; constructor (own result), a method (borrow parameter: the provider
;; owns the resource, so it receives the rep), a function taking an own
;; handle and a counter of destructor calls; a consumer imports them,
;; moves handles between the two handle tables and drops its handles with
;; canon resource.drop.
(component $root
  (component $provider
    (core module $impl
      (global $dropped (mut i32) (i32.const 0))
      (func (export "dtor") (param i32)
        global.get $dropped i32.const 1 i32.add global.set $dropped)
      (func (export "get") (param i32) (result i32) local.get 0)
      (func (export "dropped") (result i32) global.get $dropped))
    (core instance $impl (instantiate $impl))
    (type $counter (resource (rep i32) (dtor (core func $impl "dtor"))))
    (core func $new (canon resource.new $counter))
    (core func $rep (canon resource.rep $counter))
    (core func $drop (canon resource.drop $counter))
    (core module $ctor
      (import "r" "new" (func $new (param i32) (result i32)))
      (import "r" "rep" (func $rep (param i32) (result i32)))
      (import "r" "drop" (func $drop (param i32)))
      (func (export "make") (param i32) (result i32) local.get 0 call $new)
      ;; an own handle arrives in the provider's table: read its rep,
      ;; drop it (the destructor runs) and return rep * 10
      (func (export "consume") (param $h i32) (result i32) (local $r i32)
        local.get $h call $rep local.set $r
        local.get $h call $drop
        local.get $r i32.const 10 i32.mul))
    (core instance $ctor (instantiate $ctor
      (with "r" (instance (export "new" (func $new)) (export "rep" (func $rep))
                          (export "drop" (func $drop))))))
    (export $c "counter" (type $counter))
    (func $make (param "start" u32) (result (own $c))
      (canon lift (core func $ctor "make")))
    (func $get (param "self" (borrow $c)) (result u32)
      (canon lift (core func $impl "get")))
    (func $consume (param "c" (own $c)) (result u32)
      (canon lift (core func $ctor "consume")))
    (func $dropped (result u32) (canon lift (core func $impl "dropped")))
    (instance $api
      (export "counter" (type $c))
      (export "[constructor]counter" (func $make))
      (export "[method]counter.get" (func $get))
      (export "consume" (func $consume))
      (export "dropped" (func $dropped)))
    (export "test:demo/api" (instance $api)))
  (component $consumer
    (import "test:demo/api" (instance $api
      (export "counter" (type $c (sub resource)))
      (export "[constructor]counter" (func (param "start" u32) (result (own $c))))
      (export "[method]counter.get" (func (param "self" (borrow $c)) (result u32)))
      (export "consume" (func (param "c" (own $c)) (result u32)))
      (export "dropped" (func (result u32)))))
    (alias export $api "counter" (type $counter))
    (core func $make (canon lower (func $api "[constructor]counter")))
    (core func $get (canon lower (func $api "[method]counter.get")))
    (core func $consume (canon lower (func $api "consume")))
    (core func $dropped (canon lower (func $api "dropped")))
    (core func $drop (canon resource.drop $counter))
    (core module $main
      (import "api" "make" (func $make (param i32) (result i32)))
      (import "api" "get" (func $get (param i32) (result i32)))
      (import "api" "consume" (func $consume (param i32) (result i32)))
      (import "api" "dropped" (func $dropped (result i32)))
      (import "api" "drop" (func $drop (param i32)))
      ;; make, read through a borrow, drop: the value
      (func (export "get") (param $n i32) (result i32) (local $h i32) (local $v i32)
        local.get $n call $make local.tee $h call $get local.set $v
        local.get $h call $drop
        local.get $v)
      ;; the same, then how many destructors ran
      (func (export "get-dropped") (param $n i32) (result i32) (local $h i32)
        local.get $n call $make local.tee $h call $get drop
        local.get $h call $drop
        call $dropped)
      ;; two handles alive, one dropped: one destructor
      (func (export "two") (param $n i32) (result i32) (local $a i32) (local $b i32)
        local.get $n call $make local.set $a
        local.get $n call $make local.set $b
        local.get $a call $drop
        call $dropped i32.const 100 i32.mul
        local.get $b call $get i32.add)
      ;; an own handle moved to the provider
      (func (export "consume") (param $n i32) (result i32)
        local.get $n call $make call $consume)
      (func (export "consume-dropped") (param $n i32) (result i32)
        local.get $n call $make call $consume drop
        call $dropped)
      ;; traps: dropping twice, using a moved handle, borrowing a dropped one
      (func (export "double-drop") (param $n i32) (result i32) (local $h i32)
        local.get $n call $make local.tee $h call $drop
        local.get $h call $drop
        i32.const 0)
      (func (export "use-moved") (param $n i32) (result i32) (local $h i32)
        local.get $n call $make local.tee $h call $consume drop
        local.get $h call $get)
      (func (export "bad-handle") (result i32)
        i32.const 77 call $get))
    (core instance $main (instantiate $main (with "api" (instance
      (export "make" (func $make)) (export "get" (func $get))
      (export "consume" (func $consume)) (export "dropped" (func $dropped))
      (export "drop" (func $drop))))))
    (func (export "get") (param "n" u32) (result u32) (canon lift (core func $main "get")))
    (func (export "get-dropped") (param "n" u32) (result u32) (canon lift (core func $main "get-dropped")))
    (func (export "two") (param "n" u32) (result u32) (canon lift (core func $main "two")))
    (func (export "consume") (param "n" u32) (result u32) (canon lift (core func $main "consume")))
    (func (export "consume-dropped") (param "n" u32) (result u32) (canon lift (core func $main "consume-dropped")))
    (func (export "double-drop") (param "n" u32) (result u32) (canon lift (core func $main "double-drop")))
    (func (export "use-moved") (param "n" u32) (result u32) (canon lift (core func $main "use-moved")))
    (func (export "bad-handle") (result u32) (canon lift (core func $main "bad-handle"))))
  (instance $p (instantiate $provider))
  (instance $c (instantiate $consumer (with "test:demo/api" (instance $p "test:demo/api"))))
  (export "get" (func $c "get"))
  (export "get-dropped" (func $c "get-dropped"))
  (export "two" (func $c "two"))
  (export "consume" (func $c "consume"))
  (export "consume-dropped" (func $c "consume-dropped"))
  (export "double-drop" (func $c "double-drop"))
  (export "use-moved" (func $c "use-moved"))
  (export "bad-handle" (func $c "bad-handle"))
)
