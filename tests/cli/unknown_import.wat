(module
  (import "env" "host_sum" (func $sum (param i32 i32) (result i32)))
  (func (export "_start") (drop (call $sum (i32.const 1) (i32.const 2)))))
