;; Unbounded recursion with no linear-memory stack: only the native stack
;; grows, and the prologue stack-limit checks of a bare-metal build trap
;; ("call stack exhausted") before it leaves its RAM region.
(module
  (func $deep (param i32) (result i32)
    local.get 0
    i32.const 1
    i32.add
    call $deep
    i32.const 1
    i32.add)
  (func (export "_start")
    i32.const 0
    call $deep
    drop))
