;; wit-component's shape for a lowered import that needs the memory of
;; the module importing it: a shim module exports trampolines that call
;; through its funcref table, the main module is instantiated against the
;; shim, the host functions are lowered with the main module's memory,
;; and a fixup module's element segment fills the shim's table with them.
;; The main module's imports are items of the shim; the fixup's imports
;; are the lowered host functions and the shim's table.
(component $shim-fixup
  (import "wasi:io/error@0.2.3" (instance $error
    (export "error" (type (sub resource)))))
  (alias export $error "error" (type $error-r))
  (import "wasi:io/streams@0.2.3" (instance $streams
    (alias outer $shim-fixup $error-r (type $e))
    (export "error" (type $err (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $err)) (case "closed")))
    (export "stream-error" (type $sev (eq $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8))
            (result (result (error $sev)))))))
  (alias export $streams "output-stream" (type $output-stream))
  (import "wasi:cli/stdout@0.2.3" (instance $stdout
    (alias outer $shim-fixup $output-stream (type $o))
    (export "output-stream" (type $os (eq $o)))
    (export "get-stdout" (func (result (own $os))))))
  (core module $shim
    (type $write (func (param i32 i32 i32 i32)))
    (table (export "$imports") 1 1 funcref)
    (func (export "0") (type $write)
      local.get 0 local.get 1 local.get 2 local.get 3
      i32.const 0 call_indirect (type $write)))
  (core instance $shim (instantiate $shim))
  (core func $get-stdout (canon lower (func $stdout "get-stdout")))
  (core func $drop (canon resource.drop $output-stream))
  (core module $main
    (import "wasi:cli/stdout@0.2.3" "get-stdout" (func $get-stdout (result i32)))
    (import "wasi:io/streams@0.2.3" "[method]output-stream.blocking-write-and-flush"
      (func $write (param i32 i32 i32 i32)))
    (import "wasi:io/streams@0.2.3" "[resource-drop]output-stream" (func $drop (param i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "hello\n")
    (func (export "wasi:cli/run@0.2.3#run") (result i32)
      (local $s i32)
      call $get-stdout
      local.set $s
      local.get $s i32.const 16 i32.const 6 i32.const 32 call $write
      local.get $s call $drop
      i32.const 0))
  (core instance $main (instantiate $main
    (with "wasi:cli/stdout@0.2.3" (instance (export "get-stdout" (func $get-stdout))))
    (with "wasi:io/streams@0.2.3" (instance
      (export "[method]output-stream.blocking-write-and-flush" (func $shim "0"))
      (export "[resource-drop]output-stream" (func $drop))))))
  (core func $write-lowered (canon lower
    (func $streams "[method]output-stream.blocking-write-and-flush")
    (memory (core memory $main "memory"))))
  (core module $fixup
    (type $write (func (param i32 i32 i32 i32)))
    (import "" "0" (func (type $write)))
    (import "" "$imports" (table 1 1 funcref))
    (elem (i32.const 0) func 0))
  (core instance $fixup (instantiate $fixup (with "" (instance
    (export "0" (func $write-lowered))
    (export "$imports" (table $shim "$imports"))))))
  (func $run (result (result)) (canon lift (core func $main "wasi:cli/run@0.2.3#run")))
  (instance $run-i (export "run" (func $run)))
  (export "wasi:cli/run@0.2.3" (instance $run-i))
)
