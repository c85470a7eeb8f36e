;; Two components wired together, as `wac plug` composes them: a provider
;; exporting an interface with a resource (own and borrow handles) and a
;; string function (memory, realloc, post-return), and a consumer
;; importing that interface and exporting wasi:cli/run.  Every lowered
;; function of the consumer is bound to the provider's lifted core
;; function (a fused adapter); the consumer's and the root's views of the
;; resource are the provider's one resource.
(component $root
  (component $provider
    (core module $impl
      (memory (export "memory") 1)
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 256)
      (func (export "dtor") (param i32))
      (func (export "greet") (param i32 i32) (result i32) i32.const 64)
      (func (export "post-greet") (param i32))
      (func (export "get") (param i32) (result i32) local.get 0))
    (core instance $impl (instantiate $impl))
    (type $counter (resource (rep i32) (dtor (core func $impl "dtor"))))
    (core func $new (canon resource.new $counter))
    (core module $ctor
      (import "r" "new" (func $new (param i32) (result i32)))
      (func (export "make") (param i32) (result i32) local.get 0 call $new))
    (core instance $ctor (instantiate $ctor
      (with "r" (instance (export "new" (func $new))))))
    (export $c "counter" (type $counter))
    (func $make (param "start" u32) (result (own $c))
      (canon lift (core func $ctor "make")))
    (func $get (param "self" (borrow $c)) (result u32)
      (canon lift (core func $impl "get")))
    (func $greet (param "name" string) (result string)
      (canon lift (core func $impl "greet")
        (memory (core memory $impl "memory"))
        (realloc (core func $impl "realloc"))
        (post-return (core func $impl "post-greet"))))
    (instance $api
      (export "counter" (type $c))
      (export "[constructor]counter" (func $make))
      (export "[method]counter.get" (func $get))
      (export "greet" (func $greet)))
    (export "test:demo/api" (instance $api)))
  (component $consumer
    (import "test:demo/api" (instance $api
      (export "counter" (type $c (sub resource)))
      (export "[constructor]counter" (func (param "start" u32) (result (own $c))))
      (export "[method]counter.get" (func (param "self" (borrow $c)) (result u32)))
      (export "greet" (func (param "name" string) (result string)))))
    (alias export $api "counter" (type $counter))
    (core module $mem
      (memory (export "memory") 1)
      (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 512))
    (core instance $mem (instantiate $mem))
    (core func $make (canon lower (func $api "[constructor]counter")))
    (core func $get (canon lower (func $api "[method]counter.get")))
    (core func $greet (canon lower (func $api "greet")
      (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))))
    (core func $drop (canon resource.drop $counter))
    (core module $main
      (import "api" "make" (func (param i32) (result i32)))
      (import "api" "get" (func (param i32) (result i32)))
      (import "api" "greet" (func (param i32 i32 i32)))
      (import "api" "drop" (func (param i32)))
      (func (export "run") (result i32) i32.const 0))
    (core instance $main (instantiate $main (with "api" (instance
      (export "make" (func $make)) (export "get" (func $get))
      (export "greet" (func $greet)) (export "drop" (func $drop))))))
    (func $run (result (result)) (canon lift (core func $main "run")))
    (instance $run-i (export "run" (func $run)))
    (export "wasi:cli/run@0.2.3" (instance $run-i)))
  (instance $p (instantiate $provider))
  (alias export $p "test:demo/api" (instance $api))
  (instance $c (instantiate $consumer (with "test:demo/api" (instance $api))))
  (alias export $api "counter" (type $counter))
  (core func $drop-root (canon resource.drop $counter))
  (core module $rootm (import "" "drop" (func (param i32))))
  (core instance (instantiate $rootm
    (with "" (instance (export "drop" (func $drop-root))))))
  (alias export $c "wasi:cli/run@0.2.3" (instance $run))
  (export "wasi:cli/run@0.2.3" (instance $run))
  (export "test:demo/api" (instance $api))
)
