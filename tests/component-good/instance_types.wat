;; WASI-shaped imports: instance types declaring resources, records using
;; them, [method]/[static]/[constructor] functions; types aliased out of
;; the imported instance and used in lowered functions.
(component
  (type $io-error (instance
    (export "error" (type (sub resource)))))
  (import "wasi:io/error@0.2.0" (instance $err (type $io-error)))
  (alias export $err "error" (type $error))
  (import "wasi:io/streams@0.2.0" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $err-t (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $stream-error (variant (case "last-operation-failed" (own $err-t)) (case "closed")))
    (export "stream-error" (type $se (eq $stream-error)))
    (type $write-result (result (error $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result $write-result)))
    (export "[static]output-stream.open" (func (result (own $os))))
    (export "[constructor]output-stream" (func (param "fd" u32) (result (own $os))))
  ))
  (alias export $streams "output-stream" (type $output-stream))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))
  (core module $mem (memory (export "m") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 8))
  (core instance $mem (instantiate $mem))
  (core func $write-lowered (canon lower (func $write)
    (memory (core memory $mem "m")) (realloc (core func $mem "realloc"))))
  (core func $drop-stream (canon resource.drop $output-stream))
  (core func $drop-error (canon resource.drop $error))
  (core module $m
    (import "s" "write" (func (param i32 i32 i32 i32)))
    (import "s" "drop" (func (param i32)))
    (import "s" "drop-error" (func (param i32))))
  (core instance (instantiate $m (with "s" (instance
    (export "write" (func $write-lowered))
    (export "drop" (func $drop-stream))
    (export "drop-error" (func $drop-error))))))
)
