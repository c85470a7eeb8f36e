;; An exported instance with an inferred type (inline exports, no type
;; ascription): its resource and record are the defining nodes themselves,
;; named by the instance's export names.
(component
  (core module $m
    (func (export "f") (param i32) (result i32) local.get 0))
  (core instance $m (instantiate $m))
  (type $r (resource (rep i32)))
  (type $rec (record (field "a" u32)))
  (func $get (param "self" (borrow $r)) (result u32) (canon lift (core func $m "f")))
  (func $mk (param "x" $rec) (result u32) (canon lift (core func $m "f")))
  (instance $i (export "r" (type $r)) (export "rec" (type $rec)) (export "[method]r.get" (func $get)) (export "mk" (func $mk)))
  (export "t:p/i" (instance $i))
)
