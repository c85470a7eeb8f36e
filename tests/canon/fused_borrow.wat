;; Borrow handles between components that do not own the resource
;; (CanonicalABI.md lift_borrow / lower_borrow, "Subtask.add_lender",
;; Task.return_'s num_borrows check): a consumer lends its own handle of
;; the provider's resource to a keeper component, which receives a borrow
;; handle in its own table; the keeper must drop it before returning, may
;; pass it on to the provider (which owns the resource and so receives the
;; rep), and the consumer cannot drop its handle while it is lent.
(component $root
  (component $provider
    (core module $impl
      (func (export "dtor") (param i32))
      (func (export "get") (param i32) (result i32) local.get 0))
    (core instance $impl (instantiate $impl))
    (type $counter (resource (rep i32) (dtor (core func $impl "dtor"))))
    (core func $new (canon resource.new $counter))
    (core module $ctor
      (import "r" "new" (func $new (param i32) (result i32)))
      (func (export "make") (param i32) (result i32) local.get 0 call $new))
    (core instance $ctor (instantiate $ctor (with "r" (instance (export "new" (func $new))))))
    (export $c "counter" (type $counter))
    (func $make (param "start" u32) (result (own $c)) (canon lift (core func $ctor "make")))
    (func $get (param "self" (borrow $c)) (result u32) (canon lift (core func $impl "get")))
    (instance $api
      (export "counter" (type $c))
      (export "[constructor]counter" (func $make))
      (export "[method]counter.get" (func $get)))
    (export "test:demo/api" (instance $api)))
  (component $keeper
    (import "test:demo/api" (instance $api
      (export "counter" (type $c (sub resource)))
      (export "[method]counter.get" (func (param "self" (borrow $c)) (result u32)))))
    (alias export $api "counter" (type $counter))
    (core func $get (canon lower (func $api "[method]counter.get")))
    (core func $drop (canon resource.drop $counter))
    (core module $m
      (import "i" "get" (func $get (param i32) (result i32)))
      (import "i" "drop" (func $drop (param i32)))
      ;; the borrow handle's value in the keeper's table, dropped or not
      (func (export "peek") (param $h i32) (param $d i32) (result i32)
        local.get $d if local.get $h call $drop end
        local.get $h)
      ;; pass the borrow on to the owner, then drop it
      (func (export "through") (param $h i32) (result i32) (local $v i32)
        local.get $h call $get local.set $v
        local.get $h call $drop
        local.get $v))
    (core instance $m (instantiate $m (with "i" (instance
      (export "get" (func $get)) (export "drop" (func $drop))))))
    (func (export "peek") (param "c" (borrow $counter)) (param "drop" bool) (result u32)
      (canon lift (core func $m "peek")))
    (func (export "through") (param "c" (borrow $counter)) (result u32)
      (canon lift (core func $m "through"))))
  (component $consumer
    (import "test:demo/api" (instance $api
      (export "counter" (type $c (sub resource)))
      (export "[constructor]counter" (func (param "start" u32) (result (own $c))))))
    (alias export $api "counter" (type $counter))
    (import "peek" (func $peek (param "c" (borrow $counter)) (param "drop" bool) (result u32)))
    (import "through" (func $through (param "c" (borrow $counter)) (result u32)))
    (core func $make (canon lower (func $api "[constructor]counter")))
    (core func $drop (canon resource.drop $counter))
    (core func $peek (canon lower (func $peek)))
    (core func $through (canon lower (func $through)))
    (core module $main
      (import "i" "make" (func $make (param i32) (result i32)))
      (import "i" "drop" (func $drop (param i32)))
      (import "i" "peek" (func $peek (param i32 i32) (result i32)))
      (import "i" "through" (func $through (param i32) (result i32)))
      (func (export "peek") (param $n i32) (param $d i32) (result i32) (local $h i32) (local $v i32)
        local.get $n call $make local.tee $h local.get $d call $peek local.set $v
        local.get $h call $drop
        local.get $v)
      (func (export "through") (param $n i32) (result i32) (local $h i32) (local $v i32)
        local.get $n call $make local.tee $h call $through local.set $v
        local.get $h call $drop
        local.get $v))
    (core instance $main (instantiate $main (with "i" (instance
      (export "make" (func $make)) (export "drop" (func $drop))
      (export "peek" (func $peek)) (export "through" (func $through))))))
    (func (export "peek") (param "n" u32) (param "drop" bool) (result u32)
      (canon lift (core func $main "peek")))
    (func (export "through") (param "n" u32) (result u32)
      (canon lift (core func $main "through"))))
  (instance $p (instantiate $provider))
  (instance $k (instantiate $keeper (with "test:demo/api" (instance $p "test:demo/api"))))
  (instance $c (instantiate $consumer
    (with "test:demo/api" (instance $p "test:demo/api"))
    (with "peek" (func $k "peek")) (with "through" (func $k "through"))))
  (export "peek" (func $c "peek"))
  (export "through" (func $c "through"))
)
