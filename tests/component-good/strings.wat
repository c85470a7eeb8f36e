;; Strings in all three encodings, lifted and lowered, with memory,
;; realloc and post-return options.
(component
  (import "log" (func $log (param "msg" string)))
  (import "get" (func $get (result string)))
  (core module $libc
    (memory (export "mem") 1)
    (func (export "realloc") (param i32 i32 i32 i32) (result i32) i32.const 16)
  )
  (core instance $libc (instantiate $libc))
  (core func $log8 (canon lower (func $log) (memory (core memory $libc "mem")) string-encoding=utf8))
  (core func $log16 (canon lower (func $log) (memory (core memory $libc "mem")) string-encoding=utf16))
  (core func $logl (canon lower (func $log) (memory (core memory $libc "mem")) string-encoding=latin1+utf16))
  (core func $get8 (canon lower (func $get) (memory (core memory $libc "mem")) (realloc (core func $libc "realloc"))))
  (core module $m
    (import "host" "log8" (func (param i32 i32)))
    (import "host" "log16" (func (param i32 i32)))
    (import "host" "logl" (func (param i32 i32)))
    (import "host" "get" (func (param i32)))
    (func (export "echo") (param i32 i32) (result i32) i32.const 0)
    (func (export "post") (param i32))
  )
  (core instance $m (instantiate $m
    (with "host" (instance
      (export "log8" (func $log8))
      (export "log16" (func $log16))
      (export "logl" (func $logl))
      (export "get" (func $get8))))))
  (func (export "echo") (param "s" string) (result string)
    (canon lift (core func $m "echo") (memory (core memory $libc "mem"))
      (realloc (core func $libc "realloc")) (post-return (core func $m "post"))))
  (func (export "echo16") (param "s" string) (result string)
    (canon lift (core func $m "echo") (memory (core memory $libc "mem")) string-encoding=utf16
      (realloc (core func $libc "realloc"))))
  (func (export "echo-latin1") (param "s" string) (result string)
    (canon lift (core func $m "echo") (memory (core memory $libc "mem"))
      string-encoding=latin1+utf16 (realloc (core func $libc "realloc"))))
)
