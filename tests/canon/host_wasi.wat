;; canon lower of runtime host functions (compiler/codegen/canon_host.c),
;; in the shape wit-component gives a command (tests/canon/host_wasi.golden):
;; list<string> and list<u8> results allocated through the guest's
;; realloc, list<u8> arguments as views, string arguments in utf8 and utf16
;; (one function lowered twice), enum arguments, variant arguments passed
;; by pointer, return pointers, and the
;; checks of lifting that trap before the host is called.
(component
  (import "wasi:io/error@0.2.0" (instance $err (export "error" (type (sub resource)))))
  (alias export $err "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $os (sub resource)))
    (alias outer 1 $error (type $e))
    (export "error" (type $e2 (eq $e)))
    (type $se (variant (case "last-operation-failed" (own $e2)) (case "closed")))
    (export "stream-error" (type $se2 (eq $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se2)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.0" (instance $stdout
    (alias outer 1 $output-stream (type $os))
    (export "output-stream" (type $os2 (eq $os)))
    (export "get-stdout" (func (result (own $os2))))))
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (import "wasi:random/random@0.2.0" (instance $random
    (export "get-random-bytes" (func (param "len" u64) (result (list u8))))))
  (import "wasi:filesystem/types@0.2.0" (instance $fs
    (export "descriptor" (type $d (sub resource)))
    (type $ec (enum "access" "would-block" "already" "bad-descriptor" "busy" "deadlock" "quota" "exist" "file-too-large" "illegal-byte-sequence" "in-progress" "interrupted" "invalid" "io" "is-directory" "loop" "too-many-links" "message-size" "name-too-long" "no-device" "no-entry" "no-lock" "insufficient-memory" "insufficient-space" "not-directory" "not-empty" "not-recoverable" "unsupported" "no-tty" "no-such-device" "overflow" "not-permitted" "pipe" "read-only" "invalid-seek" "text-file-busy" "cross-device"))
    (export "error-code" (type $e (eq $ec)))
    (type $adv (enum "normal" "sequential" "random" "will-need" "dont-need" "no-reuse"))
    (export "advice" (type $a (eq $adv)))
    (export "[method]descriptor.create-directory-at"
      (func (param "self" (borrow $d)) (param "path" string) (result (result (error $e)))))
    (type $dt (record (field "seconds" u64) (field "nanoseconds" u32)))
    (export "datetime" (type $dt2 (eq $dt)))
    (type $nt (variant (case "no-change") (case "now") (case "timestamp" $dt2)))
    (export "new-timestamp" (type $nt2 (eq $nt)))
    (export "[method]descriptor.set-times"
      (func (param "self" (borrow $d)) (param "data-access-timestamp" $nt2)
            (param "data-modification-timestamp" $nt2) (result (result (error $e)))))
    (export "[method]descriptor.advise"
      (func (param "self" (borrow $d)) (param "offset" u64) (param "length" u64)
            (param "advice" $a) (result (result (error $e)))))))
  (core module $main
    (import "host" "get-arguments" (func $args (param i32)))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (import "host" "random-bytes" (func $rand (param i64 i32)))
    (import "host" "mkdir" (func $mkdir (param i32 i32 i32 i32)))
    (import "host" "mkdir16" (func $mkdir16 (param i32 i32 i32 i32)))
    (import "host" "advise" (func $advise (param i32 i64 i64 i32 i32)))
    (import "host" "set-times" (func $set-times (param i32 i32 i64 i32 i32 i64 i32 i32)))
    (import "mem" "memory" (memory 1))
    (global $out (mut i32) (i32.const -1))
    (data (i32.const 100) "hello\n")
    (data (i32.const 110) "\ff\fe")
    (data (i32.const 120) "a\00b\00")
    (data (i32.const 124) "\00\d8")
    (data (i32.const 130) "8 random bytes\n")
    (data (i32.const 150) "\n")
    (func $print (param i32 i32)
      global.get $out i32.const -1 i32.eq if call $get-stdout global.set $out end
      global.get $out local.get 0 local.get 1 i32.const 32 call $write
      i32.const 32 i32.load8_u if unreachable end)
    ;; run:  without arguments;  prints the arguments one a
    ;; line;  gets 8 random bytes
    (func (export "run") (result i32) (local $a i32) (local $n i32) (local $i i32)
      i32.const 16 call $args
      i32.const 16 i32.load local.set $a
      i32.const 20 i32.load local.set $n
      local.get $n i32.const 2 i32.lt_u if
        i32.const 100 i32.const 6 call $print i32.const 0 return end
      local.get $a i32.load offset=8 i32.load8_u i32.const 114 i32.eq if
        i64.const 8 i32.const 40 call $rand
        i32.const 44 i32.load i32.const 8 i32.ne if unreachable end
        i32.const 130 i32.const 15 call $print i32.const 0 return end
      i32.const 2 local.set $i
      block loop local.get $i local.get $n i32.ge_u br_if 1
        local.get $a local.get $i i32.const 3 i32.shl i32.add local.tee $a
        i32.load local.get $a i32.load offset=4 call $print
        i32.const 16 i32.load local.set $a
        i32.const 150 i32.const 1 call $print
        local.get $i i32.const 1 i32.add local.set $i br 0 end end
      i32.const 0)
    ;; probe(mode): one host call per mode, returning the result's
    ;; discriminant; the bad ones trap before the host runs
    (func (export "probe") (param $m i32) (result i32)
      local.get $m i32.const 104 i32.eq if ;; h: an empty write, result through the return pointer
        i32.const 100 i32.const 0 call $print i32.const 32 i32.load8_u return end
      local.get $m i32.const 111 i32.eq if ;; o: contents out of bounds
        call $get-stdout i32.const 0xfffffff0 i32.const 100 i32.const 32 call $write
        i32.const 1 return end
      local.get $m i32.const 97 i32.eq if ;; a: unaligned return pointer
        call $get-stdout i32.const 100 i32.const 6 i32.const 33 call $write
        i32.const 1 return end
      local.get $m i32.const 82 i32.eq if ;; R: return pointer out of bounds
        call $get-stdout i32.const 100 i32.const 6 i32.const 0xfffffffc call $write
        i32.const 1 return end
      local.get $m i32.const 117 i32.eq if ;; u: invalid UTF-8 path
        i32.const 999 i32.const 110 i32.const 2 i32.const 48 call $mkdir
        i32.const 1 return end
      local.get $m i32.const 85 i32.eq if ;; U: lone surrogate in a utf16 path
        i32.const 999 i32.const 124 i32.const 1 i32.const 48 call $mkdir16
        i32.const 1 return end
      local.get $m i32.const 119 i32.eq if ;; w: valid utf16 path, dead handle
        i32.const 999 i32.const 120 i32.const 2 i32.const 48 call $mkdir16
        i32.const 1 return end
      local.get $m i32.const 118 i32.eq if ;; v: advice 9 is no case
        i32.const 999 i64.const 0 i64.const 0 i32.const 9 i32.const 48 call $advise
        i32.const 1 return end
      local.get $m i32.const 100 i32.eq if ;; d: a valid advice, dead handle
        i32.const 999 i64.const 0 i64.const 0 i32.const 2 i32.const 48 call $advise
        i32.const 1 return end
      local.get $m i32.const 116 i32.eq if ;; t: new-timestamp case 3 is no case
        i32.const 999 i32.const 2 i64.const 1 i32.const 2 i32.const 3 i64.const 0 i32.const 0
        i32.const 48 call $set-times i32.const 1 return end
      local.get $m i32.const 84 i32.eq if ;; T: valid timestamps (a record in a
        ;; variant, passed by pointer), dead handle
        i32.const 999 i32.const 2 i64.const 1 i32.const 2 i32.const 0 i64.const 0 i32.const 0
        i32.const 48 call $set-times i32.const 1 return end
      local.get $m i32.const 114 i32.eq if ;; r: 1000 random bytes
        i64.const 1000 i32.const 40 call $rand i32.const 44 i32.load return end
      i32.const 2))
  (core module $mem
    (memory (export "memory") 1)
    (global $bump (mut i32) (i32.const 4096))
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
      global.get $bump local.get 2 i32.add i32.const 1 i32.sub
      i32.const 0 local.get 2 i32.sub i32.and local.tee $p
      local.get 3 i32.add global.set $bump local.get $p))
  (core instance $mem (instantiate $mem))
  (alias core export $mem "memory" (core memory $memory))
  (alias core export $mem "cabi_realloc" (core func $realloc))
  (core func $get-arguments (canon lower (func $env "get-arguments")
    (memory $memory) (realloc $realloc)))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory $memory)))
  (core func $random-bytes (canon lower (func $random "get-random-bytes")
    (memory $memory) (realloc $realloc)))
  (core func $mkdir (canon lower (func $fs "[method]descriptor.create-directory-at")
    (memory $memory)))
  (core func $mkdir16 (canon lower (func $fs "[method]descriptor.create-directory-at")
    (memory $memory) string-encoding=utf16))
  (core func $advise (canon lower (func $fs "[method]descriptor.advise") (memory $memory)))
  (core func $set-times (canon lower (func $fs "[method]descriptor.set-times") (memory $memory)))
  (core instance $main (instantiate $main
    (with "mem" (instance (export "memory" (memory $memory))))
    (with "host" (instance
      (export "get-arguments" (func $get-arguments)) (export "get-stdout" (func $get-stdout))
      (export "write" (func $write)) (export "random-bytes" (func $random-bytes))
      (export "mkdir" (func $mkdir)) (export "mkdir16" (func $mkdir16))
      (export "advise" (func $advise)) (export "set-times" (func $set-times))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-i (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $run-i))
  (func (export "probe") (param "mode" char) (result u32)
    (canon lift (core func $main "probe")))
)
