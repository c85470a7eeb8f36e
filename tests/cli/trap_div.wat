(module
  (func $divide (export "divide") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func $outer (param i32) (result i32) (call $divide (local.get 0) (i32.const 0)))
  (memory (export "memory") 1)
  (func (export "_start") (drop (call $outer (i32.const 7)))))
