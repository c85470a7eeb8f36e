;; The shape of bench/kernels/stencil.c as clang-19 -O2 emits it for
;; wasm32, with both loops in one function as after inlining: an init loop
;; unrolled by two writes two roots at two offsets each (they get access
;; streams, cg_streams.c), then a five-point sweep writes one root at one
;; offset and reads another at five.  streams_ir.py checks that the sweep
;; keeps the base: with a view per root the vectorizer counts each view
;; as a register and interleaves the sweep once instead of twice.
(module
  (memory 1)
  (func (export "run") (param $dst i32) (param $src i32)
    (local $i i32) (local $p i32) (local $q i32) (local $d i32) (local $y i32) (local $x i32) (local $s i32)
    ;; init: src[i] = dst[i] = i, unrolled by two (two offsets of written roots)
    (loop $init
      (f32.store (local.tee $p (i32.add (local.get $src) (local.get $i)))
                 (f32.convert_i32_u (local.get $i)))
      (f32.store (local.tee $q (i32.add (local.get $dst) (local.get $i)))
                 (f32.convert_i32_u (local.get $i)))
      (f32.store (i32.add (local.get $p) (i32.const 4)) (f32.convert_i32_u (local.get $i)))
      (f32.store (i32.add (local.get $q) (i32.const 4)) (f32.convert_i32_u (local.get $i)))
      (br_if $init (i32.ne (local.tee $i (i32.add (local.get $i) (i32.const 8))) (i32.const 16384))))
    ;; sweep: rows of 64 floats, 14 rows
    (local.set $d (i32.add (local.get $dst) (i32.const 260)))
    (local.set $y (i32.const 1))
    (loop $rows
      (local.set $x (i32.const -248))
      (loop $cols
        (f32.store (i32.add (i32.add (local.get $d) (local.get $x)) (i32.const 248))
          (f32.mul
            (f32.add (f32.add (f32.add (f32.add
              (f32.load (i32.add (local.tee $s (i32.add (local.get $src) (local.get $x))) (i32.const 508)))
              (f32.load (i32.add (local.get $s) (i32.const 504))))
              (f32.load (i32.add (local.get $s) (i32.const 512))))
              (f32.load (i32.add (local.get $s) (i32.const 252))))
              (f32.load (i32.add (local.get $s) (i32.const 764))))
            (f32.const 0.2)))
        (br_if $cols (local.tee $x (i32.add (local.get $x) (i32.const 4)))))
      (local.set $d (i32.add (local.get $d) (i32.const 256)))
      (local.set $src (i32.add (local.get $src) (i32.const 256)))
      (br_if $rows (i32.ne (local.tee $y (i32.add (local.get $y) (i32.const 1))) (i32.const 15)))))
)
