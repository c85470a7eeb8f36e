;; Nested components instantiated with arguments, outer aliases of types,
;; core modules and components, and re-exports of a nested instance (a
;; type used by an export is exported under a name first).
(component $outer
  (type $point (record (field "x" s32) (field "y" s32)))
  (core module $shared
    (func (export "id") (param i32) (result i32) local.get 0))
  (component $inner
    (import "scale" (func $scale (param "k" u32) (result u32)))
    (alias outer $outer $point (type $p))
    (export $pe "point" (type $p))
    (alias outer $outer $shared (core module $sm))
    (core instance $si (instantiate $sm))
    (core func $scale-lowered (canon lower (func $scale)))
    (core module $user
      (import "env" "scale" (func (param i32) (result i32)))
      (func (export "twice") (param i32 i32) (result i32) local.get 0))
    (core instance $u (instantiate $user
      (with "env" (instance (export "scale" (func $scale-lowered))))))
    (func $twice (param "p" $pe) (result u32) (canon lift (core func $u "twice")))
    (export "twice" (func $twice))
    (func (export "id") (param "v" u32) (result u32) (canon lift (core func $si "id")))
  )
  (component $wrapper
    (import "scale" (func $f (param "k" u32) (result u32)))
    (alias outer $outer $inner (component $c))
    (instance $i (instantiate $c (with "scale" (func $f))))
    (export "inner" (instance $i))
  )
  (core module $host
    (func (export "scale") (param i32) (result i32) local.get 0))
  (core instance $h (instantiate $host))
  (func $scale (param "k" u32) (result u32) (canon lift (core func $h "scale")))
  (instance $w (instantiate $wrapper (with "scale" (func $scale))))
  (alias export $w "inner" (instance $inner-inst))
  (alias export $inner-inst "twice" (func $twice))
  (alias export $inner-inst "id" (func $id))
  (export "id" (func $id))
  (export "wrapped" (instance $w))
)
