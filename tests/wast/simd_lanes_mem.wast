;; Lane movement and memory: swizzle with out-of-range indices (0 lanes,
;; including indices with the top bit set), q15mulr saturation, narrow
;; saturation, bitmask/all_true, and SIMD loads whose value is dropped,
;; which must still trap when out of bounds.
(module
  (memory 1)
  (func (export "swizzle") (param v128 v128) (result v128) (i8x16.swizzle (local.get 0) (local.get 1)))
  (func (export "q15") (param v128 v128) (result v128) (i16x8.q15mulr_sat_s (local.get 0) (local.get 1)))
  (func (export "narrow_s") (param v128 v128) (result v128) (i8x16.narrow_i16x8_s (local.get 0) (local.get 1)))
  (func (export "narrow_u") (param v128 v128) (result v128) (i16x8.narrow_i32x4_u (local.get 0) (local.get 1)))
  (func (export "bitmask8") (param v128) (result i32) (i8x16.bitmask (local.get 0)))
  (func (export "bitmask64") (param v128) (result i32) (i64x2.bitmask (local.get 0)))
  (func (export "all_true16") (param v128) (result i32) (i16x8.all_true (local.get 0)))
  (func (export "shl8") (param v128 i32) (result v128) (i8x16.shl (local.get 0) (local.get 1)))
  (func (export "shr64_s") (param v128 i32) (result v128) (i64x2.shr_s (local.get 0) (local.get 1)))
  (func (export "drop_load") (param i32) (drop (v128.load (local.get 0))))
  (func (export "drop_load8x8") (param i32) (drop (v128.load8x8_s (local.get 0))))
  (func (export "drop_splat") (param i32) (drop (v128.load32_splat (local.get 0))))
  (func (export "drop_zero") (param i32) (drop (v128.load64_zero (local.get 0))))
  (func (export "drop_lane") (param i32) (drop (v128.load16_lane 1 (local.get 0) (v128.const i64x2 0 0))))
  (func (export "store_lane") (param i32 v128) (v128.store32_lane 3 (local.get 0) (local.get 1)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
)

(assert_return (invoke "swizzle"
    (v128.const i8x16 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15)
    (v128.const i8x16 15 16 0x7f 0x80 0xff 0x8f 0x10 1 0 14 17 0x70 31 32 0xf0 3))
  (v128.const i8x16 15 0 0 0 0 0 0 1 0 14 0 0 0 0 0 3))
(assert_return (invoke "q15"
    (v128.const i16x8 -32768 -32768 32767 -32768 16384 -16384 1 -1)
    (v128.const i16x8 -32768 32767 32767 1 16384 16384 16384 16384))
  (v128.const i16x8 32767 -32767 32766 -1 8192 -8192 1 0))
(assert_return (invoke "narrow_s"
    (v128.const i16x8 128 -129 127 -128 0x7fff 0x8000 1 -1)
    (v128.const i16x8 300 -300 5 -5 0 0 0 0))
  (v128.const i8x16 127 -128 127 -128 127 -128 1 -1 127 -128 5 -5 0 0 0 0))
(assert_return (invoke "narrow_u"
    (v128.const i32x4 65536 -1 65535 0x80000000)
    (v128.const i32x4 0x7fffffff 32768 1 0))
  (v128.const i16x8 0xffff 0 0xffff 0 0xffff 0x8000 1 0))
(assert_return (invoke "bitmask8" (v128.const i8x16 -1 0 -128 127 0 0 0 0 0 0 0 0 0 0 0 -1)) (i32.const 0x8005))
(assert_return (invoke "bitmask64" (v128.const i64x2 1 -1)) (i32.const 2))
(assert_return (invoke "all_true16" (v128.const i16x8 1 2 3 4 5 6 7 0x100)) (i32.const 1))
(assert_return (invoke "all_true16" (v128.const i16x8 1 2 3 4 5 6 7 0)) (i32.const 0))
(assert_return (invoke "shl8" (v128.const i8x16 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 0x81) (i32.const 9))
  (v128.const i8x16 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2 2))
(assert_return (invoke "shr64_s" (v128.const i64x2 -8 8) (i32.const 65))
  (v128.const i64x2 -4 4))

(assert_return (invoke "drop_load" (i32.const 65520)))
(assert_trap (invoke "drop_load" (i32.const 65521)) "out of bounds memory access")
(assert_return (invoke "drop_load8x8" (i32.const 65528)))
(assert_trap (invoke "drop_load8x8" (i32.const 65529)) "out of bounds memory access")
(assert_trap (invoke "drop_splat" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "drop_zero" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "drop_lane" (i32.const 65535)) "out of bounds memory access")
(assert_return (invoke "store_lane" (i32.const 65532) (v128.const i32x4 1 2 3 0x11223344)))
(assert_return (invoke "load32" (i32.const 65532)) (i32.const 0x11223344))
(assert_trap (invoke "store_lane" (i32.const 65533) (v128.const i32x4 1 2 3 4)) "out of bounds memory access")
