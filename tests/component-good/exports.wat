;; Exports of every sort with and without an ascribed type: functions,
;; types (a record and a resource re-exported with (sub resource)),
;; instances, components and core modules; exported indices used again.
(component
  (core module $m (func (export "f") (param i32) (result i32) local.get 0))
  (core instance $i (instantiate $m))
  (type $ft (func (param "a" u32) (result u32)))
  (func $f (type $ft) (canon lift (core func $i "f")))
  (export $f2 "f" (func $f) (func (type $ft)))
  (export "f-again" (func $f2))
  (type $rec (record (field "name" string) (field "age" u8)))
  (export $r "person" (type $rec))
  (export "person-alias" (type $r) (type (eq $r)))
  (type $res (resource (rep i32)))
  (export "res" (type $res) (type (sub resource)))
  (instance $inst (export "f" (func $f)) (export "person" (type $rec)))
  (export "inst" (instance $inst) (instance (export "f" (func (type $ft)))))
  (component $empty)
  (export "empty" (component $empty))
  (export "module" (core module $m))
)
