;; Results as parameters and results: result<T, E> is variant { ok(T),
;; err(E) } (CanonicalABI.md despecialize), with either side possibly
;; absent; a result with no payloads flattens to one i32 and needs no
;; return area.  A discriminant of 2 traps on lifting.
(component
  (core module $main
    (memory (export "memory") 1)
    (global $bump (mut i32) (i32.const 4096))
    (func $realloc (export "cabi_realloc") (param $old i32) (param $oldsz i32)
      (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      global.get $bump local.get $align i32.add i32.const 1 i32.sub
      i32.const 0 local.get $align i32.sub i32.and local.tee $p
      local.get $size i32.add global.set $bump
      block
        global.get $bump memory.size i32.const 16 i32.shl i32.le_u br_if 0
        global.get $bump i32.const 16 i32.shr_u i32.const 1 i32.add memory.grow drop
      end
      local.get $old if local.get $p local.get $old local.get $oldsz memory.copy end
      local.get $p)
    (func $ret (param i32 i32) (result i32)
      i32.const 16 local.get 0 i32.store
      i32.const 20 local.get 1 i32.store
      i32.const 16)
    (data (i32.const 300) "division by zero")
    ;; result<u32, string>: disc@0, u32 or (ptr, len) @4
    (func (export "div") (param $a i32) (param $b i32) (result i32)
      local.get $b i32.eqz if
        i32.const 64 i32.const 1 i32.store8
        i32.const 64 i32.const 300 i32.store offset=4
        i32.const 64 i32.const 16 i32.store offset=8
      else
        i32.const 64 i32.const 0 i32.store8
        i32.const 64 local.get $a local.get $b i32.div_u i32.store offset=4
      end
      i32.const 64)
    ;; result (no payloads): 0 ok, 1 err
    (func (export "check") (param i32) (result i32) local.get 0 i32.eqz)
    ;; result<_, u8>: disc@0, u8@1
    (func (export "err-only") (param $x i32) (result i32)
      i32.const 96 local.get $x i32.const 0 i32.ne i32.store8
      i32.const 96 local.get $x i32.store8 offset=1
      i32.const 96)
    ;; result<string, list<u8>> echoed: disc@0 ptr@4 len@8
    (func (export "echo") (param $d i32) (param $p i32) (param $l i32) (result i32)
      i32.const 128 local.get $d i32.store8
      i32.const 128 local.get $p i32.store offset=4
      i32.const 128 local.get $l i32.store offset=8
      i32.const 128)
    (func (export "is-ok") (param i32 i32 i32) (result i32) local.get 0 i32.eqz)
    (func (export "bad") (result i32) i32.const 2)
  )
  (core instance $main (instantiate $main))
  (alias core export $main "memory" (core memory $mem))
  (alias core export $main "cabi_realloc" (core func $realloc))
  (func (export "div") (param "a" u32) (param "b" u32) (result (result u32 (error string)))
    (canon lift (core func $main "div") (memory $mem)))
  (func (export "check") (param "ok" bool) (result (result))
    (canon lift (core func $main "check")))
  (func (export "err-only") (param "x" u8) (result (result (error u8)))
    (canon lift (core func $main "err-only") (memory $mem)))
  (func (export "echo") (param "r" (result string (error (list u8)))) (result (result string (error (list u8))))
    (canon lift (core func $main "echo") (memory $mem) (realloc $realloc)))
  (func (export "is-ok") (param "r" (result string (error (list u8)))) (result bool)
    (canon lift (core func $main "is-ok") (memory $mem) (realloc $realloc)))
  (func (export "bad") (result (result)) (canon lift (core func $main "bad")))
)
