;; may_leave through fused adapters (CanonicalABI.md "canon lower":
;; trap_if(not may_leave); LiftLowerContext.reallocate and canon lift's
;; post-return clear it): a provider whose realloc or post-return calls an
;; import traps with "cannot leave", while the same import called from
;; the provider's own function works.
(component $root
  (component $pinger
    (core module $m (func (export "ping") (result i32) i32.const 1))
    (core instance $m (instantiate $m))
    (func (export "ping") (result u32) (canon lift (core func $m "ping"))))
  (component $provider
    (import "ping" (func $ping (result u32)))
    (core func $l-ping (canon lower (func $ping)))
    (core module $m
      (import "i" "ping" (func $ping (result i32)))
      (memory (export "memory") 1)
      (global $bump (mut i32) (i32.const 4096))
      (global $ping-in-realloc (mut i32) (i32.const 0))
      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
        global.get $ping-in-realloc if call $ping drop end
        global.get $bump local.get 2 i32.add i32.const 1 i32.sub
        i32.const 0 local.get 2 i32.sub i32.and local.tee $p
        local.get 3 i32.add global.set $bump local.get $p)
      (func (export "pinged") (result i32) call $ping i32.const 41 i32.add)
      (func (export "len") (param i32 i32) (result i32) local.get 1)
      (func (export "arm") i32.const 1 global.set $ping-in-realloc)
      (func (export "post") (param i32) call $ping drop))
    (core instance $m (instantiate $m (with "i" (instance (export "ping" (func $l-ping))))))
    (alias core export $m "memory" (core memory $mem))
    (alias core export $m "cabi_realloc" (core func $realloc))
    (func (export "pinged") (result u32) (canon lift (core func $m "pinged")))
    (func (export "len") (param "s" string) (result u32)
      (canon lift (core func $m "len") (memory $mem) (realloc $realloc)))
    (func (export "arm") (canon lift (core func $m "arm")))
    (func (export "len-post") (param "s" string) (result u32)
      (canon lift (core func $m "len") (memory $mem) (realloc $realloc)
        (post-return (core func $m "post")))))
  (component $consumer
    (import "pinged" (func $pinged (result u32)))
    (import "len" (func $len (param "s" string) (result u32)))
    (import "arm" (func $arm))
    (import "len-post" (func $len-post (param "s" string) (result u32)))
    (core module $mem
      (memory (export "memory") 1)
      (data (i32.const 16) "hello"))
    (core instance $mem (instantiate $mem))
    (alias core export $mem "memory" (core memory $memory))
    (core func $l-pinged (canon lower (func $pinged)))
    (core func $l-len (canon lower (func $len) (memory $memory)))
    (core func $l-arm (canon lower (func $arm)))
    (core func $l-len-post (canon lower (func $len-post) (memory $memory)))
    (core module $main
      (import "i" "pinged" (func $pinged (result i32)))
      (import "i" "len" (func $len (param i32 i32) (result i32)))
      (import "i" "arm" (func $arm))
      (import "i" "len-post" (func $len-post (param i32 i32) (result i32)))
      (func (export "pinged") (result i32) call $pinged)
      (func (export "len") (result i32) i32.const 16 i32.const 5 call $len)
      ;; arm the provider's realloc to call an import, then pass a string
      (func (export "realloc-leaves") (result i32)
        call $arm i32.const 16 i32.const 5 call $len)
      (func (export "post-leaves") (result i32) i32.const 16 i32.const 5 call $len-post))
    (core instance $main (instantiate $main (with "i" (instance
      (export "pinged" (func $l-pinged)) (export "len" (func $l-len))
      (export "arm" (func $l-arm)) (export "len-post" (func $l-len-post))))))
    (func (export "pinged") (result u32) (canon lift (core func $main "pinged")))
    (func (export "len") (result u32) (canon lift (core func $main "len")))
    (func (export "realloc-leaves") (result u32) (canon lift (core func $main "realloc-leaves")))
    (func (export "post-leaves") (result u32) (canon lift (core func $main "post-leaves"))))
  (instance $pi (instantiate $pinger))
  (instance $p (instantiate $provider (with "ping" (func $pi "ping"))))
  (instance $c (instantiate $consumer
    (with "pinged" (func $p "pinged")) (with "len" (func $p "len"))
    (with "arm" (func $p "arm")) (with "len-post" (func $p "len-post"))))
  (export "pinged" (func $c "pinged"))
  (export "len" (func $c "len"))
  (export "realloc-leaves" (func $c "realloc-leaves"))
  (export "post-leaves" (func $c "post-leaves"))
)
