;; `kiln wit` shapes: interfaces of two packages and versions, a `use`
;; with a rename, a plain-named instance import (an inline interface), a
;; world-level resource with a method and a type alias, an exported
;; interface (with its type ascribed) using an imported interface's types,
;; and functions exported directly.
(component
  (import "test:geo/types@1.0.0" (instance $types
    (type $p0 (record (field "x" s32) (field "y" s32)))
    (export "point" (type $p (eq $p0)))
    (type $m0 u32)
    (export "meters" (type $m (eq $m0)))
    (export "shape" (type $sh (sub resource)))
    (export "[constructor]shape" (func (param "at" $p) (result (own $sh))))
    (export "[method]shape.area" (func (param "self" (borrow $sh)) (result $m)))
    (export "[static]shape.unit" (func (result (own $sh))))
    (export "origin" (func (result $p)))
  ))
  (alias export $types "point" (type $point))
  (alias export $types "shape" (type $shape))
  (import "test:geo/draw@1.0.0" (instance $draw
    (alias outer 1 $point (type $pt))
    (export "pos" (type $pos (eq $pt)))
    (alias outer 1 $shape (type $s))
    (export "shape" (type $sh (eq $s)))
    (type $c0 (enum "red" "green" "blue"))
    (export "color" (type $c (eq $c0)))
    (type $st0 (flags "bold" "dashed"))
    (export "style" (type $st (eq $st0)))
    (export "draw" (func (param "s" (borrow $sh)) (param "at" $pos) (param "c" $c) (param "st" $st)))
  ))
  (import "logger" (instance
    (type $l0 (variant (case "info") (case "error" string)))
    (export "level" (type $l (eq $l0)))
    (export "log" (func (param "l" $l)))
  ))
  (import "blob" (type $blob (sub resource)))
  (import "[method]blob.size" (func (param "self" (borrow $blob)) (result u64)))
  (type $bytes0 (list u8))
  (import "bytes" (type $bytes (eq $bytes0)))
  (import "read" (func (param "b" (borrow $blob)) (result $bytes)))
  (import "test:geo/types@2.0.0" (instance
    (type $p0 (record (field "x" float64) (field "y" float64)))
    (export "point" (type (eq $p0)))))
  (core module $m
    (func (export "f") (param i32 i32) (result i32) i32.const 0)
    (func (export "g") (result i32) i32.const 0))
  (core instance $m (instantiate $m))
  (func $area (param "p" $point) (result u32)
    (canon lift (core func $m "f")))
  (instance $calc (export "point" (type $point)) (export "area" (func $area)))
  (export "test:geo/calc@1.0.0" (instance $calc)
    (instance
      (alias outer 1 $point (type $pt))
      (export "point" (type $p (eq $pt)))
      (export "area" (func (param "p" $p) (result u32)))))
  (func $ok (result bool) (canon lift (core func $m "g")))
  (export "is-ok" (func $ok))
  (export "result" (func $ok))
)
