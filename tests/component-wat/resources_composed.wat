;; Resources across two components: a provider component defines
;; `counter` (rep = a slot in its memory, destructor counting drops) with a
;; constructor, methods taking borrow<counter>, and a static function
;; taking two own<counter>; a consumer component imports them through the
;; provider's instance and exercises own and borrow handles: own handles
;; move into the provider (which drops one, running the destructor), the
;; consumer's resource.drop of an imported-resource handle runs the
;; provider's destructor, and a moved handle is dead in the consumer's
;; table afterwards (CanonicalABI.md lift_own / lift_borrow / lower_own,
;; canon resource.drop).  Shape: two Rust wasm32-wasip2 components
;; composed, the provider's export wired to the consumer's import.
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
  (alias export $p "counter" (type $counter))
  (alias export $p "[constructor]counter" (func $ctor))
  (alias export $p "[method]counter.inc" (func $inc))
  (alias export $p "[method]counter.get" (func $get))
  (alias export $p "[static]counter.merge" (func $merge))
  (alias export $p "drops" (func $drops))

  (component $consumer
    (import "counter" (type $counter (sub resource)))
    (import "ctor" (func $ctor (param "start" u32) (result (own $counter))))
    (import "inc" (func $inc (param "self" (borrow $counter))))
    (import "get" (func $get (param "self" (borrow $counter)) (result u32)))
    (import "merge" (func $merge (param "a" (own $counter)) (param "b" (own $counter)) (result (own $counter))))
    (import "drops" (func $drops (result u32)))
    (core module $mem (memory (export "memory") 1))
    (core instance $mem (instantiate $mem))
    (core func $ctor' (canon lower (func $ctor)))
    (core func $inc' (canon lower (func $inc)))
    (core func $get' (canon lower (func $get)))
    (core func $merge' (canon lower (func $merge)))
    (core func $drops' (canon lower (func $drops)))
    (core func $drop' (canon resource.drop $counter))
    (core module $main
      (import "env" "memory" (memory 1))
      (import "p" "ctor" (func $ctor (param i32) (result i32)))
      (import "p" "inc" (func $inc (param i32)))
      (import "p" "get" (func $get (param i32) (result i32)))
      (import "p" "merge" (func $merge (param i32 i32) (result i32)))
      (import "p" "drops" (func $drops (result i32)))
      (import "p" "drop" (func $drop (param i32)))
      ;; [get(a) after two incs, get(merge(a, b)), drops after the merge,
      ;;  drops after dropping the merged counter, handle of a, of b]
      (func (export "scenario") (result i32) (local $a i32) (local $b i32) (local $m i32)
        i32.const 5 call $ctor local.set $a
        local.get $a call $inc local.get $a call $inc
        i32.const 10 call $ctor local.set $b
        i32.const 64 local.get $a call $get i32.store
        local.get $a local.get $b call $merge local.set $m
        i32.const 64 local.get $m call $get i32.store offset=4
        i32.const 64 call $drops i32.store offset=8
        local.get $m call $drop
        i32.const 64 call $drops i32.store offset=12
        i32.const 64 local.get $a i32.store offset=16
        i32.const 64 local.get $b i32.store offset=20
        i32.const 16 i32.const 64 i32.store
        i32.const 20 i32.const 6 i32.store
        i32.const 16)
      ;; a moved handle is gone from the consumer's table
      (func (export "use-after-move") (result i32) (local $a i32)
        i32.const 1 call $ctor local.set $a
        local.get $a i32.const 2 call $ctor call $merge drop
        local.get $a call $get)
      (func (export "drop-twice") (local $a i32)
        i32.const 1 call $ctor local.tee $a call $drop
        local.get $a call $drop)
      (func (export "borrow-unknown") (result i32) i32.const 9 call $get)
    )
    (core instance $main (instantiate $main
      (with "env" (instance $mem))
      (with "p" (instance (export "ctor" (func $ctor')) (export "inc" (func $inc'))
        (export "get" (func $get')) (export "merge" (func $merge'))
        (export "drops" (func $drops')) (export "drop" (func $drop'))))))
    (func (export "scenario") (result (list u32))
      (canon lift (core func $main "scenario") (memory (core memory $mem "memory"))))
    (func (export "use-after-move") (result u32) (canon lift (core func $main "use-after-move")))
    (func (export "drop-twice") (canon lift (core func $main "drop-twice")))
    (func (export "borrow-unknown") (result u32) (canon lift (core func $main "borrow-unknown")))
  )
  (instance $c (instantiate $consumer
    (with "counter" (type $counter)) (with "ctor" (func $ctor)) (with "inc" (func $inc))
    (with "get" (func $get)) (with "merge" (func $merge)) (with "drops" (func $drops))))
  (export "scenario" (func $c "scenario"))
  (export "use-after-move" (func $c "use-after-move"))
  (export "drop-twice" (func $c "drop-twice"))
  (export "borrow-unknown" (func $c "borrow-unknown"))
)
