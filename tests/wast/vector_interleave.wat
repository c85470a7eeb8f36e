;; vector_ir.py: kiln -O2 must vectorize this loop and interleave it twice
;; (cg_main.c, -small-loop-cost): two <4 x float> stores per iteration.
(module
  (memory 1)
  ;; one stencil row as clang emits it: dst[x] = 0.2 * (five neighbours)
  (func (export "row") (param $d i32) (param $s i32) (local $x i32) (local $p i32)
    (loop $l
      (local.set $p (i32.add (local.get $s) (local.get $x)))
      (f32.store (i32.add (local.get $d) (local.get $x))
        (f32.mul (f32.const 0.2)
          (f32.add
            (f32.add
              (f32.add (f32.load offset=4100 (local.get $p))
                       (f32.load offset=4096 (local.get $p)))
              (f32.add (f32.load offset=4104 (local.get $p))
                       (f32.load offset=4 (local.get $p))))
            (f32.load offset=8196 (local.get $p)))))
      (br_if $l (i32.ne (local.tee $x (i32.add (local.get $x) (i32.const 4)))
                        (i32.const 4088)))))
)
