;; A WASI 0.2.12 command that reads its arguments (wasi:cli/environment
;; get-arguments: a list<string> the host lowers into guest memory through
;; the guest's cabi_realloc), echoes each on its own line, then ends as
;; the first argument asks: "code" calls wasi:cli/exit.exit-with-code(42)
;; (stable since 0.2.12), "fail" calls exit(err) (status 1), "ok" calls
;; exit(ok), anything else makes run return err (status 1) and no argument
;; returns ok.  Output written before exit must reach stdout.
(component
  (import "wasi:io/error@0.2.12" (instance $error-inst (export "error" (type (sub resource)))))
  (alias export $error-inst "error" (type $error))
  (import "wasi:io/streams@0.2.12" (instance $streams
    (alias outer 1 $error (type $e))
    (export "error" (type $e' (eq $e)))
    (export "output-stream" (type $os (sub resource)))
    (type $se (variant (case "last-operation-failed" (own $e')) (case "closed")))
    (export "stream-error" (type $se' (eq $se)))
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $os)) (param "contents" (list u8)) (result (result (error $se')))))))
  (alias export $streams "output-stream" (type $output-stream))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $write))
  (import "wasi:cli/stdout@0.2.12" (instance $stdout
    (alias outer 1 $output-stream (type $os))
    (export "output-stream" (type $os' (eq $os)))
    (export "get-stdout" (func (result (own $os'))))))
  (alias export $stdout "get-stdout" (func $get-stdout))

  (import "wasi:cli/environment@0.2.12" (instance $env
    (export "get-arguments" (func (result (list string))))))
  (alias export $env "get-arguments" (func $get-arguments))
  (import "wasi:cli/exit@0.2.12" (instance $exit
    (export "exit" (func (param "status" (result))))
    (export "exit-with-code" (func (param "status-code" u8)))))
  (alias export $exit "exit" (func $exit))
  (alias export $exit "exit-with-code" (func $exit-with-code))
  (core module $libc
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

  )
  (core instance $libc (instantiate $libc))
  (alias core export $libc "memory" (core memory $mem))
  (alias core export $libc "cabi_realloc" (core func $realloc))
  (core func $get-stdout' (canon lower (func $get-stdout)))
  (core func $write' (canon lower (func $write) (memory $mem)))
  (core func $args' (canon lower (func $get-arguments) (memory $mem) (realloc $realloc)))
  (core func $exit' (canon lower (func $exit)))
  (core func $exit-code' (canon lower (func $exit-with-code)))
  (core module $main
    (import "libc" "memory" (memory 1))
    (import "host" "get-stdout" (func $get-stdout (result i32)))
    (import "host" "write" (func $write (param i32 i32 i32 i32)))
    (import "host" "args" (func $args (param i32)))
    (import "host" "exit" (func $exit (param i32)))
    (import "host" "exit-with-code" (func $exit-code (param i32)))
    (data (i32.const 256) "\n")
    (func (export "run") (result i32) (local $out i32) (local $p i32) (local $n i32) (local $i i32)
      (local $e i32) (local $first i32)
      call $get-stdout local.set $out
      i32.const 96 call $args
      i32.const 96 i32.load local.set $p
      i32.const 100 i32.load local.set $n
      block loop local.get $i local.get $n i32.ge_u br_if 1
        local.get $p local.get $i i32.const 3 i32.shl i32.add local.set $e
        local.get $out local.get $e i32.load local.get $e i32.load offset=4 i32.const 64 call $write
        local.get $out i32.const 256 i32.const 1 i32.const 64 call $write
        local.get $i i32.const 1 i32.add local.set $i br 0 end end
      ;; argument 1 (after the program name) decides
      local.get $n i32.const 2 i32.lt_u if i32.const 0 return end
      local.get $p i32.load offset=8 i32.load8_u local.set $first
      local.get $first i32.const 99 i32.eq if i32.const 42 call $exit-code end   ;; 'c'
      local.get $first i32.const 102 i32.eq if i32.const 1 call $exit end        ;; 'f'
      local.get $first i32.const 111 i32.eq if i32.const 0 call $exit end        ;; 'o'
      i32.const 1)
  )
  (core instance $main (instantiate $main
    (with "libc" (instance $libc))
    (with "host" (instance (export "get-stdout" (func $get-stdout')) (export "write" (func $write'))
      (export "args" (func $args')) (export "exit" (func $exit')) (export "exit-with-code" (func $exit-code'))))))
  (func $run (result (result)) (canon lift (core func $main "run")))
  (instance $run-inst (export "run" (func $run)))
  (export "wasi:cli/run@0.2.12" (instance $run-inst))
)
