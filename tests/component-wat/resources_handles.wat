;; Resources at the top level, driven from the command line with kiln's
;; handle notation (docs/components.md: `#N`, calls separated by `;` share
;; one instance): the provider of resources_composed.wat exported as the
;; interface test:wat/counters (a Rust wasm32-wasip2 library's shape), and a
;; second component exporting test:wat/user, whose functions receive the
;; provider's counter as borrow<counter> (a borrow handle in the user's
;; table, which it must drop before returning) or own<counter> (which it
;; drops, running the provider's destructor).  A borrow handle left behind
;; traps when the call returns (CanonicalABI.md canon lift: num_borrows);
;; a handle moved back into the component is dead for the host.
(component
  (component $provider
    (core module $state
      (memory (export "memory") 1)
      (global (export "drops") (mut i32) (i32.const 0))
      (func (export "dtor") (param $rep i32)
        ;; a dropped counter's slot is poisoned, and the drop counted
        (i32.store (i32.shl (local.get $rep) (i32.const 2)) (i32.const -1))
        (global.set 0 (i32.add (global.get 0) (i32.const 1))))
    )
    (core instance $state (instantiate $state))
    (type $counter (resource (rep i32) (dtor (core func $state "dtor"))))
    (core func $new (canon resource.new $counter))
    (core func $rep (canon resource.rep $counter))
    (core func $drop (canon resource.drop $counter))
    (core module $impl
      (import "state" "memory" (memory 1))
      (import "state" "drops" (global $drops (mut i32)))
      (import "res" "new" (func $new (param i32) (result i32)))
      (import "res" "rep" (func $rep (param i32) (result i32)))
      (import "res" "drop" (func $drop (param i32)))
      (global $next (mut i32) (i32.const 1))
      (func (export "ctor") (param $start i32) (result i32) (local $r i32)
        global.get $next local.tee $r i32.const 1 i32.add global.set $next
        local.get $r i32.const 2 i32.shl local.get $start i32.store
        local.get $r call $new)
      ;; methods get the rep itself: the provider implements the resource
      (func (export "inc") (param $rep i32)
        local.get $rep i32.const 2 i32.shl
        local.get $rep i32.const 2 i32.shl i32.load i32.const 1 i32.add i32.store)
      (func (export "get") (param $rep i32) (result i32)
        local.get $rep i32.const 2 i32.shl i32.load)
      ;; merge(a, b): own handles in the provider's table; b is dropped
      (func (export "merge") (param $a i32) (param $b i32) (result i32)
        (local $ra i32) (local $rb i32)
        local.get $a call $rep local.set $ra
        local.get $b call $rep local.set $rb
        local.get $ra i32.const 2 i32.shl
        local.get $ra i32.const 2 i32.shl i32.load
        local.get $rb i32.const 2 i32.shl i32.load i32.add i32.store
        local.get $b call $drop
        local.get $a)
      (func (export "drops") (result i32) global.get $drops)
    )
    (core instance $impl (instantiate $impl
      (with "state" (instance $state))
      (with "res" (instance (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
    (export $c "counter" (type $counter))
    (func (export "[constructor]counter") (param "start" u32) (result (own $c))
      (canon lift (core func $impl "ctor")))
    (func (export "[method]counter.inc") (param "self" (borrow $c))
      (canon lift (core func $impl "inc")))
    (func (export "[method]counter.get") (param "self" (borrow $c)) (result u32)
      (canon lift (core func $impl "get")))
    (func (export "[static]counter.merge") (param "a" (own $c)) (param "b" (own $c)) (result (own $c))
      (canon lift (core func $impl "merge")))
    (func (export "drops") (result u32) (canon lift (core func $impl "drops")))
  )
  (instance $p (instantiate $provider))
  ;; aliases from the exported instance: their types are then externally
  ;; visible names (Explainer.md "External Visibility of Types")
  (export $pe "test:wat/counters" (instance $p))
  (alias export $pe "counter" (type $counter))
  (alias export $pe "[method]counter.get" (func $get))
  (component $user
    (import "counter" (type $counter (sub resource)))
    (import "get" (func $get (param "self" (borrow $counter)) (result u32)))
    (core func $get' (canon lower (func $get)))
    (core func $drop' (canon resource.drop $counter))
    (core module $main
      (import "p" "get" (func $get (param i32) (result i32)))
      (import "p" "drop" (func $drop (param i32)))
      ;; borrow: read through the borrow handle, then drop it
      (func (export "peek") (param $h i32) (result i32) (local $v i32)
        local.get $h call $get local.set $v
        local.get $h call $drop
        local.get $v)
      ;; borrow handle not dropped: the call traps as it returns
      (func (export "peek-leak") (param $h i32) (result i32)
        local.get $h call $get)
      ;; own: read it, drop it (the provider's destructor runs)
      (func (export "take") (param $h i32) (result i32) (local $v i32)
        local.get $h call $get local.set $v
        local.get $h call $drop
        local.get $v)
    )
    (core instance $main (instantiate $main
      (with "p" (instance (export "get" (func $get')) (export "drop" (func $drop'))))))
    ;; the interface names the type it uses (WIT `use counters.{counter}`)
    (export $c "counter" (type $counter))
    (func (export "peek") (param "c" (borrow $c)) (result u32) (canon lift (core func $main "peek")))
    (func (export "peek-leak") (param "c" (borrow $c)) (result u32) (canon lift (core func $main "peek-leak")))
    (func (export "take") (param "c" (own $c)) (result u32) (canon lift (core func $main "take")))
  )
  (instance $u (instantiate $user (with "counter" (type $counter)) (with "get" (func $get))))
  (export "test:wat/user" (instance $u))
)
