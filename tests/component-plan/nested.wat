;; Nested components: a WASI import handed down two levels (the innermost
;; component lowers the host function itself), outer aliases of a core
;; module, a component and a type, a component function lifted by one
;; nested instance and lowered by another, and re-exports of a nested
;; instance's instance ("wrapped#inner#twice").
(component $outer
  (import "wasi:random/random@0.2.3" (instance $random
    (export "get-random-u64" (func (result u64)))))
  (type $point (record (field "x" s32) (field "y" s32)))
  (core module $shared
    (func (export "id") (param i32) (result i32) local.get 0))
  (component $inner
    (import "wasi:random/random@0.2.3" (instance $random
      (export "get-random-u64" (func (result u64)))))
    (import "scale" (func $scale (param "k" u32) (result u32)))
    (alias outer $outer $point (type $p))
    (export $pe "point" (type $p))
    (alias outer $outer $shared (core module $sm))
    (core instance $si (instantiate $sm))
    (core func $scale-lowered (canon lower (func $scale)))
    (core func $random-lowered (canon lower (func $random "get-random-u64")))
    (core module $user
      (import "env" "scale" (func (param i32) (result i32)))
      (import "env" "random" (func (result i64)))
      (import "shared" "id" (func (param i32) (result i32)))
      (func (export "twice") (param i32 i32) (result i32) local.get 0))
    (core instance $u (instantiate $user
      (with "env" (instance (export "scale" (func $scale-lowered))
                            (export "random" (func $random-lowered))))
      (with "shared" (instance $si))))
    (func $twice (param "p" $pe) (result u32) (canon lift (core func $u "twice")))
    (export "twice" (func $twice))
    (func (export "id") (param "v" u32) (result u32) (canon lift (core func $si "id"))))
  (component $wrapper
    (import "wasi:random/random@0.2.3" (instance $random
      (export "get-random-u64" (func (result u64)))))
    (import "scale" (func $f (param "k" u32) (result u32)))
    (alias outer $outer $inner (component $c))
    (instance $i (instantiate $c
      (with "wasi:random/random@0.2.3" (instance $random))
      (with "scale" (func $f))))
    (export "inner" (instance $i)))
  (core module $host
    (func (export "scale") (param i32) (result i32) local.get 0))
  (core instance $h (instantiate $host))
  (func $scale (param "k" u32) (result u32) (canon lift (core func $h "scale")))
  (instance $w (instantiate $wrapper
    (with "wasi:random/random@0.2.3" (instance $random))
    (with "scale" (func $scale))))
  (alias export $w "inner" (instance $inner-inst))
  (alias export $inner-inst "id" (func $id))
  (export "id" (func $id))
  (export "wrapped" (instance $w))
)
