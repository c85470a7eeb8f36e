;; Resources: a guest resource with a destructor (resource.new, .rep and
;; .drop, exported with [constructor]/[method]/[static] functions), a
;; host resource dropped through two different aliases (wasi:io/streams'
;; output-stream named again by wasi:cli/stderr), and a nested component
;; defining a resource, instantiated twice: two distinct resources.
(component $resources
  (import "wasi:io/error@0.2.0" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $error-r))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer $resources $error-r (type $e))
    (export "error" (type $err (eq $e)))
    (export "output-stream" (type $os (sub resource)))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stderr@0.2.0" (instance $stderr
    (alias outer $resources $output-stream (type $o))
    (export "output-stream" (type $os (eq $o)))
    (export "get-stderr" (func (result (own $os))))))
  (alias export $stderr "output-stream" (type $stderr-stream))
  (core module $impl
    (func (export "dtor") (param i32)))
  (core instance $impl (instantiate $impl))
  (type $counter (resource (rep i32) (dtor (core func $impl "dtor"))))
  (core func $new (canon resource.new $counter))
  (core func $rep (canon resource.rep $counter))
  (core func $drop (canon resource.drop $counter))
  (core func $drop-stream (canon resource.drop $output-stream))
  (core func $drop-stderr (canon resource.drop $stderr-stream))
  (core func $get-stderr (canon lower (func $stderr "get-stderr")))
  (core module $m
    (import "r" "new" (func $new (param i32) (result i32)))
    (import "r" "rep" (func (param i32) (result i32)))
    (import "r" "drop" (func (param i32)))
    (import "r" "drop-stream" (func (param i32)))
    (import "r" "drop-stderr" (func (param i32)))
    (import "r" "get-stderr" (func (result i32)))
    (func (export "ctor") (param i32) (result i32) local.get 0 call $new)
    (func (export "get") (param i32) (result i32) local.get 0)
    (func (export "merge") (param i32 i32) (result i32) local.get 0))
  (core instance $m (instantiate $m (with "r" (instance
    (export "new" (func $new)) (export "rep" (func $rep))
    (export "drop" (func $drop)) (export "drop-stream" (func $drop-stream))
    (export "drop-stderr" (func $drop-stderr))
    (export "get-stderr" (func $get-stderr))))))
  (export $c "counter" (type $counter))
  (func (export "[constructor]counter") (param "start" u32) (result (own $c))
    (canon lift (core func $m "ctor")))
  (func (export "[method]counter.get") (param "self" (borrow $c)) (result u32)
    (canon lift (core func $m "get")))
  (func (export "[static]counter.merge") (param "a" (own $c)) (param "b" (own $c))
    (result (own $c))
    (canon lift (core func $m "merge")))
  (component $cell
    (core module $cm
      (func (export "dtor") (param i32))
      (func (export "id") (param i32) (result i32) local.get 0))
    (core instance $ci (instantiate $cm))
    (type $cell (resource (rep i32) (dtor (core func $ci "dtor"))))
    (export $ce "cell" (type $cell))
    (func (export "[method]cell.id") (param "self" (borrow $ce)) (result u32)
      (canon lift (core func $ci "id"))))
  (instance $a (instantiate $cell))
  (instance $b (instantiate $cell))
  (alias export $b "cell" (type $b-cell))
  (core func $drop-b (canon resource.drop $b-cell))
  (core module $dropper (import "" "drop" (func (param i32))))
  (core instance (instantiate $dropper
    (with "" (instance (export "drop" (func $drop-b))))))
  (export "a" (instance $a))
  (export "b" (instance $b))
)
