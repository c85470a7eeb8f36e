;; Traps raised on every target: the exit status (134) and the output
;; before the trap must match the host.  Which trap runs is chosen by the
;; first argument (argv[1][0]): o = out-of-bounds store at the last page's
;; end, d = integer divide by zero, v = integer overflow in trunc,
;; u = unreachable, i = call_indirect to a null entry, s = call stack
;; exhausted.  Without an argument nothing traps.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get"
    (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (memory 1 3)
  (table 2 funcref)
  (type $v (func))
  (data (i32.const 64) "before\n")
  (func $say (param i32 i32)
    (i32.store (i32.const 16) (local.get 0))
    (i32.store (i32.const 20) (local.get 1))
    (drop (call $fd_write (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24))))
  (func $deep (param i32) (result i32)
    (i32.add (i32.const 1) (call $deep (i32.add (local.get 0) (i32.const 1)))))
  (func (export "_start")
    (local $c i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.lt_u (i32.load (i32.const 0)) (i32.const 2)) (then (return)))
    (drop (call $args_get (i32.const 256) (i32.const 1024)))
    (local.set $c (i32.load8_u (i32.load (i32.const 260))))
    (drop (memory.grow (i32.const 1)))
    (call $say (i32.const 64) (i32.const 7))
    ;; the last byte of memory is fine, the byte after it traps
    (i32.store8 (i32.const 131071) (i32.const 1))
    (if (i32.eq (local.get $c) (i32.const 111)) ;; o
      (then (i32.store16 (i32.const 131071) (i32.const 1))))
    (if (i32.eq (local.get $c) (i32.const 100)) ;; d
      (then (drop (i32.div_s (i32.const 1) (i32.load (i32.const 8))))))
    (if (i32.eq (local.get $c) (i32.const 118)) ;; v
      (then (drop (i32.trunc_f64_s (f64.const 3e9)))))
    (if (i32.eq (local.get $c) (i32.const 117)) ;; u
      (then unreachable))
    (if (i32.eq (local.get $c) (i32.const 105)) ;; i
      (then (call_indirect (type $v) (i32.load (i32.const 8)))))
    (if (i32.eq (local.get $c) (i32.const 115)) ;; s
      (then (drop (call $deep (i32.const 0)))))
    (call $say (i32.const 64) (i32.const 6))))
