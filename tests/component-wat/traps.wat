;; Traps of the Canonical ABI around realloc, return areas and may_leave
;; (CanonicalABI.md): a realloc result that is misaligned or outside memory
;; (lowering a list argument, spilled parameters), a misaligned or
;; out-of-bounds return-area pointer, and a component leaving through an
;; import while it may not (from its post-return function or its realloc:
;; may_leave is false there).  The `base` component provides the import.
(component
  (component $base
    (core module $m (func (export "ping") (result i32) i32.const 1))
    (core instance $m (instantiate $m))
    (func (export "ping") (result u32) (canon lift (core func $m "ping")))
  )
  (instance $base (instantiate $base))
  (component $main
    (import "ping" (func $ping (result u32)))
    (core func $ping' (canon lower (func $ping)))
    (core module $m
      (import "host" "ping" (func $ping (result i32)))
      (memory (export "memory") 1)
      (global $mode (mut i32) (i32.const 0))
      (data (i32.const 200) "hi")
      ;; realloc: mode 0 bump, 1 misaligned, 2 out of bounds, 3 calls ping
      (global $bump (mut i32) (i32.const 4096))
      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
        global.get $mode i32.const 1 i32.eq if i32.const 4097 return end
        global.get $mode i32.const 2 i32.eq if i32.const 65532 return end
        global.get $mode i32.const 3 i32.eq if call $ping drop end
        global.get $bump local.set $p
        global.get $bump local.get 3 i32.add i32.const 7 i32.add i32.const -8 i32.and global.set $bump
        local.get $p)
      (func (export "set-mode") (param i32) local.get 0 global.set $mode)
      (func (export "sum") (param $p i32) (param $n i32) (result i32) local.get $n)
      (func (export "sum-mode1") (param $p i32) (param $n i32) (result i32) local.get $n)
      (func (export "pair-at") (param $p i32) (result i32)
        local.get $p)
      (func (export "hi") (result i32)
        i32.const 16 i32.const 200 i32.store
        i32.const 20 i32.const 2 i32.store
        i32.const 16)
      (func (export "post-ping") (param i32) call $ping drop)
      ;; 17 params: one pointer
      (func (export "spill") (param i32) (result i32) local.get 0 i32.load)
    )
    (core instance $m (instantiate $m (with "host" (instance (export "ping" (func $ping'))))))
    (alias core export $m "memory" (core memory $mem))
    (alias core export $m "cabi_realloc" (core func $realloc))
    (func (export "set-mode") (param "m" u32) (canon lift (core func $m "set-mode")))
    (func (export "count") (param "xs" (list u32)) (result u32)
      (canon lift (core func $m "sum") (memory $mem) (realloc $realloc)))
    (func (export "pair-at") (param "p" u32) (result (tuple u32 u32))
      (canon lift (core func $m "pair-at") (memory $mem)))
    (func (export "hi-post-ping") (result string)
      (canon lift (core func $m "hi") (memory $mem) (post-return (core func $m "post-ping"))))
    (func (export "spill")
      (param "a" u32) (param "b" u32) (param "c" u32) (param "d" u32) (param "e" u32) (param "f" u32)
      (param "g" u32) (param "h" u32) (param "i" u32) (param "j" u32) (param "k" u32) (param "l" u32)
      (param "m" u32) (param "n" u32) (param "o" u32) (param "p" u32) (param "q" u32) (result u32)
      (canon lift (core func $m "spill") (memory $mem) (realloc $realloc)))
  )
  (instance $main (instantiate $main (with "ping" (func $base "ping"))))
  (export "set-mode" (func $main "set-mode"))
  (export "count" (func $main "count"))
  (export "pair-at" (func $main "pair-at"))
  (export "hi-post-ping" (func $main "hi-post-ping"))
  (export "spill" (func $main "spill"))
)
