;; A WASI 0.2.12 command that calls the runtime's WASI 0.2 host through
;; compiled canon lowers and prints one line per check: stdout's
;; check-write budget and a write within it, poll over two monotonic-clock
;; pollables (the near one is reported, at position 1), random bytes,
;; insecure-seed twice the same, wall-clock time and stdin at end of
;; input (closed).  Last, a blocking-write-and-flush of 5000 bytes, over
;; the 4096 streams.wit allows: a trap (status 134).
(component
  (import "wasi:io/error@0.2.12" (instance $error-inst (export "error" (type (sub resource)))))
  (alias export $error-inst "error" (type $error))
  (import "wasi:io/poll@0.2.12" (instance $poll
    (export "pollable" (type $p (sub resource)))
    (export "poll" (func (param "in" (list (borrow $p))) (result (list u32))))))
  (alias export $poll "pollable" (type $pollable))
  (alias export $poll "poll" (func $poll))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $e' (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (export "input-stream" (type $is (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $e')) (case "closed")))
    (export "stream-error" (type $se' (eq $se)))
    (export "[method]output-stream.check-write"
      (func (param "self" (borrow $os)) (result (result u64 (error $se')))))
    (export "[method]output-stream.write"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se')))))
    (export "[method]output-stream.blocking-flush"
      (func (param "self" (borrow $os)) (result (result (error $se')))))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se')))))
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $is)) (param "len" u64) (result (result (list u8) (error $se')))))))
  (alias export $streams "output-stream" (type $output-stream))
  (alias export $streams "input-stream" (type $input-stream))
  (alias export $streams "[method]output-stream.check-write" (func $check-write))
  (alias export $streams "[method]output-stream.write" (func $write))
  (alias export $streams "[method]output-stream.blocking-flush" (func $flush))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $bwf))
  (alias export $streams "[method]input-stream.blocking-read" (func $read))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (alias outer 1 $output-stream (type $os))
    (export "output-stream" (type $os' (eq $os)))
    (export "get-stdout" (func (result (own $os'))))))
  (alias export $stdout "get-stdout" (func $get-stdout))
  (import "wasi:cli/stdin@0.2.12" (instance $stdin
    (alias outer 1 $input-stream (type $is))
    (export "input-stream" (type $is' (eq $is)))
    (export "get-stdin" (func (result (own $is'))))))
  (alias export $stdin "get-stdin" (func $get-stdin))
  (import "wasi:clocks/monotonic-clock@0.2.12" (instance $mono
    (alias outer 1 $pollable (type $p))
    (export "pollable" (type $p' (eq $p)))
    (export "subscribe-duration" (func (param "when" u64) (result (own $p'))))))
  (alias export $mono "subscribe-duration" (func $after))
  (import "wasi:clocks/wall-clock@0.2.12" (instance $wall
    (type $dt (record (field "seconds" u64) (field "nanoseconds" u32)))
    (export "datetime" (type $dt' (eq $dt)))
    (export "now" (func (result $dt')))))
  (alias export $wall "now" (func $wall-now))
  (import "wasi:random/random@0.2.12" (instance $random
    (export "get-random-bytes" (func (param "len" u64) (result (list u8))))))
  (alias export $random "get-random-bytes" (func $random-bytes))
  (import "wasi:random/insecure-seed@0.2.12" (instance $seed
    (export "insecure-seed" (func (result (tuple u64 u64))))))
  (alias export $seed "insecure-seed" (func $insecure-seed))
  (core module $libc
    (memory (export "memory") 1)
    (global $bump (mut i32) (i32.const 8192))
    (func $realloc (export "cabi_realloc") (param $old i32) (param $oldsz i32)
      (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      global.get $bump local.get $align i32.add i32.const 1 i32.sub
      i32.const 0 local.get $align i32.sub i32.and local.tee $p
      local.get $size i32.add global.set $bump
      local.get $p))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "memory" (core memory $mem))
  (alias core export $libc "cabi_realloc" (core func $realloc))
  (core func $get-stdout' (canon lower (func $get-stdout)))
  (core func $get-stdin' (canon lower (func $get-stdin)))
  (core func $check-write' (canon lower (func $check-write) (memory $mem)))
  (core func $write' (canon lower (func $write) (memory $mem)))
  (core func $flush' (canon lower (func $flush) (memory $mem)))
  (core func $bwf' (canon lower (func $bwf) (memory $mem)))
  (core func $read' (canon lower (func $read) (memory $mem) (realloc $realloc)))
  (core func $poll' (canon lower (func $poll) (memory $mem) (realloc $realloc)))
  (core func $after' (canon lower (func $after)))
  (core func $wall-now' (canon lower (func $wall-now) (memory $mem)))
  (core func $random-bytes' (canon lower (func $random-bytes) (memory $mem) (realloc $realloc)))
  (core func $insecure-seed' (canon lower (func $insecure-seed) (memory $mem)))
  (core module $main
    (import "libc" "memory" (memory 1))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "get-stdin" (func $get-stdin (result i32)))
    (import "host" "check-write" (func $check-write (param i32 i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (import "host" "flush" (func $flush (param i32 i32)))
    (import "host" "bwf" (func $bwf (param i32 i32 i32 i32)))
    (import "host" "read" (func $read (param i32 i64 i32)))
    (import "host" "poll" (func $poll (param i32 i32 i32)))
    (import "host" "after" (func $after (param i64) (result i32)))
    (import "host" "wall-now" (func $wall-now (param i32)))
    (import "host" "random-bytes" (func $random-bytes (param i64 i32)))
    (import "host" "insecure-seed" (func $insecure-seed (param i32)))
    (data (i32.const 512) "check-write ok\n")
    (data (i32.const 528) "write ok\n")
    (data (i32.const 544) "poll ok\n")
    (data (i32.const 560) "random ok\n")
    (data (i32.const 576) "seed ok\n")
    (data (i32.const 592) "clock ok\n")
    (data (i32.const 608) "stdin closed\n")
    (data (i32.const 624) "FAIL\n")
    (global $out (mut i32) (i32.const 0))
    ;; prints the label at (p, n) when ok, else FAIL
    (func $check (param $ok i32) (param $p i32) (param $n i32)
      local.get $ok i32.eqz if i32.const 624 local.set $p i32.const 5 local.set $n end
      global.get $out local.get $p local.get $n i32.const 64 call $bwf)
    (func (export "run") (result i32) (local $near i32) (local $far i32) (local $s0 i64) (local $s1 i64)
      call $get-stdout global.set $out
      ;; check-write: ok(n), n >= 4096
      global.get $out i32.const 64 call $check-write
      i32.const 64 i32.load8_u i32.eqz
      i32.const 72 i64.load i64.const 4096 i64.ge_u i32.and
      i32.const 512 i32.const 15 call $check
      ;; write within the budget, then blocking-flush
      global.get $out i32.const 528 i32.const 9 i32.const 64 call $write
      i32.const 64 i32.load8_u i32.eqz if
        global.get $out i32.const 64 call $flush
      else i32.const 0 i32.const 0 i32.const 0 call $check end
      ;; poll [far, near]: only position 1
      i64.const 60000000000 call $after local.set $far
      i64.const 1000000 call $after local.set $near
      i32.const 128 local.get $far i32.store
      i32.const 132 local.get $near i32.store
      i32.const 128 i32.const 2 i32.const 64 call $poll
      i32.const 68 i32.load i32.const 1 i32.eq
      i32.const 64 i32.load i32.load i32.const 1 i32.eq i32.and
      i32.const 544 i32.const 8 call $check
      ;; 16 random bytes
      i64.const 16 i32.const 64 call $random-bytes
      i32.const 68 i32.load i32.const 16 i32.eq
      i32.const 560 i32.const 10 call $check
      ;; insecure-seed: the same twice
      i32.const 64 call $insecure-seed
      i32.const 64 i64.load local.set $s0 i32.const 72 i64.load local.set $s1
      i32.const 64 call $insecure-seed
      i32.const 64 i64.load local.get $s0 i64.eq
      i32.const 72 i64.load local.get $s1 i64.eq i32.and
      i32.const 576 i32.const 8 call $check
      ;; wall clock after 2020
      i32.const 64 call $wall-now
      i32.const 64 i64.load i64.const 1600000000 i64.gt_u
      i32.const 72 i32.load i32.const 1000000000 i32.lt_u i32.and
      i32.const 592 i32.const 9 call $check
      ;; stdin is /dev/null: err(closed)
      call $get-stdin i64.const 10 i32.const 64 call $read
      i32.const 64 i32.load8_u i32.const 1 i32.eq
      i32.const 68 i32.load8_u i32.const 1 i32.eq i32.and
      i32.const 608 i32.const 13 call $check
      ;; 5000 bytes to blocking-write-and-flush: trap
      global.get $out i32.const 0 i32.const 5000 i32.const 64 call $bwf
      i32.const 0)
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "host" (instance
      (export "get-stdout" (func $get-stdout')) (export "get-stdin" (func $get-stdin'))
      (export "check-write" (func $check-write')) (export "write" (func $write'))
      (export "flush" (func $flush')) (export "bwf" (func $bwf'))
      (export "read" (func $read')) (export "poll" (func $poll'))
      (export "after" (func $after')) (export "wall-now" (func $wall-now'))
      (export "random-bytes" (func $random-bytes')) (export "insecure-seed" (func $insecure-seed'))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-inst (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-inst))
)
