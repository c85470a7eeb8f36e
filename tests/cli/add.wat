(module
  (func (export "add") (param i32 i64) (result i64)
    (i64.add (i64.extend_i32_s (local.get 0)) (local.get 1)))
  (func (export "pair") (param f64) (result f64 i32)
    (f64.mul (local.get 0) (f64.const 0.5)) (i32.const -1))
  (func (export "oob") (result i32) (i32.load (i32.const 70000)))
  (memory (export "memory") 1))
