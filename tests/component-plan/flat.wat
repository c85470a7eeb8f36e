;; A flat WASI command: wasi:cli/run exported, stdout written through
;; host functions lowered with the memory and realloc of a separate
;; memory module, a host resource dropped, and imports at several 0.2.x
;; versions binding to the one runtime (stdout's output-stream is the
;; one of wasi:io/streams, named through `eq`).
(component $flat
  (import "wasi:io/error@0.2.0" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $error-r))
  (import "wasi:io/streams@0.2.3" (instance $streams
    (alias outer $flat $error-r (type $e))
    (export "error" (type $err (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $err)) (case "closed")))
    (export "stream-error" (type $sev (eq $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8))
            (result (result (error $sev)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (alias outer $flat $output-stream (type $o))
    (export "output-stream" (type $os (eq $o)))
    (export "get-stdout" (func (result (own $os))))))
  (import "wasi:cli/environment@0.2.1" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (core module $mem
    (memory (export "memory") 1)
    (global $top (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      global.get $top))
  (core instance $mem (instantiate $mem))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $write (canon lower
    (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory (core memory $mem "memory"))))
  (core func $drop (canon resource.drop $output-stream))
  (core func $args (canon lower (func $env "get-arguments")
    (memory (core memory $mem "memory")) (realloc (core func $mem "realloc"))
    string-encoding=utf8))
  (core module $main
    (import "host" "memory" (memory 1))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (import "host" "drop" (func $drop (param i32)))
    (import "host" "args" (func $args (param i32)))
    (data (i32.const 16) "hello\n")
    (func (export "run") (result i32)
      (local $s i32)
      call $get-stdout
      local.set $s
      local.get $s i32.const 16 i32.const 6 i32.const 32 call $write
      local.get $s call $drop
      i32.const 48 call $args
      i32.const 0))
  (core instance $main (instantiate $main (with "host" (instance
    (export "memory" (memory $mem "memory"))
    (export "get-stdout" (func $get-stdout))
    (export "write" (func $write))
    (export "drop" (func $drop))
    (export "args" (func $args))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-inst (export "run" (func $run)))
  (export "wasi:cli/run@0.2.3" (instance $run-inst))
)
