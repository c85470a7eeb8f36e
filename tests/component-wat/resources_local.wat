;; A resource defined and used inside one component: canon resource.new
;; puts a rep in the instance's handle table, resource.rep reads it back,
;; resource.drop of an own handle removes it and calls the destructor with
;; the rep.  Handle indices follow the spec's table: index 0 is never
;; used, a freed index is reused first (CanonicalABI.md Table.add/remove).
;; Dropping an unknown or already dropped handle, and rep of a dropped
;; handle, trap.
(component
  (core module $state
    (memory (export "memory") 1)
    (global (export "last-dtor") (mut i32) (i32.const -1))
    (global (export "dtor-count") (mut i32) (i32.const 0))
    (func (export "dtor") (param $rep i32)
      (global.set 0 (local.get $rep))
      (global.set 1 (i32.add (global.get 1) (i32.const 1))))
  )
  (core instance $state (instantiate $state))
  (type $thing (resource (rep i32) (dtor (core func $state "dtor"))))
  (core func $new (canon resource.new $thing))
  (core func $rep (canon resource.rep $thing))
  (core func $drop (canon resource.drop $thing))
  (core module $main
    (import "state" "memory" (memory 1))
    (import "state" "last-dtor" (global $last (mut i32)))
    (import "state" "dtor-count" (global $count (mut i32)))
    (import "res" "new" (func $new (param i32) (result i32)))
    (import "res" "rep" (func $rep (param i32) (result i32)))
    (import "res" "drop" (func $drop (param i32)))
    (global $bump (mut i32) (i32.const 4096))
    (func $realloc (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      global.get $bump local.set $p
      global.get $bump local.get 3 i32.add i32.const 7 i32.add i32.const -8 i32.and global.set $bump
      local.get $p)
    (func $ret (param i32 i32) (result i32)
      i32.const 16 local.get 0 i32.store
      i32.const 20 local.get 1 i32.store
      i32.const 16)
    (func (export "rep-of-new") (param $x i32) (result i32)
      local.get $x call $new call $rep)
    (func (export "drop-runs-dtor") (param $x i32) (result i32)
      local.get $x call $new call $drop
      global.get $last)
    ;; handles: new a b c, drop b, new d (reuses b's index), then [a, b, c, d]
    (func (export "handles") (result i32) (local $b i32)
      i32.const 256 i32.const 100 call $new i32.store
      i32.const 256 i32.const 200 call $new local.tee $b i32.store offset=4
      i32.const 256 i32.const 300 call $new i32.store offset=8
      local.get $b call $drop
      i32.const 256 i32.const 400 call $new i32.store offset=12
      i32.const 256 i32.const 4 call $ret)
    ;; reps after a reuse: [rep(a), rep(d)] and the destructor count
    (func (export "reps") (result i32) (local $a i32) (local $b i32) (local $d i32)
      i32.const 11 call $new local.set $a
      i32.const 22 call $new local.set $b
      local.get $b call $drop
      i32.const 33 call $new local.set $d
      i32.const 320 local.get $a call $rep i32.store
      i32.const 320 local.get $d call $rep i32.store offset=4
      i32.const 320 global.get $count i32.store offset=8
      i32.const 320 i32.const 3 call $ret)
    (func (export "drop-unknown") i32.const 7 call $drop)
    (func (export "drop-zero") i32.const 0 call $drop)
    (func (export "double-drop") (local $h i32)
      i32.const 5 call $new local.tee $h call $drop
      local.get $h call $drop)
    (func (export "rep-after-drop") (result i32) (local $h i32)
      i32.const 5 call $new local.tee $h call $drop
      local.get $h call $rep)
  )
  (core instance $main (instantiate $main
    (with "state" (instance $state))
    (with "res" (instance (export "new" (func $new)) (export "rep" (func $rep)) (export "drop" (func $drop))))))
  (alias core export $state "memory" (core memory $mem))
  (func (export "rep-of-new") (param "x" u32) (result u32) (canon lift (core func $main "rep-of-new")))
  (func (export "drop-runs-dtor") (param "x" u32) (result s32) (canon lift (core func $main "drop-runs-dtor")))
  (func (export "handles") (result (list u32)) (canon lift (core func $main "handles") (memory $mem)))
  (func (export "reps") (result (list u32)) (canon lift (core func $main "reps") (memory $mem)))
  (func (export "drop-unknown") (canon lift (core func $main "drop-unknown")))
  (func (export "drop-zero") (canon lift (core func $main "drop-zero")))
  (func (export "double-drop") (canon lift (core func $main "double-drop")))
  (func (export "rep-after-drop") (result u32) (canon lift (core func $main "rep-after-drop")))
)
