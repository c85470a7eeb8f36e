;; wit-component's shape for an exported interface with a resource: the
;; component defines the resource and lifts its functions, then
;; instantiates a small shim component that imports them and re-exports
;; them under the interface's names; the root exports that instance.
(component
  (core module $m
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 64)
    (func (export "ctor") (param i32 i32) (result i32) i32.const 1)
    (func (export "len") (param i32) (result i32) i32.const 0)
    (func (export "dtor") (param i32)))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "realloc" (core func $realloc))
  (alias core export $i "dtor" (core func $dtor))
  (type $doc (resource (rep i32) (dtor $dtor)))
  (type $own (own $doc))
  (type $borrow (borrow $doc))
  (func $ctor (param "text" string) (result $own)
    (canon lift (core func $i "ctor") (memory $mem) (realloc $realloc)))
  (func $len (param "self" $borrow) (result u32)
    (canon lift (core func $i "len")))
  (component $shim
    (import "import-type-doc" (type $d (sub resource)))
    (import "import-constructor-doc" (func $c (param "text" string) (result (own $d))))
    (import "import-method-doc-len" (func $l (param "self" (borrow $d)) (result u32)))
    (export $e "doc" (type $d))
    (export "[constructor]doc" (func $c) (func (param "text" string) (result (own $e))))
    (export "[method]doc.len" (func $l) (func (param "self" (borrow $e)) (result u32))))
  (instance $api (instantiate $shim
    (with "import-type-doc" (type $doc))
    (with "import-constructor-doc" (func $ctor))
    (with "import-method-doc-len" (func $len))))
  (export "test:docs/api@1.0.0" (instance $api))
)
