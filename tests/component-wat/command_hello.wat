;; A WASI 0.2 command in the shape Rust's wasm32-wasip2 target emits for
;; `fn main() { println!(...) }` (std without the preview1 adapter): it
;; imports wasi:io/error, wasi:io/streams and wasi:cli/stdout@0.2.3,
;; exports wasi:cli/run@0.2.3, gets the stdout stream handle, writes with
;; blocking-write-and-flush (a list<u8> lowered from its memory, the
;; result<_, stream-error> through a return area), drops the handle and
;; returns ok.  Run with `kiln run` (run: lines of the golden).
(component
  (import "wasi:io/error@0.2.3" (instance $error-inst (export "error" (type (sub resource)))))
  (alias export $error-inst "error" (type $error))
  (import "wasi:io/streams@0.2.3" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $e' (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $e')) (case "closed")))
    (export "stream-error" (type $se' (eq $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se')))))))
  (alias export $streams "output-stream" (type $output-stream))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))
  (import "wasi:cli/stdout@0.2.3" (instance $stdout
    (alias outer 1 $output-stream (type $os))
    (export "output-stream" (type $os' (eq $os)))
    (export "get-stdout" (func (result (own $os'))))))
  (alias export $stdout "get-stdout" (func $get-stdout))

  (core module $libc (memory (export "memory") 1))
  (core instance $libc (instantiate $libc))
  (alias core export $libc "memory" (core memory $mem))
  (core func $get-stdout' (canon lower (func $get-stdout)))
  (core func $write' (canon lower (func $write) (memory $mem)))
  (core func $drop-os (canon resource.drop $output-stream))
  (core module $main
    (import "libc" "memory" (memory 1))
    (import "wasi:cli/stdout@0.2.3" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi:io/streams@0.2.3" "[method]output-stream.blocking-write-and-flush"
      (func $write (param i32 i32 i32 i32)))
    (import "wasi:io/streams@0.2.3" "[resource-drop]output-stream" (func $drop (param i32)))
    (data (i32.const 256) "hello from a component\n")
    (data (i32.const 288) "second line, written through the same handle \e2\9c\93\n")
    (func (export "wasi:cli/run@0.2.3#run") (result i32) (local $out i32)
      call $get-stdout local.set $out
      local.get $out i32.const 256 i32.const 23 i32.const 64 call $write
      ;; a failed write makes run return err (exit status 1)
      i32.const 64 i32.load8_u if i32.const 1 return end
      local.get $out i32.const 288 i32.const 49 i32.const 64 call $write
      local.get $out call $drop
      i32.const 64 i32.load8_u)
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "wasi:cli/stdout@0.2.3" (instance (export "get-stdout" (func $get-stdout'))))
    (with "wasi:io/streams@0.2.3" (instance
      (export "[method]output-stream.blocking-write-and-flush" (func $write'))
      (export "[resource-drop]output-stream" (func $drop-os))))))
  (func $run (result (result)) (canon lift (core func $main "wasi:cli/run@0.2.3#run")))
  (instance $run-inst (export "run" (func $run)))
  (export "wasi:cli/run@0.2.3" (instance $run-inst))
)
